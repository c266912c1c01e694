// The MCP server's live tools, offered only when the server has Azure credentials: the CLI's
// `--subscription` (environment credentials, then the Azure CLI, as publish signs in), or, in VS
// Code, the signed-in account through the extension's token broker (tokenBroker.ts), so no
// credential is in the server's environment or arguments. Nothing here writes to Azure;
// trace_request sends a request through the live gateway and says so in its annotations, so
// clients ask before calling it.

import type { ApiManagementClient } from '@azure/arm-apimanagement';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { PROCESS_SECRETS, SecretSet } from '../common/secrets';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import { LiveService } from '../azure/liveService';
import { serviceRef, type PolicyScopeRef } from '../azure/scopes';
import { DebugTokens } from '../tracing/liveTrace';
import { liveComparison } from '../tracing/liveGatewayConfig';
import { outcomeJson, traceRequests, type LiveTraceOutcome } from '../tracing/liveTraceSession';
import type { ToolResults } from './mcpServer';
import { serviceOf, ToolError, type McpRoot } from './mcpTools';

export interface LiveAccess {
  /** The subscriptions the server may look in. */
  subscriptions(): Promise<readonly string[]>;
  /** An ARM client for one of them (every call with a timeout, as everywhere). */
  client(subscriptionId: string): ApiManagementClient;
}

const serviceArgs = {
  subscription: z.string().optional().describe('The subscription id (default: the only one the server was given).'),
  resourceGroup: z.string().min(1),
  service: z.string().min(1).describe('The API Management service name.'),
};

export class LiveTools {
  constructor(
    private readonly access: LiveAccess,
    private readonly root: McpRoot,
  ) {}

  private async subscription(given: string | undefined): Promise<string> {
    const all = await this.access.subscriptions();
    if (given) {
      if (!all.some((s) => s.toLowerCase() === given.toLowerCase())) throw new ToolError(`Subscription ${given} is not one this server may use (${all.join(', ') || 'none'}).`, 'notFound');
      return given;
    }
    if (all.length !== 1) throw new ToolError(`Say which subscription ("subscription"): ${all.join(', ') || 'none is available'}.`);
    return all[0]!;
  }

  register(server: McpServer, results: ToolResults): void {
    const { ok, run } = results;
    server.registerTool(
      'list_live_services',
      { title: 'List live API Management services', description: 'The API Management services of the subscriptions this server may use (reads Azure).', inputSchema: { subscription: serviceArgs.subscription }, annotations: { readOnlyHint: true, openWorldHint: true } },
      (a) =>
        run(async () => {
          const subs = a.subscription ? [await this.subscription(a.subscription)] : await this.access.subscriptions();
          const services = [];
          for (const s of subs) services.push(...(await LiveService.listServices(this.access.client(s), s)).map((x) => ({ subscriptionId: x.subscriptionId, resourceGroup: x.resourceGroup, name: x.name, ...(x.location ? { location: x.location } : {}), ...(x.sku ? { sku: x.sku } : {}) })));
          return ok(`${services.length} service${services.length === 1 ? '' : 's'}: ${services.map((s) => `${s.name} (${s.resourceGroup})`).join(', ')}`, { services });
        }),
    );

    server.registerTool(
      'get_live_policy',
      {
        title: 'Read a live policy',
        description: 'The policy XML of a scope of a live service, as Azure has it now (reads Azure).',
        inputSchema: { ...serviceArgs, scope: z.enum(['global', 'product', 'api', 'operation', 'fragment']), product: z.string().optional(), api: z.string().optional(), operation: z.string().optional(), fragment: z.string().optional(), workspace: z.string().optional() },
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      (a) =>
        run(async () => {
          const sub = await this.subscription(a.subscription);
          const need = (v: string | undefined, what: string): string => {
            if (!v) throw new ToolError(`The ${a.scope} scope needs "${what}".`);
            return v;
          };
          const ws = a.workspace;
          const scope: PolicyScopeRef =
            a.scope === 'global'
              ? { kind: 'global' }
              : a.scope === 'product'
                ? { kind: 'product', productId: need(a.product, 'product') }
                : a.scope === 'api'
                  ? ws ? { kind: 'workspaceApi', workspaceId: ws, apiId: need(a.api, 'api') } : { kind: 'api', apiId: need(a.api, 'api') }
                  : a.scope === 'operation'
                    ? ws ? { kind: 'workspaceOperation', workspaceId: ws, apiId: need(a.api, 'api'), operationId: need(a.operation, 'operation') } : { kind: 'operation', apiId: need(a.api, 'api'), operationId: need(a.operation, 'operation') }
                    : ws ? { kind: 'workspaceFragment', workspaceId: ws, fragmentId: need(a.fragment, 'fragment') } : { kind: 'fragment', fragmentId: need(a.fragment, 'fragment') };
          const live = new LiveService(this.access.client(sub), serviceRef(sub, a.resourceGroup, a.service));
          const p = await live.getPolicy(scope);
          return ok(p.etag === undefined ? 'This scope has no policy yet.' : p.text, { scope: a.scope, exists: p.etag !== undefined, text: p.text });
        }),
    );

    server.registerTool(
      'trace_request',
      {
        title: 'Send a traced request through the live gateway',
        description:
          "SENDS A REAL REQUEST through a live API Management gateway with a debug token (listDebugCredentials; needs Contributor on the service), and returns the response and the gateway's trace; compareWith (a service folder under the root) or compareWithLive (the service's live policies) also runs it through the simulator and marks the first step where they differ. The subscription key is found through the API's products unless \"key\" gives one.",
        inputSchema: {
          ...serviceArgs,
          method: z.string().min(1),
          url: z.string().min(1).describe("The gateway URL, or a path on the service's gateway."),
          headers: z.record(z.string()).optional(),
          body: z.string().optional(),
          gateway: z.string().optional().describe('managed (default) or a self-hosted gateway id (then gatewayUrl).'),
          gatewayUrl: z.string().optional(),
          key: z.string().optional().describe('A subscription key to send (kept secret).'),
          compareWith: z.string().optional().describe('A service folder under the root to simulate the same request over.'),
          compareWithLive: z.boolean().optional().describe("Simulate the same request over the service's live policies instead (they are read, secrets not revealed)."),
        },
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      (a) =>
        run(async () => {
          const sub = await this.subscription(a.subscription);
          const client = this.access.client(sub);
          const secrets = new SecretSet(PROCESS_SECRETS);
          if (a.key) secrets.add(a.key);
          if (a.compareWith !== undefined && a.compareWithLive) throw new ToolError('Give compareWith (a folder) or compareWithLive, not both.');
          const notes: string[] = [];
          const compareWith = a.compareWithLive
            ? liveComparison(new LiveService(client, serviceRef(sub, a.resourceGroup, a.service)), new Map(), (api, e) => notes.push(`the live policies of ${api} could not be read for the comparison: ${e instanceof Error ? e.message : String(e)}`))
            : a.compareWith !== undefined
              ? await gatewayFromApiops(await serviceOf(this.root, a.compareWith), this.root.fs)
              : undefined;
          const service = serviceRef(sub, a.resourceGroup, a.service);
          const outcomes: LiveTraceOutcome[] = [];
          await traceRequests(
            { client, service, tokens: new DebugTokens(client, service, secrets), gatewayId: a.gateway ?? 'managed', ...(a.gatewayUrl ? { gatewayUrl: a.gatewayUrl } : {}), ...(a.key ? { key: a.key } : {}), secrets, ...(compareWith ? { compareWith } : {}) },
            [{ name: `${a.method} ${a.url}`, line: 1, method: a.method.toUpperCase(), url: a.url, headers: Object.entries(a.headers ?? {}), body: a.body ?? null }],
            (o) => {
              outcomes.push(o);
            },
          );
          const o = outcomes[0];
          if (!o) throw new ToolError('The request was not sent.', 'failed');
          if (o.error) throw new ToolError(secrets.maskText(`${o.error.failure}: ${o.error.message}`), 'failed');
          const json = secrets.mask({ ...(outcomeJson(o) as object), ...(notes.length ? { notes } : {}) }) as { response?: { status: number } };
          return ok(`${json.response?.status ?? '?'} from the live gateway; trace ${o.result?.traceId ?? '(none)'}${o.comparison ? `; ${o.comparison.first === undefined ? 'the simulator agrees' : `the simulator differs first at ${o.comparison.first.step === 'response' ? 'the response' : `step ${o.comparison.first.step + 1}`}: ${o.comparison.first.what}`}` : ''}`, json);
        }),
    );
  }
}
