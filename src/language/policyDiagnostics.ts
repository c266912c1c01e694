// Diagnostics for a policy document: structure (root, sections, <base />), policies against the
// catalog (section, scope, attributes, enumerations, children and their order), expressions
// (syntax and types through the expression checker) and references ({{named values}},
// backend-id, fragment-id). Pure: the editor adapter and the CLI both call validatePolicy.
// The rule throughout: no false errors on valid policies; when unsure, warn or stay silent.

import { namedValueReferences } from '../common/namedValueSyntax';
import { error, type Diagnostic, type Severity } from '../common/diagnostic';
import { didYouMean } from '../common/suggest';
import type { Span } from '../common/span';
import { checkExpression } from '../expressions/checker';
import { parsePolicyExpression, parsePolicyExpressions } from '../expressions/expressionParser';
import { policyInfo, policyInfoOf, POLICIES, RESOLVER_ROOTS, STRUCTURAL, type AttributeInfo, type ChildInfo, type PolicyInfo, type Scope, type Section } from '../policy/catalog';
import { expectedValue, readAttributeValue } from '../policy/attributeValues';
import { allElements, attribute, type PolicyAttribute, type PolicyDocument, type PolicyElement, type PolicyNode } from '../policy/policyDocument';

export interface PolicyContext {
  /** The scope of the document (from its place in an APIOps folder); undefined: not checked. */
  readonly scope?: Scope;
  /** Display names of the named values known; undefined: not checked. */
  readonly namedValues?: ReadonlySet<string>;
  /** Resource names that differ from their display name → the display name (a reference by name is warned about). */
  readonly namedValueNames?: ReadonlyMap<string, string>;
  readonly backends?: ReadonlySet<string>;
  readonly fragments?: ReadonlySet<string>;
}

/** Attributes whose expression must give a bool. */
const BOOL_ATTRIBUTES = new Set(['condition', 'increment-condition']);

/** Policies whose content the reference does not model element by element. */
const FREE_CONTENT = new Set(['cross-domain', 'xsl-transform']);

const SECTION_NAMES = new Set<string>(['inbound', 'backend', 'outbound', 'on-error']);

/** Requires the C# parser to be loaded (loadCSharpParser) for expression checks. */
export function validatePolicy(doc: PolicyDocument, ctx: PolicyContext = {}): Diagnostic[] {
  warmExpressionCache(doc);
  const v = new Validator(doc, ctx);
  v.run();
  const all = [...doc.problems, ...v.diagnostics];
  // Thousands of problems help no one and slow every consumer: the first ones, and a count.
  if (all.length <= MAX_DIAGNOSTICS) return all;
  const last = all[MAX_DIAGNOSTICS - 1] as Diagnostic;
  return [...all.slice(0, MAX_DIAGNOSTICS), { code: 'tooManyProblems', message: `…and ${(all.length - MAX_DIAGNOSTICS).toLocaleString('en-US')} more problems, not listed.`, span: last.span, severity: 'warning' }];
}

/** The most problems reported for one document. */
export const MAX_DIAGNOSTICS = 500;

class Validator {
  readonly diagnostics: Diagnostic[] = [];
  private readonly isFragment: boolean;

  constructor(
    private readonly doc: PolicyDocument,
    private readonly ctx: PolicyContext,
  ) {
    this.isFragment = doc.root?.name === 'fragment' || ctx.scope === 'fragment';
  }

  private report(code: string, message: string, span: Span, severity: Severity = 'error', data?: Record<string, string>): void {
    this.diagnostics.push({ ...error(code, message, span), severity, ...(data ? { data } : {}) });
  }

  run(): void {
    const root = this.doc.root;
    if (!root) {
      // Empty, white space or a byte-order mark only: API Management refuses such a document too.
      if (this.doc.text.replace(/^\uFEFF/, '').trim()) this.report('noRoot', 'A policy document starts with <policies> (or <fragment> for a policy fragment).', { start: 0, end: Math.min(this.doc.text.length, 1) });
      else this.report('emptyDocument', 'The policy document is empty: it starts with <policies> (or <fragment> for a policy fragment).', { start: 0, end: Math.min(this.doc.text.length, 1) });
      return;
    }
    if (root.name === 'fragment') {
      this.statements(root.children, undefined);
      return;
    }
    if (RESOLVER_ROOTS.includes(root.name)) {
      // A GraphQL resolver's policy is its data source: <http-data-source>, <sql-data-source> or <cosmosdb-data-source>.
      const scope = this.ctx.scope;
      if (scope && scope !== 'resolver') this.report('badRoot', `<${root.name}> is the root of a GraphQL resolver's policy, not of ${scope === 'api' || scope === 'operation' ? 'an' : 'a'} ${scope} policy: the root must be <policies>.`, root.nameSpan);
      else this.policy(root, policyInfo(root.name) as PolicyInfo, undefined);
      return;
    }
    if (root.name !== 'policies') {
      this.report('badRoot', `The root element must be <policies> (<fragment> for a policy fragment, or a data source for a GraphQL resolver), not <${root.name}>.`, root.nameSpan);
      return;
    }
    const seen = new Set<string>();
    for (const child of root.children) {
      if (child.kind === 'text' && child.text.trim()) this.report('textInPolicies', 'Text is not allowed directly in <policies>.', child.span);
      if (child.kind !== 'element') continue;
      if (!SECTION_NAMES.has(child.name)) {
        this.report('notASection', `<policies> holds only the sections inbound, backend, outbound and on-error, not <${child.name}>.`, child.nameSpan);
        continue;
      }
      if (seen.has(child.name)) this.report('duplicateSection', `The <${child.name}> section appears twice.`, child.nameSpan);
      seen.add(child.name);
      this.section(child);
    }
    this.checkNamedValuesIn(root);
  }

  private section(el: PolicyElement): void {
    const section = el.name as Section;
    this.statements(el.children, section);
    const narrow = this.ctx.scope === 'product' || this.ctx.scope === 'api' || this.ctx.scope === 'operation' || this.ctx.scope === 'workspace';
    const hasBase = el.children.some((c) => c.kind === 'element' && c.name === 'base');
    // A backend section that forwards the request itself (often inside retry) needs no <base />.
    const forwards = section === 'backend' && containsElement(el, 'forward-request');
    if (narrow && !hasBase && !forwards) {
      const lost =
        section === 'inbound'
          ? 'the inbound policies of broader scopes (CORS, authentication, rate limits) do not run for this scope'
          : section === 'backend'
            ? 'the forward-request of the global scope does not run: the backend is never called unless this section forwards the request'
            : `the ${section} policies of broader scopes do not run here`;
      this.report('missingBase', `This <${section}> has no <base />, so ${lost}.`, el.nameSpan, 'warning', { section });
    }
  }

  /** A list of policy statements in a section (or a fragment, when `section` is undefined). */
  private statements(nodes: readonly PolicyNode[], section: Section | undefined, container?: PolicyInfo): void {
    let ended: string | undefined;
    let bases = 0;
    const counts = new Map<string, number>();
    for (const n of nodes) {
      if (n.kind === 'text' && n.text.trim()) {
        this.report('textInSection', 'Text is not allowed between policies.', n.span);
        continue;
      }
      if (n.kind !== 'element') continue;
      if (!n.name) continue; // a bare '<': the parser reported it
      if (ended && n.name !== 'base') this.report('unreachable', `This policy never runs: ${ended} ends processing before it.`, n.nameSpan, 'warning');
      if (n.name === 'base') {
        bases++;
        if (this.isFragment) this.report('baseInFragment', 'A policy fragment cannot contain <base />.', n.nameSpan);
        else if (this.ctx.scope === 'global') this.report('baseAtGlobal', '<base /> has no effect at the global scope: there is no broader scope.', n.nameSpan, 'warning');
        else if (bases === 2) this.report('duplicateBase', '<base /> appears twice in this section: the broader scope’s policies would run twice.', n.nameSpan, 'warning');
        if (n.attributes.length) this.report('unknownAttribute', '<base /> takes no attributes.', n.attributes[0]!.nameSpan);
        continue;
      }
      const info = policyInfoOf(n);
      if (!info) {
        const structural = STRUCTURAL.some((s) => s.name === n.name);
        const hint = structural ? { text: '' } : didYouMean(n.name, POLICIES.map((p) => p.name));
        this.report('unknownPolicy', structural ? `<${n.name}> is not allowed here.` : `Unknown policy <${n.name}>.${hint.text}`, n.nameSpan, 'error', hint.data);
        continue;
      }
      if (container?.allowedPolicies && !container.allowedPolicies.includes(n.name)) {
        this.report('notAllowedHere', `<${container.name}> holds only ${orList(container.allowedPolicies.map((x) => `<${x}>`))}, not <${n.name}>.`, n.nameSpan, 'warning');
      }
      if (this.isFragment && n.name === 'include-fragment') this.report('nestedFragment', 'A policy fragment cannot include another fragment.', n.nameSpan);
      if (section && info.sections.length && !info.sections.includes(section)) {
        this.report('wrongSection', `<${n.name}> is not allowed in ${section}; it belongs in ${info.sections.join(', ')}.`, n.nameSpan);
      }
      const scope = this.ctx.scope;
      if (scope && scope !== 'fragment' && !info.scopes.includes(scope)) {
        this.report('wrongScope', `<${n.name}> is not allowed at the ${scope} scope; it works at ${info.scopes.join(', ')}.`, n.nameSpan);
      }
      counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
      if (info.oncePerSection && counts.get(n.name) === 2) this.report('duplicatePolicy', `<${n.name}> may appear only once per section.`, n.nameSpan, 'warning');
      this.policy(n, info, section);
      if (n.name === 'return-response' || n.name === 'mock-response') ended = `<${n.name}>`;
    }
  }

  private policy(el: PolicyElement, info: PolicyInfo, section: Section | undefined): void {
    this.attributes(el, info.attributes, false);
    for (const group of info.requiresOneOf ?? []) {
      if (!group.some((a) => attribute(el, a))) this.report('missingAttribute', `<${el.name}> needs ${group.length === 2 ? 'either' : 'one of'} ${orList(group.map((a) => `'${a}'`))}.`, el.nameSpan, 'warning', { attribute: group[0] as string });
    }
    if (FREE_CONTENT.has(info.name)) return;
    if (info.containsPolicies) {
      this.statements(el.children, section, info);
      return;
    }
    this.children(el, info.children, info.text === true, section, info.name, info);
  }

  private attributes(el: PolicyElement, known: readonly AttributeInfo[], lenient: boolean): void {
    for (const a of known) {
      if (a.required && !attribute(el, a.name) && !a.toolkitOnly) {
        if (a.omittedInExamples) this.report('missingAttribute', `<${el.name}> has no '${a.name}': its reference page marks it required, though the page's own examples leave it out.`, el.nameSpan, 'warning', { attribute: a.name });
        else this.report('missingAttribute', `<${el.name}> needs the attribute '${a.name}'.`, el.nameSpan, 'error', { attribute: a.name });
      }
    }
    for (const a of el.attributes) {
      const info = known.find((k) => k.name === a.name);
      if (!info && a.name !== 'id' && !lenient) {
        const hint = didYouMean(a.name, known.map((k) => k.name).filter((k) => !attribute(el, k)));
        this.report('unknownAttribute', `<${el.name}> has no attribute '${a.name}'.${hint.text}`, a.nameSpan, 'warning', hint.data);
      }
      this.value(el, a, info);
    }
  }

  private value(el: PolicyElement, a: PolicyAttribute, info: AttributeInfo | undefined): void {
    const raw = a.value;
    if (raw === undefined || !a.valueSpan) return;
    const isExpression = /^\s*@[({]/.test(raw);
    if (isExpression) {
      if (info?.expressions === false) this.report('expressionNotAllowed', `Policy expressions are not allowed in '${a.name}' of <${el.name}>.`, a.valueSpan);
      this.expression(raw, a.valueSpan.start, BOOL_ATTRIBUTES.has(a.name) ? 'bool' : undefined);
      return;
    }
    // A {{named value}} is substituted before the gateway reads the value: its type is not known here.
    if (info && !raw.includes('{{')) this.literal(el, a, info, raw, a.valueSpan);
    if (a.name === 'backend-id' && this.ctx.backends && !raw.includes('{{') && !this.ctx.backends.has(raw) && raw !== 'dapr') {
      const hint = didYouMean(raw, this.ctx.backends);
      this.report('unknownBackend', `No backend '${raw}' in this service.${hint.text}`, a.valueSpan, 'error', hint.data);
    }
    if (a.name === 'fragment-id' && this.ctx.fragments && !this.ctx.fragments.has(raw)) {
      const hint = didYouMean(raw, this.ctx.fragments);
      this.report('unknownFragment', `No policy fragment '${raw}' in this service.${hint.text}`, a.valueSpan, 'error', hint.data);
    }
  }

  /** A literal value against the attribute's type: empty, not a number, not one of the values, … */
  private literal(el: PolicyElement, a: PolicyAttribute, info: AttributeInfo, raw: string, span: Span): void {
    if (raw.trim() === '') {
      if (info.allowEmpty) return;
      if (info.required) this.report('emptyValue', `'${a.name}' of <${el.name}> is empty: it needs ${info.type === 'string' ? 'a value' : expectedValue(info)}.`, span);
      else if (info.type !== 'string') this.report('badValue', `An empty '${a.name}' is not valid: expected ${expectedValue(info)}.`, span);
      return;
    }
    const reading = readAttributeValue(info, raw);
    if (reading.ok) return;
    if (info.type === 'enum') {
      const hint = didYouMean(raw, info.values ?? []);
      this.report('badValue', `'${raw}' is not a value of '${a.name}': use ${(info.values ?? []).join(', ')}.${hint.text}`, span, 'error', hint.data);
      return;
    }
    this.report('badValue', `'${raw}' is not a valid value of '${a.name}': expected ${reading.expected}.`, span);
  }

  private expression(raw: string, offset: number, expectedType: string | undefined): void {
    for (const d of expressionDiagnostics(raw, expectedType)) {
      this.diagnostics.push({ ...d, span: { start: d.span.start + offset, end: d.span.end + offset } });
    }
  }

  /** Child elements of a policy (or of a child), against the catalog's list in its order. */
  private children(el: PolicyElement, known: readonly ChildInfo[], takesText: boolean, section: Section | undefined, policy: string, owner?: PolicyInfo | ChildInfo): void {
    let lastIndex = -1;
    const counts = new Map<string, number>();
    for (const n of el.children) {
      if (n.kind === 'text') {
        if (n.expression) this.expression(n.text, n.span.start, undefined);
        continue;
      }
      if (n.kind !== 'element' || !n.name) continue;
      const at = known.findIndex((c) => c.name === n.name);
      const info = known[at];
      if (!info) {
        if (known.length > 0 || !takesText) {
          this.report('unknownChild', `<${n.name}> is not a child element of <${el.name}>.${known.length ? ` Expected: ${known.map((k) => k.name).join(', ')}.` : ''}`, n.nameSpan, known.length ? 'error' : 'warning');
        }
        continue;
      }
      if (at < lastIndex && !owner?.anyOrder) this.report('childOrder', `<${n.name}> must come before <${known[lastIndex]?.name}> in <${el.name}>.`, n.nameSpan, 'warning');
      lastIndex = Math.max(lastIndex, at);
      counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
      if ((info.cardinality === '1' || info.cardinality === '?') && counts.get(n.name) === 2) this.report('duplicateChild', `<${n.name}> may appear only once in <${el.name}>.`, n.nameSpan, 'warning');
      this.attributes(n, info.attributes ?? [], true);
      if (info.anyPolicy) this.statements(n.children, section);
      else if (policyInfoOf(n) && info.children.length === 0) {
        // A policy used as a child (set-header in send-request, set-status in return-response).
        this.policy(n, policyInfoOf(n) as PolicyInfo, section);
      } else this.children(n, info.children, true, section, policy, info);
    }
    for (const group of (owner && 'requiresOneChildOf' in owner ? owner.requiresOneChildOf : undefined) ?? []) {
      if (!group.some((c) => counts.has(c))) this.report('missingChild', `<${el.name}> needs one of ${orList(group.map((c) => `<${c}>`))}.`, el.nameSpan, 'warning');
    }
    for (const c of known) {
      if ((c.cardinality === '1' || c.cardinality === '+') && !counts.has(c.name)) {
        this.report('missingChild', `<${el.name}> needs a <${c.name}> element.`, el.nameSpan, 'warning');
      }
    }
  }

  /** {{name}} references anywhere in the document, against the known named values. */
  private checkNamedValuesIn(root: PolicyElement): void {
    const known = this.ctx.namedValues;
    if (!known) return;
    const text = this.doc.text;
    for (const m of namedValueReferences(text.slice(root.span.start, root.span.end))) {
      const name = m[1] as string;
      if (known.has(name)) continue;
      const start = root.span.start + (m.index ?? 0);
      const display = this.ctx.namedValueNames?.get(name);
      if (display !== undefined) {
        // The simulator resolves it, but APIM looks {{…}} up by display name.
        this.report('namedValueByName', `'${name}' is the resource name of the named value displayed as '${display}': APIM resolves {{…}} by display name, so write {{${display}}}.`, { start, end: start + m[0].length }, 'warning', { name, replacement: `{{${display}}}` });
        continue;
      }
      const hint = didYouMean(name, known, (n) => `{{${n}}}`);
      this.report('unknownNamedValue', `No named value '${name}' in this service.${hint.text}`, { start, end: start + m[0].length }, 'error', { name, ...hint.data });
    }
  }
}

/**
 * Diagnostics of one expression, relative to its start. Cached by text: while typing, every
 * expression but the one being edited is unchanged, so re-analysis costs one parse.
 */
const expressionCache = new Map<string, readonly Diagnostic[]>();
const CACHE_LIMIT = 5000;

export function expressionDiagnostics(raw: string, expectedType: string | undefined): readonly Diagnostic[] {
  const key = `${expectedType ?? ''}\u0000${raw}`;
  const hit = expressionCache.get(key);
  if (hit) return hit;
  const parsed = parsePolicyExpression(raw, 0);
  let out: Diagnostic[] = [];
  if (parsed) {
    out = [...parsed.diagnostics];
    if (parsed.body && !parsed.diagnostics.some((d) => d.severity === 'error')) out.push(...checkExpression(parsed.body, { globals: { context: 'IContext' }, expectedType }).diagnostics);
  }
  if (expressionCache.size >= CACHE_LIMIT) expressionCache.delete(expressionCache.keys().next().value as string);
  expressionCache.set(key, out);
  return out;
}

/** Parses and checks, in one batch, every expression of the document not in the cache yet. */
function warmExpressionCache(doc: PolicyDocument): void {
  const todo: { raw: string; expectedType?: string }[] = [];
  const seen = new Set<string>();
  const want = (raw: string, expectedType: string | undefined): void => {
    const key = `${expectedType ?? ''}\u0000${raw}`;
    if (expressionCache.has(key) || seen.has(key)) return;
    seen.add(key);
    todo.push({ raw, expectedType });
  };
  for (const el of allElements(doc)) {
    for (const a of el.attributes) if (a.value && /^\s*@[({]/.test(a.value)) want(a.value, BOOL_ATTRIBUTES.has(a.name) ? 'bool' : undefined);
    for (const c of el.children) if (c.kind === 'text' && c.expression) want(c.text, undefined);
  }
  if (todo.length < 2) return;
  const parsed = parsePolicyExpressions(todo.map((t) => ({ value: t.raw, offset: 0 })));
  todo.forEach((t, i) => {
    const p = parsed[i];
    const out: Diagnostic[] = [];
    if (p) {
      out.push(...p.diagnostics);
      if (p.body && !p.diagnostics.some((d) => d.severity === 'error')) out.push(...checkExpression(p.body, { globals: { context: 'IContext' }, expectedType: t.expectedType }).diagnostics);
    }
    if (expressionCache.size >= CACHE_LIMIT) expressionCache.delete(expressionCache.keys().next().value as string);
    expressionCache.set(`${t.expectedType ?? ''}\u0000${t.raw}`, out);
  });
}

/** For benchmarks: analyse as if every expression were new. */
export function clearExpressionCache(): void {
  expressionCache.clear();
}

function containsElement(el: PolicyElement, name: string): boolean {
  return el.children.some((c) => c.kind === 'element' && (c.name === name || containsElement(c, name)));
}

/** 'a', 'a or b', 'a, b or c'. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
