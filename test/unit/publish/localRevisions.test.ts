// A publish from a local APIOps folder, recorded in the folder the way the APIOps publisher lays
// revisions out: the plain folder is the current revision, others are `;rev=N` siblings. After
// recording, the folder compares equal with the service again.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { comparePolicies } from '../../../src/azure/compare';
import { LiveService, parseServiceId } from '../../../src/azure/liveService';
import { changesFromFolder, recordPublishedRevision } from '../../../src/publish/localRevisions';
import { applyPublish, planPublish } from '../../../src/publish/revisionPublish';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg', 'apim-contoso');
const info = (folder: string): Record<string, unknown> => (JSON.parse(readFileSync(path.join(folder, 'apiInformation.json'), 'utf8')) as { properties: Record<string, unknown> }).properties;

describe('recording a publish in the local APIOps folder', () => {
  let emulator: ArmEmulator;
  let live: LiveService;
  let folder: string;
  let api: string;
  let original: string;
  beforeEach(async () => {
    emulator = new ArmEmulator();
    const url = await emulator.start();
    await seedFromApiops(emulator, SVC, sampleRoot);
    live = new LiveService(createApimClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) }, SUB, { redirectTo: url }), parseServiceId(SVC)!);
    folder = mkdtempSync(path.join(tmpdir(), 'apim-publish-'));
    cpSync(sampleRoot, folder, { recursive: true });
    api = path.join(folder, 'apis', 'orders-api');
    original = await readFile(path.join(api, 'policy.xml'), 'utf8');
    await writeFile(path.join(api, 'policy.xml'), original.replace('<base />', '<base />\n    <set-header name="x-published" exists-action="override"><value>yes</value></set-header>'));
  });
  afterEach(async () => {
    await emulator.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('made current: the plain folder is revision 3, revision 1 moves to its ;rev=1 sibling, and the folder equals the service', async () => {
    const plan = await planPublish(live, { apiId: 'orders-api', changes: await changesFromFolder(api), description: 'x-published', makeCurrent: true, releaseNotes: 'n' });
    assert.deepEqual(plan.changes.map((c) => c.label), ['the API policy']);
    await applyPublish(live, plan);
    await recordPublishedRevision(api, plan);
    assert.deepEqual([info(api)['apiRevision'], info(api)['isCurrent'], info(api)['apiRevisionDescription']], ['3', true, 'x-published']);
    const rev1 = path.join(folder, 'apis', 'orders-api;rev=1');
    assert.deepEqual([info(rev1)['apiRevision'], info(rev1)['isCurrent']], ['1', false]);
    assert.equal(readFileSync(path.join(rev1, 'policy.xml'), 'utf8'), original);
    const local = await loadApiopsService(nodeFileSystem, folder);
    const diff = (await comparePolicies(local, live, (f) => readFile(f, 'utf8'))).filter((r) => r.state !== 'same');
    assert.deepEqual(diff.map((d) => `${d.label}: ${d.state}`), []);
  });

  test('not made current: revision 3 is written to its ;rev=3 sibling and the plain folder keeps what Azure serves', async () => {
    const plan = await planPublish(live, { apiId: 'orders-api', changes: await changesFromFolder(api), description: 'x-published', makeCurrent: false });
    await applyPublish(live, plan);
    await recordPublishedRevision(api, plan);
    assert.equal(readFileSync(path.join(api, 'policy.xml'), 'utf8'), original);
    assert.deepEqual([info(api)['apiRevision'], info(api)['isCurrent']], ['1', true]);
    const rev3 = path.join(folder, 'apis', 'orders-api;rev=3');
    assert.match(readFileSync(path.join(rev3, 'policy.xml'), 'utf8'), /x-published/);
    assert.deepEqual([info(rev3)['apiRevision'], info(rev3)['isCurrent']], ['3', false]);
    const local = await loadApiopsService(nodeFileSystem, folder);
    assert.deepEqual((await comparePolicies(local, live, (f) => readFile(f, 'utf8'))).filter((r) => r.state !== 'same').map((d) => d.label), []);
  });
});
