import assert from 'node:assert/strict';
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
    const listed = [...r.out.matchAll(/^ {2}(\w[\w-]*) /gm)].map((m) => m[1]);
    assert.deepEqual(listed, ['tree', 'eval', 'lint', 'test', 'simulate', 'publish', 'extract', 'roots']);
  });

  test('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    assert.deepEqual(await run('--version'), { code: 0, out: version, err: '' });
  });

  test('an unknown command fails with a pointer to --help', async () => {
    const r = await run('deploy');
    assert.equal(r.code, 1);
    assert.match(r.err, /Unknown command 'deploy'.*--help/);
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

  test('simulate runs a .http file through the sample and prints responses and traces with file:line', async () => {
    const r = await run('simulate', sampleRoot, '--request', path.join(sampleRoot, 'requests', 'orders.http'), '--key', 'project-1-key=project-1', '--named-value', 'func-app-1-key=demo-key');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^GET \/orders\/orders\?top=5 → 200 OK$/m);
    assert.match(r.out, /^ {2}x-correlation-id: demo-1$/m);
    assert.match(r.out, /set-backend-service: .*products[\\/]project-1[\\/]policy\.xml:\d+\)$/m);
    assert.match(r.out, /^OPTIONS \/orders\/orders → 200 OK$/m);
    assert.match(r.out, /^ {2}Access-Control-Allow-Origin: https:\/\/shop\.contoso\.com$/m);
    assert.ok(!r.out.includes('project-1-key'), 'the subscription key is masked');
    assert.ok(!r.out.includes('demo-key'), 'the function key is masked');
  });

  test('simulate --format json gives the result objects', async () => {
    const r = await run('simulate', sampleRoot, '--request', path.join(sampleRoot, 'requests', 'orders.http'), '--key', 'project-1-key=project-1', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const results = JSON.parse(r.out) as { response: { status: number }; trace: unknown[] }[];
    assert.deepEqual(results.map((x) => x.response.status), [200, 200]);
    assert.ok(results[0]!.trace.length > 5);
  });

  test('simulate reports a bad .http file with its line', async () => {
    const dir = tempFolder({ 'bad.http': 'GET /ok\n\n###\nFETCH /nope\n' });
    const r = await run('simulate', sampleRoot, '--request', path.join(dir.root, 'bad.http'));
    dir.dispose();
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.http:4: Expected a request line/);
  });

  test('tree prints the sample service', async () => {
    const r = await run('tree', sampleRoot);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^contoso {2}\(APIOps folder\)$/m);
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

  test('eval reads a context file and named values, and gives JSON', async () => {
    const t = tempFolder({ 'ctx.json': JSON.stringify({ request: { headers: { 'X-Tenant': 'eu' } }, variables: { n: 2 } }) });
    try {
      const r = await run('eval', '@(context.Request.Headers.GetValueOrDefault("x-tenant", "") + (int)context.Variables["n"] + "{{suffix}}")', '--context', path.join(t.root, 'ctx.json'), '--named-value', 'suffix=!', '--format', 'json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out) as { ok: boolean; type: string; value: string };
      assert.deepEqual([json.ok, json.type, json.value], [true, 'System.String', 'eu2!']);
      const bad = await run('eval', '@("{{suffix}}")', '--named-value', 'suffix');
      assert.equal(bad.code, 1);
      assert.equal(bad.err, "apim-workbench eval: --named-value needs NAME=VALUE: 'suffix'");
    } finally {
      t.dispose();
    }
  });

  test('lint finds no problems in the sample', async () => {
    const r = await run('lint', sampleRoot);
    assert.equal(r.out, '0 errors, 0 warnings');
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
      assert.match(r.out, /1 error, 0 warnings$/);
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
    assert.equal(r.code, 1);
  });
});
