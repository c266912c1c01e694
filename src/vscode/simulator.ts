// "Simulate Requests" (a .http file, or one request of it) and "Simulate a Request" (a policy
// file): run through the gateway simulator against the APIOps folder the file belongs to, shown in
// the trace viewer beside the editor (its "Open as Text" gives the text report). A request refused
// for its subscription key says how to give one.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { apisServingHttp, gatewayFromApiops } from '../gateway/apiopsGateway';
import { HttpFileError } from '../gateway/httpFile';
import { simulateHttp, subscriptionKeyProblem } from '../gateway/simulateHttp';
import { simulationTargets } from '../gateway/simulationTargets';
import { formatSimulation, readPolicyText } from '../gateway/simulationReport';
import { traceViewRequests } from '../gateway/traceView';
import type { TraceViewRequest } from '../protocol/traceView';
import { showTrace } from './traceViewerPanel';
import type { SubscriptionConfig } from '../gateway/gatewayConfig';
import { apiopsRootOf } from '../workspace/apiopsLoader';
import { loadServiceForEnvironment } from './environment';
import { nodeFileSystem } from '../workspace/fileSystem';
import { SettingIds, simulatorBackend, simulatorSubscriptions } from './config';
import type { ExplorerTreeProvider } from './tree/explorerTreeProvider';

export interface SimulateArgs {
  /** Extra subscriptions, for tests and callers that know them: KEY → product. */
  readonly subscriptions?: readonly SubscriptionConfig[];
}

/** The APIOps service folder a file is in: the nearest ancestor that is one, else the explorer's first. */
export async function serviceRootFor(file: string, explorer: ExplorerTreeProvider): Promise<string | undefined> {
  return (await apiopsRootOf(nodeFileSystem, file)) ?? (await explorer.serviceRoots())[0];
}

/** What the command returns: the trace viewer, the trace it shows and the text report (tests read them). */
export interface SimulationShown {
  readonly panel: vscode.WebviewPanel;
  readonly trace: readonly TraceViewRequest[];
  readonly report: string;
  /** The .http file simulated, when it was one (its requests can be run against Azure). */
  readonly file?: vscode.Uri;
}

export async function simulateRequests(extensionUri: vscode.Uri, explorer: ExplorerTreeProvider, arg?: unknown, args: SimulateRequestsArgs = {}): Promise<SimulationShown> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !uri.fsPath.endsWith('.http')) throw new Error('Simulate Requests runs a .http file: open one (requests in the REST Client format) and run it again.');
  const httpDoc = await vscode.workspace.openTextDocument(uri);
  const root = await serviceRootFor(uri.fsPath, explorer);
  if (!root) throw new Error('No APIOps folder found to simulate against: open a workspace with one, or set apimWorkbench.apiops.folders.');
  const file = path.basename(uri.fsPath);
  return { ...(await runAndShow(extensionUri, root, httpDoc.getText(), { title: file, subtitle: `against ${path.basename(root)}` }, args, true)), file: uri };
}

export interface SimulateRequestsArgs extends SimulateArgs {
  /** Run only this request of the file (0-based), as its CodeLens does. */
  readonly only?: number;
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
  const config = await gatewayFromApiops(await loadServiceForEnvironment(root), nodeFileSystem);
  const subscriptions = [...simulatorSubscriptions(), ...(args.subscriptions ?? [])];
  const targets = simulationTargets(config, uri.fsPath, subscriptions);
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
  const policy = path.relative(root, uri.fsPath).split(path.sep).join('/');
  return runAndShow(extensionUri, root, [requestLine.trim(), ...rest].join('\n'), { title: target.label, subtitle: `${policy} in ${path.basename(root)}` }, { ...args, subscriptions });
}

async function runAndShow(extensionUri: vscode.Uri, root: string, httpText: string, heading: { title: string; subtitle: string }, args: SimulateRequestsArgs, fromFile = false): Promise<SimulationShown> {
  const real = simulatorBackend() === 'real';
  // Only the APIs these requests could reach are read (a large estate has thousands).
  const config = await gatewayFromApiops(await loadServiceForEnvironment(root), nodeFileSystem, [], { apis: apisServingHttp(httpText) });
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Simulating requests…', cancellable: false }, async () => {
    try {
      return await simulateHttp(config, httpText, { subscriptions: [...simulatorSubscriptions(), ...(args.subscriptions ?? [])], real, ...(args.only !== undefined ? { only: args.only } : {}) });
    } catch (e) {
      if (e instanceof HttpFileError) throw new Error(`${heading.title}:${e.line}: ${e.message}`);
      throw e;
    }
  });
  // Requests of a .http file know their place in it: the viewer's "Run against Azure" sends that one.
  const trace = traceViewRequests(results, readPolicyText, { root }).map((r, i) => (fromFile ? { ...r, index: args.only ?? i } : r));
  const report = formatSimulation(results, { baseDir: root, fileText: readPolicyText, mockedBackends: !real });
  const notices: string[] = [];
  if (!real) notices.push('Backend calls are answered with 200 OK and no body. Set apimWorkbench.simulator.backend to "real" to call the backends (a Function on localhost, say).');
  const keyProblem = results.map((r) => subscriptionKeyProblem(r.result, config)).find((p) => p !== undefined);
  if (keyProblem) notices.push(keyNotice(keyProblem));
  const panel = showTrace(extensionUri, { kind: 'simulated', ...heading, notices, requests: trace }, report);
  if (keyProblem) {
    void vscode.window.showWarningMessage(keyNotice(keyProblem), 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    });
  }
  return { panel, trace, report };
}

/** How to give the simulator a subscription key, for a request it refused for want of one. */
function keyNotice(p: { readonly missing: boolean; readonly products: readonly string[] }): string {
  const product = p.products[0] ?? 'my-product';
  return `${p.missing ? 'The request had no subscription key' : 'The request had a subscription key the simulator does not know'}, so the gateway answered 401. Add a made-up key for a product (${p.products.join(', ') || 'a product of the folder'}) to the setting ${SettingIds.simulatorSubscriptions}, for example [{ "key": "test-key-1", "product": "${product}" }]: Simulate a Request sends it, and a .http file can use it in an Ocp-Apim-Subscription-Key header.`;
}
