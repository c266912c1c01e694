// What validate-content, validate-parameters, validate-headers and validate-status-code share:
// actions (ignore, detect, prevent), the error records, the errors variable and the responses of
// `prevent` (apim-policies.md §6.14 and the docs' validation error reference).

import { parseJson } from '../../expressions/builtins/json';
import type { VariablesDictionary } from '../../expressions/builtins/context';
import type { PolicyElement } from '../../policy/policyDocument';
import { errorResponse, PolicyFailure, type PolicyRun, type StatementOrigin } from '../policyRun';
import type { ApiSpecification, SpecOperation } from '../openApi';

export type ValidationAction = 'ignore' | 'detect' | 'prevent';

/** One error, in the gateway's record shape, with the text the client sees. */
export interface ValidationError {
  readonly Name: string;
  readonly Type: string;
  readonly ValidationRule: string;
  readonly Details: string;
  readonly Action: ValidationAction;
  /** The public response (not part of the record). */
  readonly publicMessage: string;
}

/** What a client gets for errors found in a response: internal details are never shown. */
export const RESPONSE_PUBLIC_MESSAGE = 'The request could not be processed due to an internal error. Contact the API owner.';

export async function actionAttr(run: PolicyRun, el: PolicyElement | undefined, name: string): Promise<ValidationAction | undefined> {
  if (!el) return undefined;
  const v = (await run.attrString(el, name))?.toLowerCase();
  return v === 'ignore' || v === 'detect' || v === 'prevent' ? v : undefined;
}

/** The request and response sides, as the docs name them. */
export function isResponseSide(run: PolicyRun): boolean {
  return run.section === 'outbound' || run.section === 'on-error';
}

/** The API definition and the operation in it, or the ApiSchema error the gateway reports. */
export function apiOperation(run: PolicyRun, policy: string, action: ValidationAction): { spec: ApiSpecification; op: SpecOperation } | ValidationError {
  const spec = run.api?.specification;
  const missing = (details: string): ValidationError => ({ Name: '', Type: 'ApiSchema', ValidationRule: '', Details: details, Action: action, publicMessage: RESPONSE_PUBLIC_MESSAGE });
  if (!spec) return missing(run.api?.specificationError ? `API's schema does not exist or it could not be resolved. ${run.api.specificationError}` : `API's schema does not exist or it could not be resolved.`);
  const op = run.operation ? spec.operationFor(run.operation) : undefined;
  if (!op) return missing(`API's schema does not specify definitions for the operation ${run.operation?.method ?? ''} ${run.operation?.urlTemplate ?? ''} (${policy}).`);
  return { spec, op };
}

/**
 * Ends a validation policy: detected and prevented errors go to the errors variable (a JArray of
 * the records); the first `prevent` stops the request with 400 (inbound) or 502 (outbound), the
 * public message to the client and the details in context.LastError.
 */
export async function finishValidation(run: PolicyRun, el: PolicyElement, origin: StatementOrigin, policy: string, errors: readonly ValidationError[], variableAttr = 'errors-variable-name'): Promise<void> {
  const kept = errors.filter((e) => e.Action !== 'ignore');
  const variable = await run.attrString(el, variableAttr);
  if (variable) {
    const records = kept.map(({ publicMessage: _, ...r }) => r);
    (run.context.fields['Variables'] as VariablesDictionary).set(variable, parseJson(JSON.stringify(records)));
  }
  const prevented = kept.find((e) => e.Action === 'prevent');
  if (kept.length === 0) {
    run.traceAt(el, origin, policy, { message: errors.length ? `${errors.length} error(s) ignored.` : 'Validation passed.' });
    return;
  }
  run.traceAt(el, origin, policy, { message: `${kept.length} validation error(s).`, errors: kept.map(({ publicMessage: _, ...r }) => r) }, prevented ? { error: true } : {});
  if (!prevented) return;
  const response = isResponseSide(run);
  throw new PolicyFailure(policy, response ? 'Response not allowed' : 'Bad request', prevented.Details, errorResponse(response ? 502 : 400, prevented.publicMessage));
}
