// The `apim-policy` debugger in VS Code: the adapter (src/debug/) runs inline in the extension
// host; a configuration provider fills a launch configuration from the active file (F5 without a
// launch.json) and from the simulator settings; "Debug request" CodeLens and the Test Explorer's
// Debug profile start sessions; the trace viewer follows each stop, the current step highlighted.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { PolicyDebugSession, TRACE_EVENT, type TraceEventBody } from '../../debug/debugAdapter';
import type { LaunchTarget } from '../../debug/debugTarget';
import { entryLabel } from '../../gateway/traceView';
import { lineColumn } from '../../common/span';
import { readPolicyText } from '../../gateway/simulationReport';
import type { TraceViewEntry } from '../../protocol/traceView';
import { simulatorBackend, simulatorSubscriptions } from '../config';
import { showTrace } from '../traceViewerPanel';

export const DEBUG_TYPE = 'apim-policy';

/** A launch configuration for a target: what the CodeLens, the Test Explorer and F5 start. */
export function debugConfiguration(target: LaunchTarget & { name?: string; stopOnEntry?: boolean }): vscode.DebugConfiguration {
  return { ...target, type: DEBUG_TYPE, request: 'launch', name: target.name ?? 'Debug policy' };
}

export function registerPolicyDebugging(extensionUri: vscode.Uri): vscode.Disposable {
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new PolicyDebugSession()),
  };
  const provider: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () => [
      debugConfiguration({ name: 'Debug a request of a .http file', httpFile: '${file}', requestNumber: 1 }),
      debugConfiguration({ name: 'Debug a policy test step', testFile: '${file}', step: 1 }),
    ],
    // F5 with no launch.json: the active file says what to debug; settings give keys and backend.
    resolveDebugConfiguration: (_folder, config) => {
      const c: vscode.DebugConfiguration = { ...config };
      if (!c.type && !c.request) {
        const file = vscode.window.activeTextEditor?.document.uri.fsPath;
        if (!file) return undefined;
        if (file.endsWith('.http')) Object.assign(c, debugConfiguration({ name: `Debug ${path.basename(file)}`, httpFile: file, requestNumber: 1 }));
        else if (/\.apimtest\.ya?ml$/.test(file)) Object.assign(c, debugConfiguration({ name: `Debug ${path.basename(file)}`, testFile: file }));
        else {
          void vscode.window.showInformationMessage('To debug a policy, open a .http file or a policy test file (*.apimtest.yaml) and press F5, or use "Debug request" above a request.');
          return undefined;
        }
      }
      const subs = simulatorSubscriptions();
      if (c.subscriptions === undefined && subs.length) c.subscriptions = subs;
      if (c.backend === undefined) c.backend = simulatorBackend();
      return c;
    },
  };
  // The trace viewer follows the session: the steps so far, the one held highlighted.
  const onEvent = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
    if (e.session.type !== DEBUG_TYPE || e.event !== TRACE_EVENT) return;
    const body = e.body as TraceEventBody;
    showTrace(extensionUri, { kind: 'simulated', title: `${body.title} (debugging)`, subtitle: body.done ? 'the request has finished' : `held in ${body.request || 'the request'}`, requests: [debugViewRequest(body)] }, '');
  });
  // Hovering while paused: the whole member chain under the cursor (context.Request.Headers), indexers included.
  const hover = vscode.languages.registerEvaluatableExpressionProvider('apim-policy', {
    provideEvaluatableExpression(document, position) {
      const line = document.lineAt(position.line).text;
      const chain = /[A-Za-z_][\w]*(?:\s*(?:\.\s*[A-Za-z_]\w*|\[[^\]\n]*\]))*/g;
      for (let m = chain.exec(line); m; m = chain.exec(line)) {
        const start = m.index;
        const end = m.index + m[0].length;
        if (position.character < start || position.character > end) continue;
        // Up to the member under the cursor: hovering Request in context.Request.Method gives context.Request.
        const upTo = line.slice(start, end).search(new RegExp(`(?<=^.{${position.character - start}}\\w*)\\b`));
        const text = line.slice(start, upTo > 0 ? start + upTo : end);
        return new vscode.EvaluatableExpression(new vscode.Range(position.line, start, position.line, start + text.length), text);
      }
      return undefined;
    },
  });
  return vscode.Disposable.from(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory), vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider), onEvent, hover);
}

/** The trace so far as the viewer shows a request, the held step marked current. */
export function debugViewRequest(body: TraceEventBody): import('../../protocol/traceView').TraceViewRequest {
  const texts = new Map<string, string | undefined>();
  let current = -1;
  body.entries.forEach((e, i) => {
    if (body.current && e.location && e.location.file === body.current.file && e.location.span.start === body.current.start) current = i;
  });
  const entries: TraceViewEntry[] = body.entries.map((e, i) => {
    const file = e.location?.file;
    if (file && !texts.has(file)) texts.set(file, readPolicyText(file));
    const text = file ? texts.get(file) : undefined;
    return {
      section: e.section,
      source: e.source,
      label: entryLabel(e),
      elapsed: e.elapsed,
      data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data, null, 2),
      ...(file ? { file, fileLabel: vscode.workspace.asRelativePath(file) } : {}),
      ...(file && text !== undefined && e.location ? { line: lineColumn(text, e.location.span.start).line + 1 } : {}),
      ...(e.error ? { error: true } : {}),
      ...(i === current ? { current: true } : {}),
    };
  });
  // Held before a policy runs, it has no entry yet: a row says where the request waits.
  const c = body.current;
  if (current < 0 && c && !body.done) {
    const text = c.file ? (texts.get(c.file) ?? readPolicyText(c.file)) : undefined;
    entries.push({ section: c.section as TraceViewEntry['section'], source: c.name, label: `${c.name} (held here, not run yet)`, elapsed: entries[entries.length - 1]?.elapsed ?? '00:00:00.0000000', data: 'The debugger holds the request before this step.', current: true, ...(c.file ? { file: c.file, fileLabel: vscode.workspace.asRelativePath(c.file) } : {}), ...(c.file && text !== undefined ? { line: lineColumn(text, c.start).line + 1 } : {}) });
  }
  return { name: body.request, ...(body.api ? { api: body.api } : {}), ...(body.operation ? { operation: body.operation } : {}), method: '', url: body.request, status: 0, reason: body.done ? 'finished' : 'held in the debugger', headers: [], body: null, entries };
}
