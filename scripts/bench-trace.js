#!/usr/bin/env node
// Live tracing benchmark (issue #15), in one run against the local ARM emulator and its gateway
// seeded with the sample: the time from the command to the trace shown, split into getting the
// debug token, the request through the gateway, fetching the trace and rendering it for the viewer
// (the view message built and serialised, as the extension posts it), and the share of it that is
// ours (everything but the emulator's own handling time). Numbers, not pass/fail: these machines
// are shared and noisy. Run: npm run bench:trace [-- RUNS]
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const out = (p) => require(path.join(root, 'out', p));
const { ArmEmulator, serviceId } = out('test/emulator/armEmulator.js');
const { GatewayEmulator } = out('test/emulator/gatewayEmulator.js');
const { seedFromApiops } = out('test/emulator/seedFromApiops.js');
const { createApimClient } = out('src/azure/apimClient.js');
const { DebugTokens, traceLiveRequest, gatewayUrlOf, liveTraceEntries } = out('src/tracing/liveTrace.js');
const { parseServiceId } = out('src/azure/scopes.js');
const { SecretSet } = out('src/common/secrets.js');
const { liveTraceViewRequest } = out('src/gateway/traceView.js');

const RUNS = Number(process.argv[2] ?? 30);
const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const arm = new ArmEmulator();
  const url = await arm.start();
  await seedFromApiops(arm, SVC, path.join(root, 'samples', 'contoso'), { 'func-app-1-key': 'one', 'func-app-2-key': 'two' });
  arm.put(`${SVC}/subscriptions/bench`, { scope: `${SVC}/products/project-1`, state: 'active', primaryKey: 'bench-key-0001', secondaryKey: 'bench-key-0002' });
  const gateway = new GatewayEmulator(arm, SVC);
  await gateway.start();
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) };
  const client = createApimClient(credential, SUB, { redirectTo: url });
  const service = parseServiceId(SVC);
  const gatewayUrl = await gatewayUrlOf(client, service);
  const request = { method: 'GET', url: '/orders/orders?top=5', headers: [['x-correlation-id', 'bench']], body: null };
  const rows = { token: [], request: [], trace: [], render: [], total: [], emulator: [] };
  for (let i = 0; i < RUNS + 3; i++) {
    const secrets = new SecretSet();
    // A new token each run (the first trace of a session): the slowest path.
    const tokens = new DebugTokens(client, service, secrets);
    const busy0 = arm.busyMs + gateway.busyMs;
    const t0 = performance.now();
    const r = await traceLiveRequest({ client, tokens, gatewayId: 'managed', gatewayUrl, api: 'orders-api', request, subscriptionKey: 'bench-key-0001', secrets });
    const t1 = performance.now();
    const view = liveTraceViewRequest({ request: r.request, response: r.response, entries: liveTraceEntries(r.trace), api: r.api }, undefined, () => undefined);
    JSON.stringify({ type: 'trace', title: 'live', requests: [view] });
    const t2 = performance.now();
    if (i < 3) continue; // warm-up
    rows.token.push(r.timings.tokenMs);
    rows.request.push(r.timings.requestMs);
    rows.trace.push(r.timings.traceMs);
    rows.render.push(t2 - t1);
    rows.total.push(t2 - t0);
    rows.emulator.push(arm.busyMs + gateway.busyMs - busy0);
  }
  await gateway.stop();
  await arm.stop();
  const total = median(rows.total);
  const emulator = median(rows.emulator);
  console.log(`${RUNS} traces of GET /orders/orders through the emulator's gateway (the sample's policies), each with a new debug token; medians:`);
  console.log('');
  console.log('step                                          ms');
  for (const [name, key] of [['debug token (listDebugCredentials)', 'token'], ['request through the gateway', 'request'], ['trace fetch (listTrace)', 'trace'], ['rendering for the viewer', 'render'], ['command to trace shown', 'total']]) {
    console.log(`${name.padEnd(40)} ${median(rows[key]).toFixed(2).padStart(7)}`);
  }
  console.log(`${'of which the emulator itself'.padEnd(40)} ${emulator.toFixed(2).padStart(7)}`);
  console.log('');
  console.log(`our share (everything but the emulator's handling): ${(((total - emulator) / total) * 100).toFixed(0)}% (${(total - emulator).toFixed(2)} ms)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
