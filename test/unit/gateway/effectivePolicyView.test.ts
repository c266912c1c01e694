// Show Effective Policy / `apim-workbench effective`: the composed policy of an operation with the
// portal's scope comments, fragments expanded, each element linked to where it comes from, and the
// same policies in the same order as the simulator runs them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { EffectivePolicyError, effectivePolicy } from '../../../src/gateway/effectivePolicyView';
import { Gateway, SimulatedClock } from '../../../src/gateway/pipeline';
import { MOCK_BACKEND } from '../../../src/gateway/simulateHttp';
import { parsePolicy } from '../../../src/policy/policyParser';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot } from '../helpers';

describe('the effective policy of an operation', () => {
  test('scopes marked as the portal does, fragments expanded, every element linked to its file, a valid document', async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, sampleRoot), nodeFileSystem);
    const e = effectivePolicy(config, 'orders-api', 'list-orders', 'project-1');
    assert.match(e.text, /<!--base: Begin Global scope-->\n {4}<cors/);
    assert.match(e.text, /<!--include-fragment: Begin correlation-id policy fragment scope-->\n {4}<set-variable name="correlationId"/);
    assert.match(e.text, /<!--base: Begin Product scope-->\n {4}<rate-limit/);
    assert.match(e.text, /<!--base: Begin Operation scope-->\n {4}<set-query-parameter/);
    assert.deepEqual(parsePolicy(e.text).problems.filter((p) => p.severity === 'error'), []);
    for (const l of e.links) {
      const name = /^<([\w-]+)/.exec(e.text.slice(l.start))?.[1];
      assert.ok(l.file, `a file for <${name}>`);
      assert.ok(readFileSync(l.file, 'utf8').startsWith(`<${name}`, l.offset), `<${name}> is at its offset in ${l.file}`);
    }
  });

  test('the same top-level policies, in the same order, as the simulator runs for a request', async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, sampleRoot), nodeFileSystem, [{ key: 'k-123', product: 'project-1', state: 'active' }]);
    const e = effectivePolicy(config, 'orders-api', 'list-orders', 'project-1');
    const listed = e.links.map((l) => `${l.file}#${l.offset}`);
    const ran: string[] = [];
    const gateway = new Gateway(config, { transport: MOCK_BACKEND, clock: new SimulatedClock(0), hook: { before: (s) => { if (!s.element.parent || ['inbound', 'backend', 'outbound', 'on-error', 'fragment'].includes(s.element.parent.name)) if (s.element.name !== 'include-fragment') ran.push(`${s.origin.file}#${s.element.span.start}`); } } });
    const r = await gateway.handle({ method: 'GET', url: '/orders/orders', headers: [['Ocp-Apim-Subscription-Key', 'k-123']] });
    assert.equal(r.response.status, 200);
    assert.deepEqual(ran, listed.filter((x) => ran.includes(x)));
    assert.ok(ran.length >= 10, `the request ran ${ran.length} policies`);
    const onError = e.text.indexOf('<on-error>');
    assert.deepEqual(e.links.filter((l, i) => !ran.includes(listed[i] as string) && l.start < onError), [], 'every listed policy ran, on-error aside');
  });

  test('without an operation: the API as an operation without a policy of its own meets it', async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, sampleRoot), nodeFileSystem);
    const e = effectivePolicy(config, 'orders-api', undefined, 'project-1');
    assert.match(e.text, /^<!-- The effective policy of orders-api \(an operation without a policy of its own\) through product project-1/);
    assert.match(e.text, /<!--base: Begin Product scope-->\n {4}<rate-limit/);
    assert.doesNotMatch(e.text, /Operation scope|set-query-parameter/, 'no operation policy');
    // The same as an operation of the API that has no policy: cancel-order.
    const cancel = effectivePolicy(config, 'orders-api', 'cancel-order', 'project-1');
    assert.equal(e.text.slice(e.text.indexOf('<policies>')), cancel.text.slice(cancel.text.indexOf('<policies>')));
    const out: string[] = [];
    assert.equal(await main(['effective', sampleRoot, '--api', 'orders-api'], { out: (t) => out.push(t), err: () => undefined }), 0);
    assert.match(out.join('\n'), /an operation without a policy of its own/);
  });

  test('an unknown API, operation or product is said with what there is; the CLI prints it with links', async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, sampleRoot), nodeFileSystem);
    assert.throws(() => effectivePolicy(config, 'nope', 'x'), (err: Error) => err instanceof EffectivePolicyError && /No API 'nope': the APIs are .*orders-api/.test(err.message));
    assert.throws(() => effectivePolicy(config, 'orders-api', 'nope'), /has no operation 'nope': its operations are .*list-orders/);
    assert.throws(() => effectivePolicy(config, 'orders-api', 'list-orders', 'gold'), /No product 'gold': the products are project-1, project-2/);
    const out: string[] = [];
    assert.equal(await main(['effective', sampleRoot, '--api', 'orders-api', '--operation', 'list-orders', '--product', 'project-1', '--links'], { out: (t) => out.push(t), err: () => undefined }), 0);
    assert.match(out.join('\n'), /^line 36: .*products\/project-1\/policy\.xml:5$/m);
    assert.equal(await main(['effective', sampleRoot, '--api', 'orders-api', '--operation', 'nope'], { out: () => undefined, err: () => undefined }), 1);
  });
});
