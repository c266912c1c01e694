// A gateway built for one request (only the APIs whose path the URL starts with) answers every
// request of the sample exactly as the gateway built from the whole folder does.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { apisServing, apisServingHttp, gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { parseHttpFile } from '../../../src/gateway/httpFile';
import { Gateway, SimulatedClock } from '../../../src/gateway/pipeline';
import { MOCK_BACKEND } from '../../../src/gateway/simulateHttp';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import type { ApiModel } from '../../../src/workspace/apiopsModel';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot } from '../helpers';

const api = (p: string): ApiModel => ({ path: p }) as ApiModel;

describe('a gateway for one request', () => {
  test('the APIs a URL could reach', () => {
    const serving = apisServing('/Orders/orders/42?x=1');
    assert.deepEqual(['orders', 'orders/v2', 'order', '', 'inventory', '/orders/'].map((p) => serving(api(p))), [true, false, false, true, false, true]);
    assert.equal(apisServing('https://contoso.azure-api.net/inventory')(api('inventory')), true);
    assert.equal(apisServing('/orders%2Fx')(api('orders')), true, 'an encoded slash is a slash to the router too');
    assert.equal(apisServing('/orders/%E0%A4%A')(api('payments')), true, 'a malformed escape reads every API (the gateway answers it)');
    const http = apisServingHttp('GET /orders/orders HTTP/1.1\n\n###\n\nPOST https://contoso.azure-api.net/inventory/items HTTP/1.1\n');
    assert.deepEqual(['orders', 'inventory', 'payments'].map((p) => http(api(p))), [true, true, false]);
    assert.equal(apisServingHttp('this is not a request file')(api('payments')), true, 'a file that does not parse reads every API (its error is reported by the simulation)');
  });

  test('answers every request of the sample as the whole gateway does', async () => {
    const service = await loadApiopsService(nodeFileSystem, sampleRoot);
    const subscriptions = [{ key: 'fake-project-1-key', product: 'project-1', state: 'active' }];
    const whole = await gatewayFromApiops(service, nodeFileSystem, subscriptions);
    const requests = readdirSync(path.join(sampleRoot, 'requests')).flatMap((f) => parseHttpFile(readFileSync(path.join(sampleRoot, 'requests', f), 'utf8')));
    const extra = [{ method: 'GET', url: '/inventory/items', headers: [] as [string, string][], body: null }, { method: 'GET', url: '/nowhere', headers: [] as [string, string][], body: null }];
    for (const r of [...requests, ...extra]) {
      const one = await gatewayFromApiops(service, nodeFileSystem, subscriptions, { apis: apisServing(r.url) });
      assert.ok(one.apis.length < whole.apis.length);
      const run = async (config: typeof whole) => {
        const result = await new Gateway(config, { transport: MOCK_BACKEND, clock: new SimulatedClock(0), random: () => 0.5 }).handle({ method: r.method, url: r.url, headers: r.headers, body: r.body });
        return { response: result.response, trace: result.trace.map((e) => [e.section, e.source, JSON.stringify(e.data)]) };
      };
      assert.deepEqual(await run(one), await run(whole), `${r.method} ${r.url}`);
    }
  });
});
