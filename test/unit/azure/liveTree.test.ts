// The live explorer over the real SDK and the ARM emulator: a service's groups, APIs a page at a
// time grouped by version set, operations and policies, revisions with the current one marked,
// backends with pool members and breaker rules, named values without secrets, workspaces, and an
// error node (with its retry target) when Azure fails. And the apim: URIs of policies.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { LiveService, parseServiceId, type ServiceRef } from '../../../src/azure/liveService';
import { parsePolicyPath, policyPath } from '../../../src/azure/policyUri';
import { liveChildren, presentLive, type LiveAccount, type LiveNode } from '../../../src/explorer/liveTree';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-apim', 'apim-contoso');
const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) };

describe('the live explorer tree', () => {
  const emulator = new ArmEmulator();
  let account: LiveAccount;
  let service: ServiceRef;
  const labels = (nodes: LiveNode[]): string[] => nodes.map((n) => presentLive(n).label);
  const child = async (nodes: LiveNode[], label: string): Promise<LiveNode> => {
    const n = nodes.find((x) => presentLive(x).label === label);
    assert.ok(n, `${label} in ${labels(nodes).join(', ')}`);
    return n;
  };
  before(async () => {
    const url = await emulator.start();
    emulator.put(SVC, {});
    emulator.put(`${SVC}/apiVersionSets/partner`, { displayName: 'Partner', versioningScheme: 'Segment' });
    emulator.put(`${SVC}/apis/orders`, { displayName: 'Orders', path: 'orders' });
    emulator.put(`${SVC}/apis/orders/operations/get-order`, { displayName: 'Get order', method: 'GET', urlTemplate: '/orders/{id}' });
    emulator.put(`${SVC}/apis/orders;rev=2`, { displayName: 'Orders', path: 'orders', apiRevisionDescription: 'status filter' });
    emulator.put(`${SVC}/apis/partner-v1`, { displayName: 'Partner', path: 'partner', apiVersion: 'v1', apiVersionSetId: `${SVC}/apiVersionSets/partner` });
    emulator.put(`${SVC}/apis/partner-v2`, { displayName: 'Partner', path: 'partner', apiVersion: 'v2', apiVersionSetId: `${SVC}/apiVersionSets/partner` });
    for (let i = 0; i < 5; i++) emulator.put(`${SVC}/apis/extra-${i}`, { displayName: `Extra ${i}`, path: `x${i}` });
    emulator.put(`${SVC}/backends/aks`, { type: 'Pool', pool: { services: [{ id: '/backends/weu', priority: 1 }, { id: '/backends/neu', priority: 2 }] } });
    emulator.put(`${SVC}/namedValues/secret-key`, { displayName: 'secret-key', secret: true, value: 'do-not-show-me' });
    emulator.put(`${SVC}/namedValues/kv`, { displayName: 'kv', secret: true, keyVault: { secretIdentifier: 'https://kv.vault.azure.net/secrets/k' } });
    emulator.put(`${SVC}/products/gold`, { displayName: 'Gold' });
    emulator.put(`${SVC}/products/gold/apis/orders`, { displayName: 'Orders', path: 'orders' });
    emulator.put(`${SVC}/workspaces/team-a`, { displayName: 'Team A' });
    emulator.put(`${SVC}/workspaces/team-a/apis/wa`, { displayName: 'Workspace API', path: 'wa' });
    emulator.put(`${SVC}/workspaces/team-a/namedValues/wsecret`, { displayName: 'wsecret', secret: true, value: 'ws-secret-value' });
    emulator.put(`${SVC}/workspaces/team-a/apis/wa/policies/policy`, { value: '<policies><inbound><base /></inbound></policies>', format: 'rawxml' });
    emulator.put(`${SVC}/workspaces/team-a/apis/wa/operations/ping`, { displayName: 'Ping', method: 'GET', urlTemplate: '/ping' });
    emulator.put(`${SVC}/workspaces/team-a/policyFragments/wfrag`, { value: '<fragment />', format: 'rawxml' });
    const client = createApimClient(credential, SUB, { redirectTo: url, retryDelayMs: 1, maxRetries: 1 });
    service = parseServiceId(SVC)!;
    account = { listSubscriptions: async () => [{ id: SUB, name: 'Contoso' }], listServices: (s) => LiveService.listServices(client, s), service: (ref) => new LiveService(client, ref) };
  });
  after(() => emulator.stop());

  test('a subscription lists its services; a service its global policy and groups', async () => {
    const services = await liveChildren({ kind: 'subscription', subscription: { id: SUB, name: 'Contoso' } }, account);
    assert.deepEqual(labels(services), ['apim-contoso']);
    assert.deepEqual(labels(await liveChildren(services[0]!, account)), ['Global policy', 'APIs', 'Backends', 'Products', 'Named values', 'Policy fragments', 'Workspaces']);
  });

  test('APIs load a page at a time with Load more; versions of a version set are grouped', async () => {
    const apis = await liveChildren({ kind: 'liveGroup', group: 'apis', service }, account, 4);
    assert.deepEqual(labels(apis), ['Extra 0', 'Extra 1', 'Extra 2', 'Extra 3', 'Load more…']);
    const all = await liveChildren({ kind: 'liveGroup', group: 'apis', service }, account, 100);
    assert.deepEqual(labels(all).filter((l) => !l.startsWith('Extra')), ['Orders', 'Partner']);
    const partner = await child(all, 'Partner');
    assert.equal(presentLive(partner).description, '2 versions');
    assert.deepEqual(labels(await liveChildren(partner, account)), ['Partner v1', 'Partner v2']);
  });

  test('an API shows its policy, its revisions with the current one marked, and its operations with their policies', async () => {
    const orders = await child(await liveChildren({ kind: 'liveGroup', group: 'apis', service }, account), 'Orders');
    const children = await liveChildren(orders, account);
    assert.deepEqual(labels(children), ['API policy', 'Revisions', 'Get order']);
    const revisions = await liveChildren(await child(children, 'Revisions'), account);
    assert.deepEqual(revisions.map((r) => `${presentLive(r).label}: ${presentLive(r).description ?? ''}`), ['Revision 2: status filter', 'Revision 1: current']);
    const rev2Policy = (await liveChildren(revisions[0]!, account))[0]!;
    assert.deepEqual(rev2Policy.kind === 'livePolicy' && rev2Policy.scope, { kind: 'api', apiId: 'orders;rev=2' });
    const op = await liveChildren(await child(children, 'Get order'), account);
    assert.deepEqual(op[0]?.kind === 'livePolicy' && op[0].scope, { kind: 'operation', apiId: 'orders', operationId: 'get-order' });
  });

  test('backends show pool members; named values never show a secret value; Key Vault references are shown', async () => {
    const aks = await child(await liveChildren({ kind: 'liveGroup', group: 'backends', service }, account), 'aks');
    assert.deepEqual((await liveChildren(aks, account)).map((n) => `${presentLive(n).label} (${presentLive(n).description})`), ['weu (priority 1)', 'neu (priority 2)']);
    const values = await liveChildren({ kind: 'liveGroup', group: 'namedValues', service }, account);
    assert.deepEqual(values.map((n) => presentLive(n).description), ['Key Vault: https://kv.vault.azure.net/secrets/k', 'secret']);
    assert.ok(!JSON.stringify(values.map(presentLive)).includes('do-not-show-me'));
  });

  test('a product shows its policy and its APIs', async () => {
    const gold = (await liveChildren({ kind: 'liveGroup', group: 'products', service }, account))[0]!;
    assert.equal(presentLive(gold).description, '1 API');
    assert.deepEqual(labels(await liveChildren(gold, account)), ['Product policy', 'Orders']);
  });

  test('a workspace lists its APIs, backends, named values (no secrets) and fragments', async () => {
    const ws = (await liveChildren({ kind: 'liveGroup', group: 'workspaces', service }, account))[0]!;
    assert.equal(presentLive(ws).label, 'Team A');
    const groups = await liveChildren(ws, account);
    assert.deepEqual(groups.map((g) => `${presentLive(g).label} ${presentLive(g).description}`), ['APIs 1', 'Backends 0', 'Named values 1', 'Policy fragments 1']);
    assert.ok(!JSON.stringify(groups).includes('ws-secret-value'));
    // A workspace API has its policy and its operations' policies, each editable like the service's.
    const wa = (await liveChildren(groups[0]!, account))[0]!;
    const waChildren = await liveChildren(wa, account);
    assert.deepEqual(waChildren.map((n) => n.kind === 'livePolicy' && n.scope), [{ kind: 'workspaceApi', workspaceId: 'team-a', apiId: 'wa' }, { kind: 'workspaceOperation', workspaceId: 'team-a', apiId: 'wa', operationId: 'ping' }]);
    const live = account.service(service);
    const read = await live.getPolicy({ kind: 'workspaceApi', workspaceId: 'team-a', apiId: 'wa' });
    assert.equal(read.text, '<policies><inbound><base /></inbound></policies>');
    await live.putPolicy({ kind: 'workspaceApi', workspaceId: 'team-a', apiId: 'wa' }, '<policies><inbound /></policies>', read.etag);
    assert.equal((await live.getPolicy({ kind: 'workspaceApi', workspaceId: 'team-a', apiId: 'wa' })).text, '<policies><inbound /></policies>');
    const frag = (await liveChildren(groups[3]!, account))[0]!;
    assert.equal(frag.kind === 'livePolicy' && (await live.getPolicy(frag.scope)).text, '<fragment />');
  });

  test('a failure becomes an error node that retries the node that failed', async () => {
    emulator.inject({ method: 'GET', path: /\/products$/, status: 500, times: 5 });
    const group: LiveNode = { kind: 'liveGroup', group: 'products', service };
    const [err] = await liveChildren(group, account);
    assert.equal(err?.kind, 'liveError');
    assert.match(presentLive(err!).label, /listing the products of apim-contoso failed: Azure answered 500/);
    assert.equal(err?.kind === 'liveError' && err.retry, group);
    emulator.clearFaults();
    assert.deepEqual(labels(await liveChildren(group, account)), ['Gold']);
  });

  test('apim: paths name the service and the policy scope, and read back', () => {
    for (const scope of [{ kind: 'global' }, { kind: 'product', productId: 'gold' }, { kind: 'api', apiId: 'orders;rev=2' }, { kind: 'operation', apiId: 'orders', operationId: 'get-order' }, { kind: 'fragment', fragmentId: 'cid' }, { kind: 'workspaceApi', workspaceId: 'ws', apiId: 'a' }, { kind: 'workspaceOperation', workspaceId: 'ws', apiId: 'a', operationId: 'o' }, { kind: 'workspaceFragment', workspaceId: 'ws', fragmentId: 'f' }] as const) {
      const p = policyPath(service, scope);
      assert.deepEqual(parsePolicyPath(p), { service: { ...service, id: SVC }, scope });
    }
    assert.equal(policyPath(service, { kind: 'api', apiId: 'orders' }), `/${SUB}/rg-apim/apim-contoso/apis/orders/policy.xml`);
    assert.equal(parsePolicyPath('/x/y'), undefined);
  });
});
