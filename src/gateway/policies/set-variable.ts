// <set-variable name="..." value="..." />: stores a value in context.Variables.
// https://learn.microsoft.com/azure/api-management/set-variable-policy

import type { VariablesDictionary } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyHandler } from '../policyRun';

export const setVariable: PolicyHandler = async (el, run, origin) => {
  const name = (await run.attrString(el, 'name')) ?? '';
  const value = (await run.attr(el, 'value')) ?? null;
  (run.context.fields['Variables'] as VariablesDictionary).set(name, value);
  run.traceAt(el, origin, 'set-variable', { message: 'Context variable was successfully set.', name, value: value === null ? null : toDisplayString(value) });
};
