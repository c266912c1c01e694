// The APIM Workbench explorer: finds APIOps folders in the workspace, loads them through the core
// loader and maps the core's plain tree (explorer/explorerTree.ts) onto VS Code tree items.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { childrenOf, present, withCompleteModel, type ExplorerNode, type NodePresentation } from '../../explorer/explorerTree';
import { apiNodes, liveChildren, liveError, liveId, presentLive, type LiveNode } from '../../explorer/liveTree';
import type { ApiSummary, Page } from '../../azure/liveService';
import { policyUri } from '../azure/apimFileSystem';
import { embeddedPolicyUri } from '../embeddedPolicyFileSystem';
import type { AzureAccount } from '../azure/azureAccount';
import type { ApiopsService } from '../../workspace/apiopsModel';
import { findApiopsRoots } from '../../workspace/apiopsLoader';
import { currentEnvironment, loadServiceForEnvironment, updateEnvironmentStatus } from '../environment';
import { nodeFileSystem } from '../../workspace/fileSystem';
import { extraRoots, searchDepth } from '../config';
import { CommandIds } from '../commands';
import type { Log } from '../log';

export const EXPLORER_VIEW_ID = 'apimWorkbench.explorer';

/** The root of the live part: "Azure", with the signed-in account's subscriptions. */
export type AzureRootNode = { readonly kind: 'azureRoot' } | { readonly kind: 'signIn' };
export type TreeNode = ExplorerNode | LiveNode | AzureRootNode;

const LIVE_KINDS = new Set(['subscription', 'liveService', 'liveGroup', 'liveVersionSet', 'liveApi', 'liveRevisions', 'liveOperation', 'livePolicy', 'liveItem', 'liveWorkspaceApi', 'loadMore', 'liveError']);

export function isLiveNode(node: TreeNode): node is LiveNode {
  return LIVE_KINDS.has(node.kind);
}

export class ExplorerTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * The folders' complete models (what commands, the language service and the simulator use), and
   * a first look read without the APIs' operations, shown while the complete one loads: on a large
   * estate the first render takes a fraction of the complete read. `complete` is set when `roots`
   * settles; the tree is then refreshed with it (nodes keep their ids, so what is expanded stays).
   */
  private roots: Promise<ExplorerNode[]> | undefined;
  private firstLook: Promise<ExplorerNode[]> | undefined;
  private complete: ExplorerNode[] | undefined;
  private generation = 0;
  private readonly azureRoot: AzureRootNode = { kind: 'azureRoot' };
  /** The pages of APIs loaded so far, per APIs group (by its id), for "Load more". */
  private readonly apiPages = new Map<string, { items: ApiSummary[]; next: string | undefined }>();

  constructor(
    private readonly log: Log,
    private readonly azure?: AzureAccount,
  ) {
    azure?.onDidChange(() => this.refreshAzure());
  }

  refresh(): void {
    this.roots = undefined;
    this.firstLook = undefined;
    this.complete = undefined;
    this.generation++;
    this.apiPages.clear();
    this.changed.fire(undefined);
  }

  refreshAzure(): void {
    this.apiPages.clear();
    this.parents.clear();
    this.changed.fire(this.azureRoot);
  }

  /** Reloads one node's children (Retry on an error node, Refresh on a live node). */
  refreshNode(node: TreeNode): void {
    if (isLiveNode(node) && node.kind === 'liveGroup' && node.group === 'apis') this.apiPages.delete(liveId(node));
    this.changed.fire(node);
  }

  /** Appends the next page of APIs below their group. */
  async loadMore(node: LiveNode): Promise<void> {
    if (node.kind !== 'loadMore' || !this.azure) return;
    const group: LiveNode = { kind: 'liveGroup', group: 'apis', service: node.service };
    const key = liveId(group);
    const page = await this.azure.service(node.service).listApis(node.next);
    const loaded = this.apiPages.get(key) ?? { items: [], next: undefined };
    this.apiPages.set(key, { items: [...loaded.items, ...page.items], next: page.next });
    this.changed.fire(this.groupNodes.get(key) ?? group);
  }

  private readonly groupNodes = new Map<string, LiveNode>();

  private presentation(node: TreeNode): NodePresentation {
    if (node.kind === 'azureRoot') return { id: 'azure', label: 'Azure', description: this.azure ? undefined : 'not available', tooltip: 'API Management services in your Azure subscriptions', collapsible: 'collapsed', icon: 'azure', contextValue: 'apimWorkbench.azureRoot' };
    if (node.kind === 'signIn') return { id: 'azure/sign-in', label: 'Sign in to Azure…', tooltip: 'Sign in with your Microsoft account to see your API Management services', collapsible: 'none', icon: 'sign-in', contextValue: 'apimWorkbench.signIn' };
    return isLiveNode(node) ? presentLive(node) : present(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const p = this.presentation(node);
    const item = new vscode.TreeItem(p.label, COLLAPSIBLE[p.collapsible]);
    item.id = p.id;
    item.description = p.description;
    item.tooltip = p.tooltip;
    item.contextValue = p.contextValue;
    item.iconPath = new vscode.ThemeIcon(p.icon);
    if (p.openPolicy) {
      const uri = p.openEmbedded ? embeddedPolicyUri(p.openPolicy) : vscode.Uri.file(p.openPolicy);
      item.resourceUri = uri;
      item.command = { command: CommandIds.openPolicy, title: 'Open Policy', arguments: [p.openEmbedded ? uri : p.openPolicy] };
    }
    if (node.kind === 'signIn') item.command = { command: CommandIds.signIn, title: 'Sign In to Azure' };
    if (isLiveNode(node)) {
      if (node.kind === 'livePolicy') item.command = { command: CommandIds.openPolicy, title: 'Open Policy', arguments: [policyUri(node.service, node.scope)] };
      if (node.kind === 'loadMore') item.command = { command: CommandIds.loadMore, title: 'Load More', arguments: [node] };
      if (node.kind === 'liveError') item.command = { command: CommandIds.retry, title: 'Retry', arguments: [node] };
    }
    return item;
  }

  /** The parent of each live node handed out, for reveal (getParent). */
  private readonly parents = new Map<string, TreeNode>();

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.loadChildren(node);
    if (node && (node.kind === 'azureRoot' || isLiveNode(node))) for (const c of children) if (isLiveNode(c)) this.parents.set(liveId(c), node);
    return children;
  }

  /**
   * The parent of a live node: the one it was listed under, or, for a node not loaded yet (a new
   * revision to reveal), its place by structure. Local nodes are not revealed and have none.
   */
  getParent(node: TreeNode): TreeNode | undefined {
    if (!isLiveNode(node)) return undefined;
    const known = this.parents.get(liveId(node));
    if (known) return known;
    switch (node.kind) {
      case 'subscription':
        return this.azureRoot;
      case 'liveService':
        return { kind: 'subscription', subscription: { id: node.service.subscriptionId, name: node.service.subscriptionId } };
      case 'liveGroup':
        return { kind: 'liveService', service: node.service };
      case 'liveApi':
        return { kind: 'liveGroup', group: 'apis', service: node.service };
      case 'liveRevisions':
        return { kind: 'liveApi', service: node.service, api: node.api };
      case 'liveItem':
        if (node.service && node.apiId && node.revision) return { kind: 'liveRevisions', service: node.service, api: { name: node.apiId, displayName: node.apiId, path: '', revision: '', isCurrent: true } };
        return undefined;
      default:
        return undefined;
    }
  }

  private async loadChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      if (!this.roots) this.startLoading();
      return [...(this.complete ?? (await this.firstLook!)), this.azureRoot];
    }
    if (node.kind === 'signIn') return [];
    if (node.kind === 'azureRoot') {
      if (!this.azure) return [];
      if (!(await this.azure.isSignedIn())) return [{ kind: 'signIn' }];
      try {
        return (await this.azure.listSubscriptions()).map((subscription): LiveNode => ({ kind: 'subscription', subscription }));
      } catch (e) {
        return this.failed('azure/error', e, undefined);
      }
    }
    if (isLiveNode(node)) {
      if (!this.azure) return [];
      if (node.kind === 'liveGroup' && node.group === 'apis') {
        const key = liveId(node);
        this.groupNodes.set(key, node);
        const loaded = this.apiPages.get(key);
        if (loaded) return apiNodes(node.service, loaded.items, loaded.next);
        let page: Page<ApiSummary>;
        try {
          page = await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => this.azure!.service(node.service).listApis());
        } catch (e) {
          return this.failed(`${key}/error`, e, node);
        }
        this.apiPages.set(key, { items: [...page.items], next: page.next });
        return apiNodes(node.service, page.items, page.next);
      }
      const children = await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => liveChildren(node, this.azure!));
      for (const c of children) if (c.kind === 'liveError') this.log.error(c.message);
      return children;
    }
    if ((node.kind === 'api' || node.kind === 'revisions') && node.owner.service.operationsLoaded === false) {
      // Listed from the first look: its operations come with the complete model.
      const complete = await this.completeRoots();
      return childrenOf(withCompleteModel(node, complete.flatMap((n) => (n.kind === 'service' ? [n.service] : []))));
    }
    return childrenOf(node);
  }

  /** Starts the first look and, after it, the complete read of the folders; refreshes the tree when that is done. */
  private startLoading(): void {
    const generation = this.generation;
    const progress = <T>(task: () => Promise<T>): Promise<T> => Promise.resolve(vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, task));
    const found = this.findRoots();
    this.firstLook = progress(async () => this.loadRoots(await found, false));
    this.roots = progress(async () => {
      await this.firstLook!.catch(() => undefined);
      return this.loadRoots(await found, true);
    });
    void this.roots.then(
      (nodes) => {
        if (generation !== this.generation) return;
        this.complete = nodes;
        this.changed.fire(undefined);
      },
      (e: unknown) => this.log.error('Reading the APIOps folders failed', e),
    );
  }

  private completeRoots(): Promise<ExplorerNode[]> {
    if (!this.roots) this.startLoading();
    return this.roots!;
  }

  /** A failure in place of a list, logged with Azure's detail. */
  private failed(id: string, e: unknown, retry: LiveNode | undefined): LiveNode[] {
    const node = liveError(id, e, retry);
    this.log.error(node.message, (e as { detail?: string }).detail ?? e);
    return [node];
  }

  /** The loaded APIOps service that contains a file, if any. */
  async serviceFor(fsPath: string): Promise<ApiopsService | undefined> {
    const nodes = await this.completeRoots();
    let best: ApiopsService | undefined;
    for (const n of nodes) {
      if (n.kind !== 'service') continue;
      const root = n.service.root.endsWith(path.sep) ? n.service.root : n.service.root + path.sep;
      if (fsPath.startsWith(root) && (!best || n.service.root.length > best.root.length)) best = n.service;
    }
    return best;
  }

  /** The APIOps service folders currently shown, for tests and commands. */
  async serviceRoots(): Promise<string[]> {
    const nodes = await this.completeRoots();
    return nodes.map((n) => (n.kind === 'service' ? n.service.root : n.kind === 'serviceError' ? n.root : '')).filter(Boolean);
  }

  /**
   * Reads with Node's fs: the extension host runs where the workspace's `file:` folders are
   * (locally, or on the remote side), and a round trip through vscode.workspace.fs per stat
   * made the first load of the sample several times slower. Other schemes are not searched.
   */
  private async findRoots(): Promise<string[]> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const found = new Set<string>();
    for (const folder of folders) {
      for (const root of await findApiopsRoots(nodeFileSystem, folder, searchDepth())) found.add(root);
    }
    for (const extra of extraRoots()) {
      found.add(path.resolve(folders[0] ?? '', extra));
    }
    return [...found];
  }

  /** The folders' models, complete or (operations false) a first look; only the complete read logs. */
  private async loadRoots(roots: readonly string[], complete: boolean): Promise<ExplorerNode[]> {
    const started = Date.now();
    const nodes = await Promise.all(
      roots.map(async (root): Promise<ExplorerNode> => {
        try {
          const service = await loadServiceForEnvironment(root, complete ? {} : { operations: false });
          if (complete) for (const p of service.problems) this.log.warn(`${p.path}: ${p.message}`);
          return { kind: 'service', service };
        } catch (error) {
          if (complete) this.log.error(`Cannot load APIOps folder ${root}`, error);
          return { kind: 'serviceError', root, message: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    if (!complete) return nodes;
    this.log.info(`Explorer: ${nodes.length} APIOps folder(s) loaded in ${Date.now() - started} ms${currentEnvironment() ? `, environment ${currentEnvironment()}` : ''}`);
    void updateEnvironmentStatus(nodes.map((n) => (n.kind === 'service' ? n.service.root : '')).filter(Boolean));
    return nodes;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

const APIOPS_FILE = /(?:^|[\\/])(?:apiInformation|backendInformation|productInformation|namedValueInformation|policyFragmentInformation|versionSetInformation|productApiInformation)\.json$|(?:^|[\\/])(?:policy\.xml|specification\.(?:ya?ml|json)|named-values\.local\.json)$/;

/** Whether a change to this file can change what the explorer shows. */
export function isApiopsFile(fsPath: string): boolean {
  return APIOPS_FILE.test(fsPath);
}

/**
 * Refreshes the tree when APIOps files change, at most a few times a second: changes made by
 * other tools come through the file watcher, changes made in VS Code (explorer operations,
 * saves) through the workspace events, which do not depend on the watcher.
 */
export function watchApiopsFiles(provider: ExplorerTreeProvider): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(
    '**/{apiInformation.json,backendInformation.json,productInformation.json,productApiInformation.json,namedValueInformation.json,policyFragmentInformation.json,versionSetInformation.json,policy.xml,specification.yaml,specification.yml,specification.json,named-values.local.json}',
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(), 300);
  };
  const touches = (uris: readonly vscode.Uri[]): void => {
    // A deleted or renamed folder can hold APIOps files without being one.
    if (uris.some((u) => isApiopsFile(u.fsPath) || !/\.[^\\/]+$/.test(u.fsPath))) schedule();
  };
  const subscriptions = [
    watcher,
    watcher.onDidCreate(schedule),
    watcher.onDidDelete(schedule),
    watcher.onDidChange(schedule),
    vscode.workspace.onDidCreateFiles((e) => touches(e.files)),
    vscode.workspace.onDidDeleteFiles((e) => touches(e.files)),
    vscode.workspace.onDidRenameFiles((e) => touches(e.files.flatMap((f) => [f.oldUri, f.newUri]))),
    vscode.workspace.onDidSaveTextDocument((d) => touches([d.uri])),
  ];
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    for (const s of subscriptions) s.dispose();
  });
}
