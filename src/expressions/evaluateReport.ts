// An expression as a user types it (a bare C# expression, `@(…)` or `@{…}`) evaluated offline
// with an optional context, clock and named values, reported as `apim-workbench eval --format
// json` prints it and the MCP server's evaluate_expression returns it: the value and its .NET type,
// or the error with its line and column in the user's own text and the editor's "did you mean".

import { lineColumn } from '../common/span';
import { expressionDiagnostics } from '../language/policyDiagnostics';
import { buildContext, type ContextSpec } from './contextBuilder';
import { evaluateExpression } from './evaluate';
import { toDisplayString } from './runtime/operators';
import { toPlainJson } from './valueView';

export interface EvaluateReportOptions {
  readonly context?: ContextSpec;
  readonly now?: Date;
  readonly namedValues?: ReadonlyMap<string, string>;
  readonly maxSteps?: number;
}

export type EvaluateReport =
  | { readonly ok: true; readonly type: string; readonly value: unknown; readonly text: string; readonly traces: readonly string[] }
  | { readonly ok: false; readonly error: { readonly kind: string; readonly type: string; readonly message: string; readonly line?: number; readonly column?: number } };

export async function evaluateReport(typed: string, options: EvaluateReportOptions = {}): Promise<EvaluateReport> {
  // A bare C# expression is accepted too: wrapped as the gateway would see it, positions shifted back.
  const wrapped = !/^\s*@[({]/.test(typed);
  const source = wrapped ? `@(${typed})` : typed;
  const now = options.now ?? new Date();
  const traces: string[] = [];
  const context = buildContext(options.context ?? {}, now, (m) => traces.push(m));
  const r = await evaluateExpression(source, {
    globals: { context },
    now: () => now,
    ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
    resolveNamedValue: (n) => options.namedValues?.get(n),
  });
  if (!r.ok) {
    const shift = wrapped ? 2 : 0;
    const where = r.error.span ? lineColumn(typed, Math.max(0, Math.min(typed.length, r.error.span.start - shift))) : undefined;
    const type = r.error.kind === 'exception' ? r.error.type : r.error.kind;
    const message = `${r.error.message}${r.error.message.includes('Did you mean') ? '' : hintFor(source, r.error.span)}`;
    return { ok: false, error: { kind: r.error.kind, type, message, ...(where ? { line: where.line + 1, column: where.column + 1 } : {}) } };
  }
  return { ok: true, type: r.type, value: toPlainJson(r.value), text: toDisplayString(r.value), traces };
}

/** The editor's "did you mean" for an error at this span (an unknown member or name), when it has one. */
function hintFor(source: string, span: { start: number; end: number } | undefined): string {
  if (!span) return '';
  const d = expressionDiagnostics(source, undefined).find((x) => x.data?.['suggestion'] && x.span.start <= span.start && span.start <= x.span.end);
  const suggestion = d?.data?.['suggestion'];
  return suggestion ? ` Did you mean '${suggestion}'?` : '';
}
