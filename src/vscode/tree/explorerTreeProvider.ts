// The APIM Workbench explorer: finds APIOps folders in the workspace, loads them through the core
// loader and maps the core's plain tree (explorer/explorerTree.ts) onto VS Code tree items.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { childrenOf, present, type ExplorerNode } from '../../explorer/explorerTree';
import type { ApiopsService } from '../../workspace/apiopsModel';
import { findApiopsRoots, loadApiopsService } from '../../workspace/apiopsLoader';
import { nodeFileSystem } from '../../workspace/fileSystem';
import { extraRoots, searchDepth } from '../config';
import { CommandIds } from '../commands';
import type { Log } from '../log';

export const EXPLORER_VIEW_ID = 'apimWorkbench.explorer';

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<ExplorerNode[]> | undefined;

  constructor(private readonly log: Log) {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const p = present(node);
    const item = new vscode.TreeItem(p.label, COLLAPSIBLE[p.collapsible]);
    item.id = p.id;
    item.description = p.description;
    item.tooltip = p.tooltip;
    item.contextValue = p.contextValue;
    item.iconPath = new vscode.ThemeIcon(p.icon);
    if (p.openPolicy) {
      item.resourceUri = vscode.Uri.file(p.openPolicy);
      item.command = { command: CommandIds.openPolicy, title: 'Open Policy', arguments: [p.openPolicy] };
    }
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return childrenOf(node);
    this.roots ??= Promise.resolve(vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => this.loadRoots()));
    return this.roots;
  }

  /** The loaded APIOps service that contains a file, if any. */
  async serviceFor(fsPath: string): Promise<ApiopsService | undefined> {
    const nodes = await this.getChildren();
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
    const nodes = await this.getChildren();
    return nodes.map((n) => (n.kind === 'service' ? n.service.root : n.kind === 'serviceError' ? n.root : '')).filter(Boolean);
  }

  /**
   * Reads with Node's fs: the extension host runs where the workspace's `file:` folders are
   * (locally, or on the remote side), and a round trip through vscode.workspace.fs per stat
   * made the first load of the sample several times slower. Other schemes are not searched.
   */
  private async loadRoots(): Promise<ExplorerNode[]> {
    const started = Date.now();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const found = new Set<string>();
    for (const folder of folders) {
      for (const root of await findApiopsRoots(nodeFileSystem, folder, searchDepth())) found.add(root);
    }
    for (const extra of extraRoots()) {
      found.add(path.resolve(folders[0] ?? '', extra));
    }
    const nodes = await Promise.all(
      [...found].map(async (root): Promise<ExplorerNode> => {
        try {
          const service = await loadApiopsService(nodeFileSystem, root);
          for (const p of service.problems) this.log.warn(`${p.path}: ${p.message}`);
          return { kind: 'service', service };
        } catch (error) {
          this.log.error(`Cannot load APIOps folder ${root}`, error);
          return { kind: 'serviceError', root, message: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    this.log.info(`Explorer: ${nodes.length} APIOps folder(s) loaded in ${Date.now() - started} ms`);
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
