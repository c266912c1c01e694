// <set-header name exists-action><value/>*</set-header>: on the request in inbound and backend,
// on the response in outbound and on-error. https://learn.microsoft.com/azure/api-management/set-header-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import type { MultiValueDictionary } from '../../expressions/builtins/context';
import { headersOf, type PolicyHandler, type PolicyRun } from '../policyRun';
import type { PolicyElement } from '../../policy/policyDocument';

export async function valuesOf(el: PolicyElement, run: PolicyRun): Promise<string[]> {
  const out: string[] = [];
  for (const v of run.children(el, 'value')) {
    const x = await run.content(v);
    out.push(x === null || x === undefined ? '' : toDisplayString(x));
  }
  return out;
}

/** override (default) replaces, skip keeps an existing entry, append adds, delete removes. */
export function applyToDictionary(dict: MultiValueDictionary, name: string, action: string, values: string[]): void {
  const existing = dict.tryGet(name);
  switch (action) {
    case 'delete':
      dict.remove(name);
      return;
    case 'skip':
      if (!existing.found) dict.set(name, values);
      return;
    case 'append':
      dict.set(name, existing.found ? [...(existing.value as string[]), ...values] : values);
      return;
    default:
      dict.set(name, values);
  }
}

export const setHeader: PolicyHandler = async (el, run, origin) => {
  const name = (await run.attrString(el, 'name')) ?? '';
  const action = (await run.attrString(el, 'exists-action')) ?? 'override';
  const values = await valuesOf(el, run);
  applyToDictionary(headersOf(run.message), name, action, values);
  run.traceAt(el, origin, 'set-header', action === 'delete' ? { message: 'Specified header was removed.', header: { name } } : { message: 'Specified value was assigned to the header (see below).', header: { name, value: values.join(',') } });
};
