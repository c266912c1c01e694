// The checker agrees with the interpreter on every expression we have that runs: the policies of
// the sample and the test fixtures, the reference's examples and the AI-gateway idioms the issue
// named. An expression the interpreter runs without error must check without error, and the
// checker's static type must admit the type of the value the interpreter produced (a static type
// narrower than the runtime's, or a wrong one, turns every later use into a false error).
// (Every row of the expression tables gets the same check in exprTable.ts.)

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkExpression, staticTypeAccepts, typeName } from '../../../src/expressions/checker';
import { evaluateExpression } from '../../../src/expressions/evaluate';
import { findExpressions } from '../../../src/expressions/expressionScanner';
import { loadCSharpParser, parsePolicyExpression } from '../../../src/expressions/expressionParser';
import { repoRoot } from '../helpers';
import { context } from './exprTable';

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? (n === 'node_modules' || n.startsWith('.') ? [] : files(p, ext)) : ext.test(n) ? [p] : [];
  });
}

/** Decodes what XML escapes in attribute values and text. */
function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const IDIOMS = [
  // AI-gateway policies read variables with a default and use the result as its type.
  '@(context.Variables.GetValueOrDefault<string>("model", "").Equals("gpt-4o", StringComparison.OrdinalIgnoreCase))',
  '@{ string s = context.Variables.GetValueOrDefault<string>("a", "x"); return s; }',
  '@(context.Variables.GetValueOrDefault<bool>("a", false) ? 1 : 2)',
  '@(context.Variables.GetValueOrDefault("correlationId", "none").Length)',
  '@(context.Variables.GetValueOrDefault<int>("count", 0) + 1)',
  '@((string)context.Variables.GetValueOrDefault("correlationId"))',
  '@(context.Request.Headers.GetValueOrDefault("X-Forwarded-For", "").Split(\',\').First().Trim())',
];

function collect(): { where: string; source: string }[] {
  const out: { where: string; source: string }[] = [];
  for (const f of [...files(path.join(repoRoot, 'samples'), /\.xml$/), ...files(path.join(repoRoot, 'test'), /\.xml$/)]) {
    const text = readFileSync(f, 'utf8');
    for (const e of findExpressions(text)) out.push({ where: path.relative(repoRoot, f), source: unescapeXml(e.text) });
  }
  const reference = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'unit', 'fixtures', 'reference-expressions.json'), 'utf8')) as { expressions: string[] };
  for (const source of reference.expressions) out.push({ where: 'reference-expressions.json', source });
  for (const source of IDIOMS) out.push({ where: 'AI-gateway idioms', source });
  return out;
}

describe('the checker agrees with the interpreter', () => {
  test('every expression that runs checks without error, and its static type admits the runtime value', async () => {
    await loadCSharpParser();
    const all = collect();
    let ran = 0;
    const disagreements: string[] = [];
    for (const { where, source } of all) {
      const r = await evaluateExpression(source, { globals: { context: context(), x: 1 }, now: () => new Date('2026-11-26T19:05:03Z'), random: () => 0.5, maxSteps: 100_000, regexTimeoutMs: 500 });
      if (!r.ok) continue;
      ran++;
      const parsed = parsePolicyExpression(source);
      if (!parsed?.body) continue;
      const checked = checkExpression(parsed.body, { globals: { context: 'IContext', x: 'int' } });
      const errors = checked.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) disagreements.push(`${where}: ${source} runs (${r.type}) but checks with ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}`);
      else if (!staticTypeAccepts(checked.type, r.value)) disagreements.push(`${where}: ${source} is typed ${typeName(checked.type)} but gives ${r.type}`);
    }
    assert.ok(ran >= 100, `only ${ran} of ${all.length} expressions ran`);
    if (process.env.DIFFERENTIAL_COUNT) console.log(`${ran} of ${all.length} expressions ran`);
    assert.deepEqual(disagreements, []);
  });
});
