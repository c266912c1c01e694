import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { currentApis, revisionsOf } from '../../../src/workspace/apiopsModel';
import { apiopsRootOf, findApiopsRoots, loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { repoRoot, sampleRoot, tempFolder } from '../helpers';

describe('apiopsLoader on the Contoso sample', async () => {
  const service = await loadApiopsService(nodeFileSystem, sampleRoot);

  test('loads without problems', () => {
    assert.deepEqual(service.problems, []);
    assert.equal(service.name, 'contoso');
    assert.equal(service.globalPolicy?.path, path.join(sampleRoot, 'policy.xml'));
  });

  test('lists the ten current APIs by display name', () => {
    assert.deepEqual(
      currentApis(service.apis).map((a) => a.displayName),
      ['Customers API', 'Events API', 'Inventory API', 'Invoices API', 'Orders API', 'Partner API', 'Payments API', 'Products API', 'Shipping API', 'Webhooks API'],
    );
  });

  test('keeps a non-current revision apart from the current API', () => {
    const revisions = revisionsOf(service.apis, 'orders-api');
    assert.deepEqual(revisions.map((a) => [a.name, a.revision, a.isCurrent]), [['orders-api;rev=2', '2', false]]);
    assert.ok(revisions[0]?.policy, 'the revision has its own policy');
  });

  test('reads operations from the specification and attaches operation policies', () => {
    const orders = service.apis.find((a) => a.name === 'orders-api');
    assert.ok(orders);
    assert.deepEqual(
      orders.operations.map((o) => [o.name, o.method, o.urlTemplate, o.policy !== undefined]),
      [
        ['list-orders', 'GET', '/orders', true],
        ['create-order', 'POST', '/orders', true],
        ['get-order', 'GET', '/orders/{orderId}', true],
        ['cancel-order', 'DELETE', '/orders/{orderId}', false],
      ],
    );
    assert.equal(orders.policy?.scope, 'api');
    assert.equal(orders.operations[0]?.policy?.scope, 'operation');
  });

  test('reads the version set of the Partner API', () => {
    const partner = service.apis.find((a) => a.name === 'partner-api');
    assert.equal(partner?.apiVersion, 'v1');
    assert.equal(partner?.versionSetId, '/apiVersionSets/partner-api');
    assert.deepEqual(service.versionSets.map((v) => [v.name, v.versioningScheme]), [['partner-api', 'Segment']]);
  });

  test('reads backends, the pool and circuit breakers, without credential values', () => {
    const pool = service.backends.find((b) => b.name === 'aks-cluster');
    assert.equal(pool?.kind, 'pool');
    assert.deepEqual(pool?.pool.map((m) => [m.name, m.priority, m.weight]), [['aks-ingress-weu', 1, 3], ['aks-ingress-neu', 2, 1]]);
    const func1 = service.backends.find((b) => b.name === 'func-app-1');
    assert.equal(func1?.kind, 'single');
    assert.deepEqual(func1?.credentialHeaderNames, ['x-functions-key']);
    assert.equal(func1?.circuitBreakerRules[0]?.failureCount, 5);
    assert.deepEqual(func1?.circuitBreakerRules[0]?.statusCodeRanges, [{ min: 500, max: 599 }]);
    assert.ok(!JSON.stringify(service.backends).includes('{{func-app-1-key}}'), 'credential values are not kept');
  });

  test('reads products with their APIs and policies', () => {
    assert.deepEqual(service.products.map((p) => [p.displayName, p.apis.length, p.policy?.scope]), [['Project 1', 7, 'product'], ['Project 2', 3, 'product']]);
  });

  test('reads named values and fragments', () => {
    const byName = new Map(service.namedValues.map((n) => [n.displayName, n]));
    assert.equal(byName.get('func-app-1-key')?.secret, true);
    assert.equal(byName.get('func-app-1-key')?.value, undefined);
    assert.equal(byName.get('func-app-2-key')?.keyVaultSecretIdentifier, 'https://kv-contoso-apim.vault.azure.net/secrets/func-app-2-key');
    assert.equal(byName.get('partner-api-audience')?.value, 'api://contoso-partner-api');
    assert.deepEqual(service.fragments.map((f) => [f.name, f.policy?.scope]), [['correlation-id', 'fragment'], ['validate-partner-token', 'fragment']]);
  });
});

describe('apiopsLoader on broken input', () => {
  test('reports a malformed information file and still loads the rest', async () => {
    const t = tempFolder({
      'apis/good-api/apiInformation.json': JSON.stringify({ properties: { displayName: 'Good', path: 'good' } }),
      'apis/bad-api/apiInformation.json': '{ "properties": { "displayName": ',
      'apis/bad-api/specification.yaml': 'paths: [unclosed',
      'backends/b1/backendInformation.json': '[]',
    });
    try {
      const service = await loadApiopsService(nodeFileSystem, t.root);
      assert.deepEqual(service.apis.map((a) => a.displayName).sort(), ['Good', 'bad-api']);
      const messages = service.problems.map((p) => `${path.relative(t.root, p.path)}: ${p.message.split(':')[0]}`).sort();
      assert.deepEqual(messages, ['apis/bad-api/apiInformation.json: Invalid JSON', 'apis/bad-api/specification.yaml: Cannot read the specification', 'backends/b1/backendInformation.json: Invalid JSON']);
    } finally {
      t.dispose();
    }
  });

  test('never keeps the value of a secret, even when a file carries one', async () => {
    const t = tempFolder({
      'named values/k/namedValueInformation.json': JSON.stringify({ properties: { displayName: 'k', secret: true, value: 'TOP-SECRET-VALUE' } }),
      'named-values.local.json': JSON.stringify({ k: 'LOCAL-SECRET' }),
    });
    try {
      const service = await loadApiopsService(nodeFileSystem, t.root);
      const json = JSON.stringify(service);
      assert.ok(!json.includes('TOP-SECRET-VALUE'));
      assert.ok(!json.includes('LOCAL-SECRET'));
      assert.equal(service.namedValues[0]?.hasLocalValue, true);
    } finally {
      t.dispose();
    }
  });

  test('reports a local override file that is not an object of strings', async () => {
    const t = tempFolder({ 'named values/k/namedValueInformation.json': '{"properties":{"displayName":"k"}}', 'named-values.local.json': '{"k": 42}' });
    try {
      const service = await loadApiopsService(nodeFileSystem, t.root);
      assert.match(service.problems[0]?.message ?? '', /not a string: k/);
    } finally {
      t.dispose();
    }
  });

  test('rejects a root that is not a folder', async () => {
    await assert.rejects(loadApiopsService(nodeFileSystem, path.join(repoRoot, 'no-such-folder')), /Not a folder/);
  });
});

describe('findApiopsRoots', () => {
  test('finds the sample from the repository root and does not descend into it', async () => {
    assert.deepEqual(await findApiopsRoots(nodeFileSystem, path.join(repoRoot, 'samples'), 3), [sampleRoot]);
  });

  test('the root a file is in: its nearest ancestor that is one, or none', async () => {
    assert.equal(await apiopsRootOf(nodeFileSystem, path.join(sampleRoot, 'apis', 'customers-api', 'policy.xml')), sampleRoot);
    assert.equal(await apiopsRootOf(nodeFileSystem, path.join(repoRoot, 'package.json')), undefined);
  });

  test('ignores an apis folder that holds no APIOps information files', async () => {
    const t = tempFolder({ 'web/apis/users/index.ts': 'export {}', 'svc/apis/a/apiInformation.json': '{}' });
    try {
      assert.deepEqual(await findApiopsRoots(nodeFileSystem, t.root, 3), [path.join(t.root, 'svc')]);
    } finally {
      t.dispose();
    }
  });

  test('respects the depth limit', async () => {
    const t = tempFolder({ 'a/b/c/svc/apis/x/apiInformation.json': '{}' });
    try {
      assert.deepEqual(await findApiopsRoots(nodeFileSystem, t.root, 3), []);
      assert.deepEqual(await findApiopsRoots(nodeFileSystem, t.root, 4), [path.join(t.root, 'a/b/c/svc')]);
    } finally {
      t.dispose();
    }
  });
});
