// CodeLens on .http files: "Simulate requests" above each request line, running the file through
// the gateway simulator (the Simulate Requests command).

import * as vscode from 'vscode';
import { parseHttpFile } from '../gateway/httpFile';
import { CommandIds } from './commands';

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
        return requests.map((r) => new vscode.CodeLens(new vscode.Range(r.line - 1, 0, r.line - 1, 0), { title: '▷ Simulate requests', tooltip: `Run every request of this file through the APIM gateway simulator (this one: ${r.method} ${r.url})`, command: CommandIds.simulateRequests, arguments: [document.uri] }));
      },
    },
  );
}
