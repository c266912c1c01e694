// <get-authorization-context provider-id authorization-id context-variable-name identity-type
// identity ignore-error />: the tokens of a credential manager connection into a variable of type
// Authorization { AccessToken, Claims }; a failure is a 500 unless ignore-error, which leaves the
// variable null. The simulator takes the connection from the configuration (`authorizations` in a
// scenario): it never reaches a real credential manager.
// https://learn.microsoft.com/azure/api-management/get-authorization-context-policy

import type { VariablesDictionary } from '../../expressions/builtins/context';
import { authorizationValue } from '../../expressions/contextBuilder';
import { PolicyFailure, type PolicyHandler } from '../policyRun';

export const getAuthorizationContext: PolicyHandler = async (el, run, origin) => {
  const provider = (await run.attrString(el, 'provider-id')) ?? '';
  const authorization = (await run.attrString(el, 'authorization-id')) ?? '';
  const variable = (await run.attrString(el, 'context-variable-name')) ?? '';
  const identityType = (await run.attrString(el, 'identity-type')) ?? 'managed';
  const ignoreError = await run.attrBool(el, 'ignore-error', false);
  const variables = run.context.fields['Variables'] as VariablesDictionary;
  const connection = run.config.authorizations?.get(`${provider}/${authorization}`);
  if (identityType === 'jwt' && !(await run.attrString(el, 'identity'))) {
    if (ignoreError) {
      variables.set(variable, null);
      return run.traceAt(el, origin, 'get-authorization-context', { message: 'identity-type="jwt" needs an identity; error ignored, the variable is null.' });
    }
    throw new PolicyFailure('get-authorization-context', 'InvalidIdentity', 'identity-type="jwt" needs the identity attribute (the JWT of the caller).');
  }
  if (!connection) {
    const message = `The connection '${provider}/${authorization}' is not configured in the simulator: add it under \`authorizations\` (with accessToken and claims).`;
    if (ignoreError) {
      variables.set(variable, null);
      return run.traceAt(el, origin, 'get-authorization-context', { message: `${message} Error ignored, the variable is null.` });
    }
    throw new PolicyFailure('get-authorization-context', 'AuthorizationNotFound', message);
  }
  run.addSecret(connection.accessToken);
  variables.set(variable, authorizationValue(connection.accessToken, { ...(connection.claims ?? {}) }));
  run.traceAt(el, origin, 'get-authorization-context', { message: `The tokens of the connection '${provider}/${authorization}' are in the variable '${variable}'.` });
};
