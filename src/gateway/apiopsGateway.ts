// A simulated gateway from an APIOps folder: the global, product, API and operation policies,
// current API revisions with their operations, products, named values (secret values from
// named-values.local.json), fragments and backend URLs.

import * as path from 'node:path';
import { parsePolicy } from '../policy/policyParser';
import { embeddedPolicyRef } from '../workspace/embeddedPolicy';
import type { ApiModel, ApiopsService, PolicyFile, ResourceCollections } from '../workspace/apiopsModel';
import type { FileSystem } from '../workspace/fileSystem';
import { backendProperties, collectionFolders, policyText } from '../workspace/apiopsLoader';
import { environmentSecretValue } from '../workspace/environments';
import { readNamedValueOverrides } from '../workspace/namedValueOverrides';
import { parseHttpFile } from './httpFile';
import { ApiSpecification } from './openApi';
import type { ApiConfig, BackendConfig, GatewayConfig, NamedValue, PolicySource, ProductConfig, SubscriptionConfig, WorkspaceConfig } from './gatewayConfig';

export interface GatewayFromApiopsOptions {
  /** Only these APIs (a request's candidates, an operation's API): the rest are not read. */
  readonly apis?: (api: ApiModel) => boolean;
}

export async function gatewayFromApiops(service: ApiopsService, fs: FileSystem, subscriptions: readonly SubscriptionConfig[] = [], options: GatewayFromApiopsOptions = {}): Promise<GatewayConfig> {
  // A policy kept in JSON (an apiops-cli fragment) is named by an embedded-policy reference: its
  // offsets are into properties.value. A policy an environment file gives has no file (its text is
  // not the file's): no links.
  const policy = async (file: PolicyFile | undefined): Promise<PolicySource | undefined> =>
    file ? { document: parsePolicy(await policyText(fs, file)), ...(file.text !== undefined ? {} : { file: file.embedded ? embeddedPolicyRef(file.path) : file.path }) } : undefined;

  // The service's resources and each workspace's, the same way; workspace APIs know their workspace.
  const collection = async (c: ResourceCollections, root: string, workspace?: string) => {
    // Every API's files are read at once (the reads, not the parsing, were most of the time on a
    // large estate); the order of the list is kept.
    const apis: ApiConfig[] = await Promise.all(
      c.apis.filter((api) => options.apis?.(api) ?? true).map(async (api): Promise<ApiConfig> => {
        const operations = (
          await Promise.all(
            api.operations.map(async (op) => (!op.method || !op.urlTemplate ? undefined : { id: op.name, name: op.displayName, method: op.method.toUpperCase(), urlTemplate: op.urlTemplate, ...(op.policy ? { policy: await policy(op.policy) } : {}) })),
          )
        ).filter((op) => op !== undefined);
        // A GraphQL API has no operations of its own: every request to its path is a GraphQL request.
        if (api.type.toLowerCase() === 'graphql' && operations.length === 0) operations.push({ id: 'graphql', name: 'GraphQL', method: '*', urlTemplate: '/*' });
        const [apiPolicy, specification] = await Promise.all([api.policy ? policy(api.policy) : undefined, specificationOf(api.specificationPath, fs)]);
        return {
          id: api.name,
          name: api.displayName,
          path: api.path,
          ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
          subscriptionRequired: api.subscriptionRequired,
          revision: api.revision,
          isCurrent: api.isCurrent,
          version: api.apiVersion ?? null,
          ...versionSetOf(c.versionSets.length ? c : service, api.versionSetId),
          operations,
          ...(apiPolicy ? { policy: apiPolicy } : {}),
          ...(workspace ? { workspace } : {}),
          ...specification,
        };
      }),
    );
    const products: ProductConfig[] = [];
    for (const p of c.products) products.push({ id: p.name, name: p.displayName, apis: p.apis, ...(p.policy ? { policy: await policy(p.policy) } : {}) });
    const namedValues = new Map<string, NamedValue>();
    for (const nv of c.namedValues) {
      const value = overrides.values[nv.displayName] ?? overrides.values[nv.name] ?? nv.value ?? environmentSecretValue(nv);
      if (value === undefined) continue;
      const entry = { value, secret: nv.secret };
      namedValues.set(nv.displayName, entry);
      namedValues.set(nv.name, entry);
    }
    const fragments = new Map<string, PolicySource>();
    for (const f of c.fragments) {
      const source = await policy(f.policy);
      if (source) fragments.set(f.name, source);
    }
    const backends = new Map<string, BackendConfig>();
    for (const b of c.backends) {
      const props = backendProperties(b);
      backends.set(b.name, props ? backendFromProperties(props) : await backendEntity(fs, path.join(root, collectionFolders(service.layout).backends, b.name, 'backendInformation.json')));
    }
    return { apis, products, namedValues, fragments, backends };
  };

  const overrides = await readNamedValueOverrides(fs, service.root);
  const own = await collection(service, service.root);
  const apis = [...own.apis];
  const products = [...own.products];
  const workspaces = new Map<string, WorkspaceConfig>();
  for (const ws of service.workspaces) {
    const w = await collection(ws, ws.folder, ws.name);
    apis.push(...w.apis);
    products.push(...w.products);
    const wsPolicy = await policy(ws.policy);
    workspaces.set(ws.name, { ...(wsPolicy ? { policy: wsPolicy } : {}), namedValues: w.namedValues, backends: w.backends, fragments: w.fragments });
  }
  const { namedValues, fragments, backends } = own;

  const global = await policy(service.globalPolicy);
  return {
    serviceName: path.basename(service.root),
    ...(global ? { global } : {}),
    apis,
    products,
    subscriptions,
    namedValues,
    fragments,
    backends,
    ...(workspaces.size ? { workspaces } : {}),
  };
}

/** A backend's ARM properties: URL, pool, circuit breaker and credentials (values may hold {{named values}}). */
async function backendEntity(fs: FileSystem, file: string): Promise<BackendConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file));
  } catch {
    return {};
  }
  return backendFromProperties(((json as { properties?: Record<string, unknown> }).properties ?? json) as Record<string, unknown>);
}

/** A backend entity from its ARM properties (an environment's overrides merged in). */
function backendFromProperties(props: Readonly<Record<string, unknown>>): BackendConfig {
  const credentials = credentialsOf(props['credentials']);
  return {
    ...(typeof props['url'] === 'string' ? { url: props['url'] } : {}),
    ...(typeof props['type'] === 'string' ? { type: props['type'] } : {}),
    ...(props['pool'] && typeof props['pool'] === 'object' ? { pool: props['pool'] as BackendConfig['pool'] } : {}),
    ...(props['circuitBreaker'] && typeof props['circuitBreaker'] === 'object' ? { circuitBreaker: props['circuitBreaker'] as BackendConfig['circuitBreaker'] } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

function credentialsOf(c: unknown): BackendConfig['credentials'] {
  if (!c || typeof c !== 'object') return undefined;
  const cred = c as Record<string, unknown>;
  const lists = (v: unknown): Record<string, string[]> | undefined =>
    v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, (Array.isArray(x) ? x : [x]).map(String)])) : undefined;
  const auth = cred['authorization'] as { scheme?: unknown; parameter?: unknown } | undefined;
  const header = lists(cred['header']);
  const query = lists(cred['query']);
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length ? v.map(String) : undefined);
  const certificate = strings(cred['certificate']);
  const certificateIds = strings(cred['certificateIds'])?.map((id) => id.split('/').pop() ?? id);
  return {
    ...(header ? { header } : {}),
    ...(query ? { query } : {}),
    ...(certificate ? { certificate } : {}),
    ...(certificateIds ? { certificateIds } : {}),
    ...(auth && typeof auth.scheme === 'string' ? { authorization: { scheme: auth.scheme, parameter: String(auth.parameter ?? '') } } : {}),
  };
}

/** The API's OpenAPI definition (YAML or JSON) or GraphQL schema; WSDL and WADL definitions are not read. */
async function specificationOf(file: string | undefined, fs: FileSystem): Promise<Pick<ApiConfig, 'specification' | 'specificationError' | 'graphqlSchema'>> {
  if (file && /\.graphql$/i.test(file)) return { graphqlSchema: await fs.readFile(file) };
  if (!file || !/\.(ya?ml|json)$/i.test(file)) return {};
  try {
    return { specification: ApiSpecification.parse(await fs.readFile(file)) };
  } catch (e) {
    return { specificationError: `${path.basename(file)}: ${(e as Error).message}` };
  }
}

/** The API's version set (`apiVersionSetId: /apiVersionSets/<name>`), as routing needs it. */
function versionSetOf(service: Pick<ResourceCollections, 'versionSets'>, id: string | undefined): Pick<ApiConfig, 'versionSet'> {
  const name = id?.split('/').pop();
  const set = name ? service.versionSets.find((v) => v.name === name) : undefined;
  if (!set) return {};
  const scheme = (['Segment', 'Query', 'Header'] as const).find((s) => s.toLowerCase() === (set.versioningScheme ?? 'Segment').toLowerCase()) ?? 'Segment';
  return { versionSet: { id: set.name, scheme, ...(set.versionHeaderName ? { headerName: set.versionHeaderName } : {}), ...(set.versionQueryName ? { queryName: set.versionQueryName } : {}) } };
}

/**
 * The APIs a request to `url` could reach (its path starts with theirs, or theirs is empty): what
 * a gateway built for that one request needs of a large estate (GatewayFromApiopsOptions.apis).
 */
export function apisServing(url: string): (api: ApiModel) => boolean {
  let p: string;
  try {
    p = decodeURIComponent(new URL(url, 'https://gateway.invalid').pathname).toLowerCase().replace(/\/+$/, '');
  } catch {
    // A URL or an escape the router will refuse: every API, and the gateway answers it.
    return () => true;
  }
  return (api) => {
    const own = api.path.toLowerCase().replace(/^\/+|\/+$/g, '');
    return own === '' || p === `/${own}` || p.startsWith(`/${own}/`);
  };
}

/**
 * The APIs the requests of a .http file could reach; every API when the file does not parse (the
 * simulation then reports the file's error itself).
 */
export function apisServingHttp(httpText: string): (api: ApiModel) => boolean {
  let urls: string[];
  try {
    urls = parseHttpFile(httpText).map((r) => r.url);
  } catch {
    return () => true;
  }
  const each = urls.map(apisServing);
  return (api) => each.some((serves) => serves(api));
}
