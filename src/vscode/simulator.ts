// "Simulate Requests": runs the requests of the .http file in the editor through the gateway
// simulator, against the APIOps folder it belongs to, and opens the report beside it.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import { HttpFileError } from '../gateway/httpFile';
import { simulateHttp } from '../gateway/simulateHttp';
import { formatSimulation, readPolicyText } from '../gateway/simulationReport';
import { traceViewRequests } from '../gateway/traceView';
import type { TraceViewRequest } from '../protocol/traceView';
import { showTrace } from './traceViewerPanel';
import type { SubscriptionConfig } from '../gateway/gatewayConfig';
import { findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { simulatorBackend, simulatorSubscriptions } from './config';
import type { ExplorerTreeProvider } from './tree/explorerTreeProvider';

export interface SimulateArgs {
  /** Extra subscriptions, for tests and callers that know them: KEY → product. */
  readonly subscriptions?: readonly SubscriptionConfig[];
}

/** The APIOps service folder a file is in: the nearest ancestor that is one, else the explorer's first. */
async function serviceRootFor(file: string, explorer: ExplorerTreeProvider): Promise<string | undefined> {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((await findApiopsRoots(nodeFileSystem, dir, 0)).length) return dir;
    if (path.dirname(dir) === dir) break;
  }
  return (await explorer.serviceRoots())[0];
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
  const real = simulatorBackend() === 'real';
  let trace: TraceViewRequest[] = [];
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Simulating requests…', cancellable: false }, async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
    let results;
    try {
      results = await simulateHttp(config, httpDoc.getText(), { subscriptions: [...simulatorSubscriptions(), ...(args.subscriptions ?? [])], real });
    } catch (e) {
      if (e instanceof HttpFileError) throw new Error(`${path.basename(uri.fsPath)}:${e.line}: ${e.message}`);
      throw e;
    }
    trace = traceViewRequests(results, readPolicyText);
    return formatSimulation(results, { baseDir: root, fileText: readPolicyText, mockedBackends: !real });
  });
  const doc = await vscode.workspace.openTextDocument({ content: report, language: 'log' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  const panel = showTrace(extensionUri, path.basename(uri.fsPath), trace);
  return { document: doc, panel, trace };
}
