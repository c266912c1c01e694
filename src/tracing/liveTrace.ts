// Tracing a real request through a live APIM gateway with the token flow (shared/reference/
// gateway-tracing.md §1): a debug token from listDebugCredentials (reused per API until shortly
// before it expires), the request sent with Apim-Debug-Authorization and a subscription key, the
// Apim-Trace-Id read from the answer, the trace fetched with listTrace (retried while it is not
// available yet), and revocation with invalidateDebugCredentials. Every documented outcome is a
// LiveTraceError with one clear message. The token and the key are secrets: they are added to the
// SecretSet (and so to the process's) and everything returned is masked with it.

import type { ApiManagementClient } from '@azure/arm-apimanagement';
import { MASK, type SecretSet } from '../common/secrets';
import type { HttpFileRequest } from '../gateway/httpFile';
import type { HeaderList } from '../gateway/transport';
import { azureError, isAzureRequestError } from '../azure/azureErrors';
import type { ServiceRef } from '../azure/scopes';

/** The trace listTrace returns: entries per section (gateway-tracing.md §2). */
export interface LiveTraceJson {
  readonly serviceName?: string;
  readonly traceId?: string;
  readonly traceEntries?: Readonly<Record<string, readonly LiveTraceEntry[]>>;
  /** Older payloads (third-party clients accept it; inferred). */
  readonly traceRecords?: Readonly<Record<string, readonly LiveTraceEntry[]>>;
}

export interface LiveTraceEntry {
  readonly source: string;
  readonly timestamp?: string;
  readonly elapsed?: string;
  readonly data?: unknown;
}

export type LiveSection = 'inbound' | 'backend' | 'outbound' | 'on-error';
const SECTIONS: readonly LiveSection[] = ['inbound', 'backend', 'outbound', 'on-error'];

/** A live trace's entries in order, each with its section. */
export function liveTraceEntries(json: LiveTraceJson): (LiveTraceEntry & { readonly section: LiveSection })[] {
  const bySection = json.traceEntries ?? json.traceRecords ?? {};
  const out: (LiveTraceEntry & { section: LiveSection })[] = [];
  for (const section of SECTIONS) {
    const list = bySection[section] ?? (section === 'on-error' ? bySection['onError'] : undefined);
    if (Array.isArray(list)) for (const e of list) if (e && typeof e === 'object') out.push({ ...e, source: String(e.source ?? '?'), section });
  }
  return out;
}

export type LiveTraceFailure =
  /** No right to get a debug token (Contributor or the gateway's listDebugCredentials action). */
  | 'forbidden'
  /** The token expired, and a renewed one too. */
  | 'expired'
  /** The token was issued for another API than the one the gateway routed the request to. */
  | 'wrongApi'
  /** The gateway answered but traced nothing (no Apim-Trace-Id). */
  | 'notTraced'
  /** The trace did not become available in time. */
  | 'traceUnavailable'
  /** The gateway could not be reached, or dropped the connection, or did not answer in time. */
  | 'unreachable'
  /** An ARM call failed (4xx/5xx, throttled, timed out). */
  | 'arm'
  /** No API of the service serves the request's URL. */
  | 'noApi'
  /** The user cancelled. */
  | 'cancelled';

export class LiveTraceError extends Error {
  constructor(
    readonly failure: LiveTraceFailure,
    message: string,
    /** The gateway's answer when there was one (masked): a failed trace still shows the response. */
    readonly response?: LiveResponse,
  ) {
    super(message);
    this.name = 'LiveTraceError';
  }
}

export interface LiveResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: string | null;
}

export interface LiveTraceResult {
  /** The request as sent (masked), with its absolute URL. */
  readonly request: { readonly method: string; readonly url: string; readonly headers: HeaderList; readonly body: string | null };
  readonly response: LiveResponse;
  readonly traceId: string;
  /** The trace as listTrace returned it (masked). */
  readonly trace: LiveTraceJson;
  /** The API the token was for. */
  readonly api: string;
  readonly gatewayId: string;
  /** Whether the token had to be renewed (expired) and the request sent again. */
  readonly renewed: boolean;
  /** Milliseconds per step: getting the token (0 when reused), the request, fetching the trace (retries included). */
  readonly timings: { readonly tokenMs: number; readonly requestMs: number; readonly traceMs: number; readonly traceAttempts: number };
}

/** A token and when it stops being used (a little before it expires). */
interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
}

export interface DebugTokenOptions {
  /** How long a token is asked for (ISO 8601, at most PT1H, the default). */
  readonly lifetime?: string;
  /** A token is not reused in its last this-many milliseconds (default 5 minutes). */
  readonly renewBeforeMs?: number;
  readonly now?: () => number;
}

/** yyyyMMddHHmmss (the token's ex=) → epoch ms. */
function tokenExpiry(token: string): number | undefined {
  const m = /(?:^|&)ex=(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:&|$)/.exec(token);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : undefined;
}

function durationMs(iso: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  return m ? (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000 : 3600_000;
}

/**
 * Debug tokens of one service, per gateway and API, reused until shortly before they expire (the
 * expiry read from the token's ex= field when it has one, else the lifetime asked for). Kept in
 * memory only; every token is a secret of `secrets`.
 */
export class DebugTokens {
  private readonly cache = new Map<string, CachedToken>();
  /** The gateways tokens were issued for, so revoke() resets each. */
  private readonly gateways = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly client: ApiManagementClient,
    readonly service: ServiceRef,
    private readonly secrets: SecretSet,
    private readonly options: DebugTokenOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private key(gatewayId: string, api: string): string {
    return `${gatewayId.toLowerCase()}|${api.toLowerCase()}`;
  }

  /** A usable token for the API: the cached one, or a new one. `fresh`: whether it was just issued. */
  async get(gatewayId: string, api: string, signal?: AbortSignal): Promise<{ token: string; fresh: boolean }> {
    const cached = this.cache.get(this.key(gatewayId, api));
    if (cached && cached.expiresAt - (this.options.renewBeforeMs ?? 300_000) > this.now()) return { token: cached.token, fresh: false };
    const lifetime = this.options.lifetime ?? 'PT1H';
    let token: string | undefined;
    try {
      const r = await this.client.gateway.listDebugCredentials(this.service.resourceGroup, this.service.name, gatewayId, { apiId: `${this.service.id}/apis/${api}`, purposes: ['tracing'], credentialsExpireAfter: lifetime }, { abortSignal: signal });
      token = r.token;
    } catch (e) {
      if (signal?.aborted) throw new LiveTraceError('cancelled', 'Tracing was cancelled.');
      const err = azureError(e, `getting a debug token for API ${api} on gateway ${gatewayId}`);
      if (err.status === 401 || err.status === 403) {
        throw new LiveTraceError('forbidden', `Tracing needs a debug token, and ${this.service.name} refused one: getting a token needs the Contributor role on the service (or a role with Microsoft.ApiManagement/service/gateways/listDebugCredentials/action). Ask the service's owner for it, or trace in the simulator.`);
      }
      if (err.status === 404) throw new LiveTraceError('arm', `Gateway '${gatewayId}' or API '${api}' was not found on ${this.service.name}: ${err.message}`);
      throw new LiveTraceError('arm', err.message);
    }
    if (!token) throw new LiveTraceError('arm', `${this.service.name} answered listDebugCredentials without a token.`);
    this.secrets.add(token);
    this.gateways.add(gatewayId);
    this.cache.set(this.key(gatewayId, api), { token, expiresAt: tokenExpiry(token) ?? this.now() + durationMs(lifetime) });
    return { token, fresh: true };
  }

  /** Forgets a token (the gateway said it expired). */
  drop(gatewayId: string, api: string): void {
    this.cache.delete(this.key(gatewayId, api));
  }

  /** How many tokens are held. */
  get size(): number {
    return this.cache.size;
  }

  /** Revokes every debug credential of the gateways used (or of `gatewayId`): invalidateDebugCredentials. */
  async revoke(gatewayId?: string, signal?: AbortSignal): Promise<string[]> {
    const targets = gatewayId ? [gatewayId] : [...this.gateways];
    for (const g of targets) {
      try {
        await this.client.gateway.invalidateDebugCredentials(this.service.resourceGroup, this.service.name, g, { abortSignal: signal });
      } catch (e) {
        throw new LiveTraceError('arm', azureError(e, `revoking the debug tokens of gateway ${g}`).message);
      }
      for (const k of [...this.cache.keys()]) if (k.startsWith(`${g.toLowerCase()}|`)) this.cache.delete(k);
      this.gateways.delete(g);
    }
    return targets;
  }
}

/** The service's gateway URL (properties.gatewayUrl), for the managed gateway. */
export async function gatewayUrlOf(client: ApiManagementClient, service: ServiceRef, signal?: AbortSignal): Promise<string> {
  try {
    const s = await client.apiManagementService.get(service.resourceGroup, service.name, { abortSignal: signal });
    if (!s.gatewayUrl) throw new LiveTraceError('arm', `${service.name} has no gateway URL (a service still being created, or a workspace-only gateway).`);
    return s.gatewayUrl;
  } catch (e) {
    if (e instanceof LiveTraceError) throw e;
    throw new LiveTraceError('arm', azureError(e, `reading the gateway URL of ${service.name}`).message);
  }
}

/** The API (current revision, or `name;rev=N`) whose path the request URL is under: longest path first. */
export function apiForUrl(apis: readonly { readonly name: string; readonly path: string }[], url: string, gatewayUrl: string): { api: string; revision?: string } | undefined {
  let path: string;
  try {
    const u = new URL(url, gatewayUrl);
    path = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  const basePath = new URL(gatewayUrl).pathname.replace(/^\/+|\/+$/g, '');
  if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length + 1);
  const sorted = [...apis].sort((a, b) => b.path.length - a.path.length);
  for (const a of sorted) {
    const p = a.path.replace(/^\/+|\/+$/g, '');
    const rev = new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};rev=(\\d+)(?:/|$)`).exec(path);
    if (rev) return { api: a.name, revision: rev[1] as string };
    if (p === '' || path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`)) return { api: a.name };
  }
  return undefined;
}

/**
 * A subscription key for the API: of an active subscription to all APIs, to the API, or to a
 * product holding it (the first found), read with listSecrets. Undefined when there is none.
 */
export async function subscriptionKeyFor(client: ApiManagementClient, service: ServiceRef, api: string, secrets: SecretSet, signal?: AbortSignal): Promise<{ key: string; subscription: string } | undefined> {
  try {
    const products = new Set<string>();
    for await (const p of client.apiProduct.listByApis(service.resourceGroup, service.name, api, { abortSignal: signal })) if (p.name) products.add(p.name.toLowerCase());
    for await (const s of client.subscription.list(service.resourceGroup, service.name, { abortSignal: signal })) {
      if ((s.state ?? 'active') !== 'active' || !s.name) continue;
      const scope = (s.scope ?? '').toLowerCase();
      const covers = /\/apis\/?$/.test(scope) || scope.endsWith(`/apis/${api.toLowerCase()}`) || [...products].some((p) => scope.endsWith(`/products/${p}`));
      if (!covers) continue;
      const keys = await client.subscription.listSecrets(service.resourceGroup, service.name, s.name, { abortSignal: signal });
      if (keys.primaryKey) {
        secrets.add(keys.primaryKey);
        secrets.add(keys.secondaryKey);
        return { key: keys.primaryKey, subscription: s.name };
      }
    }
    return undefined;
  } catch (e) {
    if (signal?.aborted) throw new LiveTraceError('cancelled', 'Tracing was cancelled.');
    throw new LiveTraceError('arm', azureError(e, `finding a subscription key for API ${api}`).message);
  }
}

export interface TraceRequestOptions {
  readonly client: ApiManagementClient;
  readonly tokens: DebugTokens;
  /** `managed`, or a self-hosted gateway's id. */
  readonly gatewayId: string;
  /** Where requests go: the service's gateway URL (or a self-hosted gateway's address). */
  readonly gatewayUrl: string;
  /** The API the request goes to (its name); the token is issued for it. */
  readonly api: string;
  /** The request; a relative URL is taken against `gatewayUrl`. */
  readonly request: Pick<HttpFileRequest, 'method' | 'url' | 'headers' | 'body'>;
  /** Sent as Ocp-Apim-Subscription-Key unless the request has one. */
  readonly subscriptionKey?: string;
  readonly secrets: SecretSet;
  readonly signal?: AbortSignal;
  /** Says which step runs: for progress. */
  readonly progress?: (step: string) => void;
  /** How long the gateway may take to answer (default 100 s, the gateway's own forward timeout plus margin). */
  readonly requestTimeoutMs?: number;
  /** listTrace retries while the trace is not available: delays, doubling (default 250 ms, 7 tries: about 30 s). */
  readonly traceRetry?: { readonly firstDelayMs: number; readonly attempts: number };
  /** For tests: the fetch to use. */
  readonly fetch?: typeof fetch;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LiveTraceError('cancelled', 'Tracing was cancelled.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new LiveTraceError('cancelled', 'Tracing was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends a request through the live gateway with a debug token and returns the response and its trace. */
export async function traceLiveRequest(o: TraceRequestOptions): Promise<LiveTraceResult> {
  // A request written against another host (the default *.azure-api.net name, a custom domain) goes
  // to the gateway traced, with its path and query.
  const base = o.gatewayUrl.endsWith('/') ? o.gatewayUrl : `${o.gatewayUrl}/`;
  const written = new URL(o.request.url, base);
  const url = written.origin === new URL(base).origin ? written.toString() : new URL(`${written.pathname.replace(/^\//, '')}${written.search}`, base).toString();
  const hasKey = o.request.headers.some(([n]) => n.toLowerCase() === 'ocp-apim-subscription-key') || /[?&]subscription-key=/i.test(url);
  if (o.subscriptionKey) o.secrets.add(o.subscriptionKey);
  const baseHeaders: [string, string][] = o.request.headers.filter(([n]) => n.toLowerCase() !== 'apim-debug-authorization').map(([n, v]) => [n, v]);
  if (o.subscriptionKey && !hasKey) baseHeaders.push(['Ocp-Apim-Subscription-Key', o.subscriptionKey]);
  const doFetch = o.fetch ?? fetch;

  let tokenMs = 0;
  const token = async (): Promise<string> => {
    o.progress?.(`Getting a debug token for API ${o.api}`);
    const t0 = performance.now();
    const t = await o.tokens.get(o.gatewayId, o.api, o.signal);
    if (t.fresh) tokenMs += performance.now() - t0;
    return t.token;
  };

  const send = async (debugToken: string): Promise<{ response: LiveResponse; raw: Headers }> => {
    o.progress?.(`Sending ${o.request.method} ${o.secrets.maskText(url)}`);
    const timeout = AbortSignal.timeout(o.requestTimeoutMs ?? 100_000);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    let r: Response;
    try {
      r = await doFetch(url, { method: o.request.method, headers: [...baseHeaders, ['Apim-Debug-Authorization', debugToken]], body: o.request.body ?? undefined, signal, redirect: 'manual' });
    } catch (e) {
      if (o.signal?.aborted) throw new LiveTraceError('cancelled', 'Tracing was cancelled.');
      const host = new URL(url).host;
      if (timeout.aborted) throw new LiveTraceError('unreachable', `The gateway ${host} did not answer within ${Math.round((o.requestTimeoutMs ?? 100_000) / 1000)} s.`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code === 'ECONNREFUSED' ? 'the connection was refused' : cause?.code === 'ENOTFOUND' ? 'the host name does not resolve' : cause?.code === 'ECONNRESET' || /socket|closed|terminated/i.test(cause?.message ?? String(e)) ? 'the connection was closed without an answer' : (cause?.message ?? (e instanceof Error ? e.message : String(e)));
      throw new LiveTraceError('unreachable', `The gateway ${host} could not be reached: ${o.secrets.maskText(why)}.`);
    }
    const body = await r.text();
    const headers: [string, string][] = [];
    r.headers.forEach((value, name) => headers.push([name, value]));
    return { response: o.secrets.mask({ status: r.status, reason: r.statusText, headers, body: body === '' ? null : body }), raw: r.headers };
  };

  let debugToken = await token();
  const r0 = performance.now();
  let sent = await send(debugToken);
  let renewed = false;
  if (sent.raw.has('apim-debug-authorization-expired')) {
    // Expired (or revoked) before we thought: renew once and send again.
    o.tokens.drop(o.gatewayId, o.api);
    debugToken = await token();
    renewed = true;
    sent = await send(debugToken);
    if (sent.raw.has('apim-debug-authorization-expired')) {
      throw new LiveTraceError('expired', `The gateway says the debug token has expired, also after getting a new one: the clocks may disagree, or the tokens were just revoked. Try again in a minute.`, sent.response);
    }
  }
  const requestMs = performance.now() - r0 - (renewed ? tokenMs : 0);
  if (sent.raw.has('apim-debug-authorization-wrongapi')) {
    throw new LiveTraceError('wrongApi', `The gateway routed ${o.request.method} ${o.secrets.maskText(url)} to another API than ${o.api}, the one the debug token was for: pick the API this URL belongs to (its path), or fix the URL.`, sent.response);
  }
  const traceId = sent.raw.get('apim-trace-id');
  if (!traceId) {
    throw new LiveTraceError('notTraced', `The gateway answered ${sent.response.status} but did not trace the request (no Apim-Trace-Id header): the request may not have reached API ${o.api} on gateway ${o.gatewayId} (a self-hosted gateway needs its own token), or the gateway ignores debug tokens.`, sent.response);
  }

  o.progress?.('Fetching the trace');
  const t0 = performance.now();
  const retry = o.traceRetry ?? { firstDelayMs: 250, attempts: 7 };
  let trace: LiveTraceJson | undefined;
  let attempts = 0;
  for (let delay = retry.firstDelayMs; ; delay *= 2) {
    attempts++;
    try {
      trace = (await o.client.gateway.listTrace(o.tokens.service.resourceGroup, o.tokens.service.name, o.gatewayId, { traceId }, { abortSignal: o.signal })) as LiveTraceJson;
      break;
    } catch (e) {
      if (o.signal?.aborted) throw new LiveTraceError('cancelled', 'Tracing was cancelled.');
      const err = isAzureRequestError(e) ? e : azureError(e, `fetching trace ${traceId}`);
      if (err.status !== 404) throw new LiveTraceError('arm', err.message, sent.response);
      if (attempts >= retry.attempts) {
        throw new LiveTraceError('traceUnavailable', `The gateway traced the request (trace ${traceId}) but the trace was not available after ${attempts} tries over ${((performance.now() - t0) / 1000).toFixed(1)} s. Traces can take a while on a busy gateway: try Fetch Trace again later.`, sent.response);
      }
      await sleep(delay, o.signal);
    }
  }
  const traceMs = performance.now() - t0;
  return {
    request: o.secrets.mask({ method: o.request.method, url, headers: baseHeaders.map(([n, v]) => [n, n.toLowerCase() === 'ocp-apim-subscription-key' ? MASK : v] as const), body: o.request.body ?? null }),
    response: sent.response,
    traceId,
    trace: o.secrets.mask(trace),
    api: o.api,
    gatewayId: o.gatewayId,
    renewed,
    timings: { tokenMs, requestMs, traceMs, traceAttempts: attempts },
  };
}
