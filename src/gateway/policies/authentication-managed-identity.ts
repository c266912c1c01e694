// <authentication-managed-identity resource client-id output-token-variable-name ignore-error />:
// a token for `resource` as Authorization: Bearer, or into a variable (§6.18). The simulator
// issues a recognisable, unsigned token from its token provider; it is a secret in the trace.
// https://learn.microsoft.com/azure/api-management/authentication-managed-identity-policy

import type { VariablesDictionary } from '../../expressions/builtins/context';
import { headersOf, PolicyFailure, type PolicyHandler } from '../policyRun';

/** A simulated Entra token: header.payload.signature with aud = resource, oid = the identity. */
export function simulatedToken(resource: string, clientId: string | undefined, nowMs: number): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: resource, iss: 'https://sts.windows.net/simulated/', iat, nbf: iat, exp: iat + 3600, appid: clientId ?? 'system-assigned', oid: clientId ?? 'system-assigned-identity', simulated: true })}.simulated`;
}

export const authenticationManagedIdentity: PolicyHandler = async (el, run, origin) => {
  const resource = await run.attrString(el, 'resource');
  const clientId = await run.attrString(el, 'client-id');
  const variable = await run.attrString(el, 'output-token-variable-name');
  const ignoreError = await run.attrBool(el, 'ignore-error', false);
  if (!resource) {
    if (ignoreError) return;
    throw new PolicyFailure('authentication-managed-identity', 'TokenNotAcquired', 'The resource attribute is required to acquire a managed identity token.');
  }
  // A token the configuration gives for the resource (`managedIdentityTokens`), null when acquiring
  // it fails; otherwise a recognisable simulated one.
  const configured = run.config.managedIdentityTokens?.get(resource);
  if (configured === null) {
    const message = `A managed identity token for '${resource}' could not be acquired (managedIdentityTokens makes it fail).`;
    if (ignoreError) {
      run.traceAt(el, origin, 'authentication-managed-identity', { message: `${message} Error ignored.` });
      return;
    }
    throw new PolicyFailure('authentication-managed-identity', 'TokenNotAcquired', message);
  }
  const token = configured ?? simulatedToken(resource, clientId, run.clock.now());
  run.addSecret(token);
  if (variable) (run.context.fields['Variables'] as VariablesDictionary).set(variable, token);
  else headersOf(run.requestTarget).set('Authorization', [`Bearer ${token}`]);
  run.traceAt(el, origin, 'authentication-managed-identity', { message: `A ${configured ? 'configured' : 'simulated'} managed identity token for '${resource}' was ${variable ? `stored in the variable '${variable}'` : 'set in the Authorization header'}.`, identity: clientId ?? 'system-assigned' });
};
