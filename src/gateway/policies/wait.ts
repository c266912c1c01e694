// <wait for="all|any">…</wait>: runs its send-request, cache-lookup-value and choose children.
// The simulator runs them one after another (simulated time does not overlap them), which gives
// the same variables as the gateway's parallel run when they do not depend on each other.
// https://learn.microsoft.com/azure/api-management/wait-policy

import type { PolicyHandler } from '../policyRun';

export const wait: PolicyHandler = async (el, run, origin) => {
  const mode = (await run.attrString(el, 'for')) ?? 'all';
  await run.statements(run.children(el), origin);
  run.traceAt(el, origin, 'wait', { message: `Waited for ${mode === 'any' ? 'the first' : 'all'} of ${run.children(el).length} policies (run one after another in the simulator).` });
};
