// "Reveal Value" on a secret named value: asks Azure for it (listValue) and shows it in a modal
// dialog with a Copy button — a transient view: never written to a file, the log or the tree.

import * as vscode from 'vscode';
import type { TreeNode } from '../tree/explorerTreeProvider';
import type { AzureAccount } from './azureAccount';

export async function revealNamedValue(azure: AzureAccount, node: TreeNode, options: { show?: (value: string) => Promise<void> } = {}): Promise<void> {
  if (node.kind !== 'liveItem' || !node.service || !node.namedValue) throw new Error('Reveal Value works on a named value of a live service in the APIM Workbench explorer.');
  const value = await azure.service(node.service).revealNamedValue(node.namedValue);
  if (options.show) return options.show(value);
  const choice = await vscode.window.showInformationMessage(`${node.label}`, { modal: true, detail: value }, 'Copy');
  if (choice === 'Copy') await vscode.env.clipboard.writeText(value);
}
