#!/usr/bin/env node
// MCP server benchmark (issue #18), in one run on the sample: the server's start-up (process spawn
// to the first tools/list answer, over stdio, with the bundled CLI as VS Code runs it), and the
// round trip of lint_policy and simulate_request through the SDK's client beside the same work
// done in-process by the same functions (alternating rounds, medians). Numbers, not pass/fail.
// Run: npm run bench:mcp   (builds out/ and dist/ first)
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
execFileSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
const out = (p) => require(path.join(root, 'out', 'src', p));
const { openRoot, lintPolicy, simulateRequest } = out('mcp/mcpTools.js');

const sample = path.join(root, 'samples', 'contoso');
const ROUNDS = 30;
const STARTS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lintArgs = { file: 'apis/orders-api/policy.xml' };
const simArgs = { method: 'GET', url: '/orders/orders?top=5', headers: { 'Ocp-Apim-Subscription-Key': 'fake-project-1-key' }, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }] };

async function main() {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const connect = async () => {
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(root, 'dist', 'cli.js'), 'mcp', sample], stderr: 'ignore' }));
    await client.listTools();
    return client;
  };

  const starts = [];
  for (let i = 0; i < STARTS; i++) {
    const t = performance.now();
    const c = await connect();
    starts.push(performance.now() - t);
    await c.close();
  }

  const client = await connect();
  const r = await openRoot(sample);
  // Warm both paths (the C# parser, the first policy reads) before measuring.
  await client.callTool({ name: 'lint_policy', arguments: lintArgs });
  await client.callTool({ name: 'simulate_request', arguments: simArgs });
  await lintPolicy(r, lintArgs);
  await simulateRequest(r, simArgs);
  const m = { lintMcp: [], lintDirect: [], simMcp: [], simDirect: [] };
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const a = await client.callTool({ name: 'lint_policy', arguments: lintArgs });
    m.lintMcp.push(performance.now() - t);
    if (a.isError) throw new Error(a.content[0].text);
    t = performance.now();
    await lintPolicy(r, lintArgs);
    m.lintDirect.push(performance.now() - t);
    t = performance.now();
    const s = await client.callTool({ name: 'simulate_request', arguments: simArgs });
    m.simMcp.push(performance.now() - t);
    if (s.isError || s.structuredContent.response.status !== 200) throw new Error(JSON.stringify(s).slice(0, 300));
    t = performance.now();
    await simulateRequest(r, simArgs);
    m.simDirect.push(performance.now() - t);
  }
  await client.close();

  const row = (name, value, note = '') => console.log(`${name.padEnd(58)} ${value.padStart(10)}   ${note}`);
  console.log('');
  console.log(`MCP server on samples/contoso (medians; ${STARTS} starts, ${ROUNDS} alternating rounds)`);
  row('measure', 'result');
  row('start-up: spawn to the first tools/list answer', `${median(starts).toFixed(0)} ms`, `min ${Math.min(...starts).toFixed(0)} ms`);
  row('lint_policy (orders-api/policy.xml) over MCP', `${median(m.lintMcp).toFixed(2)} ms`);
  row('  the same in-process', `${median(m.lintDirect).toFixed(2)} ms`, `MCP/in-process ${(median(m.lintMcp) / median(m.lintDirect)).toFixed(2)}×`);
  row('simulate_request (GET /orders/orders) over MCP', `${median(m.simMcp).toFixed(2)} ms`);
  row('  the same in-process', `${median(m.simDirect).toFixed(2)} ms`, `MCP/in-process ${(median(m.simMcp) / median(m.simDirect)).toFixed(2)}×`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
