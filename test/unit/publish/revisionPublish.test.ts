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
    assert.deepEqual(formatPlan(plan, 'apim-contoso').slice(-6), [
      '  step 1: checking that the current revision 1 is as planned',
      '  step 2: creating revision 3 from the current revision',
      '  step 3: uploading the API policy to revision 3',
      '  step 4: uploading the policy of operation list-orders to revision 3',
      '  step 5: checking that revision 3 holds the current revision plus these changes',
      '  step 6: releasing revision 3 (making it current)',
    ]);
    assert.deepEqual(emulator.writesSince(before), [], 'planning only reads');
    await stop();
  });

  test('a whole publish creates revision 3 with the changes and makes it current', async () => {
    const steps: string[] = [];
    const plan = await planPublish(live, request());
    const result = await applyPublish(live, plan, { onStep: (s, _i, state) => state === 'done' && steps.push(s.kind) });
    assert.deepEqual(result, { revision: '3', madeCurrent: true, notes: [] });
    assert.deepEqual(steps, ['check', 'createRevision', 'uploadPolicy', 'uploadPolicy', 'verify', 'release']);
    const rev3 = (await live.listRevisions('orders-api')).find((r) => r.revision === '3');
    assert.equal(rev3?.description, 'adds x-rev', 'the in-progress marker is gone once the revision is complete');
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
        (e: unknown) => e instanceof PublishError && e.step === step && e.message.includes(`while ${step}`) && /The current revision is still 1\.$/.test(e.message) && (name === 'creating the revision' ? e.revisionCreated === undefined && /created no revision/.test(e.message) : e.revisionCreated === '3'),
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

  test('L2: a hotfix to the current revision between the plan and the publish stops it before anything is created, with the difference', async () => {
    const plan = await planPublish(live, request());
    emulator.modify(`${SVC}/apis/orders-api;rev=1/policies/policy`, (p) => (p['value'] = `${String(p['value'])}\n<!-- THEIRS-HOTFIX -->`));
    const before = emulator.requests.length;
    await assert.rejects(
      () => applyPublish(live, plan),
      (e: unknown) => e instanceof PublishError && e.step === 'checking that the current revision 1 is as planned' && /the API policy of the current revision was changed since the plan was made/.test(e.message) && e.revisionCreated === undefined && /^\+ <!-- THEIRS-HOTFIX -->$/m.test(e.conflicts[0]?.diff ?? '') && !/^- /m.test(e.conflicts[0]?.diff ?? ''),
    );
    assert.deepEqual(emulator.writesSince(before), [], 'nothing written');
    assert.match((await currentOf()).apiPolicy, /THEIRS-HOTFIX/, 'the hotfix stays');
    await stop();
  });

  test('L3: two publishers never write into the same revision: the second makes the next free one', async () => {
    const a = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- A -->` }], makeCurrent: false, description: 'A' }));
    const b = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- B -->` }], makeCurrent: true, description: 'B' }));
    assert.equal(a.newRevision, '3');
    assert.equal(b.newRevision, '3');
    const ra = await applyPublish(live, a);
    const notes: string[] = [];
    const rb = await applyPublish(live, b, { onNote: (n) => notes.push(n) });
    assert.deepEqual([ra.revision, rb.revision], ['3', '4']);
    assert.match(notes[0] ?? '', /Revision 3 was created by someone else meanwhile: this publish makes revision 4 instead/);
    assert.match((await live.getPolicy({ kind: 'api', apiId: 'orders-api;rev=3' })).text, /<!-- A -->/, "A's revision keeps A's policy");
    assert.equal((await live.listRevisions('orders-api')).find((r) => r.revision === '3')?.description, 'A');
    assert.equal((await currentOf()).revision, '4');
    assert.match((await currentOf()).apiPolicy, /<!-- B -->/);
    await stop();
  });

  test('L3: interleaved, the second publisher stops rather than write into, release or delete the first one\'s revision', async () => {
    const a = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- A -->` }], makeCurrent: false, description: 'A' }));
    const b = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- B -->` }], makeCurrent: true, description: 'B' }));
    // A creates revision 3 right after B read it as free: B's create lands on A's revision.
    let bCreated = false;
    const aDone = applyPublish(live, a, { onStep: (s, _i, st) => {
      if (s.kind === 'createRevision' && st === 'done') bCreated = true;
    } });
    const results = await Promise.allSettled([aDone, applyPublish(live, b)]);
    assert.ok(bCreated);
    const revisions = await live.listRevisions('orders-api');
    // Whatever the interleaving: A's revision holds A's policy only, B's holds B's, and a failure deleted nothing of the other's.
    for (const r of revisions.filter((x) => Number(x.revision) >= 3)) {
      const text = (await live.getPolicy({ kind: 'api', apiId: `orders-api;rev=${r.revision}` })).text;
      assert.ok(!(text.includes('<!-- A -->') && text.includes('<!-- B -->')), `revision ${r.revision} mixes both`);
      if (r.description === 'A') assert.match(text, /<!-- A -->/);
      if (r.description === 'B') assert.match(text, /<!-- B -->/);
    }
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof PublishError, String(r.reason));
    await stop();
  });

  test('L4: deleting after a failure deletes only this run\'s revision, as it left it', async () => {
    const a = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- A -->` }], makeCurrent: false, description: 'A' }));
    await applyPublish(live, a);
    const b = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- B -->` }], makeCurrent: true, description: 'B' }));
    emulator.inject({ method: 'PUT', path: /orders-api;rev=4\/policies\/policy$/, status: 500, times: 5 });
    const e = await applyPublish(live, b).catch((x: unknown) => x);
    assert.ok(e instanceof PublishError && e.revisionCreated === '4', String(e));
    // Someone changes B's half-made revision meanwhile: the guarded delete keeps it.
    emulator.modify(`${SVC}/apis/orders-api;rev=4`, (p) => (p['apiRevisionDescription'] = 'taken over'));
    await assert.rejects(() => deleteRevision(live, 'orders-api', '4', { ifMatch: e.revisionEtag }), /changed by someone else since this publish made it: it was not deleted/);
    assert.ok((await live.listRevisions('orders-api')).some((r) => r.revision === '3' && r.description === 'A'), "A's revision 3 stays");
    await stop();
  });

  test('A1: a release applied whose answer was lost is reported as done: the new revision is current', async () => {
    const plan = await planPublish(live, request());
    emulator.inject({ method: 'PUT', path: /\/apis\/orders-api\/releases\/[^/]+$/, loseAnswer: true, times: 10 });
    const result = await applyPublish(live, plan);
    assert.equal(result.revision, '3');
    assert.equal(result.madeCurrent, true);
    assert.match(result.notes[0] ?? '', /The release of revision 3 was applied, although its answer was lost/);
    assert.equal((await currentOf()).revision, '3');
    await stop();
  });

  test('A2: a create applied whose answer was lost is found: the error names the revision, and it can be deleted', async () => {
    const plan = await planPublish(live, request());
    emulator.inject({ method: 'PUT', path: /\/apis\/orders-api;rev=3$/, loseAnswer: true, times: 10 });
    const e = await applyPublish(live, plan).catch((x: unknown) => x);
    // Either the read-back found it (the publish went on) or the error names it.
    if (e instanceof PublishError) {
      assert.equal(e.revisionCreated, '3', e.message);
      assert.match(e.message, /Revision 3 was created by this publish and is not current/);
      await deleteRevision(live, 'orders-api', '3', { ifMatch: e.revisionEtag });
      assert.ok(!(await live.listRevisions('orders-api')).some((r) => r.revision === '3'));
    } else {
      assert.equal((e as { revision: string }).revision, '3');
    }
    assert.equal((await currentOf()).revision, e instanceof PublishError ? '1' : '3');
    await stop();
  });

  test('A3: a call that never answers ends with a clear message naming the step; the state is read again', async () => {
    const hung = new ArmEmulator();
    const url = await hung.start();
    await seedFromApiops(hung, SVC, sampleRoot);
    const quick = new LiveService(createApimClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) }, SUB, { redirectTo: url, retryDelayMs: 1, maxRetries: 0, timeoutMs: 300 }), parseServiceId(SVC)!);
    const plan = await planPublish(quick, request());
    hung.inject({ method: 'PUT', path: /\/apis\/orders-api\/releases\/[^/]+$/, hang: true, times: 1 });
    const started = Date.now();
    await assert.rejects(
      () => applyPublish(quick, plan),
      (e: unknown) => e instanceof PublishError && /while releasing revision 3 \(making it current\): Azure did not answer within 300 ms/.test(e.message) && /The current revision is still 1\./.test(e.message) && e.revisionCreated === '3',
    );
    assert.ok(Date.now() - started < 10_000);
    await hung.stop();
    await stop();
  });

  test('A4: a revision a killed publish left half-made is found by its marker and removed by the next publish', async () => {
    // What a publish killed after creating revision 3 leaves: a non-current revision, still marked.
    const old = await planPublish(live, request());
    emulator.inject({ method: 'PUT', path: /orders-api;rev=3\/policies\/policy$/, status: 500, times: 5 });
    await applyPublish(live, old, { now: () => Date.now() - 60 * 60_000 }).catch(() => undefined);
    emulator.clearFaults();
    assert.match((await live.listRevisions('orders-api')).find((r) => r.revision === '3')?.description ?? '', /\[apim-workbench run \w+ in progress since/);
    const plan = await planPublish(live, request());
    assert.deepEqual(plan.steps.filter((s) => s.kind === 'removeOrphan').map((s) => s.revision), ['3']);
    const notes: string[] = [];
    const result = await applyPublish(live, plan, { onNote: (n) => notes.push(n) });
    assert.equal(result.revision, '4');
    assert.match(notes.join('\n'), /Revision 3, left half-made by a publish that stopped/);
    assert.deepEqual((await live.listRevisions('orders-api')).map((r) => r.revision).sort(), ['1', '2', '4']);
    // A fresh in-progress revision (another publisher at work) is left alone.
    const busy = await planPublish(live, request({ changes: [{ policy: { kind: 'api' }, text: `${originalApiPolicy}\n<!-- again -->` }] }));
    assert.deepEqual(busy.steps.filter((s) => s.kind === 'removeOrphan'), []);
    await stop();
  });

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
    await assert.rejects(() => applyPublish(live, plan, { onStep: (_s, _i, st) => st === 'done' && steps++, isCancelled: () => steps >= 3 }), (e: unknown) => e instanceof PublishError && /cancelled/.test(e.message) && e.revisionCreated === '3');
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
