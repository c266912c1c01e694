// Artifact layouts in the real VS Code: the explorer says which layout the sample uses, and
// Convert Layout… on its service writes it in the apiops-cli layout, which loads as such.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { convertLayout, nodeWritableFileSystem } from '../../src/workspace/convertLayout';
import { detectLayout, loadApiopsService } from '../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../src/workspace/fileSystem';
import { activateExtension, waitFor } from './support';

suite('artifact layouts and environments', () => {
  test('the explorer names the layout; Convert Layout writes the other one', async () => {
    const api = await activateExtension();
    const roots = await waitFor('the sample service', async () => {
      const r = await api.explorer.getChildren(undefined);
      return r.some((n) => n.kind === 'service') ? r : undefined;
    });
    const service = roots.find((n) => n.kind === 'service')!;
    assert.equal(api.explorer.getTreeItem(service).description, 'APIOps folder · v7 layout');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apim-convert-')), 'contoso-cli');
    try {
      assert.equal(await vscode.commands.executeCommand('apimWorkbench.convertLayout', service, { out }), out);
      assert.equal(await detectLayout(nodeFileSystem, out), 'cli');
      assert.ok(fs.existsSync(path.join(out, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json')));
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  test('an apiops-cli fragment opens from the explorer as a policy (its XML from the JSON), is checked, and saves back into the JSON', async () => {
    const api = await activateExtension();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-embedded-'));
    try {
      const cli = path.join(tmp, 'contoso-cli');
      const root = (await api.explorer.serviceRoots())[0]!;
      await convertLayout(nodeWritableFileSystem, root, cli, 'cli');
      const service = await loadApiopsService(nodeFileSystem, cli);
      const fragment = service.fragments.find((f) => f.name === 'correlation-id')!;
      const json = path.join(cli, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json');
      const before = JSON.parse(fs.readFileSync(json, 'utf8')) as { properties: Record<string, unknown> };
      const item = api.explorer.getTreeItem({ kind: 'fragment', fragment, owner: { service, collections: service, idPrefix: cli } });
      assert.equal(item.command?.command, 'apimWorkbench.openPolicy');
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      const editor = await waitFor('the fragment in an editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'apim-embedded' ? vscode.window.activeTextEditor : undefined);
      const doc = editor.document;
      assert.equal(doc.uri.fsPath, json);
      assert.equal(doc.languageId, 'apim-policy');
      assert.equal(doc.getText(), (JSON.parse(fs.readFileSync(json, 'utf8')) as { properties: { value: string } }).properties.value);
      // An unknown policy is reported in the XML, at its place.
      const at = doc.getText().indexOf('</fragment>');
      assert.ok(await editor.edit((e) => e.insert(doc.positionAt(at), '<not-a-policy />\n')));
      const diagnostic = await waitFor('a diagnostic on the unknown policy', () => vscode.languages.getDiagnostics(doc.uri).find((d) => /not-a-policy/.test(d.message)));
      assert.equal(diagnostic.range.start.line, doc.positionAt(at).line);
      assert.ok(await doc.save());
      const saved = JSON.parse(fs.readFileSync(json, 'utf8')) as { properties: Record<string, unknown> };
      assert.match(String(saved.properties['value']), /<not-a-policy \/>\n<\/fragment>/);
      assert.deepEqual({ ...saved, properties: { ...saved.properties, value: '' } }, { ...before, properties: { ...before.properties, value: '' } }, 'the other properties are kept');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('Select Environment applies configuration.<env>.yaml to the explorer\'s model, and none puts it back', async () => {
    const api = await activateExtension();
    const root = (await api.explorer.serviceRoots())[0]!;
    const file = path.join(root, 'configuration.itest.yaml');
    fs.writeFileSync(file, 'namedValues:\n  - name: partner-portal-origin\n    properties:\n      value: https://partners.itest.example\n');
    const origin = async (): Promise<string | undefined> => (await api.explorer.serviceFor(path.join(root, 'policy.xml')))?.namedValues.find((n) => n.name === 'partner-portal-origin')?.value;
    try {
      assert.equal(await vscode.commands.executeCommand('apimWorkbench.selectEnvironment', { name: 'itest' }), 'itest');
      await waitFor('the itest value', async () => ((await origin()) === 'https://partners.itest.example' ? true : undefined), 15_000);
    } finally {
      await vscode.commands.executeCommand('apimWorkbench.selectEnvironment', { name: null });
      fs.rmSync(file, { force: true });
    }
    await waitFor('the folder\'s own value', async () => ((await origin()) === 'https://partners.contoso.com' ? true : undefined), 15_000);
  });
});
