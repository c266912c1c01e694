#!/usr/bin/env node
// Benchmarks of the gateway simulator, printed side by side in one run:
//   1. one request through the Contoso sample's Orders API chain (global CORS and correlation-id
//      fragment, Project 1's rate limit and routing, the operation policy), canned backend; target
//      ≤ 100 µs warm;
//   2. a request forwarded to a real local HTTP backend through the simulator, over calling that
//      backend directly (p50 latency ratio); target ≤ 1.3×. The backend runs in its own process,
//      as a Function host on localhost:7071 would; the same ratio with the backend inside this
//      process (sharing its event loop and CPU, the hardest case) is printed for reference.
// Usage: npm run bench:simulator (builds out/ first).

const { execFileSync, fork } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.join(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const out = (p) => require(path.join(root, 'out', 'src', p));
const { Gateway, SimulatedClock } = out('gateway/pipeline');
const { gatewayFromApiops } = out('gateway/apiopsGateway');
const { HttpTransport } = out('gateway/httpTransport');
const { loadApiopsService } = out('workspace/apiopsLoader');
const { nodeFileSystem } = out('workspace/fileSystem');
const { parsePolicy } = out('policy/policyParser');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The local backend: 200 with a small JSON body, after reading the request. */
function backendServer() {
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
}

if (process.argv[2] === '--backend') {
  const server = backendServer();
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  process.on('disconnect', () => process.exit(0));
  return;
}

async function main() {
  const service = await loadApiopsService(nodeFileSystem, path.join(root, 'samples', 'contoso'));
  const config = await gatewayFromApiops(service, nodeFileSystem, [{ key: 'bench-key', product: 'project-1' }]);
  config.namedValues.set('func-app-1-key', { value: 'bench-function-key', secret: true });
  const canned = { send: async () => ({ kind: 'response', status: 200, headers: [['Content-Type', 'application/json']], body: '[]', delayMs: 0 }) };
  const clock = new SimulatedClock();
  // A generous rate limit is still counted: move the clock so the window never fills.
  // As policy test runs configure it (no before/after per step); measured with it too, below.
  const gateway = new Gateway(config, { transport: canned, clock, random: () => 0.5, recordChanges: false });
  const withChanges = new Gateway(config, { transport: canned, clock, random: () => 0.5 });
  const request = { method: 'GET', url: '/orders/orders?top=5', headers: [['Ocp-Apim-Subscription-Key', 'bench-key'], ['x-correlation-id', 'bench']] };
  const first = await gateway.handle(request);
  if (first.response.status !== 200 || first.unsimulated.length) throw new Error(`the sample request did not run cleanly: ${first.response.status} ${first.unsimulated.join(', ')}`);
  for (let i = 0; i < 2000; i++) {
    clock.advance(1000);
    await gateway.handle(request);
  }
  for (let i = 0; i < 2000; i++) {
    clock.advance(1000);
    await withChanges.handle(request);
  }
  // Rounds of both configurations, interleaved so machine noise hits them alike.
  const times = [];
  const timesWithChanges = [];
  for (let round = 0; round < 30; round++) {
    for (const [g, out] of [[gateway, times], [withChanges, timesWithChanges]]) {
      const n = 200;
      const s = performance.now();
      for (let i = 0; i < n; i++) {
        clock.advance(1000);
        await g.handle(request);
      }
      out.push(((performance.now() - s) / n) * 1000);
    }
  }

  // A real local backend, called directly and through the simulator (same keep-alive agent).
  const child = fork(__filename, ['--backend'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const outOfProcess = await measureBackend(await new Promise((r) => child.once('message', r)));
  child.disconnect();
  const server = backendServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const inProcess = await measureBackend(server.address().port);
  server.close();

  const row = (name, value, target) => console.log(`${name.padEnd(72)}${value.padStart(12)}   ${target}`);
  console.log(`${'measure'.padEnd(72)}${'result'.padStart(12)}   target`);
  const sim = median(times);
  row('simulate one request through the sample Orders API chain (median)', `${sim.toFixed(1)} µs`, `≤ 100 µs: ${sim <= 100 ? 'met' : 'MISSED'}`);
  row('the same, recording each step\'s before/after (editor, simulate)', `${median(timesWithChanges).toFixed(1)} µs`, '(for reference)');
  row('call a local HTTP backend (own process) directly, p50', `${outOfProcess.direct.toFixed(0)} µs`, '');
  row('the same through the simulator (forward-request), p50', `${outOfProcess.via.toFixed(0)} µs`, '');
  row('simulator / direct, p50', `${outOfProcess.ratio.toFixed(2)}×`, `≤ 1.3×: ${outOfProcess.ratio <= 1.3 ? 'met' : 'MISSED'}`);
  row('the same with the backend inside this process: direct / simulator, p50', `${inProcess.direct.toFixed(0)} / ${inProcess.via.toFixed(0)} µs`, '(for reference)');
  row('simulator / direct, p50, backend inside this process', `${inProcess.ratio.toFixed(2)}×`, '(for reference)');
}

/** p50 of calling the backend directly and through a one-policy gateway, interleaved. */
async function measureBackend(port) {
  const transport = new HttpTransport();
  const local = new Gateway(
    {
      serviceName: 'bench',
      global: { document: parsePolicy('<policies><inbound /><backend><forward-request timeout="10" /></backend><outbound /><on-error /></policies>') },
      apis: [{ id: 'local', path: 'local', serviceUrl: `http://127.0.0.1:${port}`, subscriptionRequired: false, operations: [{ id: 'any', method: '*', urlTemplate: '/*' }] }],
      products: [],
      subscriptions: [],
      namedValues: new Map(),
      fragments: new Map(),
      backends: new Map(),
    },
    { transport, clock: new SimulatedClock(), recordChanges: false },
  );
  const direct = () => transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/items`, headers: [], body: null }, 10000);
  const via = () => local.handle({ method: 'GET', url: '/local/items' });
  for (let i = 0; i < 300; i++) {
    await direct();
    await via();
  }
  const d = [];
  const g = [];
  for (let i = 0; i < 2000; i++) {
    let s = performance.now();
    await direct();
    d.push(performance.now() - s);
    s = performance.now();
    const r = await via();
    g.push(performance.now() - s);
    if (r.response.status !== 200) throw new Error(`local backend call failed: ${r.response.status}`);
  }
  return { direct: median(d) * 1000, via: median(g) * 1000, ratio: median(g) / median(d) };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
