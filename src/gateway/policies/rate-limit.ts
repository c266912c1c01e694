// <rate-limit calls renewal-period …/> and <rate-limit-by-key calls renewal-period counter-key …/>:
// at most `calls` counted requests in a sliding window of `renewal-period` seconds; over the limit,
// 429 with Retry-After (apim-policies.md §6.1). The simulator counts exactly, on its own clock.
// https://learn.microsoft.com/azure/api-management/rate-limit-policy
// https://learn.microsoft.com/azure/api-management/rate-limit-by-key-policy

import type { VariablesDictionary } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import { errorResponse, PolicyFailure, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';
import { nestedLimitElements } from './nestedLimits';

/** A limit of a nested <api> or <operation> element: its own counter, calls and window. */
interface NestedLimit {
  readonly counter: string;
  readonly calls: number;
  readonly periodMs: number;
  readonly what: string;
}

async function limit(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: 'rate-limit' | 'rate-limit-by-key', counter: string, nested: readonly NestedLimit[] = []): Promise<void> {
  const calls = (await run.attrNumber(el, 'calls')) ?? 0;
  const periodMs = ((await run.attrNumber(el, 'renewal-period')) ?? 60) * 1000;
  const increment = (await run.attrNumber(el, 'increment-count')) ?? 1;
  const retryHeader = (await run.attrString(el, 'retry-after-header-name')) ?? 'Retry-After';
  const retryVariable = await run.attrString(el, 'retry-after-variable-name');
  const remainingHeader = await run.attrString(el, 'remaining-calls-header-name');
  const remainingVariable = await run.attrString(el, 'remaining-calls-variable-name');
  const totalHeader = await run.attrString(el, 'total-calls-header-name');
  const now = run.clock.now();
  const window = (run.state.windows.get(counter) ?? []).filter((t) => t > now - periodMs);
  run.state.windows.set(counter, window);
  const variables = run.context.fields['Variables'] as VariablesDictionary;
  // The API's and the operation's own limits, counted apart from the product's (and from each other).
  // A request over any of them is refused and counted by none [U: the docs do not say which counters
  // a refused request consumes].
  const nestedWindows = nested.map((n) => {
    const w = (run.state.windows.get(n.counter) ?? []).filter((t) => t > now - n.periodMs);
    run.state.windows.set(n.counter, w);
    return { ...n, window: w };
  });
  for (const n of nestedWindows) {
    if (n.window.length + increment <= n.calls) continue;
    const retryAfter = Math.max(1, Math.ceil(((n.window[0] ?? now) + n.periodMs - now) / 1000));
    if (retryVariable) variables.set(retryVariable, retryAfter);
    throw new PolicyFailure(source, 'RateLimitExceeded', 'Rate limit is exceeded', errorResponse(429, `Rate limit is exceeded. Try again in ${retryAfter} seconds.`, [[retryHeader, String(retryAfter)]]));
  }
  if (window.length + increment > calls) {
    // N = seconds until the oldest counted call leaves the window [U].
    const retryAfter = Math.max(1, Math.ceil(((window[0] ?? now) + periodMs - now) / 1000));
    if (retryVariable) variables.set(retryVariable, retryAfter);
    const headers: [string, string][] = [[retryHeader, String(retryAfter)]];
    if (totalHeader) headers.push([totalHeader, String(calls)]);
    if (remainingHeader) headers.push([remainingHeader, '0']);
    throw new PolicyFailure(source, 'RateLimitExceeded', 'Rate limit is exceeded', errorResponse(429, `Rate limit is exceeded. Try again in ${retryAfter} seconds.`, headers));
  }
  const remaining = Math.max(0, calls - window.length - increment);
  if (remainingVariable) variables.set(remainingVariable, remaining);
  if (remainingHeader) run.responseHeaders.push([remainingHeader, String(remaining)]);
  if (totalHeader) run.responseHeaders.push([totalHeader, String(calls)]);
  const count = (): void => {
    for (let i = 0; i < increment; i++) {
      window.push(now);
      for (const n of nestedWindows) n.window.push(now);
    }
  };
  const condition = el.attributes.find((a) => a.name === 'increment-condition');
  if (!condition) count();
  else {
    // The condition reads the response, so it is evaluated once the response exists [U, §6.1].
    run.afterResponse.push(async () => {
      if (await run.attrBool(el, 'increment-condition', false)) count();
    });
  }
  run.traceAt(el, origin, source, { message: `${remaining} of ${calls} calls left in the current ${periodMs / 1000}-second window.`, counter: source === 'rate-limit-by-key' ? counter.slice(counter.indexOf('|') + 1) : undefined });
}

export const rateLimit: PolicyHandler = async (el, run, origin) => {
  // Counts per subscription and per policy definition; skipped without a subscription key (§6.1).
  if (!run.subscriptionKey) {
    run.traceAt(el, origin, 'rate-limit', 'The request has no subscription key: rate-limit does not apply.');
    return;
  }
  const counter = `rate-limit|${origin.file ?? origin.scope}:${el.span.start}|${run.subscriptionKey}`;
  const nested: NestedLimit[] = [];
  for (const t of nestedLimitElements(el, run)) {
    nested.push({ counter: `${counter}|${t.what}`, calls: (await run.attrNumber(t.element, 'calls')) ?? Infinity, periodMs: ((await run.attrNumber(t.element, 'renewal-period')) ?? 60) * 1000, what: t.what });
  }
  await limit(el, run, origin, 'rate-limit', counter, nested);
};

export const rateLimitByKey: PolicyHandler = async (el, run, origin) => {
  const key = await run.attr(el, 'counter-key');
  // One counter per key value across every scope that uses the policy (§6.1).
  await limit(el, run, origin, 'rate-limit-by-key', `rate-limit-by-key|${key === null || key === undefined ? '' : toDisplayString(key)}`);
};
