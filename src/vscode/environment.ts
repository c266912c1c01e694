// The environment picked for the workspace (configuration.<env>.yaml beside an APIOps folder):
// chosen from the explorer's title or the status bar, kept in the workspace state, applied by the
// explorer, the language service and the simulator to every folder that has that environment.

import * as vscode from 'vscode';
import { loadApiopsService, type LoadOptions } from '../workspace/apiopsLoader';
import type { ApiopsService } from '../workspace/apiopsModel';
import { findEnvironments } from '../workspace/environments';
import { nodeFileSystem } from '../workspace/fileSystem';

const KEY = 'apimWorkbench.environment';
let state: vscode.Memento | undefined;
let item: vscode.StatusBarItem | undefined;
const changed = new vscode.EventEmitter<string | undefined>();
export const onDidChangeEnvironment = changed.event;

export function currentEnvironment(): string | undefined {
  return state?.get<string>(KEY) || undefined;
}

/** An APIOps folder as the picked environment has it (as it is when the folder has no such environment). */
export async function loadServiceForEnvironment(root: string, options: Omit<LoadOptions, 'environment'> = {}): Promise<ApiopsService> {
  const env = currentEnvironment();
  if (env && (await findEnvironments(nodeFileSystem, root)).some((e) => e.name.toLowerCase() === env.toLowerCase())) return loadApiopsService(nodeFileSystem, root, { ...options, environment: env });
  return loadApiopsService(nodeFileSystem, root, options);
}

/** The status bar item, shown when any folder has environments. */
export function registerEnvironmentStatus(memento: vscode.Memento, commandId: string): vscode.Disposable {
  state = memento;
  item = vscode.window.createStatusBarItem('apimWorkbench.environment', vscode.StatusBarAlignment.Left, 20);
  item.name = 'APIM environment';
  item.command = commandId;
  return vscode.Disposable.from(item, changed);
}

/** Shows the status bar item for the folders shown (hidden when none has an environment). */
export async function updateEnvironmentStatus(roots: readonly string[]): Promise<void> {
  if (!item) return;
  const envs = (await Promise.all(roots.map((r) => findEnvironments(nodeFileSystem, r)))).flat();
  if (envs.length === 0) {
    item.hide();
    return;
  }
  const env = currentEnvironment();
  item.text = `$(server-environment) APIM: ${env ?? 'no environment'}`;
  item.tooltip = env ? `Policies, named values and backends as configuration.${env}.yaml has them. Click to pick another.` : 'The APIOps folders as they are, no configuration.<env>.yaml applied. Click to pick an environment.';
  item.show();
}

/** Select Environment…: the environments of the folders shown, or none. */
export async function selectEnvironment(roots: readonly string[], args: { name?: string | null } = {}): Promise<string | undefined> {
  const envs = [...new Map((await Promise.all(roots.map((r) => findEnvironments(nodeFileSystem, r)))).flat().map((e) => [e.name.toLowerCase(), e])).values()];
  let picked: string | null | undefined = args.name;
  if (picked === undefined) {
    if (envs.length === 0) {
      void vscode.window.showInformationMessage('No environment found: an APIOps repository keeps one configuration.<env>.yaml per environment beside the artifacts folder.');
      return undefined;
    }
    const choice = await vscode.window.showQuickPick([{ label: '(no environment)', description: 'the folders as they are', name: null as string | null }, ...envs.map((e) => ({ label: e.name, description: vscode.workspace.asRelativePath(e.file), name: e.name as string | null }))], { title: 'APIM environment', placeHolder: `Now: ${currentEnvironment() ?? 'no environment'}` });
    if (!choice) return undefined;
    picked = choice.name;
  }
  await state?.update(KEY, picked ?? undefined);
  changed.fire(picked ?? undefined);
  await updateEnvironmentStatus(roots);
  return picked ?? undefined;
}
