import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { listScenarioSteps, runScenarioFile, ScenarioError } from '../../../src/gateway/scenario';
import type { FileSystem } from '../../../src/workspace/fileSystem';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { repoRoot } from '../helpers';

const dir = path.join(repoRoot, 'test', 'scenarios');

/** A file system holding one scenario text. */
function memory(text: string): FileSystem {
  return { readFile: async () => text, readDirectory: async () => [], stat: async () => ({ isDirectory: false }) };
}

const sampleScenarios = path.join(repoRoot, 'samples', 'contoso', 'scenarios');

describe('policy test files', () => {
  const files = [...readdirSync(dir).map((f) => path.join(dir, f)), ...readdirSync(sampleScenarios).map((f) => path.join(sampleScenarios, f))].filter((f) => f.endsWith('.apimtest.yaml'));
  for (const file of files) {
    test(path.relative(repoRoot, file), async () => {
      const r = await runScenarioFile(file, nodeFileSystem);
      assert.deepEqual(r.steps.flatMap((s) => s.failures), []);
      assert.ok(r.steps.length > 0 && r.passed);
    });
  }

  test('no secret, key or token reaches a trace: named values, Basic credentials, tokens from a token endpoint or a managed identity', async () => {
    const r = await runScenarioFile(path.join(dir, 'auth-and-calls.apimtest.yaml'), nodeFileSystem);
    const trace = JSON.stringify(r.steps.map((s) => s.result.trace));
    for (const secret of ['s3cret-pass', 'client-secret-value', 'c3ZjLW9yZGVyczpzM2NyZXQtcGFzcw==', 'token-abc', '.simulated']) assert.ok(!trace.includes(secret), secret);
    assert.match(trace, /"Bearer \*\*\*"/);
    assert.ok(r.steps[2]?.calls[1]?.headers.some(([n, v]) => n === 'Authorization' && v === 'Bearer token-abc'), 'the backend itself gets the real token');
  });

  test('the example in the README runs and passes', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /```yaml\n((?:  .*\n|\n)+?)  ```/.exec(readme)?.[1];
    assert.ok(block, 'the README has a yaml example');
    const r = await runScenarioFile('readme.apimtest.yaml', memory(block.replace(/^ {2}/gm, '')));
    assert.deepEqual(r.steps.flatMap((s) => s.failures), []);
    assert.equal(r.steps.length, 1);
  });

  test('a failed expectation names it, with its line and both values', async () => {
    const text = ['name: t', 'steps:', '  - name: s', '    request: { url: /x }', '    responses: [{ status: 201 }]', '    expect:', '      status: 200'].join('\n');
    const r = await runScenarioFile('t.apimtest.yaml', memory(text));
    assert.deepEqual(r.steps[0]?.failures.map((f) => [f.expectation, f.line, f.expected, f.actual]), [['status', 7, 200, 201]]);
  });

  const bad: [string, string, number, RegExp][] = [
    ['not YAML', 'name: x\nsteps:\n  - name: [a\n', 4, /Not valid YAML/],
    ['no steps', 'name: x\n', 1, /steps/],
    ['a step without request', 'name: x\nsteps:\n  - name: a\n    expect: { status: 200 }\n', 3, /no `request`/],
    ['a bad fault', 'name: x\nsteps:\n  - request: { url: /x }\n    responses:\n      - { fault: slow }\n', 5, /`fault` is `timeout` or `connection`/],
    ['an APIOps folder that is not there', 'name: x\nconfig: nowhere\nsteps: []\n', 2, /was not found/],
  ];
  for (const [name, text, line, message] of bad) {
    test(`bad file: ${name} → file:line and a clear message`, async () => {
      await assert.rejects(runScenarioFile('bad.apimtest.yaml', memory(text)), (e: unknown) => e instanceof ScenarioError && e.line === line && message.test(e.message) && e.message.startsWith(`bad.apimtest.yaml:${line}:`));
    });
  }
});

describe('steps of a policy test file, without running it', () => {
  test('names and lines, with a default name for unnamed steps', () => {
    const text = ['name: t', 'steps:', '  - name: first', '    request: { url: /x }', '  - request: { url: /y }', ''].join('\n');
    assert.deepEqual(listScenarioSteps(text), [
      { name: 'first', line: 3 },
      { name: 'step 2', line: 5 },
    ]);
  });
});
