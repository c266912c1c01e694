// <retry condition count interval [max-interval delta first-fast-retry]>…</retry>: runs its
// policies, then again while the condition holds, up to count more times, waiting between tries.
// https://learn.microsoft.com/azure/api-management/retry-policy

import type { PolicyHandler } from '../policyRun';
import { PolicyFailure } from '../policyRun';

export const retry: PolicyHandler = async (el, run, origin) => {
  const count = (await run.attrNumber(el, 'count')) ?? 1;
  const interval = (await run.attrNumber(el, 'interval')) ?? 0;
  const delta = (await run.attrNumber(el, 'delta')) ?? 0;
  const maxInterval = (await run.attrNumber(el, 'max-interval')) ?? Infinity;
  const firstFast = await run.attrBool(el, 'first-fast-retry', false);
  for (let attempt = 0; ; attempt++) {
    await run.statements(run.children(el), origin);
    if (run.ended || attempt >= count) return;
    const condition = await run.attr(el, 'condition');
    if (typeof condition !== 'boolean') throw new PolicyFailure('retry', 'ExpressionValueEvaluationFailure', 'The retry condition must be a boolean expression.');
    if (!condition) return;
    // Fixed interval; with delta, linear growth; with max-interval too, exponential (capped).
    // Unverified: the exact growth formula of the gateway.
    const wait = firstFast && attempt === 0 ? 0 : Math.min(maxInterval, delta > 0 ? (Number.isFinite(maxInterval) ? interval + delta * (2 ** attempt - 1) : interval + delta * attempt) : interval);
    run.clock.advance(wait * 1000);
    run.traceAt(el, origin, 'retry', { message: `Retrying (attempt ${attempt + 2} of ${count + 1}) after ${wait} seconds.` });
  }
};
