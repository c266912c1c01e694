// Deep, huge, empty and hostile input: the checker reports it instead of crashing, the interpreter
// stops runaway values with .NET exceptions at a position, one bad file or request never takes the
// others with it; plus fixed-seed mutations of real policies and expressions that must never throw.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { main } from '../../src/cli/main';
import { evaluateExpression } from '../../src/expressions/evaluate';
import { loadCSharpParser } from '../../src/expressions/expressionParser';
import { runScenarioFile } from '../../src/gateway/scenario';
import { lintFile } from '../../src/language/lintWorkspace';
import { validatePolicy } from '../../src/language/policyDiagnostics';
import { parsePolicy } from '../../src/policy/policyParser';
import type { FileSystem } from '../../src/workspace/fileSystem';
import { repoRoot, sampleRoot, tempFolder } from './helpers';

before(async () => {
  await loadCSharpParser();
});

const policy = (inbound: string): string => `<policies><inbound>${inbound}</inbound></policies>`;
const attrExpr = (expr: string): string => policy(`<set-variable name="v" value="@(${expr})" />`);

/** A small deterministic random source. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `text` with a few characters deleted, duplicated or inserted (tags, quotes, expression starts). */
function mutate(text: string, random: () => number): string {
  const pieces = ['<', '>', '"', "'", '@(', '@{', '{{', '}}', '(', ')', '{', '}', '</', '/>', '&amp;', '&', ';', '.', ' ', '\n'];
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.33) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (kind < 0.66) out = out.slice(0, at) + (pieces[Math.floor(random() * pieces.length)] as string) + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + Math.floor(random() * 20)) + out.slice(at);
  }
  return random() < 0.1 ? out.slice(0, Math.floor(random() * out.length)) : out;
}

function samplePolicies(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.xml')) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(sampleRoot);
  walk(path.join(repoRoot, 'test', 'fixtures', 'policies'));
  return out;
}

describe('deep and huge input becomes diagnostics (F1–F5)', () => {
  const deep: [string, string, string][] = [
    ['2,000 nested parentheses (a 4 KB file)', attrExpr(`${'('.repeat(2000)}1${')'.repeat(2000)}`), 'tooDeep'],
    ['1,500 nested <choose>', policy(`${'<choose><when condition="@(true)">'.repeat(1500)}<set-header name="a" />${'</when></choose>'.repeat(1500)}`), 'tooDeep'],
    ['a chain of 1,000 calls', attrExpr(`"x"${'.ToLower()'.repeat(1000)}`), 'tooDeep'],
    ['a concatenation of 1,500 terms', attrExpr(`"a"${' + "a"'.repeat(1500)}`), 'tooDeep'],
    ['10,000 nested blocks', policy(`<set-variable name="v" value="@{ ${'{ '.repeat(10000)}return 1;${' }'.repeat(10000)} }" />`), 'tooDeep'],
    ['100,000 unclosed elements', `<policies>${'<a>'.repeat(100000)}`, 'tooDeep'],
    ['a 10 MB expression', attrExpr(`"${'a'.repeat(10_000_000)}"`), 'expressionTooLong'],
    ['a 1 MB unterminated expression', policy(`<set-variable name="v" value="@(a${'.a'.repeat(500_000)}" />`), 'expressionTooLong'],
    ['a 40 KB unterminated expression', policy(`<set-variable name="v" value="@(a${'.a'.repeat(20_000)}" />`), 'unclosedExpression'],
    ['an empty document', '', 'emptyDocument'],
    ['white space only', '  \n\t ', 'emptyDocument'],
    ['a byte-order mark only', '\uFEFF', 'emptyDocument'],
  ];
  for (const [name, text, code] of deep) {
    test(`${name}: ${code}, no crash`, () => {
      const diagnostics = validatePolicy(parsePolicy(text), {});
      assert.ok(diagnostics.some((d) => d.code === code), diagnostics.map((d) => `${d.code}: ${d.message}`).slice(0, 5).join('\n'));
    });
  }

  test('what real policies do stays well within the limits: 200 chained calls, 400 terms, 230 parentheses', async () => {
    for (const expr of [`"x"${'.ToLower()'.repeat(200)}`, `"a"${' + "a"'.repeat(400)}`, `${'('.repeat(230)}1${')'.repeat(230)}`]) {
      assert.deepEqual(validatePolicy(parsePolicy(attrExpr(expr)), {}).filter((d) => d.severity === 'error'), []);
      assert.equal((await evaluateExpression(`@(${expr})`)).ok, true);
    }
  });

  test('10,000 attributes on one element: the problems are capped, and counted', () => {
    const d = validatePolicy(parsePolicy(policy(`<set-header ${Array.from({ length: 10000 }, (_, i) => `a${i}="1"`).join(' ')} />`)), {});
    assert.ok(d.length <= 501, String(d.length));
    assert.match(d[d.length - 1]?.message ?? '', /more problems, not listed/);
  });

  test('F2 and F3: one pathological file never aborts the lint of a folder, and the C# parser stays usable after a huge expression', async () => {
    const t = tempFolder({
      'apis/a/apiInformation.json': '{"properties":{"displayName":"A","path":"a"}}',
      'apis/a/policy.xml': attrExpr(`${'('.repeat(3000)}1${')'.repeat(3000)}`),
      'apis/b/apiInformation.json': '{"properties":{"displayName":"B","path":"b"}}',
      'apis/b/policy.xml': attrExpr(`"${'a'.repeat(10_000_000)}"`),
      'apis/c/apiInformation.json': '{"properties":{"displayName":"C","path":"c"}}',
      'apis/c/policy.xml': policy('<base /><unknown-policy />'),
    });
    try {
      const out: string[] = [];
      const code = await main(['lint', t.root], { out: (s) => out.push(s), err: (s) => out.push(s) });
      const text = out.join('\n');
      assert.equal(code, 1);
      assert.match(text, /apis\/a\/policy\.xml:\d+:\d+: error tooDeep/);
      assert.match(text, /apis\/b\/policy\.xml:\d+:\d+: error expressionTooLong/);
      assert.match(text, /apis\/c\/policy\.xml:\d+:\d+: error unknownPolicy/);
      const small = path.join(t.root, 'small.policy.xml');
      writeFileSync(small, attrExpr('context.Bar'));
      assert.deepEqual((await lintFile(small, undefined)).diagnostics.map((d) => d.code), ['unknownMember']);
    } finally {
      t.dispose();
    }
  });
});

describe('expressions stop cleanly (E1–E4)', () => {
  const bombs: [string, string, string][] = [
    ["new string('a', 300000000).Replace(\"a\", \"aa\")", 'System.OutOfMemoryException', 'a 300 M character string'],
    ["Convert.FromBase64String(new string('A', 400000000)).Length", 'System.OutOfMemoryException', 'a 400 M character input'],
    ["new string('a', int.MaxValue).Length", 'System.OutOfMemoryException', 'int.MaxValue characters'],
    ['"a".PadLeft(int.MaxValue).Length', 'System.OutOfMemoryException', 'padding to int.MaxValue'],
  ];
  for (const [expr, type, what] of bombs) {
    test(`a memory bomb (${what}) stops with ${type} and a position`, async () => {
      const r = await evaluateExpression(`@(${expr})`);
      assert.ok(!r.ok && r.error.kind === 'exception' && r.error.type === type && r.error.span !== undefined, JSON.stringify(r));
    });
  }

  test('a string doubled 40 times stops at the memory budget, at the statement that grew it', async () => {
    const r = await evaluateExpression('@{ var s = "ab"; for (var i = 0; i < 40; i++) { s = s + s; } return s.Length; }');
    assert.ok(!r.ok && r.error.kind === 'exception' && r.error.type === 'System.OutOfMemoryException' && r.error.span !== undefined, JSON.stringify(r));
  });

  test('deep XML and JSON values become .NET exceptions, not host errors', async () => {
    const xml = await evaluateExpression(`@(XElement.Parse("${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}").Name.LocalName)`);
    assert.ok(!xml.ok && xml.error.kind === 'exception' && /^System\./.test(xml.error.type), JSON.stringify(xml).slice(0, 300));
  });

  test('E1: --max-steps must be a number: "abc" is refused rather than disabling the budget', async () => {
    const out: string[] = [];
    const code = await main(['eval', '@{ while(true){} return 1; }', '--max-steps', 'abc'], { out: (s) => out.push(s), err: (s) => out.push(s) });
    assert.equal(code, 2);
    assert.match(out.join('\n'), /--max-steps must be a whole number/);
  });

  test('E4: an expression that hits a host limit fails that request through on-error; the next step still runs', async () => {
    const text = [
      'name: limits',
      'api: { name: a, path: a, serviceUrl: https://b.example.net }',
      'operations: [ { name: op, method: GET, urlTemplate: "/x" } ]',
      'policies:',
      "  api: <policies><inbound><base /><set-variable name=\"v\" value=\"@(new string('a', int.MaxValue).Length)\" /></inbound><backend><forward-request /></backend><on-error><set-status code=\"599\" reason=\"Limit\" /></on-error></policies>",
      'steps:',
      '  - name: step 1 gets the on-error 599',
      '    request: { method: GET, url: /a/x }',
      '    expect: { status: 599 }',
      '  - name: step 2 runs too',
      '    request: { method: GET, url: /a/x }',
      '    expect: { status: 599 }',
    ].join('\n');
    const fs: FileSystem = { readFile: async () => text, readDirectory: async () => [], stat: async () => ({ isDirectory: false }) };
    const r = await runScenarioFile('limits.apimtest.yaml', fs);
    assert.deepEqual(r.steps.map((s) => [s.name, s.passed]), [['step 1 gets the on-error 599', true], ['step 2 runs too', true]]);
    assert.match(r.steps[0]?.result.lastError?.message ?? '', /OutOfMemoryException/);
  });
});

describe('fixed-seed mutations never throw', () => {
  test('2,000 mutated policies: parse and check give diagnostics, never an exception', () => {
    const seeds = samplePolicies();
    const random = seeded(42);
    for (let i = 0; i < 2000; i++) {
      const input = mutate(seeds[i % seeds.length] as string, random);
      try {
        validatePolicy(parsePolicy(input), { scope: 'api', namedValues: new Set(['a']), backends: new Set(['b']), fragments: new Set(['f']) });
      } catch (e) {
        const dir = path.join(repoRoot, 'test-results');
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'mutation-crash.xml'), input);
        assert.fail(`mutation ${i} threw ${(e as Error).message} (input in test-results/mutation-crash.xml)`);
      }
    }
  });

  test('1,000 mutated expressions: evaluation gives a value or an error, never an exception', async () => {
    const seeds = ['context.Request.Headers.GetValueOrDefault("a", "b").ToUpper()', '@{ var x = 0; for (var i = 0; i < 3; i++) { x += i; } return x; }', 'new JObject(new JProperty("a", 1)).ToString()', 'string.Join(",", new[] { "a", "b" }.Select(s => s + "!"))', '(int)context.Variables.GetValueOrDefault<int>("n", 2) * 3'];
    const random = seeded(7);
    for (let i = 0; i < 1000; i++) {
      const seed = seeds[i % seeds.length] as string;
      const input = mutate(seed.startsWith('@') ? seed : `@(${seed})`, random);
      await assert.doesNotReject(() => evaluateExpression(input), `mutation ${i}: ${input}`);
    }
  });
});
