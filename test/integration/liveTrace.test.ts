// Trace Request (Live) in the real VS Code, against the ARM emulator's gateway seeded with the
// workspace's sample: from an operation of the live tree and from a .http request, the viewer
// showing the live trace with links into the workspace's policies (followed to the right line),
// Compare with Simulation agreeing and then marking a real divergence, Export as Test, Stop
// Tracing, and a canary subscription key that shows nowhere.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/vscode/tree/explorerTreeProvider';
import type { LiveTraceShown } from '../../src/vscode/azure/liveTracing';
import { ArmEmulator, serviceId } from '../emulator/armEmulator';
import { GatewayEmulator } from '../emulator/gatewayEmulator';
import { seedFromApiops } from '../emulator/seedFromApiops';
import { activateExtension, workspaceRoot } from './support';

// A subscription of its own: the account caches one ARM client per subscription.
const SUB = '6d0c4b1a-7e2f-4c3d-9a8b-1f2e3d4c5b6a';
const SVC = serviceId(SUB, 'rg-trace', 'apim-trace');
const KEY = 'canary-live-trace-key-8c2f5a';

suite('Trace Request (live), against the emulator\'s gateway', () => {
  const arm = new ArmEmulator();
  let gateway: GatewayEmulator;
  let api: Awaited<ReturnType<typeof activateExtension>>;
  let scratch: string;

  const label = (n: TreeNode): string => String(api.explorer.getTreeItem(n).label);
  const child = async (parent: TreeNode | undefined, test: (n: TreeNode) => boolean, what: string): Promise<TreeNode> => {
    const list = await api.explorer.getChildren(parent);
    const found = list.find(test);
    assert.ok(found, `${what} among ${list.map(label).join(', ')}`);
    return found;
  };
  const noCanary = (what: string, text: string): void => {
    assert.ok(!text.includes(KEY), `the subscription key shows in ${what}`);
    // And no debug token the gateway received.
    for (const token of gateway.received.map((r) => r.headers['apim-debug-authorization']).filter((t): t is string => !!t)) assert.ok(!text.includes(token) && !text.includes(encodeURIComponent(token)), `a debug token shows in ${what}`);
  };

  suiteSetup(async () => {
    const url = await arm.start();
    arm.subscriptions.push({ subscriptionId: SUB, displayName: 'Tracing Dev', tenantId: '72f988bf-0000-4000-8000-00000000c0de', state: 'Enabled' });
    await seedFromApiops(arm, SVC, workspaceRoot(), { 'func-app-1-key': 'trace-func-one-secret', 'func-app-2-key': 'trace-func-two-secret' });
    arm.put(`${SVC}/subscriptions/project-1-sub`, { displayName: 'Project 1', scope: `${SVC}/products/project-1`, state: 'active', primaryKey: KEY, secondaryKey: 'canary-live-trace-secondary-3d9e' });
    gateway = new GatewayEmulator(arm, SVC);
    await gateway.start();
    process.env['APIM_WORKBENCH_ARM_REDIRECT'] = url;
    api = await activateExtension();
    api.explorer.refreshAzure();
    scratch = fs.mkdtempSync(join(os.tmpdir(), 'apim-live-trace-'));
  });

  suiteTeardown(async () => {
    delete process.env['APIM_WORKBENCH_ARM_REDIRECT'];
    api.explorer.refreshAzure();
    await gateway.stop();
    await arm.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('from an operation of the live tree: the live trace, linked to the workspace policy, the link followed', async () => {
    const azure = await child(undefined, (n) => label(n) === 'Azure', 'Azure');
    const sub = await child(azure, (n) => label(n) === 'Tracing Dev', 'the subscription');
    const service = await child(sub, (n) => label(n) === 'apim-trace', 'the service');
    const apis = await child(service, (n) => label(n) === 'APIs', 'APIs');
    const orders = await child(apis, (n) => label(n) === 'Orders API', 'Orders API');
    const list = await child(orders, (n) => api.explorer.getTreeItem(n).description === 'GET /orders', 'the list-orders operation');
    assert.equal(api.explorer.getTreeItem(list).contextValue, 'apimWorkbench.liveOperation');
    const shown = (await vscode.commands.executeCommand('apimWorkbench.traceRequest', list, { requestLine: 'GET /orders/orders?top=5' })) as LiveTraceShown;
    const [request] = shown.trace;
    assert.equal(request?.status, 200, JSON.stringify(shown.outcomes.map((o) => o.error?.message)));
    assert.equal(request?.entries[0]?.source, 'api-inspector');
    const onShow = api.traceOnShow();
    assert.equal(onShow?.kind, 'live');
    assert.match(onShow?.title ?? '', /GET \/orders\/orders\?top=5 \(live\)/);
    // set-query-parameter comes from the operation policy of the workspace's folder.
    const step = request!.entries.find((e) => e.source === 'set-query-parameter');
    assert.ok(step?.file && step.line, 'the live step links to a policy file');
    assert.equal(step.fileLabel, 'apis/orders-api/operations/list-orders/policy.xml');
    assert.equal(step.linkGuessed, undefined, 'aligned with the simulated step: not a guess');
    await api.traceViewerMessage({ type: 'reveal', file: step.file, line: step.line });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, step.file);
    assert.match(editor!.document.lineAt(editor!.selection.active.line).text, /<set-query-parameter name="top"/);
    assert.equal(gateway.received.at(-1)?.headers['ocp-apim-subscription-key'], KEY, 'the key was found through the product');
    noCanary('the trace on show', JSON.stringify(onShow));
    noCanary('the log', api.log.recent().join('\n'));
  });

  test('from a .http request, then Compare with Simulation: agreement, then a real divergence marked', async () => {
    const file = join(scratch, 'orders.http');
    // Written against the service's gateway host: the service is found from it, no pick.
    fs.writeFileSync(file, '# @name list\nGET https://apim-trace.azure-api.net/orders/orders?top=3 HTTP/1.1\nx-correlation-id: live-1\n');
    const uri = vscode.Uri.file(file);
    const shown = (await vscode.commands.executeCommand('apimWorkbench.traceRequest', uri, { only: 0 })) as LiveTraceShown;
    assert.equal(shown.trace[0]?.status, 200);
    assert.equal(shown.trace[0]?.name, 'list');
    const same = (await vscode.commands.executeCommand('apimWorkbench.compareWithSimulation')) as LiveTraceShown;
    assert.equal(api.traceOnShow()?.kind, 'comparison');
    assert.equal(same.trace[0]?.comparison?.first, undefined, JSON.stringify(same.trace[0]?.comparison));
    // The live gateway now runs the operation without its policy: the comparison must say so.
    gateway.options.diverge = { config: (c) => ({ ...c, apis: c.apis.map((a) => (a.id === 'orders-api' ? { ...a, operations: a.operations.map((o) => ({ ...o, policy: undefined })) } : a)) }) };
    try {
      await vscode.commands.executeCommand('apimWorkbench.traceRequest', uri, { only: 0, service: SVC });
      const differs = (await vscode.commands.executeCommand('apimWorkbench.compareWithSimulation')) as LiveTraceShown;
      const c = differs.trace[0]?.comparison;
      assert.ok(c?.first, 'a first difference');
      assert.equal(c.first.what, 'set-query-parameter ran in the simulator only');
      const row = c.rows[c.first.row as number];
      assert.equal(row?.fileLabel, 'apis/orders-api/operations/list-orders/policy.xml');
      // Export as Test keeps the pair, with a made-up key.
      const exported = join(scratch, 'live.apimtest.yaml');
      assert.equal(await vscode.commands.executeCommand('apimWorkbench.exportTraceAsTest', { file: exported }), exported);
      const yaml = fs.readFileSync(exported, 'utf8');
      assert.match(yaml, /config: .*contoso|config: /);
      assert.match(yaml, /regression-test-key/);
      noCanary('the exported test', yaml);
      noCanary('the comparison on show', JSON.stringify(api.traceOnShow()));
    } finally {
      gateway.options.diverge = undefined;
    }
  });

  test('with the live policies instead of a folder: entries link to apim: documents, the link opens the live policy at its line, Compare uses them', async () => {
    const file = join(scratch, 'orders-live.http');
    fs.writeFileSync(file, '# @name list\nGET https://apim-trace.azure-api.net/orders/orders?top=4 HTTP/1.1\n');
    const shown = (await vscode.commands.executeCommand('apimWorkbench.traceRequest', vscode.Uri.file(file), { only: 0, policies: 'live' })) as LiveTraceShown;
    const [request] = shown.trace;
    assert.equal(request?.status, 200, JSON.stringify(shown.outcomes.map((o) => o.error?.message)));
    const step = request!.entries.find((e) => e.source === 'set-query-parameter');
    assert.ok(step, 'a set-query-parameter step');
    assert.ok(step.file?.startsWith(`apim:/${SUB}/rg-trace/apim-trace/`) && step.line, `linked to the live document: ${step.file}`);
    assert.equal(step.fileLabel, 'apis/orders-api/operations/list-orders/policy.xml (live, apim-trace)');
    assert.match(api.traceOnShow()?.notices?.join('\n') ?? '', /link to the live policies of apim-trace/);
    await api.traceViewerMessage({ type: 'reveal', file: step.file!, line: step.line! });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'apim');
    assert.match(editor!.document.lineAt(editor!.selection.active.line).text, /<set-query-parameter name="top"/);
    const compared = (await vscode.commands.executeCommand('apimWorkbench.compareWithSimulation')) as LiveTraceShown;
    assert.equal(api.traceOnShow()?.kind, 'comparison');
    assert.match(api.traceOnShow()?.subtitle ?? '', /against its live policies/);
    assert.equal(compared.trace[0]?.comparison?.first, undefined, JSON.stringify(compared.trace[0]?.comparison?.first));
    // Export as Test writes a test over a folder: said clearly, nothing written.
    assert.equal(await vscode.commands.executeCommand('apimWorkbench.exportTraceAsTest', { file: join(scratch, 'x.apimtest.yaml') }), undefined);
    assert.match(api.log.recent().join('\n'), /Export as Test writes a test that runs the simulator over a local APIOps folder/);
    assert.ok(!fs.existsSync(join(scratch, 'x.apimtest.yaml')));
    noCanary('the trace on show', JSON.stringify(api.traceOnShow()));
  });

  test('Stop Tracing revokes the debug tokens on the gateway', async () => {
    const revoked = (await vscode.commands.executeCommand('apimWorkbench.stopTracing')) as string[];
    assert.deepEqual(revoked, ['apim-trace/managed']);
    assert.ok(arm.requests.some((r) => /gateways\/managed\/invalidateDebugCredentials$/i.test(r.path) && r.status === 204));
    noCanary('the log', api.log.recent().join('\n'));
  });
});
