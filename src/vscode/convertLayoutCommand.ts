// Convert Layout…: the APIOps folder of a service node written in the other artifact layout
// (src/workspace/convertLayout.ts) to a new folder the user picks, then opened beside.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../explorer/explorerTree';
import { ConvertError, convertLayout, nodeWritableFileSystem } from '../workspace/convertLayout';

export interface ConvertArgs {
  /** The folder to write (skips the dialog; tests). */
  readonly out?: string;
}

export async function convertLayoutCommand(arg: unknown, args: ConvertArgs = {}): Promise<string | undefined> {
  const node = arg && typeof arg === 'object' && 'kind' in arg ? (arg as ExplorerNode) : undefined;
  if (node?.kind !== 'service') throw new Error('Convert Layout works on an APIOps service of the explorer: right-click it.');
  const target = node.service.layout === 'cli' ? 'v7' : 'cli';
  let out = args.out;
  if (!out) {
    const picked = await vscode.window.showSaveDialog({ title: `Write ${node.service.name} in the ${target === 'cli' ? 'apiops-cli' : 'v7'} layout to…`, defaultUri: vscode.Uri.file(path.join(path.dirname(node.service.root), `${node.service.name}-${target}`)), saveLabel: 'Convert here' });
    if (!picked) return undefined;
    out = picked.fsPath;
  }
  try {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Converting ${node.service.name} to the ${target} layout` }, () => convertLayout(nodeWritableFileSystem, node.service.root, out as string, target));
    void vscode.window.showInformationMessage(`${node.service.name} written in the ${target === 'cli' ? 'apiops-cli' : 'v7'} layout: ${r.files} files in ${out}.`);
    return out;
  } catch (e) {
    if (e instanceof ConvertError) throw new Error(e.message);
    throw e;
  }
}
