// The explorer tree as plain data: which nodes exist under which, and how each one is presented
// (label, description, icon, what a click opens). The VS Code adapter maps NodePresentation to a
// TreeItem one-to-one, so everything here is tested on plain Node.

import * as path from 'node:path';
import {
  currentApis,
  revisionsOf,
  type ApiModel,
  type ApiopsService,
  type BackendModel,
  type FragmentModel,
  type LoadProblem,
  type NamedValueModel,
  type OperationModel,
  type PolicyFile,
  type ProductModel,
  type ResourceCollections,
  type WorkspaceModel,
} from '../workspace/apiopsModel';

export type GroupKind = 'apis' | 'backends' | 'products' | 'namedValues' | 'fragments' | 'workspaces' | 'problems';

/** Where a group's resources come from: the service itself or one of its workspaces. */
export interface Owner {
  readonly service: ApiopsService;
  readonly collections: ResourceCollections;
  /** Path segment that keeps node ids unique across workspaces. */
  readonly idPrefix: string;
}

export type ExplorerNode =
  | { readonly kind: 'service'; readonly service: ApiopsService }
  | { readonly kind: 'serviceError'; readonly root: string; readonly message: string }
  | { readonly kind: 'group'; readonly group: GroupKind; readonly owner: Owner }
  | { readonly kind: 'workspace'; readonly workspace: WorkspaceModel; readonly owner: Owner }
  | { readonly kind: 'api'; readonly api: ApiModel; readonly owner: Owner }
  | { readonly kind: 'revisions'; readonly api: ApiModel; readonly owner: Owner }
  | { readonly kind: 'operation'; readonly api: ApiModel; readonly operation: OperationModel }
  | { readonly kind: 'policy'; readonly policy: PolicyFile; readonly label: string }
  | { readonly kind: 'backend'; readonly backend: BackendModel; readonly owner: Owner }
  | { readonly kind: 'detail'; readonly id: string; readonly label: string; readonly description?: string; readonly icon: string; readonly tooltip?: string }
  | { readonly kind: 'product'; readonly product: ProductModel; readonly owner: Owner }
  | { readonly kind: 'namedValue'; readonly namedValue: NamedValueModel; readonly owner: Owner }
  | { readonly kind: 'fragment'; readonly fragment: FragmentModel; readonly owner: Owner }
  | { readonly kind: 'problem'; readonly problem: LoadProblem; readonly root: string };

export interface NodePresentation {
  /** Stable and unique in the tree. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  /** A codicon id. */
  readonly icon: string;
  /** `apimWorkbench.<kind>`, for menus. */
  readonly contextValue: string;
  /** A policy file that a click opens in the editor. */
  readonly openPolicy?: string;
  /** Set when openPolicy is a JSON file whose `properties.value` is the policy (embeddedPolicy.ts). */
  readonly openEmbedded?: true;
}

export const GROUP_LABELS: Record<GroupKind, [label: string, icon: string]> = {
  apis: ['APIs', 'symbol-interface'],
  backends: ['Backends', 'server-environment'],
  products: ['Products', 'package'],
  namedValues: ['Named values', 'symbol-constant'],
  fragments: ['Policy fragments', 'symbol-snippet'],
  workspaces: ['Workspaces', 'folder-library'],
  problems: ['Problems', 'warning'],
};

function serviceOwner(service: ApiopsService): Owner {
  return { service, collections: service, idPrefix: service.root };
}

/**
 * The same node over the complete model, for a node listed from a first look at a folder (read
 * without operations, LoadOptions.operations): an API and its revisions are the only nodes whose
 * children differ. A node whose service is already complete, or that the complete model no longer
 * has, comes back as it is.
 */
export function withCompleteModel(node: ExplorerNode, services: readonly ApiopsService[]): ExplorerNode {
  if (node.kind !== 'api' && node.kind !== 'revisions') return node;
  const shallow = node.owner.service;
  if (shallow.operationsLoaded !== false) return node;
  const service = services.find((s) => s.root === shallow.root && s.operationsLoaded !== false);
  if (!service) return node;
  const collections: ResourceCollections | undefined =
    node.owner.collections === shallow ? service : service.workspaces.find((w) => w.folder === (node.owner.collections as WorkspaceModel).folder);
  const api = collections?.apis.find((a) => a.folder === node.api.folder);
  if (!collections || !api) return node;
  return { ...node, api, owner: { ...node.owner, service, collections } };
}

export function childrenOf(node: ExplorerNode): ExplorerNode[] {
  switch (node.kind) {
    case 'service': {
      const owner = serviceOwner(node.service);
      const out: ExplorerNode[] = [];
      if (node.service.globalPolicy) out.push({ kind: 'policy', policy: node.service.globalPolicy, label: 'Global policy' });
      out.push(...collectionGroups(owner));
      if (node.service.workspaces.length > 0) out.push({ kind: 'group', group: 'workspaces', owner });
      if (node.service.problems.length > 0) out.push({ kind: 'group', group: 'problems', owner });
      return out;
    }
    case 'group':
      return groupChildren(node.group, node.owner);
    case 'workspace':
      return collectionGroups({ service: node.owner.service, collections: node.workspace, idPrefix: node.workspace.folder });
    case 'api': {
      const out: ExplorerNode[] = [];
      if (node.api.policy) out.push({ kind: 'policy', policy: node.api.policy, label: 'API policy' });
      if (node.api.isCurrent && revisionsOf(node.owner.collections.apis, node.api.apiId).length > 0) {
        out.push({ kind: 'revisions', api: node.api, owner: node.owner });
      }
      for (const operation of node.api.operations) out.push({ kind: 'operation', api: node.api, operation });
      for (const r of node.api.resolvers ?? []) if (r.policy) out.push({ kind: 'policy', policy: r.policy, label: `Resolver ${r.path ?? r.displayName}` });
      return out;
    }
    case 'revisions':
      return revisionsOf(node.owner.collections.apis, node.api.apiId).map((api) => ({ kind: 'api', api, owner: node.owner }));
    case 'backend': {
      const b = node.backend;
      const out: ExplorerNode[] = [];
      for (const m of b.pool) {
        out.push({
          kind: 'detail',
          id: `${b.name}/pool/${m.id}`,
          label: m.name,
          description: [m.priority !== undefined ? `priority ${m.priority}` : '', m.weight !== undefined ? `weight ${m.weight}` : ''].filter(Boolean).join(', ') || undefined,
          icon: 'server',
          tooltip: `Pool member ${m.id}`,
        });
      }
      for (const r of b.circuitBreakerRules) {
        const codes = r.statusCodeRanges.map((x) => (x.min === x.max ? `${x.min}` : `${x.min}-${x.max}`)).join(', ');
        const threshold = r.failureCount !== undefined ? `${r.failureCount} failures` : r.failurePercentage !== undefined ? `${r.failurePercentage}% failures` : 'failures';
        out.push({
          kind: 'detail',
          id: `${b.name}/circuit-breaker/${r.name}`,
          label: `Circuit breaker: ${r.name}`,
          description: `${threshold}${r.interval ? ` in ${r.interval}` : ''}${codes ? ` on ${codes}` : ''}, trips ${r.tripDuration ?? '?'}`,
          icon: 'debug-disconnect',
          tooltip: r.acceptRetryAfter ? 'Honours Retry-After from the backend' : undefined,
        });
      }
      for (const h of b.credentialHeaderNames) {
        out.push({ kind: 'detail', id: `${b.name}/header/${h}`, label: `Header ${h}`, description: 'credential (value hidden)', icon: 'key' });
      }
      for (const q of b.credentialQueryNames) {
        out.push({ kind: 'detail', id: `${b.name}/query/${q}`, label: `Query ${q}`, description: 'credential (value hidden)', icon: 'key' });
      }
      if (b.managedIdentityResource) {
        out.push({ kind: 'detail', id: `${b.name}/mi`, label: 'Managed identity', description: b.managedIdentityResource, icon: 'shield' });
      }
      return out;
    }
    case 'product': {
      const out: ExplorerNode[] = [];
      if (node.product.policy) out.push({ kind: 'policy', policy: node.product.policy, label: 'Product policy' });
      const apis = node.owner.collections.apis;
      for (const name of node.product.apis) {
        const api = apis.find((a) => a.name === name);
        out.push({ kind: 'detail', id: `${node.product.name}/api/${name}`, label: api?.displayName ?? name, description: api ? `/${api.path}` : 'API not in this folder', icon: 'symbol-interface' });
      }
      return out;
    }
    case 'fragment':
      return [];
    case 'serviceError':
    case 'operation':
    case 'policy':
    case 'detail':
    case 'namedValue':
    case 'problem':
      return [];
    default:
      return assertNever(node);
  }
}

function collectionGroups(owner: Owner): ExplorerNode[] {
  const groups: GroupKind[] = ['apis', 'backends', 'products', 'namedValues', 'fragments'];
  return groups.map((group) => ({ kind: 'group', group, owner }));
}

function groupChildren(group: GroupKind, owner: Owner): ExplorerNode[] {
  const c = owner.collections;
  switch (group) {
    case 'apis':
      return currentApis(c.apis).map((api) => ({ kind: 'api', api, owner }));
    case 'backends':
      return c.backends.map((backend) => ({ kind: 'backend', backend, owner }));
    case 'products':
      return c.products.map((product) => ({ kind: 'product', product, owner }));
    case 'namedValues':
      return c.namedValues.map((namedValue) => ({ kind: 'namedValue', namedValue, owner }));
    case 'fragments':
      return c.fragments.map((fragment) => ({ kind: 'fragment', fragment, owner }));
    case 'workspaces':
      return owner.service.workspaces.map((workspace) => ({ kind: 'workspace', workspace, owner }));
    case 'problems':
      return owner.service.problems.map((problem) => ({ kind: 'problem', problem, root: owner.service.root }));
    default:
      return assertNever(group);
  }
}

export function present(node: ExplorerNode): NodePresentation {
  switch (node.kind) {
    case 'service':
      return {
        id: `service:${node.service.root}`,
        label: node.service.name,
        description: node.service.layout === 'cli' ? 'APIOps folder · apiops-cli layout' : 'APIOps folder · v7 layout',
        tooltip: `${node.service.root}\n${node.service.layout === 'cli' ? 'Azure/apiops-cli layout (namedValues/, policyFragments/, …)' : 'Azure/apiops v7 layout (named values/, policy fragments/, …)'}\n${currentApis(node.service.apis).length} APIs, ${node.service.backends.length} backends, ${node.service.products.length} products`,
        collapsible: 'expanded',
        icon: 'cloud',
        contextValue: 'apimWorkbench.service',
      };
    case 'serviceError':
      return { id: `serviceError:${node.root}`, label: path.basename(node.root), description: node.message, tooltip: node.message, collapsible: 'none', icon: 'error', contextValue: 'apimWorkbench.error' };
    case 'group': {
      const [label, icon] = GROUP_LABELS[node.group];
      return { id: `group:${node.owner.idPrefix}:${node.group}`, label, description: groupCount(node.group, node.owner), collapsible: 'collapsed', icon, contextValue: `apimWorkbench.group.${node.group}` };
    }
    case 'workspace':
      return { id: `workspace:${node.workspace.folder}`, label: node.workspace.name, collapsible: 'collapsed', icon: 'folder', contextValue: 'apimWorkbench.workspace' };
    case 'api': {
      const a = node.api;
      const description = a.isCurrent
        ? [`/${a.path}`, a.apiVersion ? `version ${a.apiVersion}` : '', `rev ${a.revision}`].filter(Boolean).join(' · ')
        : `rev ${a.revision}${a.revisionDescription ? ` · ${a.revisionDescription}` : ''}`;
      return {
        id: `api:${a.folder}`,
        label: a.isCurrent ? a.displayName : `Revision ${a.revision}`,
        description,
        tooltip: [a.displayName, a.description, a.serviceUrl ? `Service URL: ${a.serviceUrl}` : '', a.isCurrent ? 'Current revision' : 'Not the current revision'].filter(Boolean).join('\n'),
        collapsible: 'collapsed',
        icon: a.isCurrent ? 'symbol-interface' : 'history',
        contextValue: a.isCurrent ? 'apimWorkbench.api' : 'apimWorkbench.apiRevision',
      };
    }
    case 'revisions':
      return { id: `revisions:${node.api.folder}`, label: 'Revisions', description: `current: rev ${node.api.revision}`, collapsible: 'collapsed', icon: 'versions', contextValue: 'apimWorkbench.revisions' };
    case 'operation': {
      const o = node.operation;
      return {
        id: `operation:${node.api.folder}:${o.name}`,
        label: o.displayName,
        description: [o.method, o.urlTemplate].filter(Boolean).join(' ') + (o.policy ? '' : ' · no policy'),
        tooltip: `${o.name}${o.policy ? `\n${o.policy.path}` : '\nInherits the API policy'}`,
        collapsible: 'none',
        icon: o.policy ? 'symbol-method' : 'symbol-method',
        contextValue: o.policy ? 'apimWorkbench.operation.withPolicy' : 'apimWorkbench.operation',
        openPolicy: o.policy?.path,
      };
    }
    case 'policy':
      return {
        id: `policy:${node.policy.path}`,
        label: node.label,
        description: `${node.policy.scope} scope`,
        tooltip: node.policy.path,
        collapsible: 'none',
        icon: 'file-code',
        contextValue: 'apimWorkbench.policy',
        openPolicy: node.policy.path,
      };
    case 'backend': {
      const b = node.backend;
      return {
        id: `backend:${node.owner.idPrefix}:${b.name}`,
        label: b.name,
        description: b.kind === 'pool' ? `pool of ${b.pool.length}` : b.url,
        tooltip: [b.title, b.description, b.url].filter(Boolean).join('\n') || undefined,
        collapsible: childrenOf(node).length > 0 ? 'collapsed' : 'none',
        icon: b.kind === 'pool' ? 'layers' : 'server',
        contextValue: b.kind === 'pool' ? 'apimWorkbench.backendPool' : 'apimWorkbench.backend',
      };
    }
    case 'detail':
      return { id: `detail:${node.id}`, label: node.label, description: node.description, tooltip: node.tooltip, collapsible: 'none', icon: node.icon, contextValue: 'apimWorkbench.detail' };
    case 'product':
      return {
        id: `product:${node.owner.idPrefix}:${node.product.name}`,
        label: node.product.displayName,
        description: `${node.product.apis.length} APIs${node.product.state ? ` · ${node.product.state}` : ''}`,
        tooltip: node.product.description,
        collapsible: 'collapsed',
        icon: 'package',
        contextValue: 'apimWorkbench.product',
      };
    case 'namedValue':
      return presentNamedValue(node.namedValue, node.owner);
    case 'fragment':
      return {
        id: `fragment:${node.owner.idPrefix}:${node.fragment.name}`,
        label: node.fragment.name,
        description: node.fragment.description,
        tooltip: node.fragment.policy?.embedded ? `${node.fragment.policy.path}\nThe apiops-cli layout keeps a fragment's policy in properties.value of this file: it opens as a policy, and saving puts it back there.` : node.fragment.policy?.path,
        collapsible: 'none',
        icon: 'symbol-snippet',
        contextValue: 'apimWorkbench.fragment',
        ...(node.fragment.policy ? { openPolicy: node.fragment.policy.path, ...(node.fragment.policy.embedded ? { openEmbedded: true } : {}) } : {}),
      };
    case 'problem':
      return { id: `problem:${node.problem.path}:${node.problem.message}`, label: path.relative(node.root, node.problem.path) || node.problem.path, description: node.problem.message, tooltip: `${node.problem.path}\n${node.problem.message}`, collapsible: 'none', icon: 'warning', contextValue: 'apimWorkbench.problem' };
    default:
      return assertNever(node);
  }
}

/** Secret values never appear: not in the label, the description or the tooltip. */
function presentNamedValue(nv: NamedValueModel, owner: Owner): NodePresentation {
  let description: string;
  let tooltip: string;
  if (nv.keyVaultSecretIdentifier) {
    description = 'Key Vault reference';
    tooltip = `Key Vault secret: ${nv.keyVaultSecretIdentifier}`;
  } else if (nv.secret) {
    description = 'secret';
    tooltip = 'Secret: the value is not shown.';
  } else {
    description = nv.value ?? '';
    tooltip = nv.value ?? '';
  }
  if (nv.secret || nv.keyVaultSecretIdentifier) {
    tooltip += nv.hasLocalValue ? '\nA local value is set in named-values.local.json.' : '\nNo local value: set one in named-values.local.json to simulate.';
  }
  return {
    id: `namedValue:${owner.idPrefix}:${nv.name}`,
    label: nv.displayName,
    description,
    tooltip,
    collapsible: 'none',
    icon: nv.secret || nv.keyVaultSecretIdentifier ? 'lock' : 'symbol-constant',
    contextValue: nv.secret ? 'apimWorkbench.namedValue.secret' : 'apimWorkbench.namedValue',
  };
}

function groupCount(group: GroupKind, owner: Owner): string {
  const c = owner.collections;
  switch (group) {
    case 'apis':
      return String(currentApis(c.apis).length);
    case 'backends':
      return String(c.backends.length);
    case 'products':
      return String(c.products.length);
    case 'namedValues':
      return String(c.namedValues.length);
    case 'fragments':
      return String(c.fragments.length);
    case 'workspaces':
      return String(owner.service.workspaces.length);
    case 'problems':
      return String(owner.service.problems.length);
    default:
      return assertNever(group);
  }
}

function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
