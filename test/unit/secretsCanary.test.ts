// A canary secret run through every command, format and output of the CLI: a secret named value
// whose value exists only in the git-ignored named-values.local.json, a subscription key in a
// request line, both reaching variables, LastError, backend calls, query strings, failure lines.
// Each output is searched for the canary raw, URL-encoded, JSON-escaped, base64 and upper-cased.

import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../src/cli/main';
import { MASK, SecretSet } from '../../src/common/secrets';
import { sampleRoot, tempFolder } from './helpers';

const CANARY = 'CANARY+7f/3a=="q\\x';
const KEY = 'KEY-CANARY-99x';

/** Every form a leaked secret could take in output. */
function forms(secret: string): Record<string, string> {
  return {
    raw: secret,
    'URL-encoded': encodeURIComponent(secret),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    base64: Buffer.from(secret).toString('base64'),
    'upper-cased': secret.toUpperCase(),
  };
}

function assertNoLeak(where: string, text: string): void {
  for (const secret of [CANARY, KEY]) {
    for (const [form, value] of Object.entries(forms(secret))) assert.ok(!text.includes(value), `${where} holds the canary ${form}: …${text.slice(Math.max(0, text.indexOf(value) - 60), text.indexOf(value) + value.length + 20)}…`);
  }
}

async function run(...argv: string[]): Promise<string> {
  const out: string[] = [];
  await main(argv, { out: (t) => out.push(t), err: (t) => out.push(t) });
  return out.join('\n');
}

describe('a secret never reaches CLI output, in any encoding', () => {
  test('simulate (text, JSON), test (text, JSON), lint, tree: stdout and stderr', async () => {
    const t = tempFolder({});
    try {
      const root = path.join(t.root, 'contoso');
      cpSync(sampleRoot, root, { recursive: true });
      writeFileSync(path.join(root, 'named-values.local.json'), JSON.stringify({ 'func-app-1-key': CANARY }));
      const apiPolicy = path.join(root, 'apis', 'orders-api', 'policy.xml');
      writeFileSync(
        apiPolicy,
        readFileSync(apiPolicy, 'utf8').replace(
          '<base />',
          '<base /><set-variable name="k" value="{{func-app-1-key}}" /><set-variable name="up" value="@(((string)context.Variables[&quot;k&quot;]).ToUpper())" /><set-variable name="b64" value="@(Convert.ToBase64String(Encoding.UTF8.GetBytes((string)context.Variables[&quot;k&quot;])))" /><set-query-parameter name="code" exists-action="override"><value>{{func-app-1-key}}</value></set-query-parameter>',
        ),
      );
      const failing = path.join(root, 'apis', 'customers-api', 'policy.xml');
      writeFileSync(failing, readFileSync(failing, 'utf8').replace('<base />', '<base /><set-variable name="n" value="@(int.Parse(&quot;{{func-app-1-key}}&quot;))" />'));
      writeFileSync(path.join(t.root, 'r.http'), `GET /orders/orders?subscription-key=${KEY} HTTP/1.1\n\n###\nGET /customers/customers/c-1 HTTP/1.1\nOcp-Apim-Subscription-Key: ${KEY}\n`);
      writeFileSync(
        path.join(t.root, 'leak.apimtest.yaml'),
        [
          'name: leak',
          'config: contoso',
          `subscriptions: [ { key: ${KEY}, product: project-1 } ]`,
          'steps:',
          '  - name: a wrong expectation on a header that carries the secret',
          `    request: { method: GET, url: /orders/orders, headers: { Ocp-Apim-Subscription-Key: ${KEY} } }`,
          '    responses: [ { status: 200, body: [] } ]',
          '    expect: { calls: [ { headers: { x-functions-key: something-else }, url: nope } ], variables: { k: wrong, up: wrong, b64: wrong } }',
          '  - name: LastError carries it',
          `    request: { method: GET, url: /customers/customers/c-1, headers: { Ocp-Apim-Subscription-Key: ${KEY} } }`,
          '    expect: { status: 200 }',
        ].join('\n'),
      );
      const outputs: [string, string][] = [];
      for (const format of ['text', 'json']) {
        outputs.push([`simulate --format ${format}`, await run('simulate', root, '--request', path.join(t.root, 'r.http'), '--key', `${KEY}=project-1`, '--format', format)]);
        outputs.push([`test --format ${format}`, await run('test', path.join(t.root, 'leak.apimtest.yaml'), '--format', format)]);
      }
      outputs.push(['lint', await run('lint', root)], ['tree', await run('tree', root)], ['tree --json', await run('tree', root, '--json')]);
      for (const [where, text] of outputs) assertNoLeak(where, text);
      // The runs did see it: it is masked, not absent.
      const simulated = outputs.find(([w]) => w === 'simulate --format json')?.[1] ?? '';
      assert.ok(simulated.includes(`code=${MASK}`) || simulated.includes(MASK), 'the masked value shows as ***');
      assert.match(outputs.find(([w]) => w === 'test --format text')?.[1] ?? '', /x-functions-key: expected "something-else", got "\*\*\*"/);
    } finally {
      t.dispose();
    }
  });
});

describe('the masking function', () => {
  const set = new SecretSet();
  set.add(CANARY);
  const cases: [string, string][] = [
    ['raw', `x ${CANARY} y`],
    ['URL-encoded', `code=${encodeURIComponent(CANARY)}&a=1`],
    ['form-encoded', `code=${encodeURIComponent(CANARY).replace(/%20/g, '+')}`],
    ['JSON-escaped', JSON.stringify({ v: CANARY })],
    ['base64, alone', Buffer.from(CANARY).toString('base64')],
    ['base64, inside Basic user:secret', `Basic ${Buffer.from(`user:${CANARY}`).toString('base64')}`],
    ['base64, at the second alignment', Buffer.from(`ab${CANARY}`).toString('base64')],
    ['upper-cased', CANARY.toUpperCase()],
    ['lower-cased', CANARY.toLowerCase()],
  ];
  for (const [form, text] of cases) {
    test(form, () => {
      const masked = set.maskText(text);
      assert.ok(masked.includes(MASK), masked);
      assert.ok(!masked.includes(CANARY) && !masked.includes(encodeURIComponent(CANARY)), masked);
      assert.ok(set.inText(text));
    });
  }

  test('walks objects and arrays, copying only what changes', () => {
    const plain = { a: ['x', 1, { b: 'y' }] };
    assert.equal(set.mask(plain), plain);
    assert.deepEqual(set.mask({ a: [CANARY, 1], b: true }), { a: [MASK, 1], b: true });
  });

  test('short values are not secrets worth masking (they would mask noise)', () => {
    const s = new SecretSet();
    s.add('ab');
    assert.equal(s.maskText('about tab'), 'about tab');
  });
});
