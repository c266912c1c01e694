// Outline, folding, formatting and navigation for policy documents. Formatting only re-indents
// lines: it never touches the text of an expression, a comment or CDATA.

import { namedValueReferences } from '../common/namedValueSyntax';
import * as path from 'node:path';
import type { Span } from '../common/span';
import { policyInfo } from '../policy/catalog';
import { allElements, attribute, type PolicyDocument, type PolicyElement, type PolicyNode } from '../policy/policyDocument';
import type { ApiopsService } from '../workspace/apiopsModel';
import { collectionFolders } from '../workspace/apiopsLoader';
import type { TextEdit } from './codeActions';

export interface PolicySymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: 'section' | 'policy' | 'element';
  readonly span: Span;
  readonly selectionSpan: Span;
  readonly children: readonly PolicySymbol[];
}

/** Sections and the policies in them (with when/otherwise and nested policies). */
export function documentSymbols(doc: PolicyDocument): PolicySymbol[] {
  const symbol = (el: PolicyElement): PolicySymbol => {
    const isSection = el.parent?.name === 'policies';
    const isPolicy = !!policyInfo(el.name);
    const detail = attribute(el, 'name')?.value ?? attribute(el, 'backend-id')?.value ?? attribute(el, 'fragment-id')?.value ?? attribute(el, 'condition')?.value?.slice(0, 60);
    return {
      name: el.name,
      detail,
      kind: isSection ? 'section' : isPolicy ? 'policy' : 'element',
      span: el.span,
      selectionSpan: el.nameSpan,
      children: el.children.filter((c): c is PolicyElement => c.kind === 'element' && !!c.name && (!!policyInfo(c.name) || ['base', 'when', 'otherwise', 'inbound', 'backend', 'outbound', 'on-error'].includes(c.name))).map(symbol),
    };
  };
  return doc.root ? doc.root.children.filter((c): c is PolicyElement => c.kind === 'element' && !!c.name).map(symbol) : [];
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Elements and comments that span lines, as 0-based line ranges. */
export function foldingRanges(doc: PolicyDocument): { startLine: number; endLine: number; kind?: 'comment' }[] {
  const out: { startLine: number; endLine: number; kind?: 'comment' }[] = [];
  const walk = (nodes: readonly PolicyNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'element' || n.kind === 'comment') {
        const s = lineOf(doc.text, n.span.start);
        const e = lineOf(doc.text, n.span.end);
        if (e > s) out.push(n.kind === 'comment' ? { startLine: s, endLine: e, kind: 'comment' } : { startLine: s, endLine: e - 1 });
      }
      if (n.kind === 'element') walk(n.children);
    }
  };
  walk(doc.nodes);
  return out.filter((r) => r.endLine > r.startLine);
}

/**
 * Re-indents lines to the element nesting depth. Lines that start inside an expression, a
 * comment, CDATA or a multi-line start tag keep their text exactly.
 */
export function formatPolicy(doc: PolicyDocument, options: { tabSize: number; insertSpaces: boolean }): TextEdit[] {
  const text = doc.text;
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const frozen: Span[] = [];
  const depthAt: { start: number; depth: number }[] = [];
  const walk = (nodes: readonly PolicyNode[], depth: number): void => {
    for (const n of nodes) {
      if (n.kind === 'comment') depthAt.push({ start: n.span.start, depth });
      if (n.kind === 'comment' || n.kind === 'cdata') frozen.push(n.span);
      if (n.kind === 'text' && n.expression) frozen.push(n.span);
      if (n.kind !== 'element') continue;
      depthAt.push({ start: n.span.start, depth });
      frozen.push({ start: n.startTagSpan.start + 1, end: n.startTagSpan.end }); // attributes and their expressions
      if (n.endTagSpan) depthAt.push({ start: n.endTagSpan.start, depth });
      walk(n.children, depth + 1);
    }
  };
  walk(doc.nodes, 0);
  const depthOf = new Map(depthAt.map((d) => [d.start, d.depth]));
  const edits: TextEdit[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const indentEnd = lineStart + (/^[ \t]*/.exec(text.slice(lineStart, lineEnd))?.[0].length ?? 0);
    const isFrozen = frozen.some((f) => f.start < lineStart && lineStart < f.end);
    const depth = depthOf.get(indentEnd);
    if (!isFrozen && depth !== undefined && indentEnd < lineEnd) {
      const want = unit.repeat(depth);
      if (text.slice(lineStart, indentEnd) !== want) edits.push({ span: { start: lineStart, end: indentEnd }, newText: want });
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return edits;
}

export type ReferenceTarget = { readonly kind: 'namedValue' | 'backend' | 'fragment' | 'variable'; readonly name: string; readonly span: Span };

/** What the cursor is on: a {{named value}}, a backend-id, a fragment-id or a variable name. */
export function referenceAt(doc: PolicyDocument, offset: number): ReferenceTarget | undefined {
  const text = doc.text;
  const from = Math.max(0, offset - 300);
  for (const m of namedValueReferences(text.slice(from, offset + 300))) {
    const start = from + (m.index ?? 0);
    if (offset >= start && offset <= start + m[0].length) return { kind: 'namedValue', name: m[1] as string, span: { start, end: start + m[0].length } };
  }
  for (const el of allElements(doc)) {
    for (const a of el.attributes) {
      if (!a.valueSpan || a.value === undefined || offset < a.valueSpan.start || offset > a.valueSpan.end) continue;
      if (a.name === 'backend-id') return { kind: 'backend', name: a.value, span: a.valueSpan };
      if (a.name === 'fragment-id') return { kind: 'fragment', name: a.value, span: a.valueSpan };
      if (el.name === 'set-variable' && a.name === 'name') return { kind: 'variable', name: a.value, span: a.valueSpan };
      if (/variable-name$/.test(a.name)) return { kind: 'variable', name: a.value, span: a.valueSpan };
    }
  }
  // A variable name in an expression: Variables["x"], GetValueOrDefault<T>("x"), ContainsKey("x").
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  for (const m of line.matchAll(/(?:Variables\s*\[\s*|GetValueOrDefault(?:<[^>]*>)?\(\s*|ContainsKey\(\s*|TryGetValue\(\s*)(?:"|&quot;)([\w.-]+)(?:"|&quot;)/g)) {
    const nameStart = lineStart + (m.index ?? 0) + m[0].indexOf(m[1] as string);
    if (offset >= nameStart && offset <= nameStart + (m[1] as string).length && /Variables|GetValueOrDefault<|ContainsKey|TryGetValue/.test(m[0])) {
      return { kind: 'variable', name: m[1] as string, span: { start: nameStart, end: nameStart + (m[1] as string).length } };
    }
  }
  return undefined;
}

/** Where a named value, backend or fragment is defined in the APIOps folder. */
export function definitionFile(service: ApiopsService, target: ReferenceTarget): string | undefined {
  const all = [service, ...service.workspaces];
  const folders = collectionFolders(service.layout);
  switch (target.kind) {
    case 'namedValue': {
      for (const c of all) {
        const nv = c.namedValues.find((n) => n.displayName === target.name || n.name === target.name);
        if (nv) return path.join(c === service ? service.root : (c as { folder: string }).folder, folders.namedValues, nv.name, 'namedValueInformation.json');
      }
      return undefined;
    }
    case 'backend': {
      for (const c of all) if (c.backends.some((b) => b.name === target.name)) return path.join(c === service ? service.root : (c as { folder: string }).folder, folders.backends, target.name, 'backendInformation.json');
      return undefined;
    }
    case 'fragment': {
      for (const c of all) {
        const f = c.fragments.find((x) => x.name === target.name);
        if (f) return f.policy?.path;
      }
      return undefined;
    }
    case 'variable':
      return undefined;
  }
}

/** Where a variable is set in the document (set-variable name="x" and *-variable-name="x"). */
export function variableDefinitions(doc: PolicyDocument, name: string): Span[] {
  const out: Span[] = [];
  for (const el of allElements(doc)) {
    for (const a of el.attributes) {
      if (a.value !== name || !a.valueSpan) continue;
      if ((el.name === 'set-variable' && a.name === 'name') || /variable-name$/.test(a.name)) out.push(a.valueSpan);
    }
  }
  return out;
}

/** Every place a target is used in a policy text. */
export function findReferences(text: string, target: ReferenceTarget): Span[] {
  const out: Span[] = [];
  const esc = target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re =
    target.kind === 'namedValue'
      ? new RegExp(`\\{\\{${esc}\\}\\}`, 'g')
      : target.kind === 'backend'
        ? new RegExp(`backend-id\\s*=\\s*["']${esc}["']`, 'g')
        : target.kind === 'fragment'
          ? new RegExp(`fragment-id\\s*=\\s*["']${esc}["']`, 'g')
          : new RegExp(`(?:"|&quot;)${esc}(?:"|&quot;)`, 'g');
  for (const m of text.matchAll(re)) {
    const at = (m.index ?? 0) + m[0].indexOf(target.name);
    out.push({ start: at, end: at + target.name.length });
  }
  return out;
}
