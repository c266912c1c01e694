// The policy catalog: every APIM policy with its sections, scopes, attributes (with their value
// types) and children, as data. One source feeds completion, hover, diagnostics, the simulator's
// reading of attribute values and snippets. The policy rows are in policyCatalogData.ts; the
// structural elements are written here.

import type { PolicyElement } from './policyDocument';
import { POLICY_DATA } from './policyCatalogData';

export type Scope = 'global' | 'workspace' | 'product' | 'api' | 'operation' | 'resolver' | 'fragment';
export type Section = 'inbound' | 'backend' | 'outbound' | 'on-error';

/**
 * What an attribute's value must be, once named values are substituted and expressions evaluated:
 * free text, a whole number (durations are whole seconds, `unit`), a decimal number, `true` or
 * `false`, one of `values`, an absolute URL, or an ISO 8601 date and time.
 */
export type AttributeType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'url' | 'datetime';

export interface AttributeInfo {
  readonly name: string;
  readonly required: boolean;
  readonly type: AttributeType;
  /** Bounds of a number, inclusive. */
  readonly min?: number;
  readonly max?: number;
  /** What a number counts: seconds, bytes, kilobytes, … */
  readonly unit?: string;
  /** An empty value means something (an empty variable, no message); otherwise a required attribute may not be empty. */
  readonly allowEmpty?: boolean;
  /** false: expressions are not allowed; true: allowed; undefined: not documented (allowed). */
  readonly expressions?: boolean;
  readonly default?: string;
  /** Allowed values, when the attribute is an enumeration. */
  readonly values?: readonly string[];
  /** What the reference adds (units, limits). */
  readonly note?: string;
  /** Documented only by the policy toolkit: accepted, never required. */
  readonly toolkitOnly?: boolean;
  /** When the service added it (the service changelog's release, `2026-06`), for what came after the reference pages. */
  readonly since?: string;
  /**
   * The reference page marks it required, but the page's own examples (or Microsoft's policy
   * snippets) leave it out: the examples win, and a missing one is a warning, not an error.
   */
  readonly omittedInExamples?: boolean;
}

export interface ChildInfo {
  readonly name: string;
  /** '1' exactly one, '?' optional, '*' any number, '+' at least one. */
  readonly cardinality: string;
  readonly note?: string;
  /** Attributes the reference names for this child. */
  readonly attributes?: readonly AttributeInfo[];
  readonly children: readonly ChildInfo[];
  /** Holds policy statements (`when`, `otherwise`). */
  readonly anyPolicy?: boolean;
  /** Its children may come in any order (the page's statement and table disagree). */
  readonly anyOrder?: boolean;
  /** When the service added it or changed its rule (`2026-06`). */
  readonly since?: string;
}

export interface PolicyInfo {
  readonly name: string;
  /** `dapr` for the Dapr form of set-backend-service. */
  readonly variant?: string;
  readonly category: string;
  readonly description: string;
  /** The Microsoft Learn reference page. */
  readonly docs: string;
  readonly sections: readonly Section[];
  /** Where else it may appear (inside send-request, return-response, ...). */
  readonly sectionsNote?: string;
  readonly scopes: readonly Scope[];
  readonly attributes: readonly AttributeInfo[];
  /** Child elements in their required order. */
  readonly children: readonly ChildInfo[];
  /** Holds policy statements (choose's when, retry, limit-concurrency, wait). */
  readonly containsPolicies?: boolean;
  /** With containsPolicies: the only policies it may hold directly (wait: send-request, cache-lookup-value, choose). */
  readonly allowedPolicies?: readonly string[];
  /** Its children may come in any order (the page's statement and examples disagree). */
  readonly anyOrder?: boolean;
  /** Groups of attributes of which at least one must be given (thumbprint, certificate-id or body). */
  readonly requiresOneOf?: readonly (readonly string[])[];
  /** Groups of child elements of which one must be given (a Cosmos DB resolver's request). */
  readonly requiresOneChildOf?: readonly (readonly string[])[];
  /** What the service changed since the reference pages were written, from its changelog (Azure/API-Management, changelogs/api-management-service.md). */
  readonly changes?: readonly { readonly since: string; readonly what: string }[];
  /** Takes text content (a value, an expression, a message). */
  readonly text?: boolean;
  readonly gateways?: string;
  readonly oncePerDefinition?: boolean;
  readonly oncePerSection?: boolean;
}

/** Elements that structure a document rather than act: the root, sections, base. */
export interface StructuralInfo {
  readonly name: string;
  readonly description: string;
  readonly docs: string;
  readonly children: readonly string[];
}

const HOWTO = 'https://learn.microsoft.com/azure/api-management/api-management-howto-policies';

export const STRUCTURAL: readonly StructuralInfo[] = [
  { name: 'policies', description: 'The root of a policy document: the inbound, backend, outbound and on-error sections, each optional and at most once.', docs: HOWTO, children: ['inbound', 'backend', 'outbound', 'on-error'] },
  { name: 'inbound', description: 'Runs on the request, before the backend is called.', docs: HOWTO, children: [] },
  { name: 'backend', description: 'Runs to call the backend; normally just forward-request (inherited from the global scope through <base />).', docs: HOWTO, children: [] },
  { name: 'outbound', description: 'Runs on the response, after the backend answered.', docs: HOWTO, children: [] },
  { name: 'on-error', description: 'Runs when an error was raised in any section; context.LastError says what failed.', docs: 'https://learn.microsoft.com/azure/api-management/api-management-error-handling-policies', children: [] },
  { name: 'base', description: 'Runs the same section of the next broader scope here (operation → API → product → workspace → global). Without it, nothing is inherited for this section, CORS included.', docs: HOWTO, children: [] },
  { name: 'fragment', description: 'The root of a policy fragment: policy statements only, no sections and no <base />.', docs: 'https://learn.microsoft.com/azure/api-management/policy-fragments', children: [] },
];

export const SECTIONS: readonly Section[] = ['inbound', 'backend', 'outbound', 'on-error'];

/** Every policy (the Dapr form of set-backend-service is a variant of the same element). */
export const POLICIES: readonly PolicyInfo[] = POLICY_DATA;

const byName = new Map<string, PolicyInfo>();
for (const p of POLICIES) if (!p.variant) byName.set(p.name, p);

/** The policy with this element name (the main form when there are variants). */
export function policyInfo(name: string): PolicyInfo | undefined {
  return byName.get(name);
}

/**
 * The form of a policy an element is written in: the Dapr form of set-backend-service when it
 * names the dapr backend or uses a dapr-* attribute, otherwise the main form.
 */
export function policyInfoOf(el: PolicyElement): PolicyInfo | undefined {
  const main = byName.get(el.name);
  if (el.name !== 'set-backend-service') return main;
  const dapr = el.attributes.some((a) => a.name.startsWith('dapr-') || (a.name === 'backend-id' && a.value === 'dapr'));
  return dapr ? POLICIES.find((p) => p.name === el.name && p.variant === 'dapr') : main;
}

/** Root elements of a GraphQL resolver's policy document. */
export const RESOLVER_ROOTS: readonly string[] = ['http-data-source', 'sql-data-source', 'cosmosdb-data-source'];

export function policyVariants(name: string): PolicyInfo[] {
  return POLICIES.filter((p) => p.name === name);
}

export function structuralInfo(name: string): StructuralInfo | undefined {
  return STRUCTURAL.find((s) => s.name === name);
}

/** Policies allowed in a section at a scope, for completion (choose, retry, ... included). */
export function policiesFor(section: Section | undefined, scope: Scope | undefined): PolicyInfo[] {
  return POLICIES.filter(
    (p) => !p.variant && (section === undefined || p.sections.includes(section)) && (scope === undefined || scope === 'fragment' || p.scopes.includes(scope)),
  );
}

/** The catalog's children for an element: a policy's, or a child element's own children. */
export function childInfosOf(el: PolicyElement): readonly ChildInfo[] {
  const info = policyInfo(el.name);
  if (info && !isChildOfPolicy(el)) return info.children;
  const path: PolicyElement[] = [];
  let p: PolicyElement | undefined = el;
  while (p && !(policyInfo(p.name) && !isChildOfPolicy(p))) {
    path.unshift(p);
    p = p.parent;
  }
  if (!p) return [];
  let list: readonly ChildInfo[] = (policyInfo(p.name) as PolicyInfo).children;
  for (const step of path) {
    const c = list.find((x) => x.name === step.name);
    if (!c) return info ? info.children : [];
    list = c.children;
  }
  return list.length ? list : (info?.children ?? []);
}

/** A policy name used as a child of another policy (set-header inside send-request). */
export function isChildOfPolicy(el: PolicyElement): boolean {
  const parent = el.parent;
  if (!parent) return false;
  const pi = policyInfo(parent.name);
  return !!pi && !pi.containsPolicies && pi.children.some((c) => c.name === el.name);
}

/** The attributes the catalog knows for an element where it stands: a policy's, or a child element's. */
export function attributeInfosOf(el: PolicyElement): readonly AttributeInfo[] {
  const info = policyInfoOf(el);
  if (info && !isChildOfPolicy(el)) return info.attributes;
  const child = el.parent ? childInfosOf(el.parent).find((c) => c.name === el.name) : undefined;
  return child?.attributes ?? info?.attributes ?? [];
}
