#!/usr/bin/env node
// Memory of long simulations, measured side by side in one run:
//  1. the gateway's heap (after a forced GC) over 50,000 requests with distinct URLs and rate-limit
//     keys and a 30-second response cache: it must stay flat once the caches are full;
//  2. the peak RSS of `apim-workbench simulate` on 1,000 and 10,000 requests, text and JSON: it
//     streams its report, so ten times the requests must not take ten times the memory.
// Run: npm run bench:memory (after npm run build and a tsc build of out/).
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

if (process.argv[2] === '--heap') {
  heapRun().catch((e) => {
    console.error(e);
    process.exit(1);
  });
  return;
}

function row(what, value, target = '') {
  console.log(`${what.padEnd(70)} ${String(value).padStart(14)}   ${target}`);
}

async function heapRun() {
  const { Gateway, SimulatedClock } = require(path.join(root, 'out/src/gateway/pipeline.js'));
  const { parsePolicy } = require(path.join(root, 'out/src/policy/policyParser.js'));
  const { MOCK_BACKEND } = require(path.join(root, 'out/src/gateway/simulateHttp.js'));
  const policy = '<policies><inbound><base /><rate-limit-by-key calls="1000" renewal-period="60" counter-key="@(context.Request.Url.Path)" /><cache-lookup vary-by-developer="false" vary-by-developer-groups="false"><vary-by-query-parameter>q</vary-by-query-parameter></cache-lookup></inbound><backend><base /></backend><outbound><base /><cache-store duration="30" /></outbound><on-error><base /></on-error></policies>';
  const clock = new SimulatedClock();
  const gw = new Gateway(
    { serviceName: 'bench', apis: [{ id: 'orders', path: 'orders', serviceUrl: 'https://backend.example.net', subscriptionRequired: false, operations: [{ id: 'op', method: 'GET', urlTemplate: '/items/{id}' }], policy: { document: parsePolicy(policy) } }], products: [], subscriptions: [], namedValues: new Map(), fragments: new Map(), backends: new Map() },
    { transport: MOCK_BACKEND, clock, recordChanges: false },
  );
  const total = 50_000;
  const heaps = [];
  for (let i = 1; i <= total; i++) {
    clock.advance(50);
    await gw.handle({ method: 'GET', url: `/orders/items/${i}?q=${i}` });
    if (i % (total / 10) === 0) {
      global.gc();
      heaps.push([i, process.memoryUsage().heapUsed, gw.stateSize()]);
    }
  }
  process.stdout.write(JSON.stringify(heaps));
}

function main() {
  console.log(`measure${' '.repeat(64)}result   target`);
  // 1. The gateway's heap over 50,000 requests, in its own process with --expose-gc.
  const heap = spawnSync(process.execPath, ['--expose-gc', __filename, '--heap'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (heap.status !== 0) throw new Error(heap.stderr);
  const heaps = JSON.parse(heap.stdout);
  for (const [n, bytes, entries] of heaps) row(`gateway heap after GC, ${n.toLocaleString('en-US')} requests (state entries ${entries})`, `${(bytes / 1e6).toFixed(1)} MB`);
  const early = heaps[2][1];
  const late = heaps[heaps.length - 1][1];
  row('heap growth from 15,000 to 50,000 requests', `${(((late - early) / early) * 100).toFixed(1)} %`, '≤ 10 %: ' + ((late - early) / early <= 0.1 ? 'met' : 'MISSED'));

  // 2. Peak RSS of the CLI's simulate, streaming its report.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bench-memory-'));
  const preload = path.join(tmp, 'maxrss.js');
  fs.writeFileSync(preload, "process.on('exit', () => require('node:fs').writeSync(2, `\\nMAXRSS ${process.resourceUsage().maxRSS}\\n`));\n");
  const peak = {};
  try {
    for (const count of [1000, 10000]) {
      const file = path.join(tmp, `r${count}.http`);
      const one = 'GET /orders/orders?top=5 HTTP/1.1\nOcp-Apim-Subscription-Key: bench-key\n\n###\n';
      fs.writeFileSync(file, one.repeat(count));
      for (const format of ['text', 'json']) {
        // Into a pipe read slowly, as a CI log is: the report must wait for its reader, not pile up.
        const out = path.join(tmp, `out-${count}-${format}`);
        const r = spawnSync('sh', ['-c', `"${process.execPath}" --require "${preload}" "${path.join(root, 'dist', 'cli.js')}" simulate "${path.join(root, 'samples', 'contoso')}" --request "${file}" --key bench-key=project-1 --format ${format} | (sleep 1; cat > "${out}")`], { encoding: 'utf8' });
        const kb = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
        if (!kb) throw new Error(`simulate failed: ${r.stderr.slice(0, 500)}`);
        peak[`${count}-${format}`] = kb;
        row(`simulate ${count.toLocaleString('en-US')} requests, ${format}: peak RSS (output ${(fs.statSync(out).size / 1e6).toFixed(1)} MB)`, `${(kb / 1024).toFixed(0)} MB`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const format of ['text', 'json']) {
    const ratio = peak[`10000-${format}`] / peak[`1000-${format}`];
    row(`peak RSS, 10,000 / 1,000 requests, ${format}`, `${ratio.toFixed(2)}×`, `≤ 1.5× (streamed): ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
  }
}

try {
  execFileSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
