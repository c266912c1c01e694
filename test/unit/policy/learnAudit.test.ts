// The catalog audited against Microsoft Learn's policy reference, one row per page
// (MicrosoftDocs/azure-docs, articles/api-management/<name>-policy.md). Each row is what that
// page says, read by hand: its attributes (required, expressions allowed, default), its child
// elements in their order with how many, its sections and scopes, and the "once per" notes.
// Where the page contradicts itself the examples win (`~`: the table says required, the examples
// leave it out), and where later pages or the 2026 reference add something the row says so in
// `newer` with where it comes from; `date` is the ms.date of the page version read.
//
// Attribute syntax: `name` optional, `name!` required, `name~` required by the table but left out
// by the examples; then ` x` (policy expressions allowed) or ` -x` (not allowed) when the page
// says which, and ` =value` when it gives a default. Children: `name` and one of 1 ? * +.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { POLICIES, type AttributeInfo, type ChildInfo, type PolicyInfo } from '../../../src/policy/catalog';

interface Page {
  readonly page: string;
  readonly date: string;
  readonly policy?: string;
  readonly variant?: string;
  readonly attributes?: string;
  /** Attributes the catalog has beyond this page version, and why. */
  readonly newer?: Readonly<Record<string, string>>;
  readonly children?: string;
  /** Nested children by path, `allowed-origins: origin+`. */
  readonly nested?: Readonly<Record<string, string>>;
  readonly containsPolicies?: boolean;
  readonly allowedPolicies?: string;
  readonly text?: boolean;
  readonly sections: string;
  readonly scopes: string;
  readonly once?: 'section' | 'definition';
  readonly anyOrder?: boolean;
  readonly oneOf?: readonly string[];
  readonly oneChildOf?: readonly string[];
  readonly note?: string;
}

const ALL = 'global workspace product api operation';
const NO_WS = 'global product api operation';

const PAGES: readonly Page[] = [
  { page: 'authentication-basic', date: '2022-12-01', attributes: 'username!; password!', sections: 'inbound', scopes: NO_WS },
  {
    page: 'authentication-certificate',
    date: '2022-12-01',
    attributes: 'thumbprint x; certificate-id x; body x; password x',
    oneOf: ['thumbprint certificate-id body'],
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'authentication-managed-identity',
    date: '2024-07-23',
    attributes: 'resource! x; client-id -x; output-token-variable-name -x; ignore-error =false',
    newer: { 'authentication-provider': 'the 2025 page: WorkloadIdentity on a self-hosted gateway' },
    sections: 'inbound',
    scopes: NO_WS,
  },
  {
    page: 'azure-openai-emit-token-metric',
    date: '2024-07-09',
    attributes: 'namespace -x =API Management; value x =1',
    children: 'dimension+',
    nested: { dimension: '' },
    sections: 'inbound',
    scopes: ALL,
    note: 'multiple per definition; at most 10 custom dimensions',
  },
  {
    page: 'azure-openai-semantic-cache-lookup',
    date: '2024-05-08',
    attributes: 'score-threshold!; embeddings-backend-id!; embeddings-backend-auth!; ignore-system-messages =false; max-message-count',
    children: 'vary-by*',
    sections: 'inbound',
    scopes: ALL,
    once: 'section',
  },
  { page: 'azure-openai-semantic-cache-store', date: '2024-05-08', attributes: 'duration! x', sections: 'outbound', scopes: ALL, once: 'section' },
  {
    page: 'azure-openai-token-limit',
    date: '2025-02-18',
    attributes:
      'counter-key! x; tokens-per-minute!; estimate-prompt-tokens!; retry-after-header-name -x =Retry-After; retry-after-variable-name -x; remaining-tokens-header-name -x; remaining-tokens-variable-name -x; tokens-consumed-header-name -x; tokens-consumed-variable-name',
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'cache-lookup',
    date: '2024-07-23',
    attributes: 'allow-private-response-caching x =false; caching-type -x =prefer-external; downstream-caching-type x =none; must-revalidate x =true; vary-by-developer! x =false; vary-by-developer-groups! x =false',
    children: 'vary-by-header* vary-by-query-parameter*',
    sections: 'inbound',
    scopes: ALL,
    once: 'section',
  },
  { page: 'cache-lookup-value', date: '2024-07-23', attributes: 'caching-type -x =prefer-external; default-value x =null; key! x; variable-name! -x', sections: 'inbound outbound backend on-error', scopes: ALL },
  { page: 'cache-remove-value', date: '2024-07-23', attributes: 'caching-type -x =prefer-external; key! x', sections: 'inbound outbound backend on-error', scopes: ALL },
  { page: 'cache-store', date: '2024-03-18', attributes: 'duration! x; cache-response x =false', sections: 'outbound', scopes: ALL, once: 'section' },
  {
    page: 'cache-store-value',
    date: '2024-07-23',
    attributes: 'caching-type -x =prefer-external; duration! x; key! x; value! x',
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
    note: 'The page says once per section (copied from cache-store, with its "only GET responses" note); Microsoft’s own snippets store several values in one section: the examples win.',
  },
  {
    page: 'check-header',
    date: '2022-12-08',
    attributes: 'name!; failed-check-httpcode!; failed-check-error-message!; ignore-case!',
    children: 'value*',
    sections: 'inbound',
    scopes: ALL,
    note: 'workspace: the 2026 reference',
  },
  { page: 'choose', date: '2022-12-08', children: 'when+ otherwise?', nested: { when: '' }, sections: 'inbound outbound backend on-error', scopes: ALL },
  {
    page: 'cors',
    date: '2024-07-23',
    attributes: 'allow-credentials x =false; terminate-unmatched-request x',
    children: 'allowed-origins1 allowed-methods? allowed-headers1 expose-headers?',
    nested: { 'allowed-origins': 'origin+', 'allowed-methods': 'method+', 'allowed-headers': 'header+', 'expose-headers': 'header+' },
    sections: 'inbound',
    scopes: ALL,
    once: 'section',
    note: 'terminate-unmatched-request: the table says false, the troubleshooting text and the toolkit true (the catalog keeps true)',
  },
  {
    page: 'cosmosdb-data-source',
    date: '2024-03-18',
    children: 'connection-info1 query-request? read-request? delete-request? write-request? response?',
    nested: {
      'connection-info': 'connection-string1 database-name1 container-name1',
      'query-request': 'sql-statement? parameters? partition-key? paging?',
      'read-request': 'id1 partition-key?',
      'delete-request': 'etag? id1 partition-key?',
      'write-request': 'id? partition-key? etag? set-body?',
      response: 'set-body? publish-event?',
    },
    oneChildOf: ['query-request read-request delete-request write-request'],
    sections: '',
    scopes: 'resolver',
  },
  { page: 'cross-domain', date: '2022-11-18', children: 'cross-domain-policy?', sections: 'inbound', scopes: 'global' },
  {
    page: 'emit-metric',
    date: '2024-03-18',
    attributes: 'name! -x; namespace -x =API Management; value x =1',
    children: 'dimension+',
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
  },
  { page: 'find-and-replace', date: '2024-03-18', attributes: 'from! x; to! x', sections: 'inbound outbound backend on-error', scopes: ALL },
  {
    page: 'forward-request',
    date: '2022-11-15',
    attributes: 'timeout =300; follow-redirects =false; buffer-request-body =false; buffer-response =true; fail-on-error-status-code =false',
    newer: { 'http-version': 'the 2026 reference (HTTP/2 to the backend)', 'timeout-ms': 'the 2026 reference', 'continue-timeout': 'the 2026 reference' },
    sections: 'backend',
    scopes: ALL,
  },
  {
    page: 'get-authorization-context',
    date: '2024-07-23',
    attributes: 'provider-id! x; authorization-id! x; context-variable-name! x; identity-type x =managed; identity x; ignore-error x =false',
    sections: 'inbound',
    scopes: NO_WS,
  },
  {
    page: 'http-data-source',
    date: '2024-05-02',
    children: 'http-request1 backend? http-response?',
    nested: {
      'http-request': 'get-authorization-context? set-backend-service? include-fragment* set-method1 set-url1 set-header* set-body? authentication-certificate?',
      backend: 'forward-request?',
      'http-response': 'set-body? xml-to-json? find-and-replace? publish-event? include-fragment*',
    },
    sections: '',
    scopes: 'resolver',
  },
  { page: 'include-fragment', date: '2024-07-23', attributes: 'fragment-id! -x', sections: 'inbound outbound backend on-error', scopes: ALL },
  {
    page: 'invoke-dapr-binding',
    date: '2024-07-23',
    attributes: 'name! x; operation -x; ignore-error -x =false; response-variable-name -x; timeout x =5; template; content-type',
    children: 'metadata? data?',
    sections: 'inbound outbound on-error',
    scopes: NO_WS,
  },
  {
    page: 'ip-filter',
    date: '2022-12-08',
    attributes: 'action! x',
    children: 'address* address-range*',
    oneChildOf: ['address address-range'],
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'json-to-xml',
    date: '2024-03-18',
    attributes: 'apply! x; consider-accept-header x =true; parse-date -x =true; namespace-separator x =_; namespace-prefix x; attribute-block-name x',
    sections: 'inbound outbound on-error',
    scopes: ALL,
  },
  { page: 'jsonp', date: '2024-03-18', attributes: 'callback-parameter-name! x', sections: 'outbound', scopes: ALL, once: 'section' },
  { page: 'limit-concurrency', date: '2024-07-23', attributes: 'key! x; max-count! -x', containsPolicies: true, sections: 'inbound outbound backend on-error', scopes: ALL },
  {
    page: 'llm-content-safety',
    date: '2025-02-06',
    attributes: 'backend-id! x; shield-prompt x =false',
    newer: { 'enforce-on-completions': 'the 2026 page: completions checked too', 'window-size': 'the 2026 reference', 'window-overlap-size': 'the 2026 reference' },
    children: 'categories? blocklists?',
    nested: { categories: 'category*', blocklists: 'id*' },
    sections: 'inbound outbound',
    scopes: 'global workspace product api',
    note: 'The 2025 page: inbound, and operation scope; the 2026 page checks responses too (outbound) and the 2026 reference lists global, workspace, product, API.',
  },
  {
    page: 'llm-emit-token-metric',
    date: '2026-05-27',
    attributes: 'namespace -x =API Management',
    children: 'dimension+',
    nested: { dimension: '' },
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'llm-semantic-cache-lookup',
    date: '2024-12-13',
    attributes: 'score-threshold!; embeddings-backend-id!; embeddings-backend-auth!; ignore-system-messages =false; max-message-count',
    children: 'vary-by*',
    sections: 'inbound',
    scopes: ALL,
    once: 'section',
    note: 'workspace: the 2026 reference',
  },
  { page: 'llm-semantic-cache-store', date: '2024-12-13', attributes: 'duration! x', sections: 'outbound', scopes: NO_WS, once: 'section' },
  {
    page: 'llm-token-limit',
    date: '2024-10-09',
    attributes:
      'counter-key! x; tokens-per-minute; token-quota -x; token-quota-period; estimate-prompt-tokens~; retry-after-header-name -x =Retry-After; retry-after-variable-name -x; remaining-quota-tokens-header-name -x; remaining-quota-tokens-variable-name -x; remaining-tokens-header-name -x; remaining-tokens-variable-name -x; tokens-consumed-header-name -x; tokens-consumed-variable-name',
    oneOf: ['tokens-per-minute token-quota'],
    sections: 'inbound',
    scopes: ALL,
    note: 'estimate-prompt-tokens: the table says required; the page’s token-quota example leaves it out',
  },
  { page: 'log-to-eventhub', date: '2024-07-23', attributes: 'logger-id! -x; partition-id -x; partition-key x', text: true, sections: 'inbound outbound backend on-error', scopes: NO_WS },
  { page: 'mock-response', date: '2022-11-18', attributes: 'status-code =200; content-type', sections: 'inbound outbound on-error', scopes: ALL },
  { page: 'proxy', date: '2022-11-18', attributes: 'url!; username; password', sections: 'inbound', scopes: NO_WS },
  { page: 'publish-event', date: '2024-07-23', children: 'targets1', nested: { targets: 'graphql-subscription+' }, sections: '', scopes: 'resolver' },
  {
    page: 'publish-to-dapr',
    date: '2022-12-07',
    attributes: 'pubsub-name x; topic! x; ignore-error -x =false; response-variable-name -x; timeout x =5; template; content-type',
    text: true,
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'quota-by-key',
    date: '2024-03-18',
    attributes: 'bandwidth -x; calls -x; counter-key! x; increment-condition x; renewal-period! -x; first-period-start -x =0001-01-01T00:00:00Z',
    oneOf: ['calls bandwidth'],
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'quota',
    date: '2024-07-23',
    attributes: 'bandwidth -x; calls -x; renewal-period! -x',
    children: 'api*',
    nested: { api: 'operation*' },
    oneOf: ['calls bandwidth'],
    sections: 'inbound',
    scopes: 'product',
    once: 'definition',
  },
  {
    page: 'rate-limit-by-key',
    date: '2024-05-23',
    attributes:
      'calls! x; counter-key! x; increment-condition x; increment-count x =1; renewal-period! x; retry-after-header-name -x =Retry-After; retry-after-variable-name -x; remaining-calls-header-name -x; remaining-calls-variable-name -x; total-calls-header-name -x',
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'rate-limit',
    date: '2024-07-23',
    attributes: 'calls! -x; renewal-period! -x; retry-after-header-name -x =Retry-After; retry-after-variable-name -x; remaining-calls-header-name -x; remaining-calls-variable-name -x; total-calls-header-name -x',
    children: 'api*',
    nested: { api: 'operation*' },
    sections: 'inbound',
    scopes: 'product api operation',
    once: 'definition',
  },
  { page: 'redirect-content-urls', date: '2024-07-23', sections: 'inbound outbound', scopes: ALL, once: 'section' },
  {
    page: 'retry',
    date: '2022-12-08',
    attributes: 'condition! x; count! x; interval! x; max-interval x; delta x; first-fast-retry x =false',
    containsPolicies: true,
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
  },
  { page: 'return-response', date: '2022-12-08', attributes: 'response-variable-name -x', children: 'set-status? set-header* set-body?', sections: 'inbound outbound backend on-error', scopes: ALL },
  { page: 'rewrite-uri', date: '2022-12-08', attributes: 'template!; copy-unmatched-params =true', sections: 'inbound', scopes: ALL },
  {
    page: 'send-request',
    date: '2022-11-18',
    attributes: 'mode =new; response-variable-name~; timeout =60; ignore-error =false',
    children: 'set-url? set-method? set-header* set-body? authentication-certificate? authentication-managed-identity? proxy?',
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
    note: 'authentication-managed-identity and proxy children: the managed-identity page’s own send-request example and the 2026 reference',
  },
  {
    page: 'send-one-way-request',
    date: '2023-08-02',
    attributes: 'mode x =new; timeout x =60',
    children: 'set-url? set-method? set-header* set-body? authentication-certificate? authentication-managed-identity? proxy?',
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
    note: 'authentication-managed-identity: the 2025 page’s statement',
  },
  {
    page: 'send-service-bus-message',
    date: '2025-08-26',
    attributes: 'queue-name x; topic-name x; namespace x; client-id x',
    newer: { 'message-id': 'the June 2026 changelog', 'session-id': 'the June 2026 changelog', 'time-to-live': 'the June 2026 changelog', 'ignore-error': 'the June 2026 changelog' },
    children: 'payload1 message-properties?',
    nested: { 'message-properties': 'message-property*' },
    oneOf: ['queue-name topic-name'],
    anyOrder: true,
    sections: 'inbound outbound on-error',
    scopes: NO_WS,
    note: 'The statement puts payload first, the third example message-properties first: either order.',
  },
  {
    page: 'set-backend-service',
    date: '2022-12-02',
    attributes: 'base-url x; backend-id x; sf-resolve-condition x; sf-service-instance-name x; sf-partition-key x; sf-listener-name x',
    newer: { 'sf-replica-type': 'the page’s own Service Fabric example' },
    oneOf: ['base-url backend-id'],
    sections: 'inbound backend',
    scopes: ALL,
  },
  {
    page: 'set-backend-service-dapr',
    policy: 'set-backend-service',
    variant: 'dapr',
    date: '2024-03-18',
    attributes: 'backend-id!; dapr-app-id! x; dapr-method! x; dapr-namespace x',
    sections: 'inbound',
    scopes: NO_WS,
  },
  {
    page: 'set-body',
    date: '2023-01-13',
    attributes: 'template; xsi-nil -x =blank',
    newer: { 'parse-date': 'the 2026 reference' },
    text: true,
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
    note: 'on-error: the error-handling page’s list of policies allowed there',
  },
  { page: 'set-header', date: '2024-03-18', attributes: 'exists-action x =override; name! x', children: 'value*', sections: 'inbound outbound backend on-error', scopes: ALL },
  { page: 'set-method', date: '2022-11-21', sections: 'inbound on-error', scopes: ALL },
  { page: 'set-query-parameter', date: '2024-07-23', attributes: 'exists-action x =override; name! x', children: 'value+', sections: 'inbound backend', scopes: ALL },
  { page: 'set-status', date: '2022-12-08', attributes: 'code!; reason~', sections: 'inbound outbound backend on-error', scopes: ALL, note: 'reason: required by the table; Microsoft’s snippets leave it out' },
  { page: 'set-variable', date: '2024-07-23', attributes: 'name! -x; value! x', sections: 'inbound outbound backend on-error', scopes: ALL },
  {
    page: 'sql-data-source',
    date: '2023-06-07',
    children: 'connection-info1 include-fragment* request1 response?',
    nested: { 'connection-info': 'connection-string1 include-fragment* authentication-certificate?', request: 'include-fragment? set-body? sql-statement1 parameters?', response: 'include-fragment? set-body? publish-event?' },
    sections: '',
    scopes: 'resolver',
  },
  {
    page: 'trace',
    date: '2022-11-21',
    attributes: 'source!; severity =verbose',
    children: 'message1 metadata*',
    sections: 'inbound outbound backend on-error',
    scopes: ALL,
    note: 'on-error: the error-handling page’s list',
  },
  {
    page: 'validate-azure-ad-token',
    date: '2022-12-08',
    attributes: 'tenant-id!; header-name =Authorization; query-parameter-name; token-value; failed-validation-httpcode =401; failed-validation-error-message; output-token-variable-name',
    newer: { 'authentication-endpoint': 'the 2026 reference (sovereign clouds)' },
    children: 'client-application-ids? backend-application-ids? audiences? required-claims? decryption-keys?',
    sections: 'inbound',
    scopes: ALL,
    note: 'decryption-keys: the 2026 reference; client-application-ids optional since March 2024 (the service changelog), though the 2022 page says required',
  },
  {
    page: 'validate-client-certificate',
    date: '2025-01-30',
    attributes: 'validate-revocation -x =true; validate-trust -x =true; validate-not-before -x =true; validate-not-after -x =true; ignore-error -x =false',
    children: 'identities?',
    nested: { identities: 'identity*' },
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'validate-content',
    date: '2022-12-05',
    attributes: 'unspecified-content-type-action!; max-size!; size-exceeded-action!; errors-variable-name',
    children: 'content-type-map? content*',
    nested: { 'content-type-map': 'type*' },
    sections: 'inbound outbound on-error',
    scopes: ALL,
  },
  {
    page: 'validate-graphql-request',
    date: '2022-12-02',
    attributes: 'error-variable-name; max-size!; max-depth =6',
    children: 'authorize?',
    nested: { authorize: 'rule*' },
    sections: 'inbound',
    scopes: 'global workspace product api',
    once: 'section',
    note: 'The 2022 page: operation scope and several per document; the 2026 reference: global, workspace, product, API, once per section.',
  },
  {
    page: 'validate-headers',
    date: '2024-03-18',
    attributes: 'specified-header-action! x; unspecified-header-action! x; errors-variable-name -x',
    children: 'header*',
    sections: 'outbound on-error',
    scopes: ALL,
    once: 'section',
  },
  {
    page: 'validate-jwt',
    date: '2024-03-18',
    attributes:
      'header-name x; query-parameter-name x; token-value x; failed-validation-httpcode x =401; failed-validation-error-message x; require-expiration-time x =true; require-scheme x; require-signed-tokens x =true; clock-skew x =0; output-token-variable-name -x',
    children: 'openid-config* issuer-signing-keys? decryption-keys? audiences? issuers? required-claims?',
    nested: { 'issuer-signing-keys': 'key*', 'decryption-keys': 'key*', 'required-claims': 'claim*' },
    oneOf: ['header-name query-parameter-name token-value'],
    sections: 'inbound',
    scopes: ALL,
  },
  {
    page: 'validate-odata-request',
    date: '2024-07-23',
    attributes: 'error-variable-name; default-odata-version =4.0; min-odata-version; max-odata-version; max-size',
    sections: 'inbound',
    scopes: 'global workspace product api',
    once: 'section',
  },
  {
    page: 'validate-parameters',
    date: '2022-12-05',
    attributes: 'specified-parameter-action! x; unspecified-parameter-action! x; errors-variable-name -x',
    children: 'headers? query? path?',
    sections: 'inbound',
    scopes: ALL,
    once: 'section',
  },
  {
    page: 'validate-status-code',
    date: '2022-12-05',
    attributes: 'unspecified-status-code-action!; errors-variable-name',
    children: 'status-code*',
    sections: 'outbound on-error',
    scopes: ALL,
  },
  {
    page: 'wait',
    date: '2024-07-23',
    attributes: 'for x =all',
    containsPolicies: true,
    allowedPolicies: 'send-request cache-lookup-value choose',
    sections: 'inbound outbound backend',
    scopes: ALL,
    note: 'The page’s example holds two choose policies.',
  },
  {
    page: 'xml-to-json',
    date: '2024-09-06',
    attributes: 'kind! x; apply! x; consider-accept-header x =true; always-array-child-elements x =false',
    sections: 'inbound outbound on-error',
    scopes: ALL,
  },
  { page: 'xsl-transform', date: '2023-03-28', children: 'parameter* xsl:stylesheet1', sections: 'inbound outbound', scopes: NO_WS },
];

interface AttributeRow {
  readonly name: string;
  readonly required: 'yes' | 'no' | 'examplesOmit';
  readonly expressions?: boolean;
  readonly default?: string;
}

function attributeRows(spec: string | undefined): AttributeRow[] {
  if (!spec) return [];
  return spec.split(';').map((item) => {
    const m = /^\s*([\w:.-]+)([!~]?)(?:\s+(-?x))?(?:\s+=(.*?))?\s*$/.exec(item);
    if (!m) throw new Error(`bad attribute row: ${item}`);
    return { name: m[1] as string, required: m[2] === '!' ? 'yes' : m[2] === '~' ? 'examplesOmit' : 'no', expressions: m[3] === undefined ? undefined : m[3] === 'x', default: m[4] };
  });
}

const words = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter(Boolean);
const childList = (children: readonly ChildInfo[]): string[] => children.map((c) => `${c.name}${c.cardinality}`);

function catalogRow(p: Page): PolicyInfo {
  const name = p.policy ?? p.page;
  const info = POLICIES.find((x) => x.name === name && x.variant === p.variant);
  assert.ok(info, `the catalog has no <${name}>${p.variant ? ` (${p.variant})` : ''}`);
  return info;
}

function checkAttribute(where: string, row: AttributeRow, a: AttributeInfo | undefined): void {
  assert.ok(a, `${where}: the catalog lacks the attribute '${row.name}'`);
  const required = a.required && !a.toolkitOnly ? (a.omittedInExamples ? 'examplesOmit' : 'yes') : 'no';
  assert.equal(required, row.required, `${where} '${row.name}': required`);
  if (row.expressions !== undefined) assert.equal(a.expressions, row.expressions, `${where} '${row.name}': policy expressions allowed`);
  if (row.default !== undefined) assert.equal(a.default, row.default, `${where} '${row.name}': default`);
}

describe('the catalog against Learn’s policy reference, one row per page', () => {
  test('every catalog policy has a page row, and every row a catalog policy', () => {
    const rows = new Set(PAGES.map((p) => `${p.policy ?? p.page}/${p.variant ?? ''}`));
    for (const info of POLICIES) assert.ok(rows.has(`${info.name}/${info.variant ?? ''}`), `no page row for <${info.name}>`);
    assert.equal(PAGES.length, POLICIES.length);
  });

  for (const p of PAGES) {
    test(`${p.page} (page of ${p.date})`, () => {
      const info = catalogRow(p);
      assert.ok(info.docs.endsWith(`/${p.page}-policy`), `docs link ${info.docs}`);
      const rows = attributeRows(p.attributes);
      for (const row of rows) checkAttribute(`<${info.name}>`, row, info.attributes.find((a) => a.name === row.name));
      const extra = info.attributes.filter((a) => !a.toolkitOnly && !rows.some((r) => r.name === a.name)).map((a) => a.name);
      assert.deepEqual(extra.sort(), Object.keys(p.newer ?? {}).sort(), `<${info.name}>: attributes beyond the page (list them in newer with their source)`);
      assert.deepEqual(childList(info.children), words(p.children), `<${info.name}>: children, in order`);
      for (const [path, spec] of Object.entries(p.nested ?? {})) {
        const child = info.children.find((c) => c.name === path);
        assert.ok(child, `<${info.name}> has no child <${path}>`);
        assert.deepEqual(childList(child.children), words(spec), `<${info.name}> › <${path}>: children`);
      }
      assert.equal(info.containsPolicies === true, p.containsPolicies === true, `<${info.name}>: holds policies`);
      assert.deepEqual([...(info.allowedPolicies ?? [])].sort(), words(p.allowedPolicies).sort(), `<${info.name}>: policies it may hold`);
      assert.equal(info.text === true, p.text === true, `<${info.name}>: takes text`);
      assert.deepEqual([...info.sections].sort(), words(p.sections).sort(), `<${info.name}>: sections`);
      assert.deepEqual([...info.scopes].sort(), words(p.scopes).sort(), `<${info.name}>: scopes`);
      assert.equal(info.oncePerSection === true, p.once === 'section', `<${info.name}>: once per section`);
      assert.equal(info.oncePerDefinition === true, p.once === 'definition', `<${info.name}>: once per definition`);
      assert.equal(info.anyOrder === true, p.anyOrder === true, `<${info.name}>: children in any order`);
      assert.deepEqual((info.requiresOneOf ?? []).map((g) => g.join(' ')), p.oneOf ?? [], `<${info.name}>: one of these attributes`);
      assert.deepEqual((info.requiresOneChildOf ?? []).map((g) => g.join(' ')), p.oneChildOf ?? [], `<${info.name}>: one of these children`);
    });
  }
});
