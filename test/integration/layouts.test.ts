// Artifact layouts in the real VS Code: the explorer says which layout the sample uses, and
// Convert Layout… on its service writes it in the apiops-cli layout, which loads as such.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectLayout } from '../../src/workspace/apiopsLoader';
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
