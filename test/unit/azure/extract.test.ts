// Extracting a live service to an APIOps folder, and comparing a folder with the live service,
// against the emulator filled from the Contoso sample: the extracted folder lints with no errors,
// compares equal with the live service (and with the sample's policies), holds no secret value,
// and one API can be extracted alone.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { comparePolicies } from '../../../src/azure/compare';
import { extractService } from '../../../src/azure/extract';
import { LiveService, parseServiceId } from '../../../src/azure/liveService';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { lintService } from '../../../src/language/lintWorkspace';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');
const SECRETS = { 'func-app-1-key': 'secret-one-value', 'func-app-2-key': 'secret-two-value', 'webhook-signing-secret': 'secret-three-value', 'team-secret': 'secret-four-value' };

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

describe('extract and compare against the emulator filled from the sample', () => {
  const emulator = new ArmEmulator();
  let live: LiveService;
  const out = mkdtempSync(path.join(tmpdir(), 'apim-extract-'));
  const write = async (rel: string, text: string): Promise<void> => {
    const file = path.join(out, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };
  before(async () => {
    await loadCSharpParser();
    const url = await emulator.start();
    await seedFromApiops(emulator, SVC, sampleRoot, SECRETS);
    // A workspace, which the sample does not have.
    emulator.put(`${SVC}/workspaces/team-a`, { displayName: 'Team A' });
    emulator.put(`${SVC}/workspaces/team-a/apis/team-api`, { displayName: 'Team API', path: 'team', serviceUrl: 'https://team.example.net', protocols: ['https'], subscriptionRequired: true });
    emulator.put(`${SVC}/workspaces/team-a/apis/team-api/policies/policy`, { value: '<policies>\n  <inbound>\n    <base />\n    <set-header name="x-team" exists-action="override">\n      <value>{{team-secret}}</value>\n    </set-header>\n  </inbound>\n  <backend>\n    <base />\n  </backend>\n  <outbound>\n    <base />\n  </outbound>\n  <on-error>\n    <base />\n  </on-error>\n</policies>\n', format: 'rawxml' });
    emulator.put(`${SVC}/workspaces/team-a/apis/team-api/operations/ping`, { displayName: 'Ping', method: 'GET', urlTemplate: '/ping' });
    emulator.put(`${SVC}/workspaces/team-a/apis/team-api/operations/ping/policies/policy`, { value: '<policies>\n  <inbound>\n    <base />\n  </inbound>\n  <backend>\n    <base />\n  </backend>\n  <outbound>\n    <base />\n  </outbound>\n  <on-error>\n    <base />\n  </on-error>\n</policies>\n', format: 'rawxml' });
    emulator.put(`${SVC}/workspaces/team-a/namedValues/team-secret`, { displayName: 'team-secret', secret: true, value: 'secret-four-value' });
    emulator.put(`${SVC}/workspaces/team-a/policyFragments/team-frag`, { value: '<fragment>\n  <set-header name="x-frag" exists-action="skip">\n    <value>1</value>\n  </set-header>\n</fragment>\n', format: 'rawxml' });
    emulator.put(`${SVC}/workspaces/team-a/backends/team-backend`, { url: 'https://team.example.net', protocol: 'http', credentials: { header: { 'x-api-key': ['LITERAL-key-in-clear-001'], 'x-ref': ['{{team-secret}}'] }, authorization: { scheme: 'Basic', parameter: 'LITERAL-basic-param-002' } } });
    live = new LiveService(createApimClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) }, SUB, { redirectTo: url }), parseServiceId(SVC)!);
  });
  after(async () => {
    await emulator.stop();
    rmSync(out, { recursive: true, force: true });
  });

  test('the extracted folder loads, lints with no errors and holds the sample\'s APIs, revisions and policies', async () => {
    const progress: string[] = [];
    const { files, withheld } = await extractService(live, write, { onProgress: (m) => progress.push(m) });
    assert.ok(files > 40, `${files} files`);
    assert.deepEqual(withheld, ['workspaces/team-a/backends/team-backend: authorization Basic', 'workspaces/team-a/backends/team-backend: header x-api-key']);
    assert.ok(progress.includes('API orders-api;rev=2'));
    const extracted = await loadApiopsService(nodeFileSystem, out);
    assert.deepEqual(extracted.problems, []);
    const sample = await loadApiopsService(nodeFileSystem, sampleRoot);
    assert.deepEqual(extracted.apis.map((a) => a.name).sort(), sample.apis.map((a) => a.name).sort());
    assert.deepEqual(extracted.backends.map((b) => b.name).sort(), sample.backends.map((b) => b.name).sort());
    const ws = extracted.workspaces.find((w) => w.name === 'team-a');
    assert.deepEqual([ws?.apis.map((a) => a.name), ws?.apis[0]?.operations.map((o) => o.name), ws?.fragments.map((f) => f.name), ws?.namedValues.map((n) => n.displayName), ws?.backends.map((b) => b.name)], [['team-api'], ['ping'], ['team-frag'], ['team-secret'], ['team-backend']]);
    const errors = (await lintService(extracted)).flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.file}: ${d.message}`));
    assert.deepEqual(errors, []);
    // Policies come back exactly as the sample has them.
    for (const rel of ['policy.xml', 'apis/orders-api/policy.xml', 'apis/orders-api;rev=2/policy.xml', 'products/project-1/policy.xml', 'policy fragments/correlation-id/policy.xml', 'apis/orders-api/operations/list-orders/policy.xml']) {
      assert.equal(await readFile(path.join(out, rel), 'utf8'), await readFile(path.join(sampleRoot, rel), 'utf8'), rel);
    }
  });

  test('no secret value is in any file written', () => {
    for (const file of allFiles(out)) {
      const text = readFileSync(file, 'utf8');
      for (const secret of [...Object.values(SECRETS), 'LITERAL-key-in-clear-001', 'LITERAL-basic-param-002']) assert.ok(!text.includes(secret), `${file} holds a secret`);
    }
    // A credential written as a {{named value}} reference is kept as it is.
    const backend = JSON.parse(readFileSync(path.join(out, 'workspaces', 'team-a', 'backends', 'team-backend', 'backendInformation.json'), 'utf8')) as { properties: { credentials: { header: Record<string, string[]> } } };
    assert.deepEqual(backend.properties.credentials.header, { 'x-api-key': ['***'], 'x-ref': ['{{team-secret}}'] });
    const info = JSON.parse(readFileSync(path.join(out, 'named values', 'func-app-1-key', 'namedValueInformation.json'), 'utf8')) as { properties: Record<string, unknown> };
    assert.equal(info.properties['secret'], true);
    assert.equal(info.properties['value'], undefined);
  });

  test('comparing the extracted folder (and the sample) with the live service finds no difference', async () => {
    for (const root of [out, sampleRoot]) {
      const local = await loadApiopsService(nodeFileSystem, root);
      const result = await comparePolicies(local, live, (f) => readFile(f, 'utf8'));
      assert.ok(result.length > 20);
      const expected = root === out ? [] : ['the policy of API team-api in workspace team-a: onlyRemote', 'the policy of operation ping of API team-api in workspace team-a: onlyRemote', 'policy fragment team-frag of workspace team-a: onlyRemote'];
      assert.deepEqual(result.filter((r) => r.state !== 'same').map((r) => `${r.label}: ${r.state}`), expected, root);
    }
  });

  test('a remote change shows as a difference, and a policy only on one side as such', async () => {
    emulator.modify(`${SVC}/apis/orders-api/policies/policy`, (p) => (p['value'] = `${String(p['value'])}<!-- edited in the portal -->`));
    const local = await loadApiopsService(nodeFileSystem, out);
    const result = await comparePolicies(local, live, (f) => readFile(f, 'utf8'));
    assert.deepEqual(result.filter((r) => r.state !== 'same').map((r) => `${r.label}: ${r.state}`), ['the policy of API orders-api: changed']);
    emulator.remove(`${SVC}/products/project-2/policies/policy`);
    const again = await comparePolicies(local, live, (f) => readFile(f, 'utf8'));
    assert.ok(again.some((r) => r.label === 'the policy of product project-2' && r.state === 'onlyLocal'));
  });

  test('one API can be extracted alone, with what its policies refer to', async () => {
    const one = mkdtempSync(path.join(tmpdir(), 'apim-extract-one-'));
    try {
      await extractService(live, async (rel, text) => {
        await mkdir(path.dirname(path.join(one, rel)), { recursive: true });
        await writeFile(path.join(one, rel), text);
      }, { api: 'inventory-api' });
      const svc = await loadApiopsService(nodeFileSystem, one);
      assert.deepEqual(svc.apis.map((a) => a.name), ['inventory-api']);
      assert.ok(svc.namedValues.length > 0 && svc.backends.length > 0);
      await assert.rejects(() => extractService(live, async () => undefined, { api: 'nope' }), /has no API named 'nope'/);
    } finally {
      rmSync(one, { recursive: true, force: true });
    }
  });
});
