// Live Azure in the real VS Code, against the local ARM emulator (the extension's test-only
// APIM_WORKBENCH_ARM_REDIRECT): the tree down to policies with Load more, editing a policy in place
// through apim: URIs, a concurrent remote edit detected and never overwritten, secrets only on
// request, and Azure failures as error nodes that retry.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/vscode/tree/explorerTreeProvider';
import { ArmEmulator, serviceId } from '../emulator/armEmulator';
import { seedFromApiops } from '../emulator/seedFromApiops';
import { workspaceRoot } from './support';
import { activateExtension, waitFor } from './support';

const SUB = '3f2a9c1e-5b7d-4e8f-a1c2-9d0e6b4f7a31';
const SVC = serviceId(SUB, 'rg-apim', 'apim-live');
const POLICY = '<policies>\n  <inbound>\n    <base />\n  </inbound>\n  <backend>\n    <base />\n  </backend>\n  <outbound>\n    <base />\n  </outbound>\n  <on-error>\n    <base />\n  </on-error>\n</policies>';

suite('live Azure (ARM emulator)', () => {
  const emulator = new ArmEmulator();
  let api: Awaited<ReturnType<typeof activateExtension>>;

  const children = async (parent: TreeNode | undefined): Promise<TreeNode[]> => api.explorer.getChildren(parent);
  const label = (n: TreeNode): string => String(api.explorer.getTreeItem(n).label);
  const child = async (parent: TreeNode | undefined, name: string): Promise<TreeNode> => {
    const list = await children(parent);
    const found = list.find((n) => label(n) === name);
    assert.ok(found, `'${name}' among ${list.map(label).join(', ')}`);
    return found;
  };
  const path = async (...labels: string[]): Promise<TreeNode> => {
    let node: TreeNode | undefined;
    for (const l of labels) node = await child(node, l);
    return node!;
  };

  suiteSetup(async () => {
    const url = await emulator.start();
    emulator.subscriptions.push({ subscriptionId: SUB, displayName: 'Contoso Dev', tenantId: '72f988bf-0000-4000-8000-00000000c0de', state: 'Enabled' });
    emulator.subscriptions.push({ subscriptionId: '9b1e2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', displayName: 'Fabrikam Prod', tenantId: '11111111-2222-4333-8444-555555555555', state: 'Enabled' });
    emulator.put(SVC, {});
    for (let i = 0; i < 120; i++) emulator.put(`${SVC}/apis/api-${String(i).padStart(3, '0')}`, { displayName: `API ${String(i).padStart(3, '0')}`, path: `p${i}` });
    emulator.put(`${SVC}/apis/orders`, { displayName: 'Orders', path: 'orders' });
    emulator.put(`${SVC}/apis/orders/policies/policy`, { value: POLICY, format: 'rawxml' });
    emulator.put(`${SVC}/namedValues/func-key`, { displayName: 'func-key', secret: true, value: 'live-secret-value' });
    emulator.put(`${SVC}/products/gold`, { displayName: 'Gold' });
    await seedFromApiops(emulator, serviceId(SUB, 'rg-contoso', 'apim-contoso'), workspaceRoot());
    process.env['APIM_WORKBENCH_ARM_REDIRECT'] = url;
    api = await activateExtension();
    api.explorer.refreshAzure();
  });

  suiteTeardown(async () => {
    delete process.env['APIM_WORKBENCH_ARM_REDIRECT'];
    api.explorer.refreshAzure();
    await emulator.stop();
  });

  test('the tree shows subscriptions, services and their groups, with APIs a page at a time', async () => {
    const service = await path('Azure', 'Contoso Dev', 'apim-live');
    assert.deepEqual((await children(service)).map(label), ['Global policy', 'APIs', 'Backends', 'Products', 'Named values', 'Policy fragments', 'Workspaces']);
    const apis = await child(service, 'APIs');
    const first = await children(apis);
    assert.equal(first.length, 101, 'a first page of 100 and Load more');
    const more = first[100]!;
    assert.equal(label(more), 'Load more…');
    assert.equal(api.explorer.getTreeItem(more).command?.command, 'apimWorkbench.loadMore');
    await vscode.commands.executeCommand('apimWorkbench.loadMore', more);
    const all = await children(apis);
    assert.equal(all.length, 121);
    assert.ok(all.some((n) => label(n) === 'Orders'));
  });

  test('a live policy opens as apim-policy and saves back to Azure with its ETag', async () => {
    const policy = await path('Azure', 'Contoso Dev', 'apim-live', 'APIs', 'Orders', 'API policy');
    const command = api.explorer.getTreeItem(policy).command!;
    const opening = emulator.requests.length;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'apim');
    assert.equal(editor.document.languageId, 'apim-policy');
    assert.equal(editor.document.getText(), POLICY);
    assert.equal(emulator.requests.slice(opening).filter((r) => r.method === 'GET' && r.path.endsWith('/apis/orders/policies/policy')).length, 1, 'opening reads the policy once');
    const before = emulator.requests.length;
    await editor.edit((b) => b.insert(editor.document.positionAt(POLICY.indexOf('</inbound>')), '  <set-header name="x-edited" exists-action="override"><value>1</value></set-header>\n  '));
    assert.ok(await editor.document.save(), 'saved');
    const put = emulator.writesSince(before).find((r) => r.method === 'PUT');
    assert.ok(put?.ifMatch, 'the save sends If-Match');
    assert.match(String(emulator.get(`${SVC}/apis/orders/policies/policy`)?.properties['value']), /x-edited/);
  });

  test('a concurrent remote edit is detected on save: cancel keeps theirs, overwrite is explicit', async () => {
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'apim');
    // Someone else changes the policy in Azure after it was opened here.
    emulator.modify(`${SVC}/apis/orders/policies/policy`, (p) => (p['value'] = String(p['value']).replace('x-edited', 'x-theirs')));
    await editor.edit((b) => b.insert(editor.document.positionAt(0), '<!-- mine -->\n'));
    const asked: string[] = [];
    api.apimFileSystem.resolveConflict = async (_uri, theirs) => {
      asked.push(theirs);
      return 'cancel';
    };
    assert.equal(await editor.document.save(), false, 'the save is refused');
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /x-theirs/, 'the user is shown their version');
    assert.match(String(emulator.get(`${SVC}/apis/orders/policies/policy`)?.properties['value']), /x-theirs/, 'their change stands');
    assert.ok(editor.document.isDirty, 'my text is kept');
    api.apimFileSystem.resolveConflict = async () => 'overwrite';
    assert.ok(await editor.document.save());
    assert.match(String(emulator.get(`${SVC}/apis/orders/policies/policy`)?.properties['value']), /^<!-- mine -->/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('secret named values are never in the tree; Reveal Value asks Azure for it', async () => {
    const values = await path('Azure', 'Contoso Dev', 'apim-live', 'Named values');
    const items = (await children(values)).map((n) => api.explorer.getTreeItem(n));
    assert.deepEqual(items.map((i) => `${String(i.label)} ${String(i.description)}`), ['func-key secret']);
    assert.ok(!JSON.stringify(items).includes('live-secret-value'));
    let shown = '';
    await vscode.commands.executeCommand('apimWorkbench.revealNamedValue', (await children(values))[0], { show: async (v: string) => void (shown = v) });
    assert.equal(shown, 'live-secret-value');
  });

  test('named values are added (a Key Vault reference) and edited (a secret) from the tree', async () => {
    const group = await path('Azure', 'Contoso Dev', 'apim-live', 'Named values');
    assert.ok(await vscode.commands.executeCommand('apimWorkbench.addNamedValue', group, { name: 'kv-db', kind: 'keyVault', secretIdentifier: 'https://kv.vault.azure.net/secrets/db', identityClientId: '' }));
    const items = (await children(group)).map((n) => api.explorer.getTreeItem(n));
    assert.ok(items.some((i) => i.label === 'kv-db' && i.description === 'Key Vault: https://kv.vault.azure.net/secrets/db'));
    const funcKey = (await children(group)).find((n) => label(n) === 'func-key')!;
    assert.ok(await vscode.commands.executeCommand('apimWorkbench.editNamedValue', funcKey, { kind: 'secret', value: 'rotated-secret' }));
    assert.equal(emulator.get(`${SVC}/namedValues/func-key`)?.properties['value'], 'rotated-secret');
    assert.ok(!(await children(group)).map((n) => JSON.stringify(api.explorer.getTreeItem(n))).join('').includes('rotated-secret'));
  });

  test('Extract to Folder writes the live service as an APIOps folder that compares equal with it', async () => {
    const service = await path('Azure', 'Contoso Dev', 'apim-live');
    const folder = fs.mkdtempSync(join(os.tmpdir(), 'apim-live-extract-'));
    try {
      const result = (await vscode.commands.executeCommand('apimWorkbench.extractToFolder', service, { target: folder })) as { files: number };
      assert.ok(result.files > 121);
      assert.ok(fs.existsSync(join(folder, 'apis', 'orders', 'policy.xml')));
      const info = fs.readFileSync(join(folder, 'named values', 'func-key', 'namedValueInformation.json'), 'utf8');
      assert.ok(!info.includes('live-secret-value'), 'no secret value written');
      const live = service.kind === 'liveService' ? service.service : undefined;
      const comparison = (await vscode.commands.executeCommand('apimWorkbench.compareWithAzure', { kind: 'service', service: { root: folder } }, { service: live, quiet: true })) as { state: string }[];
      assert.ok(comparison.length > 0);
      assert.deepEqual(comparison.filter((c) => c.state !== 'same'), []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a sample policy edited in place is published as a new current revision, seen in the tree with the edit', async () => {
    const apiNode = await path('Azure', 'Contoso Dev', 'apim-contoso', 'APIs', 'Orders API');
    const policy = (await children(apiNode)).find((n) => label(n) === 'API policy')!;
    const command = api.explorer.getTreeItem(policy).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    const text = editor.document.getText();
    await editor.edit((b) => b.insert(editor.document.positionAt(text.indexOf('</inbound>')), '  <set-header name="x-published" exists-action="override"><value>rev3</value></set-header>\n  '));
    const result = (await vscode.commands.executeCommand('apimWorkbench.publishRevision', undefined, { description: 'adds x-published', makeCurrent: true, notes: 'x-published header', confirm: true })) as { revision: string; madeCurrent: boolean };
    assert.deepEqual(result, { revision: '3', madeCurrent: true, notes: [] });
    assert.ok(!editor.document.isDirty, 'the editor shows what Azure now serves');
    assert.match(editor.document.getText(), /x-published/);
    const revisions = await child(await path('Azure', 'Contoso Dev', 'apim-contoso', 'APIs', 'Orders API'), 'Revisions');
    const items = await children(revisions);
    const rev3 = items.find((n) => label(n) === 'Revision 3')!;
    assert.match(String(api.explorer.getTreeItem(rev3).description), /^current · adds x-published$/);
    // The revision can be revealed: its parents lead up to the Azure root.
    const ids: string[] = [];
    for (let n: TreeNode | undefined = rev3; n; n = api.explorer.getParent(n)) ids.push(String(api.explorer.getTreeItem(n).id));
    assert.equal(ids[ids.length - 1], 'azure');
    assert.equal(ids.length, 7, ids.join(' < '));
    const rev3Policy = (await children(rev3))[0]!;
    const open = api.explorer.getTreeItem(rev3Policy).command!;
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    assert.match(vscode.window.activeTextEditor!.document.getText(), /x-published/);
    // The old current revision is kept; the current one cannot be deleted; another can.
    await assert.doesNotReject(() => Promise.resolve(vscode.commands.executeCommand('apimWorkbench.deleteRevision', rev3, { confirm: true })));
    assert.ok(emulator.get(`${serviceId(SUB, 'rg-contoso', 'apim-contoso')}/apis/orders-api;rev=3`), 'the current revision is still there');
    const rev2 = (await children(revisions)).find((n) => label(n) === 'Revision 2')!;
    assert.equal(await vscode.commands.executeCommand('apimWorkbench.deleteRevision', rev2, { confirm: true }), true);
    assert.equal(emulator.get(`${serviceId(SUB, 'rg-contoso', 'apim-contoso')}/apis/orders-api;rev=2`), undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('with an environment picked that replaces an API policy, publishing the local API sends the environment\'s policy and leaves the folder as it is', async () => {
    const root = workspaceRoot();
    const envFile = join(root, 'configuration.itestpub.yaml');
    const envPolicy = '<policies><inbound><base /><set-header name="x-env" exists-action="override"><value>itestpub</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>';
    fs.writeFileSync(envFile, `apis:\n  - name: inventory-api\n    policies:\n      - name: policy\n        properties:\n          value: '${envPolicy}'\n`);
    const apiFolder = join(root, 'apis', 'inventory-api');
    const infoBefore = fs.readFileSync(join(apiFolder, 'apiInformation.json'), 'utf8');
    const contoso = serviceId(SUB, 'rg-contoso', 'apim-contoso');
    try {
      assert.equal(await vscode.commands.executeCommand('apimWorkbench.selectEnvironment', { name: 'itestpub' }), 'itestpub');
      const result = (await vscode.commands.executeCommand('apimWorkbench.publishRevision', vscode.Uri.file(join(apiFolder, 'policy.xml')), { service: { subscriptionId: SUB, resourceGroup: 'rg-contoso', name: 'apim-contoso', id: contoso }, description: 'itestpub', makeCurrent: true, notes: 'itestpub', confirm: true, environment: 'apply' })) as { revision: string; madeCurrent: boolean };
      assert.equal(result.madeCurrent, true);
      assert.match(String(emulator.get(`${contoso}/apis/inventory-api;rev=${result.revision}/policies/policy`)?.properties['value']), /x-env[\s\S]*itestpub/);
      assert.equal(fs.readFileSync(join(apiFolder, 'apiInformation.json'), 'utf8'), infoBefore, 'the folder serves every environment: not rewritten');
      assert.doesNotMatch(fs.readFileSync(join(apiFolder, 'policy.xml'), 'utf8'), /itestpub/);
    } finally {
      await vscode.commands.executeCommand('apimWorkbench.selectEnvironment', { name: null });
      fs.rmSync(envFile, { force: true });
    }
  });

  test('a live policy is checked against its service: unknown named values are flagged, known ones offered', async () => {
    const apiNode = await path('Azure', 'Contoso Dev', 'apim-contoso', 'APIs', 'Inventory API');
    const policy = (await children(apiNode)).find((n) => label(n) === 'API policy')!;
    const command = api.explorer.getTreeItem(policy).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'apim');
    const at = doc.getText().indexOf('</inbound>');
    await editor.edit((b) => b.insert(doc.positionAt(at), '<set-header name="x-k" exists-action="override"><value>{{no-such-value}}</value></set-header>\n'));
    const flagged = await waitFor('a diagnostic for the unknown named value', () => vscode.languages.getDiagnostics(doc.uri).find((d) => /no-such-value/.test(d.message)), 15_000);
    assert.ok(flagged);
    const inside = doc.getText().indexOf('{{no-such-value}}') + 2;
    const list = (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(inside))) as vscode.CompletionList;
    assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'func-app-1-key'), 'the service\'s named values are offered');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Select Subscriptions limits the tree to the ones picked; Select Tenant starts over', async () => {
    const azureNode = (await children(undefined)).find((n) => label(n) === 'Azure')!;
    assert.deepEqual((await children(azureNode)).map(label), ['Contoso Dev', 'Fabrikam Prod']);
    await vscode.commands.executeCommand('apimWorkbench.selectSubscriptions', { ids: [SUB] });
    assert.deepEqual((await children(azureNode)).map(label), ['Contoso Dev']);
    await vscode.commands.executeCommand('apimWorkbench.selectTenant', { tenantId: '' });
    assert.deepEqual((await children(azureNode)).map(label), ['Contoso Dev', 'Fabrikam Prod']);
  });

  test('Sign Out stops using the account: the tree offers Sign In, which brings the subscriptions back', async () => {
    const azureNode = (await children(undefined)).find((n) => label(n) === 'Azure')!;
    await vscode.commands.executeCommand('apimWorkbench.signOut');
    const signedOut = await children(azureNode);
    assert.deepEqual(signedOut.map(label), ['Sign in to Azure…']);
    assert.equal(api.explorer.getTreeItem(signedOut[0]!).command?.command, 'apimWorkbench.signIn');
    await vscode.commands.executeCommand('apimWorkbench.signIn');
    assert.ok((await children(azureNode)).map(label).includes('Contoso Dev'));
  });

  test('an Azure failure shows as an error node; Retry loads it again', async () => {
    emulator.inject({ method: 'GET', path: /\/products$/, status: 500, times: 20 });
    const products = await path('Azure', 'Contoso Dev', 'apim-live', 'Products');
    const [err] = await children(products);
    assert.match(label(err!), /listing the products of apim-live failed: Azure answered 500/);
    assert.equal(api.explorer.getTreeItem(err!).command?.command, 'apimWorkbench.retry');
    emulator.clearFaults();
    assert.deepEqual((await children(products)).map(label), ['Gold']);
  });
});
