// Live tracing through the real @azure/arm-apimanagement client against the ARM emulator and its
// gateway (test/emulator/gatewayEmulator.ts): every documented outcome with its message, token
// reuse, renewal and revocation, and a canary key and token that never show in what is returned.

import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { DebugTokens, LiveTraceError, apiForUrl, gatewayUrlOf, liveTraceEntries, subscriptionKeyFor, traceLiveRequest, type TraceRequestOptions } from '../../../src/tracing/liveTrace';
import { parseServiceId } from '../../../src/azure/scopes';
import { SecretSet } from '../../../src/common/secrets';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { GatewayEmulator } from '../../emulator/gatewayEmulator';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-apim', 'apim-trace');
const KEY = 'canary-subscription-key-5e1d';
const credential = { getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
const API_POLICY = '<policies><inbound><base /><set-header name="X-Api" exists-action="override"><value>echo</value></set-header></inbound><backend><base /></backend><outbound><base /><set-header name="X-Out" exists-action="override"><value>@(context.Response.StatusCode.ToString())</value></set-header></outbound><on-error><base /></on-error></policies>';

async function expectFailure(p: Promise<unknown>, failure: string, message: RegExp): Promise<LiveTraceError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LiveTraceError, `expected a LiveTraceError, got ${String(e)}`);
    assert.equal(e.failure, failure, e.message);
    assert.match(e.message, message);
    assert.doesNotMatch(e.message, new RegExp(KEY));
    return e;
  }
  assert.fail(`expected ${failure}`);
}

describe('live tracing against the emulated gateway, through the real SDK', () => {
  const arm = new ArmEmulator();
  let gateway: GatewayEmulator;
  let client: ReturnType<typeof createApimClient>;
  const service = parseServiceId(SVC)!;
  let secrets: SecretSet;
  let tokens: DebugTokens;
  let gatewayUrl: string;
  const options = (extra: Partial<TraceRequestOptions> = {}): TraceRequestOptions => ({
    client,
    tokens,
    gatewayId: 'managed',
    gatewayUrl,
    api: 'echo',
    request: { method: 'GET', url: '/echo/items/42?x=1', headers: [['Accept', 'application/json']], body: null },
    subscriptionKey: KEY,
    secrets,
    traceRetry: { firstDelayMs: 20, attempts: 6 },
    ...extra,
  });
  const credentialCalls = () => arm.requests.filter((r) => /listDebugCredentials$/i.test(r.path)).length;

  before(async () => {
    const url = await arm.start();
    arm.put(SVC, {});
    arm.put(`${SVC}/apis/echo`, { displayName: 'Echo', path: 'echo', serviceUrl: 'https://backend.example.net/echo' });
    arm.put(`${SVC}/apis/echo/operations/get-item`, { displayName: 'Get item', method: 'GET', urlTemplate: '/items/{id}' });
    arm.put(`${SVC}/apis/echo/policies/policy`, { value: API_POLICY, format: 'rawxml' });
    arm.put(`${SVC}/apis/other`, { displayName: 'Other', path: 'other', serviceUrl: 'https://other.example.net' });
    arm.put(`${SVC}/apis/other/operations/get`, { displayName: 'Get', method: 'GET', urlTemplate: '/*' });
    arm.put(`${SVC}/products/starter`, { displayName: 'Starter' });
    arm.put(`${SVC}/products/starter/apis/echo`, {});
    arm.put(`${SVC}/products/starter/apis/other`, {});
    arm.put(`${SVC}/subscriptions/starter-sub`, { displayName: 'Starter', scope: `${SVC}/products/starter`, state: 'active', primaryKey: KEY, secondaryKey: 'canary-secondary-key-9a2b' });
    gateway = new GatewayEmulator(arm, SVC);
    await gateway.start();
    client = createApimClient(credential, SUB, { redirectTo: url, retryDelayMs: 1, maxRetries: 2 });
    gatewayUrl = await gatewayUrlOf(client, service);
  });
  after(async () => {
    await gateway.stop();
    await arm.stop();
  });
  beforeEach(() => {
    secrets = new SecretSet();
    tokens = new DebugTokens(client, service, secrets);
    arm.clearFaults();
    gateway.now = () => Date.now();
    gateway.options.traceDelayMs = 0;
  });

  test('the gateway URL comes from the service, and a request gets its response and its trace', async () => {
    assert.equal(gatewayUrl, gateway.origin);
    const r = await traceLiveRequest(options());
    assert.equal(r.response.status, 200);
    assert.match(r.response.body ?? '', /"backend":"emulator"/);
    assert.ok(r.response.headers.some(([n, v]) => n === 'x-out' && v === '200'));
    const entries = liveTraceEntries(r.trace);
    assert.deepEqual([...new Set(entries.map((e) => e.section))], ['inbound', 'backend', 'outbound']);
    assert.equal(entries[0]?.source, 'api-inspector');
    assert.ok(entries.some((e) => e.source === 'set-header' && e.section === 'inbound'));
    assert.ok(entries.some((e) => e.source === 'request-forwarder'));
    assert.match(r.traceId, /^[0-9a-f-]{36}$/);
    assert.equal(r.renewed, false);
    assert.ok(r.timings.tokenMs > 0 && r.timings.requestMs > 0 && r.timings.traceMs > 0);
    // The request carried the token and the key; neither shows in what is returned.
    const seen = gateway.received.at(-1)!;
    assert.equal(seen.headers['ocp-apim-subscription-key'], KEY);
    const token = seen.headers['apim-debug-authorization']!;
    assert.match(token, /^p=tracing&aid=echo&ex=\d{14}&/);
    const all = JSON.stringify(r);
    assert.ok(!all.includes(KEY) && !all.includes(token) && !all.includes(encodeURIComponent(token)), 'the key or the token leaked into the result');
  });

  test('a key written in the URL is masked in the trace the gateway recorded', async () => {
    const r = await traceLiveRequest(options({ subscriptionKey: undefined, request: { method: 'GET', url: `/echo/items/1?subscription-key=${KEY}`, headers: [], body: null } }));
    secrets.add(KEY); // the user's own key, known to the caller
    assert.equal(r.response.status, 200);
    assert.ok(!JSON.stringify(secrets.mask(r)).includes(KEY));
  });

  test('a token is reused per API until shortly before it expires, then renewed', async () => {
    const before = credentialCalls();
    await traceLiveRequest(options());
    await traceLiveRequest(options());
    assert.equal(credentialCalls() - before, 1, 'one token for two traces of the same API');
    await traceLiveRequest(options({ api: 'other', request: { method: 'GET', url: '/other/x', headers: [], body: null } }));
    assert.equal(credentialCalls() - before, 2, 'another API gets its own token');
    // 56 minutes later the token has less than the 5 minutes left that it must have to be reused.
    const later = new DebugTokens(client, service, secrets, { now: () => Date.now() + 56 * 60_000 });
    await later.get('managed', 'echo');
    await later.get('managed', 'echo');
    assert.equal(credentialCalls() - before, 4, 'a token near its expiry is not reused');
  });

  test('a token the gateway finds expired is renewed and the request sent once more', async () => {
    await traceLiveRequest(options());
    // The gateway's clock runs two hours ahead once the token is issued: the cached one has expired there.
    const skew = Date.now() + 2 * 3600_000;
    gateway.now = () => skew;
    const before = credentialCalls();
    const r = await traceLiveRequest(options());
    assert.equal(r.renewed, true);
    assert.equal(credentialCalls() - before, 1);
    assert.equal(r.response.status, 200);
  });

  test('a token still expired after renewal stops with a message and the response', async () => {
    let t = Date.now();
    gateway.now = () => (t += 2 * 3600_000); // every look at the clock is two hours later
    const e = await expectFailure(traceLiveRequest(options()), 'expired', /debug token has expired, also after getting a new one/);
    assert.equal(e.response?.status, 200);
  });

  test('a token for another API: the gateway says so and the message names the API', async () => {
    await expectFailure(traceLiveRequest(options({ api: 'echo', request: { method: 'GET', url: '/other/x', headers: [], body: null } })), 'wrongApi', /to another API than echo, the one the debug token was for/);
  });

  test('a gateway that does not trace: the message says no Apim-Trace-Id came back', async () => {
    const plain = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const e = await expectFailure(traceLiveRequest(options({ gatewayUrl: url })), 'notTraced', /did not trace the request \(no Apim-Trace-Id header\)/);
      assert.equal(e.response?.body, 'ok');
    } finally {
      plain.closeAllConnections();
      plain.close();
    }
  });

  test('a trace not available at once is fetched again with backoff', async () => {
    gateway.options.traceDelayMs = 150;
    const r = await traceLiveRequest(options());
    assert.ok(r.timings.traceAttempts > 1, `attempts: ${r.timings.traceAttempts}`);
    assert.ok(liveTraceEntries(r.trace).length > 3);
  });

  test('a trace that never becomes available stops after the retries, keeping the response', async () => {
    gateway.options.traceDelayMs = 3600_000;
    const e = await expectFailure(traceLiveRequest(options({ traceRetry: { firstDelayMs: 5, attempts: 3 } })), 'traceUnavailable', /was not available after 3 tries/);
    assert.equal(e.response?.status, 200);
  });

  test('an unreachable gateway, and one that drops the connection, are said plainly', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expectFailure(traceLiveRequest(options({ gatewayUrl: `http://127.0.0.1:${port}` })), 'unreachable', /could not be reached: the connection was refused/);
    gateway.options.dropConnections = 1;
    await expectFailure(traceLiveRequest(options()), 'unreachable', /could not be reached: the connection was closed without an answer/);
  });

  test('no right to a debug token: the message names the role it needs', async () => {
    arm.inject({ method: 'POST', path: /listDebugCredentials$/i, status: 403 });
    await expectFailure(traceLiveRequest(options()), 'forbidden', /needs the Contributor role on the service/);
  });

  test('ARM throttling is retried; a 5xx that lasts is reported with its step', async () => {
    arm.inject({ method: 'POST', path: /listDebugCredentials$/i, status: 429, retryAfterSeconds: 0 });
    assert.equal((await traceLiveRequest(options())).response.status, 200);
    arm.inject({ method: 'POST', path: /listTrace$/i, status: 503, times: 10 });
    await expectFailure(traceLiveRequest(options()), 'arm', /fetching trace .* failed: Azure answered 503/);
  });

  test('Stop Tracing revokes the tokens: the gateway refuses the old one, a new trace gets a new one', async () => {
    await traceLiveRequest(options());
    const old = gateway.received.at(-1)!.headers['apim-debug-authorization']!;
    const revoked = await tokens.revoke();
    assert.deepEqual(revoked, ['managed']);
    assert.equal(tokens.size, 0);
    assert.equal(gateway.verify(old), 'revoked');
    assert.ok(arm.requests.some((r) => /gateways\/managed\/invalidateDebugCredentials$/i.test(r.path) && r.status === 204));
    const before = credentialCalls();
    assert.equal((await traceLiveRequest(options())).response.status, 200);
    assert.equal(credentialCalls() - before, 1);
  });

  test('cancelling stops the wait for the trace', async () => {
    gateway.options.traceDelayMs = 3600_000;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    await expectFailure(traceLiveRequest(options({ signal: controller.signal, traceRetry: { firstDelayMs: 1000, attempts: 5 } })), 'cancelled', /cancelled/);
  });

  test('a subscription key is found through the products of the API and read with listSecrets', async () => {
    const s = new SecretSet();
    const found = await subscriptionKeyFor(client, service, 'echo', s);
    assert.equal(found?.subscription, 'starter-sub');
    assert.equal(found?.key, KEY);
    assert.ok(s.inText(KEY), 'the key is a secret from then on');
  });
});

describe('which API a URL goes to', () => {
  const apis = [
    { name: 'orders', path: 'orders' },
    { name: 'orders-v2', path: 'orders/v2' },
    { name: 'root', path: '' },
  ];
  test('the longest path wins; a revision is read; an absolute URL on the gateway host works', () => {
    assert.deepEqual(apiForUrl(apis, '/orders/v2/1', 'https://x.azure-api.net'), { api: 'orders-v2' });
    assert.deepEqual(apiForUrl(apis, 'https://x.azure-api.net/orders/1', 'https://x.azure-api.net'), { api: 'orders' });
    assert.deepEqual(apiForUrl(apis, '/orders;rev=3/1', 'https://x.azure-api.net'), { api: 'orders', revision: '3' });
    assert.deepEqual(apiForUrl(apis, '/ordersX', 'https://x.azure-api.net'), { api: 'root' });
    assert.equal(apiForUrl(apis.slice(0, 2), '/nothing', 'https://x.azure-api.net'), undefined);
  });
});
