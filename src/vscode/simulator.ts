// "Simulate Requests": runs the requests of the .http file in the editor through the gateway
// simulator, against the APIOps folder it belongs to, and opens the report beside it.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import { HttpFileError } from '../gateway/httpFile';
import { simulateHttp } from '../gateway/simulateHttp';
import { simulationTargets } from '../gateway/simulationTargets';
import { formatSimulation, readPolicyText } from '../gateway/simulationReport';
import { traceViewRequests } from '../gateway/traceView';
import type { TraceViewRequest } from '../protocol/traceView';
import { showTrace } from './traceViewerPanel';
import type { SubscriptionConfig } from '../gateway/gatewayConfig';
import { apiopsRootOf, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { simulatorBackend, simulatorSubscriptions } from './config';
import type { ExplorerTreeProvider } from './tree/explorerTreeProvider';

export interface SimulateArgs {
  /** Extra subscriptions, for tests and callers that know them: KEY → product. */
  readonly subscriptions?: readonly SubscriptionConfig[];
}

/** The APIOps service folder a file is in: the nearest ancestor that is one, else the explorer's first. */
export async function serviceRootFor(file: string, explorer: ExplorerTreeProvider): Promise<string | undefined> {
  return (await apiopsRootOf(nodeFileSystem, file)) ?? (await explorer.serviceRoots())[0];
}

/** What the command returns: the text report, the trace viewer and the trace it shows (tests read them). */
export interface SimulationShown {
  readonly document: vscode.TextDocument;
  readonly panel: vscode.WebviewPanel;
  readonly trace: readonly TraceViewRequest[];
}

export async function simulateRequests(extensionUri: vscode.Uri, explorer: ExplorerTreeProvider, arg?: unknown, args: SimulateArgs = {}): Promise<SimulationShown> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !uri.fsPath.endsWith('.http')) throw new Error('Simulate Requests runs a .http file: open one (requests in the REST Client format) and run it again.');
  const httpDoc = await vscode.workspace.openTextDocument(uri);
  const root = await serviceRootFor(uri.fsPath, explorer);
  if (!root) throw new Error('No APIOps folder found to simulate against: open a workspace with one, or set apimWorkbench.apiops.folders.');
  return runAndShow(extensionUri, root, httpDoc.getText(), path.basename(uri.fsPath), args);
}

export interface SimulatePolicyArgs extends SimulateArgs {
  /** The operation to try, by its label (skips the pick; for tests and callers that know it). */
  readonly target?: string;
  /** The request line to send (skips the input box). */
  readonly requestLine?: string;
}

/**
 * "Simulate a Request" on a policy file: picks one of the operations the policy applies to, lets
 * the user fill in the request line (parameters such as {orderId} are selected), and runs it.
 */
export async function simulatePolicy(extensionUri: vscode.Uri, explorer: ExplorerTreeProvider, arg?: unknown, args: SimulatePolicyArgs = {}): Promise<SimulationShown | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Error('Simulate a Request works on a policy file: open one from an APIOps folder and run it again.');
  const root = await serviceRootFor(uri.fsPath, explorer);
  if (!root) throw new Error('No APIOps folder found to simulate against: open a workspace with one, or set apimWorkbench.apiops.folders.');
  const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
  const subscriptions = [...simulatorSubscriptions(), ...(args.subscriptions ?? [])];
  const keyHeader: [string, string][] = subscriptions[0] ? [['Ocp-Apim-Subscription-Key', subscriptions[0].key]] : [];
  const targets = simulationTargets(config, uri.fsPath, keyHeader);
  if (targets.length === 0) throw new Error(`${path.basename(uri.fsPath)} is not a policy of the APIs in ${root}: open an API, operation, product, global or fragment policy of that folder.`);
  let target = targets[0];
  if (args.target !== undefined) target = targets.find((t) => t.label === args.target);
  else if (targets.length > 1) {
    const picked = await vscode.window.showQuickPick(
      targets.map((t) => ({ label: t.label, target: t })),
      { title: 'Simulate a request', placeHolder: 'The operation to send a request to' },
    );
    target = picked?.target;
  }
  if (!target) return undefined;
  const [line = '', ...rest] = target.http.split('\n');
  let requestLine = args.requestLine;
  if (requestLine === undefined) {
    const param = /\{[^}]+\}/.exec(line);
    requestLine = await vscode.window.showInputBox({
      title: `Simulate a request: ${target.label}`,
      prompt: 'The request to send (method and path on the gateway); fill in the parameters',
      value: line,
      ...(param ? { valueSelection: [param.index, param.index + param[0].length] as [number, number] } : {}),
      validateInput: (v) => (/^[A-Za-z]+ \S+$/.test(v.trim()) ? undefined : 'Write a method and a path: GET /orders/orders/42'),
    });
  }
  if (requestLine === undefined) return undefined;
  return runAndShow(extensionUri, root, [requestLine.trim(), ...rest].join('\n'), path.basename(uri.fsPath), { ...args, subscriptions });
}

async function runAndShow(extensionUri: vscode.Uri, root: string, httpText: string, title: string, args: SimulateArgs): Promise<SimulationShown> {
  const real = simulatorBackend() === 'real';
  let trace: TraceViewRequest[] = [];
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Simulating requests…', cancellable: false }, async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
    let results;
    try {
      results = await simulateHttp(config, httpText, { subscriptions: [...simulatorSubscriptions(), ...(args.subscriptions ?? [])], real });
    } catch (e) {
      if (e instanceof HttpFileError) throw new Error(`${title}:${e.line}: ${e.message}`);
      throw e;
    }
    trace = traceViewRequests(results, readPolicyText);
    return formatSimulation(results, { baseDir: root, fileText: readPolicyText, mockedBackends: !real });
  });
  const doc = await vscode.workspace.openTextDocument({ content: report, language: 'log' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  const panel = showTrace(extensionUri, title, trace);
  return { document: doc, panel, trace };
}
