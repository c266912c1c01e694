// The <api> and <operation> children of rate-limit and quota: limits of one API, or one
// operation of it, within the product's policy, counted apart from the product's own limit.
// An API is named by `id` (its resource name) or `name` (its display name); when both are given,
// `id` is used and `name` ignored (rate-limit and quota pages). Same for operations.

import type { ModelObject } from '../../expressions/builtins/context';
import { attribute, type PolicyElement } from '../../policy/policyDocument';
import type { PolicyRun } from '../policyRun';

export interface NestedLimitElement {
  readonly element: PolicyElement;
  /** `api:<id>` or `api:<id>/operation:<id>`, to key its counter. */
  readonly what: string;
}

function matches(el: PolicyElement, model: ModelObject | null | undefined): boolean {
  if (!model) return false;
  const id = attribute(el, 'id')?.value;
  if (id !== undefined) return id === model.fields['Id'];
  const name = attribute(el, 'name')?.value;
  return name !== undefined && name === model.fields['Name'];
}

/** The nested limits that apply to this request: its API's, and its operation's within that API. */
export function nestedLimitElements(el: PolicyElement, run: PolicyRun): NestedLimitElement[] {
  const api = run.context.fields['Api'] as ModelObject | null | undefined;
  const operation = run.context.fields['Operation'] as ModelObject | null | undefined;
  const out: NestedLimitElement[] = [];
  for (const a of el.children) {
    if (a.kind !== 'element' || a.name !== 'api' || !matches(a, api)) continue;
    const apiKey = `api:${String(api?.fields['Id'])}`;
    out.push({ element: a, what: apiKey });
    for (const o of a.children) {
      if (o.kind === 'element' && o.name === 'operation' && matches(o, operation)) out.push({ element: o, what: `${apiKey}/operation:${String(operation?.fields['Id'])}` });
    }
  }
  return out;
}
