// Turns simulation results into what the trace viewer shows, and writes the viewer's HTML shell
// (strict CSP: only the nonce'd script runs; styles are inline with the same nonce). No `vscode`.

import { lineColumn } from '../common/span';
import { policyRefLabel } from '../workspace/embeddedPolicy';
import type { TraceViewRequest } from '../protocol/traceView';
import type { GatewayResult } from './pipeline';
import { linkLiveEntries, type LiveStep, type TraceComparison } from '../tracing/traceCompare';

/**
 * A trace row's label: its source, and its role where one source has several rows — the request
 * and the configuration of api-inspector, entering and leaving a policy fragment.
 */
export function entryLabel(e: { readonly source: string; readonly data?: unknown }): string {
  if (e.source === 'include-fragment' && typeof e.data === 'string') {
    const m = /^(Entering|Leaving) policy fragment '([^']*)'/.exec(e.data);
    if (m) return `include-fragment: ${m[1] === 'Entering' ? 'enter' : 'leave'} ${m[2]}`;
  }
  if (e.source === 'api-inspector' && e.data && typeof e.data === 'object') {
    if ('request' in e.data) return 'api-inspector: request';
    if ('configuration' in e.data) return 'api-inspector: configuration';
  }
  return e.source;
}

export interface TraceViewOptions {
  /** Files are labelled relative to this folder (the APIOps folder). */
  readonly root?: string;
}

/** Links to policy files: a file's label relative to the APIOps folder and an offset's 1-based line, each file read once. */
function fileLinks(fileText: (file: string) => string | undefined, options: TraceViewOptions): (file: string, offset: number) => { file: string; fileLabel: string; line?: number } {
  const texts = new Map<string, string | undefined>();
  return (file, offset) => {
    if (!texts.has(file)) texts.set(file, fileText(file));
    const text = texts.get(file);
    // A live policy (`apim:/<subscription>/<group>/<service>/apis/…`): its place in the service, marked live.
    const live = /^apim:\/[^/]+\/[^/]+\/([^/]+)\/(.*)$/.exec(file);
    const fileLabel = live ? `${live[2]} (live, ${live[1]})` : policyRefLabel(file, options.root);
    return { file, fileLabel, ...(text !== undefined ? { line: lineColumn(text, offset).line + 1 } : {}) };
  };
}

export function traceViewRequests(results: readonly { request: { method: string; url: string; name?: string }; result: GatewayResult }[], fileText: (file: string) => string | undefined, options: TraceViewOptions = {}): TraceViewRequest[] {
  const link = fileLinks(fileText, options);
  return results.map(({ request, result }) => ({
    ...(request.name ? { name: request.name } : {}),
    ...(result.route ? { api: result.route.apiName, operation: result.route.operationName, ...(result.route.product ? { product: result.route.product } : {}) } : {}),
    method: request.method,
    url: request.url,
    status: result.response.status,
    reason: result.response.reason,
    headers: result.response.headers,
    body: result.response.body,
    entries: result.trace.map((e) => {
      const file = e.location?.file;
      return {
        section: e.section,
        source: e.source,
        label: entryLabel(e),
        elapsed: e.elapsed,
        ...(e.measuredMs !== undefined ? { measuredMs: e.measuredMs } : {}),
        data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data, null, 2),
        ...(file && e.location ? link(file, e.location.span.start) : {}),
        ...(e.notSimulated ? { notSimulated: true } : {}),
        ...(e.error ? { error: true } : {}),
        ...(e.changes?.length ? { changes: e.changes } : {}),
      };
    }),
  }));
}

/**
 * A live trace (listTrace's JSON) as the viewer shows it: the same sections and entries as a
 * simulated one, the response beside it. With a simulation of the same request over local
 * policies, each entry links to the policy element it most likely came from (traceCompare.ts);
 * a link made by name and order only is marked as a guess.
 */
export function liveTraceViewRequest(
  live: { readonly request: { readonly method: string; readonly url: string; readonly name?: string }; readonly response: { readonly status: number; readonly reason: string; readonly headers: readonly (readonly [string, string])[]; readonly body: string | null }; readonly entries: readonly LiveStep[]; readonly api?: string },
  simulated: GatewayResult | undefined,
  fileText: (file: string) => string | undefined,
  options: TraceViewOptions = {},
): TraceViewRequest {
  const links = simulated ? linkLiveEntries(live.entries, simulated.trace) : [];
  const linkTo = fileLinks(fileText, options);
  const configuration = live.entries.find((e) => e.source === 'api-inspector' && e.data && typeof e.data === 'object' && 'configuration' in e.data)?.data as { configuration?: { operation?: { method?: string; uriTemplate?: string }; product?: unknown } } | undefined;
  const op = configuration?.configuration?.operation;
  const product = configuration?.configuration?.product;
  return {
    ...(live.request.name ? { name: live.request.name } : {}),
    ...(live.api ? { api: live.api } : {}),
    ...(op ? { operation: `${op.method ?? ''} ${op.uriTemplate ?? ''}`.trim() } : {}),
    ...(product && product !== '-' ? { product: typeof product === 'string' ? product : String((product as { id?: unknown }).id ?? (product as { name?: unknown }).name ?? '') } : {}),
    method: live.request.method,
    url: live.request.url,
    status: live.response.status,
    reason: live.response.reason,
    headers: live.response.headers,
    body: live.response.body,
    entries: live.entries.map((e, i) => {
      const link = links[i];
      const target = link?.location.file ? linkTo(link.location.file, link.location.span.start) : undefined;
      return {
        section: e.section,
        source: e.source,
        label: entryLabel(e),
        elapsed: e.elapsed ?? '',
        data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data ?? null, null, 2),
        ...(target ?? {}),
        ...(target?.line !== undefined && link?.guess ? { linkGuessed: true } : {}),
      };
    }),
  };
}

/** A live trace's view with the simulator's steps beside it (compareTraces' alignment), for the viewer. */
export function comparisonViewRequest(live: TraceViewRequest, comparison: TraceComparison, liveEntries: readonly LiveStep[], simulated: GatewayResult, fileText: (file: string) => string | undefined, options: TraceViewOptions = {}): TraceViewRequest {
  const linkTo = fileLinks(fileText, options);
  const rows = comparison.steps.map((s) => {
    const sim = s.simulated !== undefined ? simulated.trace[s.simulated] : undefined;
    const target = sim?.location?.file ? linkTo(sim.location.file, sim.location.span.start) : undefined;
    return {
      section: s.section,
      ...(s.live !== undefined ? { live: entryLabel(liveEntries[s.live]!) } : {}),
      ...(sim ? { simulated: entryLabel(sim) } : {}),
      ...(s.difference ? { difference: s.difference } : {}),
      ...(target?.line !== undefined ? target : {}),
    };
  });
  return { ...live, comparison: { rows, response: comparison.response, ...(comparison.first ? { first: { row: comparison.first.step, what: comparison.first.what } } : {}), simulatedStatus: simulated.response.status } };
}

const STYLE = `
body { font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground, #ccc); background: var(--vscode-editor-background, #1e1e1e); margin: 0; padding: 8px 16px; }
header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
h1 { font-size: 1.25em; margin: 8px 0 2px; flex: 1 1 auto; }
h2 { font-size: 1.1em; margin: 16px 0 2px; }
.subtitle, .route { opacity: 0.8; margin: 0 0 4px; }
.notice { margin: 6px 0; padding: 4px 8px; border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700); background: var(--vscode-textBlockQuote-background, transparent); }
button { font: inherit; color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #0e639c); border: none; padding: 3px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground, #1177bb); }
button:focus-visible, a:focus-visible, summary:focus-visible { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
.simulated { opacity: 0.7; font-family: var(--vscode-editor-font-family, monospace); margin-right: 8px; }
.status-ok { color: var(--vscode-testing-iconPassed, #73c991); } .status-bad { color: var(--vscode-errorForeground, #f48771); }
.section { margin: 8px 0 0 0; font-weight: 600; text-transform: uppercase; font-size: 0.85em; opacity: 0.8; }
.entry { margin: 2px 0 2px 12px; border-left: 3px solid var(--vscode-textLink-foreground, #3794ff); padding-left: 8px; }
.entry.error { border-left-color: var(--vscode-errorForeground, #f48771); }
.entry.not-simulated { border-left-color: var(--vscode-editorWarning-foreground, #cca700); }
.entry.current { border-left-color: var(--vscode-debugIcon-pauseForeground, #75beff); background: var(--vscode-editor-stackFrameHighlightBackground, rgba(255, 255, 0, 0.1)); }
.entry summary { cursor: pointer; }
.elapsed { opacity: 0.7; font-family: var(--vscode-editor-font-family, monospace); margin-right: 8px; display: inline-block; min-width: 5.5em; text-align: right; }
.source { overflow-wrap: anywhere; }
.where { margin-left: 8px; }
.changes { border-collapse: collapse; margin: 4px 0; }
.changes td { vertical-align: top; padding: 2px 8px 2px 0; }
.changes .what { opacity: 0.8; white-space: nowrap; }
.changes pre { margin: 0; }
pre { white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family, monospace); margin: 4px 0; }
a { color: var(--vscode-textLink-foreground, #3794ff); cursor: pointer; }
.action { margin-left: 8px; }
table.comparison { border-collapse: collapse; margin: 6px 0; width: 100%; }
table.comparison th, table.comparison td { text-align: left; vertical-align: top; padding: 2px 8px 2px 0; overflow-wrap: anywhere; }
table.comparison tr.differs td { color: var(--vscode-editorWarning-foreground, #cca700); }
table.comparison tr.first-difference td { color: var(--vscode-errorForeground, #f48771); font-weight: 600; }
table.comparison .mark { width: 1.5em; }
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
