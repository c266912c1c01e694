// Every command goes through registerCommands: one place that catches, logs the stack to the
// log channel and shows one clear line, and stays quiet when the user cancelled.

import * as vscode from 'vscode';
import { errorMessage } from '../common/errors';
import type { Log } from './log';

/** Command ids, as contributed in package.json (a unit test keeps the two in step). */
export const CommandIds = {
  refreshExplorer: 'apimWorkbench.refreshExplorer',
  openPolicy: 'apimWorkbench.openPolicy',
  showLog: 'apimWorkbench.showLog',
  simulateRequests: 'apimWorkbench.simulateRequests',
  simulatePolicy: 'apimWorkbench.simulatePolicy',
  addBackendAuthentication: 'apimWorkbench.addBackendAuthentication',
  signIn: 'apimWorkbench.signIn',
  signOut: 'apimWorkbench.signOut',
  loadMore: 'apimWorkbench.loadMore',
  retry: 'apimWorkbench.retry',
  refreshNode: 'apimWorkbench.refreshNode',
  revealNamedValue: 'apimWorkbench.revealNamedValue',
  extractToFolder: 'apimWorkbench.extractToFolder',
  addNamedValue: 'apimWorkbench.addNamedValue',
  publishRevision: 'apimWorkbench.publishRevision',
  makeRevisionCurrent: 'apimWorkbench.makeRevisionCurrent',
  compareRevision: 'apimWorkbench.compareRevision',
  deleteRevision: 'apimWorkbench.deleteRevision',
  selectTenant: 'apimWorkbench.selectTenant',
  selectSubscriptions: 'apimWorkbench.selectSubscriptions',
  editNamedValue: 'apimWorkbench.editNamedValue',
  compareWithAzure: 'apimWorkbench.compareWithAzure',
  traceRequest: 'apimWorkbench.traceRequest',
  compareWithSimulation: 'apimWorkbench.compareWithSimulation',
  exportTraceAsTest: 'apimWorkbench.exportTraceAsTest',
  stopTracing: 'apimWorkbench.stopTracing',
  debugRequest: 'apimWorkbench.debugRequest',
  showEffectivePolicy: 'apimWorkbench.showEffectivePolicy',
  convertLayout: 'apimWorkbench.convertLayout',
  selectEnvironment: 'apimWorkbench.selectEnvironment',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export type CommandTable = Record<CommandId, (...args: unknown[]) => unknown>;

export function registerCommands(table: CommandTable, log: Log): vscode.Disposable {
  const disposables = Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof vscode.CancellationError) return undefined;
        log.error(`Command ${id} failed`, error);
        void vscode.window.showErrorMessage(errorMessage(error), 'Show Log').then((choice) => {
          if (choice) log.show();
        });
        return undefined;
      }
    }),
  );
  return vscode.Disposable.from(...disposables);
}
