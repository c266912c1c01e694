// The simulated gateway: routes a request to its API and operation, checks the subscription key,
// builds the effective policy per section (<base /> substitution) and runs inbound, backend and
// outbound, or on-error when anything fails (apim-policies.md §1.3–1.5). State (the clock) lasts
// across the requests of one Gateway; every step is recorded in the trace.

import { matchTemplate } from './urlTemplate';
import { PROCESS_SECRETS, SecretSet } from '../common/secrets';
import { buildContext, requestModel } from '../expressions/contextBuilder';
import { Guid } from '../expressions/builtins/core';
import { DateTimeValue } from '../expressions/builtins/datetime';
import { MessageBody, ModelObject, ModelUrl, MultiValueDictionary, VariablesDictionary } from '../expressions/builtins/context';
import { toDisplayString } from '../expressions/runtime/operators';
import { JToken, writeJson } from '../expressions/builtins/json';
import { effectiveSection, type EffectiveStatement, type PolicyScope, type ScopedPolicy } from '../policy/effectivePolicy';
import { parsePolicy } from '../policy/policyParser';
import { childElements, type PolicyAttribute, type SectionName } from '../policy/policyDocument';
import type { Span } from '../common/span';
import { DEFAULT_GLOBAL_POLICY, configForWorkspace, type ApiConfig, type GatewayConfig, type OperationConfig, type ProductConfig } from './gatewayConfig';
import { POLICY_HANDLERS } from './policies/index';
import { PolicyFailure, PolicyRun, sentBody, headerList, reasonPhrase, type Clock, type GatewayState, type OutboxMessage, type StepHook } from './policyRun';
import { Trace, type TraceEntry } from './trace';
import type { BackendTransport, HeaderList } from './transport';

export const GATEWAY_HOST = 'https://contoso.azure-api.net';

export interface GatewayRequest {
  readonly method: string;
  /** A path on the gateway (`/orders/42`) or an absolute URL. */
  readonly url: string;
  readonly headers?: HeaderList;
  readonly body?: string | null;
  readonly ip?: string;
  /** The client certificate the caller presented (PEM), for context.Request.Certificate. */
  readonly certificate?: string;
}

export interface GatewayResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: string | null;
}

export interface GatewayResult {
  readonly response: GatewayResponse;
  readonly trace: readonly TraceEntry[];
  /** context.Variables at the end, as display text. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Policies the request met that the simulator does not model yet. */
  readonly unsimulated: readonly string[];
  /** What Event Hubs, metrics, Service Bus and Dapr policies would have sent (secrets masked). */
  readonly outbox: readonly OutboxMessage[];
  /** context.LastError when on-error ran. */
  readonly lastError?: { readonly source: string; readonly reason: string; readonly message: string };
  /** The API and operation the request was routed to (and the product of its subscription). */
  readonly route?: { readonly api: string; readonly apiName: string; readonly operation: string; readonly operationName: string; readonly product?: string };
}

export interface GatewayOptions {
  readonly transport: BackendTransport;
  readonly clock: Clock;
  readonly random?: () => number;
  /** Called around every policy (the debugger's seam). */
  readonly hook?: StepHook;
  /**
   * Record what each step changed (before → after) in the trace: on by default, for people
   * reading traces; policy test runs turn it off (it costs about a third of the simulation time).
   */
  readonly recordChanges?: boolean;
}

/** A clock that only moves when told to: simulated time. */
export class SimulatedClock implements Clock {
  constructor(private ms: number = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += Math.max(0, ms);
  }
}

interface Route {
  readonly api: ApiConfig;
  readonly operation: OperationConfig;
  readonly params: Record<string, string>;
  /** The path after the API suffix: what is appended to the service URL. */
  readonly rest: string;
}

/**
 * The path after the API suffix when the request names this API's version, else undefined:
 * Segment `/partner/v2/…` (the segment is not forwarded), Query `?api-version=v2`, Header
 * `Api-Version: v2` (the default names). The version set's original API (no version) answers
 * requests that name none. Case-insensitive [U].
 */
function versionedRest(api: ApiConfig, rest: string, url: URL, headers: HeaderList): string | undefined {
  const set = api.versionSet;
  const version = (api.version ?? '').toLowerCase();
  if (!set) return rest;
  switch (set.scheme) {
    case 'Segment': {
      if (!version) return rest;
      const segment = rest.split('/')[1] ?? '';
      return segment.toLowerCase() === version ? rest.slice(1 + segment.length) || '/' : undefined;
    }
    case 'Query':
      return (url.searchParams.get(set.queryName ?? 'api-version') ?? '').toLowerCase() === version ? rest : undefined;
    case 'Header': {
      const name = (set.headerName ?? 'Api-Version').toLowerCase();
      return (headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? '').toLowerCase() === version ? rest : undefined;
    }
  }
}

/** The longest window a rate limit can count in (renewal-period's maximum, 300 s). */
const MAX_RATE_LIMIT_PERIOD_MS = 300_000;

/** After a cache hit, outbound resumes after the store policy of the cache that answered (§1.5 [U]). */
const CACHE_STORES: Record<'response' | 'semantic', readonly string[]> = { response: ['cache-store'], semantic: ['llm-semantic-cache-store', 'azure-openai-semantic-cache-store'] };

export class Gateway {
  private readonly globalPolicy: ScopedPolicy;
  private requestCount = 0;
  private readonly state: GatewayState = { windows: new Map(), quotas: new Map(), values: new Map(), responses: new Map(), backends: { breakers: new Map(), rotation: new Map(), sessions: new Map() }, tokens: new Map(), tokenQuotas: new Map(), semantic: new Map() };
  private readonly plainValues = new WeakMap<PolicyAttribute, string>();
  /** Secret named values, subscription keys and the tokens requests met: masked in every trace and result. */
  readonly secrets = new SecretSet(PROCESS_SECRETS);
  /** Longest API path first, so /orders/v2 wins over /orders. */
  private readonly apisByPath: readonly ApiConfig[];

  constructor(
    readonly config: GatewayConfig,
    private readonly options: GatewayOptions,
  ) {
    this.globalPolicy = { scope: 'global', document: config.global?.document ?? parsePolicy(DEFAULT_GLOBAL_POLICY), file: config.global?.file };
    // Longest path first; within a version set, versions before the original (no version).
    this.apisByPath = [...config.apis].sort((a, b) => b.path.length - a.path.length || (b.version ? 1 : 0) - (a.version ? 1 : 0));
    this.secrets.addAll([...config.namedValues.values(), ...[...(config.workspaces?.values() ?? [])].flatMap((w) => [...w.namedValues.values()])].filter((v) => v.secret).map((v) => v.value));
    this.secrets.addAll(config.subscriptions.map((s) => s.key));
  }

  /** How many requests pass between two sweeps of expired state. */
  static readonly SWEEP_EVERY = 500;
  private sinceSweep = 0;

  /** Entries kept in the gateway's state (caches, counters), for checks that it does not grow without bound. */
  stateSize(): number {
    const s = this.state;
    return s.responses.size + s.values.size + s.windows.size + s.tokens.size + s.semantic.size + s.quotas.size + s.tokenQuotas.size;
  }

  /**
   * Drops what can no longer be read: expired cached responses and values, rate-limit windows and
   * token counters whose last entry is older than any window they can have (300 s for rate limits,
   * a minute for tokens), expired semantic-cache entries. Without it a long run with many distinct
   * URLs or keys grows the heap request by request.
   */
  private sweep(now: number): void {
    const s = this.state;
    for (const [k, v] of s.responses) if (v.expiresMs <= now) s.responses.delete(k);
    for (const [k, v] of s.values) if (v.expiresMs <= now) s.values.delete(k);
    for (const [k, times] of s.windows) if ((times[times.length - 1] ?? 0) <= now - MAX_RATE_LIMIT_PERIOD_MS) s.windows.delete(k);
    for (const [k, entries] of s.tokens) if ((entries[entries.length - 1]?.t ?? 0) <= now - 60_000) s.tokens.delete(k);
    for (const [k, entries] of s.semantic) {
      const live = entries.filter((e) => e.response.expiresMs > now);
      if (live.length === 0) s.semantic.delete(k);
      else if (live.length !== entries.length) s.semantic.set(k, live);
    }
  }

  /**
   * One request through the gateway. Whatever goes wrong inside the simulator itself (a service
   * URL that is no URL, a bug) becomes this request's 500 with the reason, never an exception that
   * would end a run of many requests.
   */
  async handle(request: GatewayRequest): Promise<GatewayResult> {
    try {
      return await this.handleRequest(request);
    } catch (e) {
      const message = `The simulator could not handle ${request.method} ${request.url}: ${e instanceof Error ? e.message : String(e)}`;
      const trace = new Trace(this.options.clock.now(), () => this.options.clock.now(), this.secrets);
      trace.add({ section: 'inbound', source: 'simulator', data: message, error: true });
      return this.builtInError(trace, 500, { statusCode: 500, message: 'Internal server error' }, { source: 'simulator', reason: 'SimulatorError', message: this.secrets.maskText(message) });
    }
  }

  private async handleRequest(request: GatewayRequest): Promise<GatewayResult> {
    const clock = this.options.clock;
    if (++this.sinceSweep >= Gateway.SWEEP_EVERY) {
      this.sinceSweep = 0;
      this.sweep(clock.now());
    }
    const trace = new Trace(clock.now(), () => clock.now(), this.secrets);
    const url = new URL(request.url, GATEWAY_HOST);
    const headers = request.headers ?? [];
    trace.add({ section: 'inbound', source: 'api-inspector', data: { request: { method: request.method, url: url.toString(), headers: headers.map(([name, value]) => ({ name, value })) } } });

    let route = this.route(request.method, url, headers);
    // An OPTIONS request no operation takes is a preflight: the built-in logic runs only cors (§6.5).
    const preflight = !route && request.method.toUpperCase() === 'OPTIONS' ? this.route('*', url, headers) : undefined;
    route ??= preflight;
    if (!route) {
      const crossDomain = url.pathname === '/crossdomain.xml' ? this.crossDomainPolicy() : undefined;
      if (crossDomain !== undefined) {
        trace.add({ section: 'inbound', source: 'cross-domain', data: { message: 'The cross-domain policy document of the global policy was returned.' }, location: { scope: 'global', file: this.globalPolicy.file, span: crossDomain.span } });
        return { response: { status: 200, reason: 'OK', headers: [['Content-Type', 'text/xml']], body: crossDomain.text }, trace: trace.entries, variables: {}, unsimulated: [], outbox: [] };
      }
      trace.add({ section: 'inbound', source: 'configuration', data: 'Unable to match incoming request to an operation.', error: true });
      return this.builtInError(trace, 404, { statusCode: 404, message: 'Resource not found' }, { source: 'configuration', reason: 'OperationNotFound', message: 'Unable to match incoming request to an operation.' });
    }
    const key = this.subscriptionKey(url, headers);
    const subscription = key === undefined ? undefined : this.config.subscriptions.find((s) => s.key === key);
    // A preflight carries no key: the built-in preflight runs before the key check, which is why a
    // product-scope cors never answers preflights (a documented pitfall, §6.5).
    if (route.api.subscriptionRequired && !preflight) {
      if (key === undefined) {
        trace.add({ section: 'inbound', source: 'authorization', data: 'Subscription key was not found in the request.', error: true });
        return this.builtInError(trace, 401, { statusCode: 401, message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.' }, { source: 'authorization', reason: 'SubscriptionKeyNotFound', message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to this API.' });
      }
      if (!subscription || (subscription.state ?? 'active') !== 'active') {
        trace.add({ section: 'inbound', source: 'authorization', data: 'Subscription key is invalid.', error: true });
        return this.builtInError(trace, 401, { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' }, { source: 'authorization', reason: 'SubscriptionKeyInvalid', message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' });
      }
    }
    const product = subscription?.product ? this.config.products.find((p) => p.id === subscription.product) : undefined;

    const backendBase = (route.api.serviceUrl ?? GATEWAY_HOST).replace(/\/+$/, '');
    const context = this.buildContext(request, url, route, product, subscription?.id ?? subscription?.key, backendBase);
    // A workspace API sees its workspace's named values, backends and fragments first.
    const config = this.configFor(route.api.workspace);
    const run = new PolicyRun(config, context, trace, clock, this.options.transport, POLICY_HANDLERS, this.options.random ?? Math.random, this.state, key, this.plainValuesFor(route.api.workspace), this.options.hook, this.options.recordChanges ?? true);
    run.backendBase = backendBase;
    run.api = route.api;
    run.operation = route.operation;
    run.preflight = preflight !== undefined;
    trace.add({ section: 'inbound', source: 'api-inspector', data: { configuration: { api: { from: `/${route.api.path}`, to: backendBase, revision: route.api.revision ?? '1' }, operation: { method: route.operation.method, uriTemplate: route.operation.urlTemplate }, product: product ? { id: product.id } : '-' } } });

    const sections = this.effective(route, product);
    let failure: PolicyFailure | undefined;
    let failedSection: SectionName | undefined;
    for (const section of ['inbound', 'backend', 'outbound'] as const) {
      run.section = section;
      // After a cache hit the backend is skipped and outbound resumes after cache-store (§1.5 [U]).
      if (run.cacheHit && section === 'backend') continue;
      const store = run.cacheHit ? CACHE_STORES[run.cacheHit] : undefined;
      let skipping = store !== undefined && section === 'outbound' && sections.outbound.some((st) => store.includes(st.element.name));
      try {
        // Token counting and metrics follow the backend's answer; a cached answer used no tokens.
        if (section === 'outbound' && !run.cacheHit) for (const before of run.beforeOutbound) await before();
        for (const stmt of sections[section]) {
          if (run.ended || (run.cacheHit && section === 'inbound')) break;
          if (skipping) {
            if (store?.includes(stmt.element.name)) skipping = false;
            continue;
          }
          await run.statement(stmt.element, stmt);
        }
      } catch (e) {
        if (!(e instanceof PolicyFailure)) throw e;
        failure = e;
        failedSection = section;
        break;
      }
      if (run.ended) break;
    }

    if (failure && failedSection) {
      trace.add({ section: failedSection, source: failure.source, data: { message: failure.message, reason: failure.reason }, error: true });
      this.prepareErrorResponse(run, failure);
      context.fields['LastError'] = new ModelObject('ILastError', { Source: failure.source, Reason: failure.reason, Message: failure.message, Scope: failure.scope ?? null, Section: failedSection, Path: failure.path ?? null, PolicyId: failure.policyId ?? null });
      run.section = 'on-error';
      run.ended = false;
      try {
        for (const stmt of sections['on-error']) {
          if (run.ended) break;
          await run.statement(stmt.element, stmt);
        }
      } catch (e) {
        if (!(e instanceof PolicyFailure)) throw e;
        // Unverified: an error inside on-error returns the response as it stands (§1.4 [U]).
        trace.add({ section: 'on-error', source: e.source, data: { message: e.message, reason: e.reason }, error: true });
      }
    }
    for (const after of run.afterResponse) await after();
    // Unverified: a preflight no cors policy answered gets the 404 of an unmatched operation.
    if (run.preflight && !run.ended) return this.builtInError(trace, 404, { statusCode: 404, message: 'Resource not found' }, { source: 'configuration', reason: 'OperationNotFound', message: 'Unable to match incoming request to an operation.' });
    trace.add({ section: failure ? 'on-error' : 'outbound', source: 'transfer-response', data: { message: 'Response has been sent to the caller in full' } });
    const response = context.fields['Response'] as ModelObject;
    for (const [name, value] of run.responseHeaders) (response.fields['Headers'] as MultiValueDictionary).set(name, [value]);
    return {
      response: { status: Number(response.fields['StatusCode']), reason: String(response.fields['StatusReason'] ?? ''), headers: headerList(response), body: sentBody(response) },
      trace: trace.entries,
      variables: this.secrets.mask(variablesOf(context)),
      unsimulated: run.unsimulated,
      outbox: run.outbox.map((m) => trace.mask(m)),
      ...(failure ? { lastError: this.secrets.mask({ source: failure.source, reason: failure.reason, message: failure.message }) } : {}),
      route: { api: route.api.id, apiName: route.api.name ?? route.api.id, operation: route.operation.id, operationName: route.operation.name ?? route.operation.id, ...(product ? { product: product.name ?? product.id } : {}) },
    };
  }

  /** A failing access policy prepared its response; anything else is a 500 (§1.4). */
  private prepareErrorResponse(run: PolicyRun, failure: PolicyFailure): void {
    const status = failure.response?.status ?? 500;
    const body = failure.response?.body ?? JSON.stringify({ statusCode: 500, message: 'Internal server error', activityId: toDisplayString(run.context.fields['RequestId']) });
    run.context.fields['Response'] = new ModelObject('IResponse', {
      StatusCode: status,
      StatusReason: reasonPhrase(status),
      Headers: MultiValueDictionary.of([['Content-Type', 'application/json'], ...(failure.response?.headers ?? []).map(([n, v]) => [n, v] as [string, string])]),
      Body: new MessageBody(body, 'application/json'),
    });
  }

  /**
   * The document a global `<cross-domain>` serves at /crossdomain.xml: its content, as written.
   * Only the global scope's policy counts (the policy is global-only).
   */
  private crossDomainPolicy(): { text: string; span: Span } | undefined {
    const doc = this.globalPolicy.document;
    const inbound = doc.root ? childElements(doc.root).find((e) => e.name === 'inbound') : undefined;
    const el = inbound ? childElements(inbound).find((e) => e.name === 'cross-domain') : undefined;
    if (!el) return undefined;
    const inner = el.selfClosing || !el.endTagSpan ? '' : doc.text.slice(el.startTagSpan.end, el.endTagSpan.start).trim();
    // [U] served as written, without an added XML declaration.
    return { text: inner, span: el.span };
  }

  /** A built-in error before any policy runs (apim-policies.md §1.4's predefined errors). */
  private builtInError(trace: Trace, status: number, body: object, lastError: NonNullable<GatewayResult['lastError']>): GatewayResult {
    return {
      response: { status, reason: reasonPhrase(status), headers: [['Content-Type', 'application/json']], body: JSON.stringify(body) },
      trace: trace.entries,
      variables: {},
      unsimulated: [],
      outbox: [],
      lastError,
    };
  }

  private route(method: string, url: URL, headers: HeaderList): Route | undefined {
    let path = decodeURIComponent(url.pathname);
    // A revision is addressed as /orders;rev=2/…; without it the current revision answers.
    const rev = /;rev=(\d+)(?=\/|$)/.exec(path);
    if (rev) path = path.slice(0, rev.index) + path.slice(rev.index + rev[0].length);
    for (const api of this.apisByPath) {
      if (rev ? (api.revision ?? '1') !== rev[1] : api.isCurrent === false) continue;
      const prefix = `/${api.path.replace(/^\/+|\/+$/g, '')}`;
      const matchesPrefix = prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
      if (!matchesPrefix) continue;
      let rest = prefix === '/' ? path : path.slice(prefix.length) || '/';
      if (api.versionSet) {
        const versioned = versionedRest(api, rest, url, headers);
        if (versioned === undefined) continue;
        rest = versioned;
      }
      for (const op of api.operations) {
        if (method !== '*' && op.method !== '*' && op.method.toUpperCase() !== method.toUpperCase()) continue;
        const params = matchTemplate(op.urlTemplate, rest, url.searchParams);
        if (params) return { api, operation: op, params, rest };
      }
    }
    return undefined;
  }

  private subscriptionKey(url: URL, headers: HeaderList): string | undefined {
    const h = headers.find(([n]) => n.toLowerCase() === 'ocp-apim-subscription-key');
    if (h) return h[1];
    return url.search.includes('subscription-key') ? (url.searchParams.get('subscription-key') ?? undefined) : undefined;
  }

  private readonly effectiveCache = new Map<string, Record<SectionName, EffectiveStatement[]>>();

  /** The effective sections for an operation and product; composed once, the documents do not change. */
  private effective(route: Route, product: ProductConfig | undefined): Record<SectionName, EffectiveStatement[]> {
    const key = `${route.api.id}\u0000${route.operation.id}\u0000${product?.id ?? ''}`;
    let hit = this.effectiveCache.get(key);
    if (!hit) {
      const scoped = this.scopedPolicies(route, product);
      hit = { inbound: effectiveSection('inbound', scoped), backend: effectiveSection('backend', scoped), outbound: effectiveSection('outbound', scoped), 'on-error': effectiveSection('on-error', scoped) };
      this.effectiveCache.set(key, hit);
    }
    return hit;
  }

  private scopedPolicies(route: Route, product: ProductConfig | undefined): ScopedPolicy[] {
    return scopedPoliciesOf(this.configFor(route.api.workspace), route.api, route.operation, product, this.globalPolicy);
  }

  private readonly workspaceConfigs = new Map<string, GatewayConfig>();
  private readonly workspacePlainValues = new Map<string, WeakMap<PolicyAttribute, string>>();

  private configFor(workspace: string | undefined): GatewayConfig {
    if (!workspace) return this.config;
    let c = this.workspaceConfigs.get(workspace);
    if (!c) this.workspaceConfigs.set(workspace, (c = configForWorkspace(this.config, workspace)));
    return c;
  }

  /** Resolved plain attribute values, per workspace: a named value may differ inside one. */
  private plainValuesFor(workspace: string | undefined): WeakMap<PolicyAttribute, string> {
    if (!workspace) return this.plainValues;
    let m = this.workspacePlainValues.get(workspace);
    if (!m) this.workspacePlainValues.set(workspace, (m = new WeakMap()));
    return m;
  }

  /**
   * The parts of `context` that depend only on the route, product and subscription (Api,
   * Operation, Product, Subscription, User, Deployment, …): built once and shared by the requests
   * that have them, since expressions can only read them.
   */
  private readonly contextParts = new Map<string, Readonly<Record<string, unknown>>>();

  private buildContext(request: GatewayRequest, url: URL, route: Route, product: ProductConfig | undefined, subscriptionId: string | undefined, backendBase: string): ModelObject {
    this.requestCount++;
    const now = new Date(this.options.clock.now());
    const key = `${route.api.id}\u0000${route.api.revision ?? ''}\u0000${route.operation.id}\u0000${product?.id ?? ''}\u0000${subscriptionId ?? ''}`;
    let shared = this.contextParts.get(key);
    if (!shared) {
      shared = buildContext(
        {
          api: { id: route.api.id, name: route.api.name ?? route.api.id, path: route.api.path, revision: route.api.revision ?? '1', version: route.api.version ?? null, ...(route.api.serviceUrl ? { serviceUrl: route.api.serviceUrl } : {}) },
          operation: { id: route.operation.id, method: route.operation.method, name: route.operation.name ?? route.operation.id, urlTemplate: route.operation.urlTemplate },
          product: product ? { id: product.id, name: product.name ?? product.id } : null,
          subscription: subscriptionId ? { id: subscriptionId, name: subscriptionId } : null,
          user: null,
          deployment: { serviceName: this.config.serviceName },
        },
        now,
      ).fields;
      this.contextParts.set(key, shared);
    }
    const headers: Record<string, string[]> = {};
    for (const [n, v] of request.headers ?? []) (headers[n] ??= []).push(v);
    const req = requestModel({ method: request.method, url: url.toString(), headers, ...(request.body !== undefined && request.body !== null ? { body: request.body } : {}), ipAddress: request.ip ?? '127.0.0.1', matchedParameters: route.params, ...(request.certificate ? { certificate: request.certificate } : {}) });
    // context.Request.Url is the backend URL: service URL + the path after the API suffix + query (§1.3).
    const base = this.parsedBase(backendBase);
    const query = (req.fields['Url'] as ModelUrl).query;
    const backendPath = `${base.path}${route.rest === '/' && !backendBase.endsWith('/') ? '' : route.rest}`;
    req.fields['Url'] = new ModelUrl(base.scheme, base.host, base.port, backendPath || '/', query);
    return new ModelObject('IContext', {
      ...shared,
      Request: req,
      // The response starts as 200 OK with no body until a backend or a policy sets it (§1.5 [U]).
      Response: new ModelObject('IResponse', { StatusCode: 200, StatusReason: 'OK', Headers: new MultiValueDictionary(), Body: null }),
      RequestId: new Guid(`00000000000040008000${String(this.requestCount).padStart(12, '0')}`),
      Timestamp: DateTimeValue.fromDate(now),
      Variables: new VariablesDictionary(),
      LastError: null,
    });
  }

  private readonly bases = new Map<string, ModelUrl>();

  /** A service URL parsed once: scheme, host, port and base path (no trailing slash). */
  private parsedBase(base: string): ModelUrl {
    let hit = this.bases.get(base);
    if (!hit) {
      hit = ModelUrl.parse(base);
      hit.path = hit.path.replace(/\/+$/, '');
      this.bases.set(base, hit);
    }
    return hit;
  }
}

/** Matches `/orders/{id}` against a path; `/*` matches everything. Parameters by name. */

function variablesOf(context: ModelObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of context.fields['Variables'] as VariablesDictionary) {
    const { key, value } = kv as { key: string; value: unknown };
    // JSON values (JObject, JArray from JObject.Parse or the validation policies) stay JSON.
    out[key] = value === null || value === undefined ? null : typeof value === 'boolean' || typeof value === 'number' ? value : value instanceof JToken ? JSON.parse(writeJson(value, false)) : toDisplayString(value);
  }
  return out;
}


export { matchTemplate } from './urlTemplate';

/**
 * The policies of each scope a request to `operation` of `api` (through `product`) meets, in
 * order: what the simulator composes its effective policy from, and what Show Effective Policy
 * prints, so the two cannot disagree.
 */
export function scopedPoliciesOf(config: GatewayConfig, api: ApiConfig, operation: OperationConfig, product: ProductConfig | undefined, global?: ScopedPolicy): ScopedPolicy[] {
  const out: ScopedPolicy[] = [global ?? { scope: 'global', document: config.global?.document ?? parsePolicy(DEFAULT_GLOBAL_POLICY), file: config.global?.file }];
  const add = (scope: PolicyScope, p: { document: ScopedPolicy['document']; file?: string } | undefined): void => {
    if (p) out.push({ scope, document: p.document, file: p.file });
  };
  add('workspace', config.workspace);
  add('product', product?.policy);
  add('api', api.policy);
  add('operation', operation.policy);
  return out;
}
