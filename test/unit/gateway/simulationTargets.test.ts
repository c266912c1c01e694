// "Simulate a request" on a policy file: which operations the file applies to, and the request
// that reaches each (revision, version segment, subscription key), run against the sample.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import type { GatewayConfig } from '../../../src/gateway/gatewayConfig';
import { simulateHttp } from '../../../src/gateway/simulateHttp';
import { simulationTargets } from '../../../src/gateway/simulationTargets';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot } from '../helpers';

describe('simulation targets of the sample', () => {
  let config: GatewayConfig;
  const root = sampleRoot;
  const file = (...parts: string[]): string => path.join(root, ...parts);
  before(async () => {
    config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
  });

  test('an operation policy targets its operation, with the key header when the API needs one', () => {
    const targets = simulationTargets(config, file('apis', 'orders-api', 'operations', 'list-orders', 'policy.xml'), [{ key: 'k1', product: 'project-1' }]);
    assert.equal(targets.length, 1);
    assert.equal(targets[0]?.http, 'GET /orders/orders\nOcp-Apim-Subscription-Key: k1');
    assert.match(targets[0]?.label ?? '', /Orders API › GET \/orders$/);
  });

  test('each API gets the key of a product that has it', () => {
    const keys = [{ key: 'p1', product: 'project-1' }, { key: 'p2', product: 'project-2' }];
    assert.match(simulationTargets(config, file('apis', 'orders-api', 'policy.xml'), keys)[0]?.http ?? '', /Ocp-Apim-Subscription-Key: p1$/);
    assert.match(simulationTargets(config, file('apis', 'webhooks-api', 'policy.xml'), keys)[0]?.http ?? '', /Ocp-Apim-Subscription-Key: p2$/);
  });

  test("an API policy targets each of the API's operations", () => {
    const targets = simulationTargets(config, file('apis', 'orders-api', 'policy.xml'));
    assert.deepEqual(targets.map((t) => t.http.split('\n')[0]).sort(), ['DELETE /orders/orders/{orderId}', 'GET /orders/orders', 'GET /orders/orders/{orderId}', 'POST /orders/orders']);
  });

  test('a versioned API is addressed with its version segment; a non-current revision with ;rev=N', () => {
    const partner = simulationTargets(config, file('apis', 'partner-api', 'policy.xml'));
    assert.ok(partner.length > 0 && partner.every((t) => t.http.startsWith('GET /partner/v1/') || t.http.startsWith('POST /partner/v1/')), partner.map((t) => t.http).join(' | '));
    const rev2 = simulationTargets(config, file('apis', 'orders-api;rev=2', 'policy.xml'));
    assert.ok(rev2.length > 0 && rev2.every((t) => t.http.includes(' /orders;rev=2/')), rev2.map((t) => t.http).join(' | '));
  });

  test('the global policy and a product policy target every operation of the current APIs; an unrelated file none', () => {
    const all = simulationTargets(config, file('policy.xml'));
    assert.equal(all.length, config.apis.filter((a) => a.isCurrent !== false).reduce((n, a) => n + a.operations.length, 0));
    assert.equal(simulationTargets(config, file('products', 'project-1', 'policy.xml')).length, all.length);
    assert.deepEqual(simulationTargets(config, file('README.md')), []);
  });

  test('a target, its parameter filled in, runs through the simulator to the operation', async () => {
    const [target] = simulationTargets(config, file('apis', 'orders-api', 'operations', 'get-order', 'policy.xml'), [{ key: 'k1', product: 'project-1' }]);
    const http = (target?.http ?? '').replace('{orderId}', '42');
    const [run] = await simulateHttp(config, http, { subscriptions: [{ key: 'k1', product: 'project-1' }] });
    assert.equal(run?.result.response.status, 200);
    const configuration = run?.result.trace.find((e) => e.source === 'api-inspector' && JSON.stringify(e.data).includes('uriTemplate'));
    assert.match(JSON.stringify(configuration?.data), /"uriTemplate":"\/orders\/\{orderId\}"/);
  });
});
