// Completion in policy documents: the policies valid at the cursor (by section, scope and
// enclosing element), attributes and their values, closing tags, {{named values}}, backend and
// fragment ids, variables set earlier, and inside expressions the members of whatever is before
// the dot, with signatures and docs.

import type { Span } from '../common/span';
import { checkExpression, typeName, type SType } from '../expressions/checker';
import { parsePolicyExpression } from '../expressions/expressionParser';
import { allTypes, type MemberDef, type TypeDef } from '../expressions/runtime/typeSystem';
import { attributeInfosOf, childInfosOf, policyInfo, policiesFor, SECTIONS, STRUCTURAL, type ChildInfo, type PolicyInfo, type Scope } from '../policy/catalog';
import { allElements, attribute, sectionOf, type PolicyDocument, type PolicyElement } from '../policy/policyDocument';
import { attributeDoc, policyDoc, structuralDoc } from './hover';
import { mdCode, mdText } from './markdown';

export type CompletionKind = 'policy' | 'element' | 'attribute' | 'value' | 'closeTag' | 'namedValue' | 'method' | 'property' | 'type' | 'variable' | 'keyword';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Snippet syntax (${1:placeholder}); the label when absent. */
  readonly insertText?: string;
  /** What the item replaces (the partial word at the cursor). */
  readonly replace: Span;
  readonly sortText?: string;
}

export interface CompletionContext {
  readonly scope?: Scope;
  readonly namedValues?: readonly { name: string; secret: boolean; value?: string }[];
  readonly backends?: readonly string[];
  readonly fragments?: readonly string[];
}

const NAME_CHAR = /[A-Za-z0-9_:.\-]/;

export function completeAt(doc: PolicyDocument, offset: number, ctx: CompletionContext = {}): CompletionItem[] {
  const text = doc.text;
  // {{named value}}
  const nv = /\{\{([^{}\s]*)$/.exec(text.slice(Math.max(0, offset - 200), offset));
  if (nv) {
    const start = offset - (nv[1]?.length ?? 0);
    const close = text.startsWith('}}', offset) ? '' : '}}';
    return (ctx.namedValues ?? []).map((n) => ({
      label: n.name,
      kind: 'namedValue',
      detail: n.secret ? 'secret named value' : `named value = ${n.value ?? ''}`,
      insertText: n.name + close,
      replace: { start, end: offset },
    }));
  }
  const expr = expressionAround(doc, offset);
  if (expr) return expressionCompletions(doc, expr.raw, expr.start, offset);

  // </ : close the innermost open element.
  if (text.slice(offset - 2, offset) === '</' || /<\/[\w:-]*$/.test(text.slice(Math.max(0, offset - 60), offset))) {
    const m = /<\/([\w:-]*)$/.exec(text.slice(Math.max(0, offset - 60), offset));
    const start = offset - (m?.[1]?.length ?? 0);
    const open = openElementAt(doc, offset);
    return open ? [{ label: `</${open.name}>`, kind: 'closeTag', insertText: `${open.name}>`, replace: { start, end: offset } }] : [];
  }

  // <name : elements valid here.
  const tag = /<([\w:-]*)$/.exec(text.slice(Math.max(0, offset - 80), offset));
  if (tag) {
    const start = offset - (tag[1]?.length ?? 0);
    return elementCompletions(doc, openElementAt(doc, start - 1), ctx, { start, end: offset });
  }

  // Inside a start tag: attribute names or values.
  const el = startTagElement(doc, offset);
  if (el) {
    const attr = el.attributes.find((a) => a.valueSpan && a.valueSpan.start <= offset && offset <= a.valueSpan.end);
    if (attr?.valueSpan) {
      const start = attr.valueSpan.start;
      return valueCompletions(doc, el, attr.name, ctx, { start, end: offset });
    }
    let start = offset;
    while (start > 0 && NAME_CHAR.test(text[start - 1] as string)) start--;
    if (start > el.nameSpan.end) return attributeCompletions(el, { start, end: offset });
  }
  return [];
}

/** The element whose start tag contains the offset (the cursor after its name). */
function startTagElement(doc: PolicyDocument, offset: number): PolicyElement | undefined {
  let found: PolicyElement | undefined;
  for (const e of allElements(doc)) {
    const end = e.startTagClosed ? e.startTagSpan.end - 1 : e.startTagSpan.end;
    if (e.nameSpan.end <= offset && offset <= end) found = e;
  }
  return found;
}

/** The innermost element that is open (its content) at the offset. */
function openElementAt(doc: PolicyDocument, offset: number): PolicyElement | undefined {
  let found: PolicyElement | undefined;
  for (const e of allElements(doc)) {
    if (e.selfClosing || !e.startTagClosed) continue;
    const contentStart = e.startTagSpan.end;
    const contentEnd = e.endTagSpan ? e.endTagSpan.start : e.span.end;
    if (contentStart <= offset && offset <= contentEnd) found = e;
  }
  return found;
}

function structuralDocOf(name: string): string | undefined {
  const s = STRUCTURAL.find((x) => x.name === name);
  return s ? structuralDoc(s) : undefined;
}

function elementCompletions(doc: PolicyDocument, parent: PolicyElement | undefined, ctx: CompletionContext, replace: Span): CompletionItem[] {
  if (!parent) {
    return [
      { label: 'policies', kind: 'element', documentation: structuralDocOf('policies'), insertText: 'policies>\n\t<inbound>\n\t\t<base />\n\t\t$0\n\t</inbound>\n\t<backend>\n\t\t<base />\n\t</backend>\n\t<outbound>\n\t\t<base />\n\t</outbound>\n\t<on-error>\n\t\t<base />\n\t</on-error>\n</policies>', replace },
      { label: 'fragment', kind: 'element', documentation: structuralDocOf('fragment'), insertText: 'fragment>\n\t$0\n</fragment>', replace },
    ];
  }
  if (parent.name === 'policies') {
    const present = new Set(parent.children.filter((c) => c.kind === 'element').map((c) => (c as PolicyElement).name));
    return SECTIONS.filter((s) => !present.has(s)).map((s) => ({ label: s, kind: 'element', documentation: structuralDocOf(s), insertText: `${s}>\n\t<base />\n\t$0\n</${s}>`, replace }));
  }
  const statementsHere = holdsStatements(parent);
  if (statementsHere) {
    const section = sectionOf(parent);
    const scope = ctx.scope;
    const only = policyInfo(parent.name)?.allowedPolicies;
    const items: CompletionItem[] = policiesFor(section, scope === 'fragment' ? undefined : scope)
      .filter((p) => !only || only.includes(p.name))
      .map((p) => policyItem(p, replace, ctx));
    // <base /> is only composed directly under a section (apim-policies.md §1.2), never nested in choose/retry.
    if (section && parent.name === section && doc.root?.name !== 'fragment') items.unshift({ label: 'base', kind: 'element', detail: 'inherit the broader scope', documentation: structuralDocOf('base'), insertText: 'base />', replace, sortText: '0' });
    return items;
  }
  // Children of a policy or of a child element.
  const children = childInfosOf(parent);
  return children.map((c, i) => ({
    label: c.name,
    kind: 'element',
    detail: c.note?.replace(/`/g, ''),
    insertText: c.children.length || c.anyPolicy ? `${c.name}${childAttrs(c)}>\n\t$0\n</${c.name}>` : `${c.name}${childAttrs(c)}>$0</${c.name}>`,
    replace,
    sortText: String(i).padStart(3, '0'),
  }));
}

function childAttrs(c: ChildInfo): string {
  let n = 1;
  return (c.attributes ?? []).filter((a) => a.required).map((a) => ` ${a.name}="\${${n++}}"`).join('');
}

/** Whether an element's content is a list of policy statements. */
function holdsStatements(el: PolicyElement): boolean {
  if ((SECTIONS as readonly string[]).includes(el.name) && el.parent?.name === 'policies') return true;
  if (el.name === 'fragment' && !el.parent) return true;
  const info = policyInfo(el.name);
  if (info?.containsPolicies) return true;
  const parentInfo = el.parent ? childInfosOf(el.parent) : [];
  return parentInfo.some((c) => c.name === el.name && c.anyPolicy === true);
}

function policyItem(p: PolicyInfo, replace: Span, ctx: CompletionContext): CompletionItem {
  let n = 1;
  const attrs = p.attributes
    .filter((a) => a.required && !a.toolkitOnly)
    .map((a) => {
      const values = a.name === 'backend-id' && ctx.backends?.length ? ctx.backends : a.name === 'fragment-id' && ctx.fragments?.length ? ctx.fragments : a.values;
      return ` ${a.name}="\${${n++}${values?.length ? `|${values.join(',')}|` : ''}}"`;
    })
    .join('');
  const required = p.children.filter((c) => c.cardinality === '1' || c.cardinality === '+');
  const body = p.containsPolicies || required.length || p.text;
  const inner = required.map((c) => `\t<${c.name}>\${${n++}}</${c.name}>`).join('\n');
  const insertText = body ? `${p.name}${attrs}>\n${inner || '\t$0'}\n</${p.name}>` : `${p.name}${attrs} />`;
  return { label: p.name, kind: 'policy', detail: p.category, documentation: policyDoc(p), insertText, replace };
}

function attributeCompletions(el: PolicyElement, replace: Span): CompletionItem[] {
  const present = new Set(el.attributes.map((a) => a.name));
  return attributeInfosOf(el)
    .filter((a) => !present.has(a.name))
    .map((a, i) => ({
      label: a.name,
      kind: 'attribute' as const,
      detail: a.required ? 'required' : 'optional',
      documentation: attributeDoc(el.name, a),
      insertText: `${a.name}="$1"`,
      replace,
      sortText: `${a.required ? 0 : 1}${String(i).padStart(3, '0')}`,
    }));
}

function valueCompletions(doc: PolicyDocument, el: PolicyElement, name: string, ctx: CompletionContext, replace: Span): CompletionItem[] {
  if (name === 'backend-id') return (ctx.backends ?? []).map((b) => ({ label: b, kind: 'value', detail: 'backend', replace }));
  if (name === 'fragment-id') return (ctx.fragments ?? []).map((f) => ({ label: f, kind: 'value', detail: 'policy fragment', replace }));
  const info = attributeInfosOf(el).find((a) => a.name === name);
  if (info?.values) return info.values.map((v) => ({ label: v, kind: 'value', detail: v === info.default ? 'default' : undefined, replace }));
  if (name === 'name' && el.name === 'set-variable') return [];
  if (info?.expressions !== false && attribute(el, name)?.value === '') {
    return [{ label: '@(...)', kind: 'keyword', detail: 'policy expression', insertText: '@($1)', replace }];
  }
  void doc;
  return [];
}

// ------------------------------------------------------------------ expressions

/** The expression around the offset: an attribute value or text starting with @( or @{. */
function expressionAround(doc: PolicyDocument, offset: number): { raw: string; start: number } | undefined {
  for (const e of allElements(doc)) {
    for (const a of e.attributes) {
      if (a.valueSpan && a.value !== undefined && a.valueSpan.start < offset && offset <= a.valueSpan.end && /^\s*@[({]/.test(a.value)) return { raw: a.value, start: a.valueSpan.start };
    }
    for (const c of e.children) {
      if (c.kind === 'text' && c.span.start < offset && offset <= c.span.end && /^\s*@[({]/.test(c.text)) return { raw: c.text, start: c.span.start };
    }
  }
  // Half-typed text content: from the last "@(" or "@{" after the last tag.
  const before = doc.text.slice(0, offset);
  const lastTag = before.lastIndexOf('>');
  const at = Math.max(before.lastIndexOf('@('), before.lastIndexOf('@{'));
  if (at > lastTag && at >= 0) return { raw: doc.text.slice(at, offset), start: at };
  return undefined;
}

const KEYWORDS = ['context', 'true', 'false', 'null', 'new', 'var', 'return', 'if', 'else', 'foreach', 'string', 'int', 'bool'];

function expressionCompletions(doc: PolicyDocument, raw: string, start: number, offset: number): CompletionItem[] {
  const upTo = raw.slice(0, offset - start);
  // Variables set earlier: context.Variables["|  or GetValueOrDefault<...>("|
  const varQuote = /(?:Variables\s*\[\s*|GetValueOrDefault(?:<[^>]*>)?\(\s*)"([\w.-]*)$/.exec(upTo);
  if (varQuote && /Variables/.test(upTo.slice(Math.max(0, upTo.length - 80)))) {
    const replace = { start: offset - (varQuote[1]?.length ?? 0), end: offset };
    return variablesBefore(doc, start).map((v) => ({ label: v, kind: 'variable', detail: 'set earlier by set-variable', replace }));
  }
  const m = /([A-Za-z_]\w*)$/.exec(upTo);
  const word = m?.[1] ?? '';
  const replace = { start: offset - word.length, end: offset };
  const beforeWord = upTo.slice(0, upTo.length - word.length);
  if (!beforeWord.endsWith('.')) {
    const types = allTypes().filter((t) => !t.fullName.includes('`') && !t.fullName.startsWith('<') && !t.fullName.startsWith('Microsoft.Azure.ApiManagement.'));
    return [
      ...KEYWORDS.map((k) => ({ label: k, kind: 'keyword' as const, detail: k === 'context' ? 'the request context (IContext)' : undefined, replace, sortText: k === 'context' ? '0' : '2' })),
      ...types.map((t) => ({ label: t.alias ?? t.name, kind: 'type' as const, detail: t.fullName, ...(t.doc ? { documentation: mdText(t.doc) } : {}), replace, sortText: '3' })),
    ];
  }
  // Members of what is before the dot: parse and check a probe that ends with the receiver.
  const head = beforeWord.slice(0, -1);
  const receiverText = receiverOf(head);
  if (!receiverText) return [];
  const t = /^\s*@\{/.test(upTo) ? blockReceiverType(head, receiverText.text) : singleReceiverType(receiverText.text);
  return t ? memberItems(t, replace) : [];
}

function singleReceiverType(receiver: string): SType | undefined {
  const parsed = parsePolicyExpression(`@(${receiver})`, 0);
  if (!parsed?.body || parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return checkExpression(parsed.body, { globals: { context: 'IContext' } }).type;
}

/**
 * In a @{ } block the receiver may be a local: keep the statements before it, end them at the
 * last statement boundary, and return the receiver, closing any open braces.
 */
function blockReceiverType(head: string, receiver: string): SType | undefined {
  const before = head.slice(0, head.length - receiver.length);
  let cut = -1;
  for (let i = before.length - 1; i >= 0; i--) {
    if (';{}'.includes(before[i] as string)) {
      cut = i;
      break;
    }
  }
  if (cut < 0) return undefined;
  const statements = before.slice(0, cut + 1);
  const open = (statements.match(/\{/g) ?? []).length - (statements.match(/\}/g) ?? []).length;
  const prefix = `${statements} return `;
  const probe = `${prefix}${receiver}; ${'}'.repeat(Math.max(1, open))}`;
  const parsed = parsePolicyExpression(probe, 0);
  if (!parsed?.body) return undefined;
  const checked = checkExpression(parsed.body, { globals: { context: 'IContext' } });
  const start = prefix.length;
  return checked.types.find((x) => x.span.start === start && x.span.end === start + receiver.length)?.type;
}

/** The receiver expression before a dot: walk back over balanced (), [], <> and identifiers. */
function receiverOf(text: string): { text: string } | undefined {
  let i = text.length;
  let depth = 0;
  while (i > 0) {
    const c = text[i - 1] as string;
    if (c === ')' || c === ']' || c === '>') depth++;
    else if (c === '(' || c === '[' || c === '<') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !/[\w.?!]/.test(c)) {
      if (c === '"' || c === "'") {
        // a string literal receiver: "abc".
        const q = text.lastIndexOf(c, i - 2);
        if (q >= 0) {
          i = q;
          continue;
        }
      }
      break;
    }
    i--;
  }
  const out = text.slice(i).trim().replace(/^@[({]/, '');
  return out ? { text: out } : undefined;
}

function memberItems(t: SType, replace: Span): CompletionItem[] {
  let def: TypeDef | undefined;
  let isStatic = false;
  if (t.kind === 'type') def = t.def;
  else if (t.kind === 'typeRef') {
    def = t.def;
    isStatic = true;
  } else if (t.kind === 'array') def = allTypes().find((x) => x.fullName === 'System.Array');
  if (!def) return [];
  const seen = new Map<string, MemberDef[]>();
  const visit = (d: TypeDef | undefined, visited: Set<string>): void => {
    if (!d || visited.has(d.fullName)) return;
    visited.add(d.fullName);
    for (const m of d.members) {
      if ((m.kind !== 'method' && m.kind !== 'property') || !!m.static !== isStatic) continue;
      if (m.name.startsWith('op_')) continue;
      seen.set(m.name, [...(seen.get(m.name) ?? []), m]);
    }
    visit(d.base ? allTypes().find((x) => x.fullName === d.base) : d.fullName === 'System.Object' ? undefined : allTypes().find((x) => x.fullName === 'System.Object'), visited);
    for (const i of d.interfaces ?? []) visit(allTypes().find((x) => x.fullName === i), visited);
  };
  visit(def, new Set());
  return [...seen].map(([name, members]) => {
    const m = members[0] as MemberDef & { kind: 'method' | 'property' };
    const sig = members.map((x) => signature(x)).join('\n');
    const isMethod = m.kind === 'method';
    return {
      label: name,
      kind: isMethod ? 'method' : 'property',
      detail: isMethod ? `${members.length > 1 ? `(+${members.length - 1} overloads) ` : ''}${signature(m)}` : signature(m),
      documentation: `\`\`\`csharp\n${sig}\n\`\`\`\n${mdText(m.doc)}\n\n${mdCode(typeName(t))}`,
      insertText: isMethod ? `${name}(${(m as { params: readonly unknown[] }).params.length ? '$1' : ''})` : name,
      replace,
    };
  });
}

function signature(m: MemberDef): string {
  if (m.kind === 'method') return `${m.static ? 'static ' : ''}${m.returns} ${m.name}${m.typeParams ? `<${m.typeParams.join(', ')}>` : ''}(${m.params.map((p) => `${p.out ? 'out ' : ''}${p.type} ${p.name}`).join(', ')})`;
  if (m.kind === 'property') return `${m.static ? 'static ' : ''}${m.type} ${m.name}`;
  return '';
}

/** Names given to set-variable (and *-variable-name attributes) before an offset. */
function variablesBefore(doc: PolicyDocument, offset: number): string[] {
  const names = new Set<string>();
  for (const e of allElements(doc)) {
    if (e.span.start >= offset) continue;
    if (e.name === 'set-variable') {
      const n = attribute(e, 'name')?.value;
      if (n) names.add(n);
    }
    for (const a of e.attributes) if (/variable-name$/.test(a.name) && a.value && !a.value.startsWith('@')) names.add(a.value);
  }
  return [...names];
}



