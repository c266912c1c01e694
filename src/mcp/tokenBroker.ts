// How the MCP server started by VS Code uses the account signed in to the extension without
// holding a credential: the extension serves tokens on a local socket in a folder only its user
// can open (a named pipe on Windows), and passes the socket's path in APIM_WB_TOKEN_BROKER. The
// server asks it for a token per call (newline-delimited JSON), and for the subscriptions it may
// use. No token, key or secret is in the server's environment or arguments. (No Azure SDK here:
// the extension bundles this file and keeps the SDK out of its main bundle.)

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';

export const TOKEN_BROKER_ENV = 'APIM_WB_TOKEN_BROKER';

type Request = { readonly id: number; readonly op: 'token'; readonly scopes: readonly string[]; readonly subscription?: string } | { readonly id: number; readonly op: 'subscriptions' };

export interface TokenSource {
  /** A token for these scopes, for the tenant of `subscription` when one is named. */
  token(scopes: readonly string[], subscription?: string): Promise<AccessToken>;
  subscriptions(): Promise<readonly string[]>;
}

/** Serves tokens from `source` on a private local socket; `path` goes to the server's environment. */
export async function startTokenBroker(source: TokenSource): Promise<{ readonly path: string; close(): Promise<void> }> {
  let dir: string | undefined;
  let socketPath: string;
  if (process.platform === 'win32') socketPath = `\\\\.\\pipe\\apim-wb-${randomBytes(12).toString('hex')}`;
  else {
    // mkdtemp makes the folder 0700: only this user reaches the socket.
    dir = mkdtempSync(path.join(tmpdir(), 'apim-wb-broker-'));
    socketPath = path.join(dir, 'broker.sock');
  }
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 65_536) {
        socket.destroy();
        return;
      }
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        void answer(line).then((reply) => socket.writable && socket.write(`${JSON.stringify(reply)}\n`));
      }
    });
  });
  const answer = async (line: string): Promise<Record<string, unknown>> => {
    let request: Request;
    try {
      request = JSON.parse(line) as Request;
    } catch {
      return { id: -1, error: 'not JSON' };
    }
    try {
      if (request.op === 'token') {
        if (!Array.isArray(request.scopes) || !request.scopes.every((s) => typeof s === 'string' && /^https:\/\/[^\s]+$/.test(s))) return { id: request.id, error: 'scopes must be https URLs' };
        if (request.subscription !== undefined && !/^[0-9a-f-]{36}$/i.test(request.subscription)) return { id: request.id, error: 'subscription must be a subscription id' };
        const t = await source.token(request.scopes, request.subscription);
        return { id: request.id, token: t.token, expiresOnTimestamp: t.expiresOnTimestamp };
      }
      if (request.op === 'subscriptions') return { id: request.id, subscriptions: await source.subscriptions() };
      return { id: (request as { id?: number }).id ?? -1, error: 'unknown op' };
    } catch (e) {
      return { id: request.id, error: e instanceof Error ? e.message : String(e) };
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    path: socketPath,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let nextId = 1;

/** One request to the broker, with a time limit. */
function ask<T>(socketPath: string, request: { readonly op: 'token'; readonly scopes: readonly string[]; readonly subscription?: string } | { readonly op: 'subscriptions' }, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = nextId++;
    const socket = createConnection(socketPath);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`The VS Code extension did not answer for a token within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    const done = (f: () => void): void => {
      clearTimeout(timer);
      socket.destroy();
      f();
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ ...request, id })}\n`));
    socket.on('error', (e) => done(() => reject(new Error(`Cannot reach the VS Code extension for a token (${e.message}): is VS Code still running?`))));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const reply = JSON.parse(buffer.slice(0, nl)) as { error?: string } & T;
      done(() => (reply.error ? reject(new Error(reply.error)) : resolve(reply)));
    });
  });
}

/** A TokenCredential that asks the extension's broker (for the tenant of `subscription`, when given). */
export class BrokerCredential implements TokenCredential {
  constructor(
    private readonly socketPath: string,
    private readonly subscription?: string,
    private readonly timeoutMs = 60_000,
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const r = await ask<{ token: string; expiresOnTimestamp: number }>(this.socketPath, { op: 'token', scopes: Array.isArray(scopes) ? scopes : [scopes], ...(this.subscription ? { subscription: this.subscription } : {}) }, this.timeoutMs);
    return { token: r.token, expiresOnTimestamp: r.expiresOnTimestamp };
  }
}

/** The subscriptions the extension lets the server use (those of the signed-in account). */
export async function brokerSubscriptions(socketPath: string): Promise<string[]> {
  return (await ask<{ subscriptions: string[] }>(socketPath, { op: 'subscriptions' }, 30_000)).subscriptions;
}
