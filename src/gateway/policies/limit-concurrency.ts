// <limit-concurrency key max-count>…</limit-concurrency>: at most max-count requests inside its
// policies per key at once. The simulator runs one request at a time, so the limit is never
// reached; the policies inside run, and the trace says so.
// https://learn.microsoft.com/azure/api-management/limit-concurrency-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyHandler } from '../policyRun';

export const limitConcurrency: PolicyHandler = async (el, run, origin) => {
  const key = await run.attr(el, 'key');
  const max = (await run.attrString(el, 'max-count')) ?? '1';
  run.traceAt(el, origin, 'limit-concurrency', { message: `Entered (1 of at most ${max} for key '${key === null || key === undefined ? '' : toDisplayString(key)}'): the simulator runs one request at a time.` });
  await run.statements(run.children(el), origin);
};
