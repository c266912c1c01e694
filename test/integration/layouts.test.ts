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

suite('artifact layouts', () => {
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
});
