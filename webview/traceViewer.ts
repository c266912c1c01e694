// The trace viewer's browser side: renders requests as sections of expandable steps. Everything
// from the trace is inserted with textContent, never as HTML; a step's file link asks the
// extension to reveal the policy.

import type { FromWebview, ToWebview, TraceViewRequest } from '../src/protocol/traceView';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };

const vscode = acquireVsCodeApi();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render(title: string, requests: readonly TraceViewRequest[]): void {
  const root = document.getElementById('root') as HTMLElement;
  root.replaceChildren();
  root.append(el('h1', undefined, title));
  for (const r of requests) {
    const head = el('h2');
    head.append(el('span', undefined, `${r.method} ${r.url} → `), el('span', r.status < 400 ? 'status-ok' : 'status-bad', `${r.status} ${r.reason}`));
    root.append(head);
    const response = el('details', 'response');
    response.append(el('summary', undefined, 'Response'));
    response.append(el('pre', undefined, [...r.headers.map(([n, v]) => `${n}: ${v}`), '', r.body ?? ''].join('\n')));
    root.append(response);
    let section = '';
    for (const e of r.entries) {
      if (e.section !== section) {
        section = e.section;
        root.append(el('div', 'section', section));
      }
      const step = el('details', `entry${e.error ? ' error' : ''}${e.notSimulated ? ' not-simulated' : ''}`);
      const summary = el('summary');
      summary.append(el('span', 'elapsed', e.elapsed), el('span', 'source', e.source + (e.notSimulated ? ' (not simulated)' : '') + (e.error ? ' (error)' : '')));
      if (e.file && e.line) {
        const link = el('a', 'where', `${e.file.split(/[\\/]/).slice(-3).join('/')}:${e.line}`);
        link.title = `Reveal ${e.file}:${e.line}`;
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
      root.append(step);
    }
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  if (event.data?.type === 'trace') render(event.data.title, event.data.requests);
});
vscode.postMessage({ type: 'ready' });
