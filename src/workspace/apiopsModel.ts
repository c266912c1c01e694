// The APIOps folder model (../shared/reference/apiops-layout.md, v7 layout): what the loader
// produces from an extracted service folder. Plain data; paths are absolute file paths.

export type PolicyScope = 'global' | 'workspace' | 'product' | 'api' | 'operation' | 'resolver' | 'fragment';

export interface PolicyFile {
  readonly path: string;
  readonly scope: PolicyScope;
  /**
   * Set when the policy is not a file of its own but `properties.value` of the JSON at `path` (an
   * apiops-cli policy fragment): read it with policyText(); offsets are into that value, not the file.
   */
  readonly embedded?: { readonly format?: string };
  /** The policy's text as an environment file gives it (a `policies` override), instead of the file's. */
  readonly text?: string;
}

/** The two artifact layouts: Azure/apiops v7 (`named values/`, …) and Azure/apiops-cli (`namedValues/`, …). */
export type ArtifactLayout = 'v7' | 'cli';

export interface OperationModel {
  /** The operation's resource name (the folder name under operations/, or the spec's operationId). */
  readonly name: string;
  readonly displayName: string;
  readonly method?: string;
  readonly urlTemplate?: string;
  readonly policy?: PolicyFile;
}

/** A GraphQL resolver (`apis/<api>/resolvers/<name>/`, the APIOps CLI layout): its field and its policy. */
export interface ResolverModel {
  readonly name: string;
  readonly displayName: string;
  /** The schema field it resolves, `Query/hero`. */
  readonly path?: string;
  readonly policy?: PolicyFile;
}

export interface ApiModel {
  /** Folder name: the ARM resource name, `orders-api` or `orders-api;rev=2`. */
  readonly name: string;
  /** The API this is a revision of (the name without `;rev=N`). */
  readonly apiId: string;
  readonly displayName: string;
  readonly path: string;
  readonly revision: string;
  readonly isCurrent: boolean;
  readonly revisionDescription?: string;
  readonly apiVersion?: string;
  readonly versionSetId?: string;
  readonly serviceUrl?: string;
  readonly subscriptionRequired: boolean;
  readonly type: string;
  readonly protocols: readonly string[];
  readonly description?: string;
  readonly folder: string;
  readonly specificationPath?: string;
  readonly policy?: PolicyFile;
  readonly operations: readonly OperationModel[];
  /** GraphQL resolvers, when the folder has any. */
  readonly resolvers?: readonly ResolverModel[];
}

export interface BackendPoolMember {
  /** Relative id as stored, `/backends/<name>`. */
  readonly id: string;
  readonly name: string;
  readonly priority?: number;
  readonly weight?: number;
}

export interface CircuitBreakerRule {
  readonly name: string;
  readonly tripDuration?: string;
  readonly acceptRetryAfter?: boolean;
  readonly failureCount?: number;
  readonly failurePercentage?: number;
  readonly interval?: string;
  readonly statusCodeRanges: readonly { min: number; max: number }[];
  readonly errorReasons: readonly string[];
}

export interface BackendModel {
  readonly name: string;
  readonly kind: 'single' | 'pool';
  readonly url?: string;
  readonly title?: string;
  readonly description?: string;
  readonly protocol?: string;
  readonly resourceId?: string;
  readonly pool: readonly BackendPoolMember[];
  readonly circuitBreakerRules: readonly CircuitBreakerRule[];
  /** Names of credential headers and query parameters; values are never kept. */
  readonly credentialHeaderNames: readonly string[];
  readonly credentialQueryNames: readonly string[];
  readonly managedIdentityResource?: string;
}

export interface NamedValueModel {
  readonly name: string;
  readonly displayName: string;
  readonly secret: boolean;
  /** Only for non-secret named values; secrets never carry their value in the model. */
  readonly value?: string;
  readonly keyVaultSecretIdentifier?: string;
  readonly tags: readonly string[];
  /** A value for it exists in the local override file (the value itself is not in the model). */
  readonly hasLocalValue: boolean;
  /** The environment picked gives it a value (or a Key Vault reference). */
  readonly environmentValue?: boolean;
}

export interface ProductModel {
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  readonly state?: string;
  readonly subscriptionRequired?: boolean;
  readonly apis: readonly string[];
  readonly policy?: PolicyFile;
}

export interface FragmentModel {
  readonly name: string;
  readonly description?: string;
  readonly policy?: PolicyFile;
}

export interface VersionSetModel {
  readonly name: string;
  readonly displayName: string;
  readonly versioningScheme?: string;
  readonly versionHeaderName?: string;
  readonly versionQueryName?: string;
}

/** The collections a service and each of its workspaces hold. */
export interface ResourceCollections {
  readonly apis: readonly ApiModel[];
  readonly backends: readonly BackendModel[];
  readonly products: readonly ProductModel[];
  readonly namedValues: readonly NamedValueModel[];
  readonly fragments: readonly FragmentModel[];
  readonly versionSets: readonly VersionSetModel[];
}

export interface WorkspaceModel extends ResourceCollections {
  readonly name: string;
  readonly folder: string;
  /** `workspaces/<ws>/policy.xml`, when there is one (neither layout writes it today: read if present). */
  readonly policy?: PolicyFile;
}

export interface LoadProblem {
  readonly path: string;
  readonly message: string;
}

export interface ApiopsService extends ResourceCollections {
  /** The folder's base name; APIOps folders do not record the service name. */
  readonly name: string;
  readonly root: string;
  /** Which artifact layout the folder uses, detected from its folders (apiops-cli-layout.md §4). */
  readonly layout: ArtifactLayout;
  /** false when the folder was read without the APIs' operations (a first look; LoadOptions.operations). */
  readonly operationsLoaded?: false;
  /** The environment whose overrides are applied (configuration.<env>.yaml), when one was picked. */
  readonly environment?: { readonly name: string; readonly file: string };
  readonly globalPolicy?: PolicyFile;
  readonly workspaces: readonly WorkspaceModel[];
  /** Files that could not be read or parsed; the rest of the folder still loads. */
  readonly problems: readonly LoadProblem[];
}

/** Current revisions only, in display order. */
export function currentApis(apis: readonly ApiModel[]): ApiModel[] {
  return apis.filter((a) => a.isCurrent);
}

/** Non-current revisions of one API, newest first. */
export function revisionsOf(apis: readonly ApiModel[], apiId: string): ApiModel[] {
  return apis
    .filter((a) => a.apiId === apiId && !a.isCurrent)
    .sort((a, b) => Number(b.revision) - Number(a.revision));
}
