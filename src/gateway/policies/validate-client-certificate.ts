// <validate-client-certificate validate-revocation validate-trust validate-not-before
// validate-not-after ignore-error><identities><identity …/></identities>: the caller's client
// certificate must pass every enabled check and match every attribute of at least one identity.
// https://learn.microsoft.com/azure/api-management/validate-client-certificate-policy

import { X509Certificate } from 'node:crypto';
import { CsCertificate, dnName } from '../../expressions/builtins/context';
import type { PolicyElement } from '../../policy/policyDocument';
import { errorResponse, PolicyFailure, type PolicyHandler, type PolicyRun } from '../policyRun';

/**
 * The response when the certificate is refused [U: the docs give neither status nor text; 401
 * like the other access checks, the reason text as the message]. Change here.
 */
export const CLIENT_CERTIFICATE_FAILURE_STATUS = 401;

const thumbprintOf = (c: X509Certificate): string => c.fingerprint.replace(/:/g, '').toUpperCase();
const hex = (s: string): string => s.replace(/[\s:]/g, '').replace(/^0+(?=.)/, '').toUpperCase();
const dn = (s: string): string => s.split(/\s*,\s*/).map((p) => p.trim().toLowerCase()).join(', ');

/** The chain from the certificate up to a CA certificate uploaded to the service; empty when none. */
function chainTo(cert: X509Certificate, cas: readonly X509Certificate[]): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current = cert;
  for (let depth = 0; depth < 8; depth++) {
    const issuer = cas.find((ca) => current.checkIssued(ca) && current.verify(ca.publicKey));
    if (!issuer) return [];
    chain.push(issuer);
    // A self-issued CA ends the chain: the root is among the uploaded certificates.
    if (issuer.checkIssued(issuer)) return chain;
    current = issuer;
  }
  return [];
}

async function matchesIdentity(id: PolicyElement, run: PolicyRun, cert: X509Certificate, issuer: X509Certificate | undefined): Promise<string | undefined> {
  const want = async (name: string): Promise<string | undefined> => run.attrString(id, name);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
  const dns = [...(cert.subjectAltName ?? '').matchAll(/DNS:([^,]+)/g)].map((m) => (m[1] ?? '').trim().toLowerCase());
  const checks: [string, string | undefined, (v: string) => boolean][] = [
    ['thumbprint', await want('thumbprint'), (v) => hex(v) === thumbprintOf(cert)],
    ['serial-number', await want('serial-number'), (v) => hex(v) === hex(cert.serialNumber)],
    ['common-name', await want('common-name'), (v) => v === cn],
    ['subject', await want('subject'), (v) => dn(v) === dn(dnName(cert.subject))],
    ['dns-name', await want('dns-name'), (v) => dns.includes(v.toLowerCase())],
    ['issuer-subject', await want('issuer-subject'), (v) => dn(v) === dn(dnName(cert.issuer))],
    ['issuer-thumbprint', await want('issuer-thumbprint'), (v) => issuer !== undefined && hex(v) === thumbprintOf(issuer)],
    [
      'issuer-certificate-id',
      await want('issuer-certificate-id'),
      (v) => {
        const pem = run.config.certificates?.get(v);
        if (!pem) return false;
        const ca = new X509Certificate(pem);
        return cert.checkIssued(ca) && cert.verify(ca.publicKey);
      },
    ],
  ];
  for (const [name, value, ok] of checks) if (value !== undefined && !ok(value)) return `${name} '${value}' does not match`;
  return undefined;
}

export const validateClientCertificate: PolicyHandler = async (el, run, origin) => {
  const flag = (name: string, dflt: boolean): Promise<boolean> => run.attrBool(el, name, dflt);
  const ignoreError = await flag('ignore-error', false);
  const notes: string[] = [];
  const refuse = (reason: string): void => {
    if (ignoreError) {
      run.traceAt(el, origin, 'validate-client-certificate', { message: `${reason} Error ignored (ignore-error="true").` });
      return;
    }
    run.traceAt(el, origin, 'validate-client-certificate', { message: reason }, { error: true });
    // [U] reason name: not documented.
    throw new PolicyFailure('validate-client-certificate', 'ClientCertificateValidationFailed', reason, errorResponse(CLIENT_CERTIFICATE_FAILURE_STATUS, reason));
  };
  const presented = run.request.fields['Certificate'];
  if (!(presented instanceof CsCertificate)) return refuse('Client certificate is missing.');
  const cert = presented.cert;
  const now = run.clock.now();
  if ((await flag('validate-not-before', true)) && now < Date.parse(cert.validFrom)) return refuse(`Client certificate is not valid before ${new Date(cert.validFrom).toISOString()}.`);
  if ((await flag('validate-not-after', true)) && now > Date.parse(cert.validTo)) return refuse(`Client certificate expired on ${new Date(cert.validTo).toISOString()}.`);
  const cas = (run.config.caCertificates ?? []).map((p) => new X509Certificate(p));
  const chain = chainTo(cert, cas);
  if ((await flag('validate-trust', true)) && chain.length === 0) return refuse('Client certificate is not trusted: no chain to a CA certificate uploaded to the service.');
  // Revocation needs the CA's CRL or OCSP responder, which a local simulator cannot reach.
  if (await flag('validate-revocation', true)) notes.push('Revocation was not checked: the simulator has no CRL or OCSP access.');
  const identities = run.children(el, 'identities')[0];
  const candidates = identities ? run.children(identities, 'identity') : [];
  if (candidates.length > 0) {
    const misses: string[] = [];
    let matched = false;
    for (const id of candidates) {
      const miss = await matchesIdentity(id, run, cert, chain[0]);
      if (!miss) {
        matched = true;
        break;
      }
      misses.push(miss);
    }
    if (!matched) return refuse(`Client certificate matches none of the ${candidates.length} identities (${misses.join('; ')}).`);
  }
  run.traceAt(el, origin, 'validate-client-certificate', { message: ['Client certificate is valid.', ...notes], thumbprint: thumbprintOf(cert) });
};
