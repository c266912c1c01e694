// <jsonp callback-parameter-name />: when the request's query carries the callback parameter,
// the JSON response is wrapped as `callback(<json>);`, ending with `);` as the page shows
// (`XYZ('<json result goes here>');`). https://learn.microsoft.com/azure/api-management/jsonp-policy

import type { ModelUrl } from '../../expressions/builtins/context';
import { bodyText, headersOf, setBody, type PolicyHandler } from '../policyRun';

/** The Content-Type of a JSONP answer [U: not documented; the script MIME type of RFC 9239]. */
export const JSONP_CONTENT_TYPE = 'text/javascript; charset=utf-8';

export const jsonp: PolicyHandler = async (el, run, origin) => {
  const param = (await run.attrString(el, 'callback-parameter-name')) ?? '';
  // The caller's query, as it arrived (rewrite-uri may have dropped the parameter for the backend).
  const values = (run.request.fields['OriginalUrl'] as ModelUrl).query.tryGet(param);
  const callback = values.found ? (values.value as string[])[0] : undefined;
  const body = bodyText(run.message);
  if (!callback) {
    run.traceAt(el, origin, 'jsonp', { message: `The query has no '${param}' parameter: the response is left as JSON.` });
    return;
  }
  headersOf(run.message).set('Content-Type', [JSONP_CONTENT_TYPE]);
  setBody(run.message, `${callback}(${body ?? ''});`);
  run.traceAt(el, origin, 'jsonp', { message: `The response was wrapped in the callback '${callback}'.` });
};
