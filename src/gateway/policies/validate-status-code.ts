// <validate-status-code unspecified-status-code-action errors-variable-name> with
// <status-code code action />: the response status against the operation's responses in the API
// definition; `status-code` overrides only codes the definition does not list.
// https://learn.microsoft.com/azure/api-management/validate-status-code-policy

import { responseFor } from '../openApi';
import type { PolicyHandler } from '../policyRun';
import { actionAttr, apiOperation, finishValidation, RESPONSE_PUBLIC_MESSAGE, type ValidationError } from './validation';

export const validateStatusCode: PolicyHandler = async (el, run, origin) => {
  const unspecified = (await actionAttr(run, el, 'unspecified-status-code-action')) ?? 'prevent';
  const found = apiOperation(run, 'validate-status-code', unspecified);
  if ('Type' in found) return finishValidation(run, el, origin, 'validate-status-code', [found]);
  const status = String(run.response.fields['StatusCode']);
  // A lower-case range (`4xx`) counts here too, as it always has for this policy.
  const listed = responseFor(found.op, status) !== undefined || found.op.responses.has(`${status[0]}xx`);
  const errors: ValidationError[] = [];
  if (!listed) {
    const override = run.children(el, 'status-code').find((c) => c.attributes.find((a) => a.name === 'code')?.value === status);
    const action = (await actionAttr(run, override, 'action')) ?? unspecified;
    errors.push({ Name: status, Type: 'StatusCode', ValidationRule: 'Unspecified', Details: `Response status code ${status} is not allowed.`, Action: action, publicMessage: RESPONSE_PUBLIC_MESSAGE });
  }
  await finishValidation(run, el, origin, 'validate-status-code', errors);
};
