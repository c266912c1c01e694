// <authentication-basic username password />: Authorization: Basic base64(username:password) on the
// backend request, replacing any value (apim-policies.md §6.18).
// https://learn.microsoft.com/azure/api-management/authentication-basic-policy

import { headersOf, type PolicyHandler } from '../policyRun';

export const authenticationBasic: PolicyHandler = async (el, run, origin) => {
  const username = (await run.attrString(el, 'username')) ?? '';
  const password = (await run.attrString(el, 'password')) ?? '';
  const value = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  run.addSecret(value.slice(6));
  if (password) run.addSecret(password);
  headersOf(run.requestTarget).set('Authorization', [value]);
  run.traceAt(el, origin, 'authentication-basic', { message: `Basic credentials of user '${username}' were set in the Authorization header.` });
};
