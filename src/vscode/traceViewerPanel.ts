// The trace viewer: a webview panel showing simulated requests step by step. Strict CSP with a
// nonce; the trace goes in by postMessage and is rendered as text; a step's link reveals the
// policy in its file.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FromWebview, ToWebview, TraceViewRequest } from '../protocol/traceView';
import { traceViewerHtml } from '../gateway/traceView';

export const TRACE_VIEW_TYPE = 'apimWorkbench.traceViewer';

let current: vscode.WebviewPanel | undefined;
/** The trace on show, sent again when the webview (re)loads and says it is ready. */
let latest: ToWebview | undefined;

export function showTrace(extensionUri: vscode.Uri, title: string, requests: readonly TraceViewRequest[]): vscode.WebviewPanel {
  const message: ToWebview = { type: 'trace', title, requests };
  latest = message;
  if (current) {
    current.title = `Trace: ${title}`;
    void current.webview.postMessage(message);
    current.reveal(vscode.ViewColumn.Beside, true);
    return current;
  }
  const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, `Trace: ${title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] });
  current = panel;
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = traceViewerHtml({ nonce, cspSource: panel.webview.cspSource, scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'traceViewer.js')).toString() });
  panel.webview.onDidReceiveMessage(async (m: FromWebview) => {
    if (m.type === 'ready' && latest) void panel.webview.postMessage(latest);
    // Only files the trace on show points at can be revealed.
    if (m.type === 'reveal' && latest?.requests.some((r) => r.entries.some((e) => e.file === m.file))) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(m.file));
      const line = Math.max(0, m.line - 1);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
    }
  });
  panel.onDidDispose(() => {
    if (current === panel) current = undefined;
  });
  return panel;
}
