// The signed-in Azure account, through VS Code's built-in Microsoft authentication provider (or
// `microsoft-sovereign-cloud` when that extension's environment setting picks a sovereign cloud).
// APIM Workbench stores no credentials: each token request asks VS Code for the session, which
// VS Code caches and refreshes (arm-sdk.md §5).
//
// Tests point the extension at the local ARM emulator with APIM_WORKBENCH_ARM_REDIRECT (an
// http://127.0.0.1:PORT origin). That switch is for tests only: it replaces the credential with a
// fixed test token and sends every ARM call to that origin.

import * as path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { ApiManagementClient } from '@azure/arm-apimanagement';
import * as vscode from 'vscode';
import { azureRequestTimeoutSeconds } from '../config';
import { azureError } from '../../azure/azureErrors';
import { TEST_CREDENTIAL, testRedirect } from '../../azure/testRedirect';
import type { LiveService } from '../../azure/liveService';
import type { ServiceRef } from '../../azure/scopes';
import type { LiveAccount, SubscriptionRef } from '../../explorer/liveTree';

type Runtime = typeof import('./azureRuntime');
let runtime: Runtime | undefined;

/** The SDK part, loaded on first use from dist/azureRuntime.js beside the extension bundle. */
function sdk(): Runtime {
  // A computed path: esbuild leaves this require alone, so the SDK stays out of dist/extension.js.
  runtime ??= require(path.join(__dirname, 'azureRuntime.js')) as Runtime;
  return runtime;
}

const ARM_SCOPE = 'https://management.azure.com/.default';

function providerId(): string {
  const env = vscode.workspace.getConfiguration('microsoft-sovereign-cloud').get<string>('environment');
  return env ? 'microsoft-sovereign-cloud' : 'microsoft';
}

/** A credential that asks VS Code for the session on each token request (no token kept by us). */
function vscodeCredential(tenantId: string | undefined): TokenCredential {
  return {
    async getToken(scopes) {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      const session = await vscode.authentication.getSession(providerId(), tenantId ? [...list, `VSCODE_TENANT:${tenantId}`] : list, { silent: true });
      if (!session) throw new Error('Not signed in to Azure: run "APIM Workbench: Sign In to Azure".');
      // VS Code refreshes the session; a short nominal expiry makes the pipeline ask again soon.
      return { token: session.accessToken, expiresOnTimestamp: Date.now() + 5 * 60_000 };
    },
  };
}

const NO_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

export class AzureAccount implements LiveAccount, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the user signs in or out. */
  readonly onDidChange = this.changed.event;
  /** Signed out here: VS Code's session is not used until the user signs in again. */
  private signedOut = false;
  private readonly clients = new Map<string, ApiManagementClient>();
  private readonly tenants = new Map<string, string | undefined>();
  private readonly listener: vscode.Disposable;

  constructor(private readonly state?: vscode.Memento) {
    this.listener = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === providerId()) {
        this.clients.clear();
        this.changed.fire();
      }
    });
  }

  /** Whether a session exists (asked silently; never prompts). */
  async isSignedIn(): Promise<boolean> {
    if (testRedirect()) return !this.signedOut;
    if (this.signedOut) return false;
    return (await vscode.authentication.getSession(providerId(), [ARM_SCOPE], { silent: true })) !== undefined;
  }

  async signIn(): Promise<void> {
    this.signedOut = false;
    if (!testRedirect()) await vscode.authentication.getSession(providerId(), [ARM_SCOPE], { createIfNone: true });
    this.clients.clear();
    this.changed.fire();
  }

  /**
   * Stops using the account here. VS Code keeps its own session (it is shared with other
   * extensions); the Accounts menu removes it.
   */
  signOut(): void {
    this.signedOut = true;
    this.clients.clear();
    this.changed.fire();
  }

  private credential(tenantId: string | undefined): TokenCredential {
    return testRedirect() ? TEST_CREDENTIAL : vscodeCredential(tenantId ?? this.tenant());
  }

  /** The tenant picked with "Select Tenant…" (none: the account's home tenant). */
  tenant(): string | undefined {
    return this.state?.get<string>('apimWorkbench.azure.tenant') || undefined;
  }

  /** The subscriptions picked with "Select Subscriptions…" (none picked: all are shown). */
  selectedSubscriptions(): readonly string[] {
    return this.state?.get<string[]>('apimWorkbench.azure.subscriptions') ?? [];
  }

  async setTenant(tenantId: string | undefined): Promise<void> {
    await this.state?.update('apimWorkbench.azure.tenant', tenantId);
    await this.state?.update('apimWorkbench.azure.subscriptions', undefined);
    this.clients.clear();
    this.changed.fire();
  }

  async setSelectedSubscriptions(ids: readonly string[]): Promise<void> {
    await this.state?.update('apimWorkbench.azure.subscriptions', ids.length ? [...ids] : undefined);
    this.changed.fire();
  }

  /** The tenants the account can sign in to. */
  async listTenants(): Promise<{ id: string; name: string }[]> {
    const body = await this.armGet<{ tenantId?: string; displayName?: string; defaultDomain?: string }>('https://management.azure.com/tenants?api-version=2022-12-01', 'listing your Azure tenants');
    return body.filter((t) => t.tenantId).map((t) => ({ id: t.tenantId!, name: t.displayName ?? t.defaultDomain ?? t.tenantId! }));
  }

  /** A paged ARM list read through the SDK pipeline (credential, retries), all pages. */
  private async armGet<T>(first: string, doing: string): Promise<T[]> {
    const { createPipelineRequest } = sdk();
    // Tenant-level lists need no subscription: the cached client of a placeholder one serves them.
    const client = this.client(NO_SUBSCRIPTION);
    const out: T[] = [];
    let url: string | undefined = first;
    try {
      while (url) {
        const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
        if (response.status >= 400) throw Object.assign(new Error(`HTTP ${response.status}`), { statusCode: response.status, response, request: { method: 'GET', url } });
        const body = JSON.parse(response.bodyAsText ?? '{}') as { value?: T[]; nextLink?: string };
        out.push(...(body.value ?? []));
        url = body.nextLink;
      }
    } catch (e) {
      throw azureError(e, doing);
    }
    return out;
  }

  /** The SDK part (extraction, comparison), loaded on first use. */
  runtime(): Runtime {
    return sdk();
  }

  client(subscriptionId: string): ApiManagementClient {
    const redirect = testRedirect();
    // Keyed by the test redirect too: a client made for one emulator must not serve the next.
    const key = `${subscriptionId}|${redirect ?? ''}`;
    let c = this.clients.get(key);
    if (!c) {
      c = sdk().createApimClient(this.credential(this.tenants.get(subscriptionId)), subscriptionId, { ...(redirect ? { redirectTo: redirect, retryDelayMs: 10 } : {}), timeoutMs: azureRequestTimeoutSeconds() * 1000 });
      this.clients.set(key, c);
    }
    return c;
  }

  /** The enabled subscriptions (of the selected tenant), those picked with Select Subscriptions only when some are. */
  async listSubscriptions(options: { all?: boolean } = {}): Promise<SubscriptionRef[]> {
    if (this.signedOut) return [];
    const body = await this.armGet<{ subscriptionId?: string; displayName?: string; tenantId?: string; state?: string }>('https://management.azure.com/subscriptions?api-version=2022-12-01', 'listing your Azure subscriptions');
    const out: SubscriptionRef[] = [];
    for (const s of body) {
      if (!s.subscriptionId || (s.state && s.state !== 'Enabled')) continue;
      out.push({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId, ...(s.tenantId ? { tenantId: s.tenantId } : {}) });
      this.tenants.set(s.subscriptionId, s.tenantId);
    }
    const picked = new Set(this.selectedSubscriptions());
    return out.filter((s) => options.all || picked.size === 0 || picked.has(s.id)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Tokens for the MCP server VS Code starts (its token broker): the account's, asked of VS Code
   * on each request, for the subscription's tenant (or the one picked here); refused when signed out.
   */
  async token(scopes: readonly string[], subscriptionId?: string): Promise<{ token: string; expiresOnTimestamp: number }> {
    if (!(await this.isSignedIn())) throw new Error('Not signed in to Azure in VS Code: run "APIM Workbench: Sign In to Azure".');
    // The tenant of the subscription, as listSubscriptions learnt it; else the tenant picked here.
    const t = await this.credential(subscriptionId ? this.tenants.get(subscriptionId) : undefined).getToken([...scopes]);
    if (!t) throw new Error('VS Code gave no token for Azure.');
    return { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp };
  }

  listServices(subscriptionId: string): Promise<ServiceRef[]> {
    return sdk().LiveService.listServices(this.client(subscriptionId), subscriptionId);
  }

  service(ref: ServiceRef): LiveService {
    return new (sdk().LiveService)(this.client(ref.subscriptionId), ref);
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
