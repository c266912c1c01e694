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

export interface SaveNamedValueArgs {
  /** Answers for every question (tests and callers that know them). */
  readonly name?: string;
  readonly kind?: 'plain' | 'secret' | 'keyVault';
  readonly value?: string;
  readonly secretIdentifier?: string;
  readonly identityClientId?: string;
}

/**
 * "Add Named Value…" (on a service's Named values) and "Edit Named Value…" (on one): a plain
 * value, a secret (typed in a password box, never shown or logged), or a Key Vault reference.
 */
export async function saveNamedValue(azure: AzureAccount, node: TreeNode, args: SaveNamedValueArgs = {}): Promise<boolean> {
  const editing = node.kind === 'liveItem' && node.namedValue !== undefined && node.service !== undefined;
  const service = node.kind === 'liveGroup' && node.group === 'namedValues' ? node.service : editing && node.kind === 'liveItem' ? node.service : undefined;
  if (!service) throw new Error('Add Named Value works on the Named values of a live service; Edit Named Value on one of them.');
  const name = editing && node.kind === 'liveItem' ? node.namedValue! : (args.name ?? (await vscode.window.showInputBox({ title: 'Add Named Value', prompt: 'Name (letters, digits, periods, dashes, underscores)', validateInput: (v) => (/^[A-Za-z0-9._-]+$/.test(v) ? undefined : 'Only letters, digits, periods, dashes and underscores') })));
  if (!name) return false;
  // What the user edits is the named value as it is now: a change made while the dialogs are open
  // is refused on save (its ETag no longer matches), never overwritten.
  const live = azure.service(service);
  let expected: { etag: string } | 'absent' = 'absent';
  if (editing) {
    const etag = await live.namedValueEtag(name);
    if (etag === undefined) throw new Error(`Named value ${name} no longer exists in ${service.name}: refresh the tree.`);
    expected = { etag };
  }
  const kind =
    args.kind ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'Plain value', valueKind: 'plain' as const },
          { label: 'Secret value', description: 'encrypted; never shown in lists', valueKind: 'secret' as const },
          { label: 'Key Vault reference', description: 'the value stays in Key Vault', valueKind: 'keyVault' as const },
        ],
        { title: `${editing ? 'Edit' : 'Add'} named value ${name}` },
      )
    )?.valueKind;
  if (!kind) return false;
  if (kind === 'keyVault') {
    const secretIdentifier = args.secretIdentifier ?? (await vscode.window.showInputBox({ title: name, prompt: 'Key Vault secret identifier', placeHolder: 'https://<vault>.vault.azure.net/secrets/<name>', validateInput: (v) => (/^https:\/\/[^/]+\/secrets\/[^/]+/.test(v) ? undefined : 'https://<vault>.vault.azure.net/secrets/<name>[/<version>]') }));
    if (!secretIdentifier) return false;
    const identityClientId = args.identityClientId ?? (await vscode.window.showInputBox({ title: name, prompt: "Client id of the user-assigned identity that reads the secret (empty: the service's system-assigned identity)" }));
    if (identityClientId === undefined) return false;
    await live.saveNamedValue(name, { displayName: name, secret: true, keyVault: { secretIdentifier, ...(identityClientId ? { identityClientId } : {}) } }, expected);
  } else {
    const value = args.value ?? (await vscode.window.showInputBox({ title: name, prompt: kind === 'secret' ? 'Secret value (not shown, not logged)' : 'Value', password: kind === 'secret', validateInput: (v) => (v.trim() ? undefined : 'A value is needed') }));
    if (value === undefined) return false;
    await live.saveNamedValue(name, { displayName: name, secret: kind === 'secret', value }, expected);
  }
  void vscode.window.setStatusBarMessage(`Named value ${name} saved in ${service.name}.`, 5000);
  return true;
}
