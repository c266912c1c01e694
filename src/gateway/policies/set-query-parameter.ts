// <set-query-parameter name exists-action><value/>*</set-query-parameter>: on the backend URL.
// https://learn.microsoft.com/azure/api-management/set-query-parameter-policy

import { applyToDictionary, valuesOf } from './set-header';
import { requestUrl, type PolicyHandler } from '../policyRun';

export const setQueryParameter: PolicyHandler = async (el, run, origin) => {
  const name = (await run.attrString(el, 'name')) ?? '';
  const action = (await run.attrString(el, 'exists-action')) ?? 'override';
  const values = await valuesOf(el, run);
  const url = requestUrl(run);
  applyToDictionary(url.query, name, action, values);
  run.traceAt(el, origin, 'set-query-parameter', { message: 'Query parameter was set.', request: { url: url.toString() } });
};
