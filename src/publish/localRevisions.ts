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
import type { PublishPlan, RevisionPolicy } from './revisionPublish';

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

/** Brings `apiFolder` (the plain `apis/<api>` folder) and its `;rev=` siblings in line with a published plan. */
export async function recordPublishedRevision(apiFolder: string, plan: PublishPlan): Promise<string[]> {
  const parent = path.dirname(apiFolder);
  const name = path.basename(apiFolder).replace(/;rev=\d+$/, '');
  const root = path.join(parent, name);
  const written: string[] = [];
  const proposed = plan.changes.map((c) => ({ policy: c.policy, text: c.proposed }));
  const previous = plan.changes.map((c) => ({ policy: c.policy, text: c.current }));
  if (plan.request.makeCurrent) {
    const old = path.join(parent, `${name};rev=${plan.currentRevision}`);
    await cp(root, old, { recursive: true });
    await writePolicies(old, previous);
    await setRevision(old, plan.currentRevision, false);
    await writePolicies(root, proposed);
    await setRevision(root, plan.newRevision, true, plan.request.description);
    written.push(old, root);
  } else {
    const next = path.join(parent, `${name};rev=${plan.newRevision}`);
    await cp(root, next, { recursive: true });
    await writePolicies(next, proposed);
    await setRevision(next, plan.newRevision, false, plan.request.description);
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
