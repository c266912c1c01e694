// Where things are in Azure API Management, without the SDK: a service by its ARM id, a policy by
// its scope. The tree, the apim: file system and the URIs use these; only liveService.ts talks
// to Azure.

export interface ServiceRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  /** The ARM id. */
  readonly id: string;
  readonly location?: string;
  readonly sku?: string;
}

/** Where a policy lives in a service. */
export type PolicyScopeRef =
  | { readonly kind: 'global' }
  | { readonly kind: 'product'; readonly productId: string }
  | { readonly kind: 'api'; readonly apiId: string }
  | { readonly kind: 'operation'; readonly apiId: string; readonly operationId: string }
  | { readonly kind: 'fragment'; readonly fragmentId: string }
  | { readonly kind: 'workspaceApi'; readonly workspaceId: string; readonly apiId: string }
  | { readonly kind: 'workspaceOperation'; readonly workspaceId: string; readonly apiId: string; readonly operationId: string }
  | { readonly kind: 'workspaceFragment'; readonly workspaceId: string; readonly fragmentId: string };

/** A service by its subscription, resource group and name, with its ARM id. */
export function serviceRef(subscriptionId: string, resourceGroup: string, name: string): ServiceRef {
  return { subscriptionId, resourceGroup, name, id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${name}` };
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ApiManagement/service/{name}` → parts. */
export function parseServiceId(id: string): ServiceRef | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ApiManagement\/service\/([^/]+)$/i.exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]!, id } : undefined;
}

export function describeScope(scope: PolicyScopeRef): string {
  switch (scope.kind) {
    case 'global':
      return 'the global policy';
    case 'product':
      return `the policy of product ${scope.productId}`;
    case 'api':
      return `the policy of API ${scope.apiId}`;
    case 'operation':
      return `the policy of operation ${scope.operationId} of API ${scope.apiId}`;
    case 'fragment':
      return `policy fragment ${scope.fragmentId}`;
    case 'workspaceApi':
      return `the policy of API ${scope.apiId} in workspace ${scope.workspaceId}`;
    case 'workspaceOperation':
      return `the policy of operation ${scope.operationId} of API ${scope.apiId} in workspace ${scope.workspaceId}`;
    case 'workspaceFragment':
      return `policy fragment ${scope.fragmentId} of workspace ${scope.workspaceId}`;
  }
}
