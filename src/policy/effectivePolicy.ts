// The effective policy of a request: each section built from the narrowest scope outwards by
// replacing <base /> with the same section of the next broader scope (apim-policies.md §1.2).
// Statements keep their element, scope and file, so the simulator's trace can point at them.

import type { PolicyDocument, PolicyElement, SectionName } from './policyDocument';
import { childElements } from './policyDocument';

export type PolicyScope = 'global' | 'workspace' | 'product' | 'api' | 'operation';
export const SCOPE_ORDER: readonly PolicyScope[] = ['global', 'workspace', 'product', 'api', 'operation'];

export interface ScopedPolicy {
  readonly scope: PolicyScope;
  readonly document: PolicyDocument;
  /** Where the document came from, for links from the trace. */
  readonly file?: string;
}

/** One statement of an effective section. */
export interface EffectiveStatement {
  readonly element: PolicyElement;
  readonly scope: PolicyScope;
  readonly file?: string;
}

/**
 * The effective statements of a section. `policies` may omit scopes; a scope without a document,
 * or whose document lacks the section, inherits the broader scope unchanged (reference: [U], the
 * portal's default documents are `<section><base /></section>`).
 */
export function effectiveSection(section: SectionName, policies: readonly ScopedPolicy[]): EffectiveStatement[] {
  const byScope = new Map(policies.map((p) => [p.scope, p]));
  const expand = (index: number): EffectiveStatement[] => {
    if (index < 0) return [];
    const scope = SCOPE_ORDER[index] as PolicyScope;
    const policy = byScope.get(scope);
    const sectionEl = policy?.document.root?.name === 'policies' ? childElements(policy.document.root).find((e) => e.name === section) : undefined;
    if (!policy || !sectionEl) return expand(index - 1);
    const out: EffectiveStatement[] = [];
    for (const el of childElements(sectionEl)) {
      if (el.name === 'base') out.push(...expand(index - 1));
      else out.push({ element: el, scope, file: policy.file });
    }
    return out;
  };
  return expand(SCOPE_ORDER.length - 1);
}
