// <set-method>POST</set-method>: the request's HTTP method.
// https://learn.microsoft.com/azure/api-management/set-method-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyHandler } from '../policyRun';

export const setMethod: PolicyHandler = async (el, run, origin) => {
  const method = toDisplayString((await run.content(el)) ?? '').trim().toUpperCase();
  run.requestTarget.fields['Method'] = method;
  run.traceAt(el, origin, 'set-method', { message: `Request method was set to ${method}` });
};
