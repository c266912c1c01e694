// <send-request mode response-variable-name timeout ignore-error> with set-url, set-method,
// set-header, set-body and authentication children: an HTTP call whose IResponse lands in a
// variable; <send-one-way-request> sends without waiting (apim-policies.md §6.10).
// https://learn.microsoft.com/azure/api-management/send-request-policy

import { MessageBody, ModelObject, MultiValueDictionary, type VariablesDictionary } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import { bodyText, headerList, outgoingCall, PolicyFailure, responseFrom, responseTraceData, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';

async function buildRequest(el: PolicyElement, run: PolicyRun, origin: StatementOrigin): Promise<ModelObject> {
  const mode = ((await run.attrString(el, 'mode')) ?? 'new').toLowerCase();
  const copy = mode === 'copy';
  const source = run.request;
  const message = new ModelObject('IRequest', {
    Method: copy ? source.fields['Method'] : 'GET',
    Url: copy ? source.fields['Url'] : null,
    Headers: copy ? MultiValueDictionary.of(headerList(source).map(([n, v]) => [n, v] as [string, string])) : new MultiValueDictionary(),
    // "In the outbound policy section, mode=copy does not initialize the request body."
    Body: copy && run.section !== 'outbound' && bodyText(source) !== null ? new MessageBody(bodyText(source) as string) : null,
  });
  const urlEl = run.children(el, 'set-url')[0];
  run.messageOverride = message;
  try {
    for (const child of run.children(el)) {
      if (child.name === 'set-url') continue;
      await run.statement(child, origin);
    }
  } finally {
    run.messageOverride = undefined;
  }
  if (urlEl) message.fields['Url'] = toDisplayString((await run.content(urlEl)) ?? '').trim();
  if (!message.fields['Url']) throw new PolicyFailure(el.name, 'InvalidUrl', 'send-request needs a set-url in mode="new".');
  return message;
}

export const sendRequest: PolicyHandler = async (el, run, origin) => {
  const variable = await run.attrString(el, 'response-variable-name');
  const timeoutS = (await run.attrNumber(el, 'timeout')) ?? 60;
  const ignoreError = await run.attrBool(el, 'ignore-error', false);
  const message = await buildRequest(el, run, origin);
  const call = outgoingCall(message);
  run.traceAt(el, origin, 'send-request', { message: 'Request is being sent.', request: { method: call.method, url: call.url, headers: call.headers.map(([name, value]) => ({ name, value })) } });
  const outcome = await run.transport.send(call, timeoutS * 1000);
  run.clock.advance(outcome.delayMs);
  const variables = run.context.fields['Variables'] as VariablesDictionary;
  if (outcome.kind === 'fault') {
    if (ignoreError) {
      if (variable) variables.set(variable, null);
      run.traceAt(el, origin, 'send-request', `${call.method} request to '${call.url}' resulted in error, error ignored: ${outcome.message}`);
      return;
    }
    run.traceAt(el, origin, 'send-request', { messages: [outcome.message, 'Error occurred while calling backend service.'] }, { error: true });
    throw new PolicyFailure('send-request', outcome.fault === 'timeout' ? 'Timeout' : 'BackendConnectionFailure', `Error occurred while calling ${call.url}. ${outcome.message}`);
  }
  const response = responseFrom(outcome);
  if (variable) variables.set(variable, response);
  run.traceAt(el, origin, 'send-request', responseTraceData(response, outcome.headers));
};

export const sendOneWayRequest: PolicyHandler = async (el, run, origin) => {
  const timeoutS = (await run.attrNumber(el, 'timeout')) ?? 60;
  const message = await buildRequest(el, run, origin);
  const call = outgoingCall(message);
  // The gateway does not wait: the simulated clock does not move and failures are not surfaced [U].
  const outcome = await run.transport.send(call, timeoutS * 1000);
  run.traceAt(el, origin, 'send-one-way-request', outcome.kind === 'response' ? `One way request was successfully send to ${call.url}.` : `One way request to ${call.url} failed (not surfaced): ${outcome.message}`);
};
