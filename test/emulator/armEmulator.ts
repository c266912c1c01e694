// A local Azure Resource Manager for API Management, speaking the REST protocol the real
// @azure/arm-apimanagement client uses (shared/reference/arm-sdk.md §1.4): resources
// `{id, name, type, properties}`, paged lists with absolute nextLinks, ETags and If-Match (412),
// revisions (`apis/x;rev=N`, the current one also answering as `apis/x`) and releases, policies with
// `format`, secret named values hidden except through listValue. Faults can be injected: latency,
// 429 with Retry-After, 5xx, and a change made by "someone else" between a read and a write.
// Every request is logged, so a test can tell that a dry run only read.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const API_VERSION = '2024-05-01';

export interface ArmResource {
  id: string;
  name: string;
  type: string;
  properties: Record<string, unknown>;
  etag: string;
}

export interface LoggedRequest {
  readonly method: string;
  /** The path, decoded (`/subscriptions/…/apis/echo;rev=2`). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly ifMatch?: string;
  readonly status: number;
  /** The Authorization header the caller sent (which credential signed the call). */
  readonly authorization?: string;
}

export interface Fault {
  /** Which requests it hits: method and a test on the decoded path; all when left out. */
  readonly method?: string;
  readonly path?: RegExp;
  /** How many matching requests it hits (then it is spent); default 1. */
  times?: number;
  /** Answer with this status (429, 500, 503, …) instead of doing the request. */
  readonly status?: number;
  /** With status 429/503: the Retry-After header, in seconds. */
  readonly retryAfterSeconds?: number;
  /** Wait this long before answering (or before the fault's status). */
  readonly latencyMs?: number;
  /** After answering a matching GET, change the resource as another user would (a new ETag). */
  readonly changeAfterRead?: (resource: ArmResource) => void;
  /** Do the request, then drop the connection without answering: "applied, then the answer lost". */
  readonly loseAnswer?: boolean;
  /** Never answer (the connection stays open until the emulator stops): a hung call. */
  readonly hang?: boolean;
  /** Run before the request is done, as another user acting at that moment would (a racing publisher). */
  readonly before?: () => void;
}

const PROVIDER = '/providers/microsoft.apimanagement/service/';

/** Collections whose members are resources of their own type (for `type`). */
const TYPE_NAMES: Record<string, string> = {
  apis: 'apis',
  operations: 'operations',
  policies: 'policies',
  backends: 'backends',
  namedvalues: 'namedValues',
  products: 'products',
  policyfragments: 'policyFragments',
  workspaces: 'workspaces',
  apiversionsets: 'apiVersionSets',
  releases: 'releases',
  subscriptions: 'subscriptions',
  schemas: 'schemas',
  tags: 'tags',
  loggers: 'loggers',
  diagnostics: 'diagnostics',
  gateways: 'gateways',
};

export class ArmEmulator {
  readonly requests: LoggedRequest[] = [];
  private readonly store = new Map<string, ArmResource>();
  /** The revisions of each API (`…/apis/x`, lower-cased) → their keys: lists stay fast with thousands of APIs. */
  private readonly revisionIndex = new Map<string, Set<string>>();
  private readonly faults: Fault[] = [];
  /** The subscriptions GET /subscriptions lists. */
  readonly subscriptions: { subscriptionId: string; displayName: string; tenantId: string; state: string }[] = [];
  private server: http.Server | undefined;
  private etagCounter = 0;
  /**
   * Extra actions (the gateway's debug credentials and traces, subscription secrets: see
   * gatewayEmulator.ts), tried after faults and before resources; undefined falls through.
   */
  readonly actions: ((method: string, path: string, body: Record<string, unknown>) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined)[] = [];
  /** Milliseconds spent handling requests (faults' latency included): the emulator's own time, for benchmarks. */
  busyMs = 0;
  /** Items per page of a list (override with $top). */
  pageSize = 100;
  port = 0;

  /** The base ARM URLs are written with (nextLink): the public one, as the real service does. */
  constructor(readonly publicBase = 'https://management.azure.com') {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      // A client that goes away mid-request (a timeout, a killed process) must not take the test process with it.
      this.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Writes requests (method + path) since a point, for assertions. */
  writesSince(index: number): LoggedRequest[] {
    return this.requests.slice(index).filter((r) => !['GET', 'HEAD'].includes(r.method) && !/\/listValue$|\/listReferences$/i.test(r.path));
  }

  // ------------------------------------------------------------------ the store

  private nextEtag(): string {
    this.etagCounter++;
    return `"${this.etagCounter.toString(16).padStart(8, '0')}"`;
  }

  /** Creates or replaces a resource by its ARM id; returns it. */
  put(id: string, properties: Record<string, unknown>): ArmResource {
    const canonical = this.canonicalId(id);
    const key = canonical.toLowerCase();
    const existing = this.store.get(key);
    const segments = canonical.split('/');
    const name = segments[segments.length - 1] ?? '';
    const collection = (segments[segments.length - 2] ?? '').toLowerCase();
    // A new API is its first revision, current unless another revision already is.
    const apiRoot = /\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/([^/;]+);rev=([^/]+)$/i.exec(canonical);
    const defaults: Record<string, unknown> =
      apiRoot && !existing ? { apiRevision: apiRoot[2], isCurrent: this.revisionsOf(canonical.slice(0, canonical.lastIndexOf(';rev='))).length === 0, createdDateTime: '2026-01-01T00:00:00Z', updatedDateTime: '2026-01-01T00:00:00Z' } : {};
    const resource: ArmResource = {
      id: canonical,
      name: apiRoot ? (name.split(';rev=')[0] ?? name) : name,
      type: `Microsoft.ApiManagement/service/${TYPE_NAMES[collection] ?? collection}`,
      properties: existing && collection !== 'policies' ? { ...existing.properties, ...properties } : { ...defaults, ...properties },
      etag: this.nextEtag(),
    };
    this.storeSet(key, resource);
    return resource;
  }

  /** Every stored resource whose id starts with `prefix` (revisions as `apis/x;rev=N`), the prefix's own included. */
  list(prefix: string): ArmResource[] {
    const p = prefix.toLowerCase();
    return [...this.store.values()].filter((r) => {
      const id = r.id.toLowerCase();
      return id === p || id.startsWith(`${p}/`);
    });
  }

  get(id: string): ArmResource | undefined {
    return this.store.get(this.canonicalId(id).toLowerCase());
  }

  /** Changes a resource's properties as another user would: a new ETag. */
  modify(id: string, change: (properties: Record<string, unknown>) => void): ArmResource {
    const r = this.get(id);
    if (!r) throw new Error(`no resource ${id}`);
    change(r.properties);
    r.etag = this.nextEtag();
    return r;
  }

  remove(id: string): boolean {
    const key = this.canonicalId(id).toLowerCase();
    let removed = this.storeDelete(key);
    for (const k of [...this.store.keys()]) if (k.startsWith(`${key}/`)) removed = this.storeDelete(k) || removed;
    return removed;
  }

  /** `…/apis/x` (no revision) means the current revision of x: `…/apis/x;rev=N`. */
  private canonicalId(id: string): string {
    const m = /^(.*\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/)([^/;]+)((?:\/.*)?)$/i.exec(id);
    if (!m) return id;
    const [, prefix, api, rest] = m as unknown as [string, string, string, string];
    const current = this.currentRevision(`${prefix}${api}`);
    return `${prefix}${api};rev=${current ?? '1'}${rest}`;
  }

  private storeSet(key: string, resource: ArmResource): void {
    this.store.set(key, resource);
    const m = /^(.*\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/[^/;]+);rev=[^/]+$/.exec(key);
    if (m) {
      let set = this.revisionIndex.get(m[1]!);
      if (!set) this.revisionIndex.set(m[1]!, (set = new Set()));
      set.add(key);
    }
  }

  private storeDelete(key: string): boolean {
    const m = /^(.*\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/[^/;]+);rev=[^/]+$/.exec(key);
    if (m) this.revisionIndex.get(m[1]!)?.delete(key);
    return this.store.delete(key);
  }

  private revisionsOf(apiBase: string): ArmResource[] {
    return [...(this.revisionIndex.get(apiBase.toLowerCase()) ?? [])].map((k) => this.store.get(k)).filter((r): r is ArmResource => r !== undefined);
  }

  private currentRevision(apiBase: string): string | undefined {
    const revs = this.revisionsOf(apiBase);
    const current = revs.find((r) => r.properties['isCurrent'] === true) ?? revs[0];
    return current ? String(current.properties['apiRevision'] ?? '1') : undefined;
  }

  /** The resource as the API shows it: a current revision is named without `;rev=`. */
  private view(r: ArmResource): Record<string, unknown> {
    let id = r.id;
    let name = r.name;
    const rev = /^(.*\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/)([^/;]+);rev=([^/]+)((?:\/.*)?)$/i.exec(r.id);
    if (rev) {
      const [, prefix, api, n, rest] = rev as unknown as [string, string, string, string, string];
      const isCurrent = this.currentRevision(`${prefix}${api}`) === n;
      id = isCurrent ? `${prefix}${api}${rest}` : r.id;
      if (!rest) name = isCurrent ? api : `${api};rev=${n}`;
      else name = r.name;
    }
    let properties = r.properties;
    // Secret named values never show their value.
    if (/\/namedvalues\/[^/]+$/i.test(r.id) && properties['secret'] === true) {
      const { value: _hidden, ...rest } = properties;
      properties = rest;
    }
    // Subscription keys only through listSecrets (as ARM since api-version 2019-12-01).
    if (/\/subscriptions\/[^/]+\/resourcegroups\/.*\/subscriptions\/[^/]+$/i.test(r.id)) {
      const { primaryKey: _p, secondaryKey: _s, ...rest } = properties;
      properties = rest;
    }
    return { id, type: r.type, name, properties };
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
    const query = Object.fromEntries(url.searchParams.entries());
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const ifMatch = req.headers['if-match'] as string | undefined;
    const authorization = req.headers.authorization;
    const started = performance.now();
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      this.busyMs += performance.now() - started;
      this.requests.push({ method, path, query, ...(ifMatch ? { ifMatch } : {}), status, ...(authorization ? { authorization } : {}) });
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }), 'x-ms-request-id': String(this.requests.length), ...headers });
      res.end(method === 'HEAD' ? undefined : text);
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): void => send(status, { error: { code, message } }, headers);

    const fault = this.faults.find((f) => (f.times ?? 0) > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (fault && !fault.changeAfterRead) {
      fault.times = (fault.times ?? 1) - 1;
      fault.before?.();
      if (fault.hang) {
        this.requests.push({ method, path, query, ...(ifMatch ? { ifMatch } : {}), status: 0 });
        return new Promise<void>(() => undefined);
      }
      if (fault.loseAnswer) {
        // The request is done; only its answer is lost.
        const sent = res.writeHead.bind(res);
        res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
          req.socket.destroy();
          void sent;
          void args;
          return res;
        }) as typeof res.writeHead;
        res.end = (() => res) as typeof res.end;
      }
      if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.status) {
        const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
        return error(fault.status, fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', fault.status === 429 ? 'Too many requests: the emulator throttled this call.' : `The emulator failed this call with ${fault.status}.`, headers);
      }
    }
    if (!query['api-version']) return error(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    let body: Record<string, unknown> = {};
    if (bodyText) {
      try {
        body = JSON.parse(bodyText) as Record<string, unknown>;
      } catch {
        return error(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
      }
    }

    if (/^\/tenants$/i.test(path) && method === 'GET') return this.sendList(send, url, [...new Set(this.subscriptions.map((x) => x.tenantId))].map((tenantId) => ({ id: `/tenants/${tenantId}`, tenantId, displayName: `Tenant ${tenantId.slice(0, 8)}` })), query);
    if (/^\/subscriptions$/i.test(path) && method === 'GET') return this.sendList(send, url, this.subscriptions.map((x) => ({ id: `/subscriptions/${x.subscriptionId}`, ...x })), query);
    // Subscription-level lists of services.
    const services = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?\/providers\/microsoft\.apimanagement\/service$/i.exec(path);
    if (services && method === 'GET') {
      const [, sub, rg] = services as unknown as [string, string, string | undefined];
      const items = [...this.store.values()].filter((r) => {
        const m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.apimanagement\/service\/[^/]+$/i.exec(r.id);
        return m && m[1]!.toLowerCase() === sub.toLowerCase() && (!rg || m[2]!.toLowerCase() === rg.toLowerCase());
      });
      return this.sendList(send, url, items.map((r) => this.serviceView(r)), query);
    }
    if (!path.toLowerCase().includes(PROVIDER)) return error(404, 'NotFound', `The emulator has no route for ${path}.`);

    // Actions.
    for (const action of this.actions) {
      const answer = action(method, path, body);
      if (answer) return send(answer.status, answer.body, answer.headers);
    }
    const listValue = /^(.*\/namedvalues\/[^/]+)\/listvalue$/i.exec(path);
    if (listValue && method === 'POST') {
      const r = this.get(listValue[1]!);
      if (!r) return error(404, 'ResourceNotFound', 'Named value not found.');
      return send(200, { value: r.properties['value'] ?? null });
    }
    if (/\/policyfragments\/[^/]+\/listreferences$/i.test(path) && method === 'POST') return send(200, { value: [], count: 0 });

    // Revisions of an API: flat items.
    const revisions = /^(.*\/apis\/[^/;]+)\/revisions$/i.exec(path);
    if (revisions && method === 'GET') {
      const revs = this.revisionsOf(revisions[1]!).map((r) => ({
        apiId: `${this.view(r)['id'] as string}`.replace(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ApiManagement\/service\/[^/]+/i, ''),
        apiRevision: String(r.properties['apiRevision'] ?? '1'),
        createdDateTime: r.properties['createdDateTime'] ?? '2026-01-01T00:00:00Z',
        updatedDateTime: r.properties['updatedDateTime'] ?? '2026-01-01T00:00:00Z',
        description: r.properties['apiRevisionDescription'] ?? null,
        isOnline: true,
        isCurrent: r.properties['isCurrent'] === true,
      }));
      return this.sendList(send, url, revs, query);
    }

    // The products an API belongs to: the products that list it.
    const apiProducts = /^(.*\/service\/[^/]+)\/apis\/([^/;]+)\/products$/i.exec(path);
    if (apiProducts && method === 'GET') {
      const [, service, api] = apiProducts as unknown as [string, string, string];
      const products = this.list(`${service}/products`).filter((r) => /\/products\/[^/]+$/i.test(r.id) && this.get(`${r.id}/apis/${api}`));
      return this.sendList(send, url, products.map((r) => this.view(r)), query);
    }

    const resource = this.get(path);
    switch (method) {
      case 'GET': {
        if (resource) {
          send(200, this.view(resource), { ETag: resource.etag });
          if (fault?.changeAfterRead) {
            fault.times = (fault.times ?? 1) - 1;
            fault.changeAfterRead(resource);
            resource.etag = this.nextEtag();
          }
          return;
        }
        // A collection: its direct children (current revisions only, for apis).
        const prefix = `${this.canonicalCollection(path).toLowerCase()}/`;
        const collection = path.split('/').pop()?.toLowerCase() ?? '';
        if (!TYPE_NAMES[collection]) return error(404, 'ResourceNotFound', `${path} was not found.`);
        // The collection's owner (the service, an API, a product, …) must exist.
        const owner = path.slice(0, path.lastIndexOf('/'));
        if (!this.get(owner)) return error(404, 'ResourceNotFound', `${owner.split('/').slice(-2).join(' ')} was not found.`);
        const items = [...this.store.values()].filter((r) => r.id.toLowerCase().startsWith(prefix) && !r.id.slice(prefix.length).includes('/'));
        // [U] a list of APIs shows current revisions only; the others are under apis/x/revisions.
        const visible = (collection === 'apis' ? items.filter((r) => this.isCurrentRevision(r)) : items).sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
        return this.sendList(send, url, visible.map((r) => this.view(r)), query);
      }
      case 'HEAD':
        return resource ? send(200, undefined, { ETag: resource.etag }) : send(404);
      case 'PUT':
      case 'PATCH': {
        // As ARM: a resource is created under an owner that exists (a policy under an API, …).
        const owner = path.split('/').slice(0, -2).join('/');
        if (!resource && !/\/service\/[^/]+$/i.test(path) && !/\/providers\/microsoft\.apimanagement$/i.test(owner) && !this.get(owner)) {
          return error(404, 'ResourceNotFound', `${owner.split('/').slice(-2).join(' ')} was not found.`);
        }
        if (ifMatch && ifMatch !== '*' && (!resource || resource.etag !== ifMatch)) {
          return error(412, 'PreconditionFailed', resource ? 'The resource was changed since it was read: the ETag in If-Match does not match.' : 'The resource does not exist.');
        }
        const properties = (body['properties'] ?? {}) as Record<string, unknown>;
        const created = this.putFromRequest(path, properties, method === 'PATCH');
        return send(resource ? 200 : 201, this.view(created), { ETag: created.etag });
      }
      case 'DELETE': {
        if (!resource) return send(204);
        if (ifMatch && ifMatch !== '*' && resource.etag !== ifMatch) return error(412, 'PreconditionFailed', 'The ETag in If-Match does not match.');
        this.remove(resource.id);
        return send(200);
      }
      default:
        return error(405, 'MethodNotAllowed', `${method} is not supported.`);
    }
  }

  private isCurrentRevision(r: ArmResource): boolean {
    const m = /^(.*\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/[^/;]+);rev=([^/]+)$/i.exec(r.id);
    return !m || this.currentRevision(m[1]!) === m[2];
  }

  private canonicalCollection(path: string): string {
    const parent = path.slice(0, path.lastIndexOf('/'));
    const last = path.slice(path.lastIndexOf('/'));
    return /\/service\/[^/]+(?:\/workspaces\/[^/]+)?\/apis\/[^/]+(\/|$)/i.test(parent) ? `${this.canonicalId(parent)}${last}` : path;
  }

  /** A PUT: API revisions (sourceApiId), releases (make a revision current), the rest as stored. */
  private putFromRequest(path: string, properties: Record<string, unknown>, patch: boolean): ArmResource {
    const release = /^(.*\/apis\/)([^/;]+)\/releases\/[^/]+$/i.exec(path);
    if (release && typeof properties['apiId'] === 'string') {
      const [, prefix, api] = release as unknown as [string, string, string];
      const rev = /;rev=(\d+)$/.exec(properties['apiId'])?.[1];
      if (rev) {
        const stamp = new Date().toISOString();
        for (const r of this.revisionsOf(`${prefix}${api}`)) {
          r.properties['isCurrent'] = String(r.properties['apiRevision']) === rev;
          r.properties['updatedDateTime'] = stamp;
          r.etag = this.nextEtag();
        }
      }
      return this.put(`${prefix}${api};rev=${rev ?? this.currentRevision(`${prefix}${api}`)}/releases/${path.split('/').pop()}`, properties);
    }
    const apiRev = /^(.*\/apis\/)([^/;]+);rev=(\d+)$/i.exec(path);
    if (apiRev && !this.get(path)) {
      const [, prefix, api, n] = apiRev as unknown as [string, string, string, string];
      const sourceId = typeof properties['sourceApiId'] === 'string' ? this.canonicalId(properties['sourceApiId']) : undefined;
      const source = sourceId ? this.get(sourceId) : undefined;
      const now = new Date().toISOString();
      const id = `${prefix}${api};rev=${n}`;
      this.storeSet(id.toLowerCase(), { id, name: api, type: 'Microsoft.ApiManagement/service/apis', properties: { ...(source?.properties ?? {}), ...properties, apiRevision: n, isCurrent: false, createdDateTime: now, updatedDateTime: now }, etag: this.nextEtag() });
      // The new revision starts as a copy of the source's operations and policies.
      if (source) {
        const from = `${source.id.toLowerCase()}/`;
        for (const r of [...this.store.values()]) {
          if (!r.id.toLowerCase().startsWith(from)) continue;
          const rest = r.id.slice(from.length);
          this.storeSet(`${prefix}${api};rev=${n}/${rest}`.toLowerCase(), { ...r, id: `${prefix}${api};rev=${n}/${rest}`, properties: structuredClone(r.properties), etag: this.nextEtag() });
        }
      }
      return this.get(`${prefix}${api};rev=${n}`)!;
    }
    // A new API (no revision yet) starts as revision 1, current.
    if (patch) {
      const r = this.get(path);
      if (r) return this.modify(path, (p) => Object.assign(p, properties));
    }
    const updated = this.put(path, { ...properties, ...(/\/apis\/[^/]+$/i.test(path) ? { updatedDateTime: new Date().toISOString() } : {}) });
    return updated;
  }

  private serviceView(r: ArmResource): Record<string, unknown> {
    return { id: r.id, name: r.name, type: 'Microsoft.ApiManagement/service', location: r.properties['location'] ?? 'West Europe', sku: r.properties['sku'] ?? { name: 'Developer', capacity: 1 }, properties: r.properties };
  }

  private sendList(send: (status: number, body?: unknown) => void, url: URL, items: unknown[], query: Record<string, string>): void {
    const skip = Number(query['$skip'] ?? '0') || 0;
    const top = Number(query['$top'] ?? '0') || this.pageSize;
    const page = items.slice(skip, skip + top);
    const more = skip + top < items.length;
    const next = new URL(`${this.publicBase}${url.pathname}`);
    next.searchParams.set('api-version', query['api-version'] ?? API_VERSION);
    next.searchParams.set('$top', String(top));
    next.searchParams.set('$skip', String(skip + top));
    send(200, { value: page, count: items.length, ...(more ? { nextLink: next.toString() } : {}) });
  }
}

/** The ARM id of an API Management service. */
export function serviceId(subscriptionId: string, resourceGroup: string, service: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${service}`;
}
