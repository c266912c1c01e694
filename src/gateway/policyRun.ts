// What a policy implementation works with while a request runs: the live `context`, the trace,
// the clock and transport, value evaluation (named values and expressions, as the gateway
// resolves them) and nested statements. Policy implementations live in policies/, one per file.

import type { Span } from '../common/span';
import { prepareExpression, runExpression } from '../expressions/evaluate';
import type { CompiledExpression } from '../expressions/compiler';
import { MessageBody, ModelObject, MultiValueDictionary, ModelUrl, type VariablesDictionary } from '../expressions/builtins/context';
import { toDisplayString } from '../expressions/runtime/operators';
import type { StatementEvent } from '../expressions/runtime/typeSystem';
import { readAttributeValue, readNumberValue, type AttributeValue } from '../policy/attributeValues';
import { attributeInfosOf, isChildOfPolicy, policyInfo, type AttributeInfo } from '../policy/catalog';
import { childElements, decodeEntities, type PolicyAttribute, type PolicyElement, type SectionName } from '../policy/policyDocument';
import type { PolicyScope } from '../policy/effectivePolicy';
import type { ApiConfig, BackendConfig, GatewayConfig, OperationConfig } from './gatewayConfig';
import type { Trace } from './trace';
import type { BackendTransport, HeaderList, OutgoingCall, ProxySetting } from './transport';
import type { BackendState } from './backends';
import { NOT_SIMULATED_REASONS } from './notSimulated';

/** A policy failure: the pipeline fills context.LastError and runs on-error (§1.4). */
export class PolicyFailure extends Error {
  /** Where the failing policy is written, for context.LastError: set by the innermost statement. */
  scope: PolicyScope | undefined;
  /** `choose[2]/when[1]/set-variable[1]`: positions among sibling policies, 1-based [U format]. */
  path: string | undefined;
  /** The failing policy's `id` attribute, if any. */
  policyId: string | undefined;

  constructor(
    readonly source: string,
    readonly reason: string,
    message: string,
    /** The response a failing access or validation policy prepares before on-error runs. */
    readonly response?: { readonly status: number; readonly body: string; readonly headers?: readonly (readonly [string, string])[] },
  ) {
    super(message);
  }
}

/** The element's position from its section (or fragment) down: `choose[2]/when[1]/set-header[1]`. */
export function policyPath(el: PolicyElement): string {
  const parts: string[] = [];
  for (let e: PolicyElement | undefined = el; e && e.parent && !['inbound', 'backend', 'outbound', 'on-error', 'fragment', 'policies'].includes(e.name); e = e.parent) {
    const siblings = e.parent.children.filter((c): c is PolicyElement => c.kind === 'element');
    parts.unshift(`${e.name}[${siblings.indexOf(e) + 1}]`);
  }
  return parts.join('/');
}

/** A message a policy would have sent to another service; the simulator keeps it instead. */
export interface OutboxMessage {
  /** The policy: `log-to-eventhub`, `emit-metric`, `send-service-bus-message`, ... */
  readonly policy: string;
  /** The logger id, metric name, queue or topic, Dapr component. */
  readonly target: string;
  readonly payload: unknown;
}

/** What survives between requests: rate-limit windows, the value cache and the response cache. */
export interface GatewayState {
  readonly windows: Map<string, number[]>;
  /** Quota counters: calls and kilobytes in the current fixed window, by counter. */
  readonly quotas: Map<string, { window: number; calls: number; kilobytes: number }>;
  readonly values: Map<string, { readonly value: unknown; readonly expiresMs: number }>;
  readonly backends: BackendState;
  readonly responses: Map<string, CachedResponse>;
  /** Token counters of llm-token-limit: tokens per request in the last minute, by counter key. */
  readonly tokens: Map<string, { readonly t: number; n: number }[]>;
  /** Token quotas: tokens used in the current period, by counter key. */
  readonly tokenQuotas: Map<string, { window: number; used: number }>;
  /** The semantic cache: prompt embeddings and their responses, by vary-by partition. */
  readonly semantic: Map<string, { readonly embedding: readonly number[]; readonly response: CachedResponse }[]>;
}

export interface CachedResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
  readonly expiresMs: number;
}

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

/** Where a statement is written: its scope and file. */
export interface StatementOrigin {
  readonly scope: PolicyScope;
  readonly file?: string;
}

export type PolicyHandler = (el: PolicyElement, run: PolicyRun, origin: StatementOrigin) => Promise<void>;

/**
 * A hook around every policy, nested ones included: the seam a policy debugger pauses at (await
 * in `before` to hold the request; the run's context and variables are inspectable then).
 */
export interface StepHook {
  before?(step: { readonly element: PolicyElement; readonly origin: StatementOrigin; readonly run: PolicyRun }): void | Promise<void>;
  after?(step: { readonly element: PolicyElement; readonly origin: StatementOrigin; readonly run: PolicyRun; readonly failure?: PolicyFailure }): void | Promise<void>;
  /**
   * Before each statement of a `@{ … }` block an element's expression runs (synchronously: the
   * interpreter cannot be held, so a debugger records these and replays them).
   */
  statement?(event: StatementEvent & { readonly element: PolicyElement }): void;
}

const compiledCache = new Map<string, Promise<{ ok: true; compiled: CompiledExpression } | { ok: false; message: string }>>();

export class PolicyRun {
  /** Set by return-response and mock-response: nothing else runs. */
  ended = false;
  /** Policies met that the simulator does not model yet. */
  readonly unsimulated: string[] = [];
  section: SectionName = 'inbound';

  constructor(
    readonly config: GatewayConfig,
    readonly context: ModelObject,
    readonly trace: Trace,
    readonly clock: Clock,
    readonly transport: BackendTransport,
    private readonly handlers: ReadonlyMap<string, PolicyHandler>,
    readonly random: () => number,
    /** State that lasts across the requests of one gateway. */
    readonly state: GatewayState,
    /** The subscription key the request carried, if any. */
    readonly subscriptionKey: string | undefined,
    /** Resolved plain attribute values, kept by the gateway across requests. */
    private readonly plainValues: WeakMap<PolicyAttribute, string> = new WeakMap(),
    private readonly hook?: StepHook,
    /** Record what each step changed (before → after) in the trace. */
    private readonly recordSteps: boolean = true,
  ) {}

  get request(): ModelObject {
    return this.context.fields['Request'] as ModelObject;
  }

  get response(): ModelObject {
    return this.context.fields['Response'] as ModelObject;
  }

  /**
   * Set while return-response builds its response, or send-request its request: their children
   * (set-header, set-body, set-status, set-method, authentication-*) work on that message.
   */
  messageOverride: ModelObject | undefined;
  /** The API and operation the request was routed to (set by the pipeline). */
  api: ApiConfig | undefined;
  operation: OperationConfig | undefined;
  /** The backend base URL: the API's service URL, or what set-backend-service chose. */
  backendBase = '';
  /** The named backend set-backend-service chose, if any. */
  backendId: string | undefined;
  /** An OPTIONS request no operation matches: only cors runs (the built-in preflight, §6.5). */
  preflight = false;
  corsSeen = false;
  /** Headers added to the response sent to the caller (cors, rate-limit informational headers). */
  responseHeaders: [string, string][] = [];
  /** The response-cache key cache-lookup computed (on a miss), for cache-store. */
  cacheKey: string | undefined;
  /** cache-lookup found the response: inbound and backend stop, outbound resumes after cache-store (§1.5). */
  cacheHit: false | 'response' | 'semantic' = false;
  /** What policies that talk to other Azure services would have sent (Event Hubs, metrics, Service Bus, Dapr). */
  readonly outbox: OutboxMessage[] = [];
  /** Work to do once the response is known (rate-limit increment conditions). */
  readonly afterResponse: (() => Promise<void>)[] = [];
  /** Work to do when the backend answered, before outbound runs (token counts of the AI policies). */
  readonly beforeOutbound: (() => Promise<void>)[] = [];
  /** What a semantic cache lookup missed with, for the matching store in outbound. */
  semanticMiss: { readonly partition: string; readonly embedding: readonly number[] } | undefined;

  /** The message a section works on: the request in inbound and backend, the response after. */
  get message(): ModelObject {
    if (this.messageOverride) return this.messageOverride;
    return this.section === 'inbound' || this.section === 'backend' ? this.request : this.response;
  }

  /** The response set-status changes. */
  get responseTarget(): ModelObject {
    return this.messageOverride ?? this.response;
  }

  /** The request set-method and the authentication policies change. */
  get requestTarget(): ModelObject {
    return this.messageOverride ?? this.request;
  }

  /** Adds a secret that turns up while the request runs (a token), so the trace masks it. */
  addSecret(value: string): void {
    this.trace.addSecret(value);
  }

  namedValue(name: string): string | undefined {
    return this.config.namedValues.get(name)?.value;
  }

  /** Runs statements in order until one ends the request. */
  async statements(elements: readonly PolicyElement[], origin: StatementOrigin): Promise<void> {
    for (const el of elements) {
      if (this.ended) return;
      await this.statement(el, origin);
    }
  }

  async statement(el: PolicyElement, origin: StatementOrigin): Promise<void> {
    if (this.preflight && el.name !== 'cors') return;
    const handler = this.handlers.get(el.name);
    if (!handler) {
      this.unsimulated.push(el.name);
      this.traceAt(el, origin, el.name, { message: NOT_SIMULATED_REASONS.get(el.name) ?? `<${el.name}> is not simulated: it had no effect on this request.` }, { notSimulated: true });
      return;
    }
    if (this.hook?.before) await this.hook.before({ element: el, origin, run: this });
    // Policies that hold others report their children's changes, not their own.
    const aspects = !this.recordSteps || CONTAINERS.has(el.name) ? undefined : (ASPECTS[el.name] ?? ALL_ASPECTS);
    const before = aspects ? this.snapshot(aspects) : undefined;
    const firstEntry = this.trace.entries.length;
    try {
      try {
        await handler(el, this, origin);
      } catch (e) {
        // Anything but a policy failure is the simulator's own trouble (a stack or memory limit of
        // its host, a bug): it fails this request, through on-error as an error would, and never
        // the other requests of a run or test file.
        if (e instanceof PolicyFailure) throw e;
        throw new PolicyFailure(el.name, 'SimulatorError', `The simulator could not run <${el.name}>: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (before && aspects) this.recordChanges(before, firstEntry, aspects);
    } catch (e) {
      if (e instanceof PolicyFailure && e.scope === undefined) {
        e.scope = origin.scope;
        e.path = policyPath(el);
        e.policyId = el.attributes.find((a) => a.name === 'id')?.value;
      }
      if (e instanceof PolicyFailure && this.hook?.after) await this.hook.after({ element: el, origin, run: this, failure: e });
      throw e;
    }
    if (this.hook?.after) await this.hook.after({ element: el, origin, run: this });
  }

  /**
   * What a step can change, taken cheaply: object identities and shallow copies of the dictionaries'
   * values (set-header and set-variable replace values, so identity tells what changed). Text is
   * only made for what did change.
   */
  private snapshot(aspects: ReadonlySet<Aspect>): Snapshot {
    const req = this.request;
    const res = this.response;
    const url = req.fields['Url'] as ModelUrl | string;
    const has = (a: Aspect): boolean => aspects.has(a);
    return {
      request: req,
      response: res,
      url,
      urlPath: typeof url === 'string' ? url : url.path,
      urlQuery: has('url') && typeof url !== 'string' ? values(url.query) : undefined,
      method: req.fields['Method'],
      status: res.fields['StatusCode'],
      reason: res.fields['StatusReason'],
      requestHeadersDict: req.fields['Headers'],
      requestHeaders: has('headers') ? values(req.fields['Headers'] as MultiValueDictionary) : EMPTY,
      responseHeadersDict: res.fields['Headers'],
      responseHeaders: has('headers') ? values(res.fields['Headers'] as MultiValueDictionary) : EMPTY,
      requestBody: req.fields['Body'],
      responseBody: res.fields['Body'],
      variables: has('variables') ? values(this.context.fields['Variables'] as VariablesDictionary) : EMPTY,
    };
  }

  /** Adds "what changed" (before → after) to the step's last trace entry. */
  private recordChanges(b: Snapshot, firstEntry: number, aspects: ReadonlySet<Aspect>): void {
    const entry = this.trace.entries[this.trace.entries.length - 1];
    if (!entry || this.trace.entries.length === firstEntry) return;
    const a = this.snapshot(aspects);
    const has = (x: Aspect): boolean => aspects.has(x);
    const changes: { what: string; before: string | null; after: string | null }[] = [];
    const text = (v: unknown): string | null => (v instanceof MessageBody ? preview(v.text()) : null);
    const sameRequest = a.request === b.request;
    if (a.url !== b.url || a.urlPath !== b.urlPath || (has('url') && !sameValues(a.urlQuery, b.urlQuery))) changes.push({ what: 'request URL', before: urlBefore(b), after: String(a.url) });
    if (a.method !== b.method) changes.push({ what: 'request method', before: String(b.method), after: String(a.method) });
    if (has('headers') && (!sameRequest || a.requestHeadersDict !== b.requestHeadersDict || !sameValues(a.requestHeaders, b.requestHeaders))) {
      const before = headerLines(b.requestHeaders);
      const after = headerLines(a.requestHeaders);
      if (before !== after) changes.push({ what: 'request headers', before, after });
    }
    if (a.requestBody !== b.requestBody) changes.push({ what: 'request body', before: text(b.requestBody), after: text(a.requestBody) });
    if (a.status !== b.status || a.reason !== b.reason) changes.push({ what: 'response status', before: `${String(b.status)} ${String(b.reason ?? '')}`.trim(), after: `${String(a.status)} ${String(a.reason ?? '')}`.trim() });
    if (has('headers') && (a.responseHeadersDict !== b.responseHeadersDict || !sameValues(a.responseHeaders, b.responseHeaders))) {
      const before = headerLines(b.responseHeaders);
      const after = headerLines(a.responseHeaders);
      if (before !== after) changes.push({ what: 'response headers', before, after });
    }
    if (a.responseBody !== b.responseBody) changes.push({ what: 'response body', before: text(b.responseBody), after: text(a.responseBody) });
    if (has('variables')) for (const [k, v] of a.variables) {
      if (!b.variables.has(k) || b.variables.get(k) !== v) changes.push({ what: `variable ${String(k)}`, before: b.variables.has(k) ? displayValue(b.variables.get(k)) : null, after: displayValue(v) });
    }
    if (changes.length) this.trace.setChanges(entry, changes);
  }

  traceAt(el: PolicyElement, origin: StatementOrigin, source: string, data: unknown, flags: { notSimulated?: boolean; error?: boolean } = {}): void {
    this.trace.add({ section: this.section, source, data, location: { scope: origin.scope, file: origin.file, span: el.span }, ...flags });
  }

  /** An attribute's value: named values substituted, an expression evaluated; undefined when absent. */
  async attr(el: PolicyElement, name: string): Promise<unknown> {
    const a = el.attributes.find((x) => x.name === name);
    if (!a || a.value === undefined) return undefined;
    return this.evaluate(a.value, a.valueSpan?.start ?? a.span.start, el, a);
  }

  async attrString(el: PolicyElement, name: string): Promise<string | undefined> {
    const v = await this.attr(el, name);
    return v === undefined || v === null ? (v as undefined) : toDisplayString(v);
  }

  /**
   * An attribute read as the type the catalog gives it (a number, a boolean, one of its values, …);
   * undefined when absent. A value of the wrong type fails the policy with a message naming the
   * value and what the attribute takes, never a NaN further on. [U] The gateway's own wording is
   * not documented; an expression's bad result is ExpressionValueEvaluationFailure (as any runtime
   * error in an expression), a bad literal is refused when Azure saves the policy, so the simulator
   * stops on it with the reason InvalidPolicyValue. Change both here.
   */
  async attrTyped(el: PolicyElement, name: string, fallback: AttributeInfo['type'] = 'string'): Promise<AttributeValue | undefined> {
    const catalogInfo = attributeInfosOf(el).find((a) => a.name === name);
    const info: AttributeInfo = catalogInfo && (fallback === 'string' || catalogInfo.type === fallback || (fallback === 'number' && catalogInfo.type === 'integer')) ? catalogInfo : { name, required: false, type: fallback };
    const value = await this.attr(el, name);
    if (value === undefined || value === null) return undefined;
    const reading = typeof value === 'number' && (info.type === 'integer' || info.type === 'number') ? readNumberValue(info, value) : typeof value === 'boolean' && info.type === 'boolean' ? { ok: true as const, value } : readAttributeValue(info, toDisplayString(value));
    if (reading.ok) return reading.value;
    const raw = el.attributes.find((a) => a.name === name)?.value ?? '';
    const fromExpression = /^\s*@[({]/.test(raw);
    const shown = toDisplayString(value);
    throw new PolicyFailure(
      statementName(el),
      fromExpression ? 'ExpressionValueEvaluationFailure' : 'InvalidPolicyValue',
      `${fromExpression ? `The expression in '${name}' of <${el.name}> gave '${shown}'` : `'${shown}' in '${name}' of <${el.name}>`}, which is not valid: expected ${reading.expected}.${fromExpression ? '' : ' Azure refuses to save a policy with this value.'}`,
    );
  }

  /** A whole-number or decimal attribute; undefined when absent. */
  async attrNumber(el: PolicyElement, name: string): Promise<number | undefined> {
    return (await this.attrTyped(el, name, 'number')) as number | undefined;
  }

  /** A boolean attribute, `dflt` when absent. */
  async attrBool(el: PolicyElement, name: string, dflt: boolean): Promise<boolean> {
    return ((await this.attrTyped(el, name, 'boolean')) as boolean | undefined) ?? dflt;
  }

  /** The element's text content (text and CDATA), evaluated like an attribute value. */
  async content(el: PolicyElement): Promise<unknown> {
    const parts = el.children.filter((c) => c.kind === 'text' || c.kind === 'cdata');
    if (parts.length === 0) return '';
    const first = parts[0];
    if (parts.length === 1 && first && first.kind === 'text') return this.evaluate(first.text.trim() ? first.text : '', first.span.start + (first.text.length - first.text.trimStart().length), el);
    return parts.map((p) => (p.kind === 'cdata' ? p.text : decodeEntities(p.text))).join('');
  }

  async evaluate(raw: string, offset: number, el: PolicyElement, attr?: PolicyAttribute): Promise<unknown> {
    // A plain attribute value never changes for this gateway (named values are fixed): resolve once.
    if (attr) {
      const known = this.plainValues.get(attr);
      if (known !== undefined) return known;
    }
    const text = raw.trim();
    if (text.startsWith('@(') || text.startsWith('@{')) {
      // Named values are resolved when compiling: the same text with other values (another
      // workspace, another gateway's named values) is another compiled expression.
      const refs = text.includes('{{') ? [...text.matchAll(/\{\{([^{}]+)\}\}/g)].map((m) => `${m[1]}=${this.namedValue((m[1] as string).trim()) ?? ''}`).join('\u0001') : '';
      const key = `${offset}\u0000${refs}\u0000${text}`;
      let prepared = compiledCache.get(key);
      if (!prepared) {
        prepared = prepareExpression(text, { offset, resolveNamedValue: (n) => this.namedValue(n) }).then((r) => (r.ok ? r : { ok: false as const, message: r.error.message }));
        compiledCache.set(key, prepared);
      }
      const p = await prepared;
      if (!p.ok) throw new PolicyFailure(statementName(el), 'ExpressionValueEvaluationFailure', `Expression evaluation failed. ${p.message}`);
      const listen = this.hook?.statement;
      const r = runExpression(p.compiled, { globals: { context: this.context }, now: () => new Date(this.clock.now()), random: this.random, ...(listen ? { onStatement: (e: StatementEvent) => listen.call(this.hook, { ...e, locals: e.locals, element: el }) } : {}) });
      if (!r.ok) {
        // Unverified wording: the reference lists this reason with "multiple" messages.
        const detail = r.error.kind === 'exception' ? `${r.error.type}: ${r.error.message}` : r.error.message;
        throw new PolicyFailure(statementName(el), 'ExpressionValueEvaluationFailure', `Expression evaluation failed. ${detail}`);
      }
      return r.value;
    }
    const plain = this.resolveNamedValues(decodeEntities(raw));
    if (attr) this.plainValues.set(attr, plain);
    return plain;
  }

  /** `{{name}}` replaced by the named value's value; unknown names are left as written. */
  resolveNamedValues(text: string): string {
    return text.replace(/\{\{([^{}]+)\}\}/g, (m, name: string) => this.namedValue(name.trim()) ?? m);
  }

  /** The trimmed text of each `name` child of `parent` (`<audiences><audience>…`), none without a parent. */
  async childTexts(parent: PolicyElement | undefined, name: string): Promise<string[]> {
    const out: string[] = [];
    if (parent) for (const c of this.children(parent, name)) out.push(toDisplayString((await this.content(c)) ?? '').trim());
    return out;
  }

  children(el: PolicyElement, name?: string): PolicyElement[] {
    return childElements(el).filter((c) => name === undefined || c.name === name);
  }

  /** The span of an element, for errors and trace links. */
  spanOf(el: PolicyElement): Span {
    return el.span;
  }
}

/**
 * The policy statement an element belongs to: itself, or the policy it is a child of (a <value>
 * of set-header, a set-header inside send-request). context.LastError.Source names that policy.
 */
export function statementName(el: PolicyElement): string {
  for (let e: PolicyElement | undefined = el; e; e = e.parent) {
    if (policyInfo(e.name) && !isChildOfPolicy(e)) return e.name;
  }
  return el.name;
}

/** Policies that run other policies: the changes are reported by the policies inside. */
const CONTAINERS = new Set(['choose', 'retry', 'include-fragment', 'wait', 'limit-concurrency']);

/**
 * What a step's before/after compares beyond identities (URL object, method, status, bodies are
 * always compared): the URL's query, header values, variables. Common policies name what they
 * can change, which keeps the trace cheap; every other policy is compared on everything.
 */
type Aspect = 'url' | 'headers' | 'variables';
const ALL_ASPECTS: ReadonlySet<Aspect> = new Set<Aspect>(['url', 'headers', 'variables']);
const ASPECTS: Readonly<Record<string, ReadonlySet<Aspect>>> = {
  'set-variable': new Set<Aspect>(['variables']),
  'set-header': new Set<Aspect>(['headers']),
  'set-query-parameter': new Set<Aspect>(['url']),
  'rewrite-uri': new Set<Aspect>(['url']),
  'set-backend-service': new Set<Aspect>(['url']),
  'set-method': new Set<Aspect>(),
  'set-status': new Set<Aspect>(),
  'set-body': new Set<Aspect>(),
  'find-and-replace': new Set<Aspect>(),
  'trace': new Set<Aspect>(),
  'check-header': new Set<Aspect>(),
  'ip-filter': new Set<Aspect>(),
  'authentication-basic': new Set<Aspect>(['headers']),
};
const EMPTY: ReadonlyMap<unknown, unknown> = new Map();

interface Snapshot {
  readonly request: ModelObject;
  readonly response: ModelObject;
  readonly url: ModelUrl | string;
  readonly urlPath: string;
  readonly urlQuery: ReadonlyMap<unknown, unknown> | undefined;
  readonly method: unknown;
  readonly status: unknown;
  readonly reason: unknown;
  readonly requestHeadersDict: unknown;
  readonly requestHeaders: ReadonlyMap<unknown, unknown>;
  readonly responseHeadersDict: unknown;
  readonly responseHeaders: ReadonlyMap<unknown, unknown>;
  readonly requestBody: unknown;
  readonly responseBody: unknown;
  readonly variables: ReadonlyMap<unknown, unknown>;
}

/** A dictionary's values by key, copied shallowly (entry values are replaced, not mutated). */
function values(dict: { map: Map<unknown, { key: unknown; value: unknown }> } | null | undefined): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  if (dict) for (const e of dict.map.values()) out.set(e.key, e.value);
  return out;
}

function sameValues(a: ReadonlyMap<unknown, unknown> | undefined, b: ReadonlyMap<unknown, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** The request URL as it was before the step (its query may have been changed in place). */
function urlBefore(b: Snapshot): string {
  if (typeof b.url === 'string') return b.url;
  const query = MultiValueDictionary.of([...(b.urlQuery ?? new Map())].map(([k, v]) => [String(k), v as string[]]));
  return new ModelUrl(b.url.scheme, b.url.host, b.url.port, b.urlPath, query).toString();
}

/** "Name: value" lines from a shallow copy of header values. */
function headerLines(values: ReadonlyMap<unknown, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of values) for (const x of v as string[]) out.push(`${String(k)}: ${x}`);
  return out.join('\n');
}

function displayValue(v: unknown): string {
  return v === null || v === undefined ? 'null' : toDisplayString(v);
}

function preview(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
}

// ------------------------------------------------------------------ message helpers

export function headersOf(message: ModelObject): MultiValueDictionary {
  return message.fields['Headers'] as MultiValueDictionary;
}

/** The IResponse a transport's answer (or a cached response) becomes: context.Response, a send-request variable. */
export function responseFrom(outcome: { readonly status: number; readonly reason?: string; readonly headers: HeaderList; readonly body: string | null }): ModelObject {
  const headers = MultiValueDictionary.of(outcome.headers.map(([n, v]) => [n, v] as [string, string]));
  const type = headers.tryGet('Content-Type');
  return new ModelObject('IResponse', {
    StatusCode: outcome.status,
    StatusReason: outcome.reason ?? reasonPhrase(outcome.status),
    Headers: headers,
    Body: outcome.body === null ? null : new MessageBody(outcome.body, type.found ? (type.value as string[])[0] : undefined),
  });
}

/** A response as a cache keeps it, until `expiresMs`. */
export function cachedResponse(response: ModelObject, expiresMs: number): CachedResponse {
  const status = Number(response.fields['StatusCode']);
  return { status, reason: String(response.fields['StatusReason'] ?? reasonPhrase(status)), headers: headerList(response), body: bodyText(response), expiresMs };
}

/** The trace data of a received response, in the gateway's shape (headers as they arrived). */
export function responseTraceData(response: ModelObject, headers: HeaderList): unknown {
  return { response: { status: { code: response.fields['StatusCode'], reason: response.fields['StatusReason'] }, headers: headers.map(([name, value]) => ({ name, value })) } };
}

/** The call a request message makes (send-request, send-one-way-request), with its client certificate. */
export function outgoingCall(message: ModelObject, url?: string): OutgoingCall {
  const certificate = message.fields['__clientCertificate'];
  const proxy = message.fields['__proxy'] as ProxySetting | undefined;
  return {
    method: String(message.fields['Method']),
    url: url ?? toDisplayString(message.fields['Url']),
    headers: headerList(message),
    body: sentBody(message),
    ...(typeof certificate === 'string' ? { clientCertificate: certificate } : {}),
    ...(proxy ? { proxy } : {}),
  };
}

/** The response a failing access policy prepares: `{"statusCode": N, "message": "…"}` (§1.4). */
export function errorResponse(status: number, message: string, headers?: readonly (readonly [string, string])[]): NonNullable<PolicyFailure['response']> {
  return { status, body: JSON.stringify({ statusCode: status, message }), ...(headers ? { headers } : {}) };
}

/** The client certificate a named backend presents (ARM `credentials.certificate` thumbprint or `certificateIds`). */
export function backendCertificate(backend: BackendConfig | undefined): string | undefined {
  const id = backend?.credentials?.certificateIds?.[0];
  return backend?.credentials?.certificate?.[0] ?? (id === undefined ? undefined : (id.split('/').pop() ?? id));
}

/** A named backend's credentials (ARM `credentials`: header, query, authorization) added to a call; values may use {{named values}}. */
export function applyBackendCredentials(run: PolicyRun, backend: BackendConfig | undefined, headers: (readonly [string, string])[], url: ModelUrl): void {
  const resolve = (v: string): string => run.resolveNamedValues(v);
  for (const [name, values] of Object.entries(backend?.credentials?.header ?? {})) for (const v of values) headers.push([name, resolve(v)]);
  for (const [name, values] of Object.entries(backend?.credentials?.query ?? {})) url.query.set(name, values.map(resolve));
  const auth = backend?.credentials?.authorization;
  if (auth) headers.push(['Authorization', `${auth.scheme} ${resolve(auth.parameter)}`]);
}

export function headerList(message: ModelObject): HeaderList {
  const out: [string, string][] = [];
  for (const kv of headersOf(message)) {
    const { key, value } = kv as { key: string; value: string[] };
    for (const v of value) out.push([key, v]);
  }
  return out;
}

export function bodyText(message: ModelObject): string | null {
  const b = message.fields['Body'] as MessageBody | null;
  return b ? b.text() : null;
}

/**
 * The body a message carries on: empty when an expression read it with As<T>() (or
 * AsFormUrlEncodedContent) without preserveContent and nothing set it again. The set-body page:
 * "the original message body is lost and must be set by returning the body back in the
 * expression". [U] Whether the gateway then sends no body or an empty one is not documented: an
 * empty one is sent.
 */
export function sentBody(message: ModelObject): string | null {
  const b = message.fields['Body'] as MessageBody | null;
  if (!b) return null;
  return b.consumed ? '' : b.text();
}

export function setBody(message: ModelObject, text: string | null): void {
  const type = headersOf(message).tryGet('Content-Type');
  message.fields['Body'] = text === null ? null : new MessageBody(text, type.found ? (type.value as string[])[0] : undefined);
}

export function requestUrl(run: PolicyRun): ModelUrl {
  return run.request.fields['Url'] as ModelUrl;
}

/** Reason phrases for status codes (RFC 9110), as the gateway reports them. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

