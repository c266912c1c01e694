// `apim-workbench mcp` over stdio, driven by the MCP SDK's own client, on a copy of the sample with
// a canary secret value: every tool called and its result checked against what the CLI gives for
// the same input; bad input (a path outside the root or through a link that leads out, malformed
// policy text, an unknown API, an endless loop) answered with a structured error or a diagnostic,
// never a stack trace; the canary in no result, in any encoding.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { main } from '../../../src/cli/main';
import { SecretSet } from '../../../src/common/secrets';
import { repoRoot, sampleRoot } from '../helpers';

const CANARY = 'canary-mcp-secret-7f3a91';
const CLI = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface ToolAnswer {
  readonly isError?: boolean;
  readonly content: readonly { type: string; text?: string }[];
  readonly structuredContent?: Record<string, unknown>;
}

describe('apim-workbench mcp (stdio, the SDK client)', () => {
  let dir: string;
  let root: string;
  let client: Client;
  const answers: ToolAnswer[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> => {
    const r = (await client.callTool({ name, arguments: args })) as ToolAnswer;
    answers.push(r);
    return r;
  };
  const result = async <T = Record<string, unknown>>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    const r = await call(name, args);
    assert.ok(!r.isError, `${name} failed: ${r.content[0]?.text}`);
    assert.ok(r.structuredContent, `${name} returns structured content`);
    assert.ok(r.content[0]?.text, `${name} has a text form`);
    return r.structuredContent as T;
  };
  const failure = async (name: string, args: Record<string, unknown>): Promise<{ code: string; message: string }> => {
    const r = await call(name, args);
    assert.equal(r.isError, true, `${name} should fail: ${r.content[0]?.text}`);
    const error = (r.structuredContent as { error?: { code: string; message: string } } | undefined)?.error;
    assert.ok(error, 'a structured error');
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
    return error;
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'apim-mcp-'));
    root = path.join(dir, 'contoso');
    cpSync(sampleRoot, root, { recursive: true });
    writeFileSync(path.join(root, 'named-values.local.json'), JSON.stringify({ 'func-app-1-key': CANARY }));
    writeFileSync(path.join(dir, 'outside.xml'), '<policies><inbound /></policies>');
    symlinkSync(path.join(dir, 'outside.xml'), path.join(root, 'link-out.xml'));
    client = new Client({ name: 'apim-workbench-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', root], stderr: 'pipe', env: { ...process.env, APIM_WORKBENCH_ARM_REDIRECT: '' } as Record<string, string> }));
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists the offline tools, each with an input schema (no live tools without credentials)', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['evaluate_expression', 'get_effective_policy', 'get_policy', 'lint_policy', 'list_services', 'policy_reference', 'run_policy_tests', 'simulate_request', 'write_policy_test']);
    for (const t of tools) {
      assert.equal(t.inputSchema.type, 'object');
      assert.ok(t.description && t.description.length > 40, t.name);
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
    }
  });

  test('list_services: the service as tree --json has it, named values by name and kind only', async () => {
    const r = await result<{ services: { service: string; layout: string; apis: { name: string; operations: { name: string; method: string }[] }[]; products: { name: string; apis: string[] }[]; namedValues: { name: string; kind: string }[]; fragments: { name: string }[]; backends: { name: string }[] }[] }>('list_services');
    const tree = JSON.parse((await cli(['tree', root, '--json'])).out) as { apis: { name: string; isCurrent: boolean; operations: { name: string; method: string }[] }[]; products: { name: string; apis: string[] }[]; namedValues: { name: string; secret: boolean }[]; fragments: { name: string }[]; backends: { name: string }[] }[];
    assert.equal(r.services.length, 1);
    const [s, t] = [r.services[0]!, tree[0]!];
    assert.equal(s.service, '.');
    assert.equal(s.layout, 'v7');
    assert.deepEqual(s.apis.map((a) => [a.name, a.operations.map((o) => `${o.method} ${o.name}`)]), t.apis.filter((a) => a.isCurrent).map((a) => [a.name, a.operations.map((o) => `${o.method} ${o.name}`)]));
    assert.deepEqual(s.products.map((p) => [p.name, p.apis]), t.products.map((p) => [p.name, p.apis]));
    assert.deepEqual(s.namedValues.map((n) => n.name), t.namedValues.map((n) => n.name));
    assert.equal(s.namedValues.find((n) => n.name === 'func-app-1-key')?.kind, 'secret');
    assert.deepEqual(s.fragments.map((f) => f.name), t.fragments.map((f) => f.name));
    assert.deepEqual(s.backends.map((b) => b.name), t.backends.map((b) => b.name));
    // A large estate's overview: pages of APIs, a filter, operations left out.
    const page = await result<{ services: { apiCount: number; apis: { name: string; operationCount?: number; operations?: unknown[] }[]; moreApis?: string }[] }>('list_services', { apiLimit: 3, operations: false });
    assert.deepEqual([page.services[0]!.apiCount, page.services[0]!.apis.length], [10, 3]);
    assert.match(page.services[0]!.moreApis ?? '', /7 more APIs: call again with apiOffset 3/);
    assert.equal(page.services[0]!.apis[0]!.operations, undefined);
    assert.equal(typeof page.services[0]!.apis[0]!.operationCount, 'number');
    const next = await result<{ services: { apis: { name: string }[] }[] }>('list_services', { apiOffset: 3, apiLimit: 3 });
    assert.deepEqual(next.services[0]!.apis.map((x) => x.name), s.apis.slice(3, 6).map((x) => x.name));
    const filtered = await result<{ services: { apiCount: number; apis: { name: string }[] }[] }>('list_services', { filter: 'ORDERS' });
    assert.deepEqual(filtered.services[0]!.apis.map((x) => x.name), ['orders-api']);
  });

  test('get_policy: the file\'s text for each scope; an unknown API is a clear error naming the APIs', async () => {
    for (const [args, file] of [
      [{ scope: 'global' }, 'policy.xml'],
      [{ scope: 'product', product: 'project-1' }, 'products/project-1/policy.xml'],
      [{ scope: 'api', api: 'orders-api' }, 'apis/orders-api/policy.xml'],
      [{ scope: 'operation', api: 'orders-api', operation: 'list-orders' }, 'apis/orders-api/operations/list-orders/policy.xml'],
      [{ scope: 'fragment', fragment: 'correlation-id' }, 'policy fragments/correlation-id/policy.xml'],
    ] as const) {
      const r = await result<{ file: string; text: string }>('get_policy', args);
      assert.equal(r.file, file);
      assert.equal(r.text, readFileSync(path.join(root, file), 'utf8'));
    }
    const none = await result<{ exists: boolean; message: string }>('get_policy', { scope: 'operation', api: 'orders-api', operation: 'cancel-order' });
    assert.equal(none.exists, false);
    const e = await failure('get_policy', { scope: 'api', api: 'no-such-api' });
    assert.equal(e.code, 'notFound');
    assert.match(e.message, /No API 'no-such-api': the APIs are .*orders-api/);
    const missing = await failure('get_policy', { scope: 'operation', api: 'orders-api' });
    assert.match(missing.message, /needs "operation"/);
  });

  test('get_effective_policy: the text `effective` prints, with provenance', async () => {
    const r = await result<{ text: string; provenance: { line: number; scope: string; file?: string; fileLine?: number }[] }>('get_effective_policy', { api: 'orders-api', operation: 'list-orders', product: 'project-1' });
    const printed = await cli(['effective', root, '--api', 'orders-api', '--operation', 'list-orders', '--product', 'project-1', '--links']);
    assert.equal(printed.code, 0, printed.err);
    const [text, links] = printed.out.split('\n\n');
    assert.equal(r.text.replace(/\n$/, ''), text);
    const cliLinks = (links ?? '').split('\n').filter(Boolean);
    assert.deepEqual(r.provenance.filter((p) => p.file).map((p) => `line ${p.line}: ${p.file}:${p.fileLine}`), cliLinks.map((l) => l.replace(path.relative(process.cwd(), root) + path.sep, '').split(path.sep).join('/')));
    assert.ok(r.provenance.some((p) => p.scope === 'product'));
    assert.equal((await failure('get_effective_policy', { api: 'orders-api', operation: 'nope' })).code, 'notFound');
  });

  test('lint_policy: a file as lint --format json reports it; text at a scope; malformed XML is diagnostics; paths outside the root are refused', async () => {
    const file = path.join(root, 'apis', 'orders-api', 'policy.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<base />', '<base />\n    <set-header name="x" exists-action="sometimes"><value>{{no-such-value}}</value></set-header>'));
    const r = await result<{ file: string; errors: number; diagnostics: { code: string; line: number; column: number; message: string }[] }>('lint_policy', { file: 'apis/orders-api/policy.xml' });
    const printed = JSON.parse((await cli(['lint', file, '--format', 'json'])).out) as { diagnostics: { code: string; line: number; column: number; message: string }[] }[];
    assert.equal(r.file, 'apis/orders-api/policy.xml');
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message]), printed[0]!.diagnostics.map((d) => [d.code, d.line, d.column, d.message]));
    assert.ok(r.errors >= 1 && r.diagnostics.some((d) => /no-such-value/.test(d.message)), 'the service\'s named values are known');

    const text = await result<{ errors: number; diagnostics: { code: string }[] }>('lint_policy', { text: '<policies><inbound><base /><set-backend-service backend-id="func-app-1" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>', scope: 'api' });
    assert.equal(text.errors, 0);
    const atGlobal = await result<{ diagnostics: { code: string }[] }>('lint_policy', { text: '<policies><inbound><base /></inbound></policies>', scope: 'global' });
    assert.ok(atGlobal.diagnostics.some((d) => d.code === 'baseAtGlobal'), 'the scope given is used');
    const broken = await result<{ errors: number; diagnostics: { line: number }[] }>('lint_policy', { text: '<policies>\n  <inbound>\n    <set-header name="x"\n</policies>' });
    assert.ok(broken.errors > 0, 'malformed XML is reported as diagnostics, not a failure');

    assert.equal((await failure('lint_policy', { file: '../outside.xml' })).code, 'outsideRoot');
    assert.equal((await failure('lint_policy', { file: '/etc/passwd' })).code, 'outsideRoot');
    const link = await failure('lint_policy', { file: 'link-out.xml' });
    assert.equal(link.code, 'outsideRoot');
    assert.match(link.message, /a link that leads out/);
    assert.equal((await failure('lint_policy', { file: 'apis/nope/policy.xml' })).code, 'notFound');
    assert.match((await failure('lint_policy', {})).message, /Give either "file".*or "text"/);
  });

  test('policy_reference: a policy\'s attributes and children, a type\'s members, unknown names with suggestions', async () => {
    const r = await result<{ policies: { name: string; docs: string; attributes: { name: string; values?: string[]; default?: string }[]; sections: string[] }[] }>('policy_reference', { policy: 'set-header' });
    const sh = r.policies[0]!;
    assert.match(sh.docs, /learn\.microsoft\.com/);
    assert.deepEqual(sh.attributes.find((a) => a.name === 'exists-action')?.values, ['override', 'skip', 'append', 'delete']);
    assert.ok(sh.sections.includes('inbound'));
    const t = await result<{ type: { fullName: string; members: { name: string; signature: string }[] } }>('policy_reference', { type: 'JObject' });
    assert.equal(t.type.fullName, 'Newtonsoft.Json.Linq.JObject');
    assert.ok(t.type.members.some((m) => m.name === 'Parse'));
    const e = await failure('policy_reference', { policy: 'set-headr' });
    assert.match(e.message, /No policy 'set-headr'/);
    const listed = await result<{ policies: { name: string }[] }>('policy_reference', { section: 'backend', scope: 'api' });
    assert.ok(listed.policies.some((p) => p.name === 'forward-request'));
  });

  test('evaluate_expression: the value eval --format json gives; an endless loop stops at the step budget', async () => {
    const expr = '@(context.Request.Headers.GetValueOrDefault("x-id", "none").ToUpper() + ":" + (context.Variables.ContainsKey("n") ? 1 : 2))';
    const ctxFile = path.join(dir, 'ctx.json');
    const context = { request: { method: 'GET', url: 'https://x.example/a', headers: { 'x-id': 'abc' } } };
    writeFileSync(ctxFile, JSON.stringify(context));
    const r = await result('evaluate_expression', { expression: expr, context, now: '2026-02-28T12:00:00Z' });
    const printed = JSON.parse((await cli(['eval', expr, '--context', ctxFile, '--now', '2026-02-28T12:00:00Z', '--format', 'json'])).out) as unknown;
    assert.deepEqual(r, printed);
    assert.equal((r as { value: string }).value, 'ABC:2');
    const started = Date.now();
    const loop = await result<{ ok: boolean; error: { message: string } }>('evaluate_expression', { expression: '@{ var i = 0; while (true) { i++; } return i; }' });
    assert.equal(loop.ok, false);
    assert.match(loop.error.message, /step|budget|too long/i);
    assert.ok(Date.now() - started < 60_000);
    assert.match((await failure('evaluate_expression', { expression: '@(1)', context: { requets: {} } })).message, /unknown key 'requets'/);
    const invalid = await client.callTool({ name: 'evaluate_expression', arguments: { expression: 42 } });
    assert.equal(invalid.isError, true, 'a wrong argument type is refused by the schema');
  });

  test('simulate_request: the response and trace simulate --format json gives, with source lines, paged', async () => {
    const request = { method: 'GET', url: '/orders/orders?top=5', headers: { 'Ocp-Apim-Subscription-Key': 'fake-project-1-key', 'x-correlation-id': 'demo-1' } };
    const r = await result<{ response: { status: number; headers: { name: string; value: string }[] }; trace: { total: number; entries: { step: string; section: string; file?: string; line?: number }[]; more?: string } }>('simulate_request', { ...request, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }], traceLimit: 500 });
    const http = path.join(dir, 'one.http');
    writeFileSync(http, `GET /orders/orders?top=5 HTTP/1.1\nOcp-Apim-Subscription-Key: fake-project-1-key\nx-correlation-id: demo-1\n`);
    const printed = JSON.parse((await cli(['simulate', root, '--request', http, '--key', 'fake-project-1-key=project-1', '--format', 'json'])).out) as { response: { status: number; headers: [string, string][] }; trace: { section: string; source: string }[] }[];
    assert.equal(r.response.status, printed[0]!.response.status);
    assert.deepEqual(r.response.headers.map((h) => h.name), printed[0]!.response.headers.map(([n]) => n));
    assert.equal(r.trace.total, printed[0]!.trace.length);
    assert.deepEqual(r.trace.entries.map((e) => e.section), printed[0]!.trace.map((e) => e.section));
    const header = r.trace.entries.find((e) => e.file === 'products/project-1/policy.xml');
    assert.ok(header?.line && header.line > 1, 'entries point at their policy file and line');
    const page = await result<{ trace: { offset: number; entries: unknown[]; more?: string } }>('simulate_request', { ...request, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }], traceLimit: 3 });
    assert.equal(page.trace.entries.length, 3);
    assert.match(page.trace.more ?? '', /call again with traceOffset 3/);
    const next = await result<{ trace: { offset: number; entries: { index: number }[] } }>('simulate_request', { ...request, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }], traceOffset: 3, traceLimit: 3 });
    assert.equal(next.trace.entries[0]?.index, 3);
    const canned = await result<{ response: { status: number; body: string } }>('simulate_request', { ...request, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }], responses: [{ status: 503, body: 'down' }] });
    assert.equal(canned.response.status, 503);
    const unknownKey = await result<{ response: { status: number } }>('simulate_request', request);
    assert.equal(unknownKey.response.status, 401);
  });

  test('run_policy_tests: the results test --format json gives, each failure with its reason', async () => {
    const r = await result<{ passed: number; failed: number; files: { file: string; steps: { name: string; passed: boolean }[] }[] }>('run_policy_tests', { paths: ['scenarios'] });
    const printed = JSON.parse((await cli(['test', path.join(root, 'scenarios'), '--format', 'json'])).out) as { passed: number; failed: number; files: { steps: { name: string; passed: boolean }[] }[] };
    assert.equal(r.failed, 0);
    assert.equal(r.passed, printed.passed);
    assert.deepEqual(r.files.map((f) => f.steps.map((s) => [s.name, s.passed])), printed.files.map((f) => f.steps.map((s) => [s.name, s.passed])));
    assert.equal(r.files[0]?.file, 'scenarios/orders.apimtest.yaml');
    mkdirSync(path.join(root, 'broken'));
    writeFileSync(path.join(root, 'broken', 'x.apimtest.yaml'), 'name: x\nconfig: ..\nsteps:\n  - name: wrong status\n    request: { url: /orders/orders, headers: { Ocp-Apim-Subscription-Key: nope } }\n    expect: { status: 200 }\n');
    const bad = await result<{ failed: number; files: { steps: { failures: { message: string }[]; reason?: string }[] }[] }>('run_policy_tests', { paths: ['broken'] });
    assert.equal(bad.failed, 1);
    assert.match(bad.files[0]!.steps[0]!.failures[0]!.message, /expected 200, got 401/);
    assert.ok(bad.files[0]!.steps[0]!.reason, 'why it failed');
    assert.equal((await failure('run_policy_tests', { paths: ['../'] })).code, 'outsideRoot');
  });

  test('write_policy_test: a test file for a simulated request that passes when written and run', async () => {
    const r = await result<{ testFile: string; yaml: string; status: number }>('write_policy_test', {
      name: 'orders via Project 1',
      method: 'GET',
      url: '/orders/orders',
      headers: { 'Ocp-Apim-Subscription-Key': 'fake-project-1-key', 'x-correlation-id': 'w-1' },
      subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }],
      responses: [{ status: 200, headers: { 'Content-Type': 'application/json' }, body: '[{"id":1}]' }],
      testFile: 'scenarios/agent.apimtest.yaml',
    });
    assert.equal(r.testFile, 'scenarios/agent.apimtest.yaml');
    assert.equal(r.status, 200);
    assert.match(r.yaml, /^config: \.\.$/m);
    assert.doesNotMatch(r.yaml, /fake-project-1-key/, 'the key is a made-up one');
    writeFileSync(path.join(root, r.testFile), r.yaml);
    const run = await result<{ passed: number; failed: number }>('run_policy_tests', { paths: [r.testFile] });
    assert.deepEqual([run.passed, run.failed], [1, 0]);
    assert.equal((await failure('write_policy_test', { method: 'GET', url: '/x', testFile: '../escape.apimtest.yaml' })).code, 'outsideRoot');
  });

  test('the canary secret value is in no tool result, in any encoding (and the simulation did use it)', async () => {
    const secrets = new SecretSet();
    secrets.add(CANARY);
    const r = await call('simulate_request', { method: 'GET', url: '/orders/orders', headers: { 'Ocp-Apim-Subscription-Key': 'fake-project-1-key' }, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1' }], traceLimit: 500 });
    assert.match(JSON.stringify(r.structuredContent), /x-functions-key[^}]*\*\*\*/, 'the function key reached the backend call, masked');
    await call('evaluate_expression', { expression: `@("${Buffer.from(CANARY).toString('base64')}")` });
    await call('lint_policy', { text: `<policies><inbound><set-header name="x"><value>${CANARY}</value></set-header></inbound></policies>` });
    // A fresh server knows the secrets before any tool reads the service.
    const fresh = new Client({ name: 'apim-workbench-test', version: '1.0.0' });
    await fresh.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', root], stderr: 'pipe' }));
    try {
      const first = (await fresh.callTool({ name: 'evaluate_expression', arguments: { expression: `@("${CANARY}".ToUpper().ToLower())` } })) as ToolAnswer;
      assert.match(JSON.stringify(first.structuredContent), /\*\*\*/);
      answers.push(first);
    } finally {
      await fresh.close();
    }
    assert.ok(answers.length > 30);
    for (const a of answers) assert.ok(!secrets.inText(JSON.stringify(a)), `a result holds the canary: ${JSON.stringify(a).slice(0, 200)}`);
  });
});

describe('apim-workbench mcp on an apiops-cli folder', () => {
  let client: Client;
  before(async () => {
    client = new Client({ name: 'apim-workbench-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', path.join(repoRoot, 'test', 'fixtures', 'apiops-cli')], stderr: 'pipe' }));
  });
  after(async () => {
    await client.close();
  });

  test('a fragment kept in its information file is read and linted as its XML; another JSON file is not a policy', async () => {
    const file = 'contoso-orders/policyFragments/correlation-id/policyFragmentInformation.json';
    const policy = (await client.callTool({ name: 'get_policy', arguments: { scope: 'fragment', fragment: 'correlation-id' } })) as ToolAnswer;
    assert.equal((policy.structuredContent as { inJson: string }).inJson, 'properties.value');
    assert.match((policy.structuredContent as { text: string }).text, /^<fragment>/);
    const lint = (await client.callTool({ name: 'lint_policy', arguments: { file } })) as ToolAnswer;
    assert.ok(!lint.isError, lint.content[0]?.text);
    assert.deepEqual([(lint.structuredContent as { errors: number }).errors, (lint.structuredContent as { scope: string }).scope], [0, 'fragment']);
    const info = (await client.callTool({ name: 'lint_policy', arguments: { file: 'contoso-orders/apis/orders-api/apiInformation.json' } })) as ToolAnswer;
    assert.equal(info.isError, true);
    assert.match(info.content[0]?.text ?? '', /is not a policy file/);
  });
});

describe('apim-workbench mcp reads nothing outside its root', () => {
  let dir: string;
  let client: Client;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'apim-mcp-confined-'));
    const root = path.join(dir, 'repo');
    cpSync(sampleRoot, root, { recursive: true });
    writeFileSync(path.join(dir, 'secret.xml'), '<policies><inbound><set-header name="x"><value>outside-the-root-8c1f</value></set-header></inbound></policies>');
    const op = path.join(root, 'apis', 'orders-api', 'operations', 'get-order', 'policy.xml');
    rmSync(op);
    symlinkSync(path.join(dir, 'secret.xml'), op);
    mkdirSync(path.join(dir, 'other', 'apis', 'x'), { recursive: true });
    writeFileSync(path.join(dir, 'other', 'apis', 'x', 'apiInformation.json'), JSON.stringify({ properties: { displayName: 'X', path: 'x' } }));
    writeFileSync(path.join(root, 'scenarios', 'escape.apimtest.yaml'), 'name: escape\nconfig: ../../other\nsteps:\n  - name: s\n    request: { url: /x }\n    expect: { status: 200 }\n');
    client = new Client({ name: 'apim-workbench-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', root], stderr: 'pipe' }));
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a policy file linked from outside is not read; a test whose config: leads out cannot run', async () => {
    const policy = (await client.callTool({ name: 'get_policy', arguments: { scope: 'operation', api: 'orders-api', operation: 'get-order' } })) as ToolAnswer;
    // The loader does not see it (the confined file system answers that nothing is there).
    assert.equal((policy.structuredContent as { exists?: boolean } | undefined)?.exists ?? false, false, policy.content[0]?.text);
    const lint = (await client.callTool({ name: 'lint_policy', arguments: { file: 'apis/orders-api/operations/get-order/policy.xml' } })) as ToolAnswer;
    assert.equal((lint.structuredContent as { error: { code: string } }).error.code, 'outsideRoot');
    const sim = (await client.callTool({ name: 'simulate_request', arguments: { method: 'GET', url: '/orders/orders/1' } })) as ToolAnswer;
    const tests = (await client.callTool({ name: 'run_policy_tests', arguments: { paths: ['scenarios/escape.apimtest.yaml'] } })) as ToolAnswer;
    assert.match(JSON.stringify(tests.structuredContent), /The APIOps folder '..\/..\/other' was not found/, 'outside the root is as good as absent');
    assert.equal((tests.structuredContent as { failed: number }).failed, 1);
    for (const a of [policy, lint, sim, tests]) assert.ok(!JSON.stringify(a).includes('outside-the-root-8c1f'), 'the outside file\'s content is in a result');
  });
});

describe('apim-workbench mcp samples/contoso (the bundled sample itself)', () => {
  test('lists the sample and runs its policy tests, all passing', async () => {
    const client = new Client({ name: 'apim-workbench-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', 'samples/contoso'], cwd: repoRoot, stderr: 'pipe' }));
    try {
      const list = (await client.callTool({ name: 'list_services', arguments: {} })) as ToolAnswer;
      assert.equal((list.structuredContent as { services: { apiCount: number }[] }).services[0]?.apiCount, 10);
      const tests = (await client.callTool({ name: 'run_policy_tests', arguments: { paths: ['scenarios'] } })) as ToolAnswer;
      const r = tests.structuredContent as { passed: number; failed: number };
      assert.ok(r.passed > 10 && r.failed === 0, JSON.stringify(r));
    } finally {
      await client.close();
    }
  });
});
