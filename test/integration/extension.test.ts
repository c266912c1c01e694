import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode as ExplorerNode } from '../../src/vscode/tree/explorerTreeProvider';
import type { ExplorerTreeProvider } from '../../src/vscode/tree/explorerTreeProvider';
import { activateExtension, EXTENSION_ID, waitFor, workspaceRoot } from './support';

async function child(explorer: ExplorerTreeProvider, parent: ExplorerNode | undefined, label: string): Promise<ExplorerNode> {
  const children = await explorer.getChildren(parent);
  const found = children.find((n) => explorer.getTreeItem(n).label === label);
  assert.ok(found, `'${label}' among ${children.map((n) => String(explorer.getTreeItem(n).label)).join(', ')}`);
  return found;
}

suite('extension', () => {
  test('activates on the sample workspace without being asked', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // workspaceContains:**/apis/*/apiInformation.json matches samples/contoso.
    await waitFor('activation', () => (ext.isActive ? true : undefined), 20_000);
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['apimWorkbench.refreshExplorer', 'apimWorkbench.openPolicy', 'apimWorkbench.showLog', 'apimWorkbench.simulateRequests', 'apimWorkbench.simulatePolicy', 'apimWorkbench.addBackendAuthentication']) {
      assert.ok(commands.includes(id), id);
    }
  });

  test('the explorer lists the sample service and its ten APIs', async () => {
    const { explorer } = await activateExtension();
    assert.deepEqual(await explorer.serviceRoots(), [workspaceRoot()]);
    const service = await child(explorer, undefined, 'contoso');
    const apis = await child(explorer, service, 'APIs');
    const labels = (await explorer.getChildren(apis)).map((n) => explorer.getTreeItem(n).label);
    assert.deepEqual(labels, ['Customers API', 'Events API', 'Inventory API', 'Invoices API', 'Orders API', 'Partner API', 'Payments API', 'Products API', 'Shipping API', 'Webhooks API']);
    const orders = await child(explorer, apis, 'Orders API');
    const getOrder = explorer.getTreeItem(await child(explorer, orders, 'Get an order'));
    assert.equal(getOrder.description, 'GET /orders/{orderId}');
    assert.equal(getOrder.command?.command, 'apimWorkbench.openPolicy');
  });

  test('after a refresh the tree comes from a first look; an API listed from it expands with its operations; the complete model replaces it', async () => {
    const { explorer } = await activateExtension();
    const fired: (ExplorerNode | undefined)[] = [];
    const listener = explorer.onDidChangeTreeData((n) => fired.push(n));
    try {
      explorer.refresh();
      const first = await child(explorer, undefined, 'contoso');
      const orders = await child(explorer, await child(explorer, first, 'APIs'), 'Orders API');
      assert.equal(explorer.getTreeItem(await child(explorer, orders, 'Get an order')).description, 'GET /orders/{orderId}');
      await waitFor('the tree refreshed with the complete model', () => (fired.filter((n) => n === undefined).length >= 2 ? true : undefined));
      const service = await child(explorer, undefined, 'contoso');
      assert.ok(service.kind === 'service' && service.service.operationsLoaded === undefined, 'the root now holds the complete model');
      assert.equal(explorer.getTreeItem(service).id, explorer.getTreeItem(first).id, 'same ids, so what is expanded stays expanded');
    } finally {
      listener.dispose();
    }
  });

  test('Simulate Requests runs the sample .http file into the trace viewer only; Open as Text gives a read-only report', async () => {
    const api = await activateExtension();
    const httpFile = vscode.Uri.file(path.join(workspaceRoot(), 'requests', 'orders.http'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(httpFile), vscode.ViewColumn.One);
    const untitledBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    const shown = (await vscode.commands.executeCommand('apimWorkbench.simulateRequests', httpFile, { subscriptions: [{ key: 'fake-project-1-key', product: 'project-1', state: 'active' }] })) as { report: string; panel: vscode.WebviewPanel; trace: { status: number; api?: string; operation?: string; name?: string; entries: { source: string; label: string; file?: string; fileLabel?: string; line?: number; measuredMs?: number }[] }[] };
    assert.equal(shown.panel.viewType, 'apimWorkbench.traceViewer');
    const column = await waitFor('the trace viewer to show', () => shown.panel.viewColumn);
    assert.equal(column, vscode.ViewColumn.Two, `beside the editor, not in a third column (editors in ${vscode.window.visibleTextEditors.map((e) => e.viewColumn).join(',')})`);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitledBefore, 'no untitled report that asks to be saved');
    assert.deepEqual(shown.trace.map((r) => r.status), [200, 200]);
    assert.deepEqual([shown.trace[0]?.name, shown.trace[0]?.api, shown.trace[0]?.operation], ['list orders', 'Orders API', 'List orders']);
    const step = shown.trace[0]!.entries.find((e) => e.source === 'set-backend-service');
    assert.ok(step?.file?.endsWith(path.join('products', 'project-1', 'policy.xml')) && (step.line ?? 0) > 1, 'steps carry their policy file and line');
    assert.equal(step?.fileLabel, 'products/project-1/policy.xml', 'links are relative to the APIOps folder');
    assert.deepEqual(shown.trace[0]!.entries.filter((e) => e.source === 'include-fragment').map((e) => e.label), ['include-fragment: enter correlation-id', 'include-fragment: leave correlation-id']);
    assert.ok(shown.trace[0]!.entries.every((e) => typeof e.measuredMs === 'number'), 'each step has a measured time');
    assert.match(shown.report, /^GET \/orders\/orders\?top=5 → 200 OK$/m);
    assert.ok(!shown.report.includes('fake-project-1-key'), 'the subscription key is masked');
    const doc = await api.openTraceAsText();
    assert.equal(doc.uri.scheme, 'apim-workbench-report');
    assert.match(doc.getText(), /set-backend-service: .*\(products\/project-1\/policy\.xml:\d+\)$/m);
    assert.equal(doc.isDirty, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document === doc), 'closed without a save prompt');
  });

  test('a secret never reaches the trace viewer, the text report or the log, in any encoding', async () => {
    const api = await activateExtension();
    const key = 'KEY-CANARY+7f/3a==';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-wb-canary-'));
    const httpFile = path.join(dir, 'canary.http');
    fs.writeFileSync(httpFile, `GET /orders/orders?subscription-key=${encodeURIComponent(key)} HTTP/1.1\n\n###\nGET /orders/orders HTTP/1.1\nOcp-Apim-Subscription-Key: ${key}\n`);
    try {
      const shown = (await vscode.commands.executeCommand('apimWorkbench.simulateRequests', vscode.Uri.file(httpFile), { subscriptions: [{ key, product: 'project-1', state: 'active' }] })) as { report: string; trace: { status: number }[] };
      assert.deepEqual(shown.trace.map((r) => r.status), [200, 200], 'the key was used');
      api.log.info(`checking the log with ${key} and ${encodeURIComponent(key)}`);
      const doc = await api.openTraceAsText();
      const outputs: [string, string][] = [['the trace viewer’s message', JSON.stringify(shown.trace)], ['the report', shown.report], ['the read-only report', doc.getText()], ['the log', api.log.recent().join('\n')]];
      const encodings = [key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1), Buffer.from(key).toString('base64'), key.toUpperCase()];
      for (const [where, text] of outputs) for (const e of encodings) assert.ok(!text.includes(e), `${where} holds ${e}`);
      assert.match(api.log.recent().join('\n'), /checking the log with \*\*\* and \*\*\*/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .http file has a CodeLens per request that runs that request, and one that runs them all', async () => {
    await activateExtension();
    const httpFile = vscode.Uri.file(path.join(workspaceRoot(), 'requests', 'orders.http'));
    const lenses = await waitFor('code lenses', async () => {
      const l = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', httpFile)) as vscode.CodeLens[];
      return l.length ? l : undefined;
    }, 10_000);
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[0, '▷ Simulate all 2 requests'], [5, '▷ Simulate request'], [5, '◉ Trace live'], [5, '⚙ Debug request'], [12, '▷ Simulate request'], [12, '◉ Trace live'], [12, '⚙ Debug request']]);
    assert.deepEqual(lenses[0]?.command?.arguments?.length, 1, 'the file lens runs the whole file');
    // Beside each Simulate lens, one that traces the same request through a live gateway.
    assert.equal(lenses[2]?.command?.command, 'apimWorkbench.traceRequest');
    assert.deepEqual(lenses[2]?.command?.arguments?.[1], { only: 0 });
    const second = lenses[4]!.command!;
    assert.equal(second.command, 'apimWorkbench.simulateRequests');
    const shown = (await vscode.commands.executeCommand(second.command, ...(second.arguments ?? []))) as { trace: { method: string }[] };
    assert.deepEqual(shown.trace.map((r) => r.method), ['OPTIONS'], 'the lens ran its own request only');
  });

  test('a policy file gets a Simulate a request CodeLens; the command runs a request to its operation', async () => {
    await activateExtension();
    const policyFile = vscode.Uri.file(path.join(workspaceRoot(), 'apis', 'orders-api', 'operations', 'get-order', 'policy.xml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(policyFile));
    const lenses = await waitFor('policy code lenses', async () => {
      const l = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', policyFile)) as vscode.CodeLens[];
      return l.find((x) => x.command?.command === 'apimWorkbench.simulatePolicy') ? l : undefined;
    }, 10_000);
    const lens = lenses.find((x) => x.command?.command === 'apimWorkbench.simulatePolicy');
    assert.equal(lens?.range.start.line, 0);
    const shown = (await vscode.commands.executeCommand('apimWorkbench.simulatePolicy', policyFile, { requestLine: 'GET /orders/orders/42' })) as { report: string; trace: { status: number; entries: { source: string; file?: string }[] }[] };
    assert.deepEqual(shown.trace.map((r) => r.status), [200], 'the sample’s workspace settings give the simulator a key for the product');
    assert.match(shown.report, /^GET \/orders\/orders\/42 → 200 OK$/m);
    assert.ok(shown.trace[0]!.entries.some((e) => e.file?.endsWith(path.join('get-order', 'policy.xml'))), 'the operation policy ran');
    assert.ok(!shown.report.includes('fake-project-1-key'), 'the subscription key is masked');
  });

  test('a contributed snippet inserts into an apim-policy document', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument({ language: 'apim-policy', content: '<policies>\n  <inbound>\n    <base />\n    \n  </inbound>\n</policies>\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'apim-policy', name: 'Azure Functions key from a named value' });
    const text = await waitFor('the snippet', () => (doc.getText().includes('x-functions-key') ? doc.getText() : undefined));
    assert.match(text, /<set-header name="x-functions-key" exists-action="override">\s*<value>\{\{function-key\}\}<\/value>\s*<\/set-header>/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Add Backend Authentication… puts the chosen pattern into the inbound section of a sample policy', async () => {
    await activateExtension();
    const policyFile = vscode.Uri.file(path.join(workspaceRoot(), 'apis', 'inventory-api', 'policy.xml'));
    const doc = await vscode.workspace.openTextDocument(policyFile);
    await vscode.window.showTextDocument(doc);
    try {
      const r1 = (await vscode.commands.executeCommand('apimWorkbench.addBackendAuthentication', { pattern: 'auth-managed-identity', values: { 1: 'api://inventory-backend' } })) as { text: string };
      const r2 = (await vscode.commands.executeCommand('apimWorkbench.addBackendAuthentication', { pattern: 'auth-basic', values: { 1: 'func-app-1-key', 2: 'webhook-signing-secret' } })) as { text: string };
      assert.equal(r2.text, doc.getText());
      const inbound = /<inbound>([\s\S]*?)<\/inbound>/.exec(doc.getText())?.[1] ?? '';
      assert.match(inbound, /^\s*<base \/>\s*<authentication-managed-identity resource="api:\/\/inventory-backend" \/>\s*<authentication-basic username="\{\{func-app-1-key\}\}" password="\{\{webhook-signing-secret\}\}" \/>\s*$/);
      assert.ok(r1.text.includes('    <authentication-managed-identity'), 'indented like the section');
      // The edit is one undo step per insertion, and the file is not saved.
      assert.ok(doc.isDirty);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.ok(!(await vscode.workspace.fs.readFile(policyFile)).toString().includes('authentication-basic'), 'the sample file is unchanged on disk');
  });

  test('policy test files appear in the Test Explorer, one item per step at its line, and run', async () => {
    const { policyTests } = await activateExtension();
    await policyTests.discover();
    const files: vscode.TestItem[] = [];
    policyTests.controller.items.forEach((i) => files.push(i));
    const orders = files.find((f) => f.uri?.fsPath.endsWith(path.join('scenarios', 'orders.apimtest.yaml')));
    assert.ok(orders, files.map((f) => f.label).join(', '));
    const steps: vscode.TestItem[] = [];
    orders.children.forEach((c) => steps.push(c));
    assert.equal(steps.length, 9);
    assert.match(steps[0]!.label, /^list orders goes to Function App 1/);
    assert.equal(steps[0]!.range?.start.line, 12);
    const source = new vscode.CancellationTokenSource();
    const results = await policyTests.run(new vscode.TestRunRequest([orders]), source.token);
    assert.deepEqual(results.map((r) => [r.passed, r.steps.length]), [[true, 9]]);
    // Run Test at Cursor on the third step: the file runs up to it.
    const atCursor = await policyTests.run(new vscode.TestRunRequest([steps[2]!]), source.token);
    assert.deepEqual(atCursor.map((r) => r.steps.length), [3]);
  });

  test('named values never show a secret', async () => {
    const { explorer } = await activateExtension();
    const service = await child(explorer, undefined, 'contoso');
    const namedValues = await child(explorer, service, 'Named values');
    const items = (await explorer.getChildren(namedValues)).map((n) => explorer.getTreeItem(n));
    const secret = items.find((i) => i.label === 'func-app-1-key');
    assert.equal(secret?.description, 'secret');
    const plain = items.find((i) => i.label === 'partner-api-audience');
    assert.equal(plain?.description, 'api://contoso-partner-api');
  });

  test('clicking a policy node opens it as apim-policy', async () => {
    const { explorer } = await activateExtension();
    const service = await child(explorer, undefined, 'contoso');
    const item = explorer.getTreeItem(await child(explorer, service, 'Global policy'));
    assert.ok(item.command);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await waitFor('the policy editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.fsPath, path.join(workspaceRoot(), 'policy.xml'));
    assert.equal(editor.document.languageId, 'apim-policy');
  });

  test('*.policy.xml files and XML files that open <policies> are apim-policy', async () => {
    await activateExtension();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-wb-it-'));
    const named = path.join(dir, 'orders.policy.xml');
    const plain = path.join(dir, 'exported.xml');
    const other = path.join(dir, 'pom.xml');
    fs.writeFileSync(named, '<policies><inbound><base /></inbound></policies>\n');
    fs.writeFileSync(plain, '<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>\n');
    fs.writeFileSync(other, '<project>\n</project>\n');
    assert.equal((await vscode.workspace.openTextDocument(named)).languageId, 'apim-policy');
    const plainDoc = await vscode.workspace.openTextDocument(plain);
    await waitFor('exported.xml to switch language', () => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === plainDoc.uri.fsPath);
      return doc?.languageId === 'apim-policy' ? true : undefined;
    });
    assert.notEqual((await vscode.workspace.openTextDocument(other)).languageId, 'apim-policy');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the explorer follows files created and deleted in VS Code', async () => {
    const { explorer } = await activateExtension();
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'named values', 'it-temporary-value', 'namedValueInformation.json'));
    const labels = async (): Promise<string[]> => {
      const service = await child(explorer, undefined, 'contoso');
      return (await explorer.getChildren(await child(explorer, service, 'Named values'))).map((n) => String(explorer.getTreeItem(n).label));
    };
    assert.ok(!(await labels()).includes('it-temporary-value'));
    const create = new vscode.WorkspaceEdit();
    create.createFile(file, { contents: new TextEncoder().encode(JSON.stringify({ properties: { displayName: 'it-temporary-value', value: 'x' } })) });
    try {
      assert.ok(await vscode.workspace.applyEdit(create));
      await waitFor('the new named value', async () => ((await labels()).includes('it-temporary-value') ? true : undefined));
    } finally {
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(file, { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(remove);
      await vscode.workspace.fs.delete(vscode.Uri.file(path.dirname(file.fsPath)), { recursive: true });
    }
    await waitFor('the named value to go away', async () => ((await labels()).includes('it-temporary-value') ? undefined : true));
  });
});

suite('policy language features', () => {
  test('diagnostics follow edits to a sample policy', async () => {
    await activateExtension();
    const file = path.join(workspaceRoot(), 'apis', 'orders-api', 'operations', 'get-order', 'policy.xml');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('<cache-store');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at + 1), doc.positionAt(at + 12)), 'cache-stor');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const diags = await waitFor('a diagnostic for the typo', () => {
        const d = vscode.languages.getDiagnostics(doc.uri).find((x) => x.code === 'unknownPolicy');
        return d;
      });
      assert.match(diags.message, /Unknown policy <cache-stor>\. Did you mean 'cache-store'\?/);
      assert.equal(doc.getText(diags.range), 'cache-stor');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitFor('the diagnostic to go away', () => (vscode.languages.getDiagnostics(doc.uri).length === 0 ? true : undefined));
  });

  test('hover shows policy docs with the reference link', async () => {
    await activateExtension();
    const file = path.join(workspaceRoot(), 'policy.xml');
    const doc = await vscode.workspace.openTextDocument(file);
    const offset = doc.getText().indexOf('<cors') + 2;
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
      return h && h.length ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\*\*`<cors>`\*\*/); // what VS Code renders is read by the UI test
    assert.match(text, /cors-policy/);
  });
});

suite('policy completion', () => {
  test('offers policies for the section and members inside expressions', async () => {
    await activateExtension();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-wb-completion-'));
    const file = path.join(dir, 'test.policy.xml');
    fs.writeFileSync(file, '<policies>\n  <inbound>\n    <set-h\n    <set-variable name="v" value="@(context.Request.)" />\n  </inbound>\n</policies>\n');
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      assert.equal(doc.languageId, 'apim-policy');
      const policies = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 10));
      const labels = policies.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('set-header'), labels.slice(0, 20).join(', '));
      const dot = doc.lineAt(3).text.indexOf('Request.') + 'Request.'.length;
      const members = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(3, dot));
      const memberLabels = members.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const m of ['Headers', 'Body', 'Method']) assert.ok(memberLabels.includes(m), m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

suite('policy navigation and fixes', () => {
  test('outline, go to definition of a backend, and references of a variable', async () => {
    await activateExtension();
    const file = path.join(workspaceRoot(), 'products', 'project-1', 'policy.xml');
    const doc = await vscode.workspace.openTextDocument(file);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['inbound', 'backend', 'outbound', 'on-error']);
    const at = doc.positionAt(doc.getText().indexOf('func-app-1') + 2);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at);
    const target = defs[0] && ('uri' in defs[0] ? defs[0].uri : defs[0].targetUri);
    assert.equal(target?.fsPath, path.join(workspaceRoot(), 'backends', 'func-app-1', 'backendInformation.json'));
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, doc.positionAt(doc.getText().indexOf('"apiId"') + 2));
    assert.equal(refs.length, 4);
  });

  test('a quick fix renames an unknown policy', async () => {
    await activateExtension();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-wb-fix-'));
    const file = path.join(dir, 'fix.policy.xml');
    fs.writeFileSync(file, '<policies><inbound><set-headr name="x" /></inbound></policies>');
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      const diag = await waitFor('the unknown policy diagnostic', () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknownPolicy'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
      const fix = actions.find((a) => a.title === 'Change to <set-header>');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.getText(), '<policies><inbound><set-header name="x" /></inbound></policies>');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('"Did you mean" on an expression member and on an attribute value has its quick fix', async () => {
    await activateExtension();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-wb-fix-'));
    const file = path.join(dir, 'fix.policy.xml');
    fs.writeFileSync(file, '<policies><inbound><set-variable name="v" value="@(context.Request.Headerz.Count)" /><set-header name="x" exists-action="overide" /></inbound></policies>');
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      for (const [code, title] of [['unknownMember', "Change to 'Headers'"], ['badValue', "Change to 'override'"]] as const) {
        const diag = await waitFor(`the ${code} diagnostic`, () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === code));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
        const fix = actions.find((a) => a.title === title);
        assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
      }
      assert.equal(doc.getText(), '<policies><inbound><set-variable name="v" value="@(context.Request.Headers.Count)" /><set-header name="x" exists-action="override" /></inbound></policies>');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
