// `apim-workbench trace` against the ARM emulator's gateway, seeded with the sample: the response
// and the live trace printed (text and JSON), --compare with the sample folder beside it and the
// first difference marked on a real divergence, exit 2 when tracing fails, and a canary key and
// token never printed or written.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { createApimClient } from '../../../src/azure/apimClient';
import { DebugTokens, liveTraceEntries } from '../../../src/tracing/liveTrace';
import { traceRequests, type LiveTraceOutcome } from '../../../src/tracing/liveTraceSession';
import { parseServiceId } from '../../../src/azure/scopes';
import { SecretSet } from '../../../src/common/secrets';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { regressionTestYaml } from '../../../src/tracing/traceExport';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { parsePolicy } from '../../../src/policy/policyParser';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { GatewayEmulator } from '../../emulator/gatewayEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');
const KEY = 'canary-trace-key-4b8e1f';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('apim-workbench trace', () => {
  const arm = new ArmEmulator();
  let gateway: GatewayEmulator;
  let dir: string;
  let http: string;
  const args = (...extra: string[]): string[] => ['trace', http, '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', ...extra];
  const tokens = (): string[] => gateway.received.map((r) => r.headers['apim-debug-authorization']).filter((t): t is string => !!t);
  const noSecrets = (r: { out: string; err: string }): void => {
    for (const secret of [KEY, ...tokens()]) {
      assert.ok(!r.out.includes(secret) && !r.err.includes(secret), `a secret was printed: ${secret.slice(0, 12)}…`);
      assert.ok(!r.out.includes(encodeURIComponent(secret)), 'a secret was printed URL-encoded');
    }
    // Nothing but the request file is written next to it.
    assert.deepEqual(readdirSync(dir), ['requests.http']);
  };

  before(async () => {
    process.env['APIM_WORKBENCH_ARM_REDIRECT'] = await arm.start();
    await seedFromApiops(arm, SVC, sampleRoot, { 'func-app-1-key': 'func-one-secret-value', 'func-app-2-key': 'func-two-secret-value' });
    arm.put(`${SVC}/subscriptions/project-1-sub`, { displayName: 'Project 1', scope: `${SVC}/products/project-1`, state: 'active', primaryKey: KEY, secondaryKey: 'canary-trace-secondary-2c7d' });
    gateway = new GatewayEmulator(arm, SVC);
    await gateway.start();
    dir = mkdtempSync(path.join(tmpdir(), 'apim-cli-trace-'));
    http = path.join(dir, 'requests.http');
    writeFileSync(http, '# @name list\nGET /orders/orders?top=5 HTTP/1.1\nx-correlation-id: trace-1\n\n###\n\n# @name nowhere\nGET /no-such-api/x HTTP/1.1\n');
  });
  after(async () => {
    delete process.env['APIM_WORKBENCH_ARM_REDIRECT'];
    await gateway.stop();
    await arm.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    gateway.options.diverge = undefined;
  });

  test('prints the response and the gateway\'s trace, with the key found through the product', async () => {
    const r = await run(args('--request', '1'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^GET http:\/\/127\.0\.0\.1:\d+\/orders\/orders\?top=5 → 200 OK$/m);
    assert.match(r.out, /traced on gateway managed for API orders-api, trace [0-9a-f-]{36}/);
    assert.match(r.out, /^ {2}inbound {3}\S+ {2}api-inspector: request: /m);
    assert.match(r.out, /^ {2}backend {3}\S+ {2}request-forwarder: /m);
    assert.equal(gateway.received.at(-1)?.headers['ocp-apim-subscription-key'], KEY);
    noSecrets(r);
  });

  test('--format json: the response and the trace in listTrace\'s shape', async () => {
    const r = await run(args('--request', '1', '--format', 'json'));
    assert.equal(r.code, 0, r.err);
    const [one] = JSON.parse(r.out) as { response: { status: number }; trace: { traceEntries: Record<string, { source: string }[]> }; traced: { api: string } }[];
    assert.equal(one?.response.status, 200);
    assert.equal(one?.traced.api, 'orders-api');
    assert.equal(one?.trace.traceEntries['inbound']?.[0]?.source, 'api-inspector');
    noSecrets(r);
  });

  test('--compare: the same policies agree step by step; a policy the live gateway does not run is marked as the first difference', async () => {
    const same = await run(args('--request', '1', '--compare', sampleRoot));
    assert.equal(same.code, 0, same.err);
    assert.match(same.out, /live ⟷ simulated:/);
    assert.match(same.out, /the simulator agrees with the live gateway on every step and on the response/);
    // The live gateway now runs the operation without its policy (set-query-parameter): a policy it treats differently.
    gateway.options.diverge = { config: (c) => ({ ...c, apis: c.apis.map((a) => (a.id === 'orders-api' ? { ...a, operations: a.operations.map((o) => ({ ...o, policy: undefined })) } : a)) }) };
    const differs = await run(args('--request', '1', '--compare', sampleRoot));
    assert.equal(differs.code, 0, differs.err);
    assert.match(differs.out, /^ {2}▶ /m, differs.out);
    assert.match(differs.out, /first difference: step 11: set-query-parameter ran in the simulator only/);
    noSecrets(differs);
  });

  test('--compare live: the same request over the service\'s live policies agrees, and a divergence is marked', async () => {
    const same = await run(args('--request', '1', '--compare', 'live'));
    assert.equal(same.code, 0, same.err);
    assert.match(same.out, /the simulator agrees with the live gateway on every step and on the response/);
    gateway.options.diverge = { config: (c) => ({ ...c, apis: c.apis.map((a) => (a.id === 'orders-api' ? { ...a, operations: a.operations.map((o) => ({ ...o, policy: undefined })) } : a)) }) };
    const differs = await run(args('--request', '1', '--compare', 'live'));
    assert.equal(differs.code, 0, differs.err);
    assert.match(differs.out, /first difference: step 11: set-query-parameter ran in the simulator only/);
    noSecrets(differs);
  });

  test('a request no API serves is reported and the exit code is 2; the other requests are still traced', async () => {
    const r = await run(args());
    assert.equal(r.code, 2);
    assert.match(r.out, /✖ No API of apim-contoso serves \/no-such-api\/x/);
    assert.match(r.out, /→ 200 OK/);
    assert.match(r.err, /1 of 2 requests could not be traced/);
    noSecrets(r);
  });

  test('a live trace exported as a policy test passes against the same policies and fails against a divergence', async () => {
    const secrets = new SecretSet();
    const client = createApimClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) }, SUB, { redirectTo: process.env['APIM_WORKBENCH_ARM_REDIRECT']!, retryDelayMs: 1 });
    const service = parseServiceId(SVC)!;
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, sampleRoot), nodeFileSystem);
    const exportOne = async (file: string): Promise<string> => {
      const outcomes: LiveTraceOutcome[] = [];
      await traceRequests({ client, service, tokens: new DebugTokens(client, service, secrets), gatewayId: 'managed', secrets, compareWith: config }, [{ name: 'list', line: 1, method: 'GET', url: '/orders/orders?top=5', headers: [['x-correlation-id', 'export-1']], body: null }], (o) => {
        outcomes.push(o);
      });
      const r = outcomes[0]!.result!;
      const text = regressionTestYaml({ name: 'exported', testFile: file, folder: sampleRoot, request: { method: r.request.method, url: r.request.url, headers: r.request.headers, body: null }, liveEntries: liveTraceEntries(r.trace), liveResponse: r.response, product: 'project-1', traceId: r.traceId }, secrets);
      assert.ok(!text.includes(KEY), 'the key is not exported');
      writeFileSync(file, text);
      return text;
    };
    const agreeing = path.join(dir, 'agree.apimtest.yaml');
    const text = await exportOne(agreeing);
    assert.match(text, /key: regression-test-key/);
    const passed = await run(['test', agreeing]);
    assert.equal(passed.code, 0, `${passed.out}\n${passed.err}`);
    // The live gateway answers otherwise (a policy the simulator does not have adds a header): the exported expectation fails in the simulator.
    const extra = parsePolicy('<policies><inbound><base /></inbound><backend><base /></backend><outbound><base /><set-header name="X-Live-Only" exists-action="override"><value>1</value></set-header></outbound><on-error><base /></on-error></policies>');
    gateway.options.diverge = { config: (c) => ({ ...c, apis: c.apis.map((a) => (a.id === 'orders-api' ? { ...a, policy: { document: extra } } : a)) }) };
    const diverging = path.join(dir, 'diverge.apimtest.yaml');
    await exportOne(diverging);
    const failed = await run(['test', diverging]);
    assert.equal(failed.code, 1, `${failed.out}\n${failed.err}`);
    assert.match(failed.out, /X-Live-Only/i);
    gateway.options.diverge = undefined;
    rmSync(agreeing);
    rmSync(diverging);
  });

  test('no right to a debug token: one line naming the role, exit 2', async () => {
    arm.inject({ method: 'POST', path: /listDebugCredentials$/i, status: 403, times: 5 });
    const r = await run(args('--request', '1'));
    assert.equal(r.code, 2);
    assert.match(r.out, /needs the Contributor role on the service/);
    arm.clearFaults();
    noSecrets(r);
  });
});
