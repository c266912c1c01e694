// `apim-workbench mcp [folder]`: the MCP server over stdio, rooted at a folder. With
// --subscription (repeatable) it also offers the live tools, signed in as `publish` signs in; in VS
// Code the extension passes its token broker instead (APIM_WB_TOKEN_BROKER), so the signed-in
// account is used without a credential in this process's environment or arguments. stdout is the
// protocol's: nothing else is written there.

import * as path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createApimClient } from '../azure/apimClient';
import { LiveTools, type LiveAccess } from '../mcp/liveTools';
import { createMcpServer } from '../mcp/mcpServer';
import { openRoot } from '../mcp/mcpTools';
import { testRedirect } from '../azure/testRedirect';
import { BrokerCredential, brokerSubscriptions, TOKEN_BROKER_ENV } from '../mcp/tokenBroker';
import { CliError, EXIT, parseOptions } from './cliSupport';
import type { Command } from './command';
import { cliCredential } from './publishCommand';

const OPTIONS = {
  subscription: { type: 'string', multiple: true },
  timeout: { type: 'string', minInteger: 1 },
} as const;

export const mcpCommand: Command = {
  name: 'mcp',
  usage: 'mcp [folder] [--subscription <id>]... [--timeout SECONDS]',
  summary:
    'Serve the MCP (Model Context Protocol) tools over stdio for coding agents, rooted at a folder (default: the current one): list_services, get_policy, get_effective_policy, lint_policy, policy_reference, evaluate_expression, simulate_request, run_policy_tests, write_policy_test. With --subscription also list_live_services, get_live_policy and trace_request (signs in with environment credentials, then the Azure CLI). Nothing is written to Azure; secret values never leave the server.',
  async run(args, io) {
    const { values, positionals } = parseOptions('mcp', args, OPTIONS);
    const folder = path.resolve(positionals[0] ?? '.');
    const root = await openRoot(folder).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e));
    });
    const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : undefined;
    let access: LiveAccess | undefined;
    const broker = process.env[TOKEN_BROKER_ENV];
    if (values.subscription?.length) {
      const { credential, redirect } = cliCredential();
      const subscriptions = [...values.subscription];
      access = { subscriptions: async () => subscriptions, client: (s) => createApimClient(credential, s, { ...(redirect ? { redirectTo: redirect, retryDelayMs: 10, maxRetries: 1 } : {}), ...(timeoutMs ? { timeoutMs } : {}) }) };
    } else if (broker) {
      // VS Code's signed-in account, through the extension (tokenBroker.ts).
      const redirect = testRedirect();
      // A credential per subscription: the extension answers with a token of that subscription's tenant.
      access = { subscriptions: () => brokerSubscriptions(broker), client: (s) => createApimClient(new BrokerCredential(broker, s), s, { ...(redirect ? { redirectTo: redirect, retryDelayMs: 10, maxRetries: 1 } : {}), ...(timeoutMs ? { timeoutMs } : {}) }) };
    }
    const { server } = await createMcpServer(root.root, access ? { live: new LiveTools(access, root) } : {});
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.on('end', () => resolve());
    });
    await server.connect(transport);
    io.err(`apim-workbench MCP server on stdio, rooted at ${root.root}${access ? ' (live tools on)' : ''}`);
    await closed;
    await server.close().catch(() => undefined);
    return EXIT.ok;
  },
};
