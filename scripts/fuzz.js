#!/usr/bin/env node
// Fuzzes the linter, the expression interpreter and the policy-test loader with mutated real
// inputs for a given time each, and prints, per target: inputs tried, crashes (an exception that
// escaped instead of a diagnostic or a .NET error), hangs (no answer within 5 s: the worker is
// replaced) and the slowest input. Crashing and hanging inputs are saved to fuzz-results/.
// Not part of npm test. Run: npm run fuzz -- [--seconds 600] [--target lint|eval|scenario] [--seed 1]
// (after npm run build and a tsc build of out/).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

const root = path.resolve(__dirname, '..');
const HANG_MS = 5000;

if (!isMainThread) {
  worker();
  return;
}

function worker() {
  const out = (p) => require(path.join(root, 'out', p));
  const { parsePolicy } = out('src/policy/policyParser.js');
  const { validatePolicy } = out('src/language/policyDiagnostics.js');
  const { loadCSharpParser } = out('src/expressions/expressionParser.js');
  const { evaluateExpression } = out('src/expressions/evaluate.js');
  const { buildContext } = out('src/expressions/contextBuilder.js');
  const { runScenarioFile, ScenarioError } = out('src/gateway/scenario.js');
  const ready = loadCSharpParser();
  const context = buildContext({ request: { method: 'POST', url: 'https://contoso.example/orders/1?x=1', headers: { Authorization: 'Bearer a.b.c', 'Content-Type': 'application/json' }, body: { a: [1, 2, { b: 'c' }] } }, variables: { n: 3, s: 'text' } }, new Date('2026-01-01T00:00:00Z'), () => undefined);
  const ctx = { scope: 'api', namedValues: new Set(['a', 'b']), backends: new Set(['b']), fragments: new Set(['f']) };
  parentPort.on('message', async ({ id, target, input }) => {
    await ready;
    const started = performance.now();
    try {
      if (target === 'lint') validatePolicy(parsePolicy(input), ctx);
      else if (target === 'eval') await evaluateExpression(input, { globals: { context }, now: () => new Date('2026-01-01T00:00:00Z') });
      else {
        const memory = { readFile: async () => input, readDirectory: async () => [], stat: async () => ({ isDirectory: false }) };
        try {
          await runScenarioFile('fuzz.apimtest.yaml', memory);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
        }
      }
      parentPort.postMessage({ id, ok: true, ms: performance.now() - started });
    } catch (e) {
      parentPort.postMessage({ id, ok: false, ms: performance.now() - started, error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e) });
    }
  });
}

/** A small deterministic random source. */
function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['<', '>', '"', "'", '@(', '@{', '{{', '}}', '(', ')', '{', '}', '</', '/>', '&amp;', '&quot;', ';', '.', ',', ' ', '\n', ':', '- ', '[', ']', '\\', '=>', '+', '*', 'null', '0', '-1', '2147483647', '"\\u0000"'];

function mutate(text, random) {
  let out = text;
  const edits = 1 + Math.floor(random() * 5);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 10));
    else if (kind < 0.6) out = out.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + out.slice(at);
    else if (kind < 0.9) out = out.slice(0, at) + out.slice(at, at + Math.floor(random() * 40)) + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + 20).repeat(1 + Math.floor(random() * 50)) + out.slice(at);
  }
  return random() < 0.08 ? out.slice(0, Math.floor(random() * out.length)) : out;
}

function files(dir, test) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'out' || e.name === 'dist') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (test(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

function seeds() {
  const policies = files(root, (n) => n.endsWith('.xml') && !n.includes('bench')).map((f) => fs.readFileSync(f, 'utf8')).filter((t) => /<(policies|fragment)/.test(t));
  const expressions = [...new Set(policies.flatMap((t) => [...t.matchAll(/@\((?:[^"<>]|"[^"]*")*?\)(?=")/g)].map((m) => m[0].replace(/&quot;/g, '"'))))].filter((e) => e.length < 400);
  const scenarios = files(root, (n) => n.endsWith('.apimtest.yaml')).map((f) => fs.readFileSync(f, 'utf8'));
  return { lint: policies, eval: expressions, scenario: scenarios };
}

async function fuzz(target, inputs, seconds, seed) {
  const random = seeded(seed);
  const outDir = path.join(root, 'fuzz-results');
  let worker;
  let pending;
  const start = () => {
    worker = new Worker(__filename);
    worker.on('message', (m) => pending?.resolve(m));
    worker.on('error', (e) => pending?.resolve({ ok: false, ms: 0, error: `worker died: ${e.message}` }));
    worker.on('exit', (code) => pending?.resolve({ ok: false, ms: 0, error: `worker exited ${code}` }));
  };
  start();
  const stats = { tried: 0, crashes: 0, hangs: 0, slowest: { ms: 0, input: '' } };
  const save = (kind, input, error) => {
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `${target}-${kind}-${stats.tried}.txt`);
    fs.writeFileSync(file, `${error ?? ''}\n-----\n${input}`);
    return file;
  };
  const until = Date.now() + seconds * 1000;
  let id = 0;
  while (Date.now() < until) {
    const input = mutate(inputs[Math.floor(random() * inputs.length)], random);
    const message = { id: ++id, target, input };
    const answer = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ hang: true }), HANG_MS);
      pending = { resolve: (m) => (clearTimeout(timer), resolve(m)) };
      worker.postMessage(message);
    });
    pending = undefined;
    stats.tried++;
    if (answer.hang) {
      stats.hangs++;
      console.log(`  hang: ${save('hang', input)}`);
      await worker.terminate();
      start();
      continue;
    }
    if (!answer.ok) {
      stats.crashes++;
      console.log(`  crash: ${answer.error} (${save('crash', input, answer.error)})`);
      if (/worker (died|exited)/.test(answer.error)) start();
    }
    if (answer.ms > stats.slowest.ms) stats.slowest = { ms: answer.ms, input };
  }
  await worker.terminate();
  return stats;
}

async function main() {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const seconds = Number(arg('seconds', '60'));
  const seed = Number(arg('seed', '1'));
  const only = arg('target', undefined);
  const all = seeds();
  console.log(`fuzzing for ${seconds} s per target, seed ${seed}; seeds: ${all.lint.length} policies, ${all.eval.length} expressions, ${all.scenario.length} test files`);
  const rows = [];
  for (const target of ['lint', 'eval', 'scenario']) {
    if (only && only !== target) continue;
    console.log(`${target}:`);
    const s = await fuzz(target, all[target], seconds, seed);
    rows.push([target, s]);
    console.log(`  ${s.tried.toLocaleString('en-US')} inputs, ${s.crashes} crashes, ${s.hangs} hangs, slowest ${s.slowest.ms.toFixed(0)} ms (${s.slowest.input.length.toLocaleString('en-US')} characters: ${JSON.stringify(s.slowest.input.slice(0, 80))}…)`);
  }
  console.log('');
  console.log('target     inputs   crashes  hangs  slowest');
  for (const [t, s] of rows) console.log(`${t.padEnd(10)} ${String(s.tried).padStart(7)} ${String(s.crashes).padStart(9)} ${String(s.hangs).padStart(6)}  ${s.slowest.ms.toFixed(0)} ms`);
  process.exitCode = rows.some(([, s]) => s.crashes || s.hangs) ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
