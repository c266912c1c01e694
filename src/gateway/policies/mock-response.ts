// <mock-response status-code content-type />: ends the pipeline with a mocked response (§6.15).
// The operation's response examples are not loaded by the simulator yet, so the body is empty,
// which is also what the gateway does when the operation has no example or schema.
// https://learn.microsoft.com/azure/api-management/mock-response-policy

import { ModelObject, MultiValueDictionary } from '../../expressions/builtins/context';
import { reasonPhrase, type PolicyHandler } from '../policyRun';

export const mockResponse: PolicyHandler = async (el, run, origin) => {
  const status = Number((await run.attrString(el, 'status-code')) ?? '200');
  const type = await run.attrString(el, 'content-type');
  run.context.fields['Response'] = new ModelObject('IResponse', { StatusCode: status, StatusReason: reasonPhrase(status), Headers: type ? MultiValueDictionary.of([['Content-Type', type]]) : new MultiValueDictionary(), Body: null });
  run.ended = true;
  run.traceAt(el, origin, 'mock-response', { message: `A mocked ${status} response was returned; response examples from the API specification are not simulated yet, so its body is empty.` });
};
