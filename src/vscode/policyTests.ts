// Policy test files (*.apimtest.yaml) in the Test Explorer: one item per file, one per step; a
// run simulates the file and marks each step passed or failed, with each failed expectation at
// its line in the file.

import * as vscode from 'vscode';
import { expectationText, listScenarioSteps, runScenarioFile, ScenarioError, stepFailureLines, type ScenarioResult, type StepResult } from '../gateway/scenario';
import { nodeFileSystem } from '../workspace/fileSystem';
import { PROCESS_SECRETS } from '../common/secrets';

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
    // Debug: the policy debugger on the step asked for (the steps before it run first), or the whole file.
    this.controller.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, (request) => void this.debug(request), true);
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
      files.set(file.id, this.controller.items.get(file.id) ?? file);
    }
    const run = this.controller.createTestRun(request);
    const results: ScenarioResult[] = [];
    try {
      for (const file of files.values()) {
        if (token.isCancellationRequested || !file.uri) break;
        await this.readSteps(file);
        const uri = file.uri;
        const steps = [...iterate(file.children)];
        // Steps asked for one by one (Run Test at Cursor): the file runs up to the last of them
        // (earlier steps still run, for the state they leave) and only those are reported.
        // By id: reading the steps again made new items, the request holds the ones it was given.
        const whole = wanted.some((w) => w.id === file.id);
        const asked = whole ? steps : steps.filter((s) => wanted.some((w) => w.id === s.id));
        if (asked.length === 0) continue;
        const lastStep = whole ? undefined : Math.max(...asked.map((s) => steps.indexOf(s)));
        for (const s of asked) run.started(s);
        try {
          const result = await runScenarioFile(uri.fsPath, nodeFileSystem, lastStep === undefined ? {} : { lastStep });
          results.push(result);
          result.steps.forEach((r, i) => {
            const item = steps[i];
            if (!item || !asked.includes(item)) return;
            if (r.passed) {
              run.passed(item);
              return;
            }
            run.failed(item, failureMessages(r, uri));
            run.appendOutput(PROCESS_SECRETS.maskText(`FAIL ${result.name} › ${r.name}\r\n${stepFailureLines(r).map((l) => `  ${l}`).join('\r\n')}\r\n`), undefined, item);
          });
        } catch (e) {
          const problems = PROCESS_SECRETS.mask(e instanceof ScenarioError ? e.problems : [{ line: 1, message: e instanceof Error ? e.message : String(e) }]);
          const messages = problems.map((p) => {
            const m = new vscode.TestMessage(p.message);
            m.location = new vscode.Location(uri, new vscode.Position(p.line - 1, 0));
            return m;
          });
          run.appendOutput(`${problems.map((p) => `${vscode.workspace.asRelativePath(uri)}:${p.line}: ${p.message}`).join('\r\n')}\r\n`);
          for (const s of asked.length ? asked : [file]) run.errored(s, messages);
        }
      }
    } finally {
      run.end();
    }
    return results;
  }

  /** Starts the policy debugger on the first step (or file) asked for; resolves when it has started. */
  async debug(request: vscode.TestRunRequest): Promise<boolean> {
    if (this.controller.items.size === 0) await this.discover();
    const item = request.include?.[0] ?? [...iterate(this.controller.items)][0];
    if (!item?.uri) return false;
    const file = item.parent ?? item;
    if (file !== item) await this.readSteps(file);
    const step = item.parent ? [...iterate(file.children)].findIndex((s) => s.id === item.id || s.label === item.label) + 1 : undefined;
    return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(item.uri), { type: 'apim-policy', request: 'launch', name: `Debug ${item.label}`, testFile: item.uri.fsPath, ...(step ? { step } : {}) });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * A failed step's messages: each expectation at its line ("status: expected 201, got 200"; a
 * diff for values over one line), and why the simulator failed, at the failing policy when its
 * file is known.
 */
function failureMessages(r: StepResult, file: vscode.Uri): vscode.TestMessage[] {
  const messages = r.failures.map((f) => {
    const expected = JSON.stringify(f.expected, null, 2);
    const actual = JSON.stringify(f.actual, null, 2);
    const text = PROCESS_SECRETS.maskText(expectationText(f));
    const m = expected.includes('\n') || actual.includes('\n') ? vscode.TestMessage.diff(text, expected, actual) : new vscode.TestMessage(text);
    m.location = new vscode.Location(file, new vscode.Position(f.line - 1, 0));
    return m;
  });
  if (r.reason) {
    const m = new vscode.TestMessage(PROCESS_SECRETS.maskText(r.reason));
    m.location = new vscode.Location(file, new vscode.Position(r.line - 1, 0));
    messages.push(m);
  }
  return messages;
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const items: vscode.TestItem[] = [];
  collection.forEach((i) => items.push(i));
  yield* items;
}
