// The policy debugger in the real VS Code, on the workspace's sample: a breakpoint in the global
// policy, debugging started from the .http CodeLens, the stop there, a variable read, an
// expression evaluated as the Debug Console does, a step into the correlation-id fragment, a stop
// in the webhook operation's @{ } block and a step through its statements, then on to the end with
// the response Simulate gives; and a policy test step debugged from the Test Explorer.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceRoot } from './support';

interface Seen {
  stops: { reason: string }[];
  output: string[];
  ended: boolean;
}

suite('the policy debugger', () => {
  let seen: Seen;
  let tracker: vscode.Disposable;

  suiteSetup(async () => {
    await activateExtension();
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('apim-policy', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type: string; event?: string; body?: { reason?: string; output?: string } }) => {
          if (m.type !== 'event') return;
          if (m.event === 'stopped') seen.stops.push({ reason: m.body?.reason ?? '' });
          if (m.event === 'output') seen.output.push(m.body?.output ?? '');
          if (m.event === 'terminated') seen.ended = true;
        },
      }),
    });
  });
  suiteTeardown(async () => {
    tracker.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    // The next suites expect a fresh editor layout (the trace viewer followed the session).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  setup(async () => {
    // A session a failed test left held must not answer for the next one.
    await vscode.debug.stopDebugging();
    seen = { stops: [], output: [], ended: false };
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  const lineOf = (file: string, pattern: RegExp, after = 0): number => fs.readFileSync(file, 'utf8').split('\n').findIndex((l, i) => i >= after && pattern.test(l)) + 1;
  const breakAt = (file: string, line: number): void => {
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, 0)))]);
  };
  const stop = async (count: number): Promise<void> => {
    await waitFor(`stop ${count}`, () => (seen.stops.length >= count ? true : undefined), 20_000);
  };
  const session = (): vscode.DebugSession => {
    const s = vscode.debug.activeDebugSession;
    assert.ok(s && s.type === 'apim-policy', 'an apim-policy session');
    return s;
  };
  const top = async (): Promise<{ file: string; line: number; name: string }> => {
    const r = (await session().customRequest('stackTrace', { threadId: 1 })) as { stackFrames: { name: string; line: number; source?: { path?: string } }[] };
    const f = r.stackFrames[0]!;
    // VS Code hands back a source it has opened as a URI (vscode-remote://… in code-server).
    const p = f.source?.path ?? '';
    return { file: p.includes('://') ? vscode.Uri.parse(p).path : p, line: f.line, name: f.name };
  };

  test('from the CodeLens: breakpoint, variable, console, into a fragment, into an @{ } block, on to the response Simulate gives', async () => {
    const root = workspaceRoot();
    const http = path.join(root, 'requests', 'debug-webhook.http');
    fs.writeFileSync(http, '# @name webhook\nPOST /webhooks/stripe HTTP/1.1\nOcp-Apim-Subscription-Key: fake-project-2-key\nX-Signature: sha256=00\nContent-Type: application/json\n\n{"id": 7}\n');
    const globalPolicy = path.join(root, 'policy.xml');
    const webhookPolicy = path.join(root, 'apis', 'webhooks-api', 'operations', 'receive-webhook', 'policy.xml');
    breakAt(globalPolicy, lineOf(globalPolicy, /<include-fragment/));
    breakAt(webhookPolicy, lineOf(webhookPolicy, /<set-variable name="signatureValid"/));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(http)));
    const lenses = await waitFor('code lenses', async () => {
      const l = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', vscode.Uri.file(http))) as vscode.CodeLens[];
      return l.some((x) => x.command?.title === '⚙ Debug request') ? l : undefined;
    });
    const debug = lenses.find((x) => x.command?.title === '⚙ Debug request')!.command!;
    assert.equal(await vscode.commands.executeCommand(debug.command, ...(debug.arguments ?? [])), true);
    await stop(1);
    assert.equal(seen.stops[0]?.reason, 'breakpoint');
    assert.deepEqual([path.basename((await top()).file), (await top()).line], ['policy.xml', lineOf(globalPolicy, /<include-fragment/)]);
    // A variable of the Request scope, and an expression as the Debug Console evaluates it.
    const scopes = (await session().customRequest('scopes', { frameId: 1 })) as { scopes: { name: string; variablesReference: number }[] };
    const request = scopes.scopes.find((s) => s.name === 'Request')!;
    const vars = (await session().customRequest('variables', { variablesReference: request.variablesReference })) as { variables: { name: string; value: string }[] };
    assert.equal(vars.variables.find((v) => v.name === 'Method')?.value, '"POST"');
    const evaluated = (await session().customRequest('evaluate', { expression: 'context.Request.OriginalUrl.Path + "?" + context.Api.Id', context: 'repl' })) as { result: string };
    assert.equal(evaluated.result, '"/webhooks/stripe?webhooks-api"');
    // Into the fragment.
    await session().customRequest('stepIn', { threadId: 1 });
    await stop(2);
    assert.match((await top()).file, /policy fragments[\\/]correlation-id[\\/]policy\.xml$/);
    // On to the operation's @{ } block, and into its statements.
    await session().customRequest('continue', { threadId: 1 });
    await stop(3);
    assert.deepEqual([(await top()).file, (await top()).line], [webhookPolicy, lineOf(webhookPolicy, /<set-variable name="signatureValid"/)]);
    await session().customRequest('stepIn', { threadId: 1 });
    await stop(4);
    const first = await top();
    assert.equal(first.line, lineOf(webhookPolicy, /var body = /));
    assert.match(first.name, /statement of <set-variable>/);
    await session().customRequest('next', { threadId: 1 });
    await stop(5);
    assert.equal((await top()).line, lineOf(webhookPolicy, /var provided = /));
    const locals = (await session().customRequest('scopes', { frameId: 1 })) as { scopes: { name: string; variablesReference: number }[] };
    const localVars = (await session().customRequest('variables', { variablesReference: locals.scopes.find((s) => s.name === 'Locals')!.variablesReference })) as { variables: { name: string; value: string }[] };
    assert.equal(localVars.variables.find((v) => v.name === 'body')?.value, '"{\\"id\\": 7}"');
    await session().customRequest('continue', { threadId: 1 });
    await waitFor('the end of the session', () => (seen.ended ? true : undefined), 20_000);
    // The response Simulate gives for the same request.
    const simulated = (await vscode.commands.executeCommand('apimWorkbench.simulateRequests', vscode.Uri.file(http), { only: 0 })) as { trace: { status: number; reason: string }[] };
    const expected = `webhook → ${simulated.trace[0]?.status} ${simulated.trace[0]?.reason}`;
    assert.ok(seen.output.join('').includes(expected), `${expected} in ${seen.output.join('')}`);
    fs.rmSync(http);
  });

  test('a policy test step debugged from the Test Explorer stops in its policy and ends with the step\'s result', async () => {
    const api = await activateExtension();
    const testFile = path.join(workspaceRoot(), 'scenarios', 'orders.apimtest.yaml');
    const opPolicy = path.join(workspaceRoot(), 'apis', 'orders-api', 'operations', 'list-orders', 'policy.xml');
    breakAt(opPolicy, lineOf(opPolicy, /<set-query-parameter/));
    await api.policyTests.discover();
    const file = api.policyTests.controller.items.get(vscode.Uri.file(testFile).toString());
    assert.ok(file, 'the test file is in the Test Explorer');
    const steps: vscode.TestItem[] = [];
    file.children.forEach((s) => steps.push(s));
    assert.ok(steps[0], 'its first step');
    assert.equal(await api.policyTests.debug(new vscode.TestRunRequest([steps[0]])), true);
    await stop(1);
    assert.deepEqual([(await top()).file, (await top()).line], [opPolicy, lineOf(opPolicy, /<set-query-parameter/)]);
    assert.equal(session().name, `Debug ${steps[0].label}`);
    await session().customRequest('continue', { threadId: 1 });
    await waitFor('the end of the session', () => (seen.ended ? true : undefined), 20_000);
    assert.match(seen.output.join(''), /^ok {3}list orders goes to Function App 1/m);
  });
});
