// The simulator's configuration for one traced request, read from the live service itself: the
// global policy, the traced API (its revision) with the operations the request could reach, the
// product the live trace names, the fragments those policies include, the backends and named
// values. Each policy's file is its `apim:` document (what the live tree opens), so the live
// trace's entries link there and "Compare with Simulation" runs the live policies when no local
// APIOps folder is linked. Secret named values are not revealed: a stand-in value (kept secret)
// lets the simulation run; where a policy's behaviour depends on the secret's value, the
// comparison shows it.

import { azureError } from '../azure/azureErrors';
// Type only: the extension's main bundle keeps the Azure SDK out (it comes from azureRuntime.js).
import type { LiveService } from '../azure/liveService';
import { APIM_SCHEME, policyPath } from '../azure/policyUri';
import type { PolicyScopeRef, ServiceRef } from '../azure/scopes';
import type { ApiConfig, BackendConfig, GatewayConfig, NamedValue, PolicySource, ProductConfig } from '../gateway/gatewayConfig';
import { matchTemplate } from '../gateway/pipeline';
import { allElements } from '../policy/policyDocument';
import { parsePolicy } from '../policy/policyParser';
import { liveTraceEntries, type LiveTraceResult } from './liveTrace';
import { liveProductOf } from './liveTraceSession';

export interface LiveGatewayConfig {
  readonly config: GatewayConfig;
  /** The text of each `apim:` policy document the configuration holds, for links and lines. */
  readonly texts: ReadonlyMap<string, string>;
}

/** `apim:` URI text of a live policy (what the live tree and the viewer's links open). */
export function livePolicyFile(service: ServiceRef, scope: PolicyScopeRef): string {
  return `${APIM_SCHEME}:${policyPath(service, scope)}`;
}

/**
 * @param apiId the traced API as the trace names it (`orders-api` or `orders-api;rev=2`)
 * @param path the request's path on the gateway (after the API's path), for the operations to read
 * @param product the product the live trace names, if any
 */
export async function liveGatewayConfig(live: Pick<LiveService, 'client' | 'service' | 'getPolicy' | 'listOperations' | 'listBackends' | 'listNamedValues'>, apiId: string, requestPath: string, method: string, product: string | undefined): Promise<LiveGatewayConfig> {
  const { client, service } = live;
  const texts = new Map<string, string>();
  const source = async (scope: PolicyScopeRef): Promise<PolicySource | undefined> => {
    const p = await live.getPolicy(scope);
    if (p.etag === undefined) return undefined;
    const file = livePolicyFile(service, scope);
    texts.set(file, p.text);
    return { document: parsePolicy(p.text), file };
  };

  let api;
  try {
    api = await client.api.get(service.resourceGroup, service.name, apiId);
  } catch (e) {
    throw azureError(e, `reading API ${apiId} of ${service.name}`);
  }
  const apiPath = (api.path ?? '').replace(/^\/+|\/+$/g, '');
  // The operations the request could reach; their policies are read, the others' are not needed.
  const operations = await live.listOperations(apiId);
  const rest = requestPath.split('?')[0] ?? '';
  const suffix = apiPath && rest.toLowerCase().startsWith(`/${apiPath.toLowerCase()}`) ? rest.slice(apiPath.length + 1) || '/' : rest;
  const reachable = operations.filter((o) => (o.method === '*' || o.method.toUpperCase() === method.toUpperCase()) && matchTemplate(o.urlTemplate, suffix.replace(/^\/?[^/]*;rev=\d+/, '')) !== undefined);
  const [global, apiPolicy, productPolicy, opPolicies, backends, namedValues] = await Promise.all([
    source({ kind: 'global' }),
    source({ kind: 'api', apiId }),
    product ? source({ kind: 'product', productId: product }) : Promise.resolve(undefined),
    Promise.all(reachable.map(async (o) => [o.name, await source({ kind: 'operation', apiId, operationId: o.name })] as const)),
    live.listBackends(),
    live.listNamedValues(),
  ]);
  const opPolicy = new Map(opPolicies);

  // Fragments, and the fragments they include, as the policies name them.
  const fragments = new Map<string, PolicySource>();
  const pending = [global, apiPolicy, productPolicy, ...opPolicies.map(([, p]) => p)];
  while (pending.length) {
    const p = pending.pop();
    if (!p) continue;
    for (const el of allElements(p.document)) {
      if (el.name !== 'include-fragment') continue;
      const id = el.attributes.find((a) => a.name === 'fragment-id')?.value;
      if (!id || fragments.has(id)) continue;
      const f = await source({ kind: 'fragment', fragmentId: id }).catch(() => undefined);
      if (f) {
        fragments.set(id, f);
        pending.push(f);
      }
    }
  }

  const values = new Map<string, NamedValue>();
  for (const nv of namedValues) {
    // A secret is not revealed for a comparison: a stand-in keeps the simulation going.
    const entry: NamedValue = nv.secret || nv.value === undefined ? { value: `secret-value-of-${nv.name}`, secret: true } : { value: nv.value, secret: false };
    values.set(nv.displayName, entry);
    values.set(nv.name, entry);
  }
  const backendConfigs = new Map<string, BackendConfig>();
  for (const b of backends) backendConfigs.set(b.name, { ...(b.url ? { url: b.url } : {}), ...(b.type ? { type: b.type } : {}), ...(b.poolMembers.length ? { pool: { services: b.poolMembers } } : {}) });

  const apiConfig: ApiConfig = {
    id: apiId.replace(/;rev=\d+$/, ''),
    name: api.displayName ?? apiId,
    path: apiPath,
    ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
    subscriptionRequired: api.subscriptionRequired !== false,
    revision: api.apiRevision ?? '1',
    isCurrent: api.isCurrent !== false,
    version: api.apiVersion ?? null,
    operations: operations.map((o) => ({ id: o.name, name: o.displayName, method: o.method.toUpperCase(), urlTemplate: o.urlTemplate, ...(opPolicy.get(o.name) ? { policy: opPolicy.get(o.name)! } : {}) })),
    ...(apiPolicy ? { policy: apiPolicy } : {}),
  };
  const products: ProductConfig[] = product ? [{ id: product, ...(productPolicy ? { policy: productPolicy } : {}), apis: [apiConfig.id] }] : [];
  return {
    config: { serviceName: service.name, ...(global ? { global } : {}), apis: [apiConfig], products, subscriptions: [], namedValues: values, fragments, backends: backendConfigs },
    texts,
  };
}

/**
 * For traceRequests' compareWith: each traced request's configuration from the live policies of
 * the API it reached; `texts` collects the policies read, `onError` hears why one could not be
 * read (the request is then shown without a comparison).
 */
export function liveComparison(live: Parameters<typeof liveGatewayConfig>[0], texts: Map<string, string>, onError: (api: string, e: unknown) => void): (result: LiveTraceResult) => Promise<GatewayConfig | undefined> {
  return async (result) => {
    try {
      const url = new URL(result.request.url);
      const c = await liveGatewayConfig(live, result.api, `${url.pathname}${url.search}`, result.request.method, liveProductOf(liveTraceEntries(result.trace)));
      for (const [k, v] of c.texts) texts.set(k, v);
      return c.config;
    } catch (e) {
      onError(result.api, e);
      return undefined;
    }
  };
}
