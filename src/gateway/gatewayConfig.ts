// What a simulated gateway is made of: policies per scope, APIs and their operations, products,
// subscriptions, named values, fragments and backends. The scenario runner and the APIOps loader
// both produce this; the pipeline only reads it.

import type { PolicyDocument } from '../policy/policyDocument';
import type { ApiSpecification } from './openApi';

export interface PolicySource {
  readonly document: PolicyDocument;
  readonly file?: string;
}

export interface OperationConfig {
  readonly id: string;
  readonly name?: string;
  /** `GET`, or `*` for any method. */
  readonly method: string;
  /** `/orders/{orderId}`; `/*` matches every path. */
  readonly urlTemplate: string;
  readonly policy?: PolicySource;
}

export interface ApiConfig {
  readonly id: string;
  readonly name?: string;
  /** The API URL suffix: `orders` (no leading slash needed). */
  readonly path: string;
  readonly serviceUrl?: string;
  readonly subscriptionRequired: boolean;
  readonly revision?: string;
  /** false for a non-current revision, reached only as /path;rev=N/… (default true). */
  readonly isCurrent?: boolean;
  readonly version?: string | null;
  /** The version set the API belongs to: how a request names the version. */
  readonly versionSet?: VersionSetConfig;
  readonly operations: readonly OperationConfig[];
  readonly policy?: PolicySource;
  /** The workspace the API belongs to (a key of GatewayConfig.workspaces); none for a service API. */
  readonly workspace?: string;
  /** The API's OpenAPI definition, for the validation policies. */
  readonly specification?: ApiSpecification;
  /** A GraphQL API's schema (SDL), for validate-graphql-request. */
  readonly graphqlSchema?: string;
  /** Why the definition could not be read, when it could not. */
  readonly specificationError?: string;
}

export interface VersionSetConfig {
  readonly id?: string;
  /** `Segment` (/path/v2/…), `Query` (?api-version=v2) or `Header` (Api-Version: v2). */
  readonly scheme: 'Segment' | 'Query' | 'Header';
  readonly headerName?: string;
  readonly queryName?: string;
}

export interface ProductConfig {
  readonly id: string;
  readonly name?: string;
  readonly policy?: PolicySource;
  /** The APIs of the product, when known (an APIOps folder lists them): which key to send to an API. */
  readonly apis?: readonly string[];
}

export interface SubscriptionConfig {
  readonly key: string;
  readonly product?: string;
  /** Only `active` subscriptions are accepted. */
  readonly state?: string;
  readonly id?: string;
}

export interface NamedValue {
  readonly value: string;
  readonly secret: boolean;
}

export interface CircuitBreakerRule {
  readonly name?: string;
  readonly failureCondition?: {
    readonly count?: number;
    readonly percentage?: number;
    /** ISO-8601 duration: PT1M. */
    readonly interval?: string;
    readonly statusCodeRanges?: readonly { readonly min: number; readonly max: number }[];
    /** `BackendConnectionFailure`, `Timeout`, … */
    readonly errorReasons?: readonly string[];
  };
  readonly tripDuration?: string;
  readonly acceptRetryAfter?: boolean;
}

/** A backend entity, as its ARM properties: a URL with credentials, or a pool; an optional breaker. */
export interface BackendConfig {
  readonly url?: string;
  readonly type?: string;
  readonly pool?: {
    readonly services: readonly { readonly id: string; readonly priority?: number; readonly weight?: number }[];
    /** Requests carrying the session cookie go to the member that served the session's first request. */
    readonly sessionAffinity?: { readonly sessionId?: { readonly source?: string; readonly name?: string } };
  };
  readonly circuitBreaker?: { readonly rules: readonly CircuitBreakerRule[] };
  readonly credentials?: {
    readonly header?: Readonly<Record<string, readonly string[]>>;
    readonly query?: Readonly<Record<string, readonly string[]>>;
    readonly authorization?: { readonly scheme: string; readonly parameter: string };
    /** Client certificate thumbprints (ARM `certificate`) and certificate ids (`certificateIds`) for mTLS. */
    readonly certificate?: readonly string[];
    readonly certificateIds?: readonly string[];
  };
}

export interface GatewayConfig {
  readonly serviceName: string;
  readonly global?: PolicySource;
  readonly workspace?: PolicySource;
  /**
   * Workspaces: their policy (the workspace scope of their APIs) and their own named values,
   * backends and fragments, which resolve before the service's inside the workspace.
   */
  readonly workspaces?: ReadonlyMap<string, WorkspaceConfig>;
  readonly apis: readonly ApiConfig[];
  readonly products: readonly ProductConfig[];
  readonly subscriptions: readonly SubscriptionConfig[];
  readonly namedValues: ReadonlyMap<string, NamedValue>;
  readonly fragments: ReadonlyMap<string, PolicySource>;
  readonly backends: ReadonlyMap<string, BackendConfig>;
  /** Certificates uploaded to the service, by id (PEM): context.Deployment.Certificates, issuer-certificate-id. */
  readonly certificates?: ReadonlyMap<string, string>;
  /** CA certificates uploaded to the service (PEM): what validate-client-certificate trusts. */
  readonly caCertificates?: readonly string[];
  /** Credential manager connections for get-authorization-context, by `provider-id/authorization-id`. */
  readonly authorizations?: ReadonlyMap<string, { readonly accessToken: string; readonly claims?: Readonly<Record<string, string>> }>;
  /** Tokens authentication-managed-identity returns, by resource; null makes acquiring the token fail. */
  readonly managedIdentityTokens?: ReadonlyMap<string, string | null>;
  /** Schemas of the service (validate-content schema-id), by id: JSON Schema documents. */
  readonly schemas?: ReadonlyMap<string, unknown>;
}

/** The gateway's default global policy when none is given: forward-request in backend. */
export const DEFAULT_GLOBAL_POLICY = '<policies><inbound /><backend><forward-request /></backend><outbound /><on-error /></policies>';

export interface WorkspaceConfig {
  readonly policy?: PolicySource;
  readonly namedValues: ReadonlyMap<string, NamedValue>;
  readonly backends: ReadonlyMap<string, BackendConfig>;
  readonly fragments: ReadonlyMap<string, PolicySource>;
}

/**
 * The configuration a request to a workspace API sees: the workspace's policy as the workspace
 * scope, its named values, backends and fragments first, the service's after. Unchanged for a
 * service API.
 */
export function configForWorkspace(config: GatewayConfig, workspace: string | undefined): GatewayConfig {
  const ws = workspace ? config.workspaces?.get(workspace) : undefined;
  if (!ws) return config;
  const merged = <T>(service: ReadonlyMap<string, T>, own: ReadonlyMap<string, T>): ReadonlyMap<string, T> => new Map([...service, ...own]);
  return { ...config, ...(ws.policy ? { workspace: ws.policy } : {}), namedValues: merged(config.namedValues, ws.namedValues), backends: merged(config.backends, ws.backends), fragments: merged(config.fragments, ws.fragments) };
}
