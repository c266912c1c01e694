// <forward-request timeout="300" fail-on-error-status-code="false" />: sends context.Request to
// context.Request.Url through the transport; the answer becomes context.Response.
// https://learn.microsoft.com/azure/api-management/forward-request-policy

import { ModelUrl } from '../../expressions/builtins/context';
import { breakerOpen, isPool, pickMember, POOL_HOST_SUFFIX, recordOutcome } from '../backends';
import { applyBackendCredentials, backendCertificate, errorResponse, headerList, headersOf, outgoingCall, PolicyFailure, requestUrl, responseFrom, responseTraceData, type PolicyHandler, type PolicyRun } from '../policyRun';

/** The pool's session cookie, when the pool has session affinity (`pool.sessionAffinity.sessionId`). */
function sessionCookie(run: PolicyRun, poolId: string): { name: string; value: string | undefined } | undefined {
  const id = run.config.backends.get(poolId)?.pool?.sessionAffinity?.sessionId;
  if (!id || (id.source ?? 'Cookie').toLowerCase() !== 'cookie') return undefined;
  const name = id.name ?? 'SessionId';
  const cookies = (headersOf(run.request).tryGet('Cookie').value as string[] | undefined) ?? [];
  for (const pair of cookies.join(';').split(';')) {
    const [k, ...v] = pair.trim().split('=');
    if (k === name) return { name, value: v.join('=') };
  }
  return { name, value: undefined };
}

/** The member a session is bound to, while that member's breaker is closed. */
function affinityMember(run: PolicyRun, poolId: string): string | undefined {
  const cookie = sessionCookie(run, poolId);
  const bound = cookie?.value ? run.state.backends.sessions.get(poolId)?.get(cookie.value) : undefined;
  return bound && !breakerOpen(run.state.backends, bound, run.clock.now()) ? bound : undefined;
}

/**
 * Binds the request's session to the member that serves it; a new session gets a cookie on the
 * response [U: the cookie's value format and attributes are not documented; a random id, Path=/].
 */
function bindSession(run: PolicyRun, poolId: string, member: string): void {
  const cookie = sessionCookie(run, poolId);
  if (!cookie) return;
  let sessions = run.state.backends.sessions.get(poolId);
  if (!sessions) {
    sessions = new Map();
    run.state.backends.sessions.set(poolId, sessions);
  }
  if (cookie.value && sessions.get(cookie.value) === member) return;
  const value = cookie.value ?? Array.from({ length: 16 }, () => Math.floor(run.random() * 16).toString(16)).join('');
  sessions.set(value, member);
  if (!cookie.value) run.responseHeaders.push(['Set-Cookie', `${cookie.name}=${value}; Path=/`]);
}

export const forwardRequest: PolicyHandler = async (el, run, origin) => {
  const timeoutMsAttr = await run.attrNumber(el, 'timeout-ms');
  const timeoutS = (await run.attrNumber(el, 'timeout')) ?? 300;
  const timeoutMs = timeoutMsAttr ?? timeoutS * 1000;
  const failOnError = await run.attrBool(el, 'fail-on-error-status-code', false);
  let url = requestUrl(run);
  // A pool picks a member now; a backend whose circuit breaker is open is not called (§6.11).
  let targetId = run.backendId;
  if (targetId && isPool(run.config.backends.get(targetId))) {
    const member = affinityMember(run, targetId) ?? pickMember(run.config, run.state.backends, targetId, run.clock.now());
    if (!member) throw unavailable(targetId, 'every member of the pool has its circuit breaker open');
    bindSession(run, targetId, member);
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
  // authentication-certificate in the policy wins over the backend's certificate [U].
  const fromBackend = backendCertificate(backend);
  const base = outgoingCall(run.request, url.toString());
  const call = { ...base, headers, ...(base.clientCertificate === undefined && fromBackend ? { clientCertificate: fromBackend } : {}) };
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
