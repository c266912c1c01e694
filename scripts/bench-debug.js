#!/usr/bin/env node
// Policy debugger benchmark (issue #16), in one run: the simulator's time per request on the sample
// (GET /orders/orders through the global, product and operation policies and a fragment) with the
// debugger's hook installed and no breakpoints, against without it (target ≤ 1.1×), measured in
// alternating rounds; and the time from "Debug" to the first stop on the sample: in the extension
// host's way (the adapter inline: engine and run started, to the first stop) and through a DAP
// client talking to the adapter as a process (its start included). Numbers, not pass/fail.
// Run: npm run bench:debug
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const out = (p) => require(path.join(root, 'out', p));
const { gatewayFromApiops } = out('src/gateway/apiopsGateway.js');
const { Gateway, SimulatedClock } = out('src/gateway/pipeline.js');
const { MOCK_BACKEND } = out('src/gateway/simulateHttp.js');
const { loadApiopsService } = out('src/workspace/apiopsLoader.js');
const { nodeFileSystem } = out('src/workspace/fileSystem.js');
const { DebugEngine } = out('src/debug/debugEngine.js');
const { runTarget } = out('src/debug/debugTarget.js');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const sample = path.join(root, 'samples', 'contoso');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const subscriptions = [{ key: 'fake-project-1-key', product: 'project-1', state: 'active' }];
const request = { method: 'GET', url: '/orders/orders?top=5', headers: [['Ocp-Apim-Subscription-Key', 'fake-project-1-key']], body: null };

async function main() {
  const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, sample), nodeFileSystem, subscriptions);
  const readFile = (f) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  const plain = new Gateway(config, { transport: MOCK_BACKEND, clock: new SimulatedClock(0) });
  const engine = new DebugEngine({ stopped: () => engine.continue(), output: () => undefined }, readFile);
  const hooked = new Gateway(config, { transport: MOCK_BACKEND, clock: new SimulatedClock(0), hook: engine });
  const N = 300;
  const round = async (g) => {
    const s = performance.now();
    for (let i = 0; i < N; i++) await g.handle(request);
    return (performance.now() - s) / N;
  };
  for (let i = 0; i < 3; i++) {
    await round(plain);
    await round(hooked);
  }
  const a = [];
  const b = [];
  for (let i = 0; i < 15; i++) {
    a.push(await round(plain));
    b.push(await round(hooked));
  }
  const without = median(a);
  const withHook = median(b);

  // Debug to the first stop, inline: a new engine and target run, to the first stop event.
  const inline = [];
  for (let i = 0; i < 12; i++) {
    const s = performance.now();
    let t;
    const e = new DebugEngine({ stopped: () => { t = performance.now() - s; e.terminate(); }, output: () => undefined }, readFile);
    e.setStopOnEntry(true);
    await runTarget({ httpFile: path.join(sample, 'requests', 'orders.http'), requestNumber: 1, subscriptions }, e, nodeFileSystem).catch(() => undefined);
    if (i >= 2) inline.push(t);
  }

  // Through the protocol, with the adapter as a process.
  const dap = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const dc = new DebugClient('node', path.join(root, 'out', 'src', 'debug', 'debugMain.js'), 'apim-policy');
    dc.defaultTimeout = 20_000;
    const first = new Promise((resolve) => dc.once('stopped', () => resolve(performance.now() - s)));
    await dc.start();
    await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launch({ httpFile: path.join(sample, 'requests', 'orders.http'), requestNumber: 1, subscriptions, stopOnEntry: true })]);
    dap.push(await first);
    await dc.stop();
  }

  console.log('measure                                                              result   target');
  console.log(`simulator per request, no hook (median of 15 rounds of ${N})        ${without.toFixed(3).padStart(7)} ms`);
  console.log(`the same with the debugger's hook, no breakpoints                  ${withHook.toFixed(3).padStart(7)} ms`);
  console.log(`hook / no hook                                                      ${(withHook / without).toFixed(2).padStart(6)}×   ≤ 1.1×: ${withHook / without <= 1.1 ? 'met' : 'MISSED'}`);
  console.log(`"Debug" to the first stop, adapter inline (median)                 ${median(inline).toFixed(1).padStart(7)} ms`);
  console.log(`"Debug" to the first stop, adapter as a process over DAP (median)  ${median(dap).toFixed(0).padStart(7)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
