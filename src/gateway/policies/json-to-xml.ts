// <json-to-xml apply consider-accept-header parse-date namespace-separator namespace-prefix
// attribute-block-name />: converts the body of the section's message from JSON to XML.
// https://learn.microsoft.com/azure/api-management/json-to-xml-policy

import { jsonToXml } from '../xmlJson';
import type { PolicyHandler } from '../policyRun';
import { convertBody } from './xml-to-json';

// parse-date only changes how date strings are re-printed by .NET's parser; strings pass through
// as written here (the simulator keeps the text the backend sent).
export const jsonToXmlPolicy: PolicyHandler = (el, run, origin) =>
  convertBody(el, run, origin, { policy: 'json-to-xml', from: 'json', to: 'xml', contentType: 'application/xml', reason: 'InvalidJson' }, async (body) => ({
    text: jsonToXml(body, {
      namespaceSeparator: (await run.attrString(el, 'namespace-separator')) ?? '_',
      namespacePrefix: await run.attrString(el, 'namespace-prefix'),
      attributeBlockName: await run.attrString(el, 'attribute-block-name'),
    }),
    message: 'The body was converted from JSON to XML.',
  }));
