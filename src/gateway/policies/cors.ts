// <cors allow-credentials terminate-unmatched-request>…</cors>: answers preflights itself and
// adds Access-Control-* headers to matched cross-origin responses (apim-policies.md §6.5).
// https://learn.microsoft.com/azure/api-management/cors-policy

import { ModelObject, MultiValueDictionary } from '../../expressions/builtins/context';
import { headersOf, type PolicyHandler, type PolicyRun } from '../policyRun';

function header(run: PolicyRun, name: string): string | undefined {
  const h = headersOf(run.request).tryGet(name);
  return h.found ? (h.value as string[]).join(',') : undefined;
}

export const cors: PolicyHandler = async (el, run, origin) => {
  // Only the first cors of the effective inbound applies (§6.5).
  if (run.corsSeen) return;
  run.corsSeen = true;
  const requestOrigin = header(run, 'Origin');
  if (!requestOrigin) {
    run.traceAt(el, origin, 'cors', 'Origin header was missing or empty and the request was classified as not cross-domain. CORS policy was not applied.');
    return;
  }
  const credentials = await run.attrBool(el, 'allow-credentials', false);
  // Default true (toolkit and troubleshooting text); one doc revision says false [U].
  const terminate = await run.attrBool(el, 'terminate-unmatched-request', true);
  const originsEl = run.children(el, 'allowed-origins')[0];
  const methodsEl = run.children(el, 'allowed-methods')[0];
  const origins = await run.childTexts(originsEl, 'origin');
  const methods = methodsEl ? await run.childTexts(methodsEl, 'method') : ['GET', 'POST'];
  const headers = await run.childTexts(run.children(el, 'allowed-headers')[0], 'header');
  const expose = await run.childTexts(run.children(el, 'expose-headers')[0], 'header');
  const maxAge = methodsEl ? ((await run.attrString(methodsEl, 'preflight-result-max-age')) ?? '0') : '0';
  const originAllowed = origins.includes('*') || origins.some((o) => o.toLowerCase() === requestOrigin.toLowerCase());
  // With credentials the origin is echoed, never * (Fetch standard) [U].
  const allowOrigin = origins.includes('*') && !credentials ? '*' : requestOrigin;

  const endWithEmpty200 = (why: string): void => {
    run.context.fields['Response'] = new ModelObject('IResponse', { StatusCode: 200, StatusReason: 'OK', Headers: new MultiValueDictionary(), Body: null });
    run.ended = true;
    run.traceAt(el, origin, 'cors', `${why} The request was terminated with an empty 200 OK (terminate-unmatched-request).`);
  };

  const requestedMethod = header(run, 'Access-Control-Request-Method');
  if (run.preflight && requestedMethod !== undefined) {
    const requestedHeaders = (header(run, 'Access-Control-Request-Headers') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const methodAllowed = methods.includes('*') || methods.some((m) => m.toUpperCase() === requestedMethod.toUpperCase());
    const headersAllowed = headers.includes('*') || requestedHeaders.every((h) => headers.some((a) => a.toLowerCase() === h.toLowerCase()));
    if (!(originAllowed && methodAllowed && headersAllowed)) {
      if (terminate) return endWithEmpty200('The preflight request did not match the CORS policy.');
      run.traceAt(el, origin, 'cors', 'The preflight request did not match the CORS policy.');
      return;
    }
    const out = MultiValueDictionary.of([
      ['Access-Control-Allow-Origin', allowOrigin],
      ...(credentials ? [['Access-Control-Allow-Credentials', 'true'] as [string, string]] : []),
      ['Access-Control-Allow-Methods', methods.includes('*') ? requestedMethod : methods.join(',')],
      ...(requestedHeaders.length ? [['Access-Control-Allow-Headers', headers.includes('*') ? requestedHeaders.join(',') : requestedHeaders.join(',')] as [string, string]] : []),
      ['Access-Control-Max-Age', maxAge],
    ]);
    run.context.fields['Response'] = new ModelObject('IResponse', { StatusCode: 200, StatusReason: 'OK', Headers: out, Body: null });
    run.ended = true;
    run.traceAt(el, origin, 'cors', { message: 'Preflight request was answered by the CORS policy.', origin: requestOrigin });
    return;
  }
  if (!originAllowed) {
    if (terminate) return endWithEmpty200(`Origin ${requestOrigin} is not allowed.`);
    run.traceAt(el, origin, 'cors', `Origin ${requestOrigin} is not allowed; no CORS headers will be added.`);
    return;
  }
  run.responseHeaders.push(...([['Access-Control-Allow-Origin', allowOrigin], ...(credentials ? [['Access-Control-Allow-Credentials', 'true'] as [string, string]] : []), ...(expose.length ? [['Access-Control-Expose-Headers', expose.join(',')] as [string, string]] : [])] as [string, string][]));
  run.traceAt(el, origin, 'cors', { message: 'Cross-origin request was allowed; CORS headers will be added to the response.', origin: requestOrigin });
};
