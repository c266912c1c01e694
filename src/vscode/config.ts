// Typed access to the extension's settings; keys as contributed in package.json.

import * as vscode from 'vscode';

export const SettingIds = {
  searchDepth: 'apimWorkbench.apiops.searchDepth',
  extraRoots: 'apimWorkbench.apiops.folders',
  simulatorSubscriptions: 'apimWorkbench.simulator.subscriptions',
  simulatorBackend: 'apimWorkbench.simulator.backend',
  azureRequestTimeout: 'apimWorkbench.azure.requestTimeoutSeconds',
  tracePolicies: 'apimWorkbench.trace.policies',
} as const;

/** What live traces link to and compare with: `folder`, `live`, or undefined (auto: a folder when one is open). */
export function tracePolicies(): 'folder' | 'live' | undefined {
  const value = vscode.workspace.getConfiguration().get<string>(SettingIds.tracePolicies, 'auto');
  return value === 'folder' || value === 'live' ? value : undefined;
}

/** How long one Azure call may take before it is abandoned (default 60 s). */
export function azureRequestTimeoutSeconds(): number {
  const value = vscode.workspace.getConfiguration().get<number>(SettingIds.azureRequestTimeout, 60);
  return Number.isFinite(value) && value >= 1 ? value : 60;
}

/** Subscription keys the simulator accepts, each for a product of the APIOps folder. */
export function simulatorSubscriptions(): { key: string; product?: string; state: string }[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(SettingIds.simulatorSubscriptions, []);
  if (!Array.isArray(value)) return [];
  return value
    .filter((x): x is { key: string; product?: unknown } => typeof x === 'object' && x !== null && typeof (x as { key?: unknown }).key === 'string')
    .map((x) => ({ key: x.key, ...(typeof x.product === 'string' ? { product: x.product } : {}), state: 'active' }));
}

/** `mock` (default: every backend call gets 200 OK, no body) or `real`. */
export function simulatorBackend(): 'mock' | 'real' {
  return vscode.workspace.getConfiguration().get<string>(SettingIds.simulatorBackend, 'mock') === 'real' ? 'real' : 'mock';
}

export function searchDepth(): number {
  const value = vscode.workspace.getConfiguration().get<number>(SettingIds.searchDepth, 4);
  return Number.isInteger(value) && value >= 0 ? value : 4;
}

/** Extra APIOps folders, absolute or relative to the first workspace folder. */
export function extraRoots(): string[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(SettingIds.extraRoots, []);
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}
