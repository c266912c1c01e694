// The MCP server's live tools against the ARM emulator and its gateway, seeded with the sample:
// offered only with credentials; list_live_services, get_live_policy and trace_request (marked as
// sending traffic) give what Azure has, the trace compared with the simulator over the sample;
// nothing is written to Azure; a canary subscription key is in no result. Through the token broker
// (how VS Code starts it), the server signs its calls with the broker's token and holds no
// credential in its arguments or environment; a broker that is gone is a clear error.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { main } from '../../../src/cli/main';
import { startTokenBroker, TOKEN_BROKER_ENV } from '../../../src/mcp/tokenBroker';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { GatewayEmulator } from '../../emulator/gatewayEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { repoRoot, sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');
const KEY = 'canary-mcp-live-key-51c0';
const BROKER_TOKEN = 'canary-broker-token-9d2e77';
const CLI = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

type Answer = { isError?: boolean; content: { text?: string }[]; structuredContent?: Record<string, unknown> };

describe('apim-workbench mcp: live tools', () => {
  const arm = new ArmEmulator();
  let gateway: GatewayEmulator;
  let redirect: string;
  let dir: string;
  const clients: Client[] = [];
  const answers: Answer[] = [];

  const start = async (args: string[], env: Record<string, string> = {}): Promise<Client> => {
    const client = new Client({ name: 'apim-workbench-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', dir, ...args], stderr: 'pipe', env: { ...(process.env as Record<string, string>), APIM_WORKBENCH_ARM_REDIRECT: redirect, ...env } }));
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>): Promise<Answer> => {
    const r = (await client.callTool({ name, arguments: args })) as Answer;
    answers.push(r);
    return r;
  };

  before(async () => {
    redirect = await arm.start();
    await seedFromApiops(arm, SVC, sampleRoot, { 'func-app-1-key': 'func-one-secret-value', 'func-app-2-key': 'func-two-secret-value' });
    arm.put(`${SVC}/subscriptions/project-1-sub`, { displayName: 'Project 1', scope: `${SVC}/products/project-1`, state: 'active', primaryKey: KEY, secondaryKey: 'canary-mcp-live-secondary-0a4f' });
    gateway = new GatewayEmulator(arm, SVC);
    await gateway.start();
    dir = mkdtempSync(path.join(tmpdir(), 'apim-mcp-live-'));
    cpSync(sampleRoot, dir, { recursive: true });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await gateway.stop();
    await arm.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with --subscription: the live tools, trace_request marked as sending traffic', async () => {
    const client = await start(['--subscription', SUB]);
    const { tools } = await client.listTools();
    for (const name of ['list_live_services', 'get_live_policy', 'trace_request']) assert.ok(tools.some((t) => t.name === name), name);
    const trace = tools.find((t) => t.name === 'trace_request')!;
    assert.equal(trace.annotations?.readOnlyHint, false);
    assert.equal(trace.annotations?.openWorldHint, true);
    assert.equal(trace.annotations?.destructiveHint, false);
    assert.match(trace.description ?? '', /SENDS A REAL REQUEST/);

    const writesBefore = arm.writesSince(0).length;
    const services = await call(client, 'list_live_services', {});
    assert.deepEqual((services.structuredContent as { services: { name: string; resourceGroup: string }[] }).services.map((s) => [s.name, s.resourceGroup]), [['apim-contoso', 'rg-contoso']]);

    const policy = await call(client, 'get_live_policy', { resourceGroup: 'rg-contoso', service: 'apim-contoso', scope: 'api', api: 'orders-api' });
    assert.ok(!policy.isError, policy.content[0]?.text);
    assert.equal((policy.structuredContent as { text: string }).text.trim(), readFileSync(path.join(sampleRoot, 'apis', 'orders-api', 'policy.xml'), 'utf8').trim());

    const traced = await call(client, 'trace_request', { resourceGroup: 'rg-contoso', service: 'apim-contoso', method: 'GET', url: '/orders/orders?top=5', headers: { 'x-correlation-id': 'mcp-1' }, compareWith: '.' });
    assert.ok(!traced.isError, traced.content[0]?.text);
    const r = traced.structuredContent as { response: { status: number }; traced: { api: string; traceId: string }; trace: { traceEntries: Record<string, unknown[]> }; comparison: { first?: unknown } };
    assert.equal(r.response.status, 200);
    assert.equal(r.traced.api, 'orders-api');
    assert.ok((r.trace.traceEntries['inbound'] ?? []).length > 0);
    assert.equal(r.comparison.first, undefined, 'the simulator agrees with the live gateway on the sample');
    assert.match(traced.content[0]?.text ?? '', /the simulator agrees/);
    assert.equal(gateway.received.at(-1)?.headers['ocp-apim-subscription-key'], KEY, 'the key was found through the product and sent');
    // listDebugCredentials and listSecrets are POSTs that read; nothing else was written.
    assert.deepEqual(arm.writesSince(writesBefore).filter((w) => !/listDebugCredentials|listSecrets|listTrace/i.test(w.path)), []);

    // What `apim-workbench trace --format json` gives for the same request.
    const http = path.join(dir, 'one.http');
    writeFileSync(http, 'GET /orders/orders?top=5 HTTP/1.1\nx-correlation-id: mcp-1\n');
    process.env['APIM_WORKBENCH_ARM_REDIRECT'] = redirect;
    const printed: string[] = [];
    try {
      assert.equal(await main(['trace', http, '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--format', 'json'], { out: (t) => printed.push(t), err: () => undefined }), 0);
    } finally {
      delete process.env['APIM_WORKBENCH_ARM_REDIRECT'];
    }
    const [cli] = JSON.parse(printed.join('\n')) as { response: { status: number; headers: [string, string][] }; traced: { api: string }; trace: { traceEntries: Record<string, { source: string }[]> } }[];
    assert.equal(r.response.status, cli!.response.status);
    assert.equal(r.traced.api, cli!.traced.api);
    const sources = (t: { traceEntries: Record<string, unknown[]> }) => Object.fromEntries(Object.entries(t.traceEntries).map(([k, v]) => [k, (v as { source: string }[]).map((e) => e.source)]));
    assert.deepEqual(sources(r.trace), sources(cli!.trace));

    const overLive = await call(client, 'trace_request', { resourceGroup: 'rg-contoso', service: 'apim-contoso', method: 'GET', url: '/orders/orders?top=5', headers: { 'x-correlation-id': 'mcp-live-1' }, compareWithLive: true });
    assert.ok(!overLive.isError, overLive.content[0]?.text);
    assert.equal((overLive.structuredContent as { comparison: { first?: unknown } }).comparison.first, undefined, 'the live policies simulated agree with the live gateway');
    assert.match(overLive.content[0]?.text ?? '', /the simulator agrees/);

    const nowhere = await call(client, 'trace_request', { resourceGroup: 'rg-contoso', service: 'apim-contoso', method: 'GET', url: '/no-such-api/x' });
    assert.equal(nowhere.isError, true);
    assert.match(nowhere.content[0]?.text ?? '', /No API of apim-contoso serves \/no-such-api\/x/);
    const otherSub = await call(client, 'list_live_services', { subscription: '00000000-0000-0000-0000-000000000000' });
    assert.match(otherSub.content[0]?.text ?? '', /not one this server may use/);

    for (const a of answers) {
      const text = JSON.stringify(a);
      assert.ok(!text.includes(KEY) && !text.includes(encodeURIComponent(KEY)), 'the subscription key is in a result');
      for (const token of gateway.received.map((x) => x.headers['apim-debug-authorization']).filter((t): t is string => !!t)) assert.ok(!text.includes(token), 'a debug token is in a result');
    }
  });

  test('through the token broker: the signed-in account\'s token signs the calls; no credential in the arguments or environment', async () => {
    const asked: string[][] = [];
    const broker = await startTokenBroker({ token: async (scopes, subscription) => (asked.push([...scopes, subscription ?? '(none)']), { token: BROKER_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 }), subscriptions: async () => [SUB] });
    try {
      const env = { [TOKEN_BROKER_ENV]: broker.path };
      assert.ok(!JSON.stringify(env).includes(BROKER_TOKEN));
      const client = await start([], env);
      assert.ok((await client.listTools()).tools.some((t) => t.name === 'trace_request'));
      const before = arm.requests.length;
      const services = await call(client, 'list_live_services', {});
      assert.ok(!services.isError, services.content[0]?.text);
      assert.equal(arm.requests.slice(before).at(-1)?.authorization, `Bearer ${BROKER_TOKEN}`);
      assert.deepEqual(asked[0], ['https://management.azure.com/.default', SUB], 'asked for the subscription\'s tenant');
      assert.ok(!JSON.stringify(services).includes(BROKER_TOKEN));
    } finally {
      await broker.close();
    }
    // The broker is gone (VS Code closed): a clear error, not a hang.
    const orphan = await start([], { [TOKEN_BROKER_ENV]: broker.path });
    const gone = await call(orphan, 'list_live_services', {});
    assert.equal(gone.isError, true);
    assert.match(gone.content[0]?.text ?? '', /Cannot reach the VS Code extension for a token/);
  });

  test('without credentials the live tools are not offered', async () => {
    const client = await start([], { APIM_WORKBENCH_ARM_REDIRECT: '' });
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(!names.includes('trace_request') && !names.includes('list_live_services'));
  });
});
