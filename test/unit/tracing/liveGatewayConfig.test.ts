// Linking and comparing a live trace with the service's live policies, no local folder: the
// simulator's configuration read from the ARM emulator (seeded with the sample) holds the global,
// product, API and operation policies and the included fragment, each as its apim: document; the
// traced request simulated over it agrees with the live gateway step by step, and the live
// entries link to the apim: documents at the element's line. A secret named value is not revealed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { LiveService } from '../../../src/azure/liveService';
import { parseServiceId } from '../../../src/azure/scopes';
import { SecretSet } from '../../../src/common/secrets';
import { lineColumn } from '../../../src/common/span';
import { liveGatewayConfig } from '../../../src/tracing/liveGatewayConfig';
import { DebugTokens, liveTraceEntries } from '../../../src/tracing/liveTrace';
import { liveProductOf, traceRequests, type LiveTraceOutcome } from '../../../src/tracing/liveTraceSession';
import { linkLiveEntries } from '../../../src/tracing/traceCompare';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { GatewayEmulator } from '../../emulator/gatewayEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');
const SECRET = 'func-one-live-secret-5e1d';

describe('the live policies as the simulator\'s configuration', () => {
  const arm = new ArmEmulator();
  let gateway: GatewayEmulator;
  let live: LiveService;

  before(async () => {
    const url = await arm.start();
    await seedFromApiops(arm, SVC, sampleRoot, { 'func-app-1-key': SECRET, 'func-app-2-key': 'func-two-live-secret-77a0' });
    arm.put(`${SVC}/subscriptions/project-1-sub`, { displayName: 'Project 1', scope: `${SVC}/products/project-1`, state: 'active', primaryKey: 'live-config-key-1b3c', secondaryKey: 'live-config-key-2d4e' });
    gateway = new GatewayEmulator(arm, SVC);
    await gateway.start();
    live = new LiveService(createApimClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) }, SUB, { redirectTo: url, retryDelayMs: 1 }), parseServiceId(SVC)!);
  });
  after(async () => {
    await gateway.stop();
    await arm.stop();
  });

  test('a traced request, simulated over the live policies, agrees step by step; entries link to apim: documents', async () => {
    const texts = new Map<string, string>();
    const outcomes: LiveTraceOutcome[] = [];
    const secrets = new SecretSet();
    await traceRequests(
      {
        client: live.client,
        service: live.service,
        tokens: new DebugTokens(live.client, live.service, secrets),
        gatewayId: 'managed',
        secrets,
        compareWith: async (result) => {
          const url = new URL(result.request.url);
          const c = await liveGatewayConfig(live, result.api, `${url.pathname}${url.search}`, result.request.method, liveProductOf(liveTraceEntries(result.trace)));
          for (const [k, v] of c.texts) texts.set(k, v);
          // Read: the global, product, API and (only the reached) operation policy, and the fragment the global one includes.
          assert.deepEqual([...c.texts.keys()].map((k) => k.replace(/^apim:\/[^/]+\/[^/]+\/[^/]+\//, '')).sort(), ['apis/orders-api/operations/list-orders/policy.xml', 'apis/orders-api/policy.xml', 'fragments/correlation-id.xml', 'policy.xml', 'products/project-1/policy.xml']);
          const secretValue = c.config.namedValues.get('func-app-1-key');
          assert.deepEqual([secretValue?.secret, secretValue?.value.includes(SECRET)], [true, false], 'a secret named value is not revealed');
          return c.config;
        },
      },
      [{ name: 'list', line: 1, method: 'GET', url: '/orders/orders?top=5', headers: [['x-correlation-id', 'live-config-1']], body: null }],
      (o) => {
        outcomes.push(o);
      },
    );
    const o = outcomes[0]!;
    assert.ok(o.result && o.simulated && o.comparison, o.error?.message);
    assert.equal(o.comparison.first, undefined, `the simulator over the live policies agrees: ${JSON.stringify(o.comparison.first)}`);
    const links = linkLiveEntries(liveTraceEntries(o.result.trace), o.simulated.trace);
    const setQuery = links.find((l) => l?.location.file?.endsWith('/apis/orders-api/operations/list-orders/policy.xml'));
    assert.ok(setQuery, 'an entry links to the live operation policy');
    assert.match(setQuery.location.file!, /^apim:\/3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31\/rg-contoso\/apim-contoso\//);
    const text = texts.get(setQuery.location.file!)!;
    assert.match(text.slice(setQuery.location.span.start), /^<set-query-parameter/, 'at the element, in the live text');
    assert.ok(lineColumn(text, setQuery.location.span.start).line > 0);
    assert.ok(links.some((l) => l?.location.file?.endsWith('/fragments/correlation-id.xml')), 'into the fragment the global policy includes');
  });
});
