// The parsed policy document: elements, attributes, text, comments and CDATA, each with its span
// in the source (character offsets), plus the syntax problems found while parsing.

import type { Diagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';

export interface PolicyAttribute {
  readonly name: string;
  readonly nameSpan: Span;
  /** Raw text between the quotes (entities not decoded); undefined when the value is missing. */
  readonly value?: string;
  /** The text between the quotes, quotes excluded. */
  readonly valueSpan?: Span;
  readonly quote?: '"' | "'";
  /** From the name to the closing quote. */
  readonly span: Span;
}

export interface PolicyElement {
  readonly kind: 'element';
  readonly name: string;
  readonly nameSpan: Span;
  /** `<name ...>` or `<name ... />`. */
  readonly startTagSpan: Span;
  /** `</name>`, when present. */
  endTagSpan?: Span;
  /** From `<` to the end of the end tag (or of the start tag when self-closing or unclosed). */
  span: Span;
  readonly selfClosing: boolean;
  /** The start tag reached its `>` (false while typing `<set-header name="x"`). */
  readonly startTagClosed: boolean;
  readonly attributes: readonly PolicyAttribute[];
  readonly children: PolicyNode[];
  readonly parent: PolicyElement | undefined;
}

export interface PolicyText {
  readonly kind: 'text';
  /** Raw text (entities not decoded). */
  readonly text: string;
  readonly span: Span;
  /** The text is a whole `@(...)` or `@{...}` expression (leading/trailing white space aside). */
  readonly expression: boolean;
  readonly parent: PolicyElement | undefined;
}

export interface PolicyComment {
  readonly kind: 'comment';
  readonly text: string;
  readonly span: Span;
  readonly parent: PolicyElement | undefined;
}

export interface PolicyCData {
  readonly kind: 'cdata';
  readonly text: string;
  readonly contentSpan: Span;
  readonly span: Span;
  readonly parent: PolicyElement | undefined;
}

export type PolicyNode = PolicyElement | PolicyText | PolicyComment | PolicyCData;

export interface PolicyDocument {
  readonly text: string;
  /** Top-level nodes; normally one `<policies>` or `<fragment>` element. */
  readonly nodes: readonly PolicyNode[];
  /** The first top-level element. */
  readonly root: PolicyElement | undefined;
  readonly problems: readonly Diagnostic[];
}

export const SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'] as const;
export type SectionName = (typeof SECTIONS)[number];

export function attribute(el: PolicyElement, name: string): PolicyAttribute | undefined {
  return el.attributes.find((a) => a.name === name);
}

export function childElements(el: PolicyElement): PolicyElement[] {
  return el.children.filter((c): c is PolicyElement => c.kind === 'element');
}

/** The section (`inbound`, ...) an element is in, or undefined (fragments, the root). */
export function sectionOf(el: PolicyElement | undefined): SectionName | undefined {
  for (let e = el; e; e = e.parent) {
    if ((SECTIONS as readonly string[]).includes(e.name) && e.parent?.name === 'policies') return e.name as SectionName;
  }
  return undefined;
}

/** Ancestors from the parent up to the root. */
export function ancestors(el: PolicyElement): PolicyElement[] {
  const out: PolicyElement[] = [];
  for (let e = el.parent; e; e = e.parent) out.push(e);
  return out;
}

/** Every element in document order. */
export function allElements(doc: PolicyDocument): PolicyElement[] {
  const out: PolicyElement[] = [];
  const walk = (nodes: readonly PolicyNode[]): void => {
    for (const n of nodes) {
      if (n.kind !== 'element') continue;
      out.push(n);
      walk(n.children);
    }
  };
  walk(doc.nodes);
  return out;
}

/** The innermost node whose span contains the offset (ends inclusive, for a cursor at the end). */
export function nodeAt(doc: PolicyDocument, offset: number): PolicyNode | undefined {
  let found: PolicyNode | undefined;
  const walk = (nodes: readonly PolicyNode[]): void => {
    for (const n of nodes) {
      if (n.span.start <= offset && offset <= n.span.end) {
        found = n;
        if (n.kind === 'element') walk(n.children);
        return;
      }
    }
  };
  walk(doc.nodes);
  return found;
}

/** The element whose start tag contains the offset, and the attribute there if any. */
export function startTagAt(doc: PolicyDocument, offset: number): { element: PolicyElement; attribute?: PolicyAttribute; inValue: boolean } | undefined {
  const n = nodeAt(doc, offset);
  const el = n?.kind === 'element' ? n : undefined;
  if (!el || offset < el.startTagSpan.start || offset > el.startTagSpan.end) return undefined;
  const attr = el.attributes.find((a) => a.span.start <= offset && offset <= a.span.end);
  const inValue = !!attr?.valueSpan && attr.valueSpan.start <= offset && offset <= attr.valueSpan.end;
  return { element: el, attribute: attr, inValue };
}

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };

/** Decodes XML entities (`&quot;`, `&#38;`, `&#x26;`). Unknown entities stay as written. */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}
