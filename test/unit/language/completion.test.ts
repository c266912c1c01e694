import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { completeAt, type CompletionContext, type CompletionItem } from '../../../src/language/completion';
import { parsePolicy } from '../../../src/policy/policyParser';

before(async () => {
  await loadCSharpParser();
});

const CTX: CompletionContext = {
  scope: 'api',
  namedValues: [
    { name: 'func-app-1-key', secret: true },
    { name: 'tenant-id', secret: false, value: 'contoso' },
  ],
  backends: ['func-app-1', 'aks-cluster'],
  fragments: ['correlation-id'],
};

/** `|` marks the cursor. */
function complete(marked: string, ctx: CompletionContext = CTX): CompletionItem[] {
  const offset = marked.indexOf('|');
  return completeAt(parsePolicy(marked.replace('|', '')), offset, ctx);
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

describe('completion of elements', () => {
  test('policies valid in inbound, with docs, and <base />', () => {
    const items = complete('<policies><inbound><set-h|');
    const names = labels(items);
    assert.ok(names.includes('set-header'));
    assert.ok(names.includes('base'));
    assert.ok(!names.includes('forward-request'), 'forward-request belongs in backend');
    const sh = items.find((i) => i.label === 'set-header');
    assert.match(sh?.documentation ?? '', /set-header-policy/);
    assert.match(sh?.insertText ?? '', /^set-header name="\$\{1\}"/);
  });

  test('the partial name is what gets replaced', () => {
    const text = '<policies><inbound><set-h';
    const item = complete(`${text}|`).find((i) => i.label === 'set-header');
    assert.equal(text.slice(item!.replace.start, item!.replace.end), 'set-h');
  });

  test('forward-request in backend, not cors', () => {
    const names = labels(complete('<policies><backend><|</backend></policies>'));
    assert.ok(names.includes('forward-request'));
    assert.ok(!names.includes('cors'));
  });

  test('the scope decides: rate-limit at product scope, not at global', () => {
    assert.ok(labels(complete('<policies><inbound><|', { scope: 'product' })).includes('rate-limit'));
    assert.ok(!labels(complete('<policies><inbound><|', { scope: 'global' })).includes('rate-limit'));
  });

  test('inside choose: when and otherwise; inside when: policies', () => {
    assert.deepEqual(labels(complete('<policies><inbound><choose><|</choose></inbound></policies>')), ['when', 'otherwise']);
    assert.ok(labels(complete('<policies><inbound><choose><when condition="@(true)"><|')).includes('set-variable'));
  });

  test('children of send-request in their order', () => {
    assert.deepEqual(labels(complete('<policies><inbound><send-request mode="new" response-variable-name="r"><|')).slice(0, 3), ['set-url', 'set-method', 'set-header']);
  });

  test('outbound: response-side policies, not forward-request or authentication', () => {
    const names = labels(complete('<policies><outbound><|'));
    for (const n of ['base', 'set-status', 'set-body', 'cache-store', 'xml-to-json']) assert.ok(names.includes(n), n);
    for (const n of ['forward-request', 'authentication-basic', 'rate-limit', 'cors']) assert.ok(!names.includes(n), n);
  });

  test('on-error: the policies the error-handling article allows', () => {
    const names = labels(complete('<policies><on-error><|'));
    for (const n of ['base', 'return-response', 'set-status', 'set-header', 'trace', 'retry', 'choose']) assert.ok(names.includes(n), n);
    for (const n of ['forward-request', 'validate-jwt', 'cache-store']) assert.ok(!names.includes(n), n);
  });

  test('<base /> is offered directly under a section, not inside choose or retry, not in a fragment', () => {
    assert.ok(!labels(complete('<policies><outbound><choose><otherwise><|')).includes('base'));
    const retry = labels(complete('<policies><backend><retry condition="@(true)" count="2" interval="1"><|'));
    assert.ok(retry.includes('forward-request'), 'retry in backend holds backend policies');
    assert.ok(!retry.includes('base'));
    const fragment = labels(complete('<fragment><|', { ...CTX, scope: 'fragment' }));
    assert.ok(fragment.includes('set-header'));
    assert.ok(!fragment.includes('base'));
  });

  test('children of return-response, wait, cors and validate-jwt', () => {
    assert.deepEqual(labels(complete('<policies><inbound><return-response><|')), ['set-status', 'set-header', 'set-body']);
    assert.deepEqual(labels(complete('<policies><inbound><wait><|')).sort(), ['cache-lookup-value', 'choose', 'send-request']);
    assert.deepEqual(labels(complete('<policies><inbound><cors><|')), ['allowed-origins', 'allowed-methods', 'allowed-headers', 'expose-headers']);
    assert.deepEqual(labels(complete('<policies><inbound><cors><allowed-origins><|')), ['origin']);
    assert.ok(labels(complete('<policies><inbound><validate-jwt header-name="Authorization"><|')).includes('required-claims'));
  });

  test('attributes of a child element inside send-request', () => {
    assert.deepEqual(labels(complete('<policies><inbound><send-request mode="new" response-variable-name="r"><authentication-managed-identity |')), ['resource', 'client-id', 'output-token-variable-name', 'ignore-error', 'authentication-provider']);
  });

  test('sections under <policies>, only those not written yet', () => {
    assert.deepEqual(labels(complete('<policies><inbound><base /></inbound><|</policies>')), ['backend', 'outbound', 'on-error']);
  });

  test('the closing tag of the open element', () => {
    assert.deepEqual(labels(complete('<policies><inbound><base /></|')), ['</inbound>']);
  });
});

describe('completion of attributes and values', () => {
  test('attributes not yet written, required first', () => {
    const names = labels(complete('<policies><inbound><set-header name="x" |'));
    assert.deepEqual(names, ['exists-action']);
    assert.equal(labels(complete('<policies><inbound><rate-limit-by-key |', { scope: 'api' }))[0], 'calls');
  });

  test('enumeration values', () => {
    assert.deepEqual(labels(complete('<policies><inbound><set-header name="x" exists-action="|" />')), ['override', 'skip', 'append', 'delete']);
  });

  test('backend ids and fragment ids of the service', () => {
    assert.deepEqual(labels(complete('<policies><inbound><set-backend-service backend-id="|" />')), ['func-app-1', 'aks-cluster']);
    assert.deepEqual(labels(complete('<policies><inbound><include-fragment fragment-id="|" />')), ['correlation-id']);
  });

  test('named values after {{', () => {
    const items = complete('<policies><inbound><set-header name="k"><value>{{|');
    assert.deepEqual(labels(items), ['func-app-1-key', 'tenant-id']);
    assert.equal(items[0]?.insertText, 'func-app-1-key}}');
    assert.equal(items[0]?.detail, 'secret named value');
  });
});

describe('completion inside expressions', () => {
  test('members of context.Request', () => {
    const names = labels(complete('<policies><inbound><set-variable name="v" value="@(context.Request.|)" />'));
    for (const m of ['Headers', 'Body', 'Method', 'Url', 'MatchedParameters']) assert.ok(names.includes(m), m);
  });

  test('members of a method result, with signatures', () => {
    const items = complete('<policies><inbound><set-variable name="v" value="@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;).|)" />');
    const split = items.find((i) => i.label === 'Split');
    assert.ok(split, labels(items).join(','));
    assert.match(split.documentation ?? '', /string\[\] Split\(params char\[\] separator\)/);
  });

  test('static members of a type', () => {
    const names = labels(complete('<policies><inbound><set-body>@(DateTime.|)</set-body>'));
    assert.ok(names.includes('UtcNow'));
    assert.ok(!names.includes('AddDays'), 'instance members are not offered on the type');
  });

  test('a half-typed expression in text', () => {
    assert.ok(labels(complete('<policies><inbound><set-body>@{ var b = context.Request.Body.As<JObject>(); return b.|')).includes('Properties'));
  });

  test('variables set earlier', () => {
    const items = complete('<policies><inbound><set-variable name="correlationId" value="x" /><set-header name="c"><value>@((string)context.Variables["|"])</value></set-header>');
    assert.deepEqual(labels(items), ['correlationId']);
  });

  test('context.Response in outbound and context.LastError in on-error', () => {
    const resp = labels(complete('<policies><outbound><set-body>@(context.Response.|)</set-body>'));
    for (const m of ['Body', 'Headers', 'StatusCode', 'StatusReason']) assert.ok(resp.includes(m), m);
    const err = labels(complete('<policies><on-error><set-body>@(context.LastError.|)</set-body>'));
    for (const m of ['Source', 'Reason', 'Message', 'Scope', 'Section', 'Path', 'PolicyId']) assert.ok(err.includes(m), m);
  });

  test('inside a retry condition', () => {
    assert.ok(labels(complete('<policies><backend><retry condition="@(context.Response.|)" count="2" interval="1"><forward-request /></retry></backend></policies>')).includes('StatusCode'));
  });

  test('names at the start of an expression', () => {
    const names = labels(complete('<policies><inbound><set-body>@(con|)</set-body>'));
    assert.equal(names[0], 'context');
    assert.ok(names.includes('DateTime') && names.includes('JObject'));
  });
});
