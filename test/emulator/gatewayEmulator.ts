// The gateway of the ARM emulator's service, for live tracing (shared/reference/gateway-tracing.md):
// an HTTP host that serves the seeded APIs by running our own simulator over the emulator's
// *current* policies (a policy saved through ARM changes what it does), and the ARM actions of the
// token flow: listDebugCredentials (signed tokens with purpose, API and expiry), listTrace (the
// trace in the shape of §2, the real JSON rather than our internal trace object) and
// invalidateDebugCredentials; subscriptions' listSecrets too. Requests carrying
// Apim-Debug-Authorization are checked and answered with Apim-Trace-Id, or with
// Apim-Debug-Authorization-Expired / -WrongAPI.
//
// Faults: traces that become available late, a dropped connection, and (on the ARM side, through
// ArmEmulator.inject) 429/5xx on each action. `diverge` makes this gateway differ from our
// simulator on purpose (another backend answer, a policy it treats differently), so a comparison's
// first difference can be tested on a real divergence.

import { createHmac, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiConfig, BackendConfig, GatewayConfig, NamedValue, OperationConfig, PolicySource, ProductConfig, SubscriptionConfig } from '../../src/gateway/gatewayConfig';
import { Gateway, SimulatedClock } from '../../src/gateway/pipeline';
import type { TraceEntry } from '../../src/gateway/trace';
import type { BackendTransport, CallOutcome, OutgoingCall } from '../../src/gateway/transport';
import { parsePolicy } from '../../src/policy/policyParser';
import type { ArmEmulator, ArmResource } from './armEmulator';

/** The trace JSON listTrace returns (gateway-tracing.md §2). */
export interface LiveTraceJson {
  readonly serviceName: string;
  readonly traceId: string;
  readonly traceEntries: Record<string, { source: string; timestamp: string; elapsed: string; data: unknown }[]>;
}

export interface GatewayEmulatorOptions {
  /** What backends answer; default: 200 with a small JSON body naming the call. */
  readonly backend?: (call: OutgoingCall) => CallOutcome | Promise<CallOutcome>;
  /** How long after the request a trace can be listed (listTrace answers 404 before). */
  traceDelayMs?: number;
  /** Drop the connection of this many next gateway requests without answering. */
  dropConnections?: number;
  /**
   * Makes the gateway differ from the simulator on purpose: `backend` answers instead of the
   * normal backend; `config` rewrites the configuration it runs (a policy it treats differently).
   */
  diverge?: { readonly backend?: (call: OutgoingCall) => CallOutcome | Promise<CallOutcome>; readonly config?: (c: GatewayConfig) => GatewayConfig };
}

interface IssuedToken {
  readonly purpose: string;
  readonly api: string;
  readonly expires: Date;
}

/** yyyyMMddHHmmss, UTC. */
function compact(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function fromCompact(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))) : undefined;
}

/** PT1H, PT30M, PT90S, PT1H30M → milliseconds. */
function isoDurationMs(text: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
}

const DEFAULT_BACKEND = (call: OutgoingCall): CallOutcome => ({ kind: 'response', status: 200, headers: [['Content-Type', 'application/json']], body: JSON.stringify({ backend: 'emulator', method: call.method, url: call.url }), delayMs: 0 });

export class GatewayEmulator {
  private server: http.Server | undefined;
  origin = '';
  /** Milliseconds spent serving gateway requests: the emulator's own time, for benchmarks. */
  busyMs = 0;
  /** Traces by id, with when listTrace may return them. */
  readonly traces = new Map<string, { json: LiveTraceJson; availableAt: number }>();
  /** Every gateway request, for assertions: its headers as received. */
  readonly received: { method: string; url: string; headers: Record<string, string> }[] = [];
  /** Tokens issued before this instant are revoked (invalidateDebugCredentials). */
  private revokedBefore = 0;
  private readonly key = randomUUID();
  /** Simulated clock of the tokens: tests move it to expire them. */
  now = (): number => Date.now();
  private gateway: { config: GatewayConfig; gateway: Gateway; fingerprint: string; diverge: GatewayEmulatorOptions['diverge'] } | undefined;

  constructor(
    readonly arm: ArmEmulator,
    /** The service's ARM id, as seeded. */
    readonly serviceId: string,
    readonly options: GatewayEmulatorOptions = {},
  ) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`gateway emulator: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // The service says where its gateway is, as a real one does (properties.gatewayUrl).
    this.arm.modify(this.serviceId, (p) => {
      p['gatewayUrl'] = this.origin;
    });
    this.arm.actions.push((method, path, body) => this.action(method, path, body));
    return this.origin;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  // ------------------------------------------------------------------ the ARM actions

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url').slice(0, 32);
  }

  /** A token as the specification's example reads: p=tracing&aid=<api>&ex=<yyyyMMddHHmmss>&iat=…&sn=<signature>. */
  issue(api: string, expiresAfterMs: number, purpose = 'tracing'): string {
    const issued = this.now();
    const payload = `p=${purpose}&aid=${encodeURIComponent(api)}&ex=${compact(new Date(issued + expiresAfterMs))}&iat=${issued}`;
    return `${payload}&sn=${this.sign(payload)}`;
  }

  /** The token's claims when its signature holds and it was not revoked; 'revoked' or undefined otherwise. */
  verify(token: string): IssuedToken | 'revoked' | undefined {
    const at = token.lastIndexOf('&sn=');
    if (at < 0) return undefined;
    const payload = token.slice(0, at);
    if (this.sign(payload) !== token.slice(at + 4)) return undefined;
    const q = new URLSearchParams(payload);
    const expires = fromCompact(q.get('ex') ?? '');
    if (!expires) return undefined;
    if (Number(q.get('iat') ?? 0) < this.revokedBefore) return 'revoked';
    return { purpose: q.get('p') ?? '', api: q.get('aid') ?? '', expires };
  }

  private action(method: string, path: string, body: Record<string, unknown>): { status: number; body?: unknown } | undefined {
    if (method !== 'POST' || !path.toLowerCase().startsWith(this.serviceId.toLowerCase())) return undefined;
    const rest = path.slice(this.serviceId.length);
    const gatewayAction = /^\/gateways\/([^/]+)\/(listDebugCredentials|listTrace|invalidateDebugCredentials)$/i.exec(rest);
    if (gatewayAction) {
      const [, gatewayId, name] = gatewayAction as unknown as [string, string, string];
      if (gatewayId.toLowerCase() !== 'managed' && !this.arm.get(`${this.serviceId}/gateways/${gatewayId}`)) return { status: 404, body: { error: { code: 'ResourceNotFound', message: `Gateway ${gatewayId} was not found.` } } };
      switch (name.toLowerCase()) {
        case 'listdebugcredentials': {
          const apiId = typeof body['apiId'] === 'string' ? body['apiId'] : '';
          const purposes = Array.isArray(body['purposes']) ? body['purposes'] : [];
          const api = /\/apis\/([^/;]+)(?:;rev=[^/]+)?$/i.exec(apiId)?.[1];
          if (!api || !this.arm.get(`${this.serviceId}/apis/${api}`)) return { status: 400, body: { error: { code: 'ValidationError', message: `apiId must be the full resource id of an API of this service; got '${apiId}'.` } } };
          if (!purposes.includes('tracing')) return { status: 400, body: { error: { code: 'ValidationError', message: "purposes must include 'tracing'." } } };
          const after = body['credentialsExpireAfter'] === undefined ? 3600_000 : isoDurationMs(String(body['credentialsExpireAfter']));
          if (after === undefined || after > 3600_000) return { status: 400, body: { error: { code: 'ValidationError', message: 'credentialsExpireAfter must be an ISO 8601 duration of at most PT1H.' } } };
          return { status: 200, body: { token: this.issue(api, after) } };
        }
        case 'listtrace': {
          const id = typeof body['traceId'] === 'string' ? body['traceId'] : '';
          const t = this.traces.get(id);
          // [U] what the service answers for a trace not (yet) available is not documented: 404 here.
          if (!t || this.now() < t.availableAt) return { status: 404, body: { error: { code: 'ResourceNotFound', message: `Trace ${id} was not found.` } } };
          return { status: 200, body: t.json };
        }
        default:
          this.revokedBefore = this.now() + 1;
          return { status: 204 };
      }
    }
    const secrets = /^\/subscriptions\/([^/]+)\/listSecrets$/i.exec(rest);
    if (secrets) {
      const s = this.arm.get(`${this.serviceId}/subscriptions/${secrets[1]}`);
      if (!s) return { status: 404, body: { error: { code: 'ResourceNotFound', message: 'Subscription not found.' } } };
      return { status: 200, body: { primaryKey: s.properties['primaryKey'], secondaryKey: s.properties['secondaryKey'] } };
    }
    return undefined;
  }

  // ------------------------------------------------------------------ the gateway

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    this.received.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers });
    if ((this.options.dropConnections ?? 0) > 0) {
      this.options.dropConnections = (this.options.dropConnections ?? 1) - 1;
      req.socket.destroy();
      return;
    }
    const { gateway, config } = this.current();
    const url = new URL(req.url ?? '/', this.origin);
    const debug = headers['apim-debug-authorization'];
    const extra: Record<string, string> = {};
    let traced = false;
    if (debug !== undefined) {
      const claims = this.verify(debug);
      const api = this.apiOf(config, url.pathname);
      if (claims === 'revoked' || (claims && claims.expires.getTime() <= this.now())) extra['Apim-Debug-Authorization-Expired'] = 'true';
      else if (claims && claims.purpose === 'tracing' && api && claims.api.toLowerCase() !== api.id.toLowerCase()) extra['Apim-Debug-Authorization-WrongAPI'] = 'true';
      else if (claims && claims.purpose === 'tracing') traced = true;
    }
    const requestHeaders = Object.entries(headers).filter(([k]) => !['host', 'connection', 'content-length', 'apim-debug-authorization'].includes(k));
    const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
    const result = await gateway.handle({ method: req.method ?? 'GET', url: `${url.pathname}${url.search}`, headers: requestHeaders, body, ip: '127.0.0.1' });
    const out: Record<string, string> = { ...extra };
    for (const [name, value] of result.response.headers) out[name] = value;
    if (traced) {
      const traceId = randomUUID();
      this.traces.set(traceId, { json: this.traceJson(traceId, config.serviceName, result.trace, url, headers), availableAt: this.now() + (this.options.traceDelayMs ?? 0) });
      out['Apim-Trace-Id'] = traceId;
    }
    res.writeHead(result.response.status, result.response.reason, out);
    res.end(result.response.body ?? undefined);
    this.busyMs += performance.now() - started;
  }

  /** The API a request path goes to (longest path first). */
  private apiOf(config: GatewayConfig, pathname: string): ApiConfig | undefined {
    const p = pathname.replace(/^\/+/, '');
    return [...config.apis].sort((a, b) => b.path.length - a.path.length).find((a) => a.isCurrent !== false && (p === a.path || p.startsWith(`${a.path}/`) || a.path === ''));
  }

  /**
   * The trace as listTrace returns it: entries per section with source, timestamp, elapsed, data,
   * and nothing of ours (no file, span, changes). The first api-inspector entry carries the
   * request as the gateway received it, with its real URL.
   */
  private traceJson(traceId: string, serviceName: string, entries: readonly TraceEntry[], url: URL, headers: Record<string, string>): LiveTraceJson {
    const traceEntries: LiveTraceJson['traceEntries'] = {};
    let first = true;
    for (const e of entries) {
      let data = e.data;
      if (first && e.source === 'api-inspector') {
        first = false;
        data = { request: { method: (data as { request?: { method?: string } }).request?.method ?? 'GET', url: url.toString(), headers: Object.entries(headers).filter(([k]) => k !== 'apim-debug-authorization').map(([name, value]) => ({ name, value })) } };
      }
      (traceEntries[e.section] ??= []).push({ source: e.source, timestamp: e.timestamp, elapsed: e.elapsed, data });
    }
    return { serviceName, traceId, traceEntries };
  }

  /** The simulator over the emulator's current resources, rebuilt when they changed. */
  private current(): { gateway: Gateway; config: GatewayConfig } {
    const resources = this.arm.list(this.serviceId);
    const fingerprint = resources.map((r) => `${r.id}@${r.etag}`).join('|');
    if (this.gateway?.fingerprint === fingerprint && this.gateway.diverge === this.options.diverge) return this.gateway;
    let config = gatewayFromStore(this.serviceId, resources);
    if (this.options.diverge?.config) config = this.options.diverge.config(config);
    const answer = this.options.diverge?.backend ?? this.options.backend ?? DEFAULT_BACKEND;
    const transport: BackendTransport = { send: async (call) => answer(call) };
    this.gateway = { config, gateway: new Gateway(config, { transport, clock: new SimulatedClock(Date.now()) }), fingerprint, diverge: this.options.diverge };
    return this.gateway;
  }
}

/** A GatewayConfig from the emulator's resources of one service. */
export function gatewayFromStore(serviceId: string, resources: readonly ArmResource[]): GatewayConfig {
  const base = serviceId.toLowerCase();
  const byId = new Map(resources.map((r) => [r.id.toLowerCase(), r]));
  const policyOf = (id: string): PolicySource | undefined => {
    const text = byId.get(`${id.toLowerCase()}/policies/policy`)?.properties['value'];
    return typeof text === 'string' ? { document: parsePolicy(text) } : undefined;
  };
  const under = (prefix: string, collection: string): ArmResource[] => {
    const p = `${prefix.toLowerCase()}/${collection.toLowerCase()}/`;
    return resources.filter((r) => r.id.toLowerCase().startsWith(p) && !r.id.slice(p.length).includes('/'));
  };
  const apis: ApiConfig[] = under(serviceId, 'apis').map((a) => {
    const props = a.properties;
    const operations: OperationConfig[] = under(a.id, 'operations').map((o) => ({ id: o.name, name: String(o.properties['displayName'] ?? o.name), method: String(o.properties['method'] ?? 'GET').toUpperCase(), urlTemplate: String(o.properties['urlTemplate'] ?? '/'), ...(policyOf(o.id) ? { policy: policyOf(o.id) } : {}) }));
    const policy = policyOf(a.id);
    return {
      id: a.name,
      name: String(props['displayName'] ?? a.name),
      path: String(props['path'] ?? ''),
      ...(typeof props['serviceUrl'] === 'string' ? { serviceUrl: props['serviceUrl'] } : {}),
      subscriptionRequired: props['subscriptionRequired'] !== false,
      revision: String(props['apiRevision'] ?? '1'),
      isCurrent: props['isCurrent'] !== false,
      version: typeof props['apiVersion'] === 'string' ? props['apiVersion'] : null,
      operations,
      ...(policy ? { policy } : {}),
    };
  });
  const products: ProductConfig[] = under(serviceId, 'products').map((p) => ({ id: p.name, name: String(p.properties['displayName'] ?? p.name), apis: under(p.id, 'apis').map((a) => a.name), ...(policyOf(p.id) ? { policy: policyOf(p.id) } : {}) }));
  const subscriptions: SubscriptionConfig[] = under(serviceId, 'subscriptions').flatMap((s) => {
    const product = /\/products\/([^/]+)$/i.exec(String(s.properties['scope'] ?? ''))?.[1];
    return ['primaryKey', 'secondaryKey'].map((k) => s.properties[k]).filter((k): k is string => typeof k === 'string').map((key) => ({ key, id: s.name, state: String(s.properties['state'] ?? 'active'), ...(product ? { product } : {}) }));
  });
  const namedValues = new Map<string, NamedValue>();
  for (const n of under(serviceId, 'namedValues')) {
    const value = n.properties['value'];
    if (typeof value !== 'string') continue;
    const entry = { value, secret: n.properties['secret'] === true };
    namedValues.set(n.name, entry);
    if (typeof n.properties['displayName'] === 'string') namedValues.set(n.properties['displayName'], entry);
  }
  const fragments = new Map<string, PolicySource>();
  for (const f of under(serviceId, 'policyFragments')) if (typeof f.properties['value'] === 'string') fragments.set(f.name, { document: parsePolicy(f.properties['value']) });
  const backends = new Map<string, BackendConfig>();
  for (const b of under(serviceId, 'backends')) backends.set(b.name, b.properties as BackendConfig);
  const global = policyOf(base);
  return { serviceName: serviceId.split('/').pop() ?? 'service', ...(global ? { global } : {}), apis, products, subscriptions, namedValues, fragments, backends };
}
