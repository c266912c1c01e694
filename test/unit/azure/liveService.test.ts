// The real @azure/arm-apimanagement client, unmodified, against the local ARM emulator: paging,
// policies as raw XML with ETags (including the SDK's API-policy bug), conflicts detected and
// never overwritten, secrets hidden unless revealed, 429/5xx retried then reported in one line.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { AzureRequestError, ResourceChangedError } from '../../../src/azure/azureErrors';
import { LiveService, parseServiceId, type PolicyScopeRef } from '../../../src/azure/liveService';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const credential = { getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
const SVC = serviceId(SUB, 'rg-apim', 'apim-contoso');
const POLICY = '<policies><inbound><base /><set-header name="x" exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("a", "&lt;b&gt;"))</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>';

describe('LiveService against the ARM emulator with the real SDK', () => {
  const emulator = new ArmEmulator();
  let live: LiveService;
  before(async () => {
    const url = await emulator.start();
    emulator.put(SVC, { gatewayUrl: 'https://apim-contoso.azure-api.net' });
    emulator.put(serviceId(SUB, 'rg-other', 'apim-fabrikam'), {});
    for (let i = 1; i <= 250; i++) emulator.put(`${SVC}/apis/api-${String(i).padStart(3, '0')}`, { displayName: `API ${i}`, path: `p${i}`, serviceUrl: `https://b${i}.example.net` });
    emulator.put(`${SVC}/apis/api-001/operations/get-item`, { displayName: 'Get item', method: 'GET', urlTemplate: '/items/{id}' });
    emulator.put(`${SVC}/apis/api-001/policies/policy`, { value: POLICY, format: 'rawxml' });
    emulator.put(`${SVC}/apis/api-001/operations/get-item/policies/policy`, { value: '<policies><inbound><base /></inbound></policies>', format: 'rawxml' });
    emulator.put(`${SVC}/policies/policy`, { value: '<policies><inbound /></policies>', format: 'rawxml' });
    emulator.put(`${SVC}/namedValues/func-key`, { displayName: 'func-key', secret: true, value: 's3cr3t-value' });
    emulator.put(`${SVC}/namedValues/region`, { displayName: 'region', secret: false, value: 'westeurope' });
    emulator.put(`${SVC}/namedValues/kv-ref`, { displayName: 'kv-ref', secret: true, keyVault: { secretIdentifier: 'https://kv.vault.azure.net/secrets/x' } });
    emulator.put(`${SVC}/backends/pool`, { type: 'Pool', pool: { services: [{ id: '/backends/a', priority: 1, weight: 3 }] }, circuitBreaker: { rules: [{ name: 'trip-on-5xx' }] } });
    emulator.put(`${SVC}/policyFragments/cid`, { value: '<fragment><set-header name="c" exists-action="skip"><value>1</value></set-header></fragment>', format: 'rawxml', description: 'correlation' });
    const client = createApimClient(credential, SUB, { redirectTo: url, retryDelayMs: 1 });
    live = new LiveService(client, parseServiceId(SVC)!);
  });
  after(() => emulator.stop());

  test('lists the services of the subscription', async () => {
    const services = await LiveService.listServices(createApimClient(credential, SUB, { redirectTo: `http://127.0.0.1:${emulator.port}` }), SUB);
    assert.deepEqual(services.map((s) => `${s.resourceGroup}/${s.name}`), ['rg-apim/apim-contoso', 'rg-other/apim-fabrikam']);
  });

  test('APIs come a page at a time, the next page from the previous one', async () => {
    const first = await live.listApis(undefined, 100);
    assert.equal(first.items.length, 100);
    assert.equal(first.items[0]?.name, 'api-001');
    assert.ok(first.next);
    const second = await live.listApis(first.next, 100);
    const third = await live.listApis(second.next, 100);
    assert.equal(second.items[0]?.name, 'api-101');
    assert.equal(third.items.length, 50);
    assert.equal(third.next, undefined);
  });

  test('an API policy is read as raw XML, with its ETag, despite the SDK dropping it', async () => {
    const p = await live.getPolicy({ kind: 'api', apiId: 'api-001' });
    assert.equal(p.text, POLICY);
    assert.match(p.etag ?? '', /^"[0-9a-f]+"$/);
  });

  test('the other scopes read their policies; a scope without one gives an empty text', async () => {
    assert.equal((await live.getPolicy({ kind: 'operation', apiId: 'api-001', operationId: 'get-item' })).text, '<policies><inbound><base /></inbound></policies>');
    assert.equal((await live.getPolicy({ kind: 'global' })).text, '<policies><inbound /></policies>');
    assert.match((await live.getPolicy({ kind: 'fragment', fragmentId: 'cid' })).text, /^<fragment>/);
    assert.deepEqual(await live.getPolicy({ kind: 'api', apiId: 'api-002' }), { text: '', etag: undefined });
  });

  test('a save with the ETag read succeeds and returns the new ETag', async () => {
    const read = await live.getPolicy({ kind: 'api', apiId: 'api-001' });
    const edited = read.text.replace('x', 'y');
    const etag = await live.putPolicy({ kind: 'api', apiId: 'api-001' }, edited, read.etag);
    assert.notEqual(etag, read.etag);
    assert.equal((await live.getPolicy({ kind: 'api', apiId: 'api-001' })).text, edited);
  });

  test('a change by someone else between the read and the save is detected and not overwritten', async () => {
    const scope = { kind: 'operation' as const, apiId: 'api-001', operationId: 'get-item' };
    emulator.inject({ method: 'GET', path: /get-item\/policies\/policy$/, changeAfterRead: (r) => (r.properties['value'] = '<policies><inbound><base /><!-- theirs --></inbound></policies>') });
    const read = await live.getPolicy(scope);
    await assert.rejects(() => live.putPolicy(scope, '<policies><inbound><!-- mine --></inbound></policies>', read.etag), (e: unknown) => e instanceof ResourceChangedError && /someone else changed it/.test(e.message));
    assert.match((await live.getPolicy(scope)).text, /theirs/, 'their change stands');
  });

  test('a concurrent change is detected for every policy scope, whatever the read-write gap', async () => {
    emulator.put(`${SVC}/products/gold`, { displayName: 'Gold' });
    emulator.put(`${SVC}/products/gold/policies/policy`, { value: '<policies><inbound /></policies>', format: 'rawxml' });
    const scopes = [
      { scope: { kind: 'global' as const }, id: `${SVC}/policies/policy` },
      { scope: { kind: 'product' as const, productId: 'gold' }, id: `${SVC}/products/gold/policies/policy` },
      { scope: { kind: 'api' as const, apiId: 'api-001' }, id: `${SVC}/apis/api-001/policies/policy` },
      { scope: { kind: 'operation' as const, apiId: 'api-001', operationId: 'get-item' }, id: `${SVC}/apis/api-001/operations/get-item/policies/policy` },
      { scope: { kind: 'fragment' as const, fragmentId: 'cid' }, id: `${SVC}/policyFragments/cid` },
    ];
    for (const { scope, id } of scopes) {
      const read = await live.getPolicy(scope);
      emulator.modify(id, (p) => (p['value'] = `${String(p['value'])}<!-- theirs -->`));
      await assert.rejects(() => live.putPolicy(scope, `${read.text}<!-- mine -->`, read.etag), ResourceChangedError, scope.kind);
      assert.match(String(emulator.get(id)?.properties['value']), /theirs -->$/, `${scope.kind}: theirs stands`);
      // Saving again with the ETag just read succeeds.
      const again = await live.getPolicy(scope);
      await live.putPolicy(scope, `${again.text}<!-- mine -->`, again.etag);
      assert.match(String(emulator.get(id)?.properties['value']), /mine -->$/, scope.kind);
    }
  });

  test('secret named values never carry their value in a list; revealing one asks for it', async () => {
    const values = await live.listNamedValues();
    const secret = values.find((v) => v.name === 'func-key');
    assert.deepEqual(secret, { name: 'func-key', displayName: 'func-key', secret: true });
    assert.equal(values.find((v) => v.name === 'region')?.value, 'westeurope');
    assert.equal(values.find((v) => v.name === 'kv-ref')?.keyVaultSecret, 'https://kv.vault.azure.net/secrets/x');
    assert.ok(!JSON.stringify(values).includes('s3cr3t-value'));
    assert.equal(await live.revealNamedValue('func-key'), 's3cr3t-value');
  });

  test('named values are created and updated: plain, secret, and Key Vault references', async () => {
    await live.saveNamedValue('tier', { displayName: 'tier', secret: false, value: 'gold' }, 'absent');
    await live.saveNamedValue('api-key', { displayName: 'api-key', secret: true, value: 'k-123' }, 'absent');
    await live.saveNamedValue('kv-secret', { displayName: 'kv-secret', secret: true, keyVault: { secretIdentifier: 'https://kv.vault.azure.net/secrets/s', identityClientId: 'client-1' } }, 'absent');
    const values = await live.listNamedValues();
    assert.deepEqual(values.find((v) => v.name === 'tier'), { name: 'tier', displayName: 'tier', secret: false, value: 'gold' });
    assert.deepEqual(values.find((v) => v.name === 'api-key'), { name: 'api-key', displayName: 'api-key', secret: true });
    assert.equal(values.find((v) => v.name === 'kv-secret')?.keyVaultSecret, 'https://kv.vault.azure.net/secrets/s');
    assert.equal(await live.revealNamedValue('api-key'), 'k-123');
    // An update sends the ETag of what the user saw.
    const before = emulator.requests.length;
    const seen = await live.namedValueEtag('tier');
    await live.saveNamedValue('tier', { displayName: 'tier', secret: false, value: 'platinum' }, { etag: seen! });
    assert.equal((await live.listNamedValues()).find((v) => v.name === 'tier')?.value, 'platinum');
    assert.ok(emulator.requests.slice(before).some((r) => r.method === 'PUT' && r.ifMatch === seen), 'If-Match on update');
    await assert.rejects(() => live.saveNamedValue('bad name', { displayName: 'x', secret: false, value: 'v' }, 'absent'), /only letters, digits/);
    await assert.rejects(() => live.saveNamedValue('empty', { displayName: 'empty', secret: false, value: '  ' }, 'absent'), /needs a value/);
  });

  test('L5: a named value changed while the user edits it is not overwritten; Add of a name that exists is a conflict', async () => {
    await live.saveNamedValue('shared', { displayName: 'shared', secret: false, value: 'first' }, 'absent');
    const seen = await live.namedValueEtag('shared');
    emulator.modify(`${SVC}/namedValues/shared`, (p) => (p['value'] = 'THEIRS-changed-meanwhile'));
    await assert.rejects(() => live.saveNamedValue('shared', { displayName: 'shared', secret: false, value: 'MINE' }, { etag: seen! }), (e: unknown) => e instanceof ResourceChangedError);
    assert.equal(emulator.get(`${SVC}/namedValues/shared`)?.properties['value'], 'THEIRS-changed-meanwhile');
    emulator.put(`${SVC}/namedValues/created-meanwhile`, { displayName: 'created-meanwhile', secret: false, value: 'THEIRS-new' });
    await assert.rejects(() => live.saveNamedValue('created-meanwhile', { displayName: 'created-meanwhile', secret: false, value: 'MINE-new' }, 'absent'), (e: unknown) => e instanceof ResourceChangedError && /exists/.test(e.message));
    assert.equal(emulator.get(`${SVC}/namedValues/created-meanwhile`)?.properties['value'], 'THEIRS-new');
  });

  test('L1: a policy absent when read and created by someone else before the save is a conflict, for every scope', async () => {
    emulator.put(`${SVC}/products/p1`, { displayName: 'P1' });
    emulator.put(`${SVC}/workspaces/w1`, { displayName: 'W1' });
    emulator.put(`${SVC}/workspaces/w1/apis/wapi`, { displayName: 'W API', path: 'w' });
    emulator.put(`${SVC}/workspaces/w1/apis/wapi/operations/op`, { displayName: 'Op', method: 'GET', urlTemplate: '/' });
    emulator.put(`${SVC}/apis/api-002/operations/op2`, { displayName: 'Op 2', method: 'GET', urlTemplate: '/' });
    const cases: [PolicyScopeRef, string][] = [
      [{ kind: 'product', productId: 'p1' }, `${SVC}/products/p1/policies/policy`],
      [{ kind: 'api', apiId: 'api-002' }, `${SVC}/apis/api-002/policies/policy`],
      [{ kind: 'operation', apiId: 'api-002', operationId: 'op2' }, `${SVC}/apis/api-002/operations/op2/policies/policy`],
      [{ kind: 'fragment', fragmentId: 'new-frag' }, `${SVC}/policyFragments/new-frag`],
      [{ kind: 'workspaceApi', workspaceId: 'w1', apiId: 'wapi' }, `${SVC}/workspaces/w1/apis/wapi/policies/policy`],
      [{ kind: 'workspaceOperation', workspaceId: 'w1', apiId: 'wapi', operationId: 'op' }, `${SVC}/workspaces/w1/apis/wapi/operations/op/policies/policy`],
      [{ kind: 'workspaceFragment', workspaceId: 'w1', fragmentId: 'wfrag' }, `${SVC}/workspaces/w1/policyFragments/wfrag`],
    ];
    for (const [scope, id] of cases) {
      const read = await live.getPolicy(scope);
      assert.equal(read.etag, undefined, `${scope.kind} is absent`);
      emulator.put(id, { value: '<policies><!-- THEIRS --></policies>', format: 'rawxml' });
      await assert.rejects(() => live.putPolicy(scope, '<policies><!-- MINE --></policies>', read.etag), (e: unknown) => e instanceof ResourceChangedError && /someone else created it/.test(e.message), scope.kind);
      assert.match(String(emulator.get(id)?.properties['value']), /THEIRS/, `${scope.kind}: theirs is kept`);
    }
    // Absent and still absent: created.
    const scope: PolicyScopeRef = { kind: 'api', apiId: 'api-003' };
    await live.putPolicy(scope, '<policies><!-- new --></policies>', (await live.getPolicy(scope)).etag);
    assert.match(String(emulator.get(`${SVC}/apis/api-003/policies/policy`)?.properties['value']), /new/);
  });

  test('the emulator refuses a write under an API that does not exist, and survives a client that disconnects mid-request', async () => {
    await assert.rejects(() => live.putPolicy({ kind: 'api', apiId: 'no-such-api' }, '<policies />', '"x"'), (e: unknown) => e instanceof AzureRequestError && e.status === 404);
    const { request } = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: emulator.port, method: 'PUT', path: `${SVC}/namedValues/x?api-version=2024-05-01`, headers: { 'Content-Length': '100' } });
      req.on('error', () => resolve());
      req.write('{"pro');
      setImmediate(() => {
        req.destroy();
        resolve();
      });
    });
    assert.ok((await live.listNamedValues()).length > 0, 'the emulator still answers');
  });

  test('backends show their pool members and circuit breaker rules', async () => {
    const pool = (await live.listBackends()).find((b) => b.name === 'pool');
    assert.deepEqual(pool?.poolMembers, [{ id: '/backends/a', priority: 1, weight: 3 }]);
    assert.deepEqual(pool?.circuitBreakerRules, ['trip-on-5xx']);
  });

  test('429 and 503 are retried by the pipeline, honouring Retry-After', async () => {
    const before = emulator.requests.length;
    emulator.inject({ method: 'GET', path: /\/backends$/, status: 429, retryAfterSeconds: 0, times: 1 });
    emulator.inject({ method: 'GET', path: /\/backends$/, status: 503, retryAfterSeconds: 0, times: 1 });
    assert.equal((await live.listBackends()).length, 1);
    assert.deepEqual(emulator.requests.slice(before).map((r) => r.status), [429, 503, 200]);
  });

  test('when the retries run out, the error is one clear line and the detail keeps the status and body', async () => {
    emulator.inject({ method: 'GET', path: /\/products$/, status: 503, retryAfterSeconds: 0, times: 10 });
    await assert.rejects(
      () => live.listProducts(),
      (e: unknown) => e instanceof AzureRequestError && e.message === 'Azure API Management: listing the products of apim-contoso failed: Azure answered 503; try again later.' && e.status === 503 && /ServiceUnavailable/.test(e.detail) && !e.message.includes('\n'),
    );
    emulator.clearFaults();
  });

  test('a missing API is not found, said plainly', async () => {
    await assert.rejects(() => live.listOperations('nope'), (e: unknown) => e instanceof AzureRequestError && /listing the operations of API nope failed/.test(e.message));
  });
});
