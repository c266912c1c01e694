// The real-HTTP transport against servers on this machine: a direct call, a timeout, a refused
// connection, and calls through an HTTP proxy (absolute-form for http, CONNECT for https).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '../../../src/gateway/httpTransport';

async function serve(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('a direct call returns status, headers and body', async () => {
  const { url, server } = await serve((req, res) => {
    res.setHeader('x-seen-method', req.method ?? '');
    res.end(`path=${req.url}`);
  });
  try {
    const out = await new HttpTransport().send({ method: 'POST', url: `${url}/a?b=1`, headers: [['x-a', '1']], body: 'hi' }, 5000);
    assert.equal(out.kind, 'response');
    if (out.kind !== 'response') return;
    assert.equal(out.status, 200);
    assert.equal(out.body, 'path=/a?b=1');
    assert.deepEqual(out.headers.find(([n]) => n.toLowerCase() === 'x-seen-method'), ['x-seen-method', 'POST']);
  } finally {
    server.close();
  }
});

test('a backend slower than the timeout is a timeout fault', async () => {
  const { url, server } = await serve((_req, res) => setTimeout(() => res.end('late'), 500));
  try {
    const out = await new HttpTransport().send({ method: 'GET', url, headers: [], body: null }, 50);
    assert.equal(out.kind, 'fault');
    assert.equal(out.kind === 'fault' && out.fault, 'timeout');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a refused connection is a connection fault that says so', async () => {
  const { url, server } = await serve(() => undefined);
  server.close();
  await new Promise((r) => server.once('close', r));
  const out = await new HttpTransport().send({ method: 'GET', url, headers: [], body: null }, 2000);
  assert.equal(out.kind, 'fault');
  assert.match(out.kind === 'fault' ? out.message : '', /Unable to connect/);
});

test('an http call through a proxy sends the absolute URL and Proxy-Authorization to the proxy', async () => {
  const seen: { url?: string; auth?: string; host?: string }[] = [];
  const { url: proxyUrl, server } = await serve((req, res) => {
    seen.push({ url: req.url, auth: req.headers['proxy-authorization'], host: req.headers.host });
    res.end('via proxy');
  });
  try {
    const out = await new HttpTransport().send({ method: 'GET', url: 'http://backend.invalid:7071/api/orders?x=1', headers: [], body: null, proxy: { url: proxyUrl, username: 'gw', password: 's3cret' } }, 5000);
    assert.equal(out.kind === 'response' && out.body, 'via proxy');
    assert.deepEqual(seen, [{ url: 'http://backend.invalid:7071/api/orders?x=1', auth: `Basic ${Buffer.from('gw:s3cret').toString('base64')}`, host: 'backend.invalid:7071' }]);
  } finally {
    server.close();
  }
});

test('an https call through a proxy asks for a CONNECT tunnel; a refusal is a connection fault naming the proxy', async () => {
  const connects: string[] = [];
  const { url: proxyUrl, server } = await serve(() => undefined);
  server.on('connect', (req, socket) => {
    connects.push(String(req.url));
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  try {
    const out = await new HttpTransport().send({ method: 'GET', url: 'https://backend.invalid/api', headers: [], body: null, proxy: { url: proxyUrl } }, 5000);
    assert.deepEqual(connects, ['backend.invalid:443']);
    assert.equal(out.kind, 'fault');
    assert.match(out.kind === 'fault' ? out.message : '', /through the proxy .* answered 403/);
  } finally {
    server.close();
  }
});
