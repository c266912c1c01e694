// "Extract to Folder…" (a live service or one API → an APIOps folder) and "Compare with Azure…"
// (a local APIOps folder against a live service, policy by policy, each difference in the diff
// editor). Both show progress; extraction can be cancelled.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PolicyComparison } from '../../azure/compare';
import type { ServiceRef } from '../../azure/scopes';
import { loadApiopsService } from '../../workspace/apiopsLoader';
import { nodeFileSystem } from '../../workspace/fileSystem';
import type { TreeNode } from '../tree/explorerTreeProvider';
import { policyUri } from './apimFileSystem';
import type { AzureAccount } from './azureAccount';

export interface ExtractArgs {
  /** The folder to write into (skips the folder dialog). */
  readonly target?: string;
}

export async function extractToFolder(azure: AzureAccount, node: TreeNode | undefined, args: ExtractArgs = {}): Promise<{ folder: string; files: number } | undefined> {
  const service = node && (node.kind === 'liveService' || node.kind === 'liveApi') ? node.service : undefined;
  if (!service) throw new Error('Extract to Folder works on a service or an API in the Azure part of the APIM Workbench explorer.');
  const api = node?.kind === 'liveApi' ? node.api.name : undefined;
  let target = args.target;
  if (!target) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Extract Here', title: `Extract ${api ?? service.name} to an APIOps folder` });
    if (!picked?.[0]) return undefined;
    target = picked[0].fsPath;
  }
  const folder = target;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Extracting ${api ?? service.name}`, cancellable: true }, async (progress, token) => {
    const { extractService } = azure.runtime();
    return extractService(
      azure.service(service),
      async (rel, text) => {
        const file = path.join(folder, rel);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      },
      { ...(api ? { api } : {}), onProgress: (m) => progress.report({ message: m }), isCancelled: () => token.isCancellationRequested },
    );
  });
  if (!args.target) {
    if (result.withheld.length) void vscode.window.showWarningMessage(`${result.withheld.length} literal backend credential value${result.withheld.length === 1 ? ' was' : 's were'} written as *** (${result.withheld.join('; ')}): keep credentials in secret named values and reference them as {{name}}.`);
    void vscode.window.showInformationMessage(`Extracted ${api ?? service.name} to ${folder} (${result.files} files).`, 'Open Folder').then((c) => {
      if (c) void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: true });
    });
  }
  return { folder, files: result.files };
}

export interface CompareArgs {
  /** The live service to compare with (skips the pickers). */
  readonly service?: ServiceRef;
  /** Return the comparison without showing it (tests). */
  readonly quiet?: boolean;
}

export async function pickService(azure: AzureAccount): Promise<ServiceRef | undefined> {
  const subs = await azure.listSubscriptions();
  const items: (vscode.QuickPickItem & { service: ServiceRef })[] = [];
  for (const s of subs) for (const svc of await azure.listServices(s.id)) items.push({ label: svc.name, description: `${s.name} · ${svc.resourceGroup}`, service: svc });
  if (items.length === 0) throw new Error('No API Management service found in your Azure subscriptions (sign in first).');
  return (await vscode.window.showQuickPick(items, { title: 'Compare with which API Management service?' }))?.service;
}

export async function compareWithAzure(azure: AzureAccount, root: string | undefined, args: CompareArgs = {}): Promise<readonly PolicyComparison[] | undefined> {
  if (!root) throw new Error('Compare with Azure works on a local APIOps folder: run it on a folder in the APIM Workbench explorer.');
  const service = args.service ?? (await pickService(azure));
  if (!service) return undefined;
  const local = await loadApiopsService(nodeFileSystem, root);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing ${path.basename(root)} with ${service.name}` }, (progress) =>
    azure.runtime().comparePolicies(local, azure.service(service), (f) => readFile(f, 'utf8'), (m) => progress.report({ message: m })),
  );
  if (args.quiet) return result;
  const different = result.filter((r) => r.state !== 'same');
  if (different.length === 0) {
    void vscode.window.showInformationMessage(`${path.basename(root)} and ${service.name} have the same ${result.length} policies.`);
    return result;
  }
  const STATE = { changed: 'differs', onlyLocal: 'only in the folder', onlyRemote: 'only in Azure', same: 'same' } as const;
  for (;;) {
    const pick = await vscode.window.showQuickPick(
      different.map((r) => ({ label: r.label, description: STATE[r.state], r })),
      { title: `${different.length} of ${result.length} policies differ between ${path.basename(root)} and ${service.name}`, placeHolder: 'Pick one to see the difference' },
    );
    if (!pick) return result;
    const remote = policyUri(service, pick.r.scope);
    const local = pick.r.localFile ? vscode.Uri.file(pick.r.localFile) : vscode.Uri.from({ scheme: 'untitled', path: `${pick.r.label}.xml` });
    await vscode.commands.executeCommand('vscode.diff', remote, local, `${pick.r.label}: Azure ↔ ${path.basename(root)}`);
  }
}
