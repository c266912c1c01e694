#!/usr/bin/env node
// Scale benchmark (issue #17), in one run on a generated estate (scripts/generate-estate.js; default
// 2,000 APIs × 5 operations, v7 layout, in a temporary folder): every figure with its target.
//   - lint of the whole estate with references resolved: time, per policy file (≤ 1 ms), beside
//     reading the same files from disk (fs only), and peak memory (≤ 1 GB, RSS sampled);
//   - the explorer's first render (≤ 300 ms: the first look, read without operations, and the
//     service's children presented, as the explorer shows it), the complete read that follows it
//     in the background, and the time to expand an API;
//   - re-lint after one change (≤ 50 ms): a policy edited, a named value removed (its users only);
//   - the language service's memory with the estate open (model, context, every result kept).
// Numbers, not pass/fail. Run: npm run bench:estate [-- --apis N --layout v7|cli]
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const N = Number(arg('apis', 2000));
const layout = arg('layout', 'v7');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const out = (p) => require(path.join(root, 'out', 'src', p));
const { loadApiopsService, policyText } = out('workspace/apiopsLoader.js');
const { nodeFileSystem } = out('workspace/fileSystem.js');
const { childrenOf, present } = out('explorer/explorerTree.js');
const { policyFilesOf } = out('language/lintWorkspace.js');
const { LintSession } = out('language/lintSession.js');
const { loadCSharpParser } = out('expressions/expressionParser.js');

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-estate-'));
  const service = path.join(tmp, 'estate');
  try {
    execFileSync('node', [path.join(root, 'scripts', 'generate-estate.js'), service, '--apis', String(N), '--layout', layout], { stdio: 'inherit' });
    await loadCSharpParser();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const heap0 = process.memoryUsage().heapUsed;

    // The explorer's first render, as ExplorerTreeProvider does it: a first look at the folder (no
    // operations read), the service node and its children presented; then the complete read.
    let t = performance.now();
    const firstLook = await loadApiopsService(nodeFileSystem, service, { operations: false });
    const serviceNode = { kind: 'service', service: firstLook };
    present(serviceNode);
    const top = childrenOf(serviceNode);
    top.forEach(present);
    const firstRender = performance.now() - t;
    t = performance.now();
    const model = await loadApiopsService(nodeFileSystem, service);
    const completeRead = performance.now() - t;
    const apisGroup = childrenOf({ kind: 'service', service: model }).find((n) => n.kind === 'group' && n.group === 'apis');
    t = performance.now();
    const apiNodes = childrenOf(apisGroup);
    apiNodes.forEach(present);
    const listApis = performance.now() - t;
    t = performance.now();
    const oneApi = childrenOf(apiNodes[Math.floor(apiNodes.length / 2)]);
    oneApi.forEach(present);
    const expandApi = performance.now() - t;
    if (!oneApi.some((n) => n.kind === 'operation')) throw new Error('the expanded API shows no operations');

    // Reading the same policy files, fs only.
    const files = policyFilesOf(model);
    t = performance.now();
    for (const f of files) await policyText(nodeFileSystem, f);
    const readOnly = performance.now() - t;

    // The whole estate linted, references resolved.
    const session = new LintSession(model);
    t = performance.now();
    const results = await session.lintAll();
    const lintAll = performance.now() - t;
    const errors = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);

    // One change: a policy edited; a named value removed (only its users are checked again).
    const victim = files.find((f) => f.scope === 'operation');
    const text = await policyText(nodeFileSystem, victim);
    const edits = [];
    for (let i = 0; i < 15; i++) {
      t = performance.now();
      await session.policyChanged(victim.path, text.replace('</policies>', `<!-- edit ${i} --></policies>`));
      edits.push(performance.now() - t);
    }
    const nv = model.namedValues[0];
    const without = { ...model, namedValues: model.namedValues.filter((n) => n !== nv) };
    t = performance.now();
    const rechecked = await session.serviceChanged(without, { kind: 'namedValue', name: nv.displayName });
    const nvChange = performance.now() - t;
    if (global.gc) global.gc();
    const heapOpen = process.memoryUsage().heapUsed - heap0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const row = (name, value, target) => console.log(`${name.padEnd(64)} ${value.padStart(12)}   ${target}`);
    console.log('');
    console.log(`estate: ${N} APIs × 5 operations, ${layout} layout, ${files.length} policy files (${errors} errors found)`);
    row('measure', 'result', 'target');
    row('lint of the whole estate, references resolved', `${(lintAll / 1000).toFixed(2)} s`, '');
    row('  per policy file', `${(lintAll / files.length).toFixed(3)} ms`, `≤ 1 ms: ${lintAll / files.length <= 1 ? 'met' : 'MISSED'}`);
    row('  reading the same files from disk (fs only)', `${(readOnly / 1000).toFixed(2)} s`, '');
    row('  lint / read', `${(lintAll / readOnly).toFixed(1)}×`, '');
    row('peak memory (RSS, sampled every 20 ms)', `${(peak / 1048576).toFixed(0)} MB`, `≤ 1 GB: ${peak <= 1024 * 1048576 ? 'met' : 'MISSED'}`);
    row('explorer first render (first look + the service node and its groups)', `${firstRender.toFixed(0)} ms`, `≤ 300 ms: ${firstRender <= 300 ? 'met' : 'MISSED'}`);
    row('  the complete read after it (operations; tree refreshed)', `${completeRead.toFixed(0)} ms`, '');
    row(`  listing the ${apiNodes.length} APIs`, `${listApis.toFixed(1)} ms`, '');
    row('  expanding an API', `${expandApi.toFixed(2)} ms`, '');
    row('re-lint after a policy is edited (median of 15)', `${median(edits).toFixed(2)} ms`, `≤ 50 ms: ${median(edits) <= 50 ? 'met' : 'MISSED'}`);
    row(`re-lint after a named value is removed (${rechecked.length} users re-checked)`, `${nvChange.toFixed(1)} ms`, `≤ 50 ms: ${nvChange <= 50 ? 'met' : 'MISSED'}`);
    row('language service heap with the estate open (model + results)', `${(heapOpen / 1048576).toFixed(0)} MB`, '');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
