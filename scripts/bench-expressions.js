#!/usr/bin/env node
// Expression engine benchmark (issue #3 targets), printed side by side in one run:
//   1. parse + check + compile the first 46 expressions of a 200-line policy, warm (target ≤ 5 ms)
//   2. evaluate a typical header expression, warm                              (target ≤ 2 µs)
//   3. that evaluation against a hand-written JS function doing the same work (target ≤ 20×)
// Numbers, not pass/fail: machines here are shared and noisy. Run: npm run bench:expressions
'use strict';

const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const out = (p) => require(path.join(root, 'out', 'src', p));
const { findExpressions } = out('expressions/expressionScanner.js');
const { loadCSharpParser, parsePolicyExpressions } = out('expressions/expressionParser.js');
const { prepareExpression, runExpression, createRuntime } = out('expressions/evaluate.js');
const { compile } = out('expressions/compiler.js');
const { checkExpression } = out('expressions/checker.js');
const { buildContext } = out('expressions/contextBuilder.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const t0 = performance.now();
  await loadCSharpParser();
  const initMs = performance.now() - t0;

  const policy = readFileSync(path.join(root, 'test', 'bench', 'policy-200-lines.xml'), 'utf8');
  const all = findExpressions(policy);
  const sample = all.slice(0, 46);
  // Documents are analysed in one batch (one tree-sitter call for all their expressions).
  const parseAndCompile = (list) => {
    const parsed = parsePolicyExpressions(list.map((x) => ({ value: x.text, offset: x.start })));
    for (const [i, x] of list.entries()) {
      const r = parsed[i];
      if (!r.body || r.diagnostics.length) throw new Error(`bench expression does not parse: ${x.text}`);
      const checked = checkExpression(r.body, { globals: { context: 'IContext' } });
      if (checked.diagnostics.length) throw new Error(`bench expression has diagnostics: ${x.text}: ${checked.diagnostics[0].message}`);
      compile(r.body, { globals: ['context'] });
    }
  };
  for (let i = 0; i < 20; i++) parseAndCompile(sample); // warm up
  const rounds = [];
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    parseAndCompile(sample);
    rounds.push(performance.now() - s);
  }
  const roundsAll = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    parseAndCompile(all);
    roundsAll.push(performance.now() - s);
  }

  // A typical header expression, and the same work written by hand in JS.
  const source = '@(context.Request.Headers.GetValueOrDefault("x-correlation-id", "none"))';
  const context = buildContext({ request: { headers: { 'X-Correlation-Id': 'abc-123', Accept: 'application/json' } } }, new Date('2026-01-01T00:00:00Z'));
  const prepared = await prepareExpression(source, { globals: { context } });
  if (!prepared.ok) throw new Error(prepared.error.message);
  const rt = createRuntime({ now: () => new Date('2026-01-01T00:00:00Z') });
  const globals = { context };
  const plain = { request: { headers: new Map([['x-correlation-id', ['abc-123']], ['accept', ['application/json']]]) } };
  const handWritten = (ctx) => {
    const v = ctx.request.headers.get('x-correlation-id'.toLowerCase());
    return v === undefined ? 'none' : v.join(',');
  };
  if (prepared.compiled.run(globals, rt) !== handWritten(plain)) throw new Error('the two implementations disagree');
  const N = 200_000;
  const timeIt = (fn) => {
    for (let i = 0; i < 20_000; i++) fn(); // warm up
    const samples = [];
    for (let r = 0; r < 7; r++) {
      const s = process.hrtime.bigint();
      for (let i = 0; i < N; i++) fn();
      samples.push(Number(process.hrtime.bigint() - s) / N);
    }
    return median(samples);
  };
  let sink;
  const oursNs = timeIt(() => {
    rt.steps = 0; // one evaluation's budget, as runExpression gives each evaluation
    sink = prepared.compiled.run(globals, rt);
  });
  const jsNs = timeIt(() => {
    sink = handWritten(plain);
  });
  void sink;
  void runExpression;

  const line = (label, value, target) => console.log(`${label.padEnd(64)} ${value.padStart(12)}   ${target}`);
  console.log(`C# parser cold start (wasm load, once per process): ${initMs.toFixed(1)} ms`);
  console.log('');
  line('measure', 'result', 'target');
  line('parse + check + compile 46 expressions of a 200-line policy (median)', `${median(rounds).toFixed(2)} ms`, `≤ 5 ms: ${median(rounds) <= 5 ? 'met' : 'MISSED'}`);
  line(`parse + check + compile all ${all.length} expressions (median)`, `${median(roundsAll).toFixed(2)} ms`, '(for reference)');
  line('evaluate a header expression, warm (median)', `${(oursNs / 1000).toFixed(3)} µs`, `≤ 2 µs: ${oursNs <= 2000 ? 'met' : 'MISSED'}`);
  line('the same in hand-written JS (median)', `${(jsNs / 1000).toFixed(3)} µs`, '');
  line('interpreter / hand-written JS', `${(oursNs / jsNs).toFixed(1)}×`, `≤ 20×: ${oursNs / jsNs <= 20 ? 'met' : 'MISSED'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
