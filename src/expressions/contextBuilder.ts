// Builds the `context` object of an expression from plain JSON (a request, variables, the API,
// ...): what `apim-workbench eval --context file.json` reads, and a quick way for tests to set
// up a request. The simulator builds the same objects from its pipeline state.

import { double } from './runtime/values';
import { Guid } from './builtins/core';
import { DateTimeValue } from './builtins/datetime';
import { X509Certificate } from 'node:crypto';
import { CsCertificate, MessageBody, ModelObject, ModelUrl, MultiValueDictionary, StringDictionary, VariablesDictionary } from './builtins/context';
import { parseJson } from './builtins/json';
import { CsList } from './builtins/collections';
import { enumValue } from './builtins/core';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface ContextSpec {
  readonly request?: {
    readonly method?: string;
    readonly url?: string;
    readonly headers?: Record<string, string | string[]>;
    readonly body?: string | Json;
    readonly ipAddress?: string;
    readonly matchedParameters?: Record<string, string>;
    /** The client certificate: base64 DER or PEM text. */
    readonly certificate?: string;
    readonly privateEndpointConnection?: { name?: string; groupId?: string; memberName?: string } | null;
    /** A request to a Microsoft Foundry deployment: what context.Request.Foundry.Deployment gives (a name, or an object). */
    readonly foundry?: { deployment?: unknown } | null;
  };
  readonly response?: { readonly statusCode?: number; readonly statusReason?: string; readonly headers?: Record<string, string | string[]>; readonly body?: string | Json };
  /** Integers become int (long when too big), other numbers double, objects and arrays JObject/JArray. */
  readonly variables?: Record<string, Json>;
  /** Variables holding an Authorization (what get-authorization-context sets), by variable name. */
  readonly authorizations?: Record<string, { readonly accessToken: string; readonly claims?: Record<string, string> }>;
  readonly api?: { id?: string; name?: string; path?: string; revision?: string; isCurrentRevision?: boolean; version?: string | null; serviceUrl?: string; protocols?: string[] };
  readonly operation?: { id?: string; method?: string; name?: string; urlTemplate?: string };
  readonly product?: {
    id?: string;
    name?: string;
    subscriptionRequired?: boolean;
    approvalRequired?: boolean;
    state?: 'Published' | 'NotPublished';
    subscriptionsLimit?: number | null;
    groups?: string[];
    apis?: { id?: string; name?: string; path?: string; serviceUrl?: string; protocols?: string[] }[];
  } | null;
  readonly subscription?: { id?: string; name?: string; key?: string; primaryKey?: string; secondaryKey?: string; startDate?: string | null; endDate?: string | null } | null;
  readonly user?: { id?: string; email?: string; firstName?: string; lastName?: string; note?: string | null; groups?: string[]; identities?: { provider: string; id: string }[] } | null;
  readonly backend?: { id?: string; type?: 'Single' | 'Pool'; azureRegion?: string | null } | null;
  readonly workspace?: { id?: string; name?: string } | null;
  /** In a GraphQL resolver: the field's arguments and its parent object. */
  readonly graphql?: { arguments?: Record<string, unknown>; parent?: Record<string, unknown> } | null;
  readonly deployment?: { region?: string; serviceName?: string; serviceId?: string; gatewayId?: string };
  readonly lastError?: { source?: string; reason?: string; message?: string; scope?: string; section?: string; path?: string; policyId?: string } | null;
  readonly requestId?: string;
  readonly timestamp?: string;
  readonly tracing?: boolean;
}

/** The keys a context file may have, per part (maps of free keys — headers, variables, … — are not listed). */
const CONTEXT_SPEC_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': ['request', 'response', 'variables', 'authorizations', 'api', 'operation', 'product', 'subscription', 'user', 'backend', 'workspace', 'graphql', 'deployment', 'lastError', 'requestId', 'timestamp', 'tracing'],
  request: ['method', 'url', 'headers', 'body', 'ipAddress', 'matchedParameters', 'certificate', 'privateEndpointConnection', 'foundry'],
  response: ['statusCode', 'statusReason', 'headers', 'body'],
  api: ['id', 'name', 'path', 'revision', 'isCurrentRevision', 'version', 'serviceUrl', 'protocols'],
  operation: ['id', 'method', 'name', 'urlTemplate'],
  product: ['id', 'name', 'subscriptionRequired', 'approvalRequired', 'state', 'subscriptionsLimit', 'groups', 'apis'],
  subscription: ['id', 'name', 'key', 'primaryKey', 'secondaryKey', 'startDate', 'endDate'],
  user: ['id', 'email', 'firstName', 'lastName', 'note', 'groups', 'identities'],
  backend: ['id', 'type', 'azureRegion'],
  workspace: ['id', 'name'],
  graphql: ['arguments', 'parent'],
  deployment: ['region', 'serviceName', 'serviceId', 'gatewayId'],
  lastError: ['source', 'reason', 'message', 'scope', 'section', 'path', 'policyId'],
};

/** Keys of a context file that the context does not have (a misspelling would be ignored otherwise): `request.methd`. */
export function unknownContextKeys(spec: unknown): { readonly path: string; readonly key: string; readonly known: readonly string[] }[] {
  const out: { path: string; key: string; known: readonly string[] }[] = [];
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return out;
  for (const [key, value] of Object.entries(spec)) {
    const top = CONTEXT_SPEC_KEYS[''] as readonly string[];
    if (!top.includes(key)) {
      out.push({ path: key, key, known: top });
      continue;
    }
    const known = CONTEXT_SPEC_KEYS[key];
    if (!known || !value || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const inner of Object.keys(value)) if (!known.includes(inner)) out.push({ path: `${key}.${inner}`, key: inner, known });
  }
  return out;
}

/** The Authorization object get-authorization-context stores in its variable. */
export function authorizationValue(accessToken: string, claims: Record<string, string>): ModelObject {
  return new ModelObject('Authorization', { AccessToken: accessToken, Claims: StringDictionary.of(Object.entries(claims)) });
}

export function variableValue(v: Json): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v >= -2147483648 && v <= 2147483647 ? v : BigInt(v);
    return double(v);
  }
  return parseJson(JSON.stringify(v));
}

function headers(h: Record<string, string | string[]> | undefined): MultiValueDictionary {
  return MultiValueDictionary.of(Object.entries(h ?? {}));
}

function body(b: string | Json | undefined, contentType: string | undefined): MessageBody | null {
  if (b === undefined) return null;
  return new MessageBody(typeof b === 'string' ? b : JSON.stringify(b), contentType);
}

function contentTypeOf(h: Record<string, string | string[]> | undefined): string | undefined {
  const entry = Object.entries(h ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
  return entry ? (Array.isArray(entry[1]) ? entry[1][0] : entry[1]) : undefined;
}

function certificateFrom(text: string): CsCertificate {
  const pem = text.includes('-----BEGIN');
  return new CsCertificate(new X509Certificate(pem ? text : Buffer.from(text.replace(/\s+/g, ''), 'base64')));
}

/** context.Request from its spec: URL (and OriginalUrl), headers, body, caller IP, certificate. */
export function requestModel(req: NonNullable<ContextSpec['request']>): ModelObject {
  const url = ModelUrl.parse(req.url ?? 'https://apim.example.net/');
  return new ModelObject('IRequest', {
    Method: req.method ?? 'GET',
    Url: url,
    OriginalUrl: url.clone(),
    Headers: headers(req.headers),
    Body: body(req.body, contentTypeOf(req.headers)),
    IpAddress: req.ipAddress ?? '127.0.0.1',
    MatchedParameters: StringDictionary.of(Object.entries(req.matchedParameters ?? {})),
    Certificate: req.certificate ? certificateFrom(req.certificate) : null,
    PrivateEndpointConnection: req.privateEndpointConnection
      ? new ModelObject('IPrivateEndpointConnection', {
          Name: req.privateEndpointConnection.name ?? null,
          GroupId: req.privateEndpointConnection.groupId ?? null,
          MemberName: req.privateEndpointConnection.memberName ?? null,
        })
      : null,
    Foundry: req.foundry
      ? new ModelObject('IFoundryRequest', {
          Deployment: typeof req.foundry.deployment === 'object' && req.foundry.deployment !== null ? parseJson(JSON.stringify(req.foundry.deployment)) : (req.foundry.deployment ?? null),
        })
      : null,
  });
}

/** The `context` global for an expression; `trace` receives context.Trace() messages. */
export function buildContext(spec: ContextSpec = {}, now: Date = new Date(), trace?: (message: string) => void): ModelObject {
  const req = spec.request ?? {};
  const request = requestModel(req);
  const res = spec.response ?? {};
  const response = new ModelObject('IResponse', {
    StatusCode: res.statusCode ?? 200,
    StatusReason: res.statusReason ?? 'OK',
    Headers: headers(res.headers),
    Body: body(res.body, contentTypeOf(res.headers)),
  });
  const api = spec.api ?? {};
  const keyNames = new ModelObject('ISubscriptionKeyParameterNames', { Header: 'Ocp-Apim-Subscription-Key', Query: 'subscription-key' });
  const group = (name: string): ModelObject => new ModelObject('IGroup', { Id: name, Name: name });
  const productApi = (a: NonNullable<NonNullable<ContextSpec['product']>['apis']>[number]): ModelObject =>
    new ModelObject('IApi', {
      Id: a.id ?? 'echo-api',
      Name: a.name ?? a.id ?? 'Echo API',
      Path: a.path ?? '',
      ServiceUrl: a.serviceUrl ? ModelUrl.parse(a.serviceUrl) : null,
      Protocols: new CsList(a.protocols ?? ['https']),
      SubscriptionKeyParameterNames: keyNames,
    });
  const date = (text: string | null | undefined): DateTimeValue | null => (text ? new DateTimeValue(DateTimeValue.fromDate(new Date(text)).ticks, 'Utc') : null);
  return new ModelObject('IContext', {
    Api: new ModelObject('IContextApi', {
      Id: api.id ?? 'echo-api',
      Name: api.name ?? 'Echo API',
      Path: api.path ?? '',
      Revision: api.revision ?? '1',
      IsCurrentRevision: api.isCurrentRevision ?? true,
      Version: api.version ?? null,
      ServiceUrl: api.serviceUrl ? ModelUrl.parse(api.serviceUrl) : null,
      Protocols: new CsList(api.protocols ?? ['https']),
      SubscriptionKeyParameterNames: keyNames,
    }),
    Operation: new ModelObject('IOperation', { Id: spec.operation?.id ?? 'operation', Method: spec.operation?.method ?? req.method ?? 'GET', Name: spec.operation?.name ?? 'Operation', UrlTemplate: spec.operation?.urlTemplate ?? '/' }),
    Product:
      spec.product === null
        ? null
        : new ModelObject('IProduct', {
            Id: spec.product?.id ?? 'starter',
            Name: spec.product?.name ?? 'Starter',
            SubscriptionRequired: spec.product?.subscriptionRequired ?? true,
            ApprovalRequired: spec.product?.approvalRequired ?? false,
            State: enumValue('Microsoft.Azure.ApiManagement.ProductState', spec.product?.state ?? 'Published'),
            Groups: new CsList((spec.product?.groups ?? []).map(group)),
            Apis: new CsList((spec.product?.apis ?? []).map(productApi)),
            SubscriptionsLimit: spec.product?.subscriptionsLimit ?? null,
            SubscriptionLimit: spec.product?.subscriptionsLimit ?? null,
          }),
    Subscription:
      spec.subscription === null
        ? null
        : new ModelObject('ISubscription', {
            Id: spec.subscription?.id ?? 'subscription-1',
            Name: spec.subscription?.name ?? 'Subscription 1',
            Key: spec.subscription?.key ?? 'key-1',
            PrimaryKey: spec.subscription?.primaryKey ?? 'key-1',
            SecondaryKey: spec.subscription?.secondaryKey ?? 'key-2',
            CreatedDate: new DateTimeValue(DateTimeValue.fromDate(now).ticks, 'Utc'),
            StartDate: date(spec.subscription?.startDate),
            EndDate: date(spec.subscription?.endDate),
          }),
    User:
      spec.user === null
        ? null
        : new ModelObject('IUser', {
            Id: spec.user?.id ?? 'user-1',
            Email: spec.user?.email ?? 'dev@contoso.com',
            FirstName: spec.user?.firstName ?? 'Dev',
            LastName: spec.user?.lastName ?? 'Eloper',
            Note: spec.user?.note ?? null,
            Groups: new CsList((spec.user?.groups ?? ['developers']).map(group)),
            Identities: new CsList((spec.user?.identities ?? []).map((i) => new ModelObject('IUserIdentity', { Id: i.id, Provider: i.provider }))),
            RegistrationDate: DateTimeValue.fromDate(now),
          }),
    Deployment: new ModelObject('IDeployment', {
      Region: spec.deployment?.region ?? 'West Europe',
      ServiceName: spec.deployment?.serviceName ?? 'apim-local',
      ServiceId: spec.deployment?.serviceId ?? '/subscriptions/0/resourceGroups/local/providers/Microsoft.ApiManagement/service/apim-local',
      GatewayId: spec.deployment?.gatewayId ?? 'managed',
      Gateway: new ModelObject('IGateway', { Id: 'managed', InstanceId: 'managed', IsManaged: true }),
      Certificates: new StringDictionary(),
    }),
    LastError: spec.lastError ? new ModelObject('ILastError', Object.fromEntries(Object.entries(spec.lastError).map(([k, v]) => [k[0]!.toUpperCase() + k.slice(1), v]))) : null,
    Request: request,
    Response: response,
    RequestId: Guid.parse(spec.requestId ?? '00000000-0000-4000-8000-000000000001') ?? null,
    Timestamp: spec.timestamp ? DateTimeValue.fromDate(new Date(spec.timestamp)) : DateTimeValue.fromDate(now),
    Tracing: spec.tracing ?? false,
    Variables: new VariablesDictionary([
      ...Object.entries(spec.variables ?? {}).map(([k, v]) => [k, variableValue(v)] as [string, unknown]),
      ...Object.entries(spec.authorizations ?? {}).map(([k, a]) => [k, authorizationValue(a.accessToken, a.claims ?? {})] as [string, unknown]),
    ]),
    Backend: spec.backend
      ? new ModelObject('IBackend', {
          Id: spec.backend.id ?? 'backend',
          Type: enumValue('Microsoft.Azure.ApiManagement.BackendType', spec.backend.type ?? 'Single'),
          AzureRegion: spec.backend.azureRegion ?? null,
        })
      : null,
    Workspace: spec.workspace ? new ModelObject('IWorkspace', { Id: spec.workspace.id ?? 'workspace', Name: spec.workspace.name ?? spec.workspace.id ?? 'workspace' }) : null,
    GraphQL: spec.graphql
      ? new ModelObject('IGraphQLContext', {
          Arguments: parseJson(JSON.stringify(spec.graphql.arguments ?? {})),
          GraphQLArguments: parseJson(JSON.stringify(spec.graphql.arguments ?? {})),
          Parent: parseJson(JSON.stringify(spec.graphql.parent ?? {})),
        })
      : null,
    __trace: trace,
  });
}


