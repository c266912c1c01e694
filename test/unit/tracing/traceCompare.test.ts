// A live trace beside the simulator's: steps aligned by section and policy, the first difference,
// the response compared without volatile headers, links from live entries to policy elements
// (a guess marked as one), and canned backend answers taken from a live trace.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GatewayConfig } from '../../../src/gateway/gatewayConfig';
import { Gateway, SimulatedClock, type GatewayResult } from '../../../src/gateway/pipeline';
import { cannedFromLiveTrace, compareTraces, linkLiveEntries, responseDifferences, statusCodeOf, type LiveStep } from '../../../src/tracing/traceCompare';
import { liveTraceViewRequest } from '../../../src/gateway/traceView';
import { MOCK_BACKEND } from '../../../src/gateway/simulateHttp';
import { parsePolicy } from '../../../src/policy/policyParser';

const POLICY = `<policies>
  <inbound>
    <set-header name="a" exists-action="override"><value>1</value></set-header>
    <set-header name="b" exists-action="override"><value>2</value></set-header>
  </inbound>
  <backend><forward-request /></backend>
  <outbound><set-header name="c" exists-action="override"><value>3</value></set-header></outbound>
  <on-error />
</policies>`;

async function simulate(): Promise<GatewayResult> {
  const config: GatewayConfig = {
    serviceName: 's',
    apis: [{ id: 'echo', path: 'echo', serviceUrl: 'https://backend.example.net', subscriptionRequired: false, operations: [{ id: 'get', method: 'GET', urlTemplate: '/*' }], policy: { document: parsePolicy(POLICY), file: '/repo/apis/echo/policy.xml' } }],
    products: [],
    subscriptions: [],
    namedValues: new Map(),
    fragments: new Map(),
    backends: new Map(),
  };
  return new Gateway(config, { transport: MOCK_BACKEND, clock: new SimulatedClock(0) }).handle({ method: 'GET', url: '/echo/x' });
}

const asLive = (r: GatewayResult): LiveStep[] => r.trace.map((e) => ({ section: e.section, source: e.source, elapsed: e.elapsed, data: e.data }));

describe('comparing a live trace with a simulated one', () => {
  test('identical traces agree on every step and on the response', async () => {
    const sim = await simulate();
    const c = compareTraces({ entries: asLive(sim), response: sim.response }, { entries: sim.trace, response: sim.response });
    assert.equal(c.first, undefined);
    assert.ok(c.steps.every((s) => s.live !== undefined && s.simulated !== undefined && !s.difference));
  });

  test('a policy the live gateway did not run is the first difference; later steps still align', async () => {
    const sim = await simulate();
    const live = asLive(sim);
    const firstHeader = live.findIndex((e) => e.source === 'set-header');
    live.splice(firstHeader, 1);
    const c = compareTraces({ entries: live, response: sim.response }, { entries: sim.trace, response: sim.response });
    assert.equal(c.first?.what, 'set-header ran in the simulator only');
    assert.equal(c.steps.filter((s) => s.difference).length, 1);
    assert.ok(c.steps.some((s) => s.source === 'transfer-response' && s.live !== undefined && s.simulated !== undefined));
  });

  test('another forwarded URL and another status are said; volatile headers are not compared', async () => {
    const sim = await simulate();
    const live = asLive(sim).map((e) => (e.source === 'request-forwarder' ? { ...e, data: { request: { method: 'GET', url: 'https://other.example.net/y' } } } : e));
    const response = { ...sim.response, status: 502, headers: [...sim.response.headers, ['Date', 'Fri, 04 Dec 2026 00:00:00 GMT'] as const, ['X-Live', '1'] as const] };
    const c = compareTraces({ entries: live, response }, { entries: sim.trace, response: sim.response });
    assert.match(c.first?.what ?? '', /^forwarded GET \/y live, GET \/x simulated$/);
    assert.deepEqual(c.response, ['status 502 live, 200 simulated', 'header x-live only live']);
    assert.deepEqual(responseDifferences({ status: 200, headers: [], body: '{"a": 1}' }, { status: 200, headers: [], body: '{"a":1}' }), []);
  });

  test('live entries link to the simulated step they align with; one aligned by order only is a guess', async () => {
    const sim = await simulate();
    const live = asLive(sim);
    // The live gateway ran the outbound set-header twice: the second has no simulated partner.
    const outbound = live.findIndex((e) => e.section === 'outbound' && e.source === 'set-header');
    live.splice(outbound + 1, 0, { ...live[outbound]! });
    const links = linkLiveEntries(live, sim.trace);
    assert.equal(links[outbound]?.guess, false);
    assert.equal(links[outbound + 1]?.guess, true);
    const view = liveTraceViewRequest({ request: { method: 'GET', url: 'https://x.azure-api.net/echo/x' }, response: sim.response, entries: live, api: 'echo' }, sim, () => POLICY, { root: '/repo' });
    const headers = view.entries.filter((e) => e.source === 'set-header');
    assert.deepEqual(headers.map((e) => [e.fileLabel, e.line, e.linkGuessed ?? false]), [
      ['apis/echo/policy.xml', 3, false],
      ['apis/echo/policy.xml', 4, false],
      ['apis/echo/policy.xml', 7, false],
      ['apis/echo/policy.xml', 7, true],
    ]);
  });

  test('canned backend answers come from the live trace\'s forward-request entries', () => {
    const entries: LiveStep[] = [
      { section: 'backend', source: 'request-forwarder', data: { request: { method: 'GET', url: 'https://b/x' } } },
      { section: 'backend', source: 'forward-request', data: { response: { status: { code: 'NotFound', reason: 'Not Found' }, headers: [{ name: 'Content-Type', value: 'application/json' }] } } },
    ];
    assert.deepEqual(cannedFromLiveTrace(entries, '{"error":"missing"}'), [{ status: 404, headers: { 'Content-Type': 'application/json' }, body: '{"error":"missing"}' }]);
    assert.equal(statusCodeOf('OK'), 200);
    assert.equal(statusCodeOf(503), 503);
    assert.equal(statusCodeOf('nonsense'), undefined);
  });
});
