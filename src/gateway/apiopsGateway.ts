// A simulated gateway from an APIOps folder: the global, product, API and operation policies,
// current API revisions with their operations, products, named values (secret values from
// named-values.local.json), fragments and backend URLs.

import * as path from 'node:path';
import { parsePolicy } from '../policy/policyParser';
import type { ApiopsService, PolicyFile } from '../workspace/apiopsModel';
import { currentApis } from '../workspace/apiopsModel';
import type { FileSystem } from '../workspace/fileSystem';
import { readNamedValueOverrides } from '../workspace/namedValueOverrides';
import type { ApiConfig, BackendConfig, GatewayConfig, NamedValue, PolicySource, ProductConfig, SubscriptionConfig } from './gatewayConfig';

export async function gatewayFromApiops(service: ApiopsService, fs: FileSystem, subscriptions: readonly SubscriptionConfig[] = []): Promise<GatewayConfig> {
  const policy = async (file: PolicyFile | undefined): Promise<PolicySource | undefined> => (file ? { document: parsePolicy(await fs.readFile(file.path)), file: file.path } : undefined);

  const apis: ApiConfig[] = [];
  for (const api of currentApis(service.apis)) {
    const operations = [];
    for (const op of api.operations) {
      if (!op.method || !op.urlTemplate) continue;
      operations.push({ id: op.name, name: op.displayName, method: op.method.toUpperCase(), urlTemplate: op.urlTemplate, ...(op.policy ? { policy: await policy(op.policy) } : {}) });
    }
    apis.push({
      id: api.apiId,
      name: api.displayName,
      path: api.path,
      ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
      subscriptionRequired: api.subscriptionRequired,
      revision: api.revision,
      version: api.apiVersion ?? null,
      operations,
      ...(api.policy ? { policy: await policy(api.policy) } : {}),
    });
  }

  const products: ProductConfig[] = [];
  for (const p of service.products) products.push({ id: p.name, name: p.displayName, ...(p.policy ? { policy: await policy(p.policy) } : {}) });

  const overrides = await readNamedValueOverrides(fs, service.root);
  const namedValues = new Map<string, NamedValue>();
  for (const nv of service.namedValues) {
    const value = overrides.values[nv.displayName] ?? overrides.values[nv.name] ?? nv.value;
    if (value === undefined) continue;
    const entry = { value, secret: nv.secret };
    namedValues.set(nv.displayName, entry);
    namedValues.set(nv.name, entry);
  }

  const fragments = new Map<string, PolicySource>();
  for (const f of service.fragments) {
    const source = await policy(f.policy);
    if (source) fragments.set(f.name, source);
  }

  const backends = new Map<string, BackendConfig>();
  for (const b of service.backends) {
    if (!b.url) continue;
    backends.set(b.name, { url: b.url, credentials: await backendCredentials(fs, path.join(service.root, 'backends', b.name, 'backendInformation.json')) });
  }

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
  };
}

/** The `credentials` of a backend's ARM properties: header, query and authorization (values may hold {{named values}}). */
async function backendCredentials(fs: FileSystem, file: string): Promise<BackendConfig['credentials']> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file));
  } catch {
    return undefined;
  }
  const props = (json as { properties?: { credentials?: Record<string, unknown> } }).properties ?? (json as { credentials?: Record<string, unknown> });
  const c = props.credentials;
  if (!c || typeof c !== 'object') return undefined;
  const lists = (v: unknown): Record<string, string[]> | undefined =>
    v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, (Array.isArray(x) ? x : [x]).map(String)])) : undefined;
  const auth = c['authorization'] as { scheme?: unknown; parameter?: unknown } | undefined;
  const header = lists(c['header']);
  const query = lists(c['query']);
  return {
    ...(header ? { header } : {}),
    ...(query ? { query } : {}),
    ...(auth && typeof auth.scheme === 'string' ? { authorization: { scheme: auth.scheme, parameter: String(auth.parameter ?? '') } } : {}),
  };
}
