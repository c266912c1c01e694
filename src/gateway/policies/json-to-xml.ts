// <json-to-xml apply consider-accept-header parse-date namespace-separator namespace-prefix
// attribute-block-name />: converts the body of the section's message from JSON to XML.
// https://learn.microsoft.com/azure/api-management/json-to-xml-policy

import { ConversionError, jsonToXml } from '../xmlJson';
import { bodyText, PolicyFailure, setBody, type PolicyHandler } from '../policyRun';
import { conversionApplies, setContentType } from './xml-to-json';

export const jsonToXmlPolicy: PolicyHandler = async (el, run, origin) => {
  const skip = await conversionApplies(el, run, 'json', 'xml');
  const body = bodyText(run.message);
  if (skip || body === null || body.trim() === '') {
    run.traceAt(el, origin, 'json-to-xml', { message: `No conversion: ${skip ?? 'the body is empty'}.` });
    return;
  }
  // parse-date only changes how date strings are re-printed by .NET's parser; strings pass through
  // as written here (the simulator keeps the text the backend sent).
  let xml: string;
  try {
    xml = jsonToXml(body, {
      namespaceSeparator: (await run.attrString(el, 'namespace-separator')) ?? '_',
      namespacePrefix: await run.attrString(el, 'namespace-prefix'),
      attributeBlockName: await run.attrString(el, 'attribute-block-name'),
    });
  } catch (e) {
    // [U] reason name: the reference documents no error for a body that is not JSON.
    if (e instanceof ConversionError) throw new PolicyFailure('json-to-xml', 'InvalidJson', e.message);
    throw e;
  }
  setContentType(run, 'application/xml');
  setBody(run.message, xml);
  run.traceAt(el, origin, 'json-to-xml', { message: 'The body was converted from JSON to XML.' });
};
