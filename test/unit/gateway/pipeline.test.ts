import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApiConfig, GatewayConfig } from '../../../src/gateway/gatewayConfig';
import { Gateway, SimulatedClock, matchTemplate } from '../../../src/gateway/pipeline';
import { MOCK_BACKEND } from '../../../src/gateway/simulateHttp';
import { CannedTransport, type CannedResponse } from '../../../src/gateway/transport';
import { parsePolicy } from '../../../src/policy/policyParser';

function gateway(apiPolicy: string, extra: Partial<GatewayConfig> = {}, responses: CannedResponse[] = [{ status: 200 }], api: Partial<ApiConfig> = {}) {
  const config: GatewayConfig = {
    serviceName: 'apim-test',
    apis: [{ id: 'orders', path: 'orders', serviceUrl: 'https://backend.example.net/base', subscriptionRequired: false, operations: [{ id: 'op', method: 'GET', urlTemplate: '/items/{id}' }], policy: { document: parsePolicy(apiPolicy), file: 'api/policy.xml' }, ...api }],
    products: [],
    subscriptions: [],
    namedValues: new Map([['secret-key', { value: 'top-secret-value', secret: true }], ['plain', { value: 'visible', secret: false }]]),
    fragments: new Map(),
    backends: new Map(),
    ...extra,
  };
  const transport = new CannedTransport(responses);
  return { gw: new Gateway(config, { transport, clock: new SimulatedClock() }), transport };
}

const wrap = (inbound: string, extra = ''): string => `<policies><inbound><base />${inbound}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base />${extra}</on-error></policies>`;

describe('the pipeline', () => {
  test('secret named values never reach the trace, though the backend gets them', async () => {
    const { gw, transport } = gateway(wrap('<set-header name="x-key" exists-action="override"><value>{{secret-key}}</value></set-header><set-variable name="v" value="{{secret-key}}" />'));
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    assert.equal(transport.calls[0]?.headers.find(([n]) => n === 'x-key')?.[1], 'top-secret-value');
    const trace = JSON.stringify(r.trace);
    assert.ok(!trace.includes('top-secret-value'), trace);
    assert.ok(trace.includes('***'));
  });

  test('each step records what it changed, before and after, credentials masked', async () => {
    const { gw } = gateway(wrap('<set-variable name="v" value="one" /><set-header name="Authorization" exists-action="override"><value>Bearer eyJsecret.token.value</value></set-header><rewrite-uri template="/v2/{id}" />'));
    const r = await gw.handle({ method: 'GET', url: '/orders/items/3' });
    const changes = (source: string) => r.trace.find((e) => e.source === source)?.changes;
    assert.deepEqual(changes('set-variable'), [{ what: 'variable v', before: null, after: 'one' }]);
    assert.deepEqual(changes('set-header'), [{ what: 'request headers', before: '', after: 'Authorization: Bearer ***' }]);
    assert.deepEqual(changes('rewrite-uri'), [{ what: 'request URL', before: 'https://backend.example.net/base/items/3', after: 'https://backend.example.net/base/v2/3' }]);
    assert.ok(!JSON.stringify(r.trace).includes('eyJsecret'), 'the token appears nowhere in the trace');
  });

  test('a policy not simulated yet is reported in the trace and the result, never skipped silently', async () => {
    const { gw } = gateway(wrap('<sql-data-source />'));
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    assert.deepEqual(r.unsimulated, ['sql-data-source']);
    const entry = r.trace.find((e) => e.source === 'sql-data-source');
    assert.equal(entry?.notSimulated, true);
    assert.equal(entry?.location?.file, 'api/policy.xml');
  });

  test('an expression that throws: on-error runs with LastError, the caller gets 500', async () => {
    const { gw, transport } = gateway(wrap('<set-variable name="n" value="@(int.Parse("x"))" />', '<set-header name="x-reason" exists-action="override"><value>@(context.LastError.Reason + "|" + context.LastError.Section)</value></set-header>'));
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    assert.equal(r.response.status, 500);
    assert.equal(transport.calls.length, 0, 'the backend is skipped');
    assert.deepEqual(r.response.headers.find(([n]) => n === 'x-reason'), ['x-reason', 'ExpressionValueEvaluationFailure|inbound']);
    assert.match(r.lastError?.message ?? '', /FormatException/);
    assert.equal(JSON.parse(r.response.body ?? '{}').message, 'Internal server error');
  });

  test('a value of the wrong type is a policy error naming the value, never a NaN in the trace', async () => {
    const cases: [string, RegExp, string][] = [
      ['<rate-limit-by-key calls="abc" renewal-period="60" counter-key="k" />', /'abc' in 'calls' of <rate-limit-by-key>, which is not valid: expected a whole number of at least 0\./, 'InvalidPolicyValue'],
      ['<rate-limit-by-key calls="5" renewal-period="-5" counter-key="k" />', /'-5' in 'renewal-period'.*expected a whole number of seconds from 0 to 300/, 'InvalidPolicyValue'],
      ['<rate-limit-by-key calls="@(&quot;many&quot;)" renewal-period="60" counter-key="k" />', /The expression in 'calls' of <rate-limit-by-key> gave 'many', which is not valid/, 'ExpressionValueEvaluationFailure'],
      ['<cache-lookup vary-by-developer="maybe" vary-by-developer-groups="false" />', /'maybe' in 'vary-by-developer'.*expected true or false/, 'InvalidPolicyValue'],
      ['<retry condition="@(false)" count="lots" interval="1"><set-variable name="x" value="1" /></retry>', /'lots' in 'count'/, 'InvalidPolicyValue'],
    ];
    for (const [policy, message, reason] of cases) {
      const { gw } = gateway(wrap(policy, '<set-header name="x-reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header>'));
      const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
      assert.equal(r.response.status, 500, policy);
      assert.match(r.lastError?.message ?? '', message);
      assert.deepEqual(r.response.headers.find(([n]) => n === 'x-reason'), ['x-reason', reason]);
      assert.ok(!JSON.stringify(r.trace).includes('NaN'), JSON.stringify(r.trace));
    }
  });

  test('expired cache entries and idle counters are dropped: the state does not grow with distinct URLs and keys', async () => {
    const clock = new SimulatedClock();
    const config: GatewayConfig = {
      serviceName: 'apim-test',
      apis: [{ id: 'orders', path: 'orders', serviceUrl: 'https://backend.example.net/base', subscriptionRequired: false, operations: [{ id: 'op', method: 'GET', urlTemplate: '/items/{id}' }], policy: { document: parsePolicy(wrap('<rate-limit-by-key calls="1000" renewal-period="60" counter-key="@(context.Request.Url.Path)" /><cache-lookup vary-by-developer="false" vary-by-developer-groups="false"><vary-by-query-parameter>q</vary-by-query-parameter></cache-lookup>').replace('<outbound><base /></outbound>', '<outbound><base /><cache-store duration="30" /></outbound>')) } }],
      products: [],
      subscriptions: [],
      namedValues: new Map(),
      fragments: new Map(),
      backends: new Map(),
    };
    const gw = new Gateway(config, { transport: MOCK_BACKEND, clock });
    const sizes: number[] = [];
    for (let i = 0; i < 5000; i++) {
      clock.advance(1000);
      await gw.handle({ method: 'GET', url: `/orders/items/${i}?q=${i}` });
      if (i % 1000 === 999) sizes.push(gw.stateSize());
    }
    // At one request a second: 30 s of cached responses and 300 s of rate-limit windows, and what arrives before a sweep.
    assert.ok(sizes.every((n) => n <= 30 + 300 + 2 * Gateway.SWEEP_EVERY), sizes.join(','));
    assert.ok((sizes[4] ?? 0) <= (sizes[2] ?? 0) * 1.1, `flat once full: ${sizes.join(',')}`);
  });

  test('a failure of the simulator itself (a service URL that is none) is that request\'s 500, never an exception', async () => {
    const { gw } = gateway(wrap(''), {}, [{ status: 200 }], { serviceUrl: 'https://b.exa mple/x' });
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    assert.equal(r.response.status, 500);
    assert.equal(r.lastError?.reason, 'SimulatorError');
    assert.match(r.lastError?.message ?? '', /could not handle GET \/orders\/items\/1: Invalid URL/);
  });

  test('a literal true in increment-condition counts the request, as an expression giving true does', async () => {
    const { gw } = gateway(wrap('<rate-limit-by-key calls="1" renewal-period="60" counter-key="k" increment-condition="true" />'));
    assert.equal((await gw.handle({ method: 'GET', url: '/orders/items/1' })).response.status, 200);
    assert.equal((await gw.handle({ method: 'GET', url: '/orders/items/1' })).response.status, 429);
  });

  test('LastError knows the scope, the path among sibling policies and the policy id (§1.4)', async () => {
    const { gw } = gateway(wrap('<set-variable name="a" value="1" /><choose><when condition="@(true)"><set-variable id="parse-n" name="n" value="@(int.Parse(&quot;x&quot;))" /></when></choose>', '<set-header name="x-where" exists-action="override"><value>@(context.LastError.Scope + "|" + context.LastError.Path + "|" + context.LastError.PolicyId)</value></set-header>'));
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    assert.deepEqual(r.response.headers.find(([n]) => n === 'x-where'), ['x-where', 'api|choose[3]/when[1]/set-variable[1]|parse-n']);
  });

  test('set-backend-service with a backend id: its URL, and its credentials on the call', async () => {
    const backends = new Map([['func', { url: 'https://func.example.net/api', credentials: { header: { 'x-functions-key': ['k1'] } } }]]);
    const { gw, transport } = gateway(wrap('<set-backend-service backend-id="func" />'), { backends });
    await gw.handle({ method: 'GET', url: '/orders/items/9?q=1' });
    assert.equal(transport.calls[0]?.url, 'https://func.example.net/api/items/9?q=1');
    assert.deepEqual(transport.calls[0]?.headers.find(([n]) => n === 'x-functions-key'), ['x-functions-key', 'k1']);
  });

  test('rewrite-uri fills the template from the operation parameters and keeps other query parameters', async () => {
    const { gw, transport } = gateway(wrap('<rewrite-uri template="/v2/things/{id}" />'));
    await gw.handle({ method: 'GET', url: '/orders/items/5?debug=true' });
    assert.equal(transport.calls[0]?.url, 'https://backend.example.net/base/v2/things/5?debug=true');
  });

  test('include-fragment runs the fragment in place, and says so in the trace', async () => {
    const fragments = new Map([['corr', { document: parsePolicy('<fragment><set-header name="x-correlation-id" exists-action="skip"><value>@(context.RequestId.ToString())</value></set-header></fragment>'), file: 'fragments/corr.xml' }]]);
    const { gw, transport } = gateway(wrap('<include-fragment fragment-id="corr" />'), { fragments });
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    assert.ok(transport.calls[0]?.headers.some(([n]) => n === 'x-correlation-id'));
    assert.deepEqual(r.trace.filter((e) => e.source === 'include-fragment').map((e) => e.data), ["Entering policy fragment 'corr'", "Leaving policy fragment 'corr'"]);
    assert.equal(r.trace.find((e) => e.source === 'set-header')?.location?.file, 'fragments/corr.xml');
  });

  test('the trace has the gateway entry shape: timestamp with 7 digits, elapsed as hh:mm:ss.fffffff', async () => {
    const { gw } = gateway(wrap(''), {}, [{ status: 200, delayMs: 1500 }]);
    const r = await gw.handle({ method: 'GET', url: '/orders/items/1' });
    const last = r.trace[r.trace.length - 1];
    assert.match(last?.timestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.equal(last?.elapsed, '00:00:01.5000000');
    assert.equal(last?.source, 'transfer-response');
  });
});

describe('the step hook (the debugger seam)', () => {
  test('before and after every policy, nested ones included, with the live context; a before that awaits holds the request', async () => {
    const config: GatewayConfig = {
      serviceName: 's',
      apis: [{ id: 'a', path: 'a', subscriptionRequired: false, operations: [{ id: 'o', method: '*', urlTemplate: '/*' }], policy: { document: parsePolicy(wrap('<set-variable name="v" value="1" /><choose><when condition="@(true)"><set-variable name="w" value="2" /></when></choose>')) } }],
      products: [],
      subscriptions: [],
      namedValues: new Map(),
      fragments: new Map(),
      backends: new Map(),
    };
    const events: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const gw = new Gateway(config, {
      transport: new CannedTransport([{ status: 200 }]),
      clock: new SimulatedClock(),
      hook: {
        before: async ({ element, run }) => {
          events.push(`before ${element.name} ${run.section}`);
          if (element.name === 'forward-request') await held;
        },
        after: ({ element, run }) => {
          const vars = run.context.fields['Variables'] as { has(k: string): boolean };
          events.push(`after ${element.name}${element.name === 'choose' ? ` w=${vars.has('w')}` : ''}`);
        },
      },
    });
    const pending = gw.handle({ method: 'GET', url: '/a/x' });
    await new Promise((r) => setImmediate(r));
    assert.equal(events.at(-1), 'before forward-request backend', 'the request waits at the breakpoint');
    release();
    await pending;
    assert.deepEqual(events, ['before set-variable inbound', 'after set-variable', 'before choose inbound', 'before set-variable inbound', 'after set-variable', 'after choose w=true', 'before forward-request backend', 'after forward-request']);
  });
});

describe('URL templates', () => {
  const rows: [string, string, Record<string, string> | undefined][] = [
    ['/orders/{id}', '/orders/42', { id: '42' }],
    ['/orders/{id}', '/orders/42/', { id: '42' }],
    ['/orders/{id}', '/orders', undefined],
    ['/orders/{id}/lines/{line}', '/orders/1/lines/2', { id: '1', line: '2' }],
    // A template's query parameter is matched from the query, and required.
    ['/orders?status={status}', '/orders', undefined],
    ['/orders?status={status}', '/orders?status=open&x=1', { status: 'open' }],
    ['/get?a={b}', '/get?a=b&c=d', { b: 'b' }],
    ['/orders/{id}?v={version}', '/orders/7?v=2', { id: '7', version: '2' }],
    ['/files/{*path}', '/files/a/b/c.txt', { path: 'a/b/c.txt' }],
    ['/*', '/anything/at/all', {}],
    ['/Orders', '/orders', {}],
  ];
  for (const [template, url, expected] of rows) {
    test(`${template} ~ ${url}`, () => {
      const [path, query = ''] = url.split('?') as [string, string?];
      assert.deepEqual(matchTemplate(template, path, new URLSearchParams(query)), expected);
    });
  }
});

describe('backends: circuit breakers', () => {
  test('a tripped breaker answers 503 without calling the backend, until tripDuration has passed', async () => {
    const backends = new Map([['fn', { url: 'https://fn.example.net', circuitBreaker: { rules: [{ failureCondition: { count: 1, interval: 'PT1M', statusCodeRanges: [{ min: 500, max: 599 }] }, tripDuration: 'PT10S' }] } }]]);
    const clock = new SimulatedClock();
    const transport = new CannedTransport([{ status: 500 }]);
    const config: GatewayConfig = {
      serviceName: 's',
      apis: [{ id: 'a', path: 'a', subscriptionRequired: false, operations: [{ id: 'o', method: '*', urlTemplate: '/*' }], policy: { document: parsePolicy(wrap('<set-backend-service backend-id="fn" />')) } }],
      products: [],
      subscriptions: [],
      namedValues: new Map(),
      fragments: new Map(),
      backends,
    };
    const gw = new Gateway(config, { transport, clock });
    assert.equal((await gw.handle({ method: 'GET', url: '/a/x' })).response.status, 500);
    const refused = await gw.handle({ method: 'GET', url: '/a/x' });
    assert.equal(refused.response.status, 503);
    assert.equal(refused.lastError?.reason, 'BackendUnavailable');
    assert.equal(transport.calls.length, 1, 'the open breaker kept the second request from the backend');
    clock.advance(10_000);
    await gw.handle({ method: 'GET', url: '/a/x' });
    assert.equal(transport.calls.length, 2);
  });
});
