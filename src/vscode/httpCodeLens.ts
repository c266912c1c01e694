// CodeLens on .http files: "Simulate request" above each request line, running that request
// through the gateway simulator, and "Trace live" sending it through a live gateway with a debug token, and "Simulate all N requests" at the top for the whole file (the
// Simulate Requests command); and on policy files of an APIOps folder, "Simulate a request" above
// <policies> (the Simulate a Request command).

import * as vscode from 'vscode';
import { parseHttpFile } from '../gateway/httpFile';
import { CommandIds } from './commands';
import { POLICY_LANGUAGE_ID } from '../policy/policyLanguage';

export function registerHttpCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    { pattern: '**/*.http' },
    {
      provideCodeLenses(document) {
        let requests;
        try {
          requests = parseHttpFile(document.getText());
        } catch {
          return []; // a file being written: the command reports the problem with its line
        }
        const lenses = requests.flatMap((r, i) => {
          const range = new vscode.Range(r.line - 1, 0, r.line - 1, 0);
          return [
            new vscode.CodeLens(range, { title: '▷ Simulate request', tooltip: `Run ${r.method} ${r.url} through the APIM gateway simulator`, command: CommandIds.simulateRequests, arguments: [document.uri, { only: i }] }),
            new vscode.CodeLens(range, { title: '◉ Trace live', tooltip: `Send ${r.method} ${r.url} through a live APIM gateway with a debug token and show its trace`, command: CommandIds.traceRequest, arguments: [document.uri, { only: i }] }),
            new vscode.CodeLens(range, { title: '⚙ Debug request', tooltip: `Debug ${r.method} ${r.url} in the gateway simulator: breakpoints in its policies, stepping, variables`, command: CommandIds.debugRequest, arguments: [document.uri, { requestNumber: i + 1 }] }),
          ];
        });
        // The whole file, in order (state such as rate limits carries from one request to the next).
        if (requests.length > 1) lenses.unshift(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: `▷ Simulate all ${requests.length} requests`, tooltip: 'Run every request of this file, in order, through the APIM gateway simulator', command: CommandIds.simulateRequests, arguments: [document.uri] }));
        return lenses;
      },
    },
  );
}

/** A policy file of an APIOps folder: under apis/, products/, policy fragments/ or workspaces/, or a policy.xml. */
const APIOPS_POLICY = /(^|[\\/])(apis|products|policy fragments|workspaces)[\\/]|(^|[\\/])policy\.xml$/;

export function registerPolicyCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    { language: POLICY_LANGUAGE_ID },
    {
      provideCodeLenses(document) {
        // Local files only: a live (apim:) policy has no APIOps folder to simulate against.
        if (document.uri.scheme !== 'file' || !APIOPS_POLICY.test(document.uri.fsPath)) return [];
        const match = /<(policies|fragment)\b/.exec(document.getText());
        const line = match ? document.positionAt(match.index).line : 0;
        return [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: '▷ Simulate a request', tooltip: 'Send a request to an operation this policy applies to through the APIM gateway simulator', command: CommandIds.simulatePolicy, arguments: [document.uri] })];
      },
    },
  );
}
