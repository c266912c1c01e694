// Policy test files (*.apimtest.yaml) in the Test Explorer: one item per file, one per step; a
// run simulates the file and marks each step passed or failed, with each failed expectation at
// its line in the file.

import * as vscode from 'vscode';
import { listScenarioSteps, runScenarioFile, ScenarioError, type ScenarioResult } from '../gateway/scenario';
import { nodeFileSystem } from '../workspace/fileSystem';

export const POLICY_TESTS_CONTROLLER_ID = 'apimWorkbench.policyTests';
const PATTERN = '**/*.apimtest.{yaml,yml}';

export class PolicyTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController(POLICY_TESTS_CONTROLLER_ID, 'APIM policy tests');
  private readonly disposables: vscode.Disposable[] = [this.controller];

  constructor() {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.readSteps(item);
    };
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => void this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(PATTERN);
    watcher.onDidCreate((uri) => void this.readSteps(this.fileItem(uri)));
    watcher.onDidChange((uri) => void this.readSteps(this.fileItem(uri)));
    watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString()));
    this.disposables.push(watcher, vscode.workspace.onDidSaveTextDocument((d) => (d.uri.fsPath.match(/\.apimtest\.ya?ml$/) ? void this.readSteps(this.fileItem(d.uri)) : undefined)));
  }

  async discover(): Promise<void> {
    for (const uri of await vscode.workspace.findFiles(PATTERN, '**/node_modules/**')) await this.readSteps(this.fileItem(uri));
  }

  private fileItem(uri: vscode.Uri): vscode.TestItem {
    let item = this.controller.items.get(uri.toString());
    if (!item) {
      item = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
      item.canResolveChildren = true;
      this.controller.items.add(item);
    }
    return item;
  }

  private async readSteps(file: vscode.TestItem): Promise<void> {
    if (!file.uri) return;
    const text = Buffer.from(await vscode.workspace.fs.readFile(file.uri)).toString('utf8');
    const steps = listScenarioSteps(text);
    file.children.replace(
      steps.map((s, i) => {
        const step = this.controller.createTestItem(`${file.id}#${i}`, s.name, file.uri);
        step.range = new vscode.Range(s.line - 1, 0, s.line - 1, 0);
        return step;
      }),
    );
  }

  /** Runs the requested files (or all); returns the results, for callers that want them. */
  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<ScenarioResult[]> {
    if (this.controller.items.size === 0) await this.discover();
    const files = new Map<string, vscode.TestItem>();
    const wanted = request.include ?? [...iterate(this.controller.items)];
    for (const item of wanted) {
      const file = item.parent ?? item;
      files.set(file.id, file);
    }
    const run = this.controller.createTestRun(request);
    const results: ScenarioResult[] = [];
    try {
      for (const file of files.values()) {
        if (token.isCancellationRequested || !file.uri) break;
        await this.readSteps(file);
        const steps = [...iterate(file.children)];
        for (const s of steps) run.started(s);
        try {
          const result = await runScenarioFile(file.uri.fsPath, nodeFileSystem);
          results.push(result);
          result.steps.forEach((r, i) => {
            const item = steps[i];
            if (!item) return;
            if (r.passed) run.passed(item);
            else
              run.failed(
                item,
                r.failures.map((f) => {
                  const m = vscode.TestMessage.diff(`${f.expectation}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`, JSON.stringify(f.expected, null, 2), JSON.stringify(f.actual, null, 2));
                  m.location = new vscode.Location(file.uri as vscode.Uri, new vscode.Position(f.line - 1, 0));
                  return m;
                }),
              );
          });
        } catch (e) {
          const message = new vscode.TestMessage(e instanceof Error ? e.message : String(e));
          if (e instanceof ScenarioError) message.location = new vscode.Location(file.uri, new vscode.Position(e.line - 1, 0));
          for (const s of steps.length ? steps : [file]) run.errored(s, message);
        }
      }
    } finally {
      run.end();
    }
    return results;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const items: vscode.TestItem[] = [];
  collection.forEach((i) => items.push(i));
  yield* items;
}
