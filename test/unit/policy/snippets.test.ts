// The policy snippets: the generated snippet file and scenario policies are current, every
// snippet expanded with its defaults lints without errors, each has a clear prefix, tab stops,
// a description, and a scenario that proves what it does; the README lists them all.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { validatePolicy } from '../../../src/language/policyDiagnostics';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { parsePolicy } from '../../../src/policy/policyParser';
import { expandSnippet, fillSnippet, placeholderDefault, renderSnippetsFile, snippetPolicies, SNIPPETS } from '../../../src/policy/snippets';
import { repoRoot } from '../helpers';

describe('policy snippets', () => {
  before(async () => {
    await loadCSharpParser();
  });

  test('snippets/apim-policy.code-snippets and the scenario policies are generated from the catalog (npm run generate:snippets)', () => {
    assert.equal(readFileSync(path.join(repoRoot, 'snippets', 'apim-policy.code-snippets'), 'utf8'), renderSnippetsFile());
    for (const [prefix, xml] of snippetPolicies()) assert.equal(readFileSync(path.join(repoRoot, 'test', 'scenarios', 'snippets', `${prefix}.xml`), 'utf8'), xml, prefix);
  });

  test('the snippet file is contributed for the apim-policy language only', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'apim-policy', path: './snippets/apim-policy.code-snippets' }]);
  });

  test('every snippet has a unique prefix, a name, a description and a tab stop', () => {
    assert.equal(new Set(SNIPPETS.map((s) => s.prefix)).size, SNIPPETS.length);
    assert.equal(new Set(SNIPPETS.map((s) => s.name)).size, SNIPPETS.length);
    for (const s of SNIPPETS) {
      assert.match(s.prefix, /^[a-z][a-z0-9-]+$/, s.prefix);
      assert.ok(s.description.length > 40, `${s.prefix}: the description says what it does and when to use it`);
      assert.match(s.body.join('\n'), /\$\{1[:|]/, `${s.prefix}: a first tab stop with a default or choices`);
      assert.match(s.body.join('\n'), /\$0/, `${s.prefix}: ends at $0`);
    }
  });

  test('every pattern the issue asks for has its snippet', () => {
    const prefixes = new Set(SNIPPETS.map((s) => s.prefix));
    for (const p of ['auth-function-key', 'auth-managed-identity', 'auth-managed-identity-variable', 'auth-certificate-thumbprint', 'auth-certificate-id', 'auth-basic', 'auth-api-key-header', 'auth-oauth-client-credentials', 'auth-named-backend', 'backend-named', 'backend-route-by-path', 'backend-route-by-header', 'backend-route-by-version', 'backend-route-by-api', 'backend-pool', 'backend-fallback', 'backend-retry', 'backend-rewrite-uri', 'transform-request-jobject', 'transform-response-jobject', 'cache-response-lookup', 'cache-response-store', 'backend-health-check', 'correlation-id-inbound', 'correlation-id-outbound', 'function-gateway-posture', 'cors-allow-origins', 'mock-response-not-ready']) {
      assert.ok(prefixes.has(p), p);
    }
  });

  for (const [prefix, xml] of snippetPolicies()) {
    test(`${prefix}: expanded with its defaults, it lints with zero errors and zero warnings`, () => {
      const doc = parsePolicy(xml);
      // The named values and backends the defaults name exist in a service that uses the snippet.
      const namedValues = new Set([...xml.matchAll(/\{\{([^{}]+)\}\}/g)].map((m) => m[1] as string));
      const backends = new Set([...xml.matchAll(/backend-id="([^"]+)"/g)].map((m) => m[1] as string));
      const problems = validatePolicy(doc, { scope: 'api', namedValues, backends, fragments: new Set() }).filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(problems.map((d) => `${d.code}: ${d.message} at ${xml.slice(d.span.start, d.span.end)}`), []);
      // And without any context (a file outside an APIOps folder).
      assert.deepEqual(validatePolicy(doc).filter((d) => d.severity === 'error').map((d) => d.message), []);
    });
  }

  test('expanding: defaults, the first choice, mirrors, escapes', () => {
    assert.equal(expandSnippet('<a x="${1:one}" y="$1" z="${2|b,c|}">\\$ \\}$0</a>'), '<a x="one" y="one" z="b">$ }</a>');
    assert.equal(expandSnippet('${1:a ${2:b} c} $2'), 'a b c b');
    assert.equal(expandSnippet('<a x="${1:one}" y="$1" />', { 1: 'given' }), '<a x="given" y="given" />');
  });

  test('a tab stop\'s default: the written default, a choice\'s first option unescaped, or nothing', () => {
    const body = '<a x="{{${1:user-name}}}" y="${2|a\\,b,c|}" z="$3" />$0';
    assert.equal(placeholderDefault(body, 1), 'user-name');
    assert.equal(placeholderDefault(body, 2), 'a,b');
    assert.equal(placeholderDefault(body, 3), '');
    assert.equal(placeholderDefault(body, 4), '');
  });

  test('filling some placeholders keeps the others as tab stops, and escapes the values', () => {
    assert.equal(fillSnippet('<a u="{{${1:user}}}" p="{{${2:password}}}" /> $1$0', { 1: 'svc-$user}' }), '<a u="{{svc-\\$user\\}}}" p="{{${2:password}}}" /> svc-\\$user\\}$0');
  });

  test('every snippet is proven by a scenario that runs its generated policy', () => {
    const scenarios = readFileSync(path.join(repoRoot, 'test', 'scenarios', 'snippets.apimtest.yaml'), 'utf8');
    for (const s of SNIPPETS) assert.ok(scenarios.includes(`snippets/${s.prefix}.xml`), `${s.prefix} has no scenario`);
  });

  test('the README lists every snippet with its prefix', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const s of SNIPPETS) assert.ok(readme.includes(`\`${s.prefix}\``), `${s.prefix} is not in the README`);
  });
});
