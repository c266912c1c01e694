// Environments: configuration.<env>.yaml overrides applied when one is picked (named values with
// values and Key Vault references, backends, API service URLs, policies), seen by the simulator;
// lint without an environment reports a named value one environment gives a value and another
// does not; an unknown environment is refused with the ones there are.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { Gateway, SimulatedClock } from '../../../src/gateway/pipeline';
import type { OutgoingCall } from '../../../src/gateway/transport';
import { loadApiopsService, policyText } from '../../../src/workspace/apiopsLoader';
import { findEnvironments } from '../../../src/workspace/environments';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';

const SPEC = "openapi: 3.0.1\ninfo: { title: x, version: '1' }\npaths:\n  /x:\n    get:\n      operationId: get-x\n      responses: { '200': { description: ok } }\n";

describe('environments (configuration.<env>.yaml)', () => {
  let repo: string;
  let root: string;
  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'apiops-env-'));
    root = path.join(repo, 'artifacts');
    const w = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), text);
    };
    w('artifacts/named values/backend-key/namedValueInformation.json', JSON.stringify({ properties: { displayName: 'backend-key', secret: true } }));
    w('artifacts/named values/region/namedValueInformation.json', JSON.stringify({ properties: { displayName: 'region', value: 'westeurope' } }));
    w('artifacts/backends/b1/backendInformation.json', JSON.stringify({ properties: { url: 'https://dev-backend.example.net', protocol: 'http', tls: { validateCertificateChain: true } } }));
    w('artifacts/apis/echo/apiInformation.json', JSON.stringify({ properties: { displayName: 'Echo', path: 'echo', serviceUrl: 'https://echo-base.example.net', subscriptionRequired: false } }));
    w('artifacts/apis/echo/specification.yaml', SPEC);
    w('artifacts/apis/echo/policy.xml', '<policies><inbound><base /><set-header name="x-key" exists-action="override"><value>{{backend-key}}</value></set-header><set-header name="x-region" exists-action="override"><value>{{region}}</value></set-header></inbound><backend><forward-request /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>');
    w('artifacts/apis/echo/operations/get-x/policy.xml', '<policies><inbound><base /><set-header name="x-op" exists-action="override"><value>from the folder</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>');
    w('configuration.prod.yaml', [
      'namedValues:',
      '  - name: backend-key',
      '    properties: { value: prod-key-value }',
      '  - name: region',
      '    properties: { value: northeurope }',
      'backends:',
      '  - name: b1',
      '    properties: { url: "https://prod-backend.example.net" }',
      'apis:',
      '  - name: echo',
      '    properties: { serviceUrl: "https://echo-prod.example.net", apiRevision: "9" }',
      '    operations:',
      '      - name: get-x',
      '        policies:',
      '          - name: policy',
      '            properties:',
      '              value: <policies><inbound><base /><set-header name="x-op" exists-action="override"><value>from prod</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>',
      '',
    ].join('\n'));
    w('configuration.test.yaml', 'namedValues:\n  - name: backend-key\n    properties:\n      keyVault: { secretIdentifier: "https://kv.vault.azure.net/secrets/backend-key" }\n');
    w('configuration.dev.yaml', 'namedValues:\n  - name: region\n    properties: { value: westus }\n');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  test('the environments beside the folder are found', async () => {
    assert.deepEqual((await findEnvironments(nodeFileSystem, root)).map((e) => e.name), ['dev', 'prod', 'test']);
  });

  test('picking one applies its named values, Key Vault references, backends, service URLs and policies', async () => {
    const prod = await loadApiopsService(nodeFileSystem, root, { environment: 'prod' });
    assert.equal(prod.environment?.name, 'prod');
    assert.equal(prod.namedValues.find((n) => n.name === 'region')?.value, 'northeurope');
    assert.equal(prod.apis[0]?.serviceUrl, 'https://echo-prod.example.net');
    assert.equal(prod.apis[0]?.revision, '1', 'an environment does not set the revision');
    const op = prod.apis[0]!.operations.find((o) => o.name === 'get-x')!;
    assert.match(await policyText(nodeFileSystem, op.policy!), /from prod/);
    const kv = await loadApiopsService(nodeFileSystem, root, { environment: 'test' });
    const key = kv.namedValues.find((n) => n.name === 'backend-key')!;
    assert.equal(key.keyVaultSecretIdentifier, 'https://kv.vault.azure.net/secrets/backend-key');
    assert.equal(key.value, undefined);

    const config = await gatewayFromApiops(prod, nodeFileSystem);
    const calls: OutgoingCall[] = [];
    const gateway = new Gateway(config, { transport: { send: async (call) => { calls.push(call); return { kind: 'response', status: 200, headers: [], body: null, delayMs: 0 }; } }, clock: new SimulatedClock(0) });
    assert.equal((await gateway.handle({ method: 'GET', url: '/echo/x' })).response.status, 200);
    const headers = Object.fromEntries(calls[0]!.headers.map(([n, v]) => [n.toLowerCase(), v]));
    assert.deepEqual([headers['x-key'], headers['x-region'], headers['x-op']], ['prod-key-value', 'northeurope', 'from prod']);
    assert.match(calls[0]!.url, /^https:\/\/echo-prod\.example\.net/);
    assert.equal(config.backends.get('b1')?.url, 'https://prod-backend.example.net');
  });

  test('lint compares the environments: a secret one gives a value and another does not is reported where it is used', async () => {
    const out: string[] = [];
    await main(['lint', root, '--format', 'json'], { out: (t) => out.push(t), err: () => undefined });
    const report = JSON.parse(out.join('\n')) as { file: string; diagnostics: { code: string; message: string; line: number }[] }[];
    const d = report.flatMap((f) => f.diagnostics.map((x) => ({ ...x, file: path.relative(root, f.file) }))).filter((x) => x.code === 'namedValueMissingInEnvironment');
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0]?.file, path.join('apis', 'echo', 'policy.xml'));
    assert.match(d[0]!.message, /Named value 'backend-key' gets a value in prod \(configuration\.prod\.yaml\), test \(configuration\.test\.yaml\) but not in dev \(configuration\.dev\.yaml\)/);
  });

  test('--env picks one on the command line; an unknown one is refused with the ones there are', async () => {
    const out: string[] = [];
    const err: string[] = [];
    assert.equal(await main(['lint', root, '--env', 'stage'], { out: (t) => out.push(t), err: (t) => err.push(t) }), 2);
    assert.match(err.join('\n'), /No environment 'stage' for .*: the environments are dev, prod, test/);
    const tree: string[] = [];
    assert.equal(await main(['tree', root, '--env', 'prod', '--json'], { out: (t) => tree.push(t), err: () => undefined }), 0);
    assert.match(tree.join('\n'), /"serviceUrl": "https:\/\/echo-prod\.example\.net"/);
    assert.ok(!tree.join('\n').includes('prod-key-value'), 'a secret an environment gives is never printed');
  });
});
