// <authentication-certificate thumbprint | certificate-id | body password />: the client certificate
// of the backend TLS handshake. The simulator records which certificate would be presented (§6.18).
// https://learn.microsoft.com/azure/api-management/authentication-certificate-policy

import type { PolicyHandler } from '../policyRun';

export const authenticationCertificate: PolicyHandler = async (el, run, origin) => {
  const thumbprint = await run.attrString(el, 'thumbprint');
  const id = await run.attrString(el, 'certificate-id');
  const which = thumbprint ? `thumbprint ${thumbprint}` : id ? `certificate id '${id}'` : 'the certificate in body';
  run.requestTarget.fields['__clientCertificate'] = thumbprint ?? id ?? 'body';
  run.traceAt(el, origin, 'authentication-certificate', { message: `The client certificate with ${which} will be presented to the backend.` });
};
