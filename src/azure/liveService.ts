// One API Management service in Azure, as the tree, the editor and the extractor use it: lists
// that page lazily, policies read and written as raw XML with their ETags, secret named values
// revealed only on request. Every failure is an AzureRequestError with one clear line.

import { getContinuationToken, type ApiManagementClient } from '@azure/arm-apimanagement';
import { PROCESS_SECRETS } from '../common/secrets';
import { azureError, ResourceChangedError } from './azureErrors';
import { describeScope, parseServiceId, type PolicyScopeRef, type ServiceRef } from './scopes';

export { describeScope, parseServiceId, type PolicyScopeRef, type ServiceRef };

export interface PolicyText {
  readonly text: string;
  /** The ETag to send back as If-Match; undefined when the policy does not exist yet. */
  readonly etag: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back to get the next page; undefined on the last one. */
  readonly next: string | undefined;
}

export interface ApiSummary {
  readonly name: string;
  readonly displayName: string;
  readonly path: string;
  readonly revision: string;
  readonly isCurrent: boolean;
  readonly apiVersion?: string;
  readonly versionSetId?: string;
  readonly serviceUrl?: string;
  readonly type?: string;
}

export interface NamedValueSummary {
  readonly name: string;
  readonly displayName: string;
  readonly secret: boolean;
  /** Plain values only; a secret's value is fetched with revealNamedValue. */
  readonly value?: string;
  readonly keyVaultSecret?: string;
}

export interface BackendSummary {
  readonly name: string;
  readonly url?: string;
  readonly type?: string;
  readonly poolMembers: readonly { readonly id: string; readonly priority?: number; readonly weight?: number }[];
  readonly circuitBreakerRules: readonly string[];
}

export interface RevisionSummary {
  readonly revision: string;
  readonly isCurrent: boolean;
  readonly description?: string;
  readonly created?: string;
  readonly updated?: string;
}

const POLICY_ID = 'policy';
const RAW = { format: 'rawxml' as const };

/** Every item of an SDK list, mapped; a failure becomes an AzureRequestError naming what was listed. */
async function listAll<T, U>(items: AsyncIterable<T>, map: (x: T) => U, what: string): Promise<U[]> {
  try {
    const out: U[] = [];
    for await (const x of items) out.push(map(x));
    return out;
  } catch (e) {
    throw azureError(e, what);
  }
}

/** A listed resource's name, and its display name (the name when it has none). */
export interface Named {
  readonly name: string;
  readonly displayName: string;
}

function named(r: { name?: string; displayName?: string }): Named {
  return { name: r.name ?? '', displayName: r.displayName ?? r.name ?? '' };
}

export interface OperationSummary extends Named {
  readonly method: string;
  readonly urlTemplate: string;
}

function operationSummary(o: { name?: string; displayName?: string; method?: string; urlTemplate?: string }): OperationSummary {
  return { ...named(o), method: o.method ?? 'GET', urlTemplate: o.urlTemplate ?? '/' };
}

async function firstPage<T, U>(pages: AsyncIterableIterator<T[]>, map: (x: T) => U): Promise<Page<U>> {
  const r = await pages.next();
  if (r.done) return { items: [], next: undefined };
  return { items: (r.value as T[]).map(map), next: getContinuationToken(r.value) };
}

export class LiveService {
  constructor(
    readonly client: ApiManagementClient,
    readonly service: ServiceRef,
  ) {}

  private get rg(): string {
    return this.service.resourceGroup;
  }
  private get name(): string {
    return this.service.name;
  }

  /** The API Management services of the client's subscription. */
  static async listServices(client: ApiManagementClient, subscriptionId: string): Promise<ServiceRef[]> {
    try {
      const out: ServiceRef[] = [];
      for await (const s of client.apiManagementService.list()) {
        const ref = parseServiceId(s.id ?? '');
        if (ref) out.push({ ...ref, subscriptionId, ...(s.location ? { location: s.location } : {}), ...(s.sku?.name ? { sku: s.sku.name } : {}) });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    } catch (e) {
      throw azureError(e, `listing the API Management services of subscription ${subscriptionId}`);
    }
  }

  /** One page of APIs (current revisions); `next` from the previous page continues. */
  async listApis(next?: string, pageSize = 100): Promise<Page<ApiSummary>> {
    try {
      const pages = this.client.api.listByService(this.rg, this.name, { top: pageSize }).byPage(next ? { continuationToken: next } : {});
      return await firstPage(pages, (a) => ({
        name: a.name ?? '',
        displayName: a.displayName ?? a.name ?? '',
        path: a.path ?? '',
        revision: a.apiRevision ?? '1',
        isCurrent: a.isCurrent ?? true,
        ...(a.apiVersion ? { apiVersion: a.apiVersion } : {}),
        ...(a.apiVersionSetId ? { versionSetId: a.apiVersionSetId } : {}),
        ...(a.serviceUrl ? { serviceUrl: a.serviceUrl } : {}),
        ...(a.apiType ? { type: a.apiType } : {}),
      }));
    } catch (e) {
      throw azureError(e, `listing the APIs of ${this.name}`);
    }
  }

  async listOperations(apiId: string): Promise<OperationSummary[]> {
    return listAll(this.client.apiOperation.listByApi(this.rg, this.name, apiId), operationSummary, `listing the operations of API ${apiId}`);
  }

  async listRevisions(apiId: string): Promise<RevisionSummary[]> {
    const out = await listAll(
      this.client.apiRevision.listByService(this.rg, this.name, apiId),
      (r): RevisionSummary => ({ revision: r.apiRevision ?? '1', isCurrent: r.isCurrent ?? false, ...(r.description ? { description: r.description } : {}), ...(r.createdDateTime ? { created: r.createdDateTime.toISOString() } : {}), ...(r.updatedDateTime ? { updated: r.updatedDateTime.toISOString() } : {}) }),
      `listing the revisions of API ${apiId}`,
    );
    return out.sort((a, b) => Number(b.revision) - Number(a.revision));
  }

  async listBackends(): Promise<BackendSummary[]> {
    return listAll(
      this.client.backend.listByService(this.rg, this.name),
      (b): BackendSummary => {
        const pool = (b as { pool?: { services?: { id?: string; priority?: number; weight?: number }[] } }).pool;
        const breaker = (b as { circuitBreaker?: { rules?: { name?: string }[] } }).circuitBreaker;
        return {
          name: b.name ?? '',
          ...(b.url ? { url: b.url } : {}),
          ...((b as { typePropertiesType?: string }).typePropertiesType ? { type: (b as { typePropertiesType?: string }).typePropertiesType } : {}),
          poolMembers: (pool?.services ?? []).map((s) => ({ id: s.id ?? '', ...(s.priority !== undefined ? { priority: s.priority } : {}), ...(s.weight !== undefined ? { weight: s.weight } : {}) })),
          circuitBreakerRules: (breaker?.rules ?? []).map((r) => r.name ?? 'rule'),
        };
      },
      `listing the backends of ${this.name}`,
    );
  }

  async listNamedValues(): Promise<NamedValueSummary[]> {
    return listAll(
      this.client.namedValue.listByService(this.rg, this.name),
      (n): NamedValueSummary => ({
        name: n.name ?? '',
        displayName: n.displayName ?? n.name ?? '',
        secret: n.secret === true,
        // A secret's value is never in a list; drop it anyway, whatever the server sent.
        ...(n.secret !== true && n.value !== undefined ? { value: n.value } : {}),
        ...(n.keyVault?.secretIdentifier ? { keyVaultSecret: n.keyVault.secretIdentifier } : {}),
      }),
      `listing the named values of ${this.name}`,
    );
  }

  /** A secret named value's value, for a transient view only: never logged or stored by callers. */
  async revealNamedValue(name: string): Promise<string> {
    try {
      const value = (await this.client.namedValue.listValue(this.rg, this.name, name)).value ?? '';
      // Shown once, in the dialog that asked for it; masked in every log and output from now on.
      PROCESS_SECRETS.add(value);
      return value;
    } catch (e) {
      throw azureError(e, `reading the value of named value ${name}`);
    }
  }

  /** A named value's ETag right now: what an edit must start from; undefined when it does not exist. */
  async namedValueEtag(name: string): Promise<string | undefined> {
    try {
      return (await this.client.namedValue.getEntityTag(this.rg, this.name, name)).eTag;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw azureError(e, `reading named value ${name}`);
    }
  }

  /**
   * Creates or updates a named value: a plain or secret value, or a Key Vault reference (the
   * secret's identifier, and the client id of a user-assigned identity that can read it).
   * `expected` says what the user saw: `{ etag }` of the value they edit (sent as If-Match, so a
   * change made since is a ResourceChangedError, never overwritten), or `'absent'` for Add (a name
   * that exists by now, created meanwhile or a typo of another, is a conflict; checked right before
   * the write, as ARM has no create-only precondition).
   */
  async saveNamedValue(
    name: string,
    value: { readonly displayName: string; readonly secret: boolean; readonly value?: string; readonly keyVault?: { readonly secretIdentifier: string; readonly identityClientId?: string }; readonly tags?: readonly string[] },
    expected: { readonly etag: string } | 'absent',
  ): Promise<void> {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`A named value's name may contain only letters, digits, periods, dashes and underscores: '${name}'.`);
    if (!value.keyVault && !value.value?.trim()) throw new Error('A named value needs a value (not empty or only spaces), or a Key Vault reference.');
    if (value.secret && value.value) PROCESS_SECRETS.add(value.value);
    if (expected === 'absent' && (await this.namedValueEtag(name)) !== undefined) {
      throw new ResourceChangedError(`Azure API Management: adding named value ${name} failed: a named value with that name exists (created meanwhile, or another one of that name): edit it instead.`, 409, 'Conflict', `adding named value ${name}: it exists`);
    }
    try {
      await this.client.namedValue.beginCreateOrUpdateAndWait(
        this.rg,
        this.name,
        name,
        {
          displayName: value.displayName,
          secret: value.keyVault ? true : value.secret,
          ...(value.keyVault ? { keyVault: { secretIdentifier: value.keyVault.secretIdentifier, ...(value.keyVault.identityClientId ? { identityClientId: value.keyVault.identityClientId } : {}) } } : { value: value.value }),
          ...(value.tags ? { tags: [...value.tags] } : {}),
        },
        expected === 'absent' ? {} : { ifMatch: expected.etag },
      );
    } catch (e) {
      throw azureError(e, `saving named value ${name}`);
    }
  }

  async listProducts(): Promise<Named[]> {
    return listAll(this.client.product.listByService(this.rg, this.name), named, `listing the products of ${this.name}`);
  }

  /** The APIs a product includes. */
  async listProductApis(productId: string): Promise<{ name: string; displayName: string; path: string }[]> {
    return listAll(this.client.productApi.listByProduct(this.rg, this.name, productId), (a) => ({ ...named(a), path: a.path ?? '' }), `listing the APIs of product ${productId}`);
  }

  async listFragments(): Promise<{ name: string; description?: string }[]> {
    return listAll(this.client.policyFragment.listByService(this.rg, this.name), (f) => ({ name: f.name ?? '', ...(f.description ? { description: f.description } : {}) }), `listing the policy fragments of ${this.name}`);
  }

  async listWorkspaces(): Promise<Named[]> {
    return listAll(this.client.workspace.listByService(this.rg, this.name), named, `listing the workspaces of ${this.name}`);
  }

  /** What a workspace holds: its APIs, backends, named values (no secret values) and policy fragments. */
  async workspaceContents(workspace: string): Promise<{ apis: Named[]; backends: string[]; namedValues: { name: string; secret: boolean }[]; fragments: string[] }> {
    const what = `listing the contents of workspace ${workspace}`;
    const apis = await this.listWorkspaceApis(workspace, what);
    const backends = await listAll(this.client.workspaceBackend.listByWorkspace(this.rg, this.name, workspace), (b) => b.name ?? '', what);
    const namedValues = await listAll(this.client.workspaceNamedValue.listByService(this.rg, this.name, workspace), (n) => ({ name: n.displayName ?? n.name ?? '', secret: n.secret === true }), what);
    const fragments = await this.listWorkspaceFragments(workspace, what);
    return { apis, backends, namedValues, fragments };
  }

  /** A workspace's APIs (what has policies there, with its fragments). */
  async listWorkspaceApis(workspace: string, what = `listing the APIs of workspace ${workspace}`): Promise<Named[]> {
    return listAll(this.client.workspaceApi.listByService(this.rg, this.name, workspace), named, what);
  }

  async listWorkspaceFragments(workspace: string, what = `listing the policy fragments of workspace ${workspace}`): Promise<string[]> {
    return listAll(this.client.workspacePolicyFragment.listByService(this.rg, this.name, workspace), (f) => f.name ?? '', what);
  }

  async listWorkspaceOperations(workspace: string, apiId: string): Promise<OperationSummary[]> {
    return listAll(this.client.workspaceApiOperation.listByApi(this.rg, this.name, workspace, apiId), operationSummary, `listing the operations of API ${apiId} in workspace ${workspace}`);
  }

  /** A policy as raw XML with its ETag; an empty text and no ETag when the scope has none. */
  async getPolicy(scope: PolicyScopeRef): Promise<PolicyText> {
    const what = describeScope(scope);
    try {
      switch (scope.kind) {
        case 'global': {
          const r = await this.client.policy.get(this.rg, this.name, POLICY_ID, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
        case 'product': {
          const r = await this.client.productPolicy.get(this.rg, this.name, scope.productId, POLICY_ID, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
        case 'api': {
          // The SDK's API policy getter drops the text (Azure/azure-sdk-for-js#31566): read it from the raw body.
          let raw: string | undefined;
          const r = await this.client.apiPolicy.get(this.rg, this.name, scope.apiId, POLICY_ID, { ...RAW, onResponse: (response) => (raw = response.bodyAsText ?? undefined) });
          const text = r.value ?? (raw ? ((JSON.parse(raw) as { properties?: { value?: string } }).properties?.value ?? '') : '');
          return { text, etag: r.eTag };
        }
        case 'operation': {
          const r = await this.client.apiOperationPolicy.get(this.rg, this.name, scope.apiId, scope.operationId, POLICY_ID, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
        case 'fragment': {
          const r = await this.client.policyFragment.get(this.rg, this.name, scope.fragmentId, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
        case 'workspaceApi': {
          const r = await this.client.workspaceApiPolicy.get(this.rg, this.name, scope.workspaceId, scope.apiId, POLICY_ID, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
        case 'workspaceOperation': {
          const r = await this.client.workspaceApiOperationPolicy.get(this.rg, this.name, scope.workspaceId, scope.apiId, scope.operationId, POLICY_ID, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
        case 'workspaceFragment': {
          const r = await this.client.workspacePolicyFragment.get(this.rg, this.name, scope.workspaceId, scope.fragmentId, RAW);
          return { text: r.value ?? '', etag: r.eTag };
        }
      }
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return { text: '', etag: undefined };
      throw azureError(e, `reading ${what}`);
    }
  }

  /**
   * Writes a policy, sending `etag` as If-Match (a policy that did not exist is written without
   * one). A change made by someone else since `etag` was read throws ResourceChangedError;
   * nothing is overwritten. Returns the new ETag.
   */
  async putPolicy(scope: PolicyScopeRef, text: string, etag: string | undefined): Promise<string | undefined> {
    const params = { value: text, format: 'rawxml' as const };
    const options = etag ? { ifMatch: etag } : {};
    if (etag === undefined) {
      // The policy did not exist when it was read. ARM's policy PUT offers If-Match for an update but
      // nothing for "create only if absent" (If-None-Match is not documented for API Management,
      // so it is not relied on): the policy is read right before the write, and one that exists now
      // was created by someone else meanwhile, which is a conflict, not something to overwrite.
      // What remains is the few milliseconds between this read and the write.
      const now = await this.getPolicy(scope);
      if (now.etag !== undefined || now.text !== '') {
        throw new ResourceChangedError(`Azure API Management: saving ${describeScope(scope)} failed: someone else created it since it was read.`, 412, 'PreconditionFailed', `saving ${describeScope(scope)}: it did not exist when read, and exists now (ETag ${now.etag ?? 'none'})`);
      }
    }
    try {
      switch (scope.kind) {
        case 'global':
          return (await this.client.policy.createOrUpdate(this.rg, this.name, POLICY_ID, params, options)).eTag;
        case 'product':
          return (await this.client.productPolicy.createOrUpdate(this.rg, this.name, scope.productId, POLICY_ID, params, options)).eTag;
        case 'api':
          return (await this.client.apiPolicy.createOrUpdate(this.rg, this.name, scope.apiId, POLICY_ID, params, options)).eTag;
        case 'operation':
          return (await this.client.apiOperationPolicy.createOrUpdate(this.rg, this.name, scope.apiId, scope.operationId, POLICY_ID, params, options)).eTag;
        case 'fragment': {
          const current = await this.client.policyFragment.get(this.rg, this.name, scope.fragmentId, RAW).catch(() => undefined);
          return (await this.client.policyFragment.beginCreateOrUpdateAndWait(this.rg, this.name, scope.fragmentId, { value: text, format: 'rawxml', ...(current?.description ? { description: current.description } : {}) }, options)).eTag;
        }
        case 'workspaceApi':
          return (await this.client.workspaceApiPolicy.createOrUpdate(this.rg, this.name, scope.workspaceId, scope.apiId, POLICY_ID, params, options)).eTag;
        case 'workspaceOperation':
          return (await this.client.workspaceApiOperationPolicy.createOrUpdate(this.rg, this.name, scope.workspaceId, scope.apiId, scope.operationId, POLICY_ID, params, options)).eTag;
        case 'workspaceFragment': {
          const current = await this.client.workspacePolicyFragment.get(this.rg, this.name, scope.workspaceId, scope.fragmentId, RAW).catch(() => undefined);
          return (await this.client.workspacePolicyFragment.beginCreateOrUpdateAndWait(this.rg, this.name, scope.workspaceId, scope.fragmentId, { value: text, format: 'rawxml', ...(current?.description ? { description: current.description } : {}) }, options)).eTag;
        }
      }
    } catch (e) {
      throw azureError(e, `saving ${describeScope(scope)}`);
    }
  }
}

