// Turns simulation results into what the trace viewer shows, and writes the viewer's HTML shell
// (strict CSP: only the nonce'd script runs; styles are inline with the same nonce). No `vscode`.

import { lineColumn } from '../common/span';
import type { TraceViewRequest } from '../protocol/traceView';
import type { GatewayResult } from './pipeline';

export function traceViewRequests(results: readonly { request: { method: string; url: string }; result: GatewayResult }[], fileText: (file: string) => string | undefined): TraceViewRequest[] {
  const texts = new Map<string, string | undefined>();
  return results.map(({ request, result }) => ({
    method: request.method,
    url: request.url,
    status: result.response.status,
    reason: result.response.reason,
    headers: result.response.headers,
    body: result.response.body,
    entries: result.trace.map((e) => {
      const file = e.location?.file;
      if (file && !texts.has(file)) texts.set(file, fileText(file));
      const text = file ? texts.get(file) : undefined;
      return {
        section: e.section,
        source: e.source,
        elapsed: e.elapsed,
        data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data, null, 2),
        ...(file ? { file } : {}),
        ...(file && text !== undefined && e.location ? { line: lineColumn(text, e.location.span.start).line + 1 } : {}),
        ...(e.notSimulated ? { notSimulated: true } : {}),
        ...(e.error ? { error: true } : {}),
        ...(e.changes?.length ? { changes: e.changes } : {}),
      };
    }),
  }));
}

const STYLE = `
body { font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground, #ccc); background: var(--vscode-editor-background, #1e1e1e); margin: 0; padding: 8px 16px; }
h2 { font-size: 1.1em; margin: 16px 0 4px; }
.status-ok { color: var(--vscode-testing-iconPassed, #73c991); } .status-bad { color: var(--vscode-errorForeground, #f48771); }
.section { margin: 8px 0 0 0; font-weight: 600; text-transform: uppercase; font-size: 0.85em; opacity: 0.8; }
.entry { margin: 2px 0 2px 12px; border-left: 3px solid var(--vscode-textLink-foreground, #3794ff); padding-left: 8px; }
.entry.error { border-left-color: var(--vscode-errorForeground, #f48771); }
.entry.not-simulated { border-left-color: var(--vscode-editorWarning-foreground, #cca700); }
.entry summary { cursor: pointer; }
.elapsed { opacity: 0.7; font-family: var(--vscode-editor-font-family, monospace); margin-right: 8px; }
.where { margin-left: 8px; }
.changes { border-collapse: collapse; margin: 4px 0; }
.changes td { vertical-align: top; padding: 2px 8px 2px 0; }
.changes .what { opacity: 0.8; white-space: nowrap; }
.changes pre { margin: 0; }
pre { white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family, monospace); margin: 4px 0; }
a { color: var(--vscode-textLink-foreground, #3794ff); cursor: pointer; }
`;

export function traceViewerHtml(options: { readonly nonce: string; readonly scriptUri: string; readonly cspSource: string }): string {
  const csp = `default-src 'none'; script-src 'nonce-${options.nonce}'; style-src 'nonce-${options.nonce}'; img-src ${options.cspSource} data:;`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>APIM trace</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body>
<div id="root" aria-live="polite">Waiting for a trace…</div>
<script nonce="${options.nonce}" src="${options.scriptUri}"></script>
</body>
</html>`;
}
