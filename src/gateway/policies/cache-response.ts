// <cache-lookup vary-by-…>…</cache-lookup> in inbound and <cache-store duration /> in outbound: GET
// responses served from the gateway's cache (apim-policies.md §6.7, §1.5). The key is the API,
// the operation, the backend path and the selected headers and query parameters [U].
// https://learn.microsoft.com/azure/api-management/cache-lookup-policy

import type { ModelObject, ModelUrl } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import { cachedResponse, headersOf, responseFrom, type PolicyHandler } from '../policyRun';

const CACHE_REQUEST_HEADERS = ['Cache-Control', 'If-Modified-Since', 'If-None-Match', 'If-Match', 'If-Unmodified-Since', 'If-Range', 'Pragma'];

export const cacheLookup: PolicyHandler = async (el, run, origin) => {
  const method = String(run.request.fields['Method']).toUpperCase();
  const headers = headersOf(run.request);
  if (method !== 'GET') {
    run.traceAt(el, origin, 'cache-lookup', `Only GET responses are cached; this ${method} request was not looked up.`);
    return;
  }
  const privateOk = await run.attrBool(el, 'allow-private-response-caching', false);
  if (headers.has('Authorization') && !privateOk) {
    run.traceAt(el, origin, 'cache-lookup', 'The request has an Authorization header and allow-private-response-caching is not true: the cache was not used.');
    return;
  }
  const url = run.request.fields['Url'] as ModelUrl;
  const parts = [String(run.context.fields['Api'] && (run.context.fields['Api'] as ModelObject).fields['Id']), String((run.context.fields['Operation'] as ModelObject).fields['Id']), url.path];
  for (const h of run.children(el, 'vary-by-header')) {
    const name = toDisplayString((await run.content(h)) ?? '').trim();
    const v = headers.tryGet(name);
    parts.push(`h:${name.toLowerCase()}=${v.found ? (v.value as string[]).join(',') : ''}`);
  }
  for (const q of run.children(el, 'vary-by-query-parameter')) {
    for (const name of toDisplayString((await run.content(q)) ?? '').split(';').map((x) => x.trim()).filter(Boolean)) {
      const v = url.query.tryGet(name);
      parts.push(`q:${name}=${v.found ? (v.value as string[]).join(',') : ''}`);
    }
  }
  if (await run.attrBool(el, 'vary-by-developer', false)) parts.push(`dev:${run.subscriptionKey ?? ''}`);
  const key = parts.join('\u0000');
  const hit = run.state.responses.get(key);
  if (hit && hit.expiresMs <= run.clock.now()) run.state.responses.delete(key);
  if (hit && hit.expiresMs > run.clock.now()) {
    run.context.fields['Response'] = responseFrom(hit);
    run.cacheHit = 'response';
    run.traceAt(el, origin, 'cache-lookup', { message: 'Cache lookup resulted in a hit! Cached response will be used. Processing will continue from the step in the response pipeline that is after the corresponding cache-store.' });
    return;
  }
  run.cacheKey = key;
  const removed = CACHE_REQUEST_HEADERS.filter((h) => headers.has(h)).map((h) => ({ name: h, value: (headers.tryGet(h).value as string[]).join(',') }));
  for (const h of CACHE_REQUEST_HEADERS) headers.remove(h);
  run.traceAt(el, origin, 'cache-lookup', { message: 'Cache lookup resulted in a miss. Cache headers listed below were removed from the request to prompt the backend service to send back a complete response.', cacheHeaders: removed });
};

export const cacheStore: PolicyHandler = async (el, run, origin) => {
  if (!run.cacheKey) return;
  const duration = (await run.attrNumber(el, 'duration')) ?? 0;
  const any = await run.attrBool(el, 'cache-response', false);
  const status = Number(run.response.fields['StatusCode']);
  if (status !== 200 && !any) {
    run.traceAt(el, origin, 'cache-store', `The response was not cached: only 200 OK responses are, unless cache-response="true" (status ${status}).`);
    return;
  }
  run.state.responses.set(run.cacheKey, cachedResponse(run.response, run.clock.now() + duration * 1000));
  run.traceAt(el, origin, 'cache-store', { message: `Response was stored in the cache for ${duration} seconds.` });
};
