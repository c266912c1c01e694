// `apim-workbench eval`: a policy expression evaluated offline, with an optional context file,
// clock and named values. Errors point into the user's own text (a bare expression is wrapped in
// @( ) for the engine, and positions are given back without that wrapper), with the editor's
// "did you mean" for unknown names.

import { PROCESS_SECRETS } from '../common/secrets';
import { didYouMean } from '../common/suggest';
import { unknownContextKeys, type ContextSpec } from '../expressions/contextBuilder';
import { evaluateReport } from '../expressions/evaluateReport';
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
    const spec = values.context ? await contextFile(values.context) : {};
    const now = values.now ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new CliError(`eval: --now must be an ISO 8601 date and time such as 2026-02-28T12:00:00Z, not '${values.now}'.`);
    const namedValues = new Map(namedValueOptions('eval', values['named-value']));
    // Values given for named values are kept secret, as simulate and the MCP server keep them.
    PROCESS_SECRETS.addAll(namedValues.values());
    const r = await evaluateReport(typed, { context: spec, now, namedValues, ...(values['max-steps'] ? { maxSteps: Number(values['max-steps']) } : {}) });
    const json = values.format === 'json';
    if (!r.ok) {
      if (json) io.out(JSON.stringify(r, null, 2));
      else io.err(`${r.error.line !== undefined ? `(${r.error.line}:${r.error.column}) ` : ''}${errColors(io).red(r.error.type)}: ${r.error.message}`);
      return EXIT.problems;
    }
    if (json) io.out(JSON.stringify(r, null, 2));
    else {
      for (const t of r.traces) io.err(`trace: ${t}`);
      io.out(`${r.text}\n(${r.type})`);
    }
    return EXIT.ok;
  },
};

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
