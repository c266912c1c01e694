// <forward-request timeout="300" fail-on-error-status-code="false" />: sends context.Request to
// context.Request.Url through the transport; the answer becomes context.Response.
// https://learn.microsoft.com/azure/api-management/forward-request-policy

import { MessageBody, MultiValueDictionary } from '../../expressions/builtins/context';
import { bodyText, headerList, PolicyFailure, reasonPhrase, requestUrl, type PolicyHandler } from '../policyRun';

export const forwardRequest: PolicyHandler = async (el, run, origin) => {
  const timeoutMsAttr = await run.attrString(el, 'timeout-ms');
  const timeoutS = Number((await run.attrString(el, 'timeout')) ?? '300');
  const timeoutMs = timeoutMsAttr !== undefined ? Number(timeoutMsAttr) : timeoutS * 1000;
  const failOnError = ((await run.attrString(el, 'fail-on-error-status-code')) ?? 'false').toLowerCase() === 'true';
  const url = requestUrl(run);
  // A named backend's credentials travel with the call (ARM backend `credentials`).
  const backend = run.backendId ? run.config.backends.get(run.backendId) : undefined;
  const headers = [...headerList(run.request)];
  // Credential values may reference named values: {{func-app-1-key}}.
  const resolve = (v: string): string => v.replace(/\{\{([^{}]+)\}\}/g, (m, n: string) => run.namedValue(n.trim()) ?? m);
  for (const [name, values] of Object.entries(backend?.credentials?.header ?? {})) for (const v of values) headers.push([name, resolve(v)]);
  for (const [name, values] of Object.entries(backend?.credentials?.query ?? {})) url.query.set(name, values.map(resolve));
  const auth = backend?.credentials?.authorization;
  if (auth) headers.push(['Authorization', `${auth.scheme} ${resolve(auth.parameter)}`]);
  const certificate = run.request.fields['__clientCertificate'];
  const call = { method: String(run.request.fields['Method']), url: url.toString(), headers, body: bodyText(run.request), ...(typeof certificate === 'string' ? { clientCertificate: certificate } : {}) };
  run.trace.add({ section: run.section, source: 'request-forwarder', data: { message: `Request is being forwarded to the backend service. Timeout set to ${timeoutMs / 1000} seconds`, request: { method: call.method, url: call.url, headers: headers.map(([name, value]) => ({ name, value })) } }, location: { scope: origin.scope, file: origin.file, span: el.span } });
  const outcome = await run.transport.send(call, timeoutMs);
  run.clock.advance(outcome.delayMs);
  if (outcome.kind === 'fault') {
    run.traceAt(el, origin, 'forward-request', { messages: [outcome.message, 'Error occurred while calling backend service.'] }, { error: true });
    if (outcome.fault === 'timeout') throw new PolicyFailure('forward-request', 'Timeout', `Request to the backend service timed out. ${outcome.message}`);
    throw new PolicyFailure('forward-request', 'BackendConnectionFailure', `Error occurred while calling backend service. ${outcome.message}`);
  }
  const headersDict = MultiValueDictionary.of(outcome.headers.map(([n, v]) => [n, v] as [string, string]));
  const type = headersDict.tryGet('Content-Type');
  run.response.fields['StatusCode'] = outcome.status;
  run.response.fields['StatusReason'] = outcome.reason ?? reasonPhrase(outcome.status);
  run.response.fields['Headers'] = headersDict;
  run.response.fields['Body'] = outcome.body === null ? null : new MessageBody(outcome.body, type.found ? (type.value as string[])[0] : undefined);
  run.traceAt(el, origin, 'forward-request', { response: { status: { code: outcome.status, reason: run.response.fields['StatusReason'] }, headers: outcome.headers.map(([name, value]) => ({ name, value })) } });
  // Unverified: the reason code for fail-on-error-status-code is not documented.
  if (failOnError && outcome.status >= 400) throw new PolicyFailure('forward-request', 'BackendResponseError', `The backend responded with status code ${outcome.status}.`);
};
