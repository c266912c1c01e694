import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { attributeDoc, hoverAt, policyDoc, structuralDoc } from '../../../src/language/hover';
import { mdCode, mdProse, mdText } from '../../../src/language/markdown';
import { POLICIES, STRUCTURAL } from '../../../src/policy/catalog';
import { parsePolicy } from '../../../src/policy/policyParser';
import type { NamedValueModel } from '../../../src/workspace/apiopsModel';

before(async () => {
  await loadCSharpParser();
});

const namedValues = new Map<string, NamedValueModel>([
  ['tenant-id', { name: 'tenant-id', displayName: 'tenant-id', secret: false, value: 'contoso.onmicrosoft.com', tags: [], hasLocalValue: false }],
  ['func-key', { name: 'func-key', displayName: 'func-key', secret: true, tags: [], hasLocalValue: true }],
]);

/** `|` marks the cursor. Returns the hover text and the text under its span. */
function hover(marked: string): { markdown: string; under: string } | undefined {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const r = hoverAt(parsePolicy(text), offset, { namedValues });
  return r && { markdown: r.markdown, under: text.slice(r.span.start, r.span.end) };
}

describe('hover', () => {
  test('on a policy name: its description, sections, scopes and reference link', () => {
    const h = hover('<policies><inbound><set-hea|der name="x" /></inbound></policies>');
    assert.equal(h?.under, 'set-header');
    assert.match(h?.markdown ?? '', /Sets\/appends\/removes a request header/);
    assert.match(h?.markdown ?? '', /\[Reference\]\(https:\/\/learn\.microsoft\.com\/azure\/api-management\/set-header-policy\)/);
  });

  test('on <base />: what it inherits', () => {
    assert.match(hover('<policies><inbound><ba|se /></inbound></policies>')?.markdown ?? '', /next broader scope/);
  });

  test('on an attribute: required, default, values', () => {
    const h = hover('<policies><inbound><set-header name="x" exists-ac|tion="skip" /></inbound></policies>');
    assert.equal(h?.under, 'exists-action');
    assert.match(h?.markdown ?? '', /optional, default `override`/);
    assert.match(h?.markdown ?? '', /`append`/);
  });

  test('on an expression member: signature and doc', () => {
    const h = hover('<policies><inbound><set-variable name="v" value="@(context.Request.Headers.GetValue|OrDefault("a", ""))" /></inbound></policies>');
    assert.equal(h?.under, 'GetValueOrDefault');
    assert.match(h?.markdown ?? '', /string GetValueOrDefault\(string name, string defaultValue\)/);
    assert.match(h?.markdown ?? '', /joined with ","/);
  });

  test('on a member inside an expression in text', () => {
    const h = hover('<policies><inbound><set-body>@(context.Request.Url.Pa|th)</set-body></inbound></policies>');
    assert.equal(h?.under, 'Path');
    assert.match(h?.markdown ?? '', /string Path/);
  });

  test('on a named value: the value of a plain one, never the value of a secret', () => {
    assert.match(hover('<policies><inbound><set-header name="t"><value>{{tenant|-id}}</value></set-header></inbound></policies>')?.markdown ?? '', /contoso\.onmicrosoft\.com/);
    const secret = hover('<policies><inbound><set-header name="k"><value>{{func|-key}}</value></set-header></inbound></policies>');
    assert.match(secret?.markdown ?? '', /Secret: the value is not shown/);
  });

  test('element names are code spans, never raw tags that VS Code drops as HTML', () => {
    const h = hover('<policies><inbound><set-hea|der name="x" /></inbound></policies>');
    assert.match(h?.markdown ?? '', /^\*\*`<set-header>`\*\* — Transformation/);
    const a = hover('<policies><inbound><set-header name="x" exists-ac|tion="skip" /></inbound></policies>');
    assert.match(a?.markdown ?? '', /^\*\*`exists-action`\*\* of `<set-header>` — optional/);
  });

  test('an attribute says what its value must be', () => {
    const a = hover('<policies><inbound><rate-limit-by-key calls="1" renewal-pe|riod="60" counter-key="k" /></inbound></policies>')?.markdown ?? '';
    assert.match(a, /required, a whole number of seconds from 0 to 300, policy expressions allowed/);
  });

  test('an attribute lists its allowed values once', () => {
    const a = hover('<policies><inbound><set-header name="x" exists-ac|tion="skip" /></inbound></policies>')?.markdown ?? '';
    assert.equal(a.split('skip').length, 2, a);
  });

  test('no hover or completion document of the catalog leaves a raw < outside a code span', () => {
    const docs = [
      ...POLICIES.map((p) => policyDoc(p)),
      ...POLICIES.flatMap((p) => p.attributes.map((a) => attributeDoc(p.name, a))),
      ...STRUCTURAL.map((s) => structuralDoc(s)),
    ];
    for (const md of docs) {
      const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, '');
      assert.doesNotMatch(outsideCode, /(^|[^\\])</, md);
    }
  });
});

describe('markdown helpers', () => {
  test('mdCode keeps backticks inside the span', () => {
    assert.equal(mdCode('a`b'), '`` a`b ``');
    assert.equal(mdCode('<x>'), '`<x>`');
  });

  test('mdProse keeps `names` as code and escapes the rest', () => {
    assert.equal(mdProse('sets `Authorization: Bearer <token>` on <x> *now*'), 'sets `Authorization: Bearer <token>` on \\<x\\> \\*now\\*');
    assert.equal(mdText('a_b <c>'), 'a\\_b \\<c\\>');
  });
});
