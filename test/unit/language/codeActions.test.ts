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
});
