import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { allElements, attribute, childElements, decodeEntities, nodeAt, sectionOf, startTagAt, type PolicyDocument, type PolicyNode } from '../../../src/policy/policyDocument';
import { parsePolicy } from '../../../src/policy/policyParser';
import { sampleRoot } from '../helpers';

function policyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? policyFiles(p) : e.name === 'policy.xml' ? [p] : [];
  });
}

/** Every span lies inside the text, and names and values are the text under their spans. */
function assertConsistent(doc: PolicyDocument): void {
  const len = doc.text.length;
  const inside = (s: { start: number; end: number }): void => assert.ok(0 <= s.start && s.start <= s.end && s.end <= len, `span ${s.start}-${s.end} outside 0-${len}`);
  const walk = (nodes: readonly PolicyNode[]): void => {
    for (const n of nodes) {
      inside(n.span);
      if (n.kind !== 'element') continue;
      inside(n.nameSpan);
      assert.equal(doc.text.slice(n.nameSpan.start, n.nameSpan.end), n.name);
      for (const a of n.attributes) {
        inside(a.span);
        assert.equal(doc.text.slice(a.nameSpan.start, a.nameSpan.end), a.name);
        if (a.valueSpan) {
          inside(a.valueSpan);
          assert.equal(doc.text.slice(a.valueSpan.start, a.valueSpan.end), a.value);
        }
      }
      walk(n.children);
    }
  };
  walk(doc.nodes);
  for (const p of doc.problems) inside(p.span);
}

describe('parsePolicy on the Contoso sample', () => {
  const files = policyFiles(sampleRoot);
  for (const file of files) {
    test(path.relative(sampleRoot, file), () => {
      const doc = parsePolicy(readFileSync(file, 'utf8'));
      assert.deepEqual(doc.problems.map((p) => p.message), []);
      assert.ok(doc.root?.name === 'policies' || doc.root?.name === 'fragment');
      assertConsistent(doc);
    });
  }
});

describe('raw expressions', () => {
  test('raw quotes, < and && inside an attribute expression do not end the value', () => {
    const text = '<policies><inbound><choose><when condition="@(context.Request.Headers.GetValueOrDefault("x","") == "a" && 1 < 2)"><set-header name="y" exists-action="override"><value>1</value></set-header></when></choose></inbound></policies>';
    const doc = parsePolicy(text);
    assert.deepEqual(doc.problems, []);
    const when = allElements(doc).find((e) => e.name === 'when');
    assert.equal(attribute(when!, 'condition')?.value, '@(context.Request.Headers.GetValueOrDefault("x","") == "a" && 1 < 2)');
    assert.deepEqual(childElements(when!).map((e) => e.name), ['set-header']);
  });

  test('an expression in text may hold generics and comparisons', () => {
    const text = '<policies><inbound><set-body>@{ var b = context.Request.Body.As<JObject>(preserveContent: true); if (b.Count > 0 && 1 < 2) { return "<x/>"; } return b.ToString(); }</set-body><base /></inbound></policies>';
    const doc = parsePolicy(text);
    assert.deepEqual(doc.problems, []);
    const body = allElements(doc).find((e) => e.name === 'set-body')!;
    assert.equal(body.children.length, 1);
    const t = body.children[0]!;
    assert.ok(t.kind === 'text' && t.expression);
    assert.deepEqual(childElements(allElements(doc).find((e) => e.name === 'inbound')!).map((e) => e.name), ['set-body', 'base']);
  });

  test('XML-encoded expressions, single-quoted values, comments and CDATA', () => {
    const text = `<policies><inbound><!-- a <comment> --><set-variable name='v' value='@(x == "a")' /><set-variable name="w" value="@(context.Variables.GetValueOrDefault(&quot;a)&quot;, &quot;&quot;))" /><set-body><![CDATA[<raw & text>]]></set-body></inbound></policies>`;
    const doc = parsePolicy(text);
    assert.deepEqual(doc.problems, []);
    const vars = allElements(doc).filter((e) => e.name === 'set-variable');
    assert.deepEqual(vars.map((v) => attribute(v, 'value')?.value), ['@(x == "a")', '@(context.Variables.GetValueOrDefault(&quot;a)&quot;, &quot;&quot;))']);
    assert.equal(decodeEntities(attribute(vars[1]!, 'value')!.value!), '@(context.Variables.GetValueOrDefault("a)", ""))');
    assert.ok(allElements(doc).find((e) => e.name === 'set-body')!.children[0]!.kind === 'cdata');
  });

  test('sections are known for nested policies', () => {
    const doc = parsePolicy('<policies><outbound><choose><when condition="@(true)"><set-header name="a" /></when></choose></outbound></policies>');
    assert.equal(sectionOf(allElements(doc).find((e) => e.name === 'set-header')), 'outbound');
    assert.equal(sectionOf(allElements(doc).find((e) => e.name === 'policies')), undefined);
  });
});

describe('half-typed and broken input', () => {
  // [text, problem codes, names of the elements in document order]
  const CASES: [string, string[], string[]][] = [
    ['<policies><inbound><set-header name="x" ', ['unclosedStartTag', 'unclosedElement', 'unclosedElement'], ['policies', 'inbound', 'set-header']],
    ['<policies><inbound><set-header name="x', ['unclosedAttributeValue', 'unclosedStartTag', 'unclosedElement', 'unclosedElement'], ['policies', 'inbound', 'set-header']],
    ['<policies><inbound><set-</inbound></policies>', ['unclosedStartTag'], ['policies', 'inbound', 'set-']],
    ['<policies><inbound><base />\n<\n</inbound><outbound /></policies>', ['unexpectedLessThan'], ['policies', 'inbound', 'base', '', 'outbound']],
    ['<policies><inbound><choose><when condition="@(true)"></choose></inbound></policies>', ['unclosedElement'], ['policies', 'inbound', 'choose', 'when']],
    ['<policies><inbound></outbound></inbound></policies>', ['unexpectedEndTag'], ['policies', 'inbound']],
    ['<policies><inbound><set-body>@(context.Request.</set-body></inbound></policies>', ['unclosedExpression'], ['policies', 'inbound', 'set-body']],
    ['<policies a=1 b><inbound /></policies>', ['unquotedAttribute', 'missingAttributeValue'], ['policies', 'inbound']],
    ['<policies x="1" x="2"/>', ['duplicateAttribute'], ['policies']],
    ['<policies/><policies/>', ['multipleRoots'], ['policies', 'policies']],
    ['<policies><!-- not closed', ['unclosedComment', 'unclosedElement'], ['policies']],
  ];
  for (const [text, codes, names] of CASES) {
    test(JSON.stringify(text), () => {
      const doc = parsePolicy(text);
      assert.deepEqual(doc.problems.map((p) => p.code), codes);
      assert.deepEqual(allElements(doc).map((e) => e.name), names);
      assertConsistent(doc);
    });
  }

  test('the cursor in a half-typed start tag finds the element and attribute', () => {
    const text = '<policies><inbound><set-header name="x" exists-action="ov';
    const doc = parsePolicy(text);
    const at = startTagAt(doc, text.length);
    assert.equal(at?.element.name, 'set-header');
    assert.equal(at?.attribute?.name, 'exists-action');
    assert.equal(at?.inValue, true);
    assert.equal(nodeAt(doc, text.indexOf('<inbound') + 3)?.kind, 'element');
  });

  test('never throws, on every prefix and on mangled copies of real policies', () => {
    const texts = policyFiles(sampleRoot).map((f) => readFileSync(f, 'utf8'));
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const junk = ['<', '>', '"', "'", '@(', '@{', ')', '}', '</', '/>', '<!--', '&', '=', ' '];
    let parsed = 0;
    for (const t of texts) {
      for (let k = 0; k <= t.length; k += 7) {
        assertConsistent(parsePolicy(t.slice(0, k)));
        parsed++;
      }
      for (let m = 0; m < 40; m++) {
        let s = t;
        for (let e = 0; e < 5; e++) {
          const at = rnd(s.length + 1);
          s = rnd(2) ? s.slice(0, at) + (junk[rnd(junk.length)] as string) + s.slice(at) : s.slice(0, at) + s.slice(at + 1 + rnd(5));
        }
        assertConsistent(parsePolicy(s));
        parsed++;
      }
    }
    assert.ok(parsed > 1000);
  });
});
