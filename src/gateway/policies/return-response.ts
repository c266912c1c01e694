// <return-response response-variable-name="..."><set-status/><set-header/><set-body/></return-response>:
// ends the pipeline and sends the response (default 200 OK, no body; §1.5).
// https://learn.microsoft.com/azure/api-management/return-response-policy

import { ModelObject, MultiValueDictionary } from '../../expressions/builtins/context';
import type { VariablesDictionary } from '../../expressions/builtins/context';
import { PolicyFailure, type PolicyHandler } from '../policyRun';

export const returnResponse: PolicyHandler = async (el, run, origin) => {
  const variable = await run.attrString(el, 'response-variable-name');
  let response: ModelObject;
  if (variable !== undefined) {
    const v = (run.context.fields['Variables'] as VariablesDictionary).tryGet(variable);
    if (!v.found || !(v.value instanceof ModelObject)) throw new PolicyFailure('return-response', 'VariableNotFound', `Context variable '${variable}' does not hold a response.`);
    response = v.value;
  } else {
    response = new ModelObject('IResponse', { StatusCode: 200, StatusReason: 'OK', Headers: new MultiValueDictionary(), Body: null });
  }
  run.messageOverride = response;
  try {
    await run.statements(run.children(el), origin);
  } finally {
    run.messageOverride = undefined;
  }
  run.context.fields['Response'] = response;
  run.ended = true;
  run.traceAt(el, origin, 'return-response', { message: 'Return response was applied', response: { status: { code: response.fields['StatusCode'], reason: response.fields['StatusReason'] } } });
};
