// <choose><when condition="@(...)">…</when>…<otherwise>…</otherwise></choose>: the first when
// whose condition is true runs, else otherwise. https://learn.microsoft.com/azure/api-management/choose-policy

import { PolicyFailure, type PolicyHandler } from '../policyRun';

export const choose: PolicyHandler = async (el, run, origin) => {
  for (const branch of run.children(el)) {
    if (branch.name === 'when') {
      const c = await run.attr(branch, 'condition');
      if (typeof c !== 'boolean') throw new PolicyFailure('choose', 'ExpressionValueEvaluationFailure', 'The condition of <when> must be a boolean expression.');
      if (c) {
        await run.statements(run.children(branch), origin);
        return;
      }
    } else if (branch.name === 'otherwise') {
      await run.statements(run.children(branch), origin);
      return;
    }
  }
};
