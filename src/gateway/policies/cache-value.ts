// <cache-store-value key value duration />, <cache-lookup-value key variable-name default-value />,
// <cache-remove-value key />: the gateway's value cache, kept across the requests of a run
// (apim-policies.md §6.7). https://learn.microsoft.com/azure/api-management/cache-lookup-value-policy

import type { VariablesDictionary } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyHandler } from '../policyRun';

export const cacheStoreValue: PolicyHandler = async (el, run, origin) => {
  const key = (await run.attrString(el, 'key')) ?? '';
  const value = (await run.attr(el, 'value')) ?? null;
  const duration = (await run.attrNumber(el, 'duration')) ?? 0;
  run.state.values.set(key, { value, expiresMs: run.clock.now() + duration * 1000 });
  run.traceAt(el, origin, 'cache-store-value', { message: `Value was stored in the cache for ${duration} seconds.`, key });
};

export const cacheLookupValue: PolicyHandler = async (el, run, origin) => {
  const key = (await run.attrString(el, 'key')) ?? '';
  const variable = (await run.attrString(el, 'variable-name')) ?? '';
  const entry = run.state.values.get(key);
  const variables = run.context.fields['Variables'] as VariablesDictionary;
  if (entry && entry.expiresMs > run.clock.now()) {
    variables.set(variable, entry.value);
    run.traceAt(el, origin, 'cache-lookup-value', { message: 'Cache lookup resulted in a hit.', key, variable });
    return;
  }
  if (entry) run.state.values.delete(key);
  // Miss: the default value when given; otherwise the variable is not set [U, §6.7].
  const hasDefault = el.attributes.some((a) => a.name === 'default-value');
  if (hasDefault) variables.set(variable, (await run.attr(el, 'default-value')) ?? null);
  run.traceAt(el, origin, 'cache-lookup-value', { message: `Cache lookup resulted in a miss${hasDefault ? '; the default value was assigned' : ''}.`, key, variable, ...(hasDefault ? { value: toDisplayString((await run.attr(el, 'default-value')) ?? '') } : {}) });
};

export const cacheRemoveValue: PolicyHandler = async (el, run, origin) => {
  const key = (await run.attrString(el, 'key')) ?? '';
  run.state.values.delete(key);
  run.traceAt(el, origin, 'cache-remove-value', { message: 'Value was removed from the cache.', key });
};
