// <validate-headers specified-header-action unspecified-header-action errors-variable-name> with
// <header name action />: the response headers against the operation's response in the API
// definition. https://learn.microsoft.com/azure/api-management/validate-headers-policy

import type { MultiValueDictionary } from '../../expressions/builtins/context';
import { responseFor } from '../openApi';
import { headersOf, type PolicyHandler } from '../policyRun';
import { actionAttr, apiOperation, finishValidation, RESPONSE_PUBLIC_MESSAGE, type ValidationError } from './validation';

/**
 * Response headers the gateway and HTTP itself add, never "unspecified" [U: the docs do not list
 * them; without this every response would fail `unspecified-header-action="prevent"`]. Change here.
 */
export const EXEMPT_RESPONSE_HEADERS = new Set([
  'content-type', 'content-length', 'content-encoding', 'date', 'server', 'connection', 'transfer-encoding', 'vary', 'cache-control', 'expires', 'pragma', 'etag', 'last-modified',
  'request-context', 'x-powered-by', 'strict-transport-security', 'ocp-apim-trace-location', 'retry-after',
]);

export const validateHeaders: PolicyHandler = async (el, run, origin) => {
  const specified = (await actionAttr(run, el, 'specified-header-action')) ?? 'prevent';
  const unspecified = (await actionAttr(run, el, 'unspecified-header-action')) ?? 'prevent';
  const found = apiOperation(run, 'validate-headers', specified);
  if ('Type' in found) return finishValidation(run, el, origin, 'validate-headers', [found]);
  const status = String(run.response.fields['StatusCode']);
  const declared = responseFor(found.op, status)?.headers ?? new Map();
  const own = async (name: string) => actionAttr(run, run.children(el, 'header').find((h) => h.attributes.find((a) => a.name === 'name')?.value?.toLowerCase() === name.toLowerCase()), 'action');
  const headers = headersOf(run.response) as MultiValueDictionary;
  const errors: ValidationError[] = [];
  for (const kv of headers) {
    const { key, value } = kv as { key: string; value: string[] };
    const spec = declared.get(key.toLowerCase());
    if (!spec) {
      if (EXEMPT_RESPONSE_HEADERS.has(key.toLowerCase())) continue;
      errors.push({ Name: key, Type: 'ResponseHeader', ValidationRule: 'Unspecified', Details: `Unspecified header ${key} is not allowed.`, Action: (await own(key)) ?? unspecified, publicMessage: RESPONSE_PUBLIC_MESSAGE });
      continue;
    }
    const action = (await own(key)) ?? specified;
    const isArray = spec.schema && typeof spec.schema === 'object' && spec.schema['type'] === 'array';
    if (value.length > 1 && !isArray) {
      errors.push({ Name: key, Type: 'ResponseHeader', ValidationRule: 'IncorrectMessage', Details: `Response cannot contain multiple values for the header ${key}.`, Action: action, publicMessage: RESPONSE_PUBLIC_MESSAGE });
      continue;
    }
    if (!spec.pointer) continue;
    const problems = found.spec.validate(spec.pointer, isArray ? value.flatMap((v) => v.split(',')) : value[0], { coerce: true });
    if (problems.length) errors.push({ Name: key, Type: 'ResponseHeader', ValidationRule: 'IncorrectMessage', Details: `Value of the header ${key} does not conform to the definition. ${problems.map((p) => p.message.replace(/^\(root\) /, '')).join('; ')}`, Action: action, publicMessage: RESPONSE_PUBLIC_MESSAGE });
  }
  await finishValidation(run, el, origin, 'validate-headers', errors);
};
