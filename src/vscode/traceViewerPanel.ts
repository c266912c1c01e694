// The trace viewer: one webview panel, beside the editor, showing simulated requests step by step.
// Strict CSP with a nonce; the trace goes in by postMessage and is rendered as text; a step's link
// reveals the policy in its file; "Open as Text" shows the same report as a read-only document
// (a virtual document: it never asks to be saved).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { policyRefUri } from './embeddedPolicyFileSystem';
import type { FromWebview, TraceViewMessage } from '../protocol/traceView';
import { traceViewerHtml } from '../gateway/traceView';
import { PROCESS_SECRETS } from '../common/secrets';

export const TRACE_VIEW_TYPE = 'apimWorkbench.traceViewer';
export const REPORT_SCHEME = 'apim-workbench-report';

let current: vscode.WebviewPanel | undefined;
/** What the viewer's buttons ask for beyond showing: Run against Azure, Compare with Simulation, Export as Test. */
const actions = new vscode.EventEmitter<Extract<FromWebview, { type: 'runLive' | 'compare' | 'exportTest' }>>();
export const onTraceViewAction = actions.event;
/** The trace on show, sent again when the webview (re)loads and says it is ready. */
let latest: TraceViewMessage | undefined;
/** The text report of the trace on show. */
let latestReport = '';
let reportCount = 0;
const reports = new Map<string, string>();
const reportChanged = new vscode.EventEmitter<vscode.Uri>();

/** Serves the read-only text reports (`apim-workbench-report:` documents). */
export function registerReportDocuments(): vscode.Disposable {
  return vscode.Disposable.from(
    reportChanged,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, { onDidChange: reportChanged.event, provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '' }),
  );
}

/** Opens the report of the trace on show as a read-only text document; returns it. */
export async function openReportText(): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${(latest?.title ?? 'Simulation').replace(/[\\/:*?"<>|]/g, '_')} (${++reportCount}).log` });
  reports.set(uri.toString(), latestReport);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return doc;
}

/** The trace the viewer shows (masked), for checks. */
export function traceOnShow(): TraceViewMessage | undefined {
  return latest;
}

/** What the viewer's script asks for: reveal a policy line, the text report, or one of the actions. */
export async function handleViewerMessage(m: FromWebview): Promise<void> {
  if (m.type === 'openText') await openReportText();
  if (m.type === 'runLive' || m.type === 'compare' || m.type === 'exportTest') actions.fire(m);
  // Only files the trace on show points at can be revealed.
  if (m.type === 'reveal' && latest?.requests.some((r) => r.entries.some((e) => e.file === m.file) || r.comparison?.rows.some((row) => row.file === m.file))) {
    // A live policy opens as its apim: document, an apiops-cli fragment as its apim-embedded: one.
    const doc = await vscode.workspace.openTextDocument(policyRefUri(m.file));
    const line = Math.max(0, m.line - 1);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
  }
}

/** Shows a trace in the viewer (opening it beside the active editor the first time). */
export function showTrace(extensionUri: vscode.Uri, message: Omit<TraceViewMessage, 'type'>, reportText: string): vscode.WebviewPanel {
  // What reaches the webview and the report document goes through the one masking function.
  latest = PROCESS_SECRETS.mask({ type: 'trace', ...message });
  latestReport = PROCESS_SECRETS.maskText(reportText);
  const title = `Trace: ${message.title}`;
  if (current) {
    current.title = title;
    void current.webview.postMessage(latest);
    current.reveal(current.viewColumn ?? vscode.ViewColumn.Beside, true);
    return current;
  }
  const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] });
  current = panel;
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = traceViewerHtml({ nonce, cspSource: panel.webview.cspSource, scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'traceViewer.js')).toString() });
  panel.webview.onDidReceiveMessage(async (m: FromWebview) => {
    if (m.type === 'ready' && latest) void panel.webview.postMessage(latest);
    else await handleViewerMessage(m);
  });
  panel.onDidDispose(() => {
    if (current === panel) current = undefined;
  });
  return panel;
}
