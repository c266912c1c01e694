// Publishing policy changes as a new API revision, safely: (1) create `api;rev=N+1` from the
// current revision (sourceApiId), (2) upload each changed policy to it (If-Match with the ETag of
// the copy), (3) only if asked, release it (make it current, with release notes). The current
// revision is never written: until step 3 succeeds, callers keep serving it unchanged. A failure
// stops at its step, leaves no release and says which step failed; the half-made revision can be
// deleted or kept (deleteRevision refuses the current one).

import { azureError } from '../azure/azureErrors';
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
  | { readonly kind: 'createRevision'; readonly revision: string }
  | { readonly kind: 'uploadPolicy'; readonly revision: string; readonly policy: RevisionPolicy }
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
}

export class PublishError extends Error {
  constructor(
    message: string,
    /** The step that failed, in words: "creating revision 3", "uploading the API policy to revision 3", … */
    readonly step: string,
    /** The revision was created before the failure (and can be deleted or kept). */
    readonly revisionCreated: string | undefined,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

export function policyLabel(policy: RevisionPolicy): string {
  return policy.kind === 'api' ? 'the API policy' : `the policy of operation ${policy.operationId}`;
}

function scopeOf(apiId: string, policy: RevisionPolicy): PolicyScopeRef {
  return policy.kind === 'api' ? { kind: 'api', apiId } : { kind: 'operation', apiId, operationId: policy.operationId };
}

export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'createRevision':
      return `creating revision ${step.revision} from the current revision`;
    case 'uploadPolicy':
      return `uploading ${policyLabel(step.policy)} to revision ${step.revision}`;
    case 'release':
      return `releasing revision ${step.revision} (making it current)`;
  }
}

const normalize = (t: string): string => t.replace(/\r\n/g, '\n').replace(/\s+$/, '');

/** Reads the API's revisions and current policies (reads only) and works out what publishing would do. */
export async function planPublish(live: LiveService, request: PublishRequest): Promise<PublishPlan> {
  if (!request.description.trim()) throw new Error('A new revision needs a description (what changes in it).');
  const revisions = await live.listRevisions(request.apiId);
  const current = revisions.find((r) => r.isCurrent);
  if (!current) throw new Error(`API ${request.apiId} has no current revision in ${live.service.name}.`);
  const newRevision = String(Math.max(...revisions.map((r) => Number(r.revision) || 0)) + 1);
  const changes: PublishPlan['changes'][number][] = [];
  const unchanged: string[] = [];
  for (const c of request.changes) {
    const now = await live.getPolicy(scopeOf(request.apiId, c.policy));
    if (normalize(now.text) === normalize(c.text)) unchanged.push(policyLabel(c.policy));
    else changes.push({ policy: c.policy, label: policyLabel(c.policy), current: now.text, proposed: c.text });
  }
  const steps: PlanStep[] = [{ kind: 'createRevision', revision: newRevision }, ...changes.map((c): PlanStep => ({ kind: 'uploadPolicy', revision: newRevision, policy: c.policy })), ...(request.makeCurrent ? [{ kind: 'release', revision: newRevision } as PlanStep] : [])];
  return { apiId: request.apiId, currentRevision: current.revision, newRevision, changes, unchanged, steps, request };
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
  /** Checked before each step: a cancelled publish stops like a failed one (no release). */
  readonly isCancelled?: () => boolean;
}

export async function applyPublish(live: LiveService, plan: PublishPlan, hooks: ApplyHooks = {}): Promise<{ revision: string; madeCurrent: boolean }> {
  if (plan.changes.length === 0) throw new PublishError('Nothing to publish: every policy is the same as in the current revision.', 'planning', undefined, '');
  const { client, service } = live;
  const { resourceGroup: rg, name: svc } = service;
  const apiArmId = `${service.id}/apis/${plan.apiId}`;
  const revId = `${plan.apiId};rev=${plan.newRevision}`;
  let created: string | undefined;
  for (const [i, step] of plan.steps.entries()) {
    const what = describeStep(step);
    if (hooks.isCancelled?.()) throw new PublishError(`Publishing stopped before ${what}: cancelled. The current revision was not changed.`, what, created, 'cancelled by the user');
    hooks.onStep?.(step, i, 'start');
    try {
      switch (step.kind) {
        case 'createRevision':
          await client.api.beginCreateOrUpdateAndWait(rg, svc, revId, { sourceApiId: apiArmId, apiRevisionDescription: plan.request.description });
          created = plan.newRevision;
          break;
        case 'uploadPolicy': {
          const scope = scopeOf(revId, step.policy);
          const copy = await live.getPolicy(scope);
          const change = plan.changes.find((c) => JSON.stringify(c.policy) === JSON.stringify(step.policy))!;
          await live.putPolicy(scope, change.proposed, copy.etag);
          break;
        }
        case 'release':
          await release(live, plan.apiId, plan.newRevision, plan.request.releaseNotes ?? plan.request.description);
          break;
      }
    } catch (e) {
      const err = azureError(e, what);
      throw new PublishError(`Publishing failed while ${what}: ${err.message.replace(/^Azure API Management: [^:]+: /, '')} ${created ? `Revision ${created} was created but is not current; delete it or keep it.` : 'Nothing was created.'} The current revision was not changed.`, what, created, err.detail);
    }
    hooks.onStep?.(step, i, 'done');
  }
  return { revision: plan.newRevision, madeCurrent: plan.request.makeCurrent };
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

/** Deletes a revision that is not current; the current one is refused with the reason. */
export async function deleteRevision(live: LiveService, apiId: string, revision: string): Promise<void> {
  const revisions = await live.listRevisions(apiId);
  const r = revisions.find((x) => x.revision === revision);
  if (!r) throw new Error(`API ${apiId} has no revision ${revision}.`);
  if (r.isCurrent) throw new Error(`Revision ${revision} is the current revision of ${apiId}: it cannot be deleted. Make another revision current first.`);
  try {
    // Guarded by the revision's ETag, read just now: a revision changed meanwhile is not deleted.
    const { eTag } = await live.client.api.getEntityTag(live.service.resourceGroup, live.service.name, `${apiId};rev=${revision}`);
    await live.client.api.beginDeleteAndWait(live.service.resourceGroup, live.service.name, `${apiId};rev=${revision}`, eTag ?? '*');
  } catch (e) {
    throw azureError(e, `deleting revision ${revision} of API ${apiId}`);
  }
}
