// <validate-parameters specified-parameter-action unspecified-parameter-action errors-variable-name>
// with <headers>, <query>, <path> overrides and <parameter name action />: the request's path,
// query and header parameters against the operation in the API definition.
// https://learn.microsoft.com/azure/api-management/validate-parameters-policy

import type { ModelUrl, MultiValueDictionary, StringDictionary } from '../../expressions/builtins/context';
import type { ApiSpecification, SpecParameter } from '../openApi';
import type { PolicyHandler } from '../policyRun';
import { actionAttr, apiOperation, finishValidation, type ValidationAction, type ValidationError } from './validation';

/**
 * Request headers no API definition lists but every client sends; they are never "unspecified"
 * [U: the docs do not say which headers the gateway exempts; without this list every browser
 * request would fail `unspecified-parameter-action="prevent"`]. Change here.
 */
export const EXEMPT_REQUEST_HEADERS = new Set([
  'accept', 'accept-encoding', 'accept-language', 'authorization', 'cache-control', 'connection', 'content-length', 'content-type', 'cookie', 'host', 'origin', 'pragma', 'referer', 'user-agent',
  'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'traceparent', 'tracestate', 'ocp-apim-subscription-key', 'ocp-apim-trace', 'if-match', 'if-none-match', 'if-modified-since', 'expect', 'te', 'upgrade-insecure-requests',
]);

/** A required parameter that is absent is reported [U: not in the docs' error table]. */
export const REPORT_MISSING_REQUIRED = true;

const LABEL = { query: 'query parameter', path: 'path parameter', header: 'header' } as const;
const TYPE = { query: 'QueryParameter', path: 'PathParameter', header: 'RequestHeader' } as const;

export const validateParameters: PolicyHandler = async (el, run, origin) => {
  const specified = (await actionAttr(run, el, 'specified-parameter-action')) ?? 'prevent';
  const unspecified = (await actionAttr(run, el, 'unspecified-parameter-action')) ?? 'prevent';
  const found = apiOperation(run, 'validate-parameters', specified);
  if ('Type' in found) return finishValidation(run, el, origin, 'validate-parameters', [found]);
  const errors: ValidationError[] = [];
  const request = run.request;
  const original = request.fields['OriginalUrl'] as ModelUrl;
  const headers = request.fields['Headers'] as MultiValueDictionary;
  const matched = request.fields['MatchedParameters'] as StringDictionary;
  const values = (where: 'query' | 'path' | 'header', name: string): string[] | undefined => {
    if (where === 'path') {
      const v = matched.tryGet(name);
      return v.found ? [String(v.value)] : undefined;
    }
    const dict = where === 'query' ? original.query : headers;
    const v = dict.tryGet(name);
    return v.found ? (v.value as string[]) : undefined;
  };
  for (const where of ['path', 'query', 'header'] as const) {
    const group = run.children(el, where === 'header' ? 'headers' : where)[0];
    const groupSpecified = (await actionAttr(run, group, 'specified-parameter-action')) ?? specified;
    const groupUnspecified = (await actionAttr(run, group, 'unspecified-parameter-action')) ?? unspecified;
    const own = async (name: string): Promise<ValidationAction | undefined> => {
      const p = group ? run.children(group, 'parameter').find((x) => x.attributes.find((a) => a.name === 'name')?.value?.toLowerCase() === name.toLowerCase()) : undefined;
      return actionAttr(run, p, 'action');
    };
    const declared = found.op.parameters.filter((p) => p.in === where);
    for (const p of declared) {
      const action = (await own(p.name)) ?? groupSpecified;
      const got = values(where, p.name);
      const error = checkParameter(found.spec, p, got, action);
      if (error) errors.push(error);
    }
    if (where === 'path') continue;
    const present = where === 'query' ? keys(original.query) : keys(headers);
    for (const name of present) {
      if (declared.some((p) => p.name.toLowerCase() === name.toLowerCase())) continue;
      if (where === 'header' && EXEMPT_REQUEST_HEADERS.has(name.toLowerCase())) continue;
      if (where === 'query' && name === 'subscription-key') continue;
      const action = (await own(name)) ?? groupUnspecified;
      const details = `Unspecified ${LABEL[where]} ${name} is not allowed.`;
      errors.push({ Name: name, Type: TYPE[where], ValidationRule: 'Unspecified', Details: details, Action: action, publicMessage: details });
    }
  }
  await finishValidation(run, el, origin, 'validate-parameters', errors);
};

function keys(dict: MultiValueDictionary): string[] {
  return [...dict].map((kv) => String((kv as { key: unknown }).key));
}

function checkParameter(spec: ApiSpecification, p: SpecParameter, got: string[] | undefined, action: ValidationAction): ValidationError | undefined {
  const where = p.in === 'cookie' ? 'header' : p.in;
  const base = { Name: p.name, Type: TYPE[where], ValidationRule: 'IncorrectMessage', Action: action } as const;
  if (!got || got.length === 0) {
    if (!p.required || !REPORT_MISSING_REQUIRED) return undefined;
    const details = `Value of the ${LABEL[where]} ${p.name} does not conform to the definition. The parameter is required.`;
    return { ...base, Details: details, publicMessage: details };
  }
  const isArray = p.schema && typeof p.schema === 'object' && (p.schema['type'] === 'array' || (Array.isArray(p.schema['type']) && p.schema['type'].includes('array')));
  if (got.length > 1 && !isArray) {
    const details = `Request cannot contain multiple values for the ${LABEL[where]} ${p.name}.`;
    return { ...base, Details: details, publicMessage: details };
  }
  if (!p.pointer) return undefined;
  const value = isArray ? got.flatMap((v) => v.split(',')) : got[0];
  const problems = spec.validate(p.pointer, value, { coerce: true });
  if (problems.length === 0) return undefined;
  const detail = problems.map((x) => x.message.replace(/^\(root\) /, '')).join('; ');
  return { ...base, Details: `Value of the ${LABEL[where]} ${p.name} does not conform to the definition. ${detail}`, publicMessage: `The value of the ${LABEL[where]} ${p.name} does not conform to the definition. ${detail}` };
}
