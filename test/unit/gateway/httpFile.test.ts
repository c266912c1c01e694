import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpFileError, parseHttpFile } from '../../../src/gateway/httpFile';

describe('.http files (REST Client format)', () => {
  test('requests, headers, bodies, names, variables and separators', () => {
    const text = ['@host = https://contoso.azure-api.net', '@key = k1', '', '# @name create', 'POST {{host}}/orders HTTP/1.1', 'Content-Type: application/json', 'Ocp-Apim-Subscription-Key: {{key}}', '', '{"id": 1}', '', '###', '// a comment', 'GET /orders/1'].join('\n');
    const r = parseHttpFile(text);
    assert.deepEqual(
      r.map((x) => [x.name, x.line, x.method, x.url, x.headers, x.body]),
      [
        ['create', 5, 'POST', 'https://contoso.azure-api.net/orders', [['Content-Type', 'application/json'], ['Ocp-Apim-Subscription-Key', 'k1']], '{"id": 1}'],
        ['GET /orders/1', 13, 'GET', '/orders/1', [], null],
      ],
    );
  });
  const bad: [string, number, RegExp][] = [
    ['', 1, /No request found/],
    ['FETCH /x', 1, /Expected a request line/],
    ['GET /x\nnot a header', 2, /Expected a header/],
  ];
  for (const [text, line, message] of bad) {
    test(`bad: ${JSON.stringify(text)}`, () => assert.throws(() => parseHttpFile(text), (e: unknown) => e instanceof HttpFileError && e.line === line && message.test(e.message)));
  }
});
