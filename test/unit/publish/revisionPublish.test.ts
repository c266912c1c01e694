// Publishing as a new revision against the ARM emulator (filled from the sample), with a fault
// injected at each step in turn: the current revision changes only when the whole publish
// succeeded, each failure names its step, and the half-made revision can be deleted.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createApimClient } from '../../../src/azure/apimClient';
import { LiveService, parseServiceId } from '../../../src/azure/liveService';
import { applyPublish, deleteRevision, formatPlan, makeRevisionCurrent, planPublish, PublishError, type PublishRequest } from '../../../src/publish/revisionPublish';
import { ArmEmulator, serviceId } from '../../emulator/armEmulator';
import { seedFromApiops } from '../../emulator/seedFromApiops';
import { sampleRoot } from '../helpers';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-contoso', 'apim-contoso');

describe('publishing a policy change as a new API revision', () => {
  let emulator: ArmEmulator;
  let live: LiveService;
  let originalApiPolicy: string;
  const request = (over: Partial<PublishRequest> = {}): PublishRequest => ({
    apiId: 'orders-api',
    changes: [
      { policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- revision 3 -->` },
      { policy: { kind: 'operation', operationId: 'list-orders' }, text: '<policies><inbound><base /><set-header name="x-rev" exists-action="override"><value>3</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>' },
    ],
    description: 'adds x-rev',
    makeCurrent: true,
    releaseNotes: 'x-rev header',
    ...over,
  });
  const currentOf = async (): Promise<{ revision: string; apiPolicy: string }> => {
    const revs = await live.listRevisions('orders-api');
    return { revision: revs.find((r) => r.isCurrent)!.revision, apiPolicy: (await live.getPolicy({ kind: 'api', apiId: 'orders-api' })).text };
  };

  before(async () => undefined);
  beforeEach(async () => {
    emulator = new ArmEmulator();
    const url = await emulator.start();
    await seedFromApiops(emulator, SVC, sampleRoot);
    live = new LiveService(createApimClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) }, SUB, { redirectTo: url, retryDelayMs: 1, maxRetries: 1 }), parseServiceId(SVC)!);
    originalApiPolicy = (await live.getPolicy({ kind: 'api', apiId: 'orders-api' })).text;
  });
  after(() => undefined);
  const stop = (): Promise<void> => emulator.stop();

  test('the plan reads only, names the new revision after the highest, and lists what changes', async () => {
    const before = emulator.requests.length;
    const plan = await planPublish(live, request({ changes: [...request().changes, { policy: { kind: 'operation', operationId: 'get-order' }, text: (await live.getPolicy({ kind: 'operation', apiId: 'orders-api', operationId: 'get-order' })).text }] }));
    assert.equal(plan.currentRevision, '1');
    assert.equal(plan.newRevision, '3', 'revision 2 exists (not current)');
    assert.deepEqual(plan.changes.map((c) => c.label), ['the API policy', 'the policy of operation list-orders']);
    assert.deepEqual(plan.unchanged, ['the policy of operation get-order']);
    assert.deepEqual(formatPlan(plan, 'apim-contoso').slice(-4), ['  step 1: creating revision 3 from the current revision', '  step 2: uploading the API policy to revision 3', '  step 3: uploading the policy of operation list-orders to revision 3', '  step 4: releasing revision 3 (making it current)']);
    assert.deepEqual(emulator.writesSince(before), [], 'planning only reads');
    await stop();
  });

  test('a whole publish creates revision 3 with the changes and makes it current', async () => {
    const steps: string[] = [];
    const plan = await planPublish(live, request());
    const result = await applyPublish(live, plan, { onStep: (s, _i, state) => state === 'done' && steps.push(s.kind) });
    assert.deepEqual(result, { revision: '3', madeCurrent: true });
    assert.deepEqual(steps, ['createRevision', 'uploadPolicy', 'uploadPolicy', 'release']);
    const now = await currentOf();
    assert.equal(now.revision, '3');
    assert.match(now.apiPolicy, /<!-- revision 3 -->$/);
    assert.match((await live.getPolicy({ kind: 'operation', apiId: 'orders-api', operationId: 'list-orders' })).text, /x-rev/);
    // Revision 1 is kept, unchanged, as a non-current revision.
    assert.equal((await live.getPolicy({ kind: 'api', apiId: 'orders-api;rev=1' })).text, originalApiPolicy);
    await stop();
  });

  test('without make current, revision 3 holds the changes and the current revision is untouched', async () => {
    await applyPublish(live, await planPublish(live, request({ makeCurrent: false })));
    assert.deepEqual(await currentOf(), { revision: '1', apiPolicy: originalApiPolicy });
    assert.match((await live.getPolicy({ kind: 'api', apiId: 'orders-api;rev=3' })).text, /revision 3/);
    await stop();
  });

  const faults: [string, RegExp, string][] = [
    ['creating the revision', /\/apis\/orders-api;rev=3$/, 'creating revision 3 from the current revision'],
    ['uploading the API policy', /\/apis\/orders-api;rev=3\/policies\/policy$/, 'uploading the API policy to revision 3'],
    ['uploading the operation policy', /\/apis\/orders-api;rev=3\/operations\/list-orders\/policies\/policy$/, 'uploading the policy of operation list-orders to revision 3'],
    ['releasing', /\/apis\/orders-api\/releases\/[^/]+$/, 'releasing revision 3 (making it current)'],
  ];
  for (const [name, path, step] of faults) {
    test(`a fault while ${name} stops there, names the step and leaves the current revision as it was`, async () => {
      const plan = await planPublish(live, request());
      emulator.inject({ method: 'PUT', path, status: 500, times: 10 });
      await assert.rejects(
        () => applyPublish(live, plan),
        (e: unknown) => e instanceof PublishError && e.step === step && e.message.includes(`while ${step}`) && /The current revision was not changed\.$/.test(e.message) && (name === 'creating the revision' ? e.revisionCreated === undefined : e.revisionCreated === '3'),
      );
      emulator.clearFaults();
      assert.deepEqual(await currentOf(), { revision: '1', apiPolicy: originalApiPolicy });
      assert.ok(!emulator.requests.some((r) => r.method === 'PUT' && /\/releases\//.test(r.path) && r.status < 300), 'no release');
      if (name !== 'creating the revision') {
        await deleteRevision(live, 'orders-api', '3');
        assert.deepEqual((await live.listRevisions('orders-api')).map((r) => r.revision).sort(), ['1', '2']);
      }
      await stop();
    });
  }

  test('a concurrent change to the new revision\'s policy is not overwritten: the upload step fails', async () => {
    const plan = await planPublish(live, request({ changes: [request().changes[0]!] }));
    emulator.inject({ method: 'GET', path: /\/apis\/orders-api;rev=3\/policies\/policy$/, changeAfterRead: (r) => (r.properties['value'] = '<policies><!-- theirs --></policies>') });
    await assert.rejects(() => applyPublish(live, plan), (e: unknown) => e instanceof PublishError && e.step === 'uploading the API policy to revision 3' && /someone else changed it/.test(e.message));
    assert.deepEqual(await currentOf(), { revision: '1', apiPolicy: originalApiPolicy });
    await stop();
  });

  test('cancelling between steps stops like a failure: no release', async () => {
    const plan = await planPublish(live, request());
    let steps = 0;
    await assert.rejects(() => applyPublish(live, plan, { onStep: (_s, _i, st) => st === 'done' && steps++, isCancelled: () => steps >= 2 }), (e: unknown) => e instanceof PublishError && /cancelled/.test(e.message) && e.revisionCreated === '3');
    assert.deepEqual(await currentOf(), { revision: '1', apiPolicy: originalApiPolicy });
    await stop();
  });

  test('the current revision cannot be deleted; another can be made current with notes', async () => {
    await assert.rejects(() => deleteRevision(live, 'orders-api', '1'), /is the current revision of orders-api: it cannot be deleted/);
    await makeRevisionCurrent(live, 'orders-api', '2', 'status filter goes live');
    assert.equal((await currentOf()).revision, '2');
    const before = emulator.requests.length;
    await deleteRevision(live, 'orders-api', '1');
    assert.deepEqual((await live.listRevisions('orders-api')).map((r) => r.revision), ['2']);
    const del = emulator.requests.slice(before).find((r) => r.method === 'DELETE');
    assert.match(del?.ifMatch ?? '', /^"[0-9a-f]+"$/, 'the delete is guarded by the ETag it read');
    await stop();
  });

  test('nothing changed: planning says so and applying refuses', async () => {
    const plan = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: originalApiPolicy }] }));
    assert.deepEqual(plan.changes, []);
    await assert.rejects(() => applyPublish(live, plan), /Nothing to publish/);
    await assert.rejects(() => planPublish(live, request({ description: ' ' })), /needs a description/);
    await stop();
  });
});
