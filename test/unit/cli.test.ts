import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../src/cli/main';
import { repoRoot, sampleRoot, tempFolder } from './helpers';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('apim-workbench CLI', () => {
  test('--help lists exactly the commands that exist', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    const commands = r.out.slice(r.out.indexOf('Commands:'), r.out.indexOf('Options:'));
    const listed = [...commands.matchAll(/^ {2}(\w[\w-]*) /gm)].map((m) => m[1]);
    assert.deepEqual(listed, ['tree', 'eval', 'lint', 'test', 'simulate', 'trace', 'effective', 'publish', 'extract', 'convert', 'mcp', 'roots']);
  });

  test('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    assert.deepEqual(await run('--version'), { code: 0, out: version, err: '' });
  });

  test('an unknown command fails with a pointer to --help', async () => {
    const r = await run('deploy');
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown command 'deploy'.*--help/);
    assert.match((await run('lnit')).err, /Unknown command 'lnit'\. Did you mean 'lint'\?/);
  });

  test('--help fits an 80-column terminal, every command’s usage and summary wrapped under it', async () => {
    const r = await run('--help');
    const wide = r.out.split('\n').filter((l) => l.length > 80);
    assert.deepEqual(wide, []);
    assert.match(r.out, /^ {2}publish <APIOps folder or API folder> --subscription <id>$/m);
    assert.match(r.out, /^ {10}--resource-group <rg> --service <name>/m, 'an option stays with its value');
    const lint = await run('lint', '--help');
    assert.equal(lint.code, 0);
    assert.ok(lint.out.split('\n').every((l) => l.length <= 80), lint.out);
  });

  test('the exit codes are listed once and each command keeps them', async () => {
    const help = (await run('--help')).out;
    assert.equal(help.match(/Exit codes/g)?.length, 1);
    assert.match(help, /^ {2}0 {2}done, nothing wrong found\.$/m);
    assert.match(help, /^ {2}1 {2}done, and problems found/m);
    assert.match(help, /^ {2}2 {2}could not start/m);
    assert.ok(!/exit code/i.test(help.replace(/Exit codes \(every command\):/, '')), 'no command line states its own exit codes');
    // 2: could not start; 1: problems found; 0: fine.
    assert.equal((await run('lint', '--formt', 'json')).code, 2);
    assert.equal((await run('lint', path.join(repoRoot, 'nope'))).code, 2);
    assert.equal((await run('tree', path.join(repoRoot, 'src'))).code, 2);
    assert.equal((await run('eval', '@(1/0)')).code, 1);
    assert.equal((await run('eval', '@(1+1)')).code, 0);
  });

  test('an unknown option or value is refused with "did you mean", and names the command', async () => {
    const option = await run('lint', sampleRoot, '--formt', 'json');
    assert.equal(option.code, 2);
    assert.equal(option.err, "error: lint: unknown option '--formt'. Did you mean '--format'? Run 'apim-workbench lint --help' for its options.");
    const value = await run('lint', sampleRoot, '--format', 'yaml');
    assert.equal(value.code, 2);
    assert.equal(value.err, "error: lint: --format must be text or json, not 'yaml'.");
    const close = await run('simulate', sampleRoot, '--request', 'x.http', '--backend', 'rael');
    assert.match(close.err, /--backend must be mock or real, not 'rael'\. Did you mean 'real'\?/);
    const missing = await run('lint', '--format');
    assert.equal(missing.err, "error: lint: --format needs a value. Run 'apim-workbench lint --help' for its options.");
    const depth = await run('tree', sampleRoot, '--depth', 'deep');
    assert.equal(depth.err, "error: tree: --depth must be a whole number of at least 0, not 'deep'.");
  });

  test('a missing file is one line naming it', async () => {
    const r = await run('simulate', sampleRoot, '--request', path.join(repoRoot, 'nope.http'));
    assert.equal(r.code, 2);
    assert.equal(r.err, `error: No such file: ${path.join(repoRoot, 'nope.http')} (the requests to simulate).`);
    const ctx = await run('eval', '@(1)', '--context', path.join(repoRoot, 'nope.json'));
    assert.equal(ctx.err, `error: No such file: ${path.join(repoRoot, 'nope.json')} (--context).`);
  });

  test('test runs policy test files: one line per step, a closing count, exit code', async () => {
    const r = await run('test', path.join(repoRoot, 'test', 'scenarios'));
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^ok {3}backend basics › return-response ends the pipeline with no backend call$/m);
    assert.match(r.out, /^\d+ passed, 0 failed$/m);
  });

  test('test fails with exit code 1 and shows the expectation that differed', async () => {
    const dir = tempFolder({ 'wrong.apimtest.yaml': 'name: wrong\nsteps:\n  - name: s\n    request: { url: /x }\n    responses: [{ status: 200 }]\n    expect: { status: 404 }\n' });
    const r = await run('test', path.join(dir.root, 'wrong.apimtest.yaml'));
    dir.dispose();
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL wrong › s$/m);
    assert.match(r.out, /wrong\.apimtest\.yaml:6: status: expected 404, got 200/);
    assert.match(r.out, /^0 passed, 1 failed$/m);
  });

  test('a failed step says why, in text and in JSON; a misspelled key fails the file with its line', async () => {
    const dir = tempFolder({
      'why.apimtest.yaml': 'name: why\napi: { serviceUrl: "https://x.example" }\npolicies:\n  api: |\n    <policies><inbound><base /></inbound><backend><forward-request /></backend></policies>\nsteps:\n  - name: s\n    request: { url: /b }\n    expect: { status: 200 }\n',
      'typo.apimtest.yaml': 'name: typo\nsteps:\n  - request: { url: /x }\n    expect: { stauts: 500 }\n',
    });
    try {
      const r = await run('test', dir.root);
      assert.equal(r.code, 1);
      assert.match(r.out, /^ {5}\S*typo\.apimtest\.yaml:4: Unknown key 'stauts' in `expect` of step 1\. Did you mean 'status'\?$/m);
      assert.match(r.out, /^ {5}\S*why\.apimtest\.yaml:9: status: expected 200, got 500$/m);
      assert.match(r.out, /^ {5}why: forward-request failed \(BackendConnectionFailure\): .*No canned response matches GET https:\/\/x\.example\/b: add one to the step's responses\./m);
      const json = JSON.parse((await run('test', dir.root, '--format', 'json')).out) as { files: { steps?: { reason?: string; failures: { message: string }[] }[]; problems?: { line: number; message: string }[] }[] };
      const why = json.files.find((f) => f.steps);
      assert.match(why?.steps?.[0]?.reason ?? '', /No canned response matches/);
      assert.equal(why?.steps?.[0]?.failures[0]?.message, 'status: expected 200, got 500');
      assert.deepEqual(json.files.find((f) => f.problems)?.problems, [{ line: 4, message: "Unknown key 'stauts' in `expect` of step 1. Did you mean 'status'?" }]);
    } finally {
      dir.dispose();
    }
  });

  test('colours only on a terminal or when forced, never with NO_COLOR or in a pipe', () => {
    const cli = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
    const lint = (env: Record<string, string>): string => spawnSync(process.execPath, [cli, 'lint', sampleRoot], { encoding: 'utf8', env: { ...base, ...env } }).stdout;
    assert.ok(!lint({}).includes('\u001b['), 'piped: no escape codes');
    assert.ok(lint({ FORCE_COLOR: '1' }).includes('\u001b[32m'), 'forced: green summary');
    assert.ok(!lint({ NO_COLOR: '1' }).includes('\u001b['), 'NO_COLOR: none');
  });

  test('simulate runs a .http file through the sample and prints responses and traces with file:line', async () => {
    const r = await run('simulate', sampleRoot, '--request', path.join(sampleRoot, 'requests', 'orders.http'), '--key', 'fake-project-1-key=project-1', '--named-value', 'func-app-1-key=demo-key');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^GET \/orders\/orders\?top=5 → 200 OK$/m);
    assert.match(r.out, /^ {2}x-correlation-id: demo-1$/m);
    assert.match(r.out, /set-backend-service: .*products[\\/]project-1[\\/]policy\.xml:\d+\)$/m);
    assert.match(r.out, /^OPTIONS \/orders\/orders → 200 OK$/m);
    assert.match(r.out, /^ {2}Access-Control-Allow-Origin: https:\/\/shop\.contoso\.com$/m);
    assert.ok(!r.out.includes('fake-project-1-key'), 'the subscription key is masked');
    assert.ok(!r.out.includes('demo-key'), 'the function key is masked');
  });

  test('simulate --format json gives the result objects', async () => {
    const r = await run('simulate', sampleRoot, '--request', path.join(sampleRoot, 'requests', 'orders.http'), '--key', 'fake-project-1-key=project-1', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const results = JSON.parse(r.out) as { response: { status: number }; trace: unknown[] }[];
    assert.deepEqual(results.map((x) => x.response.status), [200, 200]);
    assert.ok(results[0]!.trace.length > 5);
  });

  test('simulate reports a bad .http file with its line', async () => {
    const dir = tempFolder({ 'bad.http': 'GET /ok\n\n###\nFETCH /nope\n' });
    const r = await run('simulate', sampleRoot, '--request', path.join(dir.root, 'bad.http'));
    dir.dispose();
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.http:4: Expected a request line/);
    const url = tempFolder({ 'url.http': 'GET http://[::1/x HTTP/1.1\n' });
    const u = await run('simulate', sampleRoot, '--request', path.join(url.root, 'url.http'));
    url.dispose();
    assert.match(u.err, /url\.http:1: 'http:\/\/\[::1\/x' is not a URL or a path the gateway could be sent\./);
  });

  test('simulate says how to give a subscription key when the gateway refuses a request for it', async () => {
    const r = await run('simulate', sampleRoot, '--request', path.join(sampleRoot, 'requests', 'orders.http'));
    assert.equal(r.code, 0);
    assert.match(r.out, /→ 401 Unauthorized/);
    assert.match(r.err, /^hint: a request had a subscription key the simulator does not know: give one with --key \(for example --key my-test-key=project-1; products: project-1, project-2\)/m);
    const ok = await run('simulate', sampleRoot, '--request', path.join(sampleRoot, 'requests', 'orders.http'), '--key', 'fake-project-1-key=project-1');
    assert.equal(ok.err, '');
  });

  test('tree prints the sample service', async () => {
    const r = await run('tree', sampleRoot);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^contoso {2}\(APIOps folder · v7 layout\)$/m);
    assert.match(r.out, /^ {4}Orders API {2}\(\/orders · rev 1\)$/m);
    assert.match(r.out, /^ {6}Get an order {2}\(GET \/orders\/\{orderId\}\)$/m);
  });

  test('tree --json gives the model', async () => {
    const r = await run('tree', sampleRoot, '--json');
    const services = JSON.parse(r.out) as { apis: unknown[] }[];
    assert.equal(services[0]?.apis.length, 11);
  });

  test('eval prints the value and its .NET type', async () => {
    const r = await run('eval', '@(7 / 2 + 0.5)');
    assert.deepEqual(r, { code: 0, out: '3.5\n(System.Double)', err: '' });
  });

  test('eval accepts a bare expression and a fixed clock', async () => {
    const r = await run('eval', 'DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd")', '--now', '2026-02-28T12:00:00Z');
    assert.equal(r.out, '2026-03-01\n(System.String)');
  });

  test('eval reports an exception with its position and exit code 1', async () => {
    const r = await run('eval', '@{ var x = 0;\n  return 10 / x; }');
    assert.equal(r.code, 1);
    assert.equal(r.err, '(2:10) System.DivideByZeroException: Attempted to divide by zero.');
  });

  test('eval speaks of the user’s text: an unclosed expression, positions in a bare expression, "did you mean"', async () => {
    assert.equal((await run('eval', '@(')).err, '(1:1) syntax: The expression is not closed: ) is missing.');
    assert.equal((await run('eval', '@{ return 1')).err, '(1:1) syntax: The expression is not closed: } is missing.');
    const bare = await run('eval', 'context.Request.Headerz.Count');
    assert.equal(bare.err, "(1:17) System.MissingMemberException: 'Microsoft.Azure.ApiManagement.IRequest' does not contain a definition for 'Headerz'. Did you mean 'Headers'?");
  });

  test('eval names the context file in its errors and refuses keys the context does not have', async () => {
    const t = tempFolder({ 'bad.json': '{ method: 1 }', 'typo.json': '{ "request": { "methd": "POST" } }' });
    try {
      const bad = await run('eval', '@(1)', '--context', path.join(t.root, 'bad.json'));
      assert.equal(bad.code, 2);
      assert.match(bad.err, new RegExp(`^error: ${path.join(t.root, 'bad.json').replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} \\(--context\\) is not valid JSON: `));
      const typo = await run('eval', '@(context.Request.Method)', '--context', path.join(t.root, 'typo.json'));
      assert.equal(typo.code, 2);
      assert.match(typo.err, /unknown key 'request\.methd'\. Did you mean 'method'\?/);
    } finally {
      t.dispose();
    }
  });

  test('eval reads a context file and named values, and gives JSON', async () => {
    const t = tempFolder({ 'ctx.json': JSON.stringify({ request: { headers: { 'X-Tenant': 'eu' } }, variables: { n: 2 } }) });
    try {
      const r = await run('eval', '@(context.Request.Headers.GetValueOrDefault("x-tenant", "") + (int)context.Variables["n"] + "{{suffix}}")', '--context', path.join(t.root, 'ctx.json'), '--named-value', 'suffix=!', '--format', 'json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out) as { ok: boolean; type: string; value: string };
      assert.deepEqual([json.ok, json.type, json.value], [true, 'System.String', 'eu2!']);
      // A value given for a named value is kept secret, as simulate keeps it: the result shows ***.
      const secret = await run('eval', '@("key=" + "{{backend-key}}" + ";len=" + "{{backend-key}}".Length)', '--named-value', 'backend-key=eval-canary-3e9d');
      assert.equal(secret.code, 0, secret.err);
      assert.equal(secret.out, 'key=***;len=16\n(System.String)');
      const bad = await run('eval', '@("{{suffix}}")', '--named-value', 'suffix');
      assert.equal(bad.code, 2);
      assert.equal(bad.err, "error: eval: --named-value needs NAME=VALUE, not 'suffix'.");
    } finally {
      t.dispose();
    }
  });

  test('lint finds no problems in the sample', async () => {
    const r = await run('lint', sampleRoot);
    assert.equal(r.out, '0 errors, 0 warnings in 25 files');
    assert.equal(r.code, 0);
  });

  test('lint reports errors with file, line and column, and exit code 1', async () => {
    const t = tempFolder({
      'apis/a/apiInformation.json': '{"properties":{"displayName":"A","path":"a"}}',
      'apis/a/policy.xml': '<policies>\n  <inbound>\n    <base />\n    <set-headr name="x" />\n  </inbound>\n</policies>\n',
    });
    try {
      const r = await run('lint', t.root);
      assert.equal(r.code, 1);
      assert.match(r.out, /apis\/a\/policy\.xml:4:6: error unknownPolicy: Unknown policy <set-headr>\. Did you mean 'set-header'\?/);
      assert.match(r.out, /1 error, 0 warnings in 1 file$/);
      const single = await run('lint', path.join(t.root, 'apis/a/policy.xml'), '--format', 'json');
      assert.equal(single.code, 1);
      const json = JSON.parse(single.out) as { file: string; diagnostics: { code: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
      assert.deepEqual(json.map((f) => [path.basename(f.file), f.diagnostics.map((d) => [d.code, d.line, d.column, d.endLine, d.endColumn])]), [['policy.xml', [['unknownPolicy', 4, 6, 4, 15]]]]);
    } finally {
      t.dispose();
    }
  });

  test('roots finds nothing in a folder without APIOps content', async () => {
    const r = await run('roots', path.join(repoRoot, 'src'));
    assert.equal(r.code, 2);
    assert.match(r.err, /^error: No APIOps folder found under /);
  });
});
