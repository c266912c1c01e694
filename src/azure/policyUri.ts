// The `apim:` URIs of live policies: the path names the service and the policy's scope, so the
// file system provider can read and write it and an editor tab says what it holds.
//   apim:/<subscription>/<resource group>/<service>/policy.xml                        global
//   …/products/<product>/policy.xml                                                   product
//   …/apis/<api>/policy.xml   (a revision: <api>;rev=N)                              API
//   …/apis/<api>/operations/<operation>/policy.xml                                   operation
//   …/fragments/<fragment>.xml                                                       fragment
//   …/workspaces/<workspace>/apis/<api>/policy.xml (…/operations/<op>/policy.xml), …/workspaces/<workspace>/fragments/<f>.xml

import { serviceRef, type PolicyScopeRef, type ServiceRef } from './scopes';

export const APIM_SCHEME = 'apim';

export function policyPath(service: ServiceRef, scope: PolicyScopeRef): string {
  const base = `/${service.subscriptionId}/${service.resourceGroup}/${service.name}`;
  switch (scope.kind) {
    case 'global':
      return `${base}/policy.xml`;
    case 'product':
      return `${base}/products/${scope.productId}/policy.xml`;
    case 'api':
      return `${base}/apis/${scope.apiId}/policy.xml`;
    case 'operation':
      return `${base}/apis/${scope.apiId}/operations/${scope.operationId}/policy.xml`;
    case 'fragment':
      return `${base}/fragments/${scope.fragmentId}.xml`;
    case 'workspaceApi':
      return `${base}/workspaces/${scope.workspaceId}/apis/${scope.apiId}/policy.xml`;
    case 'workspaceOperation':
      return `${base}/workspaces/${scope.workspaceId}/apis/${scope.apiId}/operations/${scope.operationId}/policy.xml`;
    case 'workspaceFragment':
      return `${base}/workspaces/${scope.workspaceId}/fragments/${scope.fragmentId}.xml`;
  }
}

/** The service and scope an `apim:` path names; undefined for anything else. */
export function parsePolicyPath(path: string): { service: ServiceRef; scope: PolicyScopeRef } | undefined {
  const parts = path.split('/').filter(Boolean);
  const [sub, rg, name, ...rest] = parts;
  if (!sub || !rg || !name || rest.length === 0) return undefined;
  const service = serviceRef(sub, rg, name);
  const r = rest.join('/');
  let m: RegExpExecArray | null;
  if (r === 'policy.xml') return { service, scope: { kind: 'global' } };
  if ((m = /^products\/([^/]+)\/policy\.xml$/.exec(r))) return { service, scope: { kind: 'product', productId: m[1]! } };
  if ((m = /^apis\/([^/]+)\/policy\.xml$/.exec(r))) return { service, scope: { kind: 'api', apiId: m[1]! } };
  if ((m = /^apis\/([^/]+)\/operations\/([^/]+)\/policy\.xml$/.exec(r))) return { service, scope: { kind: 'operation', apiId: m[1]!, operationId: m[2]! } };
  if ((m = /^fragments\/([^/]+)\.xml$/.exec(r))) return { service, scope: { kind: 'fragment', fragmentId: m[1]! } };
  if ((m = /^workspaces\/([^/]+)\/apis\/([^/]+)\/policy\.xml$/.exec(r))) return { service, scope: { kind: 'workspaceApi', workspaceId: m[1]!, apiId: m[2]! } };
  if ((m = /^workspaces\/([^/]+)\/apis\/([^/]+)\/operations\/([^/]+)\/policy\.xml$/.exec(r))) return { service, scope: { kind: 'workspaceOperation', workspaceId: m[1]!, apiId: m[2]!, operationId: m[3]! } };
  if ((m = /^workspaces\/([^/]+)\/fragments\/([^/]+)\.xml$/.exec(r))) return { service, scope: { kind: 'workspaceFragment', workspaceId: m[1]!, fragmentId: m[2]! } };
  return undefined;
}
