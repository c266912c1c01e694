// After a publish from a local APIOps folder, the folder is brought in line with the service the
// way the APIOps publisher lays revisions out (apiops-layout.md §C.3): the plain `apis/<api>`
// folder is always the current revision (its apiInformation.json says `apiRevision` and
// `isCurrent: true`), and a non-current revision lives in the sibling `apis/<api>;rev=<n>`.
//   made current  → the old current revision moves to `<api>;rev=<old>` (with its old policies);
//                   `<api>` becomes the new revision with the published policies;
//   not current   → the new revision is written to `<api>;rev=<new>` with the published policies;
//                   `<api>` keeps the current revision's policies (as Azure still serves them).

import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LiveService } from '../azure/liveService';
import type { ApiModel } from '../workspace/apiopsModel';
import { policyLabel, type PublishPlan, type RevisionPolicy } from './revisionPublish';

function policyFile(apiFolder: string, policy: RevisionPolicy): string {
  return policy.kind === 'api' ? path.join(apiFolder, 'policy.xml') : path.join(apiFolder, 'operations', policy.operationId, 'policy.xml');
}

async function setRevision(apiFolder: string, revision: string, isCurrent: boolean, description?: string): Promise<void> {
  const file = path.join(apiFolder, 'apiInformation.json');
  let json: { properties?: Record<string, unknown> } = {};
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as typeof json;
  } catch {
    // a folder without an information file gets one
  }
  const properties = { ...(json.properties ?? {}), apiRevision: revision, isCurrent, ...(description !== undefined ? { apiRevisionDescription: description } : {}) };
  await writeFile(file, `${JSON.stringify({ ...json, properties }, null, 2)}\n`);
}

async function writePolicies(apiFolder: string, texts: readonly { policy: RevisionPolicy; text: string }[]): Promise<void> {
  for (const { policy, text } of texts) {
    const file = policyFile(apiFolder, policy);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

/**
 * Brings `apiFolder` (the plain `apis/<api>` folder) and its `;rev=` siblings in line with a
 * published plan; `published` says what the publish did (the revision it made, which another
 * publisher may have made it renumber, and whether it is current).
 */
export async function recordPublishedRevision(apiFolder: string, plan: PublishPlan, published: { readonly revision: string; readonly madeCurrent: boolean } = { revision: plan.newRevision, madeCurrent: plan.request.makeCurrent }): Promise<string[]> {
  const parent = path.dirname(apiFolder);
  const name = path.basename(apiFolder).replace(/;rev=\d+$/, '');
  const root = path.join(parent, name);
  const written: string[] = [];
  const proposed = plan.changes.map((c) => ({ policy: c.policy, text: c.proposed }));
  const previous = plan.changes.map((c) => ({ policy: c.policy, text: c.current }));
  if (published.madeCurrent) {
    const old = path.join(parent, `${name};rev=${plan.currentRevision}`);
    await cp(root, old, { recursive: true });
    await writePolicies(old, previous);
    await setRevision(old, plan.currentRevision, false);
    await writePolicies(root, proposed);
    await setRevision(root, published.revision, true, plan.request.description);
    written.push(old, root);
  } else {
    const next = path.join(parent, `${name};rev=${published.revision}`);
    await cp(root, next, { recursive: true });
    await writePolicies(next, proposed);
    await setRevision(next, published.revision, false, plan.request.description);
    await writePolicies(root, previous);
    written.push(next, root);
  }
  return written;
}

/** The policies of a local API folder (its API policy and operation policies), as changes to publish. */
export async function changesFromFolder(apiFolder: string): Promise<{ policy: RevisionPolicy; text: string }[]> {
  const out: { policy: RevisionPolicy; text: string }[] = [];
  const read = (f: string): Promise<string | undefined> => readFile(f, 'utf8').catch(() => undefined);
  const api = await read(path.join(apiFolder, 'policy.xml'));
  if (api !== undefined) out.push({ policy: { kind: 'api' }, text: api });
  const ops = await readdir(path.join(apiFolder, 'operations')).catch(() => [] as string[]);
  for (const op of ops.sort()) {
    const text = await read(path.join(apiFolder, 'operations', op, 'policy.xml'));
    if (text !== undefined) out.push({ policy: { kind: 'operation', operationId: op }, text });
  }
  return out;
}

/**
 * The changes as an environment has them: the API and operation policies its
 * `configuration.<env>.yaml` replaces (PolicyFile.text, in `api` as the environment applied to
 * the model has it) take the place of the folder's, or are added.
 */
export function withEnvironmentPolicies(changes: readonly { policy: RevisionPolicy; text: string }[], api: ApiModel): { changes: { policy: RevisionPolicy; text: string }[]; replaced: RevisionPolicy[] } {
  const out = [...changes];
  const replaced: RevisionPolicy[] = [];
  const set = (policy: RevisionPolicy, text: string): void => {
    const i = out.findIndex((c) => (c.policy.kind === 'api' ? policy.kind === 'api' : policy.kind === 'operation' && c.policy.operationId === policy.operationId));
    if (i >= 0) out[i] = { policy, text };
    else out.push({ policy, text });
    replaced.push(policy);
  };
  if (api.policy?.text !== undefined) set({ kind: 'api' }, api.policy.text);
  for (const op of api.operations) if (op.policy?.text !== undefined) set({ kind: 'operation', operationId: op.name }, op.policy.text);
  return { changes: out, replaced };
}

/** The revision the folder records as current (its apiInformation.json), if it says. */
export async function folderRevision(apiFolder: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(path.join(apiFolder, 'apiInformation.json'), 'utf8')) as { properties?: { apiRevision?: unknown } };
    const r = json.properties?.apiRevision;
    return r === undefined || r === null ? undefined : String(r);
  } catch {
    return undefined;
  }
}

const same = (a: string, b: string): boolean => a.replace(/\r\n/g, '\n').replace(/\s+$/, '') === b.replace(/\r\n/g, '\n').replace(/\s+$/, '');

export type FolderState =
  | { readonly kind: 'inStep' }
  /** Azure's current revision holds exactly the folder's policies, but the folder records an older one (a publish stopped after its release): it was laid out. */
  | { readonly kind: 'caughtUp'; readonly from: string; readonly to: string }
  /** Azure's current revision is newer than the folder's and holds other policies: publishing would replace them. */
  | { readonly kind: 'behind'; readonly folder: string; readonly azure: string; readonly differing: readonly string[] };

/**
 * The folder against Azure before a publish. When the folder records an older revision than
 * Azure's current one: if its policies are what that revision holds (a publish that stopped after
 * its release reached Azure, or one from another copy of the same folder), the folder is laid out
 * as if it had been published here; otherwise it is behind, and publishing it would replace the
 * newer revision's policies with older ones.
 */
export async function reconcileFolder(live: LiveService, apiFolder: string, apiId: string): Promise<FolderState> {
  const recorded = await folderRevision(apiFolder);
  const revisions = await live.listRevisions(apiId);
  const current = revisions.find((r) => r.isCurrent)?.revision;
  if (recorded === undefined || current === undefined || recorded === current) return { kind: 'inStep' };
  const local = await changesFromFolder(apiFolder);
  const scopeOf = (api: string, p: RevisionPolicy) => (p.kind === 'api' ? { kind: 'api' as const, apiId: api } : { kind: 'operation' as const, apiId: api, operationId: p.operationId });
  const differing: string[] = [];
  const changes: { policy: RevisionPolicy; label: string; current: string; proposed: string }[] = [];
  const olderExists = revisions.some((r) => r.revision === recorded);
  for (const c of local) {
    const now = (await live.getPolicy(scopeOf(apiId, c.policy))).text;
    if (!same(now, c.text)) differing.push(policyLabel(c.policy));
    else if (olderExists) {
      const before = (await live.getPolicy(scopeOf(`${apiId};rev=${recorded}`, c.policy))).text;
      if (!same(before, now)) changes.push({ policy: c.policy, label: policyLabel(c.policy), current: before, proposed: now });
    }
  }
  if (differing.length) return { kind: 'behind', folder: recorded, azure: current, differing };
  if (!olderExists) return { kind: 'inStep' };
  const description = revisions.find((r) => r.isCurrent)?.description ?? '';
  const plan = { apiId, currentRevision: recorded, newRevision: current, changes, unchanged: [], steps: [], request: { apiId, changes: [], description, makeCurrent: true }, runId: '' } satisfies PublishPlan;
  await recordPublishedRevision(apiFolder, plan, { revision: current, madeCurrent: true });
  return { kind: 'caughtUp', from: recorded, to: current };
}
