import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { LineCounter, parseDocument } from 'yaml';
import { listScenarioSteps, runScenarioFile, ScenarioError, stepFailureLines } from '../../../src/gateway/scenario';
import { scenarioSchemaProblems } from '../../../src/gateway/scenarioSchema';
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
    ['no steps', 'name: x\n', 1, /The test file needs `steps`\./],
    ['a step without request', 'name: x\nsteps:\n  - name: a\n    expect: { status: 200 }\n', 3, /Step 1 needs `request`\./],
    ['a bad fault', 'name: x\nsteps:\n  - request: { url: /x }\n    responses:\n      - { fault: slow }\n', 5, /`responses\[0\]\.fault` of step 1 must be one of timeout, connection, not the text 'slow'/],
    ['an APIOps folder that is not there', 'name: x\nconfig: nowhere\nsteps: [{ request: { url: /x } }]\n', 2, /was not found/],
    ['a misspelled expectation', 'name: x\nsteps:\n  - request: { url: /x }\n    expect:\n      stauts: 500\n', 5, /Unknown key 'stauts' in `expect` of step 1\. Did you mean 'status'\?/],
    ['a misspelled step key', 'name: x\nsteps:\n  - request: { url: /x }\n    expcet: { status: 500 }\n', 4, /Unknown key 'expcet' in step 1\. Did you mean 'expect'\?/],
    ['a misspelled request', 'name: x\nsteps:\n  - name: a\n    reqest: { url: /x }\n', 4, /Unknown key 'reqest' in step 1\. Did you mean 'request'\?/],
    ['a misspelled header map', 'name: x\nsteps:\n  - request: { url: /x }\n    expect: { hedaers: { a: b } }\n', 4, /Did you mean 'headers'\?/],
    ['a status written as text', 'name: x\nsteps:\n  - request: { url: /x }\n    expect: { status: "200" }\n', 4, /`expect\.status` of step 1 must be a whole number, not the text '200'/],
    ['a service URL that is none', 'name: x\napi: { serviceUrl: "https://b.exa mple" }\nsteps:\n  - request: { url: /x }\n', 2, /'https:\/\/b\.exa mple' is not an absolute http or https URL/],
    ['a URL that is none', 'name: x\nsteps:\n  - request:\n      url: "http://[::1"\n', 4, /'http:\/\/\[::1' is not a URL or a path/],
    ['a bad regular expression', 'name: x\nsteps:\n  - request: { url: /x }\n    expect:\n      body: { matches: "(" }\n', 5, /`matches` is not a valid regular expression: \/\(\/: Unterminated group/],
    ['a regular expression that backtracks forever', 'name: x\npolicies:\n  api: <policies><inbound><return-response><set-body>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!</set-body></return-response></inbound></policies>\nsteps:\n  - request: { url: /x }\n    expect:\n      body: { matches: "^(a+)+$" }\n', 7, /ran longer than 2000 ms on the value and was stopped/],
    ['an alias bomb', `name: x\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nsteps: []\n`, 1, /Not valid YAML: /],
    ['a mapping used as a key', 'name: x\nsteps:\n  - request:\n      url: /x\n      headers:\n        { Accept: application/json }: y\n', 6, /a key must be plain text, not a mapping or a list/],
  ];
  for (const [name, text, line, message] of bad) {
    test(`bad file: ${name} → file:line and a clear message`, async () => {
      await assert.rejects(runScenarioFile('bad.apimtest.yaml', memory(text)), (e: unknown) => e instanceof ScenarioError && e.line === line && message.test(e.message) && e.message.startsWith(`bad.apimtest.yaml:${line}:`));
    });
  }
});

describe('a test file with an APIOps folder', () => {
  test('config: an absolute path is taken as it is', async () => {
    const text = `name: abs\nconfig: ${JSON.stringify(sampleScenarios.replace(/scenarios$/, ''))}\nsubscriptions: [ { key: k1, product: project-1 } ]\nsteps:\n  - request: { url: /orders/orders, headers: { Ocp-Apim-Subscription-Key: k1 } }\n    responses: [ { status: 200, body: [] } ]\n    expect: { status: 200 }\n`;
    const r = await runScenarioFile('/elsewhere/abs.apimtest.yaml', { ...nodeFileSystem, readFile: async (f: string) => (f === '/elsewhere/abs.apimtest.yaml' ? text : nodeFileSystem.readFile(f)) });
    assert.equal(r.steps[0]?.passed, true, JSON.stringify(r.steps[0]?.failures));
  });
});

describe('the policy test file schema', () => {
  test('every problem of a file is reported with its line, the misspelled required key once', async () => {
    const text = ['name: t', 'steps:', '  - name: a', '    reqest: { url: /x }', '    expect: { stauts: 500, hedaers: {} }'].join('\n');
    await assert.rejects(runScenarioFile('t.apimtest.yaml', memory(text)), (e: unknown) => {
      assert.ok(e instanceof ScenarioError);
      assert.deepEqual(e.problems.map((p) => [p.line, p.message]), [
        [4, "Unknown key 'reqest' in step 1. Did you mean 'request'?"],
        [5, "Unknown key 'stauts' in `expect` of step 1. Did you mean 'status'?"],
        [5, "Unknown key 'hedaers' in `expect` of step 1. Did you mean 'headers'?"],
      ]);
      return true;
    });
  });

  test('validates every policy test file in the repository', () => {
    const all: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'out' || e.name === 'dist') continue;
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.apimtest\.ya?ml$/.test(e.name)) all.push(p);
      }
    };
    walk(repoRoot);
    assert.ok(all.length >= 20, `${all.length} files`);
    for (const file of all) {
      const lines = new LineCounter();
      const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
      assert.deepEqual(scenarioSchemaProblems(doc.toJS(), doc, lines), [], path.relative(repoRoot, file));
    }
  });

  test('the manifest gives YAML editors the schema for *.apimtest.yaml', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    const entry = manifest.contributes.yamlValidation.find((v) => v.fileMatch.includes('*.apimtest.yaml'));
    assert.ok(entry);
    const schema = JSON.parse(readFileSync(path.join(repoRoot, entry.url), 'utf8')) as { title: string };
    assert.match(schema.title, /apimtest/);
  });
});

describe('a failed step says why', () => {
  test('the simulator’s own message and the failing policy', async () => {
    const text = ['name: t', 'api: { serviceUrl: "https://x.example" }', 'policies:', '  api: |', '    <policies><inbound><base /></inbound><backend><forward-request /></backend></policies>', 'steps:', '  - request: { url: /b }', '    expect: { status: 200 }'].join('\n');
    const r = await runScenarioFile('t.apimtest.yaml', memory(text));
    assert.equal(r.steps[0]?.passed, false);
    assert.equal(r.steps[0]?.reason, "forward-request failed (BackendConnectionFailure): Error occurred while calling backend service. No canned response matches GET https://x.example/b: add one to the step's responses. (at the inline api policy, line 1)");
  });

  test('what a failed step prints: each expectation with its line, then why', async () => {
    const text = ['name: t', 'api: { serviceUrl: "https://x.example" }', 'policies:', '  api: |', '    <policies><inbound><base /></inbound><backend><forward-request /></backend></policies>', 'steps:', '  - request: { url: /b }', '    expect: { status: 201 }'].join('\n');
    const step = (await runScenarioFile('t.apimtest.yaml', memory(text))).steps[0]!;
    const lines = stepFailureLines(step, 't.apimtest.yaml');
    assert.equal(lines[0], 't.apimtest.yaml:8: status: expected 201, got 500');
    assert.match(lines[1] ?? '', /^why: forward-request failed \(BackendConnectionFailure\)/);
  });

  test('Run Test at Cursor: the file runs up to the step asked for', async () => {
    const text = ['name: t', 'policies:', '  api: |', '    <policies><inbound><base /><rate-limit-by-key calls="1" renewal-period="60" counter-key="k" /><return-response><set-status code="200" reason="OK" /></return-response></inbound></policies>', 'steps:', '  - request: { url: /a }', '  - request: { url: /b }', '    expect: { status: 429 }', '  - request: { url: /c }'].join('\n');
    const r = await runScenarioFile('t.apimtest.yaml', memory(text), { lastStep: 1 });
    assert.equal(r.steps.length, 2);
    assert.equal(r.steps[1]?.passed, true, 'the first step ran: its call counts against the limit');
  });
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
