// <validate-jwt header-name | query-parameter-name | token-value …>: extracts the token, checks its
// signature with `jose` (inline keys, n/e, or keys from an openid-config fetched through the
// transport), its lifetime on the simulated clock, audience, issuer and required claims
// (apim-policies.md §6.3). https://learn.microsoft.com/azure/api-management/validate-jwt-policy

import { compactDecrypt, compactVerify, createLocalJWKSet, decodeProtectedHeader, importJWK, type JSONWebKeySet, type KeyLike } from 'jose';
import { parseJwt, type VariablesDictionary } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import { errorResponse, headersOf, PolicyFailure, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';

type Key = KeyLike | Uint8Array | ReturnType<typeof createLocalJWKSet>;

interface Failure {
  readonly reason: string;
  readonly message: string;
}

/** OpenID discovery documents and their keys, per URL, for an hour (§6.3). */
const OPENID_TTL_MS = 60 * 60 * 1000;

async function fetchJson(run: PolicyRun, url: string): Promise<Record<string, unknown>> {
  const outcome = await run.transport.send({ method: 'GET', url, headers: [], body: null }, 20_000);
  if (outcome.kind !== 'response' || outcome.status !== 200 || !outcome.body) throw new Error(`GET ${url} failed${outcome.kind === 'response' ? ` with status ${outcome.status}` : `: ${outcome.message}`}`);
  return JSON.parse(outcome.body) as Record<string, unknown>;
}

async function openIdKeys(run: PolicyRun, url: string): Promise<{ issuer?: string; jwks: JSONWebKeySet }> {
  const cached = run.state.values.get(`openid-config|${url}`);
  if (cached && cached.expiresMs > run.clock.now()) return cached.value as { issuer?: string; jwks: JSONWebKeySet };
  const config = await fetchJson(run, url);
  const jwksUri = config['jwks_uri'];
  if (typeof jwksUri !== 'string') throw new Error(`The OpenID configuration at ${url} has no jwks_uri.`);
  const jwks = (await fetchJson(run, jwksUri)) as unknown as JSONWebKeySet;
  const value = { ...(typeof config['issuer'] === 'string' ? { issuer: config['issuer'] } : {}), jwks };
  run.state.values.set(`openid-config|${url}`, { value, expiresMs: run.clock.now() + OPENID_TTL_MS });
  return value;
}

async function inlineKeys(run: PolicyRun, el: PolicyElement | undefined, alg: string): Promise<{ key: Key; id?: string }[]> {
  if (!el) return [];
  const out: { key: Key; id?: string }[] = [];
  for (const k of run.children(el, 'key')) {
    const id = await run.attrString(k, 'id');
    const n = await run.attrString(k, 'n');
    const e = await run.attrString(k, 'e');
    if (await run.attrString(k, 'certificate-id')) {
      run.unsimulated.push('validate-jwt key certificate-id');
      continue;
    }
    if (n && e) out.push({ key: (await importJWK({ kty: 'RSA', n, e }, alg.startsWith('RS') || alg.startsWith('PS') ? alg : 'RS256')) as KeyLike, ...(id ? { id } : {}) });
    else {
      const text = toDisplayString((await run.content(k)) ?? '').trim();
      if (text) out.push({ key: new Uint8Array(Buffer.from(text, 'base64')), ...(id ? { id } : {}) });
    }
  }
  return out;
}

async function verifySignature(token: string, keys: readonly { key: Key; id?: string }[], kid: string | undefined): Promise<boolean> {
  // A key whose id matches the token's kid first; otherwise every key (key rollover, §6.3).
  const ordered = kid ? [...keys.filter((k) => k.id === kid), ...keys.filter((k) => k.id !== kid)] : keys;
  for (const { key } of ordered) {
    try {
      await compactVerify(token, key as KeyLike);
      return true;
    } catch {
      // try the next key
    }
  }
  return false;
}

function claimValues(v: unknown, separator: string | undefined): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v.map(String) : [String(v)];
  return separator ? list.flatMap((x) => x.split(separator)) : list;
}

interface Extra {
  /** Discovery documents beyond the element's own openid-config children (validate-azure-ad-token's tenant). */
  readonly openIdUrls?: readonly string[];
  /** The token's client application (appid or azp) must be one of these. */
  readonly clientApplicationIds?: readonly string[];
}

/**
 * An encrypted token (JWE, five parts) decrypted with the policy's `decryption-keys` (symmetric
 * keys, base64; `dir` or AES key wrap): its content, usually a signed token (nested JWT). Keys by
 * certificate-id need the certificate's private key, which the simulator does not have.
 */
async function decrypt(el: PolicyElement, run: PolicyRun, token: string): Promise<string | Failure> {
  const keysEl = run.children(el, 'decryption-keys')[0];
  const keys: Uint8Array[] = [];
  for (const k of keysEl ? run.children(keysEl, 'key') : []) {
    if (await run.attrString(k, 'certificate-id')) {
      run.unsimulated.push('validate-jwt decryption key certificate-id');
      continue;
    }
    const text = toDisplayString((await run.content(k)) ?? '').trim();
    if (text) keys.push(new Uint8Array(Buffer.from(text, 'base64')));
  }
  if (keys.length === 0) return { reason: 'TokenDecryptionFailed', message: 'The token is encrypted and no decryption key is configured. Access denied.' };
  for (const key of keys) {
    try {
      return new TextDecoder().decode((await compactDecrypt(token, key)).plaintext);
    } catch {
      // try the next key
    }
  }
  // [U] reason name and text: not documented.
  return { reason: 'TokenDecryptionFailed', message: 'The token could not be decrypted with the configured keys. Access denied.' };
}

async function check(el: PolicyElement, run: PolicyRun, received: string, extra: Extra = {}): Promise<Failure | { token: string }> {
  let token = received;
  if (token.split('.').length === 5) {
    const inner = await decrypt(el, run, token);
    if (typeof inner !== 'string') return inner;
    token = inner;
  }
  const failure = await checkSigned(el, run, token, extra);
  return failure ?? { token };
}

async function checkSigned(el: PolicyElement, run: PolicyRun, token: string, extra: Extra): Promise<Failure | undefined> {
  const parts = token.split('.');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { reason: 'JwtInvalid', message: 'The token is not a well-formed JWT.' };
  }
  const alg = String(header['alg'] ?? '');
  const requireSigned = await run.attrBool(el, 'require-signed-tokens', true);
  const issuers = await run.childTexts(run.children(el, 'issuers')[0] ?? el, 'issuer');
  if (alg !== 'none' || requireSigned) {
    if (alg === 'none') return { reason: 'TokenSignatureInvalid', message: 'The token is not signed. Access denied.' };
    const keys = await inlineKeys(run, run.children(el, 'issuer-signing-keys')[0], alg);
    const urls: string[] = [...(extra.openIdUrls ?? [])];
    for (const oc of run.children(el, 'openid-config')) urls.push((await run.attrString(oc, 'url')) ?? '');
    for (const url of urls) {
      try {
        const { issuer, jwks } = await openIdKeys(run, url);
        if (issuer) issuers.push(issuer);
        keys.push({ key: createLocalJWKSet(jwks) });
      } catch (e) {
        return { reason: 'TokenSignatureKeyNotFound', message: `Signing keys could not be read: ${e instanceof Error ? e.message : String(e)}. Access denied.` };
      }
    }
    if (keys.length === 0) return { reason: 'TokenSignatureKeyNotFound', message: 'No signing key is configured to validate the token. Access denied.' };
    if (!(await verifySignature(token, keys, typeof header['kid'] === 'string' ? header['kid'] : undefined))) return { reason: 'TokenSignatureInvalid', message: 'Signature validation failed. Access denied.' };
  }
  const now = run.clock.now() / 1000;
  const skew = (await run.attrNumber(el, 'clock-skew')) ?? 0;
  const requireExp = await run.attrBool(el, 'require-expiration-time', true);
  if (typeof payload['exp'] !== 'number') {
    if (requireExp) return { reason: 'TokenExpired', message: 'The token has no expiration time. Access denied.' };
  } else if (now > payload['exp'] + skew) return { reason: 'TokenExpired', message: 'Lifetime validation failed. The token is expired. Access denied.' };
  if (typeof payload['nbf'] === 'number' && now + skew < payload['nbf']) return { reason: 'TokenExpired', message: 'Lifetime validation failed. The token is not yet valid. Access denied.' };
  const audiences = await run.childTexts(run.children(el, 'audiences')[0] ?? el, 'audience');
  if (audiences.length && !claimValues(payload['aud'], undefined).some((a) => audiences.includes(a))) return { reason: 'TokenAudienceNotAllowed', message: 'Audience validation failed. Access denied.' };
  if (issuers.length && !issuers.includes(String(payload['iss'] ?? ''))) return { reason: 'TokenIssuerNotAllowed', message: 'Issuer validation failed. Access denied.' };
  const missing: string[] = [];
  for (const c of run.children(run.children(el, 'required-claims')[0] ?? el, 'claim')) {
    const name = (await run.attrString(c, 'name')) ?? '';
    const match = ((await run.attrString(c, 'match')) ?? 'all').toLowerCase();
    const separator = await run.attrString(c, 'separator');
    if (!(name in payload)) {
      missing.push(name);
      continue;
    }
    const wanted = await run.childTexts(c, 'value');
    if (!wanted.length) continue;
    const have = claimValues(payload[name], separator);
    const ok = match === 'any' ? wanted.some((w) => have.includes(w)) : wanted.every((w) => have.includes(w));
    if (!ok) return { reason: 'TokenClaimValueNotAllowed', message: `Claim ${name} value of ${have.join(',')} is not allowed. Access denied.` };
  }
  if (missing.length) return { reason: 'TokenClaimNotFound', message: `JWT token is missing the following claims: ${missing.join(', ')}. Access denied.` };
  if (extra.clientApplicationIds) {
    // Which claim carries the client application is not documented: appid (v1) or azp (v2) [U].
    const client = String(payload['appid'] ?? payload['azp'] ?? '');
    if (!extra.clientApplicationIds.includes(client)) return { reason: 'TokenClientApplicationNotAllowed', message: `Client application ${client || '(none)'} is not allowed. Access denied.` };
  }
  return undefined;
}

async function extract(el: PolicyElement, run: PolicyRun): Promise<string | undefined> {
  const tokenValue = await run.attrString(el, 'token-value');
  if (tokenValue !== undefined) return tokenValue.trim() || undefined;
  const query = await run.attrString(el, 'query-parameter-name');
  if (query) {
    const q = (run.request.fields['OriginalUrl'] as { query: { tryGet(k: string): { found: boolean; value: unknown } } }).query.tryGet(query);
    return q.found ? (q.value as string[])[0] : undefined;
  }
  const name = (await run.attrString(el, 'header-name')) ?? 'Authorization';
  const h = headersOf(run.request).tryGet(name);
  if (!h.found) return undefined;
  const value = ((h.value as string[])[0] ?? '').trim();
  // "When using a custom header (header-name), the configured required scheme will be ignored."
  const scheme = name.toLowerCase() === 'authorization' ? ((await run.attrString(el, 'require-scheme')) ?? undefined) : undefined;
  const m = /^(\S+)\s+(\S+)$/.exec(value);
  if (scheme && (!m || (m[1] as string).toLowerCase() !== scheme.toLowerCase())) return undefined;
  return m ? m[2] : value;
}

/**
 * What validate-jwt and validate-azure-ad-token share once their checks are chosen: extract the
 * token, mask it, fail with the configured status and message, or keep the parsed token.
 */
async function validate(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: string, success: string, extra?: Extra): Promise<void> {
  const status = (await run.attrNumber(el, 'failed-validation-httpcode')) ?? 401;
  // Observed default body message "Invalid JWT." [O]; the configured message wins.
  const message = (await run.attrString(el, 'failed-validation-error-message')) ?? 'Invalid JWT.';
  const token = await extract(el, run);
  if (token) run.addSecret(token);
  const result: Failure | { token: string } = token ? await check(el, run, token, extra) : { reason: 'TokenNotPresent', message: 'JWT not present.' };
  if ('reason' in result) throw new PolicyFailure(source, result.reason, result.message, errorResponse(status, message));
  // An encrypted token's decrypted (signed) token is what the variable receives.
  if (result.token !== token) run.addSecret(result.token);
  const variable = await run.attrString(el, 'output-token-variable-name');
  if (variable) (run.context.fields['Variables'] as VariablesDictionary).set(variable, parseJwt(result.token) ?? null);
  run.traceAt(el, origin, source, { message: success });
}

export const validateJwt: PolicyHandler = (el, run, origin) => validate(el, run, origin, 'validate-jwt', 'JWT validation succeeded.');

/**
 * <validate-azure-ad-token tenant-id …><client-application-ids>…</client-application-ids>…: a
 * Microsoft Entra token, checked against the tenant's published keys and issuer, the allowed
 * client applications, audiences and claims (apim-policies.md §6.3).
 * https://learn.microsoft.com/azure/api-management/validate-azure-ad-token-policy
 */
export const validateAzureAdToken: PolicyHandler = async (el, run, origin) => {
  const tenant = (await run.attrString(el, 'tenant-id')) ?? '';
  const endpoint = ((await run.attrString(el, 'authentication-endpoint')) ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const clientApplicationIds = await run.childTexts(run.children(el, 'client-application-ids')[0] ?? el, 'application-id');
  await validate(el, run, origin, 'validate-azure-ad-token', 'Microsoft Entra token validation succeeded.', { openIdUrls: [`${endpoint}/${tenant}/v2.0/.well-known/openid-configuration`], clientApplicationIds });
};
