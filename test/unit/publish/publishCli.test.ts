// `apim-workbench publish` against the ARM emulator: the plan first, each step's result, the
// folder updated; --dry-run only reads; a fault at each step exits non-zero, names the step and
// leaves the current revision unchanged.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { createApimClient } from '../../../src/azure/apimClient';
import { LiveService, parseServiceId } from '../../../src/azure/liveService';
import { TEST_CREDENTIAL } from '../../../src/azure/testRedirect';
import { makeRevisionCurrent } from '../../../src/publish/revisionPublish';
import { detectLayout } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('apim-workbench publish', () => {
  let emulator: ArmEmulator;
  let folder: string;
  const args = (...extra: string[]): string[] => ['publish', path.join(folder, 'apis', 'orders-api'), '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--description', 'cli change', ...extra];
  const current = (): string => {
    const revs = [...['1', '2', '3', '4', '5']].filter((n) => emulator.get(`${SVC}/apis/orders-api;rev=${n}`)?.properties['isCurrent'] === true);
    return revs.join(',');
  };
  beforeEach(async () => {
    emulator = new ArmEmulator();
    process.env['APIM_WORKBENCH_ARM_REDIRECT'] = await emulator.start();
    await seedFromApiops(emulator, SVC, sampleRoot);
    folder = mkdtempSync(path.join(tmpdir(), 'apim-cli-publish-'));
    cpSync(sampleRoot, folder, { recursive: true });
    const policy = path.join(folder, 'apis', 'orders-api', 'policy.xml');
    await writeFile(policy, readFileSync(policy, 'utf8').replace('<base />', '<base />\n    <set-header name="x-cli" exists-action="override"><value>1</value></set-header>'));
  });
  afterEach(async () => {
    delete process.env['APIM_WORKBENCH_ARM_REDIRECT'];
    await emulator.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('--dry-run prints the plan and changes nothing: the emulator sees only reads', async () => {
    const before = emulator.requests.length;
    const r = await run(args('--make-current', '--dry-run'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Publish to apim-contoso: API orders-api, current revision 1 → new revision 3 \(made current\)$/m);
    assert.match(r.out, /^  changed: the API policy$/m);
    assert.match(r.out, /^  step 5: releasing revision 3 \(making it current\)$/m);
    assert.match(r.out, /Dry run: no change was made\.$/);
    assert.deepEqual(emulator.writesSince(before), []);
    assert.equal(current(), '1');
  });

  test('a publish with --make-current prints each step and leaves revision 3 current, the folder updated', async () => {
    const r = await run(args('--make-current', '--notes', 'release notes'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /✔ step 1: checking that the current revision 1 is as planned\n  ✔ step 2: creating revision 3 from the current revision\n  ✔ step 3: uploading the API policy to revision 3\n  ✔ step 4: checking that revision 3 holds the current revision plus these changes\n  ✔ step 5: releasing revision 3 \(making it current\)/);
    assert.equal(current(), '3');
    const info = JSON.parse(readFileSync(path.join(folder, 'apis', 'orders-api', 'apiInformation.json'), 'utf8')) as { properties: { apiRevision: string } };
    assert.equal(info.properties.apiRevision, '3');
  });

  for (const [name, pathRe, step] of [
    ['creating the revision', /\/apis\/orders-api;rev=3$/, 'creating revision 3 from the current revision'],
    ['uploading the policy', /\/apis\/orders-api;rev=3\/policies\/policy$/, 'uploading the API policy to revision 3'],
    ['releasing', /\/releases\/[^/]+$/, 'releasing revision 3 (making it current)'],
  ] as const) {
    test(`a fault while ${name} exits non-zero, names the step, and the current revision stays`, async () => {
      emulator.inject({ method: 'PUT', path: pathRe, status: 503, retryAfterSeconds: 0, times: 10 });
      const r = await run(args('--make-current', '--delete-on-failure'));
      assert.equal(r.code, 1);
      assert.ok(r.err.includes(`Publishing failed while ${step}`), r.err);
      assert.equal(current(), '1');
      if (name !== 'creating the revision') assert.match(r.err, /revision 3 was deleted \(--delete-on-failure\)/);
      assert.equal(emulator.get(`${SVC}/apis/orders-api;rev=3`), undefined, 'nothing half-made is left');
    });
  }

  test('A1: the release applied but its answer lost: the CLI says revision 3 is current, exits 0 and lays out the folder', async () => {
    emulator.inject({ method: 'PUT', path: /\/apis\/orders-api\/releases\/[^/]+$/, loseAnswer: true, times: 10 });
    const r = await run(args('--make-current', '--delete-on-failure'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /! The release of revision 3 was applied, although its answer was lost/);
    assert.equal(current(), '3');
    const info = JSON.parse(readFileSync(path.join(folder, 'apis', 'orders-api', 'apiInformation.json'), 'utf8')) as { properties: { apiRevision: string } };
    assert.equal(info.properties.apiRevision, '3');
  });

  test('A3: a call that never answers ends after --timeout with the step named, and the CLI exits', async () => {
    emulator.inject({ method: 'PUT', path: /\/apis\/orders-api;rev=3\/policies\/policy$/, hang: true, times: 1 });
    const started = Date.now();
    const r = await run(args('--make-current', '--timeout', '1'));
    assert.equal(r.code, 1);
    assert.match(r.err, /Publishing failed while uploading the API policy to revision 3: Azure did not answer within 1 s\. Revision 3 was created by this publish and is not current/);
    assert.ok(Date.now() - started < 15_000);
    assert.equal(current(), '1');
  });

  test('A4: a folder whose publish stopped after its release is brought up to date; a folder behind Azure is refused', async () => {
    // What a run killed after its release leaves: Azure's current revision holds the folder's change; the folder still records 1.
    const text = readFileSync(path.join(folder, 'apis', 'orders-api', 'policy.xml'), 'utf8');
    const live = new LiveService(createApimClient(TEST_CREDENTIAL, SUB, { redirectTo: process.env['APIM_WORKBENCH_ARM_REDIRECT'], retryDelayMs: 1 }), parseServiceId(SVC)!);
    /** A revision made current the way any publisher does it: created from the current one, its API policy set, released. */
    const publishElsewhere = async (revision: string, policy: string): Promise<void> => {
      await live.client.api.beginCreateOrUpdateAndWait('rg-contoso', 'apim-contoso', `orders-api;rev=${revision}`, { sourceApiId: `${SVC}/apis/orders-api`, apiRevisionDescription: `revision ${revision}` });
      const scope = { kind: 'api' as const, apiId: `orders-api;rev=${revision}` };
      await live.putPolicy(scope, policy, (await live.getPolicy(scope)).etag);
      await makeRevisionCurrent(live, 'orders-api', revision, 'elsewhere');
    };
    await publishElsewhere('3', text);
    assert.equal(current(), '3');
    const r = await run(args('--make-current'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Azure's current revision 3 already holds this folder's policies/);
    assert.match(r.out, /nothing to publish for orders-api/);
    const info = JSON.parse(readFileSync(path.join(folder, 'apis', 'orders-api', 'apiInformation.json'), 'utf8')) as { properties: { apiRevision: string } };
    assert.equal(info.properties.apiRevision, '3');
    // Someone publishes revision 4 with other policies; this folder (at 3) has its own edit: behind.
    await publishElsewhere('4', `${text}\n<!-- THEIRS -->`);
    await writeFile(path.join(folder, 'apis', 'orders-api', 'policy.xml'), `${text}\n<!-- MINE -->`);
    const behind = await run(args('--make-current'));
    assert.equal(behind.code, 1);
    assert.match(behind.err, /the folder records revision 3 as current, but Azure's current revision is 4, and its the API policy differs from the folder's\. Publishing would replace that newer revision's policies/);
    assert.match(String(emulator.get(`${SVC}/apis/orders-api/policies/policy`)?.properties['value']), /THEIRS/, 'theirs stays');
    const forced = await run(args('--make-current', '--force'));
    assert.equal(forced.code, 0, forced.err);
  });

  test('A5: publishing a folder says per API what went live; after a failure the rest are skipped (or tried with --keep-going)', async () => {
    const customers = path.join(folder, 'apis', 'customers-api', 'policy.xml');
    await writeFile(customers, readFileSync(customers, 'utf8').replace('<base />', '<base />\n    <!-- customers change -->'));
    emulator.inject({ method: 'PUT', path: /\/apis\/customers-api\/releases\/[^/]+$/, status: 500, times: 10 });
    const all = ['publish', folder, '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--description', 'cli change', '--make-current'];
    const r = await run(all);
    assert.equal(r.code, 1);
    assert.match(r.out, /^Summary:$/m);
    assert.match(r.out, /^ {2}customers-api: failed, failed while releasing revision \d+ \(making it current\); revision \d+ kept$/m);
    assert.match(r.out, /^ {2}orders-api: skipped, not tried after the failure above/m);
    assert.match(r.out, /^0 APIs published; 1 failed, \d+ not tried\.$/m);
    emulator.clearFaults();
    const again = await run([...all, '--keep-going']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^ {2}customers-api: published, revision \d+, current$/m);
    assert.match(again.out, /^ {2}orders-api: published, revision 3, current$/m);
  });

  test('apim-workbench extract writes the service as an APIOps folder, without secret values', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'apim-cli-extract-'));
    try {
      emulator.put(`${SVC}/namedValues/func-app-1-key`, { displayName: 'func-app-1-key', secret: true, value: 'cli-secret-value' });
      const r = await run(['extract', '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--out', out]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^Extracted apim-contoso to .* in the v7 layout \(\d+ files\)\.$/m);
      assert.equal(readFileSync(path.join(out, 'apis', 'orders-api', 'policy.xml'), 'utf8'), readFileSync(path.join(sampleRoot, 'apis', 'orders-api', 'policy.xml'), 'utf8'));
      assert.ok(!readFileSync(path.join(out, 'named values', 'func-app-1-key', 'namedValueInformation.json'), 'utf8').includes('cli-secret-value'));
      // --layout cli writes the apiops-cli layout; a re-extraction into it keeps that layout.
      const cliOut = mkdtempSync(path.join(tmpdir(), 'apim-cli-extract-cli-'));
      try {
        const c = await run(['extract', '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--out', cliOut, '--layout', 'cli']);
        assert.equal(c.code, 0, c.err);
        assert.match(c.out, /in the apiops-cli layout/);
        assert.equal(await detectLayout(nodeFileSystem, cliOut), 'cli');
        assert.ok(!readFileSync(path.join(cliOut, 'namedValues', 'func-app-1-key', 'namedValueInformation.json'), 'utf8').includes('cli-secret-value'));
        const frag = JSON.parse(readFileSync(path.join(cliOut, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json'), 'utf8')) as { properties: { value: string } };
        assert.equal(frag.properties.value, readFileSync(path.join(sampleRoot, 'policy fragments', 'correlation-id', 'policy.xml'), 'utf8'));
        const again = await run(['extract', '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--out', cliOut]);
        assert.match(again.out, /in the apiops-cli layout/);
        assert.equal(await detectLayout(nodeFileSystem, cliOut), 'cli');
      } finally {
        rmSync(cliOut, { recursive: true, force: true });
      }
      const one = await run(['extract', '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--out', out, '--api', 'nope']);
      assert.equal(one.code, 1);
      assert.match(one.err, /has no API named 'nope'/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('publish --dry-run plans the same from the folder in the apiops-cli layout', async () => {
    const cli = path.join(mkdtempSync(path.join(tmpdir(), 'apim-cli-publish-cli-')), 'contoso');
    try {
      const c = await run(['convert', folder, '--to', 'cli', '--out', cli]);
      assert.equal(c.code, 0, c.err);
      const v7 = await run(args('--make-current', '--dry-run'));
      const other = await run(['publish', path.join(cli, 'apis', 'orders-api'), '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--description', 'cli change', '--make-current', '--dry-run']);
      assert.equal(other.code, 0, other.err);
      assert.equal(other.out, v7.out);
      assert.match(other.out, /^ {2}changed: the API policy$/m);
    } finally {
      rmSync(path.dirname(cli), { recursive: true, force: true });
    }
  });

  test('publish --env publishes the policies configuration.<env>.yaml replaces, and leaves the folder as it was', async () => {
    const opPolicy = '<policies><inbound><base /><set-header name="x-env" exists-action="override"><value>prod</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>';
    await writeFile(path.join(folder, 'configuration.prod.yaml'), ['apis:', '  - name: orders-api', '    operations:', '      - name: get-order', '        policies:', '          - name: policy', '            properties:', `              value: '${opPolicy}'`, ''].join('\n'));
    const apiInfo = readFileSync(path.join(folder, 'apis', 'orders-api', 'apiInformation.json'), 'utf8');
    const unknown = await run(args('--env', 'staging', '--dry-run'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No environment 'staging'.*the environments are prod/);

    const dry = await run(args('--env', 'prod', '--make-current', '--dry-run'));
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^ {2}environment prod \(configuration\.prod\.yaml\): the policy of operation get-order as the environment file has it; the folder will not be rewritten\.$/m);
    assert.match(dry.out, /^ {2}changed: the API policy$/m, 'the folder\'s own change is still published');
    assert.match(dry.out, /^ {2}changed: the policy of operation get-order$/m);

    const r = await run(args('--env', 'prod', '--make-current'));
    assert.equal(r.code, 0, r.err);
    assert.equal(current(), '3');
    assert.match(String(emulator.get(`${SVC}/apis/orders-api;rev=3/operations/get-order/policies/policy`)?.properties['value']), /x-env/);
    assert.match(String(emulator.get(`${SVC}/apis/orders-api;rev=3/policies/policy`)?.properties['value']), /x-cli/);
    assert.equal(readFileSync(path.join(folder, 'apis', 'orders-api', 'apiInformation.json'), 'utf8'), apiInfo, 'the folder serves every environment: not rewritten');
    assert.doesNotMatch(readFileSync(path.join(folder, 'apis', 'orders-api', 'operations', 'get-order', 'policy.xml'), 'utf8'), /x-env/);

    const fromService = await run(['publish', folder, '--subscription', SUB, '--resource-group', 'rg-contoso', '--service', 'apim-contoso', '--api', 'orders-api', '--env', 'prod', '--dry-run']);
    assert.equal(fromService.code, 0, fromService.err);
    assert.match(fromService.out, /nothing to publish for orders-api/, 'the environment\'s policies are now what the current revision has');
  });

  test('missing options are a usage error', async () => {
    const r = await run(['publish', folder]);
    assert.equal(r.code, 2);
    assert.match(r.err, /publish needs --subscription, --resource-group, --service/);
  });
});
