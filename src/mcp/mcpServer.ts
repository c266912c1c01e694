// The MCP server (Model Context Protocol, the official SDK): the workspace, the checker, the
// simulator and policy tests as tools for coding agents, rooted at one folder. `apim-workbench mcp`
// runs it over stdio; the extension registers that same command with VS Code. Every result and
// every error goes through the one masking function, so a secret never leaves the server; a
// failing tool answers with a structured error (isError, a code and a clear message), never a
// stack trace.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import packageJson from '../../package.json';
import { PROCESS_SECRETS } from '../common/secrets';
import type { LiveTools } from './liveTools';
import { evaluate, getEffectivePolicy, getPolicy, learnAllSecrets, lintPolicy, listServices, openRoot, policyReference, runPolicyTests, simulateRequest, ToolError, writePolicyTest, type McpRoot } from './mcpTools';

export const MCP_SERVER_NAME = 'apim-workbench';

/** The text beside a structured result: a line that says what it is, and the result itself when it is small. */
const TEXT_LIMIT = 16_000;

function ok(summary: string, result: unknown): CallToolResult {
  const masked = PROCESS_SECRETS.mask(result) as Record<string, unknown>;
  const json = JSON.stringify(masked, null, 1);
  const text = PROCESS_SECRETS.maskText(json.length + summary.length <= TEXT_LIMIT ? `${summary}\n${json}` : `${summary}\n(the full result is in structuredContent)`);
  return { content: [{ type: 'text', text }], structuredContent: masked };
}

function failed(e: unknown): CallToolResult {
  const code = e instanceof ToolError ? e.code : 'failed';
  // A message, never a stack; a secret in it is masked like everything else.
  const message = PROCESS_SECRETS.maskText(e instanceof Error ? e.message : String(e));
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}` }], structuredContent: { error: { code, message } } };
}

/** Runs a tool once the secrets under the root are known (see learnAllSecrets). */
function runner(learnt: Promise<void>): (task: () => Promise<CallToolResult>) => Promise<CallToolResult> {
  return async (task) => {
    try {
      await learnt;
      return await task();
    } catch (e) {
      return failed(e);
    }
  };
}

const service = z.string().optional().describe('The service: its folder relative to the root, or its folder name. Optional when the root holds one service.');
const environment = z.string().optional().describe('Apply configuration.<environment>.yaml overrides (named values, backends, policies).');
const scope = z.enum(['global', 'workspace', 'product', 'api', 'operation', 'fragment']);
const canned = z
  .object({
    match: z.string().optional().describe('A URL prefix: the answer is for calls whose URL starts with it (default: every call).'),
    status: z.number().int().min(100).max(599).optional(),
    headers: z.record(z.string()).optional(),
    body: z.string().optional(),
    delayMs: z.number().int().min(0).optional(),
    fault: z.enum(['timeout', 'connection']).optional(),
  })
  .describe("A canned backend answer, taken in order among those that match a call's URL; the last one repeats.");
const request = {
  service,
  environment,
  method: z.string().min(1).describe('GET, POST, …'),
  url: z.string().min(1).describe('A path on the gateway (/orders/42?x=1) or an absolute gateway URL.'),
  headers: z.record(z.string()).optional(),
  body: z.string().optional(),
  responses: z.array(canned).optional().describe('What the backend answers; without them every backend call gets 200 OK with no body.'),
  subscriptions: z.array(z.object({ key: z.string().min(1), product: z.string().optional() })).optional().describe('Subscription keys the simulated gateway accepts (send one in Ocp-Apim-Subscription-Key).'),
  namedValues: z.record(z.string()).optional().describe('Values for named values (treated as secrets).'),
  now: z.string().optional().describe('ISO 8601 time of the simulated clock.'),
};

export interface McpServerOptions {
  /** Tools that reach Azure, when the server has credentials (apim-workbench mcp --subscription). */
  readonly live?: LiveTools;
}

export async function createMcpServer(folder: string, options: McpServerOptions = {}): Promise<{ server: McpServer; root: McpRoot }> {
  const root = await openRoot(folder);
  const run = runner(learnAllSecrets(root));
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: packageJson.version },
    {
      instructions:
        'Azure API Management policies, offline, over the APIOps folders under ' +
        root.root +
        ': list_services first; get_policy / get_effective_policy to read; lint_policy to check XML before writing it; policy_reference for a policy or an expression type; evaluate_expression for C# policy expressions; simulate_request to run a request through the simulated gateway with canned backend answers; write_policy_test then run_policy_tests to prove a change. Paths are relative to the root. Secret values are never returned.',
    },
  );

  server.registerTool(
    'list_services',
    {
      title: 'List APIOps services',
      description: 'The APIOps services under the root with their APIs and operations, products, backends, named values (names and kinds, never secret values), fragments and workspaces. A large estate comes in pages of APIs (apiOffset, apiLimit; filter narrows by name or path; operations: false leaves them out).',
      inputSchema: { environment, filter: z.string().optional(), apiOffset: z.number().int().min(0).optional(), apiLimit: z.number().int().min(1).max(2000).optional(), operations: z.boolean().optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = (await listServices(root, a)) as { services: { service: string; apis: unknown[]; apiCount: number }[] };
        return ok(`${r.services.length} service${r.services.length === 1 ? '' : 's'}: ${r.services.map((s) => `${s.service} (${s.apis.length < s.apiCount ? `${s.apis.length} of ${s.apiCount}` : s.apiCount} APIs)`).join(', ')}`, r);
      }),
  );

  const scopeArgs = {
    service,
    environment,
    scope: scope.describe('Which policy: the global one, a workspace, product, API or operation policy, or a fragment.'),
    workspace: z.string().optional().describe('The workspace (for workspace resources).'),
    product: z.string().optional(),
    api: z.string().optional().describe('The API name (folder name, e.g. orders-api).'),
    operation: z.string().optional().describe('The operation name (e.g. get-order).'),
    fragment: z.string().optional(),
  };
  server.registerTool(
    'get_policy',
    { title: 'Read a policy', description: 'The policy XML of a scope and the file it is in (relative to the root).', inputSchema: scopeArgs, annotations: { readOnlyHint: true, openWorldHint: false } },
    (a) =>
      run(async () => {
        const r = (await getPolicy(root, a)) as { exists: boolean; file?: string; text?: string; message?: string };
        return ok(r.exists ? `${r.file}:\n${r.text}` : (r.message ?? ''), r);
      }),
  );

  server.registerTool(
    'get_effective_policy',
    {
      title: 'Effective policy of an operation',
      description: "The global, product, API and operation policies composed (<base /> spliced, fragments expanded) as the gateway runs them for an operation, with each line's provenance (scope, file, line).",
      inputSchema: { service, environment, api: z.string().min(1), operation: z.string().min(1).optional().describe('Without it: the API as an operation without a policy of its own meets it.'), product: z.string().optional().describe('The product the request comes through (its policy is included).') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = (await getEffectivePolicy(root, a)) as { text: string };
        return ok(r.text, r);
      }),
  );

  server.registerTool(
    'lint_policy',
    {
      title: 'Check a policy',
      description: 'Diagnostics (errors, warnings, with line and column) for a policy file under the root, or for policy XML given as text, checked as if it were at "scope" with the service\'s named values, backends and fragments.',
      inputSchema: { file: z.string().optional().describe('A policy file, relative to the root.'), text: z.string().optional().describe('Policy XML (<policies> or <fragment>).'), scope: z.enum(['global', 'workspace', 'product', 'api', 'operation', 'resolver', 'fragment']).optional(), service, environment },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = await lintPolicy(root, a);
        return ok(`${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}${r.diagnostics.length ? `:\n${r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`).join('\n')}` : ''}`, r);
      }),
  );

  server.registerTool(
    'policy_reference',
    {
      title: 'Policy and expression reference',
      description: "A policy's reference entry (sections, scopes, attributes with types, defaults and whether expressions are allowed, child elements, the Microsoft Learn link); the members of a .NET type policy expressions can use; or the policies allowed in a section and scope.",
      inputSchema: { policy: z.string().optional().describe('A policy element name: set-header, validate-jwt, …'), type: z.string().optional().describe('A type: string, JObject, context.Request is IRequest, …'), section: z.enum(['inbound', 'backend', 'outbound', 'on-error']).optional(), scope: z.enum(['global', 'workspace', 'product', 'api', 'operation', 'resolver', 'fragment']).optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = policyReference(a) as { policies?: { name: string; docs?: string }[]; type?: { fullName: string; members: unknown[] } };
        return ok(r.type ? `${r.type.fullName}: ${r.type.members.length} members` : `${r.policies?.length ?? 0} polic${r.policies?.length === 1 ? 'y' : 'ies'}: ${(r.policies ?? []).map((p) => p.name).join(', ')}`, r);
      }),
  );

  server.registerTool(
    'evaluate_expression',
    {
      title: 'Evaluate a policy expression',
      description: 'Evaluates a C# policy expression (@(…), @{…} or a bare expression) with the gateway\'s rules and an optional context ({ request: { method, url, headers, body }, variables, … }); returns the value and its .NET type, or the error with its line and column. Runaway code stops at a step budget.',
      inputSchema: { expression: z.string().min(1), context: z.record(z.unknown()).optional(), now: z.string().optional(), namedValues: z.record(z.string()).optional(), maxSteps: z.number().int().min(1).max(10_000_000).optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = await evaluate(a);
        return ok(r.ok ? `${r.text} (${r.type})` : `${r.error.type}${r.error.line !== undefined ? ` at ${r.error.line}:${r.error.column}` : ''}: ${r.error.message}`, r);
      }),
  );

  server.registerTool(
    'simulate_request',
    {
      title: 'Simulate a request',
      description: "Runs a request through the simulated gateway (global → workspace → product → API → operation policies) with canned backend answers; returns the response and the trace: each step with its policy file and line and what it changed. Long traces come in pages (traceOffset, traceLimit); long bodies are cut at maxBodyChars.",
      inputSchema: { ...request, traceOffset: z.number().int().min(0).optional(), traceLimit: z.number().int().min(1).max(500).optional(), maxBodyChars: z.number().int().min(0).optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = (await simulateRequest(root, a)) as { response: { status: number; reason: string }; trace: { total: number; more?: string }; route?: { apiName: string; operationName: string } };
        return ok(`${r.response.status} ${r.response.reason}${r.route ? ` from ${r.route.apiName} › ${r.route.operationName}` : ''}; ${r.trace.total} trace entries${r.trace.more ? ` (${r.trace.more})` : ''}`, r);
      }),
  );

  server.registerTool(
    'run_policy_tests',
    {
      title: 'Run policy tests',
      description: 'Runs policy test files (*.apimtest.yaml; folders are searched) in the simulator; returns each step, passed or failed, with every expectation that differed and why.',
      inputSchema: { paths: z.array(z.string()).optional().describe('Files or folders relative to the root (default: the root).'), environment },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = (await runPolicyTests(root, a)) as { passed: number; failed: number };
        return ok(`${r.passed} passed, ${r.failed} failed`, r);
      }),
  );

  server.registerTool(
    'write_policy_test',
    {
      title: 'Write a policy test',
      description: 'Simulates a request (as simulate_request does) and returns a *.apimtest.yaml test file whose step sends it with the same canned backend answers and expects the response the simulator gave. The text is returned, not written: the agent decides where it goes (testFile sets the relative config: path).',
      inputSchema: { ...request, name: z.string().optional().describe("The test's name."), testFile: z.string().optional().describe('Where the file will be written, relative to the root (default: <service>/scenarios/new.apimtest.yaml).') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      run(async () => {
        const r = (await writePolicyTest(root, a)) as { yaml: string };
        return ok(r.yaml, r);
      }),
  );

  options.live?.register(server, { ok, run });
  return { server, root };
}

/** What live tools use to answer like the others. */
export interface ToolResults {
  readonly ok: (summary: string, result: unknown) => CallToolResult;
  readonly run: (task: () => Promise<CallToolResult>) => Promise<CallToolResult>;
}
