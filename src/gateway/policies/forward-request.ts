// <forward-request timeout="300" fail-on-error-status-code="false" />: sends context.Request to
// context.Request.Url through the transport; the answer becomes context.Response.
// https://learn.microsoft.com/azure/api-management/forward-request-policy

import { ModelUrl } from '../../expressions/builtins/context';
import { breakerOpen, isPool, pickMember, POOL_HOST_SUFFIX, recordOutcome } from '../backends';
import { applyBackendCredentials, errorResponse, headerList, outgoingCall, PolicyFailure, requestUrl, responseFrom, responseTraceData, type PolicyHandler } from '../policyRun';

export const forwardRequest: PolicyHandler = async (el, run, origin) => {
  const timeoutMsAttr = await run.attrString(el, 'timeout-ms');
  const timeoutS = Number((await run.attrString(el, 'timeout')) ?? '300');
  const timeoutMs = timeoutMsAttr !== undefined ? Number(timeoutMsAttr) : timeoutS * 1000;
  const failOnError = ((await run.attrString(el, 'fail-on-error-status-code')) ?? 'false').toLowerCase() === 'true';
  let url = requestUrl(run);
  // A pool picks a member now; a backend whose circuit breaker is open is not called (§6.11).
  let targetId = run.backendId;
  if (targetId && isPool(run.config.backends.get(targetId))) {
    const member = pickMember(run.config, run.state.backends, targetId, run.clock.now());
    if (!member) throw unavailable(targetId, 'every member of the pool has its circuit breaker open');
    const memberUrl = run.config.backends.get(member)?.url;
    if (!memberUrl) throw new PolicyFailure('forward-request', 'BackendNotFound', `Backend with id '${member}' (a member of pool '${targetId}') has no URL.`);
    url = ModelUrl.parse(url.toString().replace(`https://${targetId}${POOL_HOST_SUFFIX}`, memberUrl.replace(/\/+$/, '')));
    run.traceAt(el, origin, 'forward-request', { message: `Backend pool '${targetId}' chose '${member}'.` });
    targetId = member;
  } else if (targetId && breakerOpen(run.state.backends, targetId, run.clock.now())) {
    throw unavailable(targetId, 'its circuit breaker is open');
  }
  // A named backend's credentials travel with the call (ARM backend `credentials`).
  const backend = targetId ? run.config.backends.get(targetId) : undefined;
  const headers = [...headerList(run.request)];
  applyBackendCredentials(run, backend, headers, url);
  const call = { ...outgoingCall(run.request, url.toString()), headers };
  run.trace.add({ section: run.section, source: 'request-forwarder', data: { message: `Request is being forwarded to the backend service. Timeout set to ${timeoutMs / 1000} seconds`, request: { method: call.method, url: call.url, headers: headers.map(([name, value]) => ({ name, value })) } }, location: { scope: origin.scope, file: origin.file, span: el.span } });
  const outcome = await run.transport.send(call, timeoutMs);
  run.clock.advance(outcome.delayMs);
  if (targetId) {
    const retryAfter = outcome.kind === 'response' ? Number(outcome.headers.find(([n]) => n.toLowerCase() === 'retry-after')?.[1]) : NaN;
    const tripped = recordOutcome(run.config, run.state.backends, targetId, run.clock.now(), outcome.kind === 'response' ? { status: outcome.status, ...(Number.isFinite(retryAfter) ? { retryAfterS: retryAfter } : {}) } : { reason: outcome.fault === 'timeout' ? 'Timeout' : 'BackendConnectionFailure' });
    if (tripped) run.traceAt(el, origin, 'forward-request', { message: `The circuit breaker of backend '${targetId}' tripped.` });
  }
  if (outcome.kind === 'fault') {
    run.traceAt(el, origin, 'forward-request', { messages: [outcome.message, 'Error occurred while calling backend service.'] }, { error: true });
    if (outcome.fault === 'timeout') throw new PolicyFailure('forward-request', 'Timeout', `Request to the backend service timed out. ${outcome.message}`);
    throw new PolicyFailure('forward-request', 'BackendConnectionFailure', `Error occurred while calling backend service. ${outcome.message}`);
  }
  run.context.fields['Response'] = responseFrom(outcome);
  run.traceAt(el, origin, 'forward-request', responseTraceData(run.response, outcome.headers));
  // Unverified: the reason code for fail-on-error-status-code is not documented.
  if (failOnError && outcome.status >= 400) throw new PolicyFailure('forward-request', 'BackendResponseError', `The backend responded with status code ${outcome.status}.`);
};

/** Nothing to call: the gateway answers 503 (§6.11); the reason code is not documented [U]. */
function unavailable(id: string, why: string): PolicyFailure {
  return new PolicyFailure('forward-request', 'BackendUnavailable', `Backend '${id}' is unavailable: ${why}.`, errorResponse(503, 'Service Unavailable'));
}
