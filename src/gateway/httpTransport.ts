// Real HTTP for the simulator: forward-request and send-request reach a backend running on this
// machine (a Function on localhost:7071, a container), with the policy's timeout.

import * as http from 'node:http';
import * as https from 'node:https';
import type { BackendTransport, CallOutcome, OutgoingCall } from './transport';

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
    return new Promise<CallOutcome>((resolve) => {
      const req = lib.request(url, { method: call.method, headers, agent: url.protocol === 'https:' ? agents.https : agents.http, timeout: timeoutMs }, (res) => {
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
