// Where "Add Backend Authentication…" puts a snippet: the end of its section, indented like the
// document; a self-closing or missing section is written out; no <policies> is a clear error.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy } from '../../../src/policy/policyParser';
import { snippetEdit } from '../../../src/policy/snippetInsertion';

const apply = (text: string, body: string, section: 'inbound' | 'backend' | 'outbound' = 'inbound'): string => {
  const edit = snippetEdit(parsePolicy(text), section, body);
  if ('error' in edit) throw new Error(edit.error);
  return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
};

test('at the end of the section, after <base />, indented one level deeper, tabs in the body as the document indents', () => {
  const text = '<policies>\n    <inbound>\n        <base />\n    </inbound>\n    <backend>\n        <base />\n    </backend>\n</policies>\n';
  assert.equal(
    apply(text, '<set-header name="a">\n\t<value>${1:x}</value>\n</set-header>$0'),
    '<policies>\n    <inbound>\n        <base />\n        <set-header name="a">\n            <value>${1:x}</value>\n        </set-header>$0\n    </inbound>\n    <backend>\n        <base />\n    </backend>\n</policies>\n',
  );
});

test('a section on one line gets the snippet on its own lines', () => {
  assert.equal(apply('<policies><inbound><base /></inbound></policies>', '<a />$0'), '<policies><inbound><base />\n  <a />$0\n</inbound></policies>');
});

test('a self-closing section is written out with <base />', () => {
  assert.equal(apply('<policies>\n  <inbound />\n  <backend />\n</policies>', '<a />$0'), '<policies>\n  <inbound>\n    <base />\n    <a />$0\n  </inbound>\n  <backend />\n</policies>');
});

test('a missing section is added before the sections that follow it', () => {
  assert.equal(apply('<policies>\n  <outbound />\n</policies>', '<a />$0', 'backend'), '<policies>\n  <backend>\n    <base />\n    <a />$0\n  </backend>\n  <outbound />\n</policies>');
  assert.equal(apply('<policies>\n  <inbound />\n</policies>', '<a />$0', 'outbound'), '<policies>\n  <inbound />\n  <outbound>\n    <base />\n    <a />$0\n  </outbound>\n</policies>');
});

test('a fragment takes the snippet at the end of its content', () => {
  assert.equal(apply('<fragment>\n  <b />\n</fragment>', '<a />$0'), '<fragment>\n  <b />\n  <a />$0\n</fragment>');
});

test('a file without <policies> is a clear error', () => {
  const edit = snippetEdit(parsePolicy('<set-header name="x" />'), 'inbound', '<a />');
  assert.deepEqual(edit, { error: 'This file has no <policies> element: the snippet goes into a policy document.' });
});
