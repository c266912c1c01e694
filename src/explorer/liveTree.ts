// The live part of the explorer: subscriptions → API Management services → APIs (grouped by
// version set, with operations, policies and revisions), backends (pool members, circuit breaker
// rules), products, named values (secret values never shown; Key Vault references shown), policy
// fragments, workspaces and the global policy. Plain data and async functions over LiveService,
// so it is tested in plain Node against the ARM emulator; the VS Code provider maps it to items.

import type { ApiSummary, LiveService, RevisionSummary } from '../azure/liveService';
import { describeScope, type PolicyScopeRef, type ServiceRef } from '../azure/scopes';
import { GROUP_LABELS, type NodePresentation } from './explorerTree';

export interface SubscriptionRef {
  readonly id: string;
  readonly name: string;
  readonly tenantId?: string;
}

/** What the live tree needs from the signed-in account. */
export interface LiveAccount {
  listSubscriptions(): Promise<SubscriptionRef[]>;
  listServices(subscriptionId: string): Promise<ServiceRef[]>;
  service(ref: ServiceRef): LiveService;
}

export type LiveGroup = 'apis' | 'backends' | 'products' | 'namedValues' | 'fragments' | 'workspaces';

export type LiveNode =
  | { readonly kind: 'subscription'; readonly subscription: SubscriptionRef }
  | { readonly kind: 'liveService'; readonly service: ServiceRef }
  | { readonly kind: 'liveGroup'; readonly group: LiveGroup; readonly service: ServiceRef }
  | { readonly kind: 'liveVersionSet'; readonly service: ServiceRef; readonly versionSetId: string; readonly apis: readonly ApiSummary[] }
  | { readonly kind: 'liveApi'; readonly service: ServiceRef; readonly api: ApiSummary }
  | { readonly kind: 'liveRevisions'; readonly service: ServiceRef; readonly api: ApiSummary }
  | { readonly kind: 'liveOperation'; readonly service: ServiceRef; readonly apiId: string; readonly operation: { readonly name: string; readonly displayName: string; readonly method: string; readonly urlTemplate: string } }
  | { readonly kind: 'livePolicy'; readonly service: ServiceRef; readonly scope: PolicyScopeRef; readonly label: string; readonly description?: string }
  | { readonly kind: 'liveItem'; readonly id: string; readonly label: string; readonly description?: string; readonly tooltip?: string; readonly icon: string; readonly contextValue: string; readonly children?: readonly LiveNode[]; readonly service?: ServiceRef; readonly namedValue?: string; readonly apiId?: string; readonly revision?: string; readonly isCurrent?: boolean }
  | { readonly kind: 'liveWorkspaceApi'; readonly service: ServiceRef; readonly workspaceId: string; readonly api: { readonly name: string; readonly displayName: string } }
  | { readonly kind: 'loadMore'; readonly service: ServiceRef; readonly group: LiveGroup; readonly next: string }
  | { readonly kind: 'liveError'; readonly id: string; readonly message: string; readonly retry: LiveNode | undefined };

const svcKey = (s: ServiceRef): string => s.id.toLowerCase();

/** The same labels and icons as the groups of a local folder. */
const GROUPS: Record<LiveGroup, [label: string, icon: string]> = GROUP_LABELS;

/** The nodes for APIs loaded so far: versioned APIs grouped by version set, then the rest, then "Load more". */
export function apiNodes(service: ServiceRef, apis: readonly ApiSummary[], next: string | undefined): LiveNode[] {
  const sets = new Map<string, ApiSummary[]>();
  const out: LiveNode[] = [];
  for (const api of apis) {
    if (api.versionSetId) {
      const key = api.versionSetId;
      if (!sets.has(key)) {
        sets.set(key, []);
        out.push({ kind: 'liveVersionSet', service, versionSetId: key, apis: sets.get(key)! });
      }
      sets.get(key)!.push(api);
    } else out.push({ kind: 'liveApi', service, api });
  }
  if (next) out.push({ kind: 'loadMore', service, group: 'apis', next });
  return out;
}

/** A revision of an API, with its API policy below it (the tree lists these; publishing reveals one). */
export function revisionNode(service: ServiceRef, api: string, r: RevisionSummary): LiveNode {
  const apiId = r.isCurrent ? api : `${api};rev=${r.revision}`;
  return {
    kind: 'liveItem',
    id: `${svcKey(service)}/apis/${api}/revisions/${r.revision}`,
    label: `Revision ${r.revision}`,
    description: [r.isCurrent ? 'current' : undefined, r.description].filter(Boolean).join(' · ') || undefined,
    tooltip: [`Revision ${r.revision}${r.isCurrent ? ' (current)' : ''}`, r.description, r.created ? `created ${r.created}` : undefined, r.updated ? `updated ${r.updated}` : undefined].filter(Boolean).join('\n'),
    icon: r.isCurrent ? 'pass-filled' : 'history',
    contextValue: r.isCurrent ? 'apimWorkbench.liveRevision.current' : 'apimWorkbench.liveRevision',
    service,
    apiId: api,
    revision: r.revision,
    isCurrent: r.isCurrent,
    children: [{ kind: 'livePolicy', service, scope: { kind: 'api', apiId }, label: 'API policy', description: `revision ${r.revision}` }],
  };
}

/** The children of a node; a failure becomes an error node that can retry its parent. */
export async function liveChildren(node: LiveNode, account: LiveAccount, apiPageSize = 100): Promise<LiveNode[]> {
  try {
    return await load(node, account, apiPageSize);
  } catch (e) {
    return [liveError(`${liveId(node)}/error`, e, node)];
  }
}

/** The node that shows a failure in place of a list; Retry reloads `retry` (undefined: nothing to retry). */
export function liveError(id: string, e: unknown, retry: LiveNode | undefined): Extract<LiveNode, { kind: 'liveError' }> {
  return { kind: 'liveError', id, message: e instanceof Error ? e.message : String(e), retry };
}

async function load(node: LiveNode, account: LiveAccount, apiPageSize: number): Promise<LiveNode[]> {
  switch (node.kind) {
    case 'subscription':
      return (await account.listServices(node.subscription.id)).map((service) => ({ kind: 'liveService', service }));
    case 'liveService':
      return [
        { kind: 'livePolicy', service: node.service, scope: { kind: 'global' }, label: 'Global policy' },
        ...(['apis', 'backends', 'products', 'namedValues', 'fragments', 'workspaces'] as const).map((group): LiveNode => ({ kind: 'liveGroup', group, service: node.service })),
      ];
    case 'liveGroup':
      return groupChildren(node.group, node.service, account, apiPageSize);
    case 'liveVersionSet':
      return node.apis.map((api) => ({ kind: 'liveApi', service: node.service, api }));
    case 'liveApi': {
      const live = account.service(node.service);
      const ops = await live.listOperations(node.api.name);
      return [
        { kind: 'livePolicy', service: node.service, scope: { kind: 'api', apiId: node.api.name }, label: 'API policy' },
        { kind: 'liveRevisions', service: node.service, api: node.api },
        ...ops.map((operation): LiveNode => ({ kind: 'liveOperation', service: node.service, apiId: node.api.name, operation })),
      ];
    }
    case 'liveRevisions': {
      const revisions = await account.service(node.service).listRevisions(node.api.name);
      return revisions.map((r) => revisionNode(node.service, node.api.name, r));
    }
    case 'liveOperation':
      return [{ kind: 'livePolicy', service: node.service, scope: { kind: 'operation', apiId: node.apiId, operationId: node.operation.name }, label: 'Operation policy' }];
    case 'liveItem':
      return [...(node.children ?? [])];
    case 'liveWorkspaceApi': {
      const ops = await account.service(node.service).listWorkspaceOperations(node.workspaceId, node.api.name);
      return [
        { kind: 'livePolicy', service: node.service, scope: { kind: 'workspaceApi', workspaceId: node.workspaceId, apiId: node.api.name }, label: 'API policy' },
        ...ops.map((o): LiveNode => ({ kind: 'livePolicy', service: node.service, scope: { kind: 'workspaceOperation', workspaceId: node.workspaceId, apiId: node.api.name, operationId: o.name }, label: o.displayName, description: `${o.method} ${o.urlTemplate}` })),
      ];
    }
    case 'livePolicy':
    case 'loadMore':
    case 'liveError':
      return [];
  }
}

async function groupChildren(group: LiveGroup, service: ServiceRef, account: LiveAccount, apiPageSize: number): Promise<LiveNode[]> {
  const live = account.service(service);
  const key = svcKey(service);
  switch (group) {
    case 'apis': {
      const page = await live.listApis(undefined, apiPageSize);
      return apiNodes(service, page.items, page.next);
    }
    case 'backends':
      return (await live.listBackends()).map((b) => ({
        kind: 'liveItem',
        id: `${key}/backends/${b.name}`,
        label: b.name,
        description: b.poolMembers.length ? `pool of ${b.poolMembers.length}` : b.url,
        tooltip: [b.url, b.circuitBreakerRules.length ? `circuit breaker: ${b.circuitBreakerRules.join(', ')}` : undefined].filter(Boolean).join('\n') || b.name,
        icon: b.poolMembers.length ? 'layers' : 'server',
        contextValue: 'apimWorkbench.liveBackend',
        children: [
          ...b.poolMembers.map((m): LiveNode => ({ kind: 'liveItem', id: `${key}/backends/${b.name}/pool/${m.id}`, label: m.id.split('/').pop() ?? m.id, description: [m.priority !== undefined ? `priority ${m.priority}` : '', m.weight !== undefined ? `weight ${m.weight}` : ''].filter(Boolean).join(', ') || undefined, icon: 'server', contextValue: 'apimWorkbench.livePoolMember' })),
          ...b.circuitBreakerRules.map((r): LiveNode => ({ kind: 'liveItem', id: `${key}/backends/${b.name}/breaker/${r}`, label: r, description: 'circuit breaker rule', icon: 'debug-disconnect', contextValue: 'apimWorkbench.liveCircuitBreaker' })),
        ],
      }));
    case 'products': {
      const out: LiveNode[] = [];
      for (const p of await live.listProducts()) {
        const apis = await live.listProductApis(p.name);
        out.push({
          kind: 'liveItem',
          id: `${key}/products/${p.name}`,
          label: p.displayName,
          description: `${apis.length} API${apis.length === 1 ? '' : 's'}`,
          icon: 'package',
          contextValue: 'apimWorkbench.liveProduct',
          children: [
            { kind: 'livePolicy', service, scope: { kind: 'product', productId: p.name }, label: 'Product policy' },
            ...apis.map((a): LiveNode => ({ kind: 'liveItem', id: `${key}/products/${p.name}/apis/${a.name}`, label: a.displayName, description: `/${a.path}`, icon: 'symbol-interface', contextValue: 'apimWorkbench.liveProductApi' })),
          ],
        });
      }
      return out;
    }
    case 'namedValues':
      return (await live.listNamedValues()).map((n) => ({
        kind: 'liveItem',
        id: `${key}/namedValues/${n.name}`,
        label: n.displayName,
        // A secret's value is never shown here; "Reveal" asks Azure for it into a transient view.
        description: n.keyVaultSecret ? `Key Vault: ${n.keyVaultSecret}` : n.secret ? 'secret' : n.value,
        tooltip: n.keyVaultSecret ? `Key Vault reference ${n.keyVaultSecret}` : n.secret ? 'A secret named value: its value is not shown.' : n.value,
        icon: n.keyVaultSecret ? 'key' : n.secret ? 'lock' : 'symbol-constant',
        contextValue: n.secret ? 'apimWorkbench.liveNamedValue.secret' : 'apimWorkbench.liveNamedValue',
        service,
        namedValue: n.name,
      }));
    case 'fragments':
      return (await live.listFragments()).map((f) => ({ kind: 'livePolicy', service, scope: { kind: 'fragment', fragmentId: f.name }, label: f.name, ...(f.description ? { description: f.description } : {}) }));
    case 'workspaces': {
      const out: LiveNode[] = [];
      for (const w of await live.listWorkspaces()) {
        const c = await live.workspaceContents(w.name);
        const wk = `${key}/workspaces/${w.name}`;
        const leaf = (kind: string, name: string, icon: string, description?: string): LiveNode => ({ kind: 'liveItem', id: `${wk}/${kind}/${name}`, label: name, ...(description ? { description } : {}), icon, contextValue: `apimWorkbench.liveWorkspace.${kind}` });
        const group = (kind: string, label: string, icon: string, children: LiveNode[]): LiveNode => ({ kind: 'liveItem', id: `${wk}/${kind}`, label, description: String(children.length), icon, contextValue: `apimWorkbench.liveWorkspaceGroup.${kind}`, children });
        out.push({
          kind: 'liveItem',
          id: wk,
          label: w.displayName,
          icon: 'folder-library',
          contextValue: 'apimWorkbench.liveWorkspace',
          children: [
            group('apis', 'APIs', 'symbol-interface', c.apis.map((a): LiveNode => ({ kind: 'liveWorkspaceApi', service, workspaceId: w.name, api: a }))),
            group('backends', 'Backends', 'server-environment', c.backends.map((b) => leaf('backends', b, 'server'))),
            group('namedValues', 'Named values', 'symbol-constant', c.namedValues.map((n) => leaf('namedValues', n.name, n.secret ? 'lock' : 'symbol-constant', n.secret ? 'secret' : undefined))),
            group('fragments', 'Policy fragments', 'symbol-snippet', c.fragments.map((f): LiveNode => ({ kind: 'livePolicy', service, scope: { kind: 'workspaceFragment', workspaceId: w.name, fragmentId: f }, label: f }))),
          ],
        });
      }
      return out;
    }
  }
}

export function liveId(node: LiveNode): string {
  switch (node.kind) {
    case 'subscription':
      return `azure/${node.subscription.id}`;
    case 'liveService':
      return svcKey(node.service);
    case 'liveGroup':
      return `${svcKey(node.service)}/${node.group}`;
    case 'liveVersionSet':
      return `${svcKey(node.service)}/versionSets/${node.versionSetId}`;
    case 'liveApi':
      return `${svcKey(node.service)}/apis/${node.api.name}`;
    case 'liveRevisions':
      return `${svcKey(node.service)}/apis/${node.api.name}/revisions`;
    case 'liveOperation':
      return `${svcKey(node.service)}/apis/${node.apiId}/operations/${node.operation.name}`;
    case 'livePolicy':
      return `${svcKey(node.service)}/policy/${JSON.stringify(node.scope)}`;
    case 'liveItem':
      return node.id;
    case 'liveWorkspaceApi':
      return `${svcKey(node.service)}/workspaces/${node.workspaceId}/apis/${node.api.name}`;
    case 'loadMore':
      return `${svcKey(node.service)}/${node.group}/more/${node.next}`;
    case 'liveError':
      return node.id;
  }
}

export function presentLive(node: LiveNode): NodePresentation {
  const id = liveId(node);
  switch (node.kind) {
    case 'subscription':
      return { id, label: node.subscription.name, description: node.subscription.id, tooltip: `Subscription ${node.subscription.id}${node.subscription.tenantId ? `\nTenant ${node.subscription.tenantId}` : ''}`, collapsible: 'collapsed', icon: 'key', contextValue: 'apimWorkbench.subscription' };
    case 'liveService':
      return { id, label: node.service.name, description: [node.service.sku, node.service.location].filter(Boolean).join(' · ') || undefined, tooltip: `${node.service.id}`, collapsible: 'collapsed', icon: 'cloud', contextValue: 'apimWorkbench.liveService' };
    case 'liveGroup':
      return { id, label: GROUPS[node.group][0], collapsible: 'collapsed', icon: GROUPS[node.group][1], contextValue: `apimWorkbench.liveGroup.${node.group}` };
    case 'liveVersionSet':
      return { id, label: node.apis[0]?.displayName ?? node.versionSetId.split('/').pop() ?? node.versionSetId, description: `${node.apis.length} version${node.apis.length === 1 ? '' : 's'}`, tooltip: `Version set ${node.versionSetId}`, collapsible: 'collapsed', icon: 'versions', contextValue: 'apimWorkbench.liveVersionSet' };
    case 'liveApi':
      return {
        id,
        label: node.api.apiVersion ? `${node.api.displayName} ${node.api.apiVersion}` : node.api.displayName,
        description: `/${node.api.path}${node.api.type && node.api.type !== 'http' ? ` · ${node.api.type}` : ''}`,
        tooltip: [`${node.api.name} (revision ${node.api.revision})`, node.api.serviceUrl ? `backend ${node.api.serviceUrl}` : undefined].filter(Boolean).join('\n'),
        collapsible: 'collapsed',
        icon: 'symbol-interface',
        contextValue: 'apimWorkbench.liveApi',
      };
    case 'liveRevisions':
      return { id, label: 'Revisions', description: `current: ${node.api.revision}`, collapsible: 'collapsed', icon: 'history', contextValue: 'apimWorkbench.liveRevisions' };
    case 'liveOperation':
      return { id, label: node.operation.displayName, description: `${node.operation.method} ${node.operation.urlTemplate}`, collapsible: 'collapsed', icon: 'symbol-method', contextValue: 'apimWorkbench.liveOperation' };
    case 'livePolicy':
      return { id, label: node.label, ...(node.description ? { description: node.description } : {}), tooltip: `Open ${describeScope(node.scope)} from Azure (saving writes it back, guarded by its ETag)`, collapsible: 'none', icon: 'file-code', contextValue: `apimWorkbench.livePolicy.${node.scope.kind}` };
    case 'liveItem':
      return { id, label: node.label, ...(node.description ? { description: node.description } : {}), ...(node.tooltip ? { tooltip: node.tooltip } : {}), collapsible: node.children?.length ? 'collapsed' : 'none', icon: node.icon, contextValue: node.contextValue };
    case 'liveWorkspaceApi':
      return { id, label: node.api.displayName, description: node.api.name !== node.api.displayName ? node.api.name : undefined, collapsible: 'collapsed', icon: 'symbol-interface', contextValue: 'apimWorkbench.liveWorkspaceApi' };
    case 'loadMore':
      return { id, label: 'Load more…', tooltip: 'Load the next page', collapsible: 'none', icon: 'ellipsis', contextValue: 'apimWorkbench.loadMore' };
    case 'liveError':
      return { id, label: node.message, tooltip: `${node.message}\nRetry loads it again; the log has the detail.`, collapsible: 'none', icon: 'error', contextValue: 'apimWorkbench.liveError' };
  }
}
