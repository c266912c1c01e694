// "Publish as New Revision…" from an API or operation policy — a live one (apim:) or a policy.xml
// of a local APIOps folder — or a whole local API folder: the changes against the current revision
// policy by policy, a description, optionally "make current" with release notes, then the publish
// with progress and cancellation. A failure names its step and offers to delete the half-made
// revision or keep it. Revision actions in the tree: make current, compare with current, delete.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePolicyPath } from '../../azure/policyUri';
import { revisionNode } from '../../explorer/liveTree';
import type { ServiceRef } from '../../azure/scopes';
import { withEnvironmentPolicies } from '../../publish/localRevisions';
import { policyLabel, type PlanStep, type PolicyChange, type PublishPlan } from '../../publish/revisionPublish';
import { apiopsRootOf } from '../../workspace/apiopsLoader';
import { nodeFileSystem } from '../../workspace/fileSystem';
import { currentEnvironment, loadServiceForEnvironment } from '../environment';
import type { TreeNode } from '../tree/explorerTreeProvider';
import { policyUri, type ApimFileSystem } from './apimFileSystem';
import type { AzureAccount } from './azureAccount';
import { pickService } from './extractCompare';

export interface PublishArgs {
  /** The live service to publish a local folder to (skips the picker). */
  readonly service?: ServiceRef;
  readonly description?: string;
  readonly makeCurrent?: boolean;
  readonly notes?: string;
  /** Skip the review of the changes (tests). */
  readonly confirm?: boolean;
  /** What to do with a half-made revision after a failure (skips the question). */
  readonly onFailure?: 'delete' | 'keep';
  /** Publish a local folder that is behind Azure's current revision (skips the question). */
  readonly force?: boolean;
  /** With an environment picked that replaces policies of the API: publish them as it has them (`apply`) or as the folder has them (`ignore`); skips the question. */
  readonly environment?: 'apply' | 'ignore';
}

interface Source {
  readonly service: ServiceRef;
  readonly apiId: string;
  readonly changes: PolicyChange[];
  /** A local API folder to record the publish in. */
  readonly localApiFolder?: string;
  /** A live editor to reload after publishing. */
  readonly liveDocument?: vscode.TextDocument;
}

async function sourceOf(azure: AzureAccount, arg: unknown, args: PublishArgs): Promise<Source | undefined> {
  const node = arg as TreeNode | undefined;
  const uri = arg instanceof vscode.Uri ? arg : node && node.kind === 'policy' ? vscode.Uri.file(node.policy.path) : node && node.kind === 'api' ? undefined : vscode.window.activeTextEditor?.document.uri;
  // A live policy: the open document is the change.
  if (uri?.scheme === 'apim') {
    const target = parsePolicyPath(uri.path);
    if (!target || (target.scope.kind !== 'api' && target.scope.kind !== 'operation')) throw new Error('Publish as New Revision works on an API or operation policy.');
    const apiId = target.scope.apiId.replace(/;rev=\d+$/, '');
    if (apiId !== target.scope.apiId) throw new Error('This policy belongs to a non-current revision: open the current revision\'s policy to publish a new one.');
    const doc = await vscode.workspace.openTextDocument(uri);
    const policy = target.scope.kind === 'api' ? ({ kind: 'api' } as const) : ({ kind: 'operation', operationId: target.scope.operationId } as const);
    return { service: target.service, apiId, changes: [{ policy, text: doc.getText() }], liveDocument: doc };
  }
  // A local API folder: from a policy file inside it, or the explorer's API node.
  let apiFolder: string | undefined;
  if (node && node.kind === 'api') apiFolder = node.api.folder;
  else if (uri?.scheme === 'file') {
    const m = /^(.*[\\/]apis[\\/][^\\/]+)(?:[\\/].*)?$/.exec(uri.fsPath);
    apiFolder = m?.[1];
  }
  if (!apiFolder) throw new Error('Publish as New Revision works on an API or operation policy (live, or in a local APIOps folder) or an API of a local folder.');
  if (/;rev=\d+$/.test(apiFolder)) throw new Error('This is a non-current revision\'s folder: publish from the API\'s plain folder.');
  // Unsaved edits in the folder would not be published: save them first.
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath.startsWith(apiFolder + path.sep));
  for (const d of dirty) await d.save();
  const service = args.service ?? (await pickService(azure));
  if (!service) return undefined;
  const { changesFromFolder } = azure.runtime();
  const changes = await changesFromFolder(apiFolder);
  const apiId = path.basename(apiFolder);
  // The environment picked (Select Environment…) may replace policies of this API: ask which to publish.
  const env = await environmentPolicies(apiFolder, changes);
  if (env) {
    const choice =
      args.environment ??
      (
        await vscode.window.showQuickPick(
          [
            { label: `As ${path.basename(env.file)} has them`, description: env.replaced.join(', '), detail: `Environment ${env.name}: the folder is not rewritten after the publish (it serves every environment).`, value: 'apply' as const },
            { label: 'As the folder has them', description: 'without the environment\'s policies', value: 'ignore' as const },
          ],
          { title: `Environment ${env.name} replaces policies of ${apiId}`, placeHolder: 'Which policies to publish?' },
        )
      )?.value;
    if (!choice) return undefined;
    if (choice === 'apply') return { service, apiId, changes: env.changes };
  }
  return { service, apiId, changes, localApiFolder: apiFolder };
}

/** The changes as the picked environment has them, when it replaces any policy of the API. */
async function environmentPolicies(apiFolder: string, changes: PolicyChange[]): Promise<{ name: string; file: string; changes: PolicyChange[]; replaced: string[] } | undefined> {
  if (!currentEnvironment()) return undefined;
  const root = await apiopsRootOf(nodeFileSystem, path.join(apiFolder, 'apiInformation.json'));
  if (!root) return undefined;
  const service = await loadServiceForEnvironment(root);
  if (!service.environment) return undefined;
  const api = [service, ...service.workspaces].flatMap((c) => c.apis).find((a) => path.resolve(a.folder) === path.resolve(apiFolder));
  if (!api) return undefined;
  const applied = withEnvironmentPolicies(changes, api);
  if (applied.replaced.length === 0) return undefined;
  return { ...service.environment, changes: applied.changes, replaced: applied.replaced.map(policyLabel) };
}

async function review(plan: PublishPlan, fs: ApimFileSystem): Promise<boolean> {
  for (;;) {
    const items = [
      { label: '$(cloud-upload) Publish', description: `${plan.changes.length} changed polic${plan.changes.length === 1 ? 'y' : 'ies'} → revision ${plan.newRevision}`, change: undefined as PublishPlan['changes'][number] | undefined },
      ...plan.changes.map((c) => ({ label: `$(diff) ${c.label}`, description: 'show the change', change: c })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Publish ${plan.apiId} as revision ${plan.newRevision} (current: ${plan.currentRevision})`, placeHolder: 'Review each change, then publish' });
    if (!pick) return false;
    if (!pick.change) return true;
    const left = fs.showText(`/${plan.apiId}/revision-${plan.currentRevision}/${pick.change.label}.xml`, pick.change.current);
    const right = fs.showText(`/${plan.apiId}/revision-${plan.newRevision}/${pick.change.label}.xml`, pick.change.proposed);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${pick.change.label}: revision ${plan.currentRevision} ↔ revision ${plan.newRevision}`);
  }
}

/** What the progress notification says at each step. */
const STEP_WORDS: Record<PlanStep['kind'], string> = {
  check: 'checking the current revision',
  removeOrphan: 'removing a revision a stopped publish left',
  createRevision: 'creating the revision',
  uploadPolicy: 'uploading a policy',
  verify: 'checking the new revision',
  release: 'making it current',
};

export async function publishRevision(azure: AzureAccount, fs: ApimFileSystem, refresh: () => void, arg: unknown, args: PublishArgs = {}, reveal?: (node: TreeNode) => Thenable<void>): Promise<{ revision: string; madeCurrent: boolean } | undefined> {
  const source = await sourceOf(azure, arg, args);
  if (!source) return undefined;
  const live = azure.service(source.service);
  const { planPublish, applyPublish, deleteRevision, recordPublishedRevision, reconcileFolder } = azure.runtime();
  if (source.localApiFolder) {
    // A folder behind Azure would replace a newer revision's policies with older ones.
    const state = await reconcileFolder(live, source.localApiFolder, source.apiId);
    if (state.kind === 'caughtUp') void vscode.window.showInformationMessage(`Azure's current revision ${state.to} of ${source.apiId} already holds this folder's policies: the folder, which recorded revision ${state.from}, now lays out the revisions as the service has them.`);
    if (state.kind === 'behind') {
      const go = args.force ?? (await vscode.window.showWarningMessage(`The folder records revision ${state.folder} of ${source.apiId} as current, but Azure's current revision is ${state.azure}, and its ${state.differing.join(', ')} ${state.differing.length === 1 ? 'differs' : 'differ'} from the folder's.`, { modal: true, detail: "Publishing would replace that newer revision's policies with the folder's. Bring the folder up to date first (Extract to Folder, or pull the team's changes)." }, 'Publish Anyway')) === 'Publish Anyway';
      if (!go) return undefined;
    }
  }
  const description = args.description ?? (await vscode.window.showInputBox({ title: `Publish ${source.apiId} as a new revision`, prompt: 'Revision description (what changes in it)', validateInput: (v) => (v.trim() ? undefined : 'A description is needed') }));
  if (!description) return undefined;
  let makeCurrent = args.makeCurrent;
  if (makeCurrent === undefined) {
    const pick = await vscode.window.showQuickPick([{ label: 'Make it current', current: true, description: 'release it: callers get it at once' }, { label: 'Keep the current revision', current: false, description: 'test it as <path>;rev=N first' }], { title: 'Make the new revision current?' });
    if (!pick) return undefined;
    makeCurrent = pick.current;
  }
  let notes = args.notes;
  if (makeCurrent && notes === undefined) {
    notes = await vscode.window.showInputBox({ title: 'Release notes', prompt: 'Release notes for the change log (optional)', value: description });
    if (notes === undefined) return undefined;
  }
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${source.apiId} in ${source.service.name}` }, () =>
    planPublish(live, { apiId: source.apiId, changes: source.changes, description, makeCurrent: makeCurrent === true, ...(notes ? { releaseNotes: notes } : {}) }),
  );
  if (plan.changes.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to publish: the policies of ${source.apiId} are the same as in its current revision ${plan.currentRevision}.`);
    return undefined;
  }
  if (!args.confirm && !(await review(plan, fs))) return undefined;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Publishing ${source.apiId} revision ${plan.newRevision}`, cancellable: true }, (progress, token) =>
      applyPublish(live, plan, { onStep: (step, i, state) => state === 'start' && progress.report({ message: `${i + 1}/${plan.steps.length}: ${STEP_WORDS[step.kind]}` }), isCancelled: () => token.isCancellationRequested }),
    );
    for (const n of result.notes) void vscode.window.showWarningMessage(n);
    if (source.localApiFolder) await recordPublishedRevision(source.localApiFolder, plan, result);
    if (source.liveDocument) {
      await vscode.window.showTextDocument(source.liveDocument);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    refresh();
    // The new revision, selected in the tree (its parents are loaded as needed).
    const node = revisionNode(source.service, source.apiId, { revision: result.revision, isCurrent: result.madeCurrent, description });
    if (reveal) await Promise.resolve(reveal(node)).catch(() => undefined);
    const open = `Open Revision ${result.revision}`;
    void vscode.window.showInformationMessage(`Published ${source.apiId} revision ${result.revision}${result.madeCurrent ? ', now current' : ` (current is still ${plan.currentRevision}; call it as /<path>;rev=${result.revision})`}.`, open).then((c) => {
      if (c === open) void vscode.commands.executeCommand('apimWorkbench.openPolicy', policyUri(source.service, { kind: 'api', apiId: `${source.apiId};rev=${result.revision}` }));
    });
    return result;
  } catch (e) {
    const err = e as { name?: string; message?: string; revisionCreated?: string; revisionEtag?: string; conflicts?: readonly { label: string; planned: string; now: string }[] };
    if (err.name !== 'PublishError') throw e;
    refresh();
    // A hotfix to the current revision since the review: show what changed, side by side.
    for (const c of err.conflicts ?? []) {
      const planned = fs.showText(`/${source.apiId}/as-reviewed/${c.label}.xml`, c.planned);
      const now = fs.showText(`/${source.apiId}/current-now/${c.label}.xml`, c.now);
      await vscode.commands.executeCommand('vscode.diff', planned, now, `${c.label}: as reviewed ↔ current revision now`);
    }
    const created = err.revisionCreated;
    if (!created) throw new Error(err.message);
    const choice = args.onFailure ?? ((await vscode.window.showErrorMessage(err.message ?? 'Publishing failed.', { modal: true }, `Delete Revision ${created}`, 'Keep It')) === `Delete Revision ${created}` ? 'delete' : 'keep');
    if (choice === 'delete') {
      await deleteRevision(live, source.apiId, created, err.revisionEtag ? { ifMatch: err.revisionEtag } : {});
      refresh();
    }
    throw new Error(`${err.message}${choice === 'delete' ? ` Revision ${created} was deleted.` : ''}`);
  }
}

// ------------------------------------------------------------------ revision actions in the tree

function revisionOf(node: TreeNode): { service: ServiceRef; apiId: string; revision: string; isCurrent: boolean } {
  if (node.kind !== 'liveItem' || !node.service || !node.apiId || !node.revision) throw new Error('This works on a revision of a live API in the APIM Workbench explorer.');
  return { service: node.service, apiId: node.apiId, revision: node.revision, isCurrent: node.isCurrent === true };
}

export async function makeCurrent(azure: AzureAccount, refresh: () => void, node: TreeNode, args: { notes?: string } = {}): Promise<boolean> {
  const r = revisionOf(node);
  if (r.isCurrent) throw new Error(`Revision ${r.revision} is already the current revision of ${r.apiId}.`);
  const notes = args.notes ?? (await vscode.window.showInputBox({ title: `Make revision ${r.revision} of ${r.apiId} current`, prompt: 'Release notes' }));
  if (notes === undefined) return false;
  await azure.runtime().makeRevisionCurrent(azure.service(r.service), r.apiId, r.revision, notes);
  refresh();
  return true;
}

export async function compareWithCurrent(node: TreeNode): Promise<void> {
  const r = revisionOf(node);
  await vscode.commands.executeCommand('vscode.diff', policyUri(r.service, { kind: 'api', apiId: r.apiId }), policyUri(r.service, { kind: 'api', apiId: `${r.apiId};rev=${r.revision}` }), `${r.apiId} API policy: current ↔ revision ${r.revision}`);
}

export async function deleteRevisionNode(azure: AzureAccount, refresh: () => void, node: TreeNode, args: { confirm?: boolean } = {}): Promise<boolean> {
  const r = revisionOf(node);
  if (r.isCurrent) throw new Error(`Revision ${r.revision} is the current revision of ${r.apiId}: it cannot be deleted. Make another revision current first.`);
  if (!args.confirm && (await vscode.window.showWarningMessage(`Delete revision ${r.revision} of ${r.apiId}?`, { modal: true, detail: 'Its policies and operations are deleted with it. The current revision is not affected.' }, 'Delete')) !== 'Delete') return false;
  await azure.runtime().deleteRevision(azure.service(r.service), r.apiId, r.revision);
  refresh();
  return true;
}
