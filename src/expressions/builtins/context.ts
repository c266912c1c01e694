// The APIM `context` object model (apim-policies.md §3.3) and the helper methods APIM adds
// (§3.4: GetValueOrDefault on headers, query and variables, AsJwt, AsBasic, ...). The simulator
// builds these objects for each request; the editor reads the same declarations for completion.

import { X509Certificate, createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { DotNetException, argumentNull, invalidCast } from '../runtime/exceptions';
import { iterate } from '../runtime/iteration';
import { toDisplayString } from '../runtime/operators';
import { bindClass, castTo, extendType, makeNumber, primitiveOf, typeByFullName, type CallInfo, type MemberDef, type TypeDef } from '../runtime/typeSystem';
import { RefCell, TYPE, EnumValue } from '../runtime/values';
import { CsDictionary, CsList, KeyValuePair } from './collections';
import { enumType } from './core';
import { DateTimeValue, TICKS_PER_MS, TimeSpanValue, UNIX_EPOCH_TICKS } from './datetime';
import { ctor, method, prop, type } from './define';
import { JArray, JObject, parseJson } from './json';
import { byteArray, toBytes } from './numbers';
import { escapeDataString } from './text';

const MODEL = 'model' as const;

// ------------------------------------------------------------------ model objects

/**
 * A read-only object of the context model, such as IApi or IResponse: a type name and its
 * field values. The simulator creates them; each TypeDef below reads the fields.
 */
export class ModelObject {
  constructor(
    readonly modelType: string,
    readonly fields: Record<string, unknown>,
  ) {}
}

Object.defineProperty(ModelObject.prototype, TYPE, {
  get(this: ModelObject) {
    return typeByFullName(`Microsoft.Azure.ApiManagement.${this.modelType}`) ?? typeByFullName('System.Object');
  },
});

function modelType(name: string, doc: string, members: readonly (readonly [signature: string, doc: string])[], extra: MemberDef[] = []): TypeDef {
  return type({
    fullName: `Microsoft.Azure.ApiManagement.${name}`,
    doc,
    allowed: MODEL,
    isInstance: (v) => v instanceof ModelObject && v.modelType === name,
    members: [
      ...members.map(([sig, d]) => {
        const fieldName = sig.slice(sig.lastIndexOf(' ') + 1);
        return prop(sig, d, (self: ModelObject) => self.fields[fieldName] ?? null);
      }),
      ...extra,
    ],
  });
}

// ------------------------------------------------------------------ dictionaries of the model

/** Headers, Url.Query, Jwt.Claims: case-insensitive names, string[] values. */
export class MultiValueDictionary extends CsDictionary {
  constructor() {
    super('ignoreCase');
  }
  static of(entries: Iterable<[string, readonly string[] | string]>): MultiValueDictionary {
    const d = new MultiValueDictionary();
    for (const [k, v] of entries) {
      const prev = d.tryGet(k);
      const values = Array.isArray(v) ? [...v] : [v as string];
      d.set(k, prev.found ? [...(prev.value as string[]), ...values] : values);
    }
    return d;
  }
}

function joined(d: CsDictionary, key: unknown): string | null {
  const r = d.tryGet(key);
  if (!r.found || r.value === null) return null;
  return Array.isArray(r.value) ? r.value.join(',') : toDisplayString(r.value);
}

bindClass(
  MultiValueDictionary,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.MultiValueDictionary',
    doc: 'IReadOnlyDictionary<string, string[]> with case-insensitive names: request and response headers, Url.Query, JWT claims.',
    base: 'System.Collections.Generic.Dictionary`2',
    allowed: MODEL,
    interfaces: ['System.Collections.Generic.IEnumerable`1', 'System.Collections.Generic.IReadOnlyDictionary`2'],
    isInstance: (v) => v instanceof MultiValueDictionary,
    members: [
      method('string GetValueOrDefault(string name)', 'The values of a name joined with ",", or null when it is absent.', (self: MultiValueDictionary, [k]) => joined(self, k)),
      method('string GetValueOrDefault(string name, string defaultValue)', 'The values of a name joined with ",", or defaultValue when it is absent.', (self: MultiValueDictionary, [k, d]) => joined(self, k) ?? d),
    ],
  }),
);

/** MatchedParameters: IReadOnlyDictionary<string, string>. */
export class StringDictionary extends CsDictionary {
  constructor() {
    super('ignoreCase');
  }
  static of(entries: Iterable<[string, string]>): StringDictionary {
    const d = new StringDictionary();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }
}

bindClass(
  StringDictionary,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.StringDictionary',
    doc: 'IReadOnlyDictionary<string, string>: context.Request.MatchedParameters.',
    base: 'System.Collections.Generic.Dictionary`2',
    allowed: MODEL,
    interfaces: ['System.Collections.Generic.IEnumerable`1', 'System.Collections.Generic.IReadOnlyDictionary`2'],
    isInstance: (v) => v instanceof StringDictionary,
    members: [],
  }),
);

/**
 * context.Variables: IReadOnlyDictionary<string, object>. Names are case-sensitive (unverified;
 * policies always use the same spelling). GetValueOrDefault<T> casts and, as the docs say,
 * throws when the stored value is of another type.
 */
export class VariablesDictionary extends CsDictionary {
  constructor(entries: Iterable<[string, unknown]> = []) {
    super('ordinal');
    for (const [k, v] of entries) this.set(k, v);
  }
}

function variableAs(value: unknown, info: CallInfo): unknown {
  const t = info.typeArgs[0];
  if (!t || value === null) return value;
  return castTo(value, t, true, false, true);
}

function defaultOf(info: CallInfo): unknown {
  const t = info.typeArgs[0];
  const p = primitiveOf(t);
  if (!p || p === 'string') return null;
  if (p === 'bool') return false;
  return makeNumber(p, 0, false);
}

bindClass(
  VariablesDictionary,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.VariablesDictionary',
    doc: 'context.Variables: values set by set-variable and *-variable-name attributes.',
    base: 'System.Collections.Generic.Dictionary`2',
    allowed: MODEL,
    interfaces: ['System.Collections.Generic.IEnumerable`1', 'System.Collections.Generic.IReadOnlyDictionary`2'],
    isInstance: (v) => v instanceof VariablesDictionary,
    members: [
      method('T GetValueOrDefault<T>(string name)', 'The variable cast to T, or default(T) when it is not set; InvalidCastException when it has another type.', (self: VariablesDictionary, [k], info) => {
        const r = self.tryGet(k);
        return r.found ? variableAs(r.value, info) : defaultOf(info);
      }),
      method('T GetValueOrDefault<T>(string name, T defaultValue)', 'The variable cast to T, or defaultValue when it is not set.', (self: VariablesDictionary, [k, d], info) => {
        const r = self.tryGet(k);
        return r.found ? variableAs(r.value, info) : d;
      }),
      method('object GetValueOrDefault(string name)', 'The variable, or null when it is not set.', (self: VariablesDictionary, [k]) => self.tryGet(k).value),
      method('object GetValueOrDefault(string name, object defaultValue)', 'The variable, or defaultValue when it is not set.', (self: VariablesDictionary, [k, d]) => {
        const r = self.tryGet(k);
        return r.found ? r.value : d;
      }),
    ],
  }),
);

/** AsFormUrlEncodedContent(): IDictionary<string, IList<string>>. */
export class FormDictionary extends CsDictionary {
  constructor() {
    super('ordinal');
  }
}

function formText(d: FormDictionary): string {
  const parts: string[] = [];
  for (const kv of d) {
    const { key, value } = kv as KeyValuePair;
    for (const v of iterate(value)) parts.push(`${escapeDataString(String(key))}=${escapeDataString(toDisplayString(v))}`);
  }
  return parts.join('&');
}

bindClass(
  FormDictionary,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.FormDictionary',
    doc: 'A form body as IDictionary<string, IList<string>>; ToQueryString() and ToFormUrlEncodedContent() serialise it.',
    base: 'System.Collections.Generic.Dictionary`2',
    allowed: MODEL,
    interfaces: ['System.Collections.Generic.IEnumerable`1', 'System.Collections.Generic.IDictionary`2'],
    isInstance: (v) => v instanceof FormDictionary,
    members: [
      // Toolkit behaviour [T]: "?" prefix, null when empty. Unverified against the gateway.
      method('string ToQueryString()', 'The entries as a query string with "?", or null when empty.', (self: FormDictionary) => (self.map.size ? `?${formText(self)}` : null)),
      method('string ToFormUrlEncodedContent()', 'The entries as an application/x-www-form-urlencoded body.', (self: FormDictionary) => formText(self)),
    ],
  }),
);

// ------------------------------------------------------------------ message body

export type BodyContent = string | Uint8Array;

/**
 * IMessageBody. As<T>() without preserveContent consumes the body: reading it again fails,
 * as APIM's docs say ("will result in an exception"). The exception type is not documented;
 * InvalidOperationException is our choice (the policy toolkit throws NullReferenceException).
 */
export class MessageBody {
  consumed = false;
  constructor(
    public content: BodyContent,
    readonly contentType?: string,
  ) {}
  text(): string {
    return typeof this.content === 'string' ? this.content : Buffer.from(this.content).toString('utf8');
  }
  read(preserve: boolean): string {
    if (this.consumed) throw new DotNetException('System.InvalidOperationException', 'The message body was already read without preserveContent: true, so it is no longer available.');
    const t = this.text();
    if (!preserve) this.consumed = true;
    return t;
  }
}

function bodyAs(body: MessageBody, preserve: boolean, info: CallInfo): unknown {
  const t = info.typeArgs[0];
  const name = t?.fullName ?? 'System.String';
  switch (name) {
    case 'System.String':
      return body.read(preserve);
    case 'System.Array':
    case 'System.Byte':
      if (body.consumed) body.read(preserve);
      if (!preserve) body.consumed = true;
      return byteArray(typeof body.content === 'string' ? new Uint8Array(Buffer.from(body.content, 'utf8')) : body.content);
    case 'Newtonsoft.Json.Linq.JObject':
    case 'Newtonsoft.Json.Linq.JToken':
    case 'Newtonsoft.Json.Linq.JArray': {
      const parsed = parseJson(body.read(preserve));
      if (name === 'Newtonsoft.Json.Linq.JObject' && !(parsed instanceof JObject)) throw invalidCast(`Newtonsoft.Json.Linq.${parsed.tokenType === 'Array' ? 'JArray' : 'JValue'}`, name);
      if (name === 'Newtonsoft.Json.Linq.JArray' && !(parsed instanceof JArray)) throw invalidCast('Newtonsoft.Json.Linq.JObject', name);
      return parsed;
    }
    case 'System.Xml.Linq.XDocument':
    case 'System.Xml.Linq.XElement':
    case 'System.Xml.Linq.XNode': {
      const x = typeByFullName(name);
      const parse = x?.members.find((m) => m.kind === 'method' && m.name === 'Parse' && m.params.length === 1);
      if (!parse || parse.kind !== 'method') throw new DotNetException('System.NotSupportedException', `Body.As<${t?.name}>() needs the XML types, which the simulator does not provide yet.`);
      return parse.call(undefined, [body.read(preserve)], info);
    }
    default:
      throw new DotNetException('System.NotSupportedException', `Body.As<${t?.name ?? '?'}>() is not supported: use string, byte[], JObject, JToken, JArray, XNode, XElement or XDocument.`);
  }
}

function parseForm(text: string): FormDictionary {
  const d = new FormDictionary();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const [k, v = ''] = pair.split('=');
    const key = decodeURIComponent((k ?? '').replace(/\+/g, ' '));
    const value = decodeURIComponent(v.replace(/\+/g, ' '));
    const prev = d.tryGet(key);
    if (prev.found) (prev.value as CsList).items.push(value);
    else d.set(key, new CsList([value]));
  }
  return d;
}

bindClass(
  MessageBody,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.IMessageBody',
    doc: 'A request or response body. As<T>() reads it once unless preserveContent: true.',
    allowed: MODEL,
    isInstance: (v) => v instanceof MessageBody,
    members: [
      method('T As<T>(bool preserveContent = false)', 'The body as string, byte[], JObject, JToken, JArray or XElement/XDocument; consumes it unless preserveContent is true.', (self: MessageBody, [p], info) => bodyAs(self, p === true, info)),
      method('IDictionary<string, IList<string>> AsFormUrlEncodedContent(bool preserveContent = false)', 'An application/x-www-form-urlencoded body as a dictionary.', (self: MessageBody, [p]) => parseForm(self.read(p === true))),
    ],
  }),
);

// ------------------------------------------------------------------ URL

export class ModelUrl {
  constructor(
    public scheme: string,
    public host: string,
    public port: number,
    public path: string,
    public query: MultiValueDictionary,
  ) {}
  static parse(text: string): ModelUrl {
    const u = new URL(text);
    const q = u.search.length > 1 ? MultiValueDictionary.of([...u.searchParams.entries()]) : new MultiValueDictionary();
    return new ModelUrl(u.protocol.replace(/:$/, ''), u.hostname, u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80, decodeURIComponent(u.pathname), q);
  }
  clone(): ModelUrl {
    if (this.query.map.size === 0) return new ModelUrl(this.scheme, this.host, this.port, this.path, new MultiValueDictionary());
    return new ModelUrl(this.scheme, this.host, this.port, this.path, MultiValueDictionary.of([...this.query].map((kv) => [(kv as KeyValuePair).key as string, [...((kv as KeyValuePair).value as string[])]])));
  }
  queryString(): string {
    const parts: string[] = [];
    for (const kv of this.query) {
      const { key, value } = kv as KeyValuePair;
      for (const v of value as string[]) parts.push(`${escapeDataString(String(key))}=${escapeDataString(v)}`);
    }
    return parts.length ? `?${parts.join('&')}` : '';
  }
  toString(): string {
    const defaultPort = (this.scheme === 'https' && this.port === 443) || (this.scheme === 'http' && this.port === 80);
    return `${this.scheme}://${this.host}${defaultPort ? '' : `:${this.port}`}${this.path}${this.queryString()}`;
  }
}

bindClass(
  ModelUrl,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.IUrl',
    doc: 'A URL: Scheme, Host, Port, Path, Query and QueryString.',
    allowed: MODEL,
    isInstance: (v) => v instanceof ModelUrl,
    members: [
      prop('string Scheme', '"https".', (self: ModelUrl) => self.scheme),
      prop('string Host', 'The host name.', (self: ModelUrl) => self.host),
      prop('int Port', 'The port.', (self: ModelUrl) => self.port),
      prop('string Path', 'The path, "/orders/42".', (self: ModelUrl) => self.path),
      prop('IReadOnlyDictionary<string, string[]> Query', 'Query parameters; GetValueOrDefault("name", "") joins repeated values.', (self: ModelUrl) => self.query),
      prop('string QueryString', 'The query with its "?", or "" (unverified: the leading "?").', (self: ModelUrl) => self.queryString()),
      method('string ToString()', 'The whole URL.', (self: ModelUrl) => self.toString()),
      method('Uri ToUri()', 'The URL as a System.Uri.', (self: ModelUrl) => {
        const uri = typeByFullName('System.Uri')?.members.find((m) => m.kind === 'constructor');
        return uri && uri.kind === 'constructor' ? uri.create([self.toString()], undefined as never) : self.toString();
      }),
    ],
  }),
);

// ------------------------------------------------------------------ the model types

enumType('Microsoft.Azure.ApiManagement.ProductState', ['NotPublished', 'Published'], 'Whether a product is published.');
enumType('Microsoft.Azure.ApiManagement.BackendType', ['Single', 'Pool'], 'A single backend or a pool.');

modelType('ISubscriptionKeyParameterNames', 'The names the subscription key may arrive under.', [
  ['string Header', 'The header name, Ocp-Apim-Subscription-Key by default.'],
  ['string Query', 'The query parameter name, subscription-key by default.'],
]);

const apiMembers = [
  ['string Id', 'The API identifier (its resource name; a revision reads "orders-api;rev=2").'],
  ['string Name', 'The display name.'],
  ['string Path', 'The API URL suffix.'],
  ['IEnumerable<string> Protocols', 'http and/or https.'],
  ['IUrl ServiceUrl', 'The backend service URL of the API.'],
  ['ISubscriptionKeyParameterNames SubscriptionKeyParameterNames', 'Where the subscription key is read from.'],
] as const;

modelType('IApi', 'An API, as listed in a product.', apiMembers);
// What get-authorization-context stores: ((Authorization)context.Variables["auth"]).AccessToken.
modelType('Authorization', 'Tokens from a credential manager connection, set by get-authorization-context.', [
  ['string AccessToken', 'The access token of the connection.'],
  ['IReadOnlyDictionary<string, object> Claims', 'Claims returned by the identity provider with the token.'],
]);
modelType('IContextApi', 'The API handling the request.', [
  ...apiMembers,
  ['bool IsCurrentRevision', 'Whether this revision is the current one.'],
  ['string Revision', 'The revision number, "1".'],
  ['string Version', 'The API version, or null.'],
]);
modelType('IOperation', 'The operation matched by the request.', [
  ['string Id', 'The operation identifier.'],
  ['string Method', 'The HTTP method.'],
  ['string Name', 'The display name.'],
  ['string UrlTemplate', 'The URL template, "/orders/{orderId}".'],
]);
modelType('IGroup', 'A user group.', [
  ['string Id', 'The group identifier.'],
  ['string Name', 'The group name.'],
]);
modelType('IUserIdentity', 'An identity of a user.', [
  ['string Id', 'The identity identifier.'],
  ['string Provider', 'The identity provider.'],
]);
modelType('IProduct', 'The product of the subscription used by the request.', [
  ['IEnumerable<IApi> Apis', 'The APIs of the product.'],
  ['bool ApprovalRequired', 'Whether subscriptions need approval.'],
  ['IEnumerable<IGroup> Groups', 'The groups that can see the product.'],
  ['string Id', 'The product identifier.'],
  ['string Name', 'The display name.'],
  ['ProductState State', 'Published or NotPublished.'],
  ['int? SubscriptionsLimit', 'How many subscriptions a user may have.'],
  ['int? SubscriptionLimit', 'Older spelling of SubscriptionsLimit.'],
  ['bool SubscriptionRequired', 'Whether a subscription key is required.'],
]);
modelType('ISubscription', 'The subscription whose key the request carried.', [
  ['DateTime CreatedDate', 'When the subscription was created.'],
  ['DateTime? EndDate', 'When it ends.'],
  ['string Id', 'The subscription identifier.'],
  ['string Key', 'The key used in this call.'],
  ['string Name', 'The display name.'],
  ['string PrimaryKey', 'The primary key.'],
  ['string SecondaryKey', 'The secondary key.'],
  ['DateTime? StartDate', 'When it starts.'],
]);
modelType('IUser', 'The user owning the subscription.', [
  ['string Email', 'Email address.'],
  ['string FirstName', 'First name.'],
  ['IEnumerable<IGroup> Groups', 'The user’s groups.'],
  ['string Id', 'The user identifier.'],
  ['IEnumerable<IUserIdentity> Identities', 'The user’s identities.'],
  ['string LastName', 'Last name.'],
  ['string Note', 'A note.'],
  ['DateTime RegistrationDate', 'When the user registered.'],
]);
modelType('IGateway', 'The gateway instance.', [
  ['string Id', '"managed" for the managed gateway.'],
  ['string InstanceId', '"managed" for the managed gateway.'],
  ['bool IsManaged', 'Whether it is the managed gateway.'],
]);
modelType('IDeployment', 'The APIM service and gateway handling the request.', [
  ['IGateway Gateway', 'The gateway.'],
  ['string GatewayId', '"managed" for the managed gateway.'],
  ['string Region', 'The Azure region.'],
  ['string ServiceId', 'The service resource id.'],
  ['string ServiceName', 'The service name.'],
  ['IReadOnlyDictionary<string, X509Certificate2> Certificates', 'Certificates uploaded to the service.'],
]);
modelType('ILastError', 'The error that sent processing to on-error.', [
  ['string Source', 'The policy or built-in step that failed.'],
  ['string Reason', 'A machine-readable reason, "OperationNotFound".'],
  ['string Message', 'The error message.'],
  ['string Scope', 'The scope of the failing policy.'],
  ['string Section', 'inbound, backend, outbound or on-error.'],
  ['string Path', 'The path of the failing policy in the document.'],
  ['string PolicyId', 'The id attribute of the failing policy.'],
]);
modelType('IBackend', 'The backend entity used, when one is (null otherwise).', [
  ['string Id', 'The backend identifier.'],
  ['BackendType Type', 'Single or Pool.'],
  ['string AzureRegion', 'The region of the backend.'],
]);
modelType('IWorkspace', 'The workspace of the API.', [
  ['string Id', 'The workspace identifier.'],
  ['string Name', 'The workspace name.'],
]);
modelType('IGraphQLContext', 'The GraphQL field a resolver resolves (context.GraphQL; null outside GraphQL resolvers).', [
  ['JObject Arguments', 'The field’s arguments, by name: context.GraphQL.Arguments["id"].'],
  ['JObject GraphQLArguments', 'The field’s arguments (the name the expression reference uses; resolver examples use Arguments).'],
  ['JObject Parent', 'The parent object the field belongs to.'],
]);
// [U] The June 2026 changelog names context.Request.Foundry.Deployment ("Foundry deployment metadata");
// its type is not documented in the sources here, so it is `dynamic`: the checker does not check
// what is read from it, and the simulator gives what a test's context sets (request.foundry.deployment).
modelType('IFoundryRequest', 'Microsoft Foundry metadata of a request to a Foundry model deployment (since June 2026).', [
  ['dynamic Deployment', 'The deployment the request goes to; its shape is not documented yet, so members read from it are not checked.'],
]);
modelType('IPrivateEndpointConnection', 'The private endpoint the request came through, if any.', [
  ['string Name', 'Its name.'],
  ['string GroupId', 'Its group id.'],
  ['string MemberName', 'Its member name.'],
]);
modelType('IRequest', 'The incoming request, as policies have changed it so far.', [
  ['IMessageBody Body', 'The body, or null when there is none.'],
  ['X509Certificate2 Certificate', 'The client certificate, or null.'],
  ['IReadOnlyDictionary<string, string[]> Headers', 'Headers, case-insensitive; GetValueOrDefault("name", "").'],
  ['string IpAddress', 'The caller’s IP address.'],
  ['IReadOnlyDictionary<string, string> MatchedParameters', 'The URL template parameters of the operation.'],
  ['string Method', 'The HTTP method.'],
  ['IUrl OriginalUrl', 'The URL as received.'],
  ['IUrl Url', 'The URL to be sent to the backend.'],
  ['IPrivateEndpointConnection PrivateEndpointConnection', 'The private endpoint, or null.'],
  ['IFoundryRequest Foundry', 'Microsoft Foundry metadata of the request (since June 2026); null for other requests.'],
]);
modelType('IResponse', 'A response: the backend’s, or one from send-request.', [
  ['IMessageBody Body', 'The body.'],
  ['IReadOnlyDictionary<string, string[]> Headers', 'Headers, case-insensitive.'],
  ['int StatusCode', 'The status code.'],
  ['string StatusReason', 'The reason phrase.'],
]);
modelType(
  'IContext',
  'The context of the request: context.Request, context.Variables, context.Api, ...',
  [
    ['IContextApi Api', 'The API.'],
    ['IBackend Backend', 'The backend entity, when one is used (since March 2026).'],
    ['IDeployment Deployment', 'The service and gateway.'],
    ['TimeSpan Elapsed', 'Time since the request arrived.'],
    ['IGraphQLContext GraphQL', 'The GraphQL field being resolved, in a GraphQL resolver; null elsewhere.'],
    ['ILastError LastError', 'The error, in on-error.'],
    ['IOperation Operation', 'The operation.'],
    ['IProduct Product', 'The product, or null without a subscription.'],
    ['IRequest Request', 'The request.'],
    ['Guid RequestId', 'The request id.'],
    ['IResponse Response', 'The response.'],
    ['ISubscription Subscription', 'The subscription, or null.'],
    ['DateTime Timestamp', 'When the request arrived.'],
    ['bool Tracing', 'Whether tracing is on.'],
    ['IUser User', 'The user, or null.'],
    ['IReadOnlyDictionary<string, object> Variables', 'Variables set by policies.'],
    ['IWorkspace Workspace', 'The workspace, or null (since March 2024).'],
  ],
  [
    method('void Trace(string message)', 'Writes a message to the request trace.', (self: ModelObject, [m]) => {
      const sink = self.fields['__trace'] as ((message: string) => void) | undefined;
      sink?.(toDisplayString(m));
    }),
  ],
);

// Elapsed is computed when read, from the injected clock.
const contextDef = typeByFullName('Microsoft.Azure.ApiManagement.IContext');
if (contextDef) {
  const i = contextDef.members.findIndex((m) => m.kind === 'property' && m.name === 'Elapsed');
  contextDef.members[i] = prop('TimeSpan Elapsed', 'Time since the request arrived.', (self: ModelObject, info: CallInfo) => {
    const ts = self.fields['Timestamp'];
    if (!(ts instanceof DateTimeValue)) return new TimeSpanValue(0n);
    return new TimeSpanValue(DateTimeValue.fromDate(info.rt.now()).ticks - ts.ticks);
  });
}

// ------------------------------------------------------------------ JWT and Basic helpers

export class Jwt {
  constructor(
    readonly header: Record<string, unknown>,
    readonly payload: Record<string, unknown>,
  ) {}
}

export class BasicAuthCredentials {
  constructor(
    readonly userId: string,
    readonly password: string,
  ) {}
}

function decodeSegment(s: string): Record<string, unknown> {
  const json = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  const v: unknown = JSON.parse(json);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
  return v as Record<string, unknown>;
}

/**
 * Parses (does not validate) a compact JWT; undefined when it is not one. A leading `Bearer ` is
 * skipped: Microsoft's snippets call AsJwt() on the raw Authorization header and peers' tests
 * assert that it parses, though the expression reference says to strip it first [U].
 */
export function parseJwt(token: string | null): Jwt | undefined {
  if (token === null || token === undefined) return undefined;
  const parts = token.replace(/^\s*bearer\s+/i, '').trim().split('.');
  if (parts.length !== 3 && parts.length !== 5) return undefined;
  try {
    return new Jwt(decodeSegment(parts[0] as string), decodeSegment(parts[1] as string));
  } catch {
    return undefined;
  }
}

function parseBasic(value: string | null): BasicAuthCredentials | undefined {
  if (value === null || value === undefined) return undefined;
  const m = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return new BasicAuthCredentials(decoded.slice(0, i), decoded.slice(i + 1));
}

function epochDate(v: unknown): DateTimeValue | null {
  return typeof v === 'number' ? new DateTimeValue(UNIX_EPOCH_TICKS + BigInt(Math.round(v * 1000)) * TICKS_PER_MS, 'Utc') : null;
}

function claimValues(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  if (v === null || v === undefined) return [];
  return [typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)];
}

bindClass(
  Jwt,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.Jwt',
    doc: 'A parsed (not validated) JWT, from AsJwt() or validate-jwt’s output variable.',
    allowed: MODEL,
    isInstance: (v) => v instanceof Jwt,
    members: [
      prop('string Algorithm', 'The alg header.', (self: Jwt) => (self.header['alg'] as string) ?? null),
      prop('string Type', 'The typ header.', (self: Jwt) => (self.header['typ'] as string) ?? null),
      prop('IEnumerable<string> Audiences', 'The aud claim.', (self: Jwt) => claimValues(self.payload['aud'])),
      prop('IReadOnlyDictionary<string, string[]> Claims', 'Every claim; GetValueOrDefault("name", "") joins values.', (self: Jwt) => MultiValueDictionary.of(Object.entries(self.payload).map(([k, v]) => [k, claimValues(v)]))),
      prop('DateTime? ExpirationTime', 'The exp claim, UTC.', (self: Jwt) => epochDate(self.payload['exp'])),
      prop('DateTime? IssuedAt', 'The iat claim, UTC.', (self: Jwt) => epochDate(self.payload['iat'])),
      prop('DateTime? NotBefore', 'The nbf claim, UTC.', (self: Jwt) => epochDate(self.payload['nbf'])),
      prop('string Id', 'The jti claim.', (self: Jwt) => (self.payload['jti'] as string) ?? null),
      prop('string Issuer', 'The iss claim.', (self: Jwt) => (self.payload['iss'] as string) ?? null),
      prop('string Subject', 'The sub claim.', (self: Jwt) => (self.payload['sub'] as string) ?? null),
    ],
  }),
);

bindClass(
  BasicAuthCredentials,
  type({
    fullName: 'Microsoft.Azure.ApiManagement.BasicAuthCredentials',
    doc: 'A parsed Basic Authorization header, from AsBasic().',
    allowed: MODEL,
    isInstance: (v) => v instanceof BasicAuthCredentials,
    members: [
      prop('string UserId', 'The user name.', (self: BasicAuthCredentials) => self.userId),
      prop('string Password', 'The password.', (self: BasicAuthCredentials) => self.password),
    ],
  }),
);

extendType('System.String', [
  method('Jwt AsJwt()', 'Parses the string as a JWT (without validating it); null when it is not one. A leading "Bearer " is skipped.', (s: string) => parseJwt(s) ?? null),
  method('bool TryParseJwt(out Jwt result)', 'Parses a JWT; false when the string is not one.', (s: string, [out]: [RefCell]) => {
    const j = parseJwt(s);
    out.value = j ?? null;
    return j !== undefined;
  }),
  method('BasicAuthCredentials AsBasic()', 'Parses a "Basic base64(user:password)" value; null when it is not one.', (s: string) => parseBasic(s) ?? null),
  method('bool TryParseBasic(out BasicAuthCredentials result)', 'Parses a Basic value; false when the string is not one.', (s: string, [out]: [RefCell]) => {
    const b = parseBasic(s);
    out.value = b ?? null;
    return b !== undefined;
  }),
]);

/**
 * The ciphers behind APIM's Encrypt/Decrypt helpers, by the names .NET's CryptoConfig knows. .NET's
 * defaults apply: CBC mode and PKCS7 padding; the key length picks AES-128/192/256 or 2/3-key
 * Triple DES. DES and RC2 are not offered by the OpenSSL 3 that Node ships, so they fail clearly.
 */
function cipherName(alg: string | null, keyLength: number): string {
  const name = (alg ?? '').replace(/^System\.Security\.Cryptography\./i, '').toLowerCase();
  if (['aes', 'aesmanaged', 'aescryptoserviceprovider', 'aescng', 'rijndael', 'rijndaelmanaged'].includes(name)) {
    if (![16, 24, 32].includes(keyLength)) throw new DotNetException('System.Security.Cryptography.CryptographicException', `Specified key is not a valid size for this algorithm (${keyLength} bytes; AES takes 16, 24 or 32).`);
    return `aes-${keyLength * 8}-cbc`;
  }
  if (['tripledes', '3des', 'triple des', 'tripledescryptoserviceprovider', 'tripledescng'].includes(name)) {
    if (keyLength !== 16 && keyLength !== 24) throw new DotNetException('System.Security.Cryptography.CryptographicException', `Specified key is not a valid size for this algorithm (${keyLength} bytes; Triple DES takes 16 or 24).`);
    return keyLength === 24 ? 'des-ede3-cbc' : 'des-ede-cbc';
  }
  throw new DotNetException('System.NotSupportedException', `The symmetric algorithm '${alg ?? 'null'}' is not supported here: use "Aes" or "TripleDES".`);
}

function symmetric(decrypt: boolean, input: unknown, alg: string | null, key: unknown, iv: unknown): unknown {
  if (input === null || key === null || iv === null) throw argumentNull(input === null ? 'input' : key === null ? 'key' : 'iv');
  const k = Buffer.from(toBytes(key));
  const name = cipherName(alg, k.length);
  const v = Buffer.from(toBytes(iv));
  const block = name.startsWith('aes') ? 16 : 8;
  if (v.length !== block) throw new DotNetException('System.Security.Cryptography.CryptographicException', `Specified initialization vector (IV) does not match the block size for this algorithm (${v.length} bytes; it needs ${block}).`);
  try {
    const c = decrypt ? createDecipheriv(name, k, v) : createCipheriv(name, k, v);
    return byteArray(new Uint8Array(Buffer.concat([c.update(Buffer.from(toBytes(input))), c.final()])));
  } catch (e) {
    throw new DotNetException('System.Security.Cryptography.CryptographicException', decrypt ? 'Padding is invalid and cannot be removed.' : `Encryption failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

extendType('System.Array', [
  method('byte[] Encrypt(string alg, byte[] key, byte[] iv)', 'Encrypts these bytes with a symmetric algorithm by name ("Aes", "TripleDES"): CBC mode, PKCS7 padding, as .NET defaults (APIM helper).', (self, [alg, key, iv]) => symmetric(false, self, alg, key, iv)),
  method('byte[] Decrypt(string alg, byte[] key, byte[] iv)', 'Decrypts bytes made by Encrypt with the same algorithm, key and IV (APIM helper).', (self, [alg, key, iv]) => symmetric(true, self, alg, key, iv)),
]);

// ------------------------------------------------------------------ X509Certificate2

export class CsCertificate {
  constructor(readonly cert: X509Certificate) {}
}

export function dnName(dn: string): string {
  // Node gives "CN=a\nO=b"; .NET prints "CN=a, O=b" (most specific first as in the certificate).
  return dn.split('\n').reverse().join(', ');
}

/**
 * X509Certificate2.GetNameInfo as .NET documents it: SimpleName is the CN; DnsName the first DNS
 * alternative name, else the CN; DnsFromAlternativeName, UrlName and UpnName only from the
 * alternative names; EmailName the E= attribute, else an rfc822 alternative name. The issuer's
 * alternative names are not exposed by Node, so issuer lookups of those give "".
 */
function nameInfo(c: CsCertificate, type: string, forIssuer: boolean): string {
  const dn = forIssuer ? c.cert.issuer : c.cert.subject;
  const attr = (name: string): string | undefined => new RegExp(`(?:^|\\n)${name}=([^\\n]*)`).exec(dn)?.[1];
  const san = (kind: string): string | undefined => (forIssuer ? undefined : new RegExp(`(?:^|,\\s*)${kind}:([^,]+)`, 'i').exec(c.cert.subjectAltName ?? '')?.[1]?.trim());
  const cn = attr('CN') ?? '';
  switch (type) {
    case 'SimpleName':
      return cn || attr('emailAddress') || attr('OU') || attr('O') || '';
    case 'EmailName':
      return attr('emailAddress') ?? san('email') ?? '';
    case 'UpnName':
      return san('othername:\\s*UPN:') ?? '';
    case 'DnsName':
      return san('DNS') ?? cn;
    case 'DnsFromAlternativeName':
      return san('DNS') ?? '';
    case 'UrlName':
      return san('URI') ?? '';
    default:
      return '';
  }
}

enumType('System.Security.Cryptography.X509Certificates.X509NameType', ['SimpleName', 'EmailName', 'UpnName', 'DnsName', 'DnsFromAlternativeName', 'UrlName'], 'Which name GetNameInfo returns.');

bindClass(
  CsCertificate,
  type({
    fullName: 'System.Security.Cryptography.X509Certificates.X509Certificate2',
    doc: 'An X.509 certificate, such as context.Request.Certificate.',
    base: 'System.Security.Cryptography.X509Certificates.X509Certificate',
    isInstance: (v) => v instanceof CsCertificate,
    members: [
      ctor('X509Certificate2(byte[] rawData)', 'A certificate from DER or PEM bytes.', ([raw]) => certificateFrom(raw)),
      ctor('X509Certificate2(byte[] rawData, string password)', 'A certificate from DER or PEM bytes (the password is for PKCS#12 files, which the simulator does not read).', ([raw]) => certificateFrom(raw)),
      method('RSA GetRSAPrivateKey()', 'The RSA private key, or null without one: the simulator never holds private keys, so null (as .NET gives for a certificate without one).', () => null),
      prop('string Subject', 'The subject distinguished name.', (self: CsCertificate) => dnName(self.cert.subject)),
      prop('string Issuer', 'The issuer distinguished name.', (self: CsCertificate) => dnName(self.cert.issuer)),
      prop('string Thumbprint', 'The SHA-1 thumbprint, uppercase hex.', (self: CsCertificate) => self.cert.fingerprint.replace(/:/g, '').toUpperCase()),
      prop('string SerialNumber', 'The serial number, uppercase hex.', (self: CsCertificate) => self.cert.serialNumber.toUpperCase()),
      prop('DateTime NotBefore', 'Start of validity (local time; UTC in the simulator).', (self: CsCertificate) => DateTimeValue.fromDate(new Date(self.cert.validFrom), 'Local')),
      prop('DateTime NotAfter', 'End of validity (local time; UTC in the simulator).', (self: CsCertificate) => DateTimeValue.fromDate(new Date(self.cert.validTo), 'Local')),
      prop('byte[] RawData', 'The DER bytes.', (self: CsCertificate) => byteArray(new Uint8Array(self.cert.raw))),
      prop('bool HasPrivateKey', 'false: the simulator never holds private keys of client certificates.', () => false),
      method('string GetNameInfo(X509NameType nameType, bool forIssuer)', 'A name of the subject (or issuer): the CN, the e-mail, UPN, DNS name or URL from the alternative names; "" when the certificate has none.', (self: CsCertificate, [t, issuer]: [EnumValue, boolean]) => nameInfo(self, t.name, issuer)),
      method('bool Verify()', 'Whether the certificate is within its validity period and, for a self-signed one, verifies itself. The simulator has no trust store: chains to other issuers are not checked.', (self: CsCertificate, _a, info) => certificateCurrentlyValid(self, info)),
      method('bool VerifyNoRevocation()', 'Verify() without revocation checking (APIM helper); same simulation as Verify().', (self: CsCertificate, _a, info) => certificateCurrentlyValid(self, info)),
      method('string ToString()', 'The subject and thumbprint.', (self: CsCertificate) => `[Subject]\n  ${dnName(self.cert.subject)}\n\n[Thumbprint]\n  ${self.cert.fingerprint.replace(/:/g, '')}`),
    ],
  }),
);

type({
  fullName: 'System.Security.Cryptography.X509Certificates.X509Certificate',
  doc: 'An X.509 certificate.',
  isInstance: (v) => v instanceof CsCertificate,
  members: [
    method('byte[] GetCertHash()', 'The SHA-1 hash of the DER bytes (the thumbprint as bytes).', (self: CsCertificate) => byteArray(new Uint8Array(createHash('sha1').update(self.cert.raw).digest()))),
    method('string GetCertHashString()', 'The SHA-1 thumbprint, uppercase hex.', (self: CsCertificate) => self.cert.fingerprint.replace(/:/g, '').toUpperCase()),
    method('byte[] GetRawCertData()', 'The DER bytes.', (self: CsCertificate) => byteArray(new Uint8Array(self.cert.raw))),
    method('string GetRawCertDataString()', 'The DER bytes, uppercase hex.', (self: CsCertificate) => Buffer.from(self.cert.raw).toString('hex').toUpperCase()),
    method('byte[] GetSerialNumber()', 'The serial number’s bytes, least significant first (as .NET returns them).', (self: CsCertificate) => byteArray(Uint8Array.from(Buffer.from(self.cert.serialNumber.length % 2 ? `0${self.cert.serialNumber}` : self.cert.serialNumber, 'hex')).reverse())),
    method('string GetSerialNumberString()', 'The serial number, uppercase hex.', (self: CsCertificate) => self.cert.serialNumber.toUpperCase()),
    method('string GetKeyAlgorithm()', 'The public key algorithm’s OID: 1.2.840.113549.1.1.1 for RSA, 1.2.840.10045.2.1 for elliptic curves.', (self: CsCertificate) => keyAlgorithmOid(self)),
    method('byte[] GetPublicKey()', 'The public key’s bytes (for RSA the PKCS#1 RSAPublicKey structure).', (self: CsCertificate) => byteArray(new Uint8Array(publicKeyBytes(self)))),
    method('string GetPublicKeyString()', 'The public key’s bytes, uppercase hex.', (self: CsCertificate) => Buffer.from(publicKeyBytes(self)).toString('hex').toUpperCase()),
    method('string GetExpirationDateString()', 'NotAfter as text (invariant culture, UTC in the simulator).', (self: CsCertificate) => toDisplayString(DateTimeValue.fromDate(new Date(self.cert.validTo), 'Local'))),
    method('string GetEffectiveDateString()', 'NotBefore as text (invariant culture, UTC in the simulator).', (self: CsCertificate) => toDisplayString(DateTimeValue.fromDate(new Date(self.cert.validFrom), 'Local'))),
  ],
});

function keyAlgorithmOid(c: CsCertificate): string {
  const t = c.cert.publicKey.asymmetricKeyType;
  return t === 'rsa' || t === 'rsa-pss' ? '1.2.840.113549.1.1.1' : t === 'ec' ? '1.2.840.10045.2.1' : t === 'dsa' ? '1.2.840.10040.4.1' : (t ?? '');
}

function publicKeyBytes(c: CsCertificate): Buffer {
  const key = c.cert.publicKey;
  return key.asymmetricKeyType === 'rsa' ? key.export({ type: 'pkcs1', format: 'der' }) : key.export({ type: 'spki', format: 'der' });
}

/** DER or PEM bytes; a PKCS#12 (.pfx) file, with its private key, is not read by the simulator. */
function certificateFrom(raw: unknown): CsCertificate {
  if (raw === null || raw === undefined) throw new DotNetException('System.ArgumentNullException', "Value cannot be null. (Parameter 'rawData')");
  const bytes = Buffer.from((raw as unknown[]).map((b) => Number((b as { value: number }).value ?? b)));
  try {
    return new CsCertificate(new X509Certificate(bytes));
  } catch {
    throw new DotNetException('System.NotSupportedException', 'These bytes are not a DER or PEM certificate: a PKCS#12 (.pfx) certificate with its private key is not read by the simulator.');
  }
}

function certificateCurrentlyValid(c: CsCertificate, info: CallInfo): boolean {
  const now = info.rt.now().getTime();
  if (now < new Date(c.cert.validFrom).getTime() || now > new Date(c.cert.validTo).getTime()) return false;
  return c.cert.checkIssued(c.cert) ? c.cert.verify(c.cert.publicKey) : true;
}


