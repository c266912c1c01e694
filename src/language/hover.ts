// Hover for policy documents: policy and attribute docs from the catalog, expression members with
// their signature and doc from the runtime declarations, and named values (never a secret's value).

import { namedValueReferences } from '../common/namedValueSyntax';
import type { Span } from '../common/span';
import { checkExpression, receiverTypeAt, typeName } from '../expressions/checker';
import { parsePolicyExpression } from '../expressions/expressionParser';
import type { Expr, ExpressionBody } from '../expressions/ast';
import { membersNamed, type MemberDef } from '../expressions/runtime/typeSystem';
import { attributeInfosOf, policyInfoOf, structuralInfo, type AttributeInfo, type PolicyInfo, type StructuralInfo } from '../policy/catalog';
import { nodeAt, type PolicyDocument, type PolicyElement } from '../policy/policyDocument';
import type { NamedValueModel } from '../workspace/apiopsModel';
import { expectedValue } from '../policy/attributeValues';
import { mdCode, mdElement, mdProse, mdText } from './markdown';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

export interface HoverContext {
  /** Named values by display name. */
  readonly namedValues?: ReadonlyMap<string, NamedValueModel>;
}

export function hoverAt(doc: PolicyDocument, offset: number, ctx: HoverContext = {}): HoverResult | undefined {
  const named = namedValueAt(doc.text, offset, ctx);
  if (named) return named;
  const node = nodeAt(doc, offset);
  if (!node) return undefined;
  if (node.kind === 'text' && node.expression) return expressionHover(node.text, node.span.start, offset);
  if (node.kind !== 'element') return undefined;
  const el = node;
  if (el.nameSpan.start <= offset && offset <= el.nameSpan.end) return { markdown: elementDoc(el), span: el.nameSpan };
  if (el.endTagSpan && el.endTagSpan.start <= offset && offset <= el.endTagSpan.end) return { markdown: elementDoc(el), span: el.endTagSpan };
  for (const a of el.attributes) {
    if (a.nameSpan.start <= offset && offset <= a.nameSpan.end) {
      const info = attributeInfosOf(el).find((x) => x.name === a.name);
      return info ? { markdown: attributeDoc(el.name, info), span: a.nameSpan } : undefined;
    }
    if (a.valueSpan && a.value && a.valueSpan.start <= offset && offset <= a.valueSpan.end && /^\s*@[({]/.test(a.value)) {
      return expressionHover(a.value, a.valueSpan.start, offset);
    }
  }
  return undefined;
}

function elementDoc(el: PolicyElement): string {
  const p = policyInfoOf(el);
  if (p) return policyDoc(p);
  const s = structuralInfo(el.name);
  if (s) return structuralDoc(s);
  return `**${mdElement(el.name)}**`;
}

export function structuralDoc(s: StructuralInfo): string {
  return `**${mdElement(s.name)}**\n\n${mdProse(s.description)}\n\n[Reference](${s.docs})`;
}

export function policyDoc(p: PolicyInfo): string {
  const lines = [`**${mdElement(p.name)}** — ${mdText(p.category)}`, '', mdProse(p.description), ''];
  lines.push(`Sections: ${p.sections.join(', ') || 'resolver'}${p.sectionsNote ? ` (${mdProse(p.sectionsNote)})` : ''} · Scopes: ${p.scopes.join(', ')}`);
  if (p.gateways) lines.push('', mdProse(p.gateways));
  const required = p.attributes.filter((a) => a.required).map((a) => `\`${a.name}\``);
  if (required.length) lines.push('', `Required: ${required.join(', ')}`);
  if (p.changes?.length) lines.push('', ...p.changes.map((c) => `- Since ${mdText(c.since)}: ${mdProse(c.what)}`));
  lines.push('', `[Reference](${p.docs})`);
  return lines.join('\n');
}

export function attributeDoc(element: string, a: AttributeInfo): string {
  const facts = [a.required ? 'required' : 'optional'];
  if (a.type !== 'string' && a.type !== 'enum') facts.push(mdText(expectedValue(a)));
  if (a.default !== undefined) facts.push(`default ${mdCode(a.default)}`);
  if (a.expressions === false) facts.push('policy expressions not allowed');
  else if (a.expressions === true) facts.push('policy expressions allowed');
  if (a.toolkitOnly) facts.push('documented by the policy toolkit only');
  if (a.since) facts.push(`since ${mdText(a.since)}`);
  const lines = [`**${mdCode(a.name)}** of ${mdElement(element)} — ${facts.join(', ')}`];
  if (a.values) lines.push('', `Values: ${a.values.map(mdCode).join(', ')}`);
  const note = a.values ? withoutValueList(a.note, a.values) : a.note;
  if (note) lines.push('', mdProse(note));
  return lines.join('\n');
}

/** The note without a part that only lists the allowed values again (`a`/`b`/`c`). */
function withoutValueList(note: string | undefined, values: readonly string[]): string | undefined {
  const rest = note
    ?.split(';')
    .map((part) => part.trim())
    .filter((part) => part.replace(/`/g, '').split('/').map((v) => v.trim()).join('/') !== values.join('/'))
    .join('; ');
  return rest || undefined;
}

function namedValueAt(text: string, offset: number, ctx: HoverContext): HoverResult | undefined {
  const from = Math.max(0, offset - 300);
  const window = text.slice(from, offset + 300);
  for (const m of namedValueReferences(window)) {
    const start = from + (m.index ?? 0);
    const end = start + m[0].length;
    if (offset < start || offset > end) continue;
    const name = m[1] as string;
    const nv = ctx.namedValues?.get(name);
    let body: string;
    if (!nv) body = ctx.namedValues ? 'Not a named value of this service.' : 'Named value.';
    else if (nv.keyVaultSecretIdentifier) body = `Key Vault secret: ${mdCode(nv.keyVaultSecretIdentifier)}${nv.hasLocalValue ? '\n\nA local value is set in named-values.local.json.' : ''}`;
    else if (nv.secret) body = `Secret: the value is not shown.${nv.hasLocalValue ? ' A local value is set in named-values.local.json.' : ' Set a local value in named-values.local.json to simulate.'}`;
    else body = `Value: ${mdCode(nv.value ?? '')}`;
    return { markdown: `**${mdCode(`{{${name}}}`)}** — named value\n\n${body}`, span: { start, end } };
  }
  return undefined;
}

function expressionHover(raw: string, start: number, offset: number): HoverResult | undefined {
  const parsed = parsePolicyExpression(raw, start);
  if (!parsed?.body) return undefined;
  const checked = checkExpression(parsed.body, { globals: { context: 'IContext' } });
  const member = memberAt(parsed.body, offset);
  if (!member) return undefined;
  const receiver = receiverTypeAt(checked, member.nameSpan.start);
  if (!receiver || (receiver.kind !== 'type' && receiver.kind !== 'typeRef' && receiver.kind !== 'array')) return undefined;
  const def = receiver.kind === 'array' ? undefined : receiver.def;
  if (!def) return undefined;
  const members = membersNamed(def, member.name).filter((m) => m.kind === 'method' || m.kind === 'property');
  if (!members.length) return undefined;
  const sigs = members.slice(0, 6).map((m) => `${signatureOf(m)}`);
  const doc = members[0]?.kind === 'method' || members[0]?.kind === 'property' ? members[0].doc : '';
  return { markdown: `\`\`\`csharp\n${sigs.join('\n')}\n\`\`\`\n${mdCode(`${typeName(receiver)}.${member.name}`)}: ${mdText(doc)}`, span: member.nameSpan };
}

function signatureOf(m: MemberDef): string {
  if (m.kind === 'method') return `${m.static ? 'static ' : ''}${m.returns} ${m.name}${m.typeParams ? `<${m.typeParams.join(', ')}>` : ''}(${m.params.map((p) => `${p.out ? 'out ' : ''}${p.type} ${p.name}`).join(', ')})`;
  if (m.kind === 'property') return `${m.static ? 'static ' : ''}${m.type} ${m.name}`;
  return '';
}

/** The member access whose name contains the offset. */
function memberAt(body: ExpressionBody, offset: number): Extract<Expr, { kind: 'member' }> | undefined {
  let found: Extract<Expr, { kind: 'member' }> | undefined;
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    const node = x as { kind?: string; nameSpan?: Span };
    if (node.kind === 'member' && node.nameSpan && node.nameSpan.start <= offset && offset <= node.nameSpan.end) found = node as Extract<Expr, { kind: 'member' }>;
    for (const [k, v] of Object.entries(x)) if (k !== 'span' && k !== 'nameSpan') visit(v);
  };
  visit(body);
  return found;
}
