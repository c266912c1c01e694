// <quota calls bandwidth renewal-period /> and <quota-by-key … counter-key first-period-start />:
// fixed windows of renewal-period seconds (0: never renews); over the limit, 403 with Retry-After
// (apim-policies.md §6.2). https://learn.microsoft.com/azure/api-management/quota-policy

import type { PolicyElement } from '../../policy/policyDocument';
import { toDisplayString } from '../../expressions/runtime/operators';
import { bodyText, errorResponse, PolicyFailure, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';
import { nestedLimitElements, type NestedLimitElement } from './nestedLimits';

function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  const s = seconds % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** One quota to check: the policy's own, or a nested <api>/<operation> one with its own counter. */
interface QuotaWindow {
  readonly state: { window: number; calls: number; kilobytes: number };
  readonly calls: number;
  readonly bandwidthKb: number;
  readonly periodMs: number;
  readonly window: number;
}

async function windowOf(run: PolicyRun, el: PolicyElement, counter: string, windowStartMs: number, now: number): Promise<QuotaWindow> {
  const calls = (await run.attrNumber(el, 'calls')) ?? Infinity;
  const bandwidthKb = (await run.attrNumber(el, 'bandwidth')) ?? Infinity;
  const periodMs = ((await run.attrNumber(el, 'renewal-period')) ?? 0) * 1000;
  const window = periodMs > 0 ? Math.floor((now - windowStartMs) / periodMs) : 0;
  let state = run.state.quotas.get(counter);
  if (!state || state.window !== window) {
    state = { window, calls: 0, kilobytes: 0 };
    run.state.quotas.set(counter, state);
  }
  return { state, calls, bandwidthKb, periodMs, window };
}

async function quota(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: 'quota' | 'quota-by-key', counter: string, windowStartMs: number, nested: readonly NestedLimitElement[] = []): Promise<void> {
  const now = run.clock.now();
  const own = await windowOf(run, el, counter, windowStartMs, now);
  // The API's and the operation's own quotas, counted apart from the product's; a request over any
  // of them is refused and counted by none [U].
  const all = [own];
  for (const n of nested) all.push(await windowOf(run, n.element, `${counter}|${n.what}`, windowStartMs, now));
  for (const q of all) {
    const callsOut = q.state.calls >= q.calls;
    const bandwidthOut = q.state.kilobytes >= q.bandwidthKb;
    if (!callsOut && !bandwidthOut) continue;
    const renewsIn = q.periodMs > 0 ? Math.ceil((windowStartMs + (q.window + 1) * q.periodMs - now) / 1000) : 0;
    const message = `Out of ${callsOut ? 'call volume' : 'bandwidth'} quota. Quota will be replenished in ${hms(renewsIn)}.`;
    throw new PolicyFailure(source, 'QuotaExceeded', message, errorResponse(403, message, q.periodMs > 0 ? [['Retry-After', String(renewsIn)]] : []));
  }
  const condition = el.attributes.some((a) => a.name === 'increment-condition');
  run.afterResponse.push(async () => {
    if (condition && !(await run.attrBool(el, 'increment-condition', false))) return;
    // Bandwidth counts the response body here; which directions the gateway counts is not documented [U].
    const kilobytes = Buffer.byteLength(bodyText(run.response) ?? '') / 1024;
    for (const q of all) {
      q.state.calls += 1;
      q.state.kilobytes += kilobytes;
    }
  });
  run.traceAt(el, origin, source, { message: `${Math.max(0, own.calls - own.state.calls - 1)} calls left in this quota period.` });
}

export const quotaPolicy: PolicyHandler = async (el, run, origin) => {
  if (!run.subscriptionKey) {
    run.traceAt(el, origin, 'quota', 'The request has no subscription key: quota does not apply.');
    return;
  }
  // Windows run from the subscription's start; the simulator's subscriptions start at the Unix epoch [U].
  await quota(el, run, origin, 'quota', `quota|${origin.file ?? origin.scope}:${el.span.start}|${run.subscriptionKey}`, 0, nestedLimitElements(el, run));
};

/** 0001-01-01T00:00:00Z, the default first-period-start (Date.UTC maps years below 100 to 19xx). */
const YEAR_ONE = new Date(0).setUTCFullYear(1, 0, 1);

export const quotaByKey: PolicyHandler = async (el, run, origin) => {
  const key = await run.attr(el, 'counter-key');
  const first = await run.attrString(el, 'first-period-start');
  const start = first ? Date.parse(first) : YEAR_ONE;
  await quota(el, run, origin, 'quota-by-key', `quota-by-key|${key === null || key === undefined ? '' : toDisplayString(key)}`, Number.isNaN(start) ? 0 : start);
};
