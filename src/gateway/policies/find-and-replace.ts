// <find-and-replace from to />: replaces every occurrence of a string in the body of the message
// of the section. https://learn.microsoft.com/azure/api-management/find-and-replace-policy

import { bodyText, setBody, type PolicyHandler } from '../policyRun';

export const findAndReplace: PolicyHandler = async (el, run, origin) => {
  const from = (await run.attrString(el, 'from')) ?? '';
  const to = (await run.attrString(el, 'to')) ?? '';
  const body = bodyText(run.message);
  if (body === null || from === '') return;
  const count = body.split(from).length - 1;
  setBody(run.message, body.split(from).join(to));
  run.traceAt(el, origin, 'find-and-replace', { message: `Replaced ${count} occurrence${count === 1 ? '' : 's'} of '${from}'.` });
};
