// Typed access to the extension's settings; keys as contributed in package.json.

import * as vscode from 'vscode';

export const SettingIds = {
  searchDepth: 'apimWorkbench.apiops.searchDepth',
  extraRoots: 'apimWorkbench.apiops.folders',
} as const;

export function searchDepth(): number {
  const value = vscode.workspace.getConfiguration().get<number>(SettingIds.searchDepth, 4);
  return Number.isInteger(value) && value >= 0 ? value : 4;
}

/** Extra APIOps folders, absolute or relative to the first workspace folder. */
export function extraRoots(): string[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(SettingIds.extraRoots, []);
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}
