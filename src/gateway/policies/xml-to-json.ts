// <xml-to-json kind apply consider-accept-header always-array-child-elements />: converts the body
// of the section's message from XML to JSON. https://learn.microsoft.com/azure/api-management/xml-to-json-policy

import { ConversionError, xmlToJson } from '../xmlJson';
import { bodyText, headersOf, PolicyFailure, setBody, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';
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
  const consider = await run.attrBool(el, 'consider-accept-header', true);
  if (consider) {
    const accept = headersOf(run.request).tryGet('Accept');
    const text = accept.found ? (accept.value as string[]).join(',').toLowerCase() : '';
    if (text !== '' && !text.includes('*/*') && !text.includes(to)) return `the request's Accept '${text}' does not ask for ${to.toUpperCase()} (consider-accept-header="true")`;
  }
  return undefined;
}

/**
 * What both conversions do around their converter: skip when `apply`/`consider-accept-header`
 * say so or the body is empty, convert, turn a body that does not parse into the policy's error
 * (`reason` [U: the reference documents no error]), and set the new body with its Content-Type.
 */
export async function convertBody(
  el: PolicyElement,
  run: PolicyRun,
  origin: StatementOrigin,
  how: { readonly policy: string; readonly from: 'json' | 'xml'; readonly to: 'json' | 'xml'; readonly contentType: string; readonly reason: string },
  convert: (body: string) => Promise<{ readonly text: string; readonly message: string }>,
): Promise<void> {
  const skip = await conversionApplies(el, run, how.from, how.to);
  const body = bodyText(run.message);
  if (skip || body === null || body.trim() === '') {
    run.traceAt(el, origin, how.policy, { message: `No conversion: ${skip ?? 'the body is empty'}.` });
    return;
  }
  let converted: { text: string; message: string };
  try {
    converted = await convert(body);
  } catch (e) {
    if (e instanceof ConversionError) throw new PolicyFailure(how.policy, how.reason, e.message);
    throw e;
  }
  headersOf(run.message).set('Content-Type', [how.contentType]);
  setBody(run.message, converted.text);
  run.traceAt(el, origin, how.policy, { message: converted.message });
}

export const xmlToJsonPolicy: PolicyHandler = (el, run, origin) =>
  convertBody(el, run, origin, { policy: 'xml-to-json', from: 'xml', to: 'json', contentType: 'application/json', reason: 'InvalidXml' }, async (body) => {
    const kind = (await run.attrString(el, 'kind')) === 'direct' ? 'direct' : 'javascript-friendly';
    const always = el.attributes.some((a) => a.name === 'always-array-child-elements') ? await run.attrBool(el, 'always-array-child-elements', false) : await run.attrBool(el, 'always-array-children', false);
    return { text: xmlToJson(body, { kind, alwaysArrayChildren: always }), message: `The body was converted from XML to JSON (${kind}).` };
  });
