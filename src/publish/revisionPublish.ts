// Publishing policy changes as a new API revision, safely, with other publishers about:
//   (0) check that the current revision's policies are still what the plan compared against (a
//       hotfix published meanwhile stops the publish before anything is created);
//   (1) create `api;rev=N` from the current revision, its description marked with this run's id
//       while it is being made; a number someone else took meanwhile is never written into: the
//       next free one is used;
//   (2) upload each changed policy to it (If-Match with the ETag of the copy), after checking the
//       revision is still this run's;
//   (3) verify it holds exactly the current revision plus these changes, then drop the marker;
//   (4) only if asked, release it (make it current, with notes), guarded by the revision's ETag.
// The current revision is never written. After any failure the revisions are read again and the
// error says what really happened (a release applied although its answer was lost is success).
// Revisions an earlier run left half-made (killed midway) are found by their marker and removed.

import { diffLines } from 'diff';
import { azureError, isResourceChanged } from '../azure/azureErrors';
import type { LiveService } from '../azure/liveService';
import type { PolicyScopeRef } from '../azure/scopes';

/** A policy of the API to publish: the API policy, or an operation's. */
export type RevisionPolicy = { readonly kind: 'api' } | { readonly kind: 'operation'; readonly operationId: string };

export interface PolicyChange {
  readonly policy: RevisionPolicy;
  /** The text to publish. */
  readonly text: string;
}

export interface PublishRequest {
  readonly apiId: string;
  readonly changes: readonly PolicyChange[];
  readonly description: string;
  readonly makeCurrent: boolean;
  readonly releaseNotes?: string;
}

export type PlanStep =
  | { readonly kind: 'check'; readonly revision: string }
  | { readonly kind: 'removeOrphan'; readonly revision: string; readonly since: string }
  | { readonly kind: 'createRevision'; readonly revision: string }
  | { readonly kind: 'uploadPolicy'; readonly revision: string; readonly policy: RevisionPolicy }
  | { readonly kind: 'verify'; readonly revision: string }
  | { readonly kind: 'release'; readonly revision: string };

export interface PublishPlan {
  readonly apiId: string;
  readonly currentRevision: string;
  readonly newRevision: string;
  /** The policies that differ from the current revision, with both texts. */
  readonly changes: readonly { readonly policy: RevisionPolicy; readonly label: string; readonly current: string; readonly proposed: string }[];
  readonly unchanged: readonly string[];
  readonly steps: readonly PlanStep[];
  readonly request: PublishRequest;
  /** This run's id: marks the revision it creates until the revision is complete. */
  readonly runId: string;
}

export interface PublishResult {
  readonly revision: string;
  readonly madeCurrent: boolean;
  /** Things worth telling: a revision number taken by someone else, a release whose answer was lost. */
  readonly notes: readonly string[];
}

export class PublishError extends Error {
  constructor(
    message: string,
    /** The step that failed, in words: "creating revision 3", "uploading the API policy to revision 3", … */
    readonly step: string,
    /** The revision this run created before the failure (it can be deleted or kept); never another's. */
    readonly revisionCreated: string | undefined,
    readonly detail: string,
    /** The revision's ETag as this run last wrote it: deleting it is guarded by it. */
    readonly revisionEtag?: string,
    /** For a hotfix found at the check: each policy as planned against, and as it is now. */
    readonly conflicts: readonly { readonly label: string; readonly planned: string; readonly now: string; readonly diff: string }[] = [],
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** How long an in-progress marker may stand before its revision counts as left behind by a killed run. */
export const ORPHAN_AFTER_MS = 15 * 60_000;
const MARKER = /\s*\[apim-workbench run ([0-9a-z]+) in progress since ([^\]]+)\]$/;

function marked(description: string, runId: string, since: string): string {
  return `${description} [apim-workbench run ${runId} in progress since ${since}]`;
}

function markerOf(description: string | undefined): { runId: string; since: string } | undefined {
  const m = MARKER.exec(description ?? '');
  return m ? { runId: m[1] as string, since: m[2] as string } : undefined;
}

export function policyLabel(policy: RevisionPolicy): string {
  return policy.kind === 'api' ? 'the API policy' : `the policy of operation ${policy.operationId}`;
}

function scopeOf(apiId: string, policy: RevisionPolicy): PolicyScopeRef {
  return policy.kind === 'api' ? { kind: 'api', apiId } : { kind: 'operation', apiId, operationId: policy.operationId };
}

export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'check':
      return `checking that the current revision ${step.revision} is as planned`;
    case 'removeOrphan':
      return `removing revision ${step.revision}, left half-made by a publish that stopped (${step.since})`;
    case 'createRevision':
      return `creating revision ${step.revision} from the current revision`;
    case 'uploadPolicy':
      return `uploading ${policyLabel(step.policy)} to revision ${step.revision}`;
    case 'verify':
      return `checking that revision ${step.revision} holds the current revision plus these changes`;
    case 'release':
      return `releasing revision ${step.revision} (making it current)`;
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

const normalize = (t: string): string => t.replace(/\r\n/g, '\n').replace(/\s+$/, '');

/** A unified-style line diff: `- ` lines only in `a`, `+ ` only in `b` (unchanged lines left out). */
export function lineDiff(a: string, b: string): string {
  return diffLines(`${normalize(a)}\n`, `${normalize(b)}\n`)
    .filter((part) => part.added || part.removed)
    .flatMap((part) => part.value.replace(/\n$/, '').split('\n').map((l) => `${part.added ? '+' : '-'} ${l}`))
    .join('\n');
}

function newRunId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Reads the API's revisions and current policies (reads only) and works out what publishing would do. */
export async function planPublish(live: LiveService, request: PublishRequest, now: () => number = Date.now): Promise<PublishPlan> {
  if (!request.description.trim()) throw new Error('A new revision needs a description (what changes in it).');
  const revisions = await live.listRevisions(request.apiId);
  const current = revisions.find((r) => r.isCurrent);
  if (!current) throw new Error(`API ${request.apiId} has no current revision in ${live.service.name}.`);
  const newRevision = String(Math.max(...revisions.map((r) => Number(r.revision) || 0)) + 1);
  const changes: PublishPlan['changes'][number][] = [];
  const unchanged: string[] = [];
  for (const c of request.changes) {
    const text = (await live.getPolicy(scopeOf(request.apiId, c.policy))).text;
    if (normalize(text) === normalize(c.text)) unchanged.push(policyLabel(c.policy));
    else changes.push({ policy: c.policy, label: policyLabel(c.policy), current: text, proposed: c.text });
  }
  // A non-current revision still marked "in progress" long after it began was left by a publish that stopped.
  const orphans = revisions.flatMap((r) => {
    const m = markerOf(r.description);
    return !r.isCurrent && m && now() - Date.parse(m.since) > ORPHAN_AFTER_MS ? [{ kind: 'removeOrphan' as const, revision: r.revision, since: m.since }] : [];
  });
  const steps: PlanStep[] = [
    { kind: 'check', revision: current.revision },
    ...orphans,
    { kind: 'createRevision', revision: newRevision },
    ...changes.map((c): PlanStep => ({ kind: 'uploadPolicy', revision: newRevision, policy: c.policy })),
    { kind: 'verify', revision: newRevision },
    ...(request.makeCurrent ? [{ kind: 'release', revision: newRevision } as PlanStep] : []),
  ];
  return { apiId: request.apiId, currentRevision: current.revision, newRevision, changes, unchanged, steps, request, runId: newRunId() };
}

/** The plan as lines, for the CLI and the log. */
export function formatPlan(plan: PublishPlan, serviceName: string): string[] {
  return [
    `Publish to ${serviceName}: API ${plan.apiId}, current revision ${plan.currentRevision} → new revision ${plan.newRevision}${plan.request.makeCurrent ? ' (made current)' : ' (not made current)'}`,
    ...plan.changes.map((c) => `  changed: ${c.label}`),
    ...plan.unchanged.map((u) => `  unchanged: ${u}`),
    ...plan.steps.map((s, i) => `  step ${i + 1}: ${describeStep(s)}`),
  ];
}

export interface ApplyHooks {
  readonly onStep?: (step: PlanStep, index: number, state: 'start' | 'done') => void;
  /** Something worth telling as it happens (a revision number taken, an orphan removed). */
  readonly onNote?: (note: string) => void;
  /** Checked before each step: a cancelled publish stops like a failed one (no release). */
  readonly isCancelled?: () => boolean;
  readonly now?: () => number;
}

interface RevisionInfo {
  readonly description: string;
  readonly etag: string | undefined;
  readonly isCurrent: boolean;
}

export async function applyPublish(live: LiveService, plan: PublishPlan, hooks: ApplyHooks = {}): Promise<PublishResult> {
  if (plan.changes.length === 0) throw new PublishError('Nothing to publish: every policy is the same as in the current revision.', 'planning', undefined, '');
  const { client, service } = live;
  const { resourceGroup: rg, name: svc } = service;
  const apiArmId = `${service.id}/apis/${plan.apiId}`;
  const since = new Date((hooks.now ?? Date.now)()).toISOString();
  const notes: string[] = [];
  const note = (n: string): void => {
    notes.push(n);
    hooks.onNote?.(n);
  };
  const revId = (n: string): string => `${plan.apiId};rev=${n}`;
  const info = async (n: string): Promise<RevisionInfo | undefined> => {
    try {
      const r = await client.api.get(rg, svc, revId(n));
      return { description: r.apiRevisionDescription ?? '', etag: r.eTag, isCurrent: r.isCurrent === true };
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
  };
  /** Throws when revision `n` is no longer this run's (someone re-created it, or changed it since `etag`). */
  const assertOurs = async (n: string, etag?: string): Promise<RevisionInfo> => {
    const r = await info(n);
    const ours = r && (etag ? r.etag === etag : markerOf(r.description)?.runId === plan.runId);
    if (!r || !ours) throw new TakenError(`revision ${n} was ${r ? 'changed' : 'deleted'} by someone else while this publish was making it`);
    return r;
  };

  let revision = plan.newRevision;
  let created: string | undefined;
  let etag: string | undefined;
  for (const [i, planned] of plan.steps.entries()) {
    const step = withRevision(planned, revision);
    const what = describeStep(step);
    if (hooks.isCancelled?.()) throw new PublishError(`Publishing stopped before ${what}: cancelled. ${await stateAfter(undefined)}`, what, created, 'cancelled by the user', etag);
    hooks.onStep?.(step, i, 'start');
    try {
      switch (step.kind) {
        case 'check': {
          const conflicts = [];
          for (const c of plan.changes) {
            const now = (await live.getPolicy(scopeOf(plan.apiId, c.policy))).text;
            if (normalize(now) !== normalize(c.current)) conflicts.push({ label: c.label, planned: c.current, now, diff: lineDiff(c.current, now) });
          }
          const revisions = await live.listRevisions(plan.apiId);
          const current = revisions.find((r) => r.isCurrent)?.revision;
          if (conflicts.length || current !== plan.currentRevision) {
            throw new PublishError(
              `Publishing stopped before creating anything: ${current !== plan.currentRevision ? `the current revision is now ${current}, not ${plan.currentRevision}` : `${conflicts.map((c) => c.label).join(' and ')} of the current revision ${conflicts.length === 1 ? 'was' : 'were'} changed since the plan was made (a hotfix?)`}. Nothing was created; review the changes again.`,
              what,
              undefined,
              conflicts.map((c) => `${c.label}:\n${c.diff}`).join('\n'),
              undefined,
              conflicts,
            );
          }
          break;
        }
        case 'removeOrphan': {
          const r = await info(step.revision);
          const m = markerOf(r?.description);
          // Only a revision still as the stopped run left it: not current, still marked, unchanged.
          if (r && !r.isCurrent && m && m.since === step.since) {
            await client.api.beginDeleteAndWait(rg, svc, revId(step.revision), r.etag ?? '*');
            note(`Revision ${step.revision}, left half-made by a publish that stopped (run ${m.runId}, ${m.since}), was removed.`);
          }
          break;
        }
        case 'createRevision': {
          for (let attempt = 0; ; attempt++) {
            const existing = await info(revision);
            if (existing) {
              if (markerOf(existing.description)?.runId === plan.runId) break; // ours (a retried call)
              if (attempt >= 5) throw new TakenError(`revision numbers kept being taken by other publishers (last: ${revision})`);
              const taken = revision;
              revision = String(Math.max(...(await live.listRevisions(plan.apiId)).map((r) => Number(r.revision) || 0)) + 1);
              note(`Revision ${taken} was created by someone else meanwhile: this publish makes revision ${revision} instead.`);
              continue;
            }
            await client.api.beginCreateOrUpdateAndWait(rg, svc, revId(revision), { sourceApiId: apiArmId, apiRevisionDescription: marked(plan.request.description, plan.runId, since) });
            // Read back: the number is ours only if our marker is what stands there now.
            const after = await info(revision);
            if (after && markerOf(after.description)?.runId === plan.runId) break;
            if (attempt >= 5) throw new TakenError(`revision numbers kept being taken by other publishers (last: ${revision})`);
          }
          created = revision;
          etag = (await assertOurs(revision)).etag;
          break;
        }
        case 'uploadPolicy': {
          etag = (await assertOurs(revision)).etag;
          const scope = scopeOf(revId(revision), step.policy);
          const copy = await live.getPolicy(scope);
          const change = plan.changes.find((c) => JSON.stringify(c.policy) === JSON.stringify(step.policy));
          if (!change) throw new Error(`no change for ${policyLabel(step.policy)}`);
          await live.putPolicy(scope, change.proposed, copy.etag);
          break;
        }
        case 'verify': {
          await assertOurs(revision);
          const problems = await verifyRevision(live, plan, revision);
          if (problems.length) throw new TakenError(`revision ${revision} does not hold what this publish made: ${problems.join('; ')}`);
          // Complete: the marker goes, and from now on the revision is guarded by its ETag.
          const r = await assertOurs(revision);
          await client.api.update(rg, svc, revId(revision), r.etag ?? '*', { apiRevisionDescription: plan.request.description });
          etag = (await info(revision))?.etag;
          break;
        }
        case 'release': {
          await assertOurs(revision, etag);
          await release(live, plan.apiId, revision, plan.request.releaseNotes ?? plan.request.description);
          break;
        }
      }
    } catch (e) {
      if (e instanceof PublishError) throw e;
      const err = e instanceof TakenError ? undefined : azureError(e, what);
      // What happened, as Azure has it now: a release applied although its answer was lost is success.
      if (step.kind === 'release') {
        const r = await info(revision).catch(() => undefined);
        if (r?.isCurrent) {
          note(`The release of revision ${revision} was applied, although its answer was lost (${err ? err.message.replace(/^Azure API Management: /, '') : 'no answer'}).`);
          hooks.onStep?.(step, i, 'done');
          return { revision, madeCurrent: true, notes };
        }
      }
      if (step.kind === 'createRevision' && !created) {
        // The create may have been applied although its answer was lost: the marker says whose it is.
        const r = await info(revision).catch(() => undefined);
        if (r && markerOf(r.description)?.runId === plan.runId) {
          created = revision;
          etag = r.etag;
        }
      }
      const reason = e instanceof TakenError ? e.message : (err?.message ?? String(e)).replace(/^Azure API Management: [^:]+: /, '');
      throw new PublishError(`Publishing failed while ${what}: ${reason} ${await stateAfter(created)}`, what, created, err?.detail ?? reason, etag);
    }
    hooks.onStep?.(step, i, 'done');
  }
  return { revision, madeCurrent: plan.request.makeCurrent, notes };

  /** The state after a failure, read again from Azure, in words. */
  async function stateAfter(made: string | undefined): Promise<string> {
    try {
      const revisions = await live.listRevisions(plan.apiId);
      const current = revisions.find((r) => r.isCurrent)?.revision;
      const mine = made ? `Revision ${made} was created by this publish and is not current; delete it or keep it.` : 'This publish created no revision.';
      return `${mine} ${current === plan.currentRevision ? `The current revision is still ${current}.` : `The current revision is now ${current ?? 'none'} (changed by someone else).`}`;
    } catch (e) {
      return `The revisions could not be read again to say what state the API is in (${azureError(e, 'listing the revisions').message.replace(/^Azure API Management: /, '')}): check them in the portal.${made ? ` This publish created revision ${made}.` : ''}`;
    }
  }
}

/** A revision this run was making that is no longer as it made it: nothing more is written into it. */
class TakenError extends Error {}

function withRevision(step: PlanStep, revision: string): PlanStep {
  return step.kind === 'check' || step.kind === 'removeOrphan' ? step : { ...step, revision };
}

/**
 * The new revision against what it should hold: the changed policies as proposed, every other
 * policy (the API's and each operation's) as the current revision has it. Reads at most 8 at once.
 */
async function verifyRevision(live: LiveService, plan: PublishPlan, revision: string): Promise<string[]> {
  const rev = `${plan.apiId};rev=${revision}`;
  const operations = await live.listOperations(rev);
  const policies: RevisionPolicy[] = [{ kind: 'api' }, ...operations.map((o): RevisionPolicy => ({ kind: 'operation', operationId: o.name }))];
  const problems: string[] = [];
  const check = async (policy: RevisionPolicy): Promise<void> => {
    const change = plan.changes.find((c) => JSON.stringify(c.policy) === JSON.stringify(policy));
    const actual = (await live.getPolicy(scopeOf(rev, policy))).text;
    const expected = change ? change.proposed : (await live.getPolicy(scopeOf(plan.apiId, policy))).text;
    if (normalize(actual) !== normalize(expected)) problems.push(`${policyLabel(policy)} differs from ${change ? 'what this publish uploaded' : 'the current revision'}`);
  };
  for (let i = 0; i < policies.length; i += 8) await Promise.all(policies.slice(i, i + 8).map(check));
  return problems;
}

/** A release of the revision: what makes it current, with its notes in the change log. */
async function release(live: LiveService, apiId: string, revision: string, notes: string): Promise<void> {
  const { client, service } = live;
  await client.apiRelease.createOrUpdate(service.resourceGroup, service.name, apiId, `apim-workbench-rev-${revision}-${Date.now().toString(36)}`, { apiId: `${service.id}/apis/${apiId};rev=${revision}`, notes });
}

/** Makes a revision current, with release notes. */
export async function makeRevisionCurrent(live: LiveService, apiId: string, revision: string, notes: string): Promise<void> {
  try {
    await release(live, apiId, revision, notes);
  } catch (e) {
    throw azureError(e, `making revision ${revision} of API ${apiId} current`);
  }
}

/**
 * Deletes a revision that is not current; the current one is refused with the reason. With
 * `ifMatch` (the ETag a publish last wrote it with) only that revision, as it was, is deleted:
 * one someone else changed or re-created meanwhile is kept.
 */
export async function deleteRevision(live: LiveService, apiId: string, revision: string, options: { readonly ifMatch?: string } = {}): Promise<void> {
  const revisions = await live.listRevisions(apiId);
  const r = revisions.find((x) => x.revision === revision);
  if (!r) throw new Error(`API ${apiId} has no revision ${revision}.`);
  if (r.isCurrent) throw new Error(`Revision ${revision} is the current revision of ${apiId}: it cannot be deleted. Make another revision current first.`);
  try {
    // Guarded by the revision's ETag: the one given, or the one read just now.
    const eTag = options.ifMatch ?? (await live.client.api.getEntityTag(live.service.resourceGroup, live.service.name, `${apiId};rev=${revision}`)).eTag;
    await live.client.api.beginDeleteAndWait(live.service.resourceGroup, live.service.name, `${apiId};rev=${revision}`, eTag ?? '*');
  } catch (e) {
    if (isResourceChanged(e) || (e as { statusCode?: number }).statusCode === 412) throw new Error(`Revision ${revision} of API ${apiId} was changed by someone else since this publish made it: it was not deleted.`);
    throw azureError(e, `deleting revision ${revision} of API ${apiId}`);
  }
}
