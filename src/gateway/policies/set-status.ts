// <set-status code reason />: the response status.
// https://learn.microsoft.com/azure/api-management/set-status-policy

import { reasonPhrase, type PolicyHandler } from '../policyRun';

export const setStatus: PolicyHandler = async (el, run, origin) => {
  const code = (await run.attrNumber(el, 'code')) ?? 200;
  const reason = (await run.attrString(el, 'reason')) ?? reasonPhrase(code);
  const target = run.responseTarget;
  target.fields['StatusCode'] = code;
  target.fields['StatusReason'] = reason;
  run.traceAt(el, origin, 'set-status', { message: [`Response status code was set to ${code}`, `Response status reason was set to '${reason}'`] });
};
