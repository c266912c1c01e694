// The MCP server in the real VS Code: the extension contributes its provider and registers it with
// this VS Code's MCP API; the definition it gives for the workspace runs the bundled CLI's server,
// which lists its tools and reads the sample; resolved while signed in (here: the ARM emulator),
// the server gets the token broker and with it the live tools, signing its Azure calls with the
// account's token and holding none itself.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ArmEmulator, serviceId } from '../emulator/armEmulator';
import { seedFromApiops } from '../emulator/seedFromApiops';
import { activateExtension, EXTENSION_ID, workspaceRoot } from './support';

const SUB = '9b1e2c3d-4f5a-4b6c-8d7e-0a1b2c3d4e5f';
const SVC = serviceId(SUB, 'rg-mcp', 'apim-mcp');

suite('MCP server for agent mode', () => {
  const arm = new ArmEmulator();
  let client: Client | undefined;

  suiteSetup(async () => {
    const url = await arm.start();
    arm.subscriptions.push({ subscriptionId: SUB, displayName: 'MCP Dev', tenantId: '72f988bf-0000-4000-8000-00000000c0de', state: 'Enabled' });
    await seedFromApiops(arm, SVC, workspaceRoot(), {});
    process.env['APIM_WORKBENCH_ARM_REDIRECT'] = url;
  });
  suiteTeardown(async () => {
    await client?.close();
    delete process.env['APIM_WORKBENCH_ARM_REDIRECT'];
    await arm.stop();
  });

  test('the provider is contributed and registered; its definition runs the server, which lists its tools and reads the workspace', async () => {
    const api = await activateExtension();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { mcpServerDefinitionProviders: { id: string }[] } };
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id), ['apimWorkbench.mcp']);
    assert.equal(typeof vscode.lm.registerMcpServerDefinitionProvider, 'function', 'this VS Code has the MCP API the provider is registered with');

    const definitions = await api.mcp.provideMcpServerDefinitions();
    assert.equal(definitions.length, 1);
    const def = await api.mcp.resolveMcpServerDefinition(definitions[0]!);
    assert.equal(def.label, 'APIM Workbench');
    assert.deepEqual(def.args.slice(1), ['mcp', workspaceRoot()]);
    assert.match(def.args[0]!, /dist[\\/]cli\.js$/);
    const broker = def.env['APIM_WB_TOKEN_BROKER'];
    assert.ok(typeof broker === 'string' && broker.length > 0, 'signed in: the token broker is passed');
    assert.ok(!JSON.stringify([def.args, def.env]).includes('apim-workbench-test-token'), 'no token in the arguments or environment');

    const env = { ...(process.env as Record<string, string>) };
    for (const [k, v] of Object.entries(def.env)) if (v !== null) env[k] = String(v);
    client = new Client({ name: 'integration-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: def.command, args: def.args, env, stderr: 'pipe' }));
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['evaluate_expression', 'get_effective_policy', 'get_live_policy', 'get_policy', 'lint_policy', 'list_live_services', 'list_services', 'policy_reference', 'run_policy_tests', 'simulate_request', 'trace_request', 'write_policy_test']);
    const services = (await client.callTool({ name: 'list_services', arguments: {} })) as unknown as { structuredContent: { services: { name: string; apis: unknown[] }[] } };
    assert.equal(services.structuredContent.services[0]?.apis.length, 10);
    const before = arm.requests.length;
    const live = (await client.callTool({ name: 'list_live_services', arguments: { subscription: SUB } })) as unknown as { isError?: boolean; content: { text: string }[]; structuredContent: { services: { name: string }[] } };
    assert.ok(!live.isError, live.content[0]?.text);
    assert.deepEqual(live.structuredContent.services.map((s) => s.name), ['apim-mcp']);
    assert.equal(arm.requests.slice(before).at(-1)?.authorization, 'Bearer apim-workbench-test-token', "the call was signed with the extension's account token");
  });
});
