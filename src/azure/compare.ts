// Compares a local APIOps folder with the live service, policy by policy: the global policy, each
// API (revisions included) and operation policy, product policies, fragments, and the workspaces'
// API, operation and fragment policies, from either side. Texts are compared as written, line endings aside.

import type { ApiopsService } from '../workspace/apiopsModel';
import type { LiveService } from './liveService';
import { describeScope, type PolicyScopeRef } from './scopes';

export interface PolicyComparison {
  readonly scope: PolicyScopeRef;
  readonly label: string;
  readonly state: 'same' | 'changed' | 'onlyLocal' | 'onlyRemote';
  /** The local file, when there is one. */
  readonly localFile?: string;
}

const normalize = (t: string): string => t.replace(/\r\n/g, '\n').replace(/\s+$/, '');
const key = (s: PolicyScopeRef): string => JSON.stringify(s);

export async function comparePolicies(local: ApiopsService, live: LiveService, readFile: (path: string) => Promise<string>, onProgress?: (m: string) => void): Promise<PolicyComparison[]> {
  const localFiles = new Map<string, { scope: PolicyScopeRef; file: string }>();
  const addLocal = (scope: PolicyScopeRef, file: string | undefined): void => {
    if (file) localFiles.set(key(scope), { scope, file });
  };
  addLocal({ kind: 'global' }, local.globalPolicy?.path);
  for (const api of local.apis) {
    addLocal({ kind: 'api', apiId: api.name }, api.policy?.path);
    for (const op of api.operations) addLocal({ kind: 'operation', apiId: api.name, operationId: op.name }, op.policy?.path);
  }
  for (const p of local.products) addLocal({ kind: 'product', productId: p.name }, p.policy?.path);
  for (const f of local.fragments) addLocal({ kind: 'fragment', fragmentId: f.name }, f.policy?.path);
  for (const w of local.workspaces) {
    for (const api of w.apis) {
      addLocal({ kind: 'workspaceApi', workspaceId: w.name, apiId: api.name }, api.policy?.path);
      for (const op of api.operations) addLocal({ kind: 'workspaceOperation', workspaceId: w.name, apiId: api.name, operationId: op.name }, op.policy?.path);
    }
    for (const f of w.fragments) addLocal({ kind: 'workspaceFragment', workspaceId: w.name, fragmentId: f.name }, f.policy?.path);
  }

  // The remote side: every scope that has a policy.
  const remoteScopes: PolicyScopeRef[] = [{ kind: 'global' }];
  onProgress?.('listing the live APIs');
  for (let next: string | undefined, first = true; first || next; first = false) {
    const page = await live.listApis(next);
    next = page.next;
    for (const api of page.items) {
      for (const r of await live.listRevisions(api.name)) {
        const id = r.isCurrent ? api.name : `${api.name};rev=${r.revision}`;
        remoteScopes.push({ kind: 'api', apiId: id });
        for (const op of await live.listOperations(id)) remoteScopes.push({ kind: 'operation', apiId: id, operationId: op.name });
      }
    }
  }
  for (const p of await live.listProducts()) remoteScopes.push({ kind: 'product', productId: p.name });
  for (const f of await live.listFragments()) remoteScopes.push({ kind: 'fragment', fragmentId: f.name });
  for (const w of await live.listWorkspaces()) {
    // Only what has policies: a workspace's backends and named values are not listed.
    for (const api of await live.listWorkspaceApis(w.name)) {
      remoteScopes.push({ kind: 'workspaceApi', workspaceId: w.name, apiId: api.name });
      for (const op of await live.listWorkspaceOperations(w.name, api.name)) remoteScopes.push({ kind: 'workspaceOperation', workspaceId: w.name, apiId: api.name, operationId: op.name });
    }
    for (const f of await live.listWorkspaceFragments(w.name)) remoteScopes.push({ kind: 'workspaceFragment', workspaceId: w.name, fragmentId: f });
  }

  const all = new Map<string, PolicyScopeRef>();
  for (const s of remoteScopes) all.set(key(s), s);
  for (const { scope } of localFiles.values()) all.set(key(scope), scope);
  const out: PolicyComparison[] = [];
  for (const [k, scope] of all) {
    onProgress?.(describeScope(scope));
    const l = localFiles.get(k);
    const remote = (await live.getPolicy(scope)).text;
    const localText = l ? await readFile(l.file) : undefined;
    const state = localText === undefined ? (remote ? 'onlyRemote' : undefined) : !remote ? 'onlyLocal' : normalize(localText) === normalize(remote) ? 'same' : 'changed';
    if (state) out.push({ scope, label: describeScope(scope), state, ...(l ? { localFile: l.file } : {}) });
  }
  return out;
}
