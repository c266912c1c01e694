// <set-backend-service base-url="..." /> or backend-id="...": where forward-request sends the
// request. The path after the old base is kept. https://learn.microsoft.com/azure/api-management/set-backend-service-policy

import { ModelUrl } from '../../expressions/builtins/context';
import { PolicyFailure, requestUrl, type PolicyHandler } from '../policyRun';
import { isPool, POOL_HOST_SUFFIX } from '../backends';

export const setBackendService: PolicyHandler = async (el, run, origin) => {
  const backendId = await run.attrString(el, 'backend-id');
  let base = await run.attrString(el, 'base-url');
  if (backendId !== undefined) {
    const backend = run.config.backends.get(backendId);
    // A pool picks its member when the request is forwarded; until then the URL names the pool.
    if (isPool(backend)) base = `https://${backendId}${POOL_HOST_SUFFIX}`;
    else if (backend?.url) base = backend.url;
    else throw new PolicyFailure('set-backend-service', 'BackendNotFound', `Backend with id '${backendId}' could not be found.`);
    run.backendId = backendId;
  } else {
    run.backendId = undefined;
  }
  if (base === undefined) return;
  const old = requestUrl(run);
  const oldBase = ModelUrl.parse(run.backendBase || old.toString());
  const rest = old.path.startsWith(oldBase.path) ? old.path.slice(oldBase.path.replace(/\/+$/, '').length) : old.path;
  const next = ModelUrl.parse(`${base.replace(/\/+$/, '')}${rest}`);
  for (const kv of old.query) {
    const { key, value } = kv as { key: string; value: string[] };
    next.query.set(key, value);
  }
  run.backendBase = base;
  run.request.fields['Url'] = next;
  run.traceAt(el, origin, 'set-backend-service', { message: 'Backend service URL was changed.', oldBackendServiceUrl: oldBase.toString(), newBackendServiceUrl: base, request: { url: next.toString() } });
};
