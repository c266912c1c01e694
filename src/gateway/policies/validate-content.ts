// <validate-content unspecified-content-type-action max-size size-exceeded-action
// errors-variable-name> with <content-type-map> and <content type validate-as action schema-id
// schema-ref allow-additional-properties />: the size and content of the request body (inbound)
// or response body (outbound, on-error) against the API definition or a schema of the service.
// https://learn.microsoft.com/azure/api-management/validate-content-policy

import { XMLValidator } from 'fast-xml-parser';
import { toDisplayString } from '../../expressions/runtime/operators';
import { ApiSpecification, responseFor, type SpecContent } from '../openApi';
import { bodyText, headersOf, type PolicyHandler, type PolicyRun } from '../policyRun';
import type { PolicyElement } from '../../policy/policyDocument';
import { actionAttr, apiOperation, finishValidation, isResponseSide, RESPONSE_PUBLIC_MESSAGE, type ValidationAction, type ValidationError } from './validation';

/** The media type of the message after content-type-map (any-content-type-value, missing-…, type). */
async function mappedContentType(run: PolicyRun, el: PolicyElement): Promise<string> {
  const header = headersOf(run.message).tryGet('Content-Type');
  const raw = header.found ? ((header.value as string[])[0] ?? '') : '';
  let type = raw.split(';')[0]!.trim().toLowerCase();
  const map = run.children(el, 'content-type-map')[0];
  if (!map) return type;
  const any = await run.attrString(map, 'any-content-type-value');
  if (any) return any.toLowerCase();
  const missing = await run.attrString(map, 'missing-content-type-value');
  if (!type && missing) return missing.toLowerCase();
  for (const t of run.children(map, 'type')) {
    const to = (await run.attrString(t, 'to'))?.toLowerCase();
    if (!to) continue;
    const from = await run.attrString(t, 'from');
    if (from !== undefined && from.toLowerCase() === type) return to;
    if (from === undefined && t.attributes.some((a) => a.name === 'when') && toDisplayString(await run.attr(t, 'when')).toLowerCase() === 'true') return to;
  }
  return type;
}

/** The schema of a media type: exact, then `type/*`, then `*` / `*` (OpenAPI media type ranges). */
function schemaFor(content: SpecContent | undefined, type: string): { found: boolean; pointer: string | undefined } {
  if (!content) return { found: false, pointer: undefined };
  for (const key of [type, `${type.split('/')[0]}/*`, '*/*']) if (key in content) return { found: true, pointer: content[key] };
  return { found: false, pointer: undefined };
}

const namedSchemas = new WeakMap<object, ApiSpecification>();

export const validateContent: PolicyHandler = async (el, run, origin) => {
  const response = isResponseSide(run);
  const side = response ? 'ResponseBody' : 'RequestBody';
  const errors: ValidationError[] = [];
  const body = bodyText(run.message) ?? '';
  const size = Buffer.byteLength(body, 'utf8');
  const maxSize = (await run.attrNumber(el, 'max-size')) ?? 102400;
  const sizeAction = (await actionAttr(run, el, 'size-exceeded-action')) ?? 'prevent';
  const publicOr = (text: string): string => (response ? RESPONSE_PUBLIC_MESSAGE : text);
  if (size > maxSize) {
    errors.push({ Name: '', Type: side, ValidationRule: 'SizeLimit', Details: `${response ? "Response's" : "Request's"} body is ${size} bytes long and it exceeds the configured limit of ${maxSize} bytes.`, Action: sizeAction, publicMessage: publicOr(`Request's body is ${size} bytes long and it exceeds the limit of ${maxSize} bytes.`) });
  }
  // Processing stops at the first set of errors that prevents (§6.14).
  if (!errors.some((e) => e.Action === 'prevent') && body !== '') await checkBody(el, run, errors, side, response, publicOr);
  await finishValidation(run, el, origin, 'validate-content', errors);
};

async function checkBody(el: PolicyElement, run: PolicyRun, errors: ValidationError[], side: string, response: boolean, publicOr: (t: string) => string): Promise<void> {
  const type = await mappedContentType(run, el);
  const unspecifiedAction = (await actionAttr(run, el, 'unspecified-content-type-action')) ?? 'prevent';
  const contents = run.children(el, 'content');
  const rule = contents.find((c) => c.attributes.find((a) => a.name === 'type')?.value?.toLowerCase() === type) ?? contents.find((c) => !c.attributes.some((a) => a.name === 'type'));
  const action: ValidationAction = (rule ? await actionAttr(run, rule, 'action') : undefined) ?? 'prevent';
  const schemaId = rule ? await run.attrString(rule, 'schema-id') : undefined;

  // The API definition's content for this message (not needed when a named schema is used).
  let spec: ApiSpecification | undefined;
  let pointer: string | undefined;
  if (schemaId === undefined) {
    const found = apiOperation(run, 'validate-content', unspecifiedAction);
    if ('Type' in found) {
      errors.push(found);
      return;
    }
    const status = String(run.response.fields['StatusCode']);
    const content = response ? responseFor(found.op, status)?.content : found.op.requestBody;
    const match = schemaFor(content, type);
    if (!match.found) {
      errors.push({ Name: type, Type: side, ValidationRule: 'Unspecified', Details: `Unspecified content type ${type} is not allowed.`, Action: unspecifiedAction, publicMessage: publicOr(`Unspecified content type ${type} is not allowed.`) });
      return;
    }
    spec = found.spec;
    pointer = match.pointer;
  }
  if (!rule) return;
  const validateAs = ((await run.attrString(rule, 'validate-as')) ?? 'json').toLowerCase();
  const what = response ? 'response' : 'request';
  if (validateAs === 'xml' || validateAs === 'soap') {
    // Only well-formedness: XML Schema and SOAP envelope validation are not simulated (said in the trace).
    const ok = XMLValidator.validate(bodyText(run.message) ?? '');
    if (ok !== true) errors.push({ Name: type, Type: side, ValidationRule: 'IncorrectMessage', Details: `Body of the ${what} does not conform to the definition, which is associated with the content type ${type}. ${ok.err.msg} Line: ${ok.err.line}, Position: ${ok.err.col}`, Action: action, publicMessage: publicOr(`Body of the ${what} does not conform to the definition, which is associated with the content type ${type}. ${ok.err.msg} Line: ${ok.err.line}, Position: ${ok.err.col}`) });
    else run.trace.add({ section: run.section, source: 'validate-content', data: { message: `The body is well-formed ${validateAs.toUpperCase()}; XML Schema validation is not simulated.` } });
    return;
  }
  if (schemaId !== undefined) {
    const doc = run.config.schemas?.get(schemaId);
    if (!doc || typeof doc !== 'object') {
      errors.push({ Name: type, Type: side, ValidationRule: 'MissingDefinition', Details: `API's schema does not contain definition ${schemaId}, which is associated with the content type ${type}.`, Action: action, publicMessage: RESPONSE_PUBLIC_MESSAGE });
      return;
    }
    spec = namedSchemas.get(doc) ?? new ApiSpecification(doc);
    namedSchemas.set(doc, spec);
    const ref = (await run.attrString(rule, 'schema-ref')) ?? '';
    pointer = ref.replace(/^#/, '');
  }
  if (!spec || pointer === undefined) return; // the media type has no schema: nothing to check
  let value: unknown;
  try {
    value = JSON.parse(bodyText(run.message) ?? '');
  } catch (e) {
    errors.push({ Name: type, Type: side, ValidationRule: 'ValidationException', Details: `Body of the ${what} cannot be validated for the content type ${type}. ${(e as Error).message}`, Action: action, publicMessage: RESPONSE_PUBLIC_MESSAGE });
    return;
  }
  const allow = rule.attributes.some((a) => a.name === 'allow-additional-properties') ? (await run.attrBool(rule, 'allow-additional-properties', true)) : undefined;
  const problems = spec.validate(pointer, value, allow === undefined ? {} : { allowAdditionalProperties: allow });
  if (problems.length === 0) return;
  const definition = schemaId ?? spec.definitionName(pointer);
  const details = `Body of the ${what} does not conform to the definition ${definition}, which is associated with the content type ${type}. ${problems.map((p) => p.message).join('; ')}`;
  errors.push({ Name: type, Type: side, ValidationRule: 'IncorrectMessage', Details: details, Action: action, publicMessage: publicOr(details) });
}
