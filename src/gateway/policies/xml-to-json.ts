// <xml-to-json kind apply consider-accept-header always-array-child-elements />: converts the body
// of the section's message from XML to JSON. https://learn.microsoft.com/azure/api-management/xml-to-json-policy

import { ConversionError, xmlToJson } from '../xmlJson';
import { bodyText, headersOf, PolicyFailure, setBody, type PolicyHandler, type PolicyRun } from '../policyRun';
import type { PolicyElement } from '../../policy/policyDocument';

/**
 * Whether a conversion applies: `apply="content-type-…"` needs the message's Content-Type to name
 * the source format; `consider-accept-header="true"` (the default) needs the request's Accept to
 * ask for the target format. An Accept of `*` / `*` or none counts as asking [U: the docs say only
 * "if JSON is requested in request Accept header"; curl and browsers send `*` / `*`].
 */
export async function conversionApplies(el: PolicyElement, run: PolicyRun, from: 'json' | 'xml', to: 'json' | 'xml'): Promise<string | undefined> {
  const apply = (await run.attrString(el, 'apply')) ?? 'always';
  const type = headersOf(run.message).tryGet('Content-Type');
  const contentType = type.found ? (type.value as string[]).join(',') : '';
  if (apply !== 'always' && !contentType.toLowerCase().includes(from)) return `the Content-Type '${contentType}' is not ${from.toUpperCase()} (apply="${apply}")`;
  const consider = ((await run.attrString(el, 'consider-accept-header')) ?? 'true').toLowerCase() === 'true';
  if (consider) {
    const accept = headersOf(run.request).tryGet('Accept');
    const text = accept.found ? (accept.value as string[]).join(',').toLowerCase() : '';
    if (text !== '' && !text.includes('*/*') && !text.includes(to)) return `the request's Accept '${text}' does not ask for ${to.toUpperCase()} (consider-accept-header="true")`;
  }
  return undefined;
}

export function setContentType(run: PolicyRun, type: string): void {
  headersOf(run.message).set('Content-Type', [type]);
}

export const xmlToJsonPolicy: PolicyHandler = async (el, run, origin) => {
  const skip = await conversionApplies(el, run, 'xml', 'json');
  const body = bodyText(run.message);
  if (skip || body === null || body.trim() === '') {
    run.traceAt(el, origin, 'xml-to-json', { message: `No conversion: ${skip ?? 'the body is empty'}.` });
    return;
  }
  const kind = (await run.attrString(el, 'kind')) === 'direct' ? 'direct' : 'javascript-friendly';
  const always = ((await run.attrString(el, 'always-array-child-elements')) ?? (await run.attrString(el, 'always-array-children')) ?? 'false').toLowerCase() === 'true';
  let json: string;
  try {
    json = xmlToJson(body, { kind, alwaysArrayChildren: always });
  } catch (e) {
    // [U] reason name: the reference documents no error for a body that is not XML.
    if (e instanceof ConversionError) throw new PolicyFailure('xml-to-json', 'InvalidXml', e.message);
    throw e;
  }
  setContentType(run, 'application/json');
  setBody(run.message, json);
  run.traceAt(el, origin, 'xml-to-json', { message: `The body was converted from XML to JSON (${kind}).` });
};
