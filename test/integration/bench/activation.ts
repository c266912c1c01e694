// Benchmark body, run inside a real VS Code by scripts/bench-activation.js on an empty workspace
// (so nothing has activated the extension yet). Measures ext.activate() (loading the bundle and
// running activate()), then the first full load of the sample into the explorer. Prints one
// `BENCH {json}` line.

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import type { TreeNode as ExplorerNode } from '../../../src/vscode/tree/explorerTreeProvider';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>('apim-workbench.apim-workbench');
  if (!ext) throw new Error('extension not found');
  if (ext.isActive) throw new Error('the extension is already active: the benchmark needs a workspace that does not activate it');
  // The workbench is still starting other extensions when this runs; measuring in the middle of
  // that measures the machine, not us. Let it settle first (a benchmark, not a test).
  await new Promise((r) => setTimeout(r, 3000));
  const t0 = performance.now();
  const api = await ext.activate();
  const activateMs = performance.now() - t0;

  const sample = process.env.APIM_WB_BENCH_SAMPLE;
  if (!sample) throw new Error('APIM_WB_BENCH_SAMPLE is not set');
  await vscode.workspace.getConfiguration().update('apimWorkbench.apiops.folders', [sample], vscode.ConfigurationTarget.Global);
  api.explorer.refresh();
  const t1 = performance.now();
  let nodes = 0;
  const walk = async (node?: ExplorerNode): Promise<void> => {
    for (const child of await api.explorer.getChildren(node)) {
      nodes++;
      api.explorer.getTreeItem(child);
      await walk(child);
    }
  };
  await walk();
  const treeMs = performance.now() - t1;
  console.log(`BENCH ${JSON.stringify({ activateMs, treeMs, nodes })}`);
}
