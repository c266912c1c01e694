// "Select Tenant…" and "Select Subscriptions…": which directory's subscriptions the explorer lists,
// and which of them. Only the choice is kept (in VS Code's global state), never a credential.

import * as vscode from 'vscode';
import type { AzureAccount } from './azureAccount';

export async function selectTenant(azure: AzureAccount, args: { tenantId?: string } = {}): Promise<string | undefined> {
  if (args.tenantId !== undefined) {
    await azure.setTenant(args.tenantId || undefined);
    return args.tenantId;
  }
  const tenants = await azure.listTenants();
  const current = azure.tenant();
  const picked = await vscode.window.showQuickPick(
    [{ label: 'Home tenant', description: 'the account\'s default directory', id: '' }, ...tenants.map((t) => ({ label: t.name, description: t.id === current ? `${t.id} (selected)` : t.id, id: t.id }))],
    { title: 'Select the Azure tenant (directory) to list subscriptions from' },
  );
  if (!picked) return undefined;
  await azure.setTenant(picked.id || undefined);
  return picked.id;
}

export async function selectSubscriptions(azure: AzureAccount, args: { ids?: readonly string[] } = {}): Promise<readonly string[] | undefined> {
  if (args.ids) {
    await azure.setSelectedSubscriptions(args.ids);
    return args.ids;
  }
  const all = await azure.listSubscriptions({ all: true });
  const selected = new Set(azure.selectedSubscriptions());
  const picked = await vscode.window.showQuickPick(
    all.map((s) => ({ label: s.name, description: s.id, picked: selected.size === 0 || selected.has(s.id), id: s.id })),
    { title: 'Select the subscriptions to show', canPickMany: true },
  );
  if (!picked) return undefined;
  const ids = picked.length === all.length ? [] : picked.map((p) => p.id);
  await azure.setSelectedSubscriptions(ids);
  return ids;
}
