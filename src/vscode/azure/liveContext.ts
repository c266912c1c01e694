// What the language service knows about a live policy (apim:): its scope, and the named values,
// backends and fragments of its service (and workspace), read from Azure and kept for two minutes,
// so completion offers them and diagnostics check references as for a local APIOps folder.

import type * as vscode from 'vscode';
import type { Scope } from '../../policy/catalog';
import { parsePolicyPath } from '../../azure/policyUri';
import type { AzureAccount } from './azureAccount';

export interface LiveResources {
  readonly scope: Scope;
  readonly namedValues: readonly { readonly name: string; readonly secret: boolean; readonly value?: string }[];
  readonly backends: readonly string[];
  readonly fragments: readonly string[];
}

const TTL_MS = 2 * 60_000;

export class LiveContext {
  private readonly cache = new Map<string, { at: number; value: Promise<Omit<LiveResources, 'scope'>> }>();

  constructor(private readonly azure: AzureAccount) {}

  async resources(uri: vscode.Uri): Promise<LiveResources | undefined> {
    const target = uri.scheme === 'apim' ? parsePolicyPath(uri.path) : undefined;
    if (!target) return undefined;
    const { service, scope } = target;
    const workspace = 'workspaceId' in scope ? scope.workspaceId : undefined;
    const key = `${service.id.toLowerCase()}|${workspace ?? ''}`;
    let hit = this.cache.get(key);
    if (!hit || Date.now() - hit.at > TTL_MS) {
      const live = this.azure.service(service);
      const value = (async () => {
        const [namedValues, backends, fragments] = await Promise.all([live.listNamedValues(), live.listBackends(), live.listFragments()]);
        const ws = workspace ? await live.workspaceContents(workspace) : undefined;
        return {
          namedValues: [...namedValues.map((n) => ({ name: n.displayName, secret: n.secret, ...(n.value !== undefined ? { value: n.value } : {}) })), ...(ws?.namedValues.map((n) => ({ name: n.name, secret: n.secret })) ?? [])],
          backends: [...backends.map((b) => b.name), ...(ws?.backends ?? [])],
          fragments: [...fragments.map((f) => f.name), ...(ws?.fragments ?? [])],
        };
      })();
      hit = { at: Date.now(), value };
      this.cache.set(key, hit);
      value.catch(() => this.cache.delete(key));
    }
    const kind = scope.kind;
    const policyScope: Scope = kind === 'workspaceApi' ? 'api' : kind === 'workspaceOperation' ? 'operation' : kind === 'workspaceFragment' ? 'fragment' : kind;
    try {
      return { scope: policyScope, ...(await hit.value) };
    } catch {
      // Not signed in, or Azure failed: the editor works without the references check.
      return undefined;
    }
  }
}
