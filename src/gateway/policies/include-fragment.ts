// <include-fragment fragment-id="..." />: the fragment's policies run here, as if written in place.
// https://learn.microsoft.com/azure/api-management/include-fragment-policy

import { childElements } from '../../policy/policyDocument';
import { PolicyFailure, type PolicyHandler } from '../policyRun';

export const includeFragment: PolicyHandler = async (el, run, origin) => {
  const id = (await run.attrString(el, 'fragment-id')) ?? '';
  const fragment = run.config.fragments.get(id);
  const root = fragment?.document.root;
  if (!fragment || !root) throw new PolicyFailure('include-fragment', 'FragmentNotFound', `Policy fragment '${id}' was not found.`);
  run.traceAt(el, origin, 'include-fragment', `Entering policy fragment '${id}'`);
  await run.statements(childElements(root), { scope: origin.scope, file: fragment.file });
  run.traceAt(el, origin, 'include-fragment', `Leaving policy fragment '${id}'`);
};
