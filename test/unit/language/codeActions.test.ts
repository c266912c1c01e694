import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { codeActionsFor, type TextEdit } from '../../../src/language/codeActions';
import { validatePolicy, type PolicyContext } from '../../../src/language/policyDiagnostics';
import { parsePolicy } from '../../../src/policy/policyParser';

before(async () => {
  await loadCSharpParser();
});

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

function fix(text: string, code: string, ctx: PolicyContext = { scope: 'api' }, root?: string) {
  const doc = parsePolicy(text);
  const d = validatePolicy(doc, ctx).find((x) => x.code === code);
  assert.ok(d, `no ${code}`);
  const actions = codeActionsFor(doc, d, { serviceRoot: root });
  assert.equal(actions.length, 1, `one fix for ${code}`);
  return { action: actions[0]!, fixed: apply(text, actions[0]!.edits) };
}

describe('quick fixes', () => {
  test('add a missing required attribute', () => {
    const { action, fixed } = fix('<policies><inbound><base /><set-header exists-action="skip"><value>1</value></set-header></inbound></policies>', 'missingAttribute');
    assert.equal(action.title, "Add the attribute 'name'");
    assert.equal(fixed, '<policies><inbound><base /><set-header exists-action="skip" name=""><value>1</value></set-header></inbound></policies>');
  });

  test('rename an unknown policy to the closest one, start and end tags', () => {
    const { fixed } = fix('<policies><inbound><base /><set-headr name="a"><value>1</value></set-headr></inbound></policies>', 'unknownPolicy');
    assert.equal(fixed, '<policies><inbound><base /><set-header name="a"><value>1</value></set-header></inbound></policies>');
  });

  test('add <base /> with the section’s indentation', () => {
    const text = '<policies>\n  <inbound>\n    <set-header name="a" />\n  </inbound>\n</policies>\n';
    const { fixed } = fix(text, 'missingBase');
    assert.equal(fixed, '<policies>\n  <inbound>\n    <base />\n    <set-header name="a" />\n  </inbound>\n</policies>\n');
    assert.equal(validatePolicy(parsePolicy(fixed), { scope: 'api' }).length, 0);
  });

  test('add <base /> to an empty self-closed section', () => {
    const { fixed } = fix('<policies>\n  <outbound />\n</policies>', 'missingBase');
    assert.equal(fixed, '<policies>\n  <outbound>\n    <base />\n  </outbound>\n</policies>');
  });

  test('create a missing named value in the APIOps folder', () => {
    const { action } = fix('<policies><inbound><base /><set-header name="k"><value>{{new-key}}</value></set-header></inbound></policies>', 'unknownNamedValue', { scope: 'api', namedValues: new Set(['other']) }, '/svc');
    assert.equal(action.createFile?.path, path.join('/svc', 'named values', 'new-key', 'namedValueInformation.json'));
    assert.deepEqual(JSON.parse(action.createFile?.content ?? ''), { properties: { displayName: 'new-key', value: '', secret: false } });
  });

  // [policy statements, diagnostic code, the statements once fixed]
  const DID_YOU_MEAN: [string, string, string][] = [
    ['<set-variable name="v" value="@(context.Request.Headerz.GetValueOrDefault(&quot;a&quot;, &quot;&quot;))" />', 'unknownMember', '<set-variable name="v" value="@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;))" />'],
    ['<set-variable name="v" value="@(contxt.Request.Method)" />', 'unknownName', '<set-variable name="v" value="@(context.Request.Method)" />'],
    ['<set-variable name="v" value="@(new JObjct().ToString())" />', 'unknownType', '<set-variable name="v" value="@(new JObject().ToString())" />'],
    ['<set-header nme="x"><value>1</value></set-header>', 'unknownAttribute', '<set-header name="x"><value>1</value></set-header>'],
    ['<set-backend-service backend-id="func-app-3" />', 'unknownBackend', '<set-backend-service backend-id="func-app-1" />'],
    ['<include-fragment fragment-id="corelation-id" />', 'unknownFragment', '<include-fragment fragment-id="correlation-id" />'],
    ['<set-header name="x" exists-action="overide"><value>1</value></set-header>', 'badValue', '<set-header name="x" exists-action="override"><value>1</value></set-header>'],
    ['<set-header name="k"><value>{{func-app-1-kye}}</value></set-header>', 'unknownNamedValue', '<set-header name="k"><value>{{func-app-1-key}}</value></set-header>'],
  ];
  const wrap = (s: string): string => `<policies><inbound><base />${s}</inbound></policies>`;
  const ctx: PolicyContext = { scope: 'api', namedValues: new Set(['func-app-1-key']), backends: new Set(['func-app-1']), fragments: new Set(['correlation-id']) };
  for (const [before, code, after] of DID_YOU_MEAN) {
    test(`"Did you mean" has its quick fix: ${code}`, () => {
      const doc = parsePolicy(wrap(before));
      const d = validatePolicy(doc, ctx).find((x) => x.code === code);
      assert.ok(d, `no ${code}`);
      assert.match(d.message, /Did you mean '/);
      const [action] = codeActionsFor(doc, d, { serviceRoot: '/svc' });
      assert.ok(action, 'a code action');
      assert.match(action.title, /^Change to '/);
      assert.equal(apply(wrap(before), action.edits), wrap(after));
      assert.deepEqual(validatePolicy(parsePolicy(wrap(after)), ctx).filter((x) => x.severity === 'error').map((x) => x.message), []);
    });
  }

  test('every diagnostic of a policy full of typos that says "Did you mean" offers a fix', () => {
    const doc = parsePolicy(wrap(DID_YOU_MEAN.map(([b]) => b).join('') + '<set-headr name="a" />'));
    const suggesting = validatePolicy(doc, ctx).filter((d) => d.message.includes('Did you mean'));
    assert.ok(suggesting.length >= DID_YOU_MEAN.length + 1, String(suggesting.length));
    for (const d of suggesting) assert.ok(codeActionsFor(doc, d).length > 0, `no fix for ${d.code}: ${d.message}`);
  });
});
