// The policy debug adapter as a DAP server (a separate process, driven by
// @vscode/debugadapter-testsupport's DebugClient) over test/fixtures/debug: breakpoints in every
// scope and in a fragment, moved and in an @{ } block; conditions, hit counts, logpoints; each step
// kind, pause, restart; every variables scope with masking; setVariable, evaluate, completions;
// exception breakpoints; and a run without breakpoints that reports what `apim-workbench test` does.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { main } from '../../../src/cli/main';
import { repoRoot } from '../helpers';

const ADAPTER = path.join(repoRoot, 'out', 'src', 'debug', 'debugMain.js');
const DIR = path.join(repoRoot, 'test', 'fixtures', 'debug');
const TEST_FILE = path.join(DIR, 'debug.apimtest.yaml');
const f = (name: string): string => path.join(DIR, name);

type Bps = Record<string, DebugProtocol.SourceBreakpoint[]>;

describe('the policy debug adapter (DAP)', () => {
  let dc: DebugClient;
  let outputs: string[] = [];

  afterEach(async () => {
    await dc?.stop().catch(() => undefined);
  });

  /** Starts a session on the fixture: breakpoints and exception filters set, then configurationDone. */
  async function launch(args: Record<string, unknown>, bps: Bps = {}, filters: string[] = []): Promise<void> {
    dc = new DebugClient('node', ADAPTER, 'apim-policy');
    dc.defaultTimeout = 10_000;
    // Each session's own queues (an earlier session's late events must not leak in); events are
    // queued from the start: a stop can come before the test asks for it.
    const mine = { outputs: [] as string[], stops: [] as DebugProtocol.StoppedEvent[] };
    outputs = mine.outputs;
    stops = mine.stops;
    terminated = false;
    const client = dc;
    dc.on('output', (e: DebugProtocol.OutputEvent) => mine.outputs.push(e.body.output));
    dc.on('stopped', (e: DebugProtocol.StoppedEvent) => {
      mine.stops.push(e);
      wake?.();
    });
    dc.on('terminated', () => {
      if (client === dc) terminated = true;
      wake?.();
    });
    await dc.start();
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        for (const [file, breakpoints] of Object.entries(bps)) await dc.setBreakpointsRequest({ source: { path: file }, breakpoints });
        await dc.setExceptionBreakpointsRequest({ filters });
        await dc.configurationDoneRequest();
      }),
      dc.launch({ testFile: TEST_FILE, ...args }),
    ]);
  }

  let stops: DebugProtocol.StoppedEvent[] = [];
  let terminated = false;
  let wake: (() => void) | undefined;
  const next = async (what: () => boolean, name: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`no ${name} within 15 s (output: ${outputs.join('')})`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  };
  const stopped = async (reason: string): Promise<DebugProtocol.StoppedEvent> => {
    await next(() => stops.length > 0, `'${reason}' stop`);
    const e = stops.shift() as DebugProtocol.StoppedEvent;
    assert.equal(e.body.reason, reason, e.body.description);
    return e;
  };
  const ended = (): Promise<void> => next(() => terminated, 'end of the session');
  const frames = async (): Promise<DebugProtocol.StackFrame[]> => (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  const top = async (): Promise<{ file: string; line: number; name: string }> => {
    const [first] = await frames();
    return { file: path.basename(first?.source?.path ?? ''), line: first?.line ?? 0, name: first?.name ?? '' };
  };
  const scope = async (name: string): Promise<Record<string, string>> => {
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const s = scopes.find((x) => x.name === name);
    assert.ok(s, `scope ${name} among ${scopes.map((x) => x.name).join(', ')}`);
    return Object.fromEntries((await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables.map((v) => [v.name, v.value]));
  };
  const child = async (scopeName: string, name: string): Promise<Record<string, string>> => {
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const s = scopes.find((x) => x.name === scopeName)!;
    const v = (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables.find((x) => x.name === name);
    assert.ok(v && v.variablesReference > 0, `${name} expandable in ${scopeName}`);
    return Object.fromEntries((await dc.variablesRequest({ variablesReference: v.variablesReference })).body.variables.map((x) => [x.name, x.value]));
  };

  test('breakpoints in the global, product, API and operation scopes stop there, with the call stack by scope', async () => {
    await launch({ step: 1 }, { [f('global.xml')]: [{ line: 3 }], [f('product.xml')]: [{ line: 4 }], [f('operation.xml')]: [{ line: 9 }] });
    await stopped('breakpoint');
    assert.deepEqual(await top(), { file: 'global.xml', line: 3, name: '<set-header name="x-global">' });
    assert.deepEqual((await frames()).slice(1).map((x) => x.name), ['/tenant', 'inbound']);
    await dc.continueRequest({ threadId: 1 });
    await stopped('breakpoint');
    assert.deepEqual(await top(), { file: 'product.xml', line: 4, name: '<set-variable name="tier">' });
    assert.equal((await frames())[1]?.name, '/products');
    await dc.continueRequest({ threadId: 1 });
    await stopped('breakpoint');
    assert.deepEqual(await top(), { file: 'operation.xml', line: 9, name: '<set-variable name="branch">' });
    assert.deepEqual((await frames()).slice(1).map((x) => x.name), ['<choose>', '/operations', 'inbound']);
    await dc.continueRequest({ threadId: 1 });
    await ended();
    assert.match(outputs.join(''), /ok {3}a good request/);
  });

  test('a breakpoint in a fragment stops in the fragment\'s file, under the fragment\'s frame', async () => {
    await launch({ step: 1 }, { [f('fragment.xml')]: [{ line: 2 }] });
    await stopped('breakpoint');
    assert.deepEqual(await top(), { file: 'fragment.xml', line: 2, name: '<set-variable name="stamp">' });
    assert.deepEqual((await frames()).slice(1).map((x) => `${x.name} ${path.basename(x.source?.path ?? '')}:${x.line}`), ['fragment stamp global.xml:6', '/tenant global.xml:6', 'inbound global.xml:6']);
  });

  test('a breakpoint between policies moves to the next one; one inside @{ } stops at that statement with its locals', async () => {
    dc = new DebugClient('node', ADAPTER, 'apim-policy');
    await dc.start();
    await dc.initializeRequest();
    const moved = await dc.setBreakpointsRequest({ source: { path: f('api.xml') }, breakpoints: [{ line: 1 }, { line: 7 }, { line: 20 }] });
    assert.deepEqual(moved.body.breakpoints.map((b) => [b.verified, b.line]), [[true, 4], [true, 7], [false, undefined]]);
    assert.match(moved.body.breakpoints[0]?.message ?? '', /Moved to <set-variable>/);
    await dc.stop();
    await launch({ step: 1 }, { [f('api.xml')]: [{ line: 7 }] });
    await stopped('breakpoint');
    const t = await top();
    assert.equal(t.file, 'api.xml');
    assert.equal(t.line, 7);
    assert.match(t.name, /statement of <set-variable>/);
    assert.deepEqual(await scope('Locals'), { sum: '6' });
    assert.equal((await frames())[1]?.name, '<set-variable name="total">');
  });

  test('a conditional breakpoint stops only when its C# condition holds against the held context', async () => {
    await launch({ step: 1 }, { [f('fragment.xml')]: [{ line: 2, condition: 'context.Variables.ContainsKey("tier")' }, { line: 3, condition: '(string)context.Variables["stamp"] == "none"' }], [f('global.xml')]: [{ line: 3, condition: 'context.Request.Method == "POST"' }] });
    await stopped('breakpoint');
    // The global policy runs before the product's <base />-wrapped one: no tier yet, stamp is "none".
    assert.deepEqual(await top(), { file: 'fragment.xml', line: 3, name: '<set-header name="x-stamp">' });
    await dc.continueRequest({ threadId: 1 });
    await ended();
  });

  test('a hit count stops at that hit only; a logpoint writes its message with expressions and does not stop', async () => {
    await launch({}, { [f('global.xml')]: [{ line: 3, hitCondition: '2' }], [f('product.xml')]: [{ line: 5, logMessage: 'tier={context.Variables["tier"]}, method {context.Request.Method}' }] });
    await stopped('breakpoint');
    const threads = (await dc.threadsRequest()).body.threads;
    assert.equal(threads[0]?.name, 'request: a failing request', 'the second hit is in the second step');
    assert.match(outputs.join(''), /tier=gold, method GET\n/);
  });

  test('stepping: over, into a fragment, out of it, out of a scope, into an @{ } block statement by statement', async () => {
    await launch({ step: 1, stopOnEntry: true });
    await stopped('entry');
    assert.equal((await top()).line, 3);
    await dc.nextRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual(await top(), { file: 'global.xml', line: 6, name: '<include-fragment fragment-id="stamp">' });
    await dc.stepInRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual([(await top()).file, (await top()).line], ['fragment.xml', 2]);
    await dc.stepOutRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual([(await top()).file, (await top()).line], ['product.xml', 4], 'out of the fragment: the next policy after it');
    await dc.stepOutRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual([(await top()).file, (await top()).line], ['api.xml', 4], 'out of the product scope: the API scope');
    await dc.stepInRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual([(await top()).file, (await top()).line], ['api.xml', 5], 'into the block: its first statement');
    const lines: number[] = [];
    for (let i = 0; i < 7; i++) {
      await dc.nextRequest({ threadId: 1 });
      await stopped('step');
      lines.push((await top()).line);
    }
    assert.deepEqual(lines, [6, 6, 6, 6, 6, 7, 8], 'the for statement, its initializer, its body three times, then the next statements');
    assert.deepEqual(await scope('Locals'), { sum: '6', label: '"sum:6"' });
    await dc.nextRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual([(await top()).file, (await top()).line], ['operation.xml', 4], 'past the block: the operation scope\'s choose');
    await dc.stepInRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual([(await top()).file, (await top()).line], ['operation.xml', 9], 'into the choose: the branch taken');
  });

  test('setVariable on a C# local: the request runs again to that statement with the local changed, and on from there', async () => {
    await launch({ step: 1 }, { [f('api.xml')]: [{ line: 7 }] });
    await stopped('breakpoint');
    assert.deepEqual([(await top()).file, (await top()).line], ['api.xml', 7]);
    assert.deepEqual(await scope('Locals'), { sum: '6' });
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const locals = scopes.find((x) => x.name === 'Locals')!;
    const bad = await dc.setVariableRequest({ variablesReference: locals.variablesReference, name: 'sum', value: '"not a number"' }).then(() => undefined, (e: Error) => e.message);
    assert.match(bad ?? '(no error)', /sum = "not a number"/, 'a value the local cannot take is refused');
    assert.equal((await dc.setVariableRequest({ variablesReference: locals.variablesReference, name: 'sum', value: '10 * 4' })).body.value, '40');
    const again = await stopped('step');
    assert.match(again.body.description ?? '', /Ran again from the start with sum = 40/);
    assert.deepEqual([(await top()).file, (await top()).line], ['api.xml', 7], 'held at the same statement');
    assert.deepEqual(await scope('Locals'), { sum: '40' });
    await dc.nextRequest({ threadId: 1 });
    await stopped('step');
    assert.deepEqual(await scope('Locals'), { sum: '40', label: '"sum:40"' }, 'the statement ran with the changed local');
    await dc.continueRequest({ threadId: 1 });
    await ended();
    assert.equal(stops.length, 0, 'the breakpoint at line 7 did not stop the rerun before the change');
  });

  test('setVariable on a C# local is refused with real backends (the rerun would call them again)', async () => {
    const sample = mkdtempSync(path.join(tmpdir(), 'apim-debug-real-'));
    cpSync(path.join(repoRoot, 'samples', 'contoso'), sample, { recursive: true });
    writeFileSync(path.join(sample, 'named-values.local.json'), JSON.stringify({ 'webhook-signing-secret': 'local-signing-secret' }));
    const webhook = path.join(sample, 'apis', 'webhooks-api', 'operations', 'receive-webhook', 'policy.xml');
    const http = path.join(sample, 'requests', 'webhook.http');
    writeFileSync(http, 'POST /webhooks/stripe HTTP/1.1\nOcp-Apim-Subscription-Key: fake-project-2-key\nX-Signature: sha256=00\nContent-Type: application/json\n\n{"id": 7}\n');
    await launch({ testFile: undefined, httpFile: http, backend: 'real', subscriptions: [{ key: 'fake-project-2-key', product: 'project-2', state: 'active' }] }, { [webhook]: [{ line: 7 }] });
    await stopped('breakpoint');
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const locals = scopes.find((x) => x.name === 'Locals')!;
    const refused = await dc.setVariableRequest({ variablesReference: locals.variablesReference, name: 'body', value: '"{}"' }).then(() => undefined, (e: Error) => e.message);
    assert.match(refused ?? '(no error)', /with real backends .* not done/);
    await dc.terminateRequest();
    rmSync(sample, { recursive: true, force: true });
  });

  test('a breakpoint in an apiops-cli fragment (its apim-embedded: document, as VS Code names it) stops there', async () => {
    const cli = path.join(repoRoot, 'test', 'fixtures', 'apiops-cli', 'contoso-orders');
    const json = path.join(cli, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json');
    const dir = mkdtempSync(path.join(tmpdir(), 'apim-debug-cli-'));
    const http = path.join(dir, 'orders.http');
    writeFileSync(http, 'GET /orders/orders HTTP/1.1\nOcp-Apim-Subscription-Key: fake-project-1-key\n');
    // VS Code sends a non-file document's breakpoints with its URI as the path (percent-encoded).
    const uri = `apim-embedded:${json.split(path.sep).map(encodeURIComponent).join('/')}`;
    try {
      await launch({ testFile: undefined, httpFile: http, folder: cli, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1', state: 'active' }] }, { [uri]: [{ line: 3 }] });
      await stopped('breakpoint');
      const [frame] = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      assert.equal(frame?.source?.path, `apim-embedded:${json}`);
      assert.equal(frame?.line, 3, 'the line in the fragment\'s XML, not in the JSON');
      assert.match(frame?.name ?? '', /<set-header name="x-correlation-id"/);
      await dc.continueRequest({ threadId: 1 });
      await ended();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('pause stops at the next policy; restart runs the request again to the same breakpoint', async () => {
    await launch({ step: 1 }, { [f('global.xml')]: [{ line: 3 }] });
    await stopped('breakpoint');
    await dc.pauseRequest({ threadId: 1 });
    await dc.continueRequest({ threadId: 1 });
    await stopped('pause');
    assert.equal((await top()).line, 6);
    await dc.restartRequest({});
    await stopped('breakpoint');
    assert.deepEqual([(await top()).file, (await top()).line], ['global.xml', 3]);
  });

  test('variables: context.Variables, the request with credential headers and secret named values masked, the context; no response inbound', async () => {
    await launch({ step: 1 }, { [f('api.xml')]: [{ line: 4 }] });
    await stopped('breakpoint');
    const names = (await dc.scopesRequest({ frameId: 1 })).body.scopes.map((s) => s.name);
    assert.deepEqual(names, ['context.Variables', 'Request', 'Context', 'Gateway state']);
    assert.deepEqual(await scope('context.Variables'), { stamp: '"none"', tier: '"gold"' });
    const request = await scope('Request');
    assert.equal(request['Method'], '"GET"');
    assert.match(request['Url'] ?? '', /\/orders\/1$/);
    const headers = await child('Request', 'Headers');
    assert.equal(headers['Authorization'], '"Bearer ***"');
    assert.equal(headers['Ocp-Apim-Subscription-Key'], '"***"');
    assert.equal(headers['x-backend-key'], '"***"', 'a secret named value is masked as in the trace');
    assert.equal(headers['x-stamp'], '"stamped"');
    const context = await child('Context', 'Api');
    assert.equal(context['Id'], '"orders"');
    const all = JSON.stringify(await scope('Gateway state'));
    for (const secret of ['s3cret-canary-value-77', 'canary-token-abc', 'debug-key-123456']) assert.ok(!JSON.stringify({ request, headers, all }).includes(secret), secret);
  });

  test('setVariable changes a variable and a header while held; evaluate and the console read and write; hover will not assign', async () => {
    await launch({ step: 1 }, { [f('api.xml')]: [{ line: 4 }] });
    await stopped('breakpoint');
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const vars = scopes.find((s) => s.name === 'context.Variables')!;
    assert.equal((await dc.setVariableRequest({ variablesReference: vars.variablesReference, name: 'tier', value: '"silver"' })).body.value, '"silver"');
    assert.equal((await dc.evaluateRequest({ expression: 'context.Variables["tier"]', context: 'watch' })).body.result, '"silver"');
    const request = scopes.find((s) => s.name === 'Request')!;
    const headersVar = (await dc.variablesRequest({ variablesReference: request.variablesReference })).body.variables.find((v) => v.name === 'Headers')!;
    await dc.setVariableRequest({ variablesReference: headersVar.variablesReference, name: 'x-global', value: '"changed"' });
    assert.equal((await dc.evaluateRequest({ expression: 'context.Request.Headers.GetValueOrDefault("x-global", "")', context: 'repl' })).body.result, '"changed"');
    assert.equal((await dc.evaluateRequest({ expression: 'context.Variables["n"] = 6 * 7', context: 'repl' })).body.result, '42');
    assert.equal((await dc.evaluateRequest({ expression: 'context.Variables["n"]', context: 'hover' })).body.result, '42');
    await assert.rejects(dc.evaluateRequest({ expression: 'context.Variables["m"] = 1', context: 'hover' }), /it assigns/);
    await assert.rejects(dc.evaluateRequest({ expression: 'context.Nope', context: 'repl' }), /Nope/);
    const masked = await dc.evaluateRequest({ expression: 'context.Request.Headers.GetValueOrDefault("x-backend-key", "")', context: 'repl' });
    assert.equal(masked.body.result, '"***"');
    // Completion in the console: the same type model as the editor.
    const completions = await dc.completionsRequest({ text: 'context.Req', column: 12 });
    assert.ok(completions.body.targets.some((t) => t.label === 'Request'), JSON.stringify(completions.body.targets.slice(0, 5)));
  });

  test('exception breakpoints: any policy error stops where it failed; entering on-error stops at its first policy', async () => {
    await launch({ step: 2 }, {}, ['error']);
    const e = await stopped('exception');
    assert.match(e.body.description ?? '', /<set-variable> failed: ExpressionValueEvaluationFailure: .*DivideByZeroException/);
    assert.deepEqual([(await top()).file, (await top()).line], ['operation.xml', 6]);
    await dc.stop();
    await launch({ step: 2 }, {}, ['onError']);
    const onError = await stopped('exception');
    assert.match(onError.body.description ?? '', /Entering on-error/);
    assert.deepEqual([(await top()).file, (await top()).line], ['global.xml', 17]);
    assert.ok((await dc.scopesRequest({ frameId: 1 })).body.scopes.some((s) => s.name === 'context.LastError'));
  });

  test('without breakpoints the whole file runs and reports each step as apim-workbench test does', async () => {
    await launch({});
    await ended();
    const out: string[] = [];
    const code = await main(['test', TEST_FILE], { out: (t) => out.push(t), err: () => undefined });
    assert.equal(code, 0);
    const fromTest = out.join('\n').split('\n').filter((l) => /^(ok|FAIL) /.test(l)).map((l) => l.replace(/ debugger fixture › /, ' '));
    const fromDebugger = outputs.join('').split('\n').filter((l) => /^(ok|FAIL) /.test(l));
    assert.deepEqual(fromDebugger, fromTest);
  });

  test('a .http request and a policy file with a request line: the Response scope in outbound', async () => {
    const sample = path.join(repoRoot, 'samples', 'contoso');
    const globalPolicy = path.join(sample, 'policy.xml');
    const outboundLine = readFileSync(globalPolicy, 'utf8').split('\n').findIndex((l, i, all) => l.includes('<set-header name="x-correlation-id"') && all.slice(0, i).some((x) => x.includes('<outbound>'))) + 1;
    await launch({ testFile: undefined, httpFile: path.join(sample, 'requests', 'orders.http'), requestNumber: 1, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1', state: 'active' }] }, { [globalPolicy]: [{ line: outboundLine }] });
    await stopped('breakpoint');
    assert.equal((await top()).line, outboundLine);
    const response = await scope('Response');
    assert.equal(response['StatusCode'], '200');
    await dc.continueRequest({ threadId: 1 });
    await ended();
    assert.match(outputs.join(''), /list orders → 200 OK/);
    await dc.stop();
    const opPolicy = path.join(sample, 'apis', 'orders-api', 'operations', 'list-orders', 'policy.xml');
    // Without a key the gateway refuses it before any policy runs: no stop, the 401 told.
    await launch({ testFile: undefined, policyFile: opPolicy, requestLine: 'GET /orders/orders', stopOnEntry: true });
    await ended();
    assert.match(outputs.join(''), /GET \/orders\/orders → 401/);
    await dc.stop();
    await launch({ testFile: undefined, policyFile: opPolicy, requestLine: 'GET /orders/orders', stopOnEntry: true, subscriptions: [{ key: 'fake-project-1-key', product: 'project-1', state: 'active' }] });
    await stopped('entry');
    assert.deepEqual(await frames().then((x) => x.slice(-2).map((y) => y.name)), ['/tenant', 'inbound']);
  });

  test('a launch configuration without a target is refused with what it needs', async () => {
    dc = new DebugClient('node', ADAPTER, 'apim-policy');
    await dc.start();
    await dc.initializeRequest();
    await assert.rejects(dc.launchRequest({} as DebugProtocol.LaunchRequestArguments), /needs one of httpFile, testFile or policyFile/);
  });
});
