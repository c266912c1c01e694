// Policies that talk to other Azure services: the simulator does not call them; it records what
// would have been sent, visibly, in the trace and in the result's outbox (apim-policies.md §6.20).
// https://learn.microsoft.com/azure/api-management/log-to-eventhub-policy
// https://learn.microsoft.com/azure/api-management/emit-metric-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import type { PolicyHandler, PolicyRun, StatementOrigin } from '../policyRun';

export function record(run: PolicyRun, el: PolicyElement, origin: StatementOrigin, policy: string, target: string, payload: unknown): void {
  run.outbox.push({ policy, target, payload });
  run.traceAt(el, origin, policy, { message: `Recorded, not sent: the simulator does not call ${target}.`, target, payload });
}

const text = async (run: PolicyRun, el: PolicyElement): Promise<string> => {
  const v = await run.content(el);
  return v === null || v === undefined ? '' : toDisplayString(v);
};

export const logToEventhub: PolicyHandler = async (el, run, origin) => {
  const logger = (await run.attrString(el, 'logger-id')) ?? '';
  const message = await text(run, el);
  // Messages over 200 KB are truncated by the gateway (§6.20).
  record(run, el, origin, 'log-to-eventhub', `Event Hubs logger '${logger}'`, message.length > 200 * 1024 ? message.slice(0, 200 * 1024) : message);
};

export const emitMetric: PolicyHandler = async (el, run, origin) => {
  const name = (await run.attrString(el, 'name')) ?? '';
  const namespace = (await run.attrString(el, 'namespace')) ?? 'API Management';
  const value = (await run.attrNumber(el, 'value')) ?? 1;
  const dimensions: Record<string, string> = {};
  for (const d of run.children(el, 'dimension')) dimensions[(await run.attrString(d, 'name')) ?? ''] = (await run.attrString(d, 'value')) ?? '';
  record(run, el, origin, 'emit-metric', `metric '${namespace}/${name}'`, { name, namespace, value, dimensions });
};

export const sendServiceBusMessage: PolicyHandler = async (el, run, origin) => {
  const queue = await run.attrString(el, 'queue-name');
  const topic = await run.attrString(el, 'topic-name');
  const payloadEl = run.children(el, 'payload')[0];
  const properties: Record<string, string> = {};
  for (const p of run.children(run.children(el, 'message-properties')[0] ?? el, 'message-property')) properties[(await run.attrString(p, 'name')) ?? ''] = await text(run, p);
  record(run, el, origin, 'send-service-bus-message', queue ? `Service Bus queue '${queue}'` : `Service Bus topic '${topic ?? ''}'`, { payload: payloadEl ? await text(run, payloadEl) : '', properties });
};

export const publishToDapr: PolicyHandler = async (el, run, origin) => {
  const pubsub = (await run.attrString(el, 'pubsub-name')) ?? '';
  const topic = (await run.attrString(el, 'topic')) ?? '';
  record(run, el, origin, 'publish-to-dapr', `Dapr pub/sub '${pubsub}/${topic}'`, await text(run, el));
};

export const invokeDaprBinding: PolicyHandler = async (el, run, origin) => {
  const name = (await run.attrString(el, 'name')) ?? '';
  const operation = (await run.attrString(el, 'operation')) ?? '';
  const dataEl = run.children(el, 'data')[0];
  record(run, el, origin, 'invoke-dapr-binding', `Dapr binding '${name}' (${operation})`, dataEl ? await text(run, dataEl) : '');
};
