// Where a snippet goes in a policy document: at the end of its section, indented like the
// document; a self-closing or missing section is written out. The result is an edit (offset,
// length to replace, text in snippet syntax) the editor applies with its tab stops live.

import type { Section } from './catalog';
import { childElements, type PolicyDocument, type PolicyElement } from './policyDocument';

export interface SnippetEdit {
  readonly offset: number;
  /** Characters replaced at `offset` (a self-closing `<inbound />`), usually 0. */
  readonly length: number;
  /** Snippet syntax, indented for its place. */
  readonly text: string;
}

const ORDER: readonly Section[] = ['inbound', 'backend', 'outbound', 'on-error'];

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The document's indentation unit: the first indented line's leading whitespace, else two spaces. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)</.exec(text);
  return m?.[1] ?? '  ';
}

/** Snippet lines indented: `\t` in the body becomes the document's unit, every line gets `indent`. */
function indentBody(body: string, indent: string, unit: string): string {
  return body
    .split('\n')
    .map((line) => {
      const tabs = /^\t*/.exec(line)?.[0].length ?? 0;
      return `${indent}${unit.repeat(tabs)}${line.slice(tabs)}`;
    })
    .join('\n');
}

/**
 * The edit that puts `body` (snippet syntax, tab-indented) at the end of `section`. A document
 * without `<policies>` (or a `<fragment>`, whose content has no sections) gives an error message.
 */
export function snippetEdit(doc: PolicyDocument, section: Section, body: string): SnippetEdit | { error: string } {
  const text = doc.text;
  const root = doc.root;
  const unit = indentUnit(text);
  if (root?.name === 'fragment') {
    if (!root.endTagSpan) return { error: 'The <fragment> is not closed: close it and try again.' };
    return endOf(text, root, body, unit);
  }
  if (!root || root.name !== 'policies') return { error: 'This file has no <policies> element: the snippet goes into a policy document.' };
  const sections = childElements(root);
  const el = sections.find((e) => e.name === section);
  if (el && !el.selfClosing && el.endTagSpan) return endOf(text, el, body, unit);
  const rootIndent = indentAt(text, root.span.start);
  const sectionIndent = rootIndent + unit;
  const written = `<${section}>\n${sectionIndent}${unit}<base />\n${indentBody(body, sectionIndent + unit, unit)}\n${sectionIndent}</${section}>`;
  if (el) {
    // <inbound /> → <inbound><base />…</inbound>, in place.
    return { offset: el.span.start, length: el.span.end - el.span.start, text: written };
  }
  // A missing section goes before the first section that follows it, or at the end.
  const later = sections.find((e) => ORDER.indexOf(e.name as Section) > ORDER.indexOf(section));
  if (later) return { offset: later.span.start, length: 0, text: `${written}\n${indentAt(text, later.span.start)}` };
  if (!root.endTagSpan) return { error: 'The <policies> element is not closed: close it and try again.' };
  const at = root.endTagSpan.start;
  return { offset: lineStart(text, at), length: 0, text: `${sectionIndent}${written}\n` };
}

/** At the end of an element's content: on its own line before the end tag. */
function endOf(text: string, el: PolicyElement, body: string, unit: string): SnippetEdit {
  const end = (el.endTagSpan as { start: number }).start;
  const indent = indentAt(text, el.span.start) + unit;
  const start = lineStart(text, end);
  // The end tag on its own line: insert the lines before it; else break the line first.
  if (/^[ \t]*$/.test(text.slice(start, end))) return { offset: start, length: 0, text: `${indentBody(body, indent, unit)}\n` };
  return { offset: end, length: 0, text: `\n${indentBody(body, indent, unit)}\n${indentAt(text, el.span.start)}` };
}
