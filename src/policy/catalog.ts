// The policy catalog: every APIM policy with its sections, scopes, attributes and children, as
// data. One source feeds completion, hover, diagnostics and snippets. The policy rows are
// generated from the research reference (generated/policyCatalog.generated.ts); the structural
// elements and a few corrections are written here by hand.

import { GENERATED_POLICIES } from './generated/policyCatalog.generated';

export type Scope = 'global' | 'workspace' | 'product' | 'api' | 'operation' | 'resolver' | 'fragment';
export type Section = 'inbound' | 'backend' | 'outbound' | 'on-error';

export interface AttributeInfo {
  readonly name: string;
  readonly required: boolean;
  /** false: expressions are not allowed; true: allowed; undefined: not documented (allowed). */
  readonly expressions?: boolean;
  readonly default?: string;
  /** Allowed values, when the attribute is an enumeration. */
  readonly values?: readonly string[];
  /** What the reference adds (units, limits). */
  readonly note?: string;
  /** Documented only by the policy toolkit: accepted, never required. */
  readonly toolkitOnly?: boolean;
}

export interface ChildInfo {
  readonly name: string;
  /** '1' exactly one, '?' optional, '*' any number, '+' at least one. */
  readonly cardinality: string;
  readonly note?: string;
  /** Attributes the reference names for this child (required ones marked). */
  readonly attributes?: readonly { readonly name: string; readonly required: boolean }[];
  readonly children: readonly ChildInfo[];
  /** Holds policy statements (`when`, `otherwise`). */
  readonly anyPolicy?: boolean;
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
export const POLICIES: readonly PolicyInfo[] = GENERATED_POLICIES;

const byName = new Map<string, PolicyInfo>();
for (const p of POLICIES) if (!p.variant) byName.set(p.name, p);

/** The policy with this element name (the main form when there are variants). */
export function policyInfo(name: string): PolicyInfo | undefined {
  return byName.get(name);
}

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
