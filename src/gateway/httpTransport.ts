// Real HTTP for the simulator: forward-request and send-request reach a backend running on this
// machine (a Function on localhost:7071, a container), with the policy's timeout.

import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { BackendTransport, CallOutcome, OutgoingCall, ProxySetting } from './transport';

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export class HttpTransport implements BackendTransport {
  readonly calls: OutgoingCall[] = [];

  async send(call: OutgoingCall, timeoutMs: number): Promise<CallOutcome> {
    this.calls.push(call);
    const url = new URL(call.url);
    const lib = url.protocol === 'https:' ? https : http;
    const started = performance.now();
    const headers: Record<string, string[]> = {};
    for (const [n, v] of call.headers) {
      if (n.toLowerCase() === 'host' || n.toLowerCase() === 'content-length') continue;
      (headers[n] ??= []).push(v);
    }
    const tunnel = call.proxy && url.protocol === 'https:' ? await connectTunnel(call.proxy, url, timeoutMs).catch((e: Error) => e) : undefined;
    if (tunnel instanceof Error) return { kind: 'fault', fault: 'connection', delayMs: performance.now() - started, message: `Unable to connect through the proxy ${call.proxy?.url}: ${tunnel.message}` };
    return new Promise<CallOutcome>((resolve) => {
      const options: http.RequestOptions = { method: call.method, headers, agent: url.protocol === 'https:' ? agents.https : agents.http, timeout: timeoutMs };
      let target: URL | string = url;
      if (call.proxy && tunnel) {
        // https through the proxy: TLS inside the CONNECT tunnel.
        options.agent = false;
        options.createConnection = () => tunnel;
      } else if (call.proxy) {
        // http through the proxy: the absolute URL as the request target.
        const p = new URL(call.proxy.url);
        target = `http://${p.host}${url.pathname}`;
        options.agent = agents.http;
        options.path = url.toString();
        options.headers = { ...headers, Host: url.host, ...proxyAuthorization(call.proxy) };
      }
      const req = (call.proxy && !tunnel ? http : lib).request(target, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) out.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ kind: 'response', status: res.statusCode ?? 0, ...(res.statusMessage ? { reason: res.statusMessage } : {}), headers: out, body: body.length ? body : null, delayMs: performance.now() - started });
        });
        res.on('error', (e) => resolve({ kind: 'fault', fault: 'connection', delayMs: performance.now() - started, message: e.message }));
      });
      req.on('timeout', () => {
        req.destroy();
        resolve({ kind: 'fault', fault: 'timeout', delayMs: timeoutMs, message: `The backend did not answer within ${timeoutMs / 1000} seconds.` });
      });
      req.on('error', (e) => resolve({ kind: 'fault', fault: 'connection', delayMs: performance.now() - started, message: `Unable to connect to the remote server: ${e.message}` }));
      if (call.body !== null) req.write(call.body);
      req.end();
    });
  }
}

function proxyAuthorization(proxy: ProxySetting): Record<string, string> {
  return proxy.username ? { 'Proxy-Authorization': `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`, 'utf8').toString('base64')}` } : {};
}

/** Opens a CONNECT tunnel through the proxy and starts TLS to the target inside it. */
function connectTunnel(proxy: ProxySetting, url: URL, timeoutMs: number): Promise<Duplex> {
  const p = new URL(proxy.url);
  const authority = `${url.hostname}:${url.port || 443}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: p.hostname, port: p.port || 80, method: 'CONNECT', path: authority, headers: { Host: authority, ...proxyAuthorization(proxy) }, timeout: timeoutMs });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`the proxy answered ${res.statusCode} to CONNECT ${authority}`));
        return;
      }
      resolve(tls.connect({ socket, servername: url.hostname }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}
