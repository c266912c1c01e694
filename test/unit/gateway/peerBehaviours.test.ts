// Gateway behaviours that peers' test suites assert (the policy toolkit's, the Go emulator's),
// each with its expectation from Microsoft Learn's page for the policy.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApiConfig, GatewayConfig } from '../../../src/gateway/gatewayConfig';
import { Gateway, SimulatedClock } from '../../../src/gateway/pipeline';
import { CannedTransport, type CannedResponse } from '../../../src/gateway/transport';
import { parsePolicy } from '../../../src/policy/policyParser';

const KEY = 'key-gold';

function gateway(productPolicy: string, apis: ApiConfig[], responses: CannedResponse[] = [{ status: 200 }]) {
  const config: GatewayConfig = {
    serviceName: 'apim-test',
    apis,
    products: [{ id: 'gold', name: 'Gold', policy: { document: parsePolicy(productPolicy), file: 'products/gold/policy.xml' }, apis: apis.map((a) => a.id) }],
    subscriptions: [{ key: KEY, product: 'gold' }],
    namedValues: new Map(),
    fragments: new Map(),
    backends: new Map(),
  };
  const transport = new CannedTransport(responses);
  const clock = new SimulatedClock();
  return { gw: new Gateway(config, { transport, clock }), transport, clock };
}

const api = (id: string, name: string, path: string, ops: { id: string; name?: string; method: string; urlTemplate: string }[]): ApiConfig => ({
  id,
  name,
  path,
  serviceUrl: 'https://backend.example.net',
  subscriptionRequired: true,
  operations: ops,
});

const inbound = (statements: string): string => `<policies><inbound><base />${statements}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;

async function statuses(gw: Gateway, urls: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const url of urls) out.push((await gw.handle({ method: 'GET', url, headers: [['Ocp-Apim-Subscription-Key', KEY]] })).response.status);
  return out;
}

describe('rate-limit and quota with nested <api> and <operation> limits (rate-limit and quota pages: "Product, API, and operation call rate limits are applied independently")', () => {
  const apis = [
    api('orders-api', 'Orders', 'orders', [
      { id: 'list', name: 'List orders', method: 'GET', urlTemplate: '/list' },
      { id: 'get', name: 'Get order', method: 'GET', urlTemplate: '/item' },
    ]),
    api('stock-api', 'Stock', 'stock', [{ id: 'level', method: 'GET', urlTemplate: '/level' }]),
  ];

  test('rate-limit: the API limit (by id) and the operation limit (by name) are enforced besides the product one', async () => {
    const { gw } = gateway(inbound('<rate-limit calls="10" renewal-period="60"><api id="orders-api" calls="3" renewal-period="60"><operation name="Get order" calls="1" renewal-period="60" /></api></rate-limit>'), apis);
    // Get order: its own limit of 1; List orders then fills the API's 3; Stock has only the product's 10.
    assert.deepEqual(await statuses(gw, ['/orders/item', '/orders/item']), [200, 429]);
    assert.deepEqual(await statuses(gw, ['/orders/list', '/orders/list', '/orders/list']), [200, 200, 429]);
    assert.deepEqual(await statuses(gw, ['/stock/level', '/stock/level', '/stock/level', '/stock/level']), [200, 200, 200, 200]);
  });

  test('rate-limit: when both are given, id is used and name ignored', async () => {
    const { gw } = gateway(inbound('<rate-limit calls="10" renewal-period="60"><api id="stock-api" name="Orders" calls="1" renewal-period="60" /></rate-limit>'), apis);
    assert.deepEqual(await statuses(gw, ['/orders/list', '/orders/list', '/stock/level', '/stock/level']), [200, 200, 200, 429]);
  });

  test('rate-limit: the nested limits renew with their own window', async () => {
    const { gw, clock } = gateway(inbound('<rate-limit calls="10" renewal-period="60"><api name="Orders" calls="1" renewal-period="10" /></rate-limit>'), apis);
    assert.deepEqual(await statuses(gw, ['/orders/list', '/orders/list']), [200, 429]);
    clock.advance(11_000);
    assert.deepEqual(await statuses(gw, ['/orders/list']), [200]);
  });

  test('quota: the API and operation quotas are enforced besides the product one, with 403', async () => {
    const { gw } = gateway(inbound('<quota calls="100" renewal-period="3600"><api name="Orders" calls="2" renewal-period="3600"><operation id="get" calls="1" renewal-period="3600" /></api></quota>'), apis);
    assert.deepEqual(await statuses(gw, ['/orders/item', '/orders/item', '/orders/list', '/orders/list', '/stock/level']), [200, 403, 200, 403, 200]);
  });
});

describe('operation URL templates with query parameters, and rewrite-uri (rewrite-uri page)', () => {
  const apis = [api('echo', 'Echo', 'echo', [{ id: 'get', method: 'GET', urlTemplate: '/get?a={b}' }])];
  const withRewrite = (rewrite: string) => gateway(inbound(''), [{ ...apis[0] as ApiConfig, policy: { document: parsePolicy(inbound(rewrite)), file: 'apis/echo/policy.xml' } }]);

  test('the parameter is matched from the query', async () => {
    const { gw, transport } = withRewrite('<set-header name="x-b" exists-action="override"><value>@(context.Request.MatchedParameters["b"])</value></set-header>');
    const r = await gw.handle({ method: 'GET', url: '/echo/get?a=hello', headers: [['Ocp-Apim-Subscription-Key', KEY]] });
    assert.equal(r.response.status, 200);
    assert.equal(transport.calls[0]?.headers.find(([n]) => n === 'x-b')?.[1], 'hello');
  });

  test('/get?a=b&c=d with template /put gives /put?c=d: a was matched, c is copied', async () => {
    const { gw, transport } = withRewrite('<rewrite-uri template="/put" />');
    await gw.handle({ method: 'GET', url: '/echo/get?a=b&c=d', headers: [['Ocp-Apim-Subscription-Key', KEY]] });
    assert.equal(transport.calls[0]?.url, 'https://backend.example.net/put?c=d');
  });

  test('copy-unmatched-params="false" gives /put', async () => {
    const { gw, transport } = withRewrite('<rewrite-uri template="/put" copy-unmatched-params="false" />');
    await gw.handle({ method: 'GET', url: '/echo/get?a=b&c=d', headers: [['Ocp-Apim-Subscription-Key', KEY]] });
    assert.equal(transport.calls[0]?.url, 'https://backend.example.net/put');
  });

  test('without the query parameter the operation does not match', async () => {
    const { gw } = withRewrite('');
    const r = await gw.handle({ method: 'GET', url: '/echo/get?c=d', headers: [['Ocp-Apim-Subscription-Key', KEY]] });
    assert.equal(r.response.status, 404);
  });
});

describe('context.LastError.Source names the policy, not the child element the failing expression is in (error-handling page: "the name of the element where the error occurred")', () => {
  const apis = [api('echo', 'Echo', 'echo', [{ id: 'get', method: 'GET', urlTemplate: '/get' }])];
  const run = async (statement: string): Promise<string | undefined> => {
    const policy = `<policies><inbound><base />${statement}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /><return-response><set-status code="500" reason="x" /><set-header name="x-source" exists-action="override"><value>@(context.LastError.Source)</value></set-header></return-response></on-error></policies>`;
    const { gw } = gateway(inbound(''), [{ ...apis[0] as ApiConfig, policy: { document: parsePolicy(policy), file: 'apis/echo/policy.xml' } }]);
    const r = await gw.handle({ method: 'GET', url: '/echo/get', headers: [['Ocp-Apim-Subscription-Key', KEY]] });
    return r.response.headers.find(([n]) => n.toLowerCase() === 'x-source')?.[1];
  };
  test('an expression in set-header’s <value>', async () => assert.equal(await run('<set-header name="x" exists-action="override"><value>@((string)null.ToString())</value></set-header>'), 'set-header'));
  test('an expression in set-query-parameter’s <value>', async () => assert.equal(await run('<set-query-parameter name="q" exists-action="override"><value>@(int.Parse("x").ToString())</value></set-query-parameter>'), 'set-query-parameter'));
  test('an expression in send-request’s <set-url>', async () => assert.equal(await run('<send-request mode="new" response-variable-name="r"><set-url>@(int.Parse("x").ToString())</set-url><set-method>GET</set-method></send-request>'), 'send-request'));
  test('an expression in a set-variable attribute', async () => assert.equal(await run('<set-variable name="v" value="@(int.Parse(&quot;x&quot;))" />'), 'set-variable'));
});

describe('a body read without preserveContent is consumed (set-body page: "the original message body is lost and must be set by returning the body back")', () => {
  const apis = [api('echo', 'Echo', 'echo', [{ id: 'post', method: 'POST', urlTemplate: '/post' }])];
  const send = async (inboundStatements: string, outboundStatements = '', backendBody = 'from the backend') => {
    const policy = `<policies><inbound><base />${inboundStatements}</inbound><backend><base /></backend><outbound><base />${outboundStatements}</outbound><on-error><base /></on-error></policies>`;
    const { gw, transport } = gateway(inbound(''), [{ ...apis[0] as ApiConfig, policy: { document: parsePolicy(policy), file: 'apis/echo/policy.xml' } }], [{ status: 200, body: backendBody }]);
    const r = await gw.handle({ method: 'POST', url: '/echo/post', headers: [['Ocp-Apim-Subscription-Key', KEY], ['Content-Type', 'text/plain']], body: 'from the client' });
    return { forwarded: transport.calls[0]?.body, returned: r.response.body };
  };
  test('read in inbound without preserveContent: the backend gets no body', async () => {
    assert.equal((await send('<set-variable name="b" value="@(context.Request.Body.As<string>())" />')).forwarded, '');
  });
  test('read with preserveContent: true: the backend gets the original', async () => {
    assert.equal((await send('<set-variable name="b" value="@(context.Request.Body.As<string>(preserveContent: true))" />')).forwarded, 'from the client');
  });
  test('read and set again with set-body: the backend gets what was set', async () => {
    assert.equal((await send('<set-body>@(context.Request.Body.As<string>().ToUpper())</set-body>')).forwarded, 'FROM THE CLIENT');
  });
  test('the response read in outbound without preserveContent: the client gets no body', async () => {
    assert.equal((await send('', '<set-variable name="r" value="@(context.Response.Body.As<string>())" />')).returned, '');
  });
});
