// <set-body>text or expression</set-body>: the request body (inbound, backend) or the response
// body (outbound, on-error). https://learn.microsoft.com/azure/api-management/set-body-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import { attribute } from '../../policy/policyDocument';
import { setBody as setMessageBody, type PolicyHandler } from '../policyRun';

export const setBody: PolicyHandler = async (el, run, origin) => {
  if (attribute(el, 'template')?.value?.toLowerCase() === 'liquid') {
    run.unsimulated.push('set-body template="liquid"');
    run.traceAt(el, origin, 'set-body', { message: 'Liquid templates are not simulated yet: the body was left unchanged.' }, { notSimulated: true });
    return;
  }
  const value = await run.content(el);
  const text = value === null || value === undefined ? '' : toDisplayString(value);
  setMessageBody(run.message, text);
  run.traceAt(el, origin, 'set-body', { message: 'The message body was set.', length: text.length });
};
