// `apim-workbench eval`: a policy expression evaluated offline, with an optional context file,
// clock and named values. Errors point into the user's own text (a bare expression is wrapped in
// @( ) for the engine, and positions are given back without that wrapper), with the editor's
// "did you mean" for unknown names.

import { lineColumn } from '../common/span';
import { didYouMean } from '../common/suggest';
import { buildContext, unknownContextKeys, type ContextSpec } from '../expressions/contextBuilder';
import { evaluateExpression } from '../expressions/evaluate';
import { toDisplayString } from '../expressions/runtime/operators';
import { toPlainJson } from '../expressions/valueView';
import { expressionDiagnostics } from '../language/policyDiagnostics';
import { CliError, EXIT, errColors, parseOptions, readJsonFile } from './cliSupport';
import type { Command } from './command';

const OPTIONS = {
  context: { type: 'string' },
  format: { type: 'string', choices: ['text', 'json'] },
  now: { type: 'string' },
  'named-value': { type: 'string', multiple: true },
  'max-steps': { type: 'string', minInteger: 1 },
} as const;

export const evalCommand: Command = {
  name: 'eval',
  usage: "eval '<@(expression) or @{statements}>' [--context file.json] [--format text|json] [--now ISO] [--named-value NAME=VALUE]... [--max-steps N]",
  summary: 'Evaluate a policy expression offline and print its value and .NET type, or the error with its line and column. A bare C# expression is taken as @(...).',
  async run(args, io) {
    const { values, positionals } = parseOptions('eval', args, OPTIONS);
    const typed = positionals[0];
    if (typed === undefined) throw new CliError("eval needs an expression, for example: apim-workbench eval '@(DateTime.UtcNow.ToString(\"o\"))'");
    // A bare C# expression is accepted too: wrapped as the gateway would see it, positions shifted back.
    const wrapped = !/^\s*@[({]/.test(typed);
    const source = wrapped ? `@(${typed})` : typed;
    const spec = values.context ? await contextFile(values.context) : {};
    const now = values.now ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new CliError(`eval: --now must be an ISO 8601 date and time such as 2026-02-28T12:00:00Z, not '${values.now}'.`);
    const namedValues = new Map(namedValueOptions('eval', values['named-value']));
    const traces: string[] = [];
    const context = buildContext(spec, now, (m) => traces.push(m));
    const r = await evaluateExpression(source, {
      globals: { context },
      now: () => now,
      ...(values['max-steps'] ? { maxSteps: Number(values['max-steps']) } : {}),
      resolveNamedValue: (n) => namedValues.get(n),
    });
    const json = values.format === 'json';
    if (!r.ok) {
      const shift = wrapped ? 2 : 0;
      const where = r.error.span ? lineColumn(typed, Math.max(0, Math.min(typed.length, r.error.span.start - shift))) : undefined;
      const kind = r.error.kind === 'exception' ? r.error.type : r.error.kind;
      const message = `${r.error.message}${r.error.message.includes('Did you mean') ? '' : hintFor(source, r.error.span)}`;
      if (json) io.out(JSON.stringify({ ok: false, error: { kind: r.error.kind, type: kind, message, line: where ? where.line + 1 : undefined, column: where ? where.column + 1 : undefined } }, null, 2));
      else io.err(`${where ? `(${where.line + 1}:${where.column + 1}) ` : ''}${errColors(io).red(kind)}: ${message}`);
      return EXIT.problems;
    }
    if (json) io.out(JSON.stringify({ ok: true, type: r.type, value: toPlainJson(r.value), text: toDisplayString(r.value), traces }, null, 2));
    else {
      for (const t of traces) io.err(`trace: ${t}`);
      io.out(`${toDisplayString(r.value)}\n(${r.type})`);
    }
    return EXIT.ok;
  },
};

/** The editor's "did you mean" for an error at this span (an unknown member or name), when it has one. */
function hintFor(source: string, span: { start: number; end: number } | undefined): string {
  if (!span) return '';
  const d = expressionDiagnostics(source, undefined).find((x) => x.data?.['suggestion'] && x.span.start <= span.start && span.start <= x.span.end);
  const suggestion = d?.data?.['suggestion'];
  return suggestion ? ` Did you mean '${suggestion}'?` : '';
}

async function contextFile(file: string): Promise<ContextSpec> {
  const spec = await readJsonFile(file, '--context');
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new CliError(`${file} (--context) must hold a JSON object: { "request": { … }, "variables": { … }, … }.`);
  const [unknown] = unknownContextKeys(spec);
  if (unknown) throw new CliError(`${file} (--context): unknown key '${unknown.path}'.${didYouMean(unknown.key, unknown.known).text} Known: ${unknown.known.join(', ')}.`);
  return spec as ContextSpec;
}

/** `--named-value NAME=VALUE` options as pairs (the value may hold '=' itself). */
export function namedValueOptions(command: string, options: readonly string[] | undefined): [name: string, value: string][] {
  return (options ?? []).map((nv) => {
    const eq = nv.indexOf('=');
    if (eq <= 0) throw new CliError(`${command}: --named-value needs NAME=VALUE, not '${nv}'.`);
    return [nv.slice(0, eq), nv.slice(eq + 1)];
  });
}
