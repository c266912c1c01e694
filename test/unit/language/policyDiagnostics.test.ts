import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { validatePolicy, type PolicyContext } from '../../../src/language/policyDiagnostics';
import { parsePolicy } from '../../../src/policy/policyParser';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { scopeOfPolicyFile } from '../../../src/workspace/policyScope';
import { repoRoot, sampleRoot } from '../helpers';

before(async () => {
  await loadCSharpParser();
});

function policyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? policyFiles(p) : e.name === 'policy.xml' ? [p] : [];
  });
}

describe('no false errors on real policies', async () => {
  const service = await loadApiopsService(nodeFileSystem, sampleRoot);
  const ctx = {
    namedValues: new Set(service.namedValues.map((n) => n.displayName)),
    backends: new Set(service.backends.map((b) => b.name)),
    fragments: new Set(service.fragments.map((f) => f.name)),
  };
  for (const file of policyFiles(sampleRoot)) {
    test(path.relative(sampleRoot, file), () => {
      const scope = scopeOfPolicyFile(file);
      assert.ok(scope, 'the scope is known');
      const diagnostics = validatePolicy(parsePolicy(readFileSync(file, 'utf8')), { ...ctx, scope });
      assert.deepEqual(diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`), []);
    });
  }

  test('the 200-line benchmark policy has no errors', () => {
    const text = readFileSync(path.join(repoRoot, 'test/bench/policy-200-lines.xml'), 'utf8');
    const diagnostics = validatePolicy(parsePolicy(text), { scope: 'api' });
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  });
});

const SAMPLE_CTX: PolicyContext = { scope: 'api', namedValues: new Set(['func-app-1-key', 'tenant-id']), backends: new Set(['func-app-1', 'aks-cluster']), fragments: new Set(['correlation-id']) };

/** Wraps statements in a full document with <base /> everywhere. */
function inbound(statements: string): string {
  return `<policies><inbound><base />${statements}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;
}

// [document, code, text under the span, severity]
const CASES: [string, string, string, string][] = [
  [inbound('<set-headr name="x" />'), 'unknownPolicy', 'set-headr', 'error'],
  [inbound('<forward-request />'), 'wrongSection', 'forward-request', 'error'],
  [inbound('<rate-limit calls="5" renewal-period="60" />').replace('<inbound>', '<inbound>'), 'wrongScope', 'rate-limit', 'error'],
  [inbound('<set-header exists-action="override"><value>x</value></set-header>'), 'missingAttribute', 'set-header', 'error'],
  [inbound('<set-header name="x" exists-action="overwrite"><value>x</value></set-header>'), 'badValue', 'overwrite', 'error'],
  [inbound('<set-header name="x" mode="fast"><value>x</value></set-header>'), 'unknownAttribute', 'mode', 'warning'],
  [inbound('<include-fragment fragment-id="@("correlation-id")" />'), 'expressionNotAllowed', '@("correlation-id")', 'error'],
  [inbound('<include-fragment fragment-id="correlation" />'), 'unknownFragment', 'correlation', 'error'],
  [inbound('<set-backend-service backend-id="func-app-2" />'), 'unknownBackend', 'func-app-2', 'error'],
  [inbound('<set-header name="x-key" exists-action="override"><value>{{func-app-1-kye}}</value></set-header>'), 'unknownNamedValue', '{{func-app-1-kye}}', 'error'],
  [inbound('<choose><when condition="@(context.Request.Method)"><set-header name="a" /></when></choose>'), 'typeMismatch', 'context.Request.Method', 'error'],
  [inbound('<set-variable name="v" value="@(context.Request.Headrs.Count)" />'), 'unknownMember', 'Headrs', 'error'],
  [inbound('<set-variable name="v" value="@(1 +)" />'), 'syntax', '', 'error'],
  [inbound('<set-body>@(context.Reqest.Body)</set-body>'), 'unknownMember', 'Reqest', 'error'],
  [inbound('<return-response><set-status code="200" reason="OK" /></return-response><set-header name="late" />'), 'unreachable', 'set-header', 'warning'],
  [inbound('<choose><otherwise /><when condition="@(true)" /></choose>'), 'childOrder', 'when', 'warning'],
  [inbound('<cors><allowed-headers><header>*</header></allowed-headers></cors>'), 'missingChild', 'cors', 'warning'],
  [inbound('<choose><case /></choose>'), 'unknownChild', 'case', 'error'],
  [inbound('<base />'), 'duplicateBase', 'base', 'warning'],
  ['<policies><inbound><set-header name="a" /></inbound></policies>', 'missingBase', 'inbound', 'warning'],
  ['<policies><backend><set-header name="a" /></backend></policies>', 'missingBase', 'backend', 'warning'],
  ['<policies><inbound /><inbound /></policies>', 'duplicateSection', 'inbound', 'error'],
  ['<policies><set-header name="a" /></policies>', 'notASection', 'set-header', 'error'],
  ['<policy />', 'badRoot', 'policy', 'error'],
  ['<fragment><base /></fragment>', 'baseInFragment', 'base', 'error'],
  ['just text', 'noRoot', 'j', 'error'],
  ['<policies>stray<inbound><base /></inbound></policies>', 'textInPolicies', 'stray', 'error'],
  [inbound('stray text'), 'textInSection', 'stray text', 'error'],
  [inbound('<cors><allowed-origins><origin>*</origin></allowed-origins><allowed-headers><header>*</header></allowed-headers></cors><cors><allowed-origins><origin>*</origin></allowed-origins><allowed-headers><header>*</header></allowed-headers></cors>').replace('<cors>', '<cors >'), 'duplicatePolicy', 'cors', 'warning'],
  [inbound('<choose><when condition="@(true)" /><otherwise /><otherwise /></choose>'), 'duplicateChild', 'otherwise', 'warning'],
  ['<fragment><include-fragment fragment-id="correlation-id" /></fragment>', 'nestedFragment', 'include-fragment', 'error'],
  // Values of the wrong type, and required values left empty.
  [inbound('<rate-limit-by-key calls="abc" renewal-period="60" counter-key="k" />'), 'badValue', 'abc', 'error'],
  [inbound('<rate-limit-by-key calls="5" renewal-period="-5" counter-key="k" />'), 'badValue', '-5', 'error'],
  [inbound('<rate-limit-by-key calls="5" renewal-period="600" counter-key="k" />'), 'badValue', '600', 'error'],
  [inbound('<cache-lookup vary-by-developer="maybe" vary-by-developer-groups="false" />'), 'badValue', 'maybe', 'error'],
  [inbound('<set-variable name="" value="x" />'), 'emptyValue', '', 'error'],
  [inbound('<set-header name="" exists-action="override"><value>x</value></set-header>'), 'emptyValue', '', 'error'],
  [inbound('<retry condition="@(true)" count="0" interval="1"><forward-request /></retry>'), 'badValue', '0', 'error'],
  [inbound('<set-backend-service base-url="backend.example.com" />'), 'badValue', 'backend.example.com', 'error'],
  [inbound('<quota-by-key calls="5" renewal-period="3600" counter-key="k" first-period-start="soon" />'), 'badValue', 'soon', 'error'],
  [inbound('<send-request mode="new" response-variable-name="r" timeout="1m"><set-url>https://x</set-url></send-request>'), 'badValue', '1m', 'error'],
  [inbound('<return-response><set-status code="2000" reason="OK" /></return-response>'), 'badValue', '2000', 'error'],
];

describe('diagnostics on wrong policies', () => {
  for (const [doc, code, text, severity] of CASES) {
    test(`${code}: ${text}`, () => {
      const ctx = doc.startsWith('<fragment') ? { ...SAMPLE_CTX, scope: 'fragment' as const } : doc.includes('rate-limit') ? { ...SAMPLE_CTX, scope: 'global' as const } : SAMPLE_CTX;
      const diagnostics = validatePolicy(parsePolicy(doc), ctx);
      const d = diagnostics.find((x) => x.code === code);
      assert.ok(d, `no ${code} in ${JSON.stringify(diagnostics.map((x) => `${x.code}: ${x.message}`))}`);
      if (text) assert.equal(doc.slice(d.span.start, d.span.end), text);
      assert.equal(d.severity, severity);
    });
  }

  test('<base /> at the global scope has no effect', () => {
    const doc = '<policies><inbound><base /></inbound></policies>';
    const d = validatePolicy(parsePolicy(doc), { scope: 'global' }).find((x) => x.code === 'baseAtGlobal');
    assert.equal(d?.severity, 'warning');
    assert.equal(doc.slice(d!.span.start, d!.span.end), 'base');
  });

  test('a wrong-typed value says what the attribute takes', () => {
    const [d] = validatePolicy(parsePolicy(inbound('<rate-limit-by-key calls="5" renewal-period="-5" counter-key="k" />')), SAMPLE_CTX).filter((x) => x.code === 'badValue');
    assert.equal(d?.message, "'-5' is not a valid value of 'renewal-period': expected a whole number of seconds from 0 to 300.");
    const [e] = validatePolicy(parsePolicy(inbound('<set-variable name="" value="x" />')), SAMPLE_CTX).filter((x) => x.code === 'emptyValue');
    assert.equal(e?.message, "'name' of <set-variable> is empty: it needs a value.");
  });

  test('expressions and {{named values}} stay allowed where a number or boolean is expected', () => {
    const doc = inbound('<rate-limit-by-key calls="{{func-app-1-key}}" renewal-period="@(60)" counter-key="k" increment-condition="@(true)" /><cache-lookup vary-by-developer="{{tenant-id}}" vary-by-developer-groups="false" />');
    assert.deepEqual(validatePolicy(parsePolicy(doc), SAMPLE_CTX).filter((x) => x.severity === 'error').map((x) => x.message), []);
  });

  test('an empty value is fine where it means something (an empty variable, deleting the text found)', () => {
    const doc = inbound('<set-variable name="v" value="" /><find-and-replace from="x" to="" />');
    assert.deepEqual(validatePolicy(parsePolicy(doc), SAMPLE_CTX).filter((x) => x.severity === 'error').map((x) => x.message), []);
  });

  test('an enumeration value gets a suggestion', () => {
    const d = validatePolicy(parsePolicy(inbound('<set-header name="x" exists-action="overide"><value>x</value></set-header>')), SAMPLE_CTX).find((x) => x.code === 'badValue');
    assert.match(d?.message ?? '', /Did you mean 'override'\?/);
    assert.equal(d?.data?.['suggestion'], 'override');
  });

  test('a typo gets a suggestion', () => {
    const d = validatePolicy(parsePolicy(inbound('<set-headr name="x" />')), SAMPLE_CTX).find((x) => x.code === 'unknownPolicy');
    assert.match(d?.message ?? '', /Did you mean 'set-header'\?/);
  });
});

describe('scopeOfPolicyFile', () => {
  const CASES: [string, string | undefined][] = [
    ['/x/contoso/policy.xml', 'global'],
    ['/x/contoso/apis/orders-api/policy.xml', 'api'],
    ['/x/contoso/apis/orders-api;rev=2/policy.xml', 'api'],
    ['/x/contoso/apis/orders-api/operations/get-order/policy.xml', 'operation'],
    ['/x/contoso/products/p1/policy.xml', 'product'],
    ['/x/contoso/policy fragments/f/policy.xml', 'fragment'],
    ['/x/contoso/workspaces/w/apis/a/policy.xml', 'api'],
    ['/x/contoso/readme.md', undefined],
  ];
  for (const [file, scope] of CASES) test(`${file} → ${scope}`, () => assert.equal(scopeOfPolicyFile(file), scope));
});
