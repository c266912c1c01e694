// The trace viewer's browser side: what was simulated (the file, or the policy and its
// operation), then each request with where the gateway routed it, its response and its steps
// as expandable rows. Everything from the trace is inserted with textContent, never as HTML; a
// step's file link asks the extension to reveal the policy; "Open as Text" asks for the report.

import type { FromWebview, ToWebview, TraceViewEntry, TraceViewRequest } from '../src/protocol/traceView';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };

const vscode = acquireVsCodeApi();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** "12.34 ms" for a measured time; what the row's time column says. */
function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
}

/** The simulated clock moved in this request (a retry interval, a wait, a canned delay). */
function clockMoved(r: TraceViewRequest): boolean {
  return r.entries.some((e) => !/^00:00:00\.0+$/.test(e.elapsed));
}

function render(message: ToWebview): void {
  const root = document.getElementById('root') as HTMLElement;
  root.replaceChildren();
  const header = el('header');
  const h1 = el('h1', undefined, message.title);
  const open = el('button', 'open-text', 'Open as Text');
  open.title = 'The same report as read-only text';
  open.addEventListener('click', () => vscode.postMessage({ type: 'openText' }));
  header.append(h1);
  // What the user can do next with this trace: live and simulated are two views of one request.
  const action = (label: string, title: string, message: FromWebview): void => {
    const b = el('button', 'action', label);
    b.title = title;
    b.addEventListener('click', () => vscode.postMessage(message));
    header.append(b);
  };
  if (message.kind === 'live') action('Compare with Simulation', 'Run the same request through the simulator with the same policies and show both traces side by side', { type: 'compare' });
  if (message.kind === 'comparison') action('Export as Test', 'Save this request, the backend answers of the live trace and the live response as a policy test file (*.apimtest.yaml)', { type: 'exportTest' });
  header.append(open);
  root.append(header);
  if (message.subtitle) root.append(el('div', 'subtitle', message.subtitle));
  for (const n of message.notices ?? []) root.append(el('div', 'notice', n));
  for (const r of message.requests) {
    if (r.comparison) renderComparison(root, r, r.comparison);
    else renderRequest(root, r, message.kind ?? 'simulated');
  }
}

/** Live and simulated steps side by side, the first difference marked. */
function renderComparison(root: HTMLElement, r: TraceViewRequest, c: NonNullable<TraceViewRequest['comparison']>): void {
  const head = el('h2');
  head.append(el('span', undefined, `${r.method} ${r.url} → `), el('span', r.status < 400 ? 'status-ok' : 'status-bad', `${r.status} ${r.reason}`), el('span', 'simulated', ` live · ${c.simulatedStatus} simulated`));
  root.append(head);
  root.append(el('div', c.first ? 'notice first-difference-summary' : 'route', c.first ? `First difference: ${c.first.row === 'response' ? 'the response' : `step ${c.first.row + 1}`}: ${c.first.what}` : 'The simulator agrees with the live gateway on every step and on the response.'));
  const table = el('table', 'comparison');
  const header = el('tr');
  header.append(el('th', undefined, ''), el('th', undefined, 'section'), el('th', undefined, 'live gateway'), el('th', undefined, 'simulator'), el('th', undefined, 'difference'));
  table.append(header);
  c.rows.forEach((row, i) => {
    const first = c.first?.row === i;
    const tr = el('tr', `${row.difference ? 'differs' : ''}${first ? ' first-difference' : ''}`.trim() || undefined);
    if (first) tr.setAttribute('aria-current', 'step');
    const simulated = el('td', undefined, row.simulated ?? '—');
    if (row.file && row.line) {
      const link = el('a', 'where', `${row.fileLabel ?? row.file}:${row.line}`);
      link.href = '#';
      link.title = `Reveal ${row.file}:${row.line}`;
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        vscode.postMessage({ type: 'reveal', file: row.file as string, line: row.line as number });
      });
      simulated.append(' ', link);
    }
    tr.append(el('td', 'mark', first ? '▶' : row.difference ? '≠' : ''), el('td', 'section-name', row.section), el('td', undefined, row.live ?? '—'), simulated, el('td', undefined, row.difference ?? ''));
    table.append(tr);
  });
  root.append(table);
  if (c.response.length) {
    const list = el('ul', 'response-differences');
    for (const d of c.response) list.append(el('li', undefined, d));
    root.append(el('div', 'section', 'response'), list);
  }
}

function renderRequest(root: HTMLElement, r: TraceViewRequest, kind: 'simulated' | 'live' | 'comparison'): void {
  const head = el('h2');
  if (r.status === 0) head.append(el('span', undefined, `${r.method ? `${r.method} ` : ''}${r.url} — ${r.reason}`));
  else head.append(el('span', undefined, `${r.method} ${r.url} → `), el('span', r.status < 400 ? 'status-ok' : 'status-bad', `${r.status} ${r.reason}`));
  root.append(head);
  const routed = [r.name ? `“${r.name}”` : '', r.api && r.operation ? `${r.api} › ${r.operation}` : 'no API or operation matched', r.product ? `product ${r.product}` : ''].filter(Boolean).join(' · ');
  root.append(el('div', 'route', routed));
  if (kind === 'simulated' && r.index !== undefined) {
    const live = el('button', 'action run-live', 'Run against Azure');
    live.title = 'Send this request through the live APIM gateway with a debug token and show its trace';
    live.addEventListener('click', () => vscode.postMessage({ type: 'runLive', index: r.index as number }));
    root.append(live);
  }
  const response = el('details', 'response');
  response.append(el('summary', undefined, 'Response'));
  response.append(el('pre', undefined, [...r.headers.map(([n, v]) => `${n}: ${v}`), '', r.body ?? ''].join('\n')));
  root.append(response);
  const simulatedTime = clockMoved(r);
  let section = '';
  let previous = 0;
  for (const e of r.entries) {
    if (e.section !== section) {
      section = e.section;
      root.append(el('div', 'section', section));
    }
    root.append(renderEntry(e, simulatedTime, previous));
    previous = e.measuredMs ?? previous;
  }
}

function renderEntry(e: TraceViewEntry, simulatedTime: boolean, previousMs: number): HTMLElement {
  const step = el('details', `entry${e.error ? ' error' : ''}${e.notSimulated ? ' not-simulated' : ''}${e.current ? ' current' : ''}`);
  if (e.current) {
    step.setAttribute('aria-current', 'step');
    step.open = true;
    // Keep the held step in view as the trace grows.
    requestAnimationFrame(() => step.scrollIntoView({ block: 'nearest' }));
  }
  const summary = el('summary');
  // Measured time since the request began (what the simulator spent, a real backend included);
  // the simulated clock beside it only when it moved.
  const time = el('span', 'elapsed', e.measuredMs !== undefined ? ms(e.measuredMs) : e.elapsed);
  if (e.measuredMs !== undefined) time.title = `${ms(e.measuredMs - previousMs)} for this step, measured${simulatedTime ? `; simulated clock ${e.elapsed}` : ''}`;
  summary.append(time);
  if (simulatedTime) summary.append(el('span', 'simulated', e.elapsed));
  summary.append(el('span', 'source', (e.label ?? e.source) + (e.notSimulated ? ' (not simulated)' : '') + (e.error ? ' (error)' : '')));
  if (e.file && e.line) {
    const link = el('a', 'where', `${e.linkGuessed ? 'likely ' : ''}${e.fileLabel ?? e.file.split(/[\\/]/).slice(-3).join('/')}:${e.line}`);
    link.title = e.linkGuessed ? `A guess, by the policy's name and order: reveal ${e.file}:${e.line}` : `Reveal ${e.file}:${e.line}`;
    link.href = '#';
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      vscode.postMessage({ type: 'reveal', file: e.file as string, line: e.line as number });
    });
    summary.append(link);
  }
  step.append(summary);
  if (e.changes?.length) {
    const table = el('table', 'changes');
    for (const c of e.changes) {
      const row = el('tr');
      const before = el('td');
      before.append(el('pre', 'before', c.before ?? '(none)'));
      const after = el('td');
      after.append(el('pre', 'after', c.after ?? '(none)'));
      row.append(el('td', 'what', c.what), before, el('td', undefined, '→'), after);
      table.append(row);
    }
    step.append(table);
  }
  step.append(el('pre', undefined, e.data));
  if (e.error) step.open = true;
  return step;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  if (event.data?.type === 'trace') render(event.data);
});
vscode.postMessage({ type: 'ready' });
