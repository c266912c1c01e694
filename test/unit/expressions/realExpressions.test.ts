// No false errors on real policies: every expression in the reference's examples and in the
// Contoso sample parses and compiles cleanly, and the reference examples run.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { checkExpression } from '../../../src/expressions/checker';
import { buildContext } from '../../../src/expressions/contextBuilder';
import { evaluateExpression, prepareExpression } from '../../../src/expressions/evaluate';
import { loadCSharpParser, parsePolicyExpression } from '../../../src/expressions/expressionParser';
import { findExpressionEnd, findExpressions } from '../../../src/expressions/expressionScanner';
import { repoRoot, sampleRoot } from '../helpers';

before(async () => {
  await loadCSharpParser();
});

const reference = (JSON.parse(readFileSync(path.join(repoRoot, 'test/unit/fixtures/reference-expressions.json'), 'utf8')) as { expressions: string[] }).expressions;

describe('the reference’s expression examples', () => {
  test('there are examples to check', () => assert.ok(reference.length >= 10));
  for (const source of reference) {
    test(source.replace(/\s+/g, ' ').slice(0, 100), async () => {
      const context = buildContext({ request: { method: 'POST', headers: { Authorization: 'dXNlcjpwYXNz' } }, response: { statusCode: 200, headers: { 'Cache-Control': 'max-age=60' } }, variables: { maxAge: '120' } });
      const r = await evaluateExpression(source, { globals: { context, x: 2 } });
      assert.ok(r.ok, `${source}: ${r.ok ? '' : `${r.error.kind}: ${r.error.message}`}`);
      const parsed = parsePolicyExpression(source);
      assert.deepEqual(checkExpression(parsed!.body!, { globals: { context: 'IContext', x: 'int' } }).diagnostics.map((d) => d.message), []);
    });
  }
});

function policyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? policyFiles(p) : e.name === 'policy.xml' ? [p] : [];
  });
}

describe('expressions of the Contoso sample policies', () => {
  const found = policyFiles(sampleRoot).flatMap((file) => findExpressions(readFileSync(file, 'utf8')).map((x) => ({ file: path.relative(sampleRoot, file), ...x })));

  test('the sample has expressions in attributes and text, both forms', () => {
    assert.ok(found.length >= 25, `${found.length} expressions`);
    assert.ok(found.some((x) => x.text.startsWith('@{')));
  });

  for (const x of found) {
    test(`${x.file}: ${x.text.replace(/\s+/g, ' ').slice(0, 80)}`, async () => {
      const parsed = parsePolicyExpression(x.text, x.start);
      assert.deepEqual(parsed?.diagnostics.map((d) => d.message), []);
      const prepared = await prepareExpression(x.text, { offset: x.start, globals: { context: null } });
      assert.ok(prepared.ok, prepared.ok ? '' : `${prepared.error.kind}: ${prepared.error.message}`);
      assert.deepEqual(checkExpression(parsed!.body!, { globals: { context: 'IContext' } }).diagnostics.map((d) => d.message), []);
    });
  }
});

describe('findExpressionEnd', () => {
  const CASES: [string, string][] = [
    // [text from the expression on, the expression it finds]
    ['@(a.b(")") + c)" x', '@(a.b(")") + c)'],
    ["@(s == ')' ? 1 : 2)' rest", "@(s == ')' ? 1 : 2)"],
    ['@(@"c:\\(""x"")" + 1) tail', '@(@"c:\\(""x"")" + 1)'],
    ['@($"{(a ? "}" : "{")} )") end', '@($"{(a ? "}" : "{")} )")'],
    ['@{ var s = "}"; /* } */ // }\n return s; } after', '@{ var s = "}"; /* } */ // }\n return s; }'],
    ['@(GetValueOrDefault(&quot;a)&quot;, &quot;&quot;))" />', '@(GetValueOrDefault(&quot;a)&quot;, &quot;&quot;))'],
    ['@("""raw ) text""") x', '@("""raw ) text""")'],
    ['@(x < 3 && y > 2) <next/>', '@(x < 3 && y > 2)'],
  ];
  for (const [text, expected] of CASES) {
    test(expected.replace(/\s+/g, ' '), () => assert.equal(text.slice(0, findExpressionEnd(text, 0)), expected));
  }

  test('an unterminated expression has no end', () => {
    assert.equal(findExpressionEnd('@(context.Request.', 0), -1);
    assert.equal(findExpressionEnd('@(a]', 0), -1);
  });
});
