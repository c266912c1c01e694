// Static checks of policy expressions, on the same type declarations the interpreter runs:
// unknown names, types and members (with "did you mean"), members APIM does not allow, wrong
// argument counts, and a value whose type cannot fit where it is used (a condition must be bool).
// Types flow through var, generics and LINQ lambdas well enough for that and for completion; where
// a type is not known the checker stays silent: a false error is worse than a missed one.

import { didYouMean } from '../common/suggest';
import { error, type Diagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import type { Argument, Expr, ExpressionBody, Pattern, Stmt, TypeRef } from './ast';
import './builtins/index';
import { splitTop } from './builtins/define';
import { findType, hasTypeInChain, isInstanceOf, isNamespace, membersNamed, indexersOf, type MethodDef, type MemberDef, type TypeDef } from './runtime/typeSystem';

/** A static type. `unknown` silences checks that depend on it. */
export type SType =
  | { readonly kind: 'type'; readonly def: TypeDef; readonly args: readonly SType[] }
  | { readonly kind: 'array'; readonly element: SType }
  | { readonly kind: 'null' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'typeRef'; readonly def: TypeDef; readonly args: readonly SType[] }
  | { readonly kind: 'namespace'; readonly prefix: string }
  | { readonly kind: 'lambda'; readonly params: number; readonly body?: (params: readonly SType[]) => SType }
  | { readonly kind: 'methodGroup'; readonly receiver: SType; readonly methods: readonly MethodDef[] }
  | { readonly kind: 'localFunction'; readonly name: string; readonly params: readonly SType[]; readonly returns: SType };

const UNKNOWN: SType = { kind: 'unknown' };

/** Types outside the allow-list that Microsoft's policy snippet repository uses, and where. */
const UNLISTED_IN_MICROSOFT_SNIPPETS: Readonly<Record<string, string>> = {
  XmlReader: '"Extract value from XML"',
  XmlDocument: '"Return a blob URL signed with a user delegation SAS token"',
  RSACng: '"Get OAuth2 access token from AAD using client id and certificate"',
};
const NULL: SType = { kind: 'null' };

export interface CheckOptions {
  /** Global names and their C# types: { context: 'IContext' } for policies. */
  readonly globals?: Readonly<Record<string, string>>;
  /** What the value must be: 'bool' for conditions, 'string' for most text. */
  readonly expectedType?: string;
}

export interface TypedSpan {
  readonly span: Span;
  readonly type: SType;
}

export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The static type of the whole expression (for @{ }: of its returns). */
  readonly type: SType;
  /** Every expression node with its type. */
  readonly types: readonly TypedSpan[];
  /** For each member access `x.Name`: where Name starts, and the type of x. */
  readonly receivers: readonly { readonly nameStart: number; readonly type: SType }[];
}

/**
 * The context model declares dictionaries by their C# interface names; the checker reads them as
 * the runtime types that carry APIM's helpers (GetValueOrDefault joining header values).
 */
const SEMANTIC_ALIASES: Record<string, string> = {
  'IReadOnlyDictionary<string, string[]>': 'Microsoft.Azure.ApiManagement.MultiValueDictionary',
  'IReadOnlyDictionary<string, string>': 'Microsoft.Azure.ApiManagement.StringDictionary',
  'IReadOnlyDictionary<string, object>': 'Microsoft.Azure.ApiManagement.VariablesDictionary',
  'IDictionary<string, IList<string>>': 'Microsoft.Azure.ApiManagement.FormDictionary',
};

export function typeName(t: SType): string {
  switch (t.kind) {
    case 'type':
    case 'typeRef': {
      const base = t.def.alias ?? t.def.name;
      return t.args.length ? `${base}<${t.args.map(typeName).join(', ')}>` : base;
    }
    case 'array':
      return `${typeName(t.element)}[]`;
    case 'null':
      return 'null';
    case 'namespace':
      return t.prefix;
    case 'lambda':
      return 'lambda';
    case 'methodGroup':
      return 'method group';
    case 'localFunction':
      return 'local function';
    case 'unknown':
      return '?';
  }
}

function named(fullName: string, args: readonly SType[] = []): SType {
  const def = findType(fullName, args.length) ?? findType(fullName);
  return def ? { kind: 'type', def, args } : UNKNOWN;
}

const PRIMS: Record<string, SType> = {};
function prim(alias: string): SType {
  return (PRIMS[alias] ??= named(alias));
}

/** A declared type text (`IEnumerable<T>`, `string[]`, `int?`) with type parameters bound. */
const NO_BINDINGS: ReadonlyMap<string, SType> = new Map();
/** Declared type texts without type parameters in play resolve the same every time. */
const unboundTypeTexts = new Map<string, SType>();

export function parseTypeText(text: string, bindings: ReadonlyMap<string, SType> = NO_BINDINGS): SType {
  if (bindings.size > 0) return parseTypeTextUncached(text, bindings);
  let hit = unboundTypeTexts.get(text);
  if (!hit) {
    hit = parseTypeTextUncached(text, bindings);
    unboundTypeTexts.set(text, hit);
  }
  return hit;
}

function parseTypeTextUncached(text: string, bindings: ReadonlyMap<string, SType>): SType {
  let t = text.trim();
  if (t.startsWith('params ')) t = t.slice(7);
  const alias = SEMANTIC_ALIASES[t];
  if (alias) return named(alias);
  if (t.endsWith('?')) t = t.slice(0, -1);
  if (t.endsWith('[]')) return { kind: 'array', element: parseTypeText(t.slice(0, -2), bindings) };
  const bound = bindings.get(t);
  if (bound) return bound;
  const m = /^([\w.]+)(?:<(.*)>)?$/.exec(t);
  if (!m) return UNKNOWN;
  const args = m[2] ? splitTop(m[2]).map((a) => parseTypeText(a, bindings)) : [];
  const def = findType(m[1] as string, args.length) ?? (args.length === 0 ? undefined : findType(m[1] as string));
  if (!def) return UNKNOWN;
  if (def.fullName === 'System.Nullable`1' && args[0]) return args[0];
  return { kind: 'type', def, args };
}

/** What `foreach` over a value of this type yields. */
export function elementType(t: SType): SType {
  if (t.kind === 'array') return t.element;
  if (t.kind !== 'type') return UNKNOWN;
  const f = t.def.fullName;
  if (f === 'System.String') return prim('char');
  if (f === 'Microsoft.Azure.ApiManagement.MultiValueDictionary') return named('System.Collections.Generic.KeyValuePair`2', [prim('string'), { kind: 'array', element: prim('string') }]);
  if (f === 'Microsoft.Azure.ApiManagement.StringDictionary') return named('System.Collections.Generic.KeyValuePair`2', [prim('string'), prim('string')]);
  if (f === 'Microsoft.Azure.ApiManagement.VariablesDictionary') return named('System.Collections.Generic.KeyValuePair`2', [prim('string'), prim('object')]);
  if (f === 'Newtonsoft.Json.Linq.JObject') return named('System.Collections.Generic.KeyValuePair`2', [prim('string'), named('Newtonsoft.Json.Linq.JToken')]);
  if (f.startsWith('Newtonsoft.Json.Linq.')) return named('Newtonsoft.Json.Linq.JToken');
  if (f === 'System.Text.RegularExpressions.MatchCollection') return named('System.Text.RegularExpressions.Match');
  if (f === 'System.Text.RegularExpressions.GroupCollection') return named('System.Text.RegularExpressions.Group');
  if (/Dictionary`2$/.test(f) && t.args.length === 2) return named('System.Collections.Generic.KeyValuePair`2', t.args);
  if (t.args.length === 1) return t.args[0] as SType;
  if (f === 'System.Linq.IGrouping`2' && t.args[1]) return t.args[1];
  return UNKNOWN;
}

/** Key and value types of the model's dictionaries, which are not generic in their declarations. */
const DICTIONARY_TYPES: Record<string, [string, string]> = {
  'Microsoft.Azure.ApiManagement.MultiValueDictionary': ['string', 'string[]'],
  'Microsoft.Azure.ApiManagement.StringDictionary': ['string', 'string'],
  'Microsoft.Azure.ApiManagement.VariablesDictionary': ['string', 'object'],
  'Microsoft.Azure.ApiManagement.FormDictionary': ['string', 'List<string>'],
};

function bindingsOf(t: SType): Map<string, SType> {
  const b = new Map<string, SType>();
  const dict = t.kind === 'type' ? DICTIONARY_TYPES[t.def.fullName] : undefined;
  if (dict) {
    b.set('TKey', parseTypeText(dict[0]));
    b.set('TValue', parseTypeText(dict[1]));
  }
  if (t.kind === 'type' || t.kind === 'typeRef') (t.def.typeParams ?? []).forEach((p, i) => b.set(p, t.args[i] ?? UNKNOWN));
  const el = elementType(t);
  if (!b.has('T') && el.kind !== 'unknown') b.set('T', el);
  if (t.kind === 'type' && /KeyValuePair`2$/.test(t.def.fullName)) {
    b.set('TKey', t.args[0] ?? UNKNOWN);
    b.set('TValue', t.args[1] ?? UNKNOWN);
  }
  return b;
}

function isBool(t: SType): boolean {
  return t.kind === 'type' && t.def.alias === 'bool';
}

const NUMERIC_ORDER = ['sbyte', 'byte', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float', 'double', 'decimal'];

function numericAlias(t: SType): string | undefined {
  if (t.kind !== 'type') return undefined;
  const a = t.def.alias;
  return a && NUMERIC_ORDER.includes(a) ? a : a === 'char' ? 'char' : undefined;
}

function promote(a: SType, b: SType): SType {
  const x = numericAlias(a);
  const y = numericAlias(b);
  if (!x || !y) return UNKNOWN;
  if (x === 'decimal' || y === 'decimal') return prim('decimal');
  if (x === 'double' || y === 'double') return prim('double');
  if (x === 'float' || y === 'float') return prim('float');
  if (x === 'ulong' || y === 'ulong') return prim('ulong');
  if (x === 'long' || y === 'long') return prim('long');
  if (x === 'uint' || y === 'uint') return (x === 'uint' && y === 'uint') || x === 'char' || y === 'char' || x === 'byte' || y === 'byte' || x === 'ushort' || y === 'ushort' ? prim('uint') : prim('long');
  return prim('int');
}

/**
 * Whether a value the interpreter produced has a type the checker's static type admits (the
 * differential check: a static type narrower than the runtime's turns later uses into false errors).
 * Null fits any type: nullable value types are not told apart statically.
 */
export function staticTypeAccepts(t: SType, v: unknown): boolean {
  switch (t.kind) {
    case 'null':
      return v === null || v === undefined;
    case 'array':
      return v === null || v === undefined || Array.isArray(v);
    case 'type':
      if (v === null || v === undefined || t.def.fullName === 'System.Object') return true;
      return isInstanceOf(v, t.def) || hasTypeInChain(v, t.def.fullName);
    default:
      return true;
  }
}

/** How well an argument of static type `from` fits a parameter of type `to`: 3 identity, 2 numeric widening, 1.5 another conversion, 1 to object or unknown, -Infinity none. */
function conversionScore(from: SType, to: SType): number {
  if (from.kind === 'unknown' || to.kind === 'unknown' || from.kind === 'lambda' || from.kind === 'methodGroup') return 1;
  if (from.kind === 'null') return fits(from, to) ? 1 : -Infinity;
  if (to.kind === 'type' && to.def.fullName === 'System.Object') return 1;
  if (from.kind === 'type' && to.kind === 'type' && from.def.fullName === to.def.fullName) return 3;
  if (from.kind === 'array' && to.kind === 'array') return conversionScore(from.element, to.element) > 0 ? 3 : -Infinity;
  if (numericAlias(from) && numericAlias(to)) return fits(from, to) ? 2 : -Infinity;
  return fits(from, to) ? 1.5 : -Infinity;
}

/** Whether a value of type `from` can be used where `to` is expected (lenient: unknown fits). */
function fits(from: SType, to: SType): boolean {
  if (from.kind === 'unknown' || to.kind === 'unknown') return true;
  if (from.kind === 'null') return !(to.kind === 'type' && numericAlias(to)) && !(to.kind === 'type' && to.def.alias === 'bool');
  if (to.kind !== 'type' || from.kind !== 'type') return true;
  if (to.def.fullName === 'System.Object') return true;
  if (from.def.fullName === to.def.fullName) return true;
  const fa = numericAlias(from);
  const ta = numericAlias(to);
  if (fa && ta) return NUMERIC_ORDER.indexOf(fa === 'char' ? 'ushort' : fa) <= NUMERIC_ORDER.indexOf(ta);
  if (to.def.alias === 'string' || to.def.alias === 'bool' || ta) return false;
  return true; // reference conversions: not modelled, so never reported
}

function memberNames(def: TypeDef, isStatic: boolean): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (d: TypeDef | undefined): void => {
    if (!d || seen.has(d.fullName)) return;
    seen.add(d.fullName);
    for (const m of d.members) if ((m.kind === 'method' || m.kind === 'property') && !!m.static === isStatic) names.add(m.name);
    visit(d.base ? findType(d.base) : d.fullName === 'System.Object' ? undefined : findType('System.Object'));
    for (const i of d.interfaces ?? []) visit(findType(i));
  };
  visit(def);
  return names;
}

function arityFits(m: { params: readonly { type: string; optional?: boolean }[] }, n: number): boolean {
  const required = m.params.filter((p) => !p.optional && !p.type.startsWith('params ')).length;
  const hasParams = m.params.some((p) => p.type.startsWith('params '));
  return n >= required && (hasParams || n <= m.params.length);
}

class Scope {
  private readonly vars = new Map<string, SType>();
  constructor(readonly parent?: Scope) {}
  get(name: string): SType | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  set(name: string, t: SType): void {
    this.vars.set(name, t);
  }
  child(): Scope {
    return new Scope(this);
  }
}

export function checkExpression(body: ExpressionBody, options: CheckOptions = {}): CheckResult {
  const c = new Checker(options);
  let type: SType;
  if (body.kind === 'expression') type = c.expr(body.expr, new Scope());
  else {
    c.stmt(body.block, new Scope());
    type = c.returnType ?? UNKNOWN;
  }
  if (options.expectedType) {
    const expected = parseTypeText(options.expectedType);
    const span = body.kind === 'expression' ? body.expr.span : body.block.span;
    if (!fits(type, expected)) c.diagnostics.push(error('typeMismatch', `This expression gives ${typeName(type)}, but ${typeName(expected)} is expected here.`, span));
  }
  return { diagnostics: c.diagnostics, type, types: c.types, receivers: c.receivers };
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly types: TypedSpan[] = [];
  readonly receivers: { nameStart: number; type: SType }[] = [];
  returnType: SType | undefined;

  constructor(private readonly options: CheckOptions) {}

  private report(code: string, message: string, span: Span, data?: Readonly<Record<string, string>>): void {
    this.diagnostics.push({ ...error(code, message, span), ...(data ? { data } : {}) });
  }

  /** A diagnostic about an unknown name, with the closest known one as text and quick-fix data. */
  private reportUnknown(code: string, message: string, name: string, candidates: Iterable<string>, span: Span): void {
    const hint = didYouMean(name, candidates);
    this.report(code, `${message}${hint.text}`, span, hint.data);
  }

  /** A type APIM allows but the simulator does not model: a warning; its members are still checked (they come from the .NET API listing). */
  private notSimulated(def: TypeDef, span: Span): void {
    this.diagnostics.push({ code: 'notSimulated', message: `'${def.fullName}' is allowed by APIM, but the simulator does not model it: ${def.notSimulated} Simulating this fails with NotSupportedException.`, span, severity: 'warning' });
  }

  /**
   * A .NET type that APIM's list of allowed types does not name, but that Microsoft's own policy
   * snippets use: a warning, not an error. [U] Whether the gateway accepts these is unverified; the
   * allow-list (apim-policies.md §3.5) is the documented rule and the snippets the only counter-evidence,
   * so the editor says both. Add a name here only with the snippet that uses it.
   */
  private unlisted(name: string, span: Span): boolean {
    const used = UNLISTED_IN_MICROSOFT_SNIPPETS[name.slice(name.lastIndexOf('.') + 1)];
    if (!used) return false;
    this.diagnostics.push({ code: 'typeNotOnAllowList', message: `'${name}' is not on Microsoft's list of types allowed in policy expressions, though Microsoft's policy snippets use it (${used}); the gateway may refuse the policy. The simulator does not run it.`, span, severity: 'warning' });
    return true;
  }

  /** A member known from the .NET API listing only: allowed, typed, not run by the simulator. */
  private listedMember(owner: TypeDef, what: string, span: Span): void {
    if (owner.notSimulated) return; // the type's own warning says it
    this.diagnostics.push({ code: 'notSimulated', message: `'${owner.alias ?? owner.name}.${what}' is allowed by APIM, but the simulator does not run it yet: simulating this fails with NotSupportedException.`, span, severity: 'warning' });
  }

  resolveType(t: TypeRef): SType {
    switch (t.kind) {
      case 'nullable':
        return this.resolveType(t.inner);
      case 'array':
        return { kind: 'array', element: this.resolveType(t.element) };
      case 'named': {
        if (t.name === 'var') return UNKNOWN;
        const args = t.args.map((a) => this.resolveType(a));
        const def = findType(t.name, args.length);
        if (!def && this.unlisted(t.name, t.span)) return UNKNOWN;
        if (!def) {
          const all = [...new Set(['string', 'int', 'long', 'double', 'decimal', 'bool', 'object', 'DateTime', 'TimeSpan', 'JObject', 'JArray', 'JToken', 'IResponse', 'Guid'])];
          this.reportUnknown('unknownType', `The type '${t.name}' is not known, or not allowed in policy expressions.`, t.name, all, t.span);
          return UNKNOWN;
        }
        return { kind: 'type', def, args };
      }
    }
  }

  private record(e: Expr, t: SType): SType {
    this.types.push({ span: e.span, type: t });
    return t;
  }

  expr(e: Expr, scope: Scope, expected?: SType): SType {
    return this.record(e, this.exprInner(e, scope, expected));
  }

  private exprInner(e: Expr, scope: Scope, expected?: SType): SType {
    switch (e.kind) {
      case 'literal':
        return e.type === 'null' ? NULL : prim(e.type === 'bool' ? 'bool' : e.type);
      case 'namedValue':
        return UNKNOWN;
      case 'name': {
        const local = scope.get(e.name);
        if (local) return local;
        const global = this.options.globals?.[e.name];
        if (global !== undefined) return parseTypeText(global);
        const def = findType(e.name, e.typeArgs?.length ?? 0);
        if (def) return { kind: 'typeRef', def, args: (e.typeArgs ?? []).map((a) => this.resolveType(a)) };
        if (isNamespace(e.name)) return { kind: 'namespace', prefix: e.name };
        if (this.unlisted(e.name, e.span)) return UNKNOWN;
        this.reportUnknown('unknownName', `The name '${e.name}' does not exist in the current context.`, e.name, Object.keys(this.options.globals ?? {}), e.span);
        return UNKNOWN;
      }
      case 'typeAccess':
        return this.typeRefOf(this.resolveType(e.type));
      case 'member':
        return this.member(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'index': {
        const obj = this.expr(e.object, scope);
        const args = e.args.map((a) => this.expr(a.value, scope));
        if (obj.kind === 'array') return obj.element;
        if (obj.kind === 'type') {
          if (obj.def.alias === 'string') return prim('char');
          const indexers = indexersOf(obj.def);
          if (indexers.length === 0 && obj.def.fullName !== 'System.Object') {
            this.report('notIndexable', `Cannot apply indexing with [] to a value of type '${typeName(obj)}'.`, e.span);
            return UNKNOWN;
          }
          const ix = indexers.find((x) => x.params.length === args.length) ?? indexers[0];
          return ix ? parseTypeText(ix.type, bindingsOf(obj)) : UNKNOWN;
        }
        return UNKNOWN;
      }
      case 'unary': {
        const t = this.expr(e.operand, scope);
        if (e.op === '!') {
          this.expectBool(t, e.operand.span);
          return prim('bool');
        }
        return numericAlias(t) ? (numericAlias(t) === 'char' || numericAlias(t) === 'byte' || numericAlias(t) === 'short' ? prim('int') : t) : UNKNOWN;
      }
      case 'postfix':
        return this.expr(e.operand, scope);
      case 'binary':
        return this.binary(e, scope);
      case 'assign': {
        const target = this.expr(e.target, scope);
        this.expr(e.value, scope, target);
        return target;
      }
      case 'conditional': {
        this.expectBool(this.expr(e.test, scope), e.test.span);
        const a = this.expr(e.then, scope, expected);
        const b = this.expr(e.otherwise, scope, expected);
        return a.kind === 'null' ? b : a;
      }
      case 'cast': {
        this.expr(e.operand, scope);
        return this.resolveType(e.type);
      }
      case 'as': {
        this.expr(e.operand, scope);
        return this.resolveType(e.type);
      }
      case 'is': {
        const t = this.expr(e.operand, scope);
        this.pattern(e.pattern, t, scope);
        return prim('bool');
      }
      case 'new': {
        if (!e.type) return expected ?? UNKNOWN;
        const t = this.resolveType(e.type);
        const argTypes = e.args.map((a) => this.argument(a, scope));
        if (t.kind === 'type' && t.def.notSimulated) this.notSimulated(t.def, e.type.span);
        if (t.kind === 'type') {
          const ctors = t.def.members.filter((m) => m.kind === 'constructor');
          const fitting = ctors.filter((m) => m.kind === 'constructor' && arityFits(m, argTypes.length));
          if (ctors.length === 0) this.report('noConstructor', `The type '${typeName(t)}' cannot be created with new.`, e.type.span);
          else if (fitting.length === 0) {
            this.report('argumentCount', `No constructor of '${typeName(t)}' takes ${argTypes.length} argument${argTypes.length === 1 ? '' : 's'}.`, e.span);
          } else if (fitting.every((m) => m.listed)) this.listedMember(t.def, `${t.def.name}(${argTypes.length === 0 ? '' : '…'}) constructor`, e.type.span);
        }
        if (e.initializer) this.initializer(e.initializer, scope);
        return t;
      }
      case 'newArray': {
        const sizes = e.sizes.map((s) => this.expr(s, scope));
        void sizes;
        const elements = e.elements?.map((x) => this.expr(x, scope)) ?? [];
        if (e.elementType) return { kind: 'array', element: this.resolveType(e.elementType) };
        const first = elements.find((x) => x.kind !== 'null' && x.kind !== 'unknown');
        return { kind: 'array', element: first ?? UNKNOWN };
      }
      case 'anonymousObject':
        for (const m of e.members) this.expr(m.value, scope);
        return UNKNOWN;
      case 'lambda':
        return { kind: 'lambda', params: e.params.length, body: (params) => this.lambdaBody(e, params, scope) };
      case 'interpolated':
        for (const p of e.parts) {
          if (typeof p === 'string') continue;
          this.expr(p.expr, scope);
          if (p.alignment) this.expr(p.alignment, scope);
        }
        return prim('string');
      case 'typeof':
        this.resolveType(e.type);
        return named('System.Type');
      case 'nameof':
        return prim('string');
      case 'default':
        return e.type ? this.resolveType(e.type) : (expected ?? UNKNOWN);
      case 'checked':
        return this.expr(e.operand, scope);
      case 'switch': {
        const subject = this.expr(e.subject, scope);
        let result: SType = UNKNOWN;
        for (const arm of e.arms) {
          const s = scope.child();
          this.pattern(arm.pattern, subject, s);
          if (arm.when) this.expectBool(this.expr(arm.when, s), arm.when.span);
          const t = this.expr(arm.value, s, expected);
          if (result.kind === 'unknown' || result.kind === 'null') result = t;
        }
        return result;
      }
      case 'throw':
        this.expr(e.value, scope);
        return expected ?? UNKNOWN;
      case 'tuple':
        for (const x of e.elements) this.expr(x, scope);
        return UNKNOWN;
    }
  }

  private typeRefOf(t: SType): SType {
    return t.kind === 'type' ? { kind: 'typeRef', def: t.def, args: t.args } : UNKNOWN;
  }

  private expectBool(t: SType, span: Span): void {
    if (t.kind === 'type' && !isBool(t)) this.report('typeMismatch', `A bool is expected here, not ${typeName(t)}.`, span);
  }

  /** A local function's body, its parameters in scope; its returns are its own, not the expression's. */
  private localFunction(fn: Extract<Stmt, { kind: 'function' }>, scope: Scope): void {
    const inner = scope.child();
    const sig = scope.get(fn.name);
    fn.params.forEach((p, i) => inner.set(p.name, sig?.kind === 'localFunction' ? (sig.params[i] ?? UNKNOWN) : this.resolveType(p.type)));
    const saved = this.returnType;
    this.returnType = undefined;
    if (fn.body.kind === 'block') this.stmt(fn.body as Stmt, inner);
    else this.expr(fn.body as Expr, inner);
    this.returnType = saved;
  }

  private lambdaBody(e: Extract<Expr, { kind: 'lambda' }>, params: readonly SType[], scope: Scope): SType {
    const inner = scope.child();
    e.params.forEach((p, i) => inner.set(p.name, p.type ? this.resolveType(p.type) : (params[i] ?? UNKNOWN)));
    if (e.body.kind === 'block' && 'body' in e.body && Array.isArray((e.body as { body: unknown }).body)) {
      const saved = this.returnType;
      this.returnType = undefined;
      this.stmt(e.body as Stmt, inner);
      const r = this.returnType ?? UNKNOWN;
      this.returnType = saved;
      return r;
    }
    return this.expr(e.body as Expr, inner);
  }

  private member(e: Extract<Expr, { kind: 'member' }>, scope: Scope): SType {
    const obj = this.expr(e.object, scope);
    this.receivers.push({ nameStart: e.nameSpan.start, type: obj });
    return this.memberOf(obj, e.name, e.nameSpan, false);
  }

  private memberOf(obj: SType, name: string, span: Span, forCall: boolean): SType {
    if (obj.kind === 'namespace') {
      const full = `${obj.prefix}.${name}`;
      const def = findType(full);
      if (def && def.fullName === full) return { kind: 'typeRef', def, args: [] };
      if (isNamespace(full)) return { kind: 'namespace', prefix: full };
      this.report('unknownType', `The type or namespace '${full}' is not known, or not allowed in policy expressions.`, span);
      return UNKNOWN;
    }
    if (obj.kind === 'array') return this.arrayMember(obj, name, span, forCall);
    if (obj.kind !== 'type' && obj.kind !== 'typeRef') return UNKNOWN;
    const isStatic = obj.kind === 'typeRef';
    if (obj.def.notSimulated) this.notSimulated(obj.def, span);
    const members = membersNamed(obj.def, name).filter((m): m is MethodDef | (MemberDef & { kind: 'property' }) => (m.kind === 'method' || m.kind === 'property') && !!m.static === isStatic);
    if (members.length === 0) {
      // Nullable<T>: x.Value and x.HasValue on any value type.
      if (!isStatic && (name === 'Value' || name === 'HasValue')) return name === 'HasValue' ? prim('bool') : obj;
      if (isStatic) {
        const nested = findType(`${obj.def.fullName}.${name}`);
        if (nested) return { kind: 'typeRef', def: nested, args: [] };
      }
      this.reportUnknown('unknownMember', `'${typeName(obj)}' does not contain ${isStatic ? 'a static' : 'a'} member '${name}'.`, name, memberNames(obj.def, isStatic), span);
      return UNKNOWN;
    }
    this.checkAllowed(obj.def, name, span);
    const methods = members.filter((m): m is MethodDef => m.kind === 'method');
    const prop = members.find((m) => m.kind === 'property');
    if (forCall && methods.length) return { kind: 'methodGroup', receiver: obj, methods };
    if (prop && prop.kind === 'property') {
      if (prop.listed) this.listedMember(obj.def, name, span);
      return parseTypeText(prop.type, bindingsOf(obj));
    }
    return { kind: 'methodGroup', receiver: obj, methods };
  }

  private arrayMember(arr: SType, name: string, span: Span, forCall: boolean): SType {
    const asEnumerable = named('System.Array');
    if (asEnumerable.kind !== 'type') return UNKNOWN;
    const withElement: SType = { kind: 'type', def: asEnumerable.def, args: [] };
    const r = this.memberOf(withElement, name, span, forCall);
    if (r.kind === 'methodGroup') return { kind: 'methodGroup', receiver: arr, methods: r.methods };
    return r;
  }

  /** APIM's allow-list (§3.5): some types allow only some members. */
  private checkAllowed(def: TypeDef, name: string, span: Span): void {
    const owner = this.ownerOf(def, name);
    if (owner && Array.isArray(owner.allowed) && !owner.allowed.includes(name)) {
      this.report('memberNotAllowed', `APIM does not allow '${owner.alias ?? owner.name}.${name}' in policy expressions (APIM0002). Allowed: ${owner.allowed.join(', ')}.`, span);
    }
  }

  private ownerOf(def: TypeDef, name: string): TypeDef | undefined {
    if (def.members.some((m) => (m.kind === 'method' || m.kind === 'property') && m.name === name)) return def;
    const base = def.base ? findType(def.base) : undefined;
    return base ? this.ownerOf(base, name) : undefined;
  }

  private argument(a: Argument, scope: Scope, paramType?: SType): SType {
    if (a.declares) {
      const t = a.declares.type ? this.resolveType(a.declares.type) : (paramType ?? UNKNOWN);
      if (a.declares.name !== '_') scope.set(a.declares.name, t);
      return t;
    }
    return this.expr(a.value, scope);
  }

  private call(e: Extract<Expr, { kind: 'call' }>, scope: Scope): SType {
    let group: SType;
    if (e.callee.kind === 'member') {
      const obj = this.expr(e.callee.object, scope);
      this.receivers.push({ nameStart: e.callee.nameSpan.start, type: obj });
      group = this.memberOf(obj, e.callee.name, e.callee.nameSpan, true);
    } else group = this.expr(e.callee, scope);
    if (group.kind === 'localFunction') {
      if (e.args.length !== group.params.length) this.report('argumentCount', `The local function '${group.name}' takes ${group.params.length} argument${group.params.length === 1 ? '' : 's'}, not ${e.args.length}.`, e.span);
      e.args.forEach((a, i) => this.argument(a, scope, group.params[i]));
      return group.returns;
    }
    if (group.kind !== 'methodGroup') {
      for (const a of e.args) this.argument(a, scope);
      return UNKNOWN;
    }
    // A derived type's member hides the base's with the same parameters (JObject.Parse over JToken.Parse).
    const seenSignatures = new Set<string>();
    const candidates = group.methods.filter((m) => {
      if (!arityFits(m, e.args.length)) return false;
      const sig = m.params.map((p) => p.type).join(',');
      if (seenSignatures.has(sig)) return false;
      seenSignatures.add(sig);
      return true;
    });
    if (candidates.length === 0) {
      for (const a of e.args) this.argument(a, scope);
      const counts = [...new Set(group.methods.map((m) => m.params.length))].sort();
      this.report('argumentCount', `No overload of '${group.methods[0]?.name}' takes ${e.args.length} argument${e.args.length === 1 ? '' : 's'} (it takes ${counts.join(' or ')}).`, e.span);
      return UNKNOWN;
    }
    const typeArgs = e.callee.kind === 'member' ? (e.callee.typeArgs ?? []).map((t) => this.resolveType(t)) : [];
    // The arguments' own types first (lambdas and out declarations wait for the chosen overload).
    const argTypes = e.args.map((a) => (a.declares || a.value.kind === 'lambda' ? undefined : this.expr(a.value, scope)));
    const chosen = this.chooseOverload(candidates, typeArgs, argTypes, group.receiver);
    const method = chosen.method;
    if (method.listed) {
      const owner = group.receiver.kind === 'type' || group.receiver.kind === 'typeRef' ? group.receiver.def : findType('System.Array');
      if (owner) this.listedMember(owner, `${method.name}(${method.params.map((p) => p.type).join(', ')})`, e.callee.kind === 'member' ? e.callee.nameSpan : e.callee.span);
    }
    const bindings = chosen.bindings;
    // Out declarations and lambdas: lambdas get their parameter types from Func<...> parameters; their result binds TResult.
    e.args.forEach((a, i) => {
      if (argTypes[i] !== undefined) return;
      const p = method.params[Math.min(i, method.params.length - 1)];
      const pt = p ? p.type.replace(/^params /, '') : '';
      const func = /^(Func|Predicate|Action)<(.*)>$/.exec(pt);
      const argType = this.argument(a, scope, p && !func ? parseTypeText(pt.replace(/^out /, ''), bindings) : undefined);
      if (func && argType.kind === 'lambda' && argType.body) {
        const parts = splitTop(func[2] as string);
        const ins = func[1] === 'Func' ? parts.slice(0, -1) : parts;
        const inTypes = ins.map((x) => parseTypeText(x, bindings));
        const result = argType.body(inTypes.slice(0, argType.params).concat(inTypes.length === 1 && argType.params === 2 ? [prim('int')] : []));
        const out = func[1] === 'Func' ? (parts[parts.length - 1] as string).trim() : undefined;
        if (out && /^T\w*$/.test(out) && !bindings.has(out) && result.kind !== 'unknown') bindings.set(out, result);
      }
    });
    if (!chosen.sure) return UNKNOWN;
    return parseTypeText(method.returns, bindings);
  }

  /**
   * C#'s better-function-member rule, as far as static types are known: explicit type arguments
   * select generic methods of that arity; type parameters are inferred from arguments written
   * directly as them (GetValueOrDefault("a", "x") is GetValueOrDefault<string>); an identity
   * conversion beats a numeric widening, which beats a conversion to object; on a tie a non-generic
   * method wins. `sure` is false when arguments of unknown type leave overloads with different
   * return types in the running: the result is then not typed rather than typed wrongly.
   */
  private chooseOverload(candidates: readonly MethodDef[], typeArgs: readonly SType[], argTypes: readonly (SType | undefined)[], receiver: SType): { method: MethodDef; bindings: Map<string, SType>; sure: boolean } {
    let pool = candidates;
    if (typeArgs.length > 0) {
      const generic = candidates.filter((m) => (m.typeParams?.length ?? 0) === typeArgs.length);
      if (generic.length) pool = generic;
    }
    type Scored = { method: MethodDef; bindings: Map<string, SType>; score: number };
    const scored: Scored[] = [];
    for (const m of pool) {
      const bindings = bindingsOf(receiver);
      // A method's own type parameter hides the receiver's of the same name (GetValueOrDefault<T> on a dictionary).
      (m.typeParams ?? []).forEach((p, i) => {
        bindings.delete(p);
        if (typeArgs[i]) bindings.set(p, typeArgs[i] as SType);
      });
      // Inference from arguments written as a type parameter itself (T value, T[] values).
      argTypes.forEach((t, i) => {
        const p = m.params[Math.min(i, m.params.length - 1)];
        if (!p || !t || t.kind === 'unknown' || t.kind === 'null') return;
        const pt = p.type.replace(/^(params|out) /, '');
        const tp = (m.typeParams ?? []).find((x) => x === pt || `${x}[]` === pt);
        if (!tp || bindings.has(tp)) return;
        bindings.set(tp, pt.endsWith('[]') ? (t.kind === 'array' ? t.element : UNKNOWN) : t);
      });
      let score = 0;
      for (let i = 0; i < argTypes.length; i++) {
        const t = argTypes[i];
        const p = m.params[Math.min(i, m.params.length - 1)];
        if (!t || !p) {
          score += 1;
          continue;
        }
        const param = parseTypeText(p.type.replace(/^(params|out) /, '').replace(/\[\]$/, p.type.startsWith('params ') && !(t.kind === 'array') ? '' : '[]'), bindings);
        score += conversionScore(t, param);
      }
      if (score === -Infinity) continue;
      if ((m.typeParams?.length ?? 0) > 0) score -= 0.01; // a tie goes to the non-generic method
      if (m.listed) score -= 0.02;
      scored.push({ method: m, bindings, score });
    }
    if (scored.length === 0) return { method: (pool.find((m) => !m.listed) ?? pool[0]) as MethodDef, bindings: bindingsOf(receiver), sure: false };
    scored.sort((a, b) => b.score - a.score);
    const best = scored[0] as Scored;
    // Unknown argument types: overloads still in the running must agree on the result.
    const unknownArgs = argTypes.some((t) => t !== undefined && t.kind === 'unknown');
    const returns = new Set(scored.filter((x) => best.score - x.score < 1).map((x) => typeName(parseTypeText(x.method.returns, x.bindings))));
    return { method: best.method, bindings: best.bindings, sure: !unknownArgs || returns.size <= 1 };
  }



  private binary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): SType {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    switch (e.op) {
      case '&&':
      case '||':
        this.expectBool(l, e.left.span);
        this.expectBool(r, e.right.span);
        return prim('bool');
      case '==':
      case '!=':
      case '<':
      case '>':
      case '<=':
      case '>=':
        return prim('bool');
      case '??':
        return l.kind === 'null' || l.kind === 'unknown' ? r : l;
      case '+':
        if ((l.kind === 'type' && l.def.alias === 'string') || (r.kind === 'type' && r.def.alias === 'string')) return prim('string');
        return this.arith(l, r);
      case '-': {
        if (l.kind === 'type' && r.kind === 'type' && ((l.def.fullName === 'System.DateTime' && r.def.fullName === 'System.DateTime') || (l.def.fullName === 'System.DateTimeOffset' && r.def.fullName === 'System.DateTimeOffset'))) return named('System.TimeSpan');
        return this.arith(l, r);
      }
      default:
        return this.arith(l, r);
    }
  }

  private arith(l: SType, r: SType): SType {
    const p = promote(l, r);
    if (p.kind !== 'unknown') return p;
    if (l.kind === 'type' && (l.def.fullName === 'System.DateTime' || l.def.fullName === 'System.TimeSpan' || l.def.fullName === 'System.DateTimeOffset')) return l;
    if (l.kind === 'type' && isBool(l) && r.kind === 'type' && isBool(r)) return l;
    return UNKNOWN;
  }

  private initializer(init: NonNullable<Extract<Expr, { kind: 'new' }>['initializer']>, scope: Scope): void {
    switch (init.kind) {
      case 'object':
        for (const m of init.members) if ('kind' in m.value && !['object', 'collection', 'indexed'].includes(m.value.kind)) this.expr(m.value as Expr, scope);
        break;
      case 'collection':
        for (const it of init.items) for (const x of Array.isArray(it) ? (it as Expr[]) : [it as Expr]) this.expr(x, scope);
        break;
      case 'indexed':
        for (const en of init.entries) {
          for (const k of en.keys) this.expr(k, scope);
          this.expr(en.value, scope);
        }
        break;
    }
  }

  private pattern(p: Pattern, subject: SType, scope: Scope): void {
    switch (p.kind) {
      case 'type': {
        const t = this.resolveType(p.type);
        if (p.name) scope.set(p.name, t);
        return;
      }
      case 'var':
        scope.set(p.name, subject);
        return;
      case 'constant':
        if (p.value.kind === 'name' && !scope.get(p.value.name) && findType(p.value.name)) return; // a type test
        this.expr(p.value, scope);
        return;
      case 'relational':
        this.expr(p.value, scope);
        return;
      case 'not':
        this.pattern(p.pattern, subject, scope);
        return;
      case 'and':
      case 'or':
        this.pattern(p.left, subject, scope);
        this.pattern(p.right, subject, scope);
        return;
      case 'property': {
        const t = p.type ? this.resolveType(p.type) : subject;
        for (const x of p.properties) this.pattern(x.pattern, this.memberOf(t, x.name, p.span, false), scope);
        if (p.name) scope.set(p.name, t);
        return;
      }
      case 'discard':
        return;
    }
  }

  stmt(s: Stmt, scope: Scope): void {
    switch (s.kind) {
      case 'block': {
        const inner = scope.child();
        // Local functions are callable anywhere in their block: their signatures first, then their bodies.
        const functions = s.body.filter((x): x is Extract<Stmt, { kind: 'function' }> => x.kind === 'function');
        for (const fn of functions) {
          inner.set(fn.name, { kind: 'localFunction', name: fn.name, params: fn.params.map((p) => this.resolveType(p.type)), returns: fn.returns ? this.resolveType(fn.returns) : named('System.Void') });
        }
        for (const x of s.body) if (x.kind !== 'function') this.stmt(x, inner);
        // Their bodies after the block's statements: a local function captures the block's locals.
        for (const fn of functions) this.localFunction(fn, inner);
        return;
      }
      case 'function':
        this.localFunction(s, scope);
        return;
      case 'checked':
        this.stmt(s.body, scope);
        return;
      case 'local': {
        const declared = s.type ? this.resolveType(s.type) : undefined;
        for (const d of s.declarators) {
          const init = d.init ? this.expr(d.init, scope, declared) : undefined;
          // `int? x = null` is fine: the declared type is nullable (resolveType drops the `?`).
          const nullIntoNullable = s.type?.kind === 'nullable' && init?.kind === 'null';
          if (declared && init && !nullIntoNullable && !isConstant(d.init) && !fits(init, declared)) this.report('typeMismatch', `Cannot assign ${typeName(init)} to '${d.name}', a ${typeName(declared)}.`, d.init?.span ?? d.span);
          scope.set(d.name, declared ?? (init && init.kind !== 'null' ? init : UNKNOWN));
        }
        return;
      }
      case 'expr':
        this.expr(s.expr, scope);
        return;
      case 'if':
        this.expectBool(this.expr(s.test, scope), s.test.span);
        this.stmt(s.then, scope.child());
        if (s.otherwise) this.stmt(s.otherwise, scope.child());
        return;
      case 'while':
      case 'do':
        this.expectBool(this.expr(s.test, scope), s.test.span);
        this.stmt(s.body, scope.child());
        return;
      case 'for': {
        const inner = scope.child();
        for (const i of s.init) this.stmt(i, inner);
        if (s.test) this.expectBool(this.expr(s.test, inner), s.test.span);
        for (const u of s.update) this.expr(u, inner);
        this.stmt(s.body, inner.child());
        return;
      }
      case 'foreach': {
        const coll = this.expr(s.iterable, scope);
        const inner = scope.child();
        inner.set(s.name, s.type ? this.resolveType(s.type) : elementType(coll));
        this.stmt(s.body, inner);
        return;
      }
      case 'return': {
        if (s.value) {
          const t = this.expr(s.value, scope);
          if (!this.returnType || this.returnType.kind === 'null' || this.returnType.kind === 'unknown') this.returnType = t;
        }
        return;
      }
      case 'throw':
        if (s.value) this.expr(s.value, scope);
        return;
      case 'try':
        this.stmt(s.block, scope.child());
        for (const c of s.catches) {
          const inner = scope.child();
          if (c.name) inner.set(c.name, c.type ? this.resolveType(c.type) : named('System.Exception'));
          else if (c.type) this.resolveType(c.type);
          if (c.when) this.expectBool(this.expr(c.when, inner), c.when.span);
          this.stmt(c.body, inner);
        }
        if (s.finally) this.stmt(s.finally, scope.child());
        return;
      case 'switch': {
        const subject = this.expr(s.subject, scope);
        for (const sec of s.sections) {
          const inner = scope.child();
          for (const l of sec.labels) {
            if (!l) continue;
            this.pattern(l.pattern, subject, inner);
            if (l.when) this.expectBool(this.expr(l.when, inner), l.when.span);
          }
          for (const b of sec.body) this.stmt(b, inner);
        }
        return;
      }
      case 'using': {
        const inner = scope.child();
        this.stmt(s.resource, inner);
        this.stmt(s.body, inner);
        return;
      }
      case 'break':
      case 'continue':
      case 'empty':
        return;
    }
  }
}

/** A literal constant (C# converts constants that fit: `byte b = 250;`). */
function isConstant(e: Expr | undefined): boolean {
  const numeric = (x: Expr): boolean => x.kind === 'literal' && x.type !== 'string' && x.type !== 'bool' && x.type !== 'null';
  return e !== undefined && (numeric(e) || (e.kind === 'unary' && e.op === '-' && numeric(e.operand)));
}

/** The type of `x` in `x.Name` where Name starts at `nameStart`: what completion after the dot needs. */
export function receiverTypeAt(result: CheckResult, nameStart: number): SType | undefined {
  return result.receivers.find((r) => r.nameStart === nameStart)?.type;
}

/** The innermost typed expression around an offset. */
export function typeAt(result: CheckResult, offset: number): SType | undefined {
  let best: TypedSpan | undefined;
  for (const t of result.types) {
    if (t.span.start <= offset && offset <= t.span.end && (!best || t.span.end - t.span.start < best.span.end - best.span.start)) best = t;
  }
  return best?.type;
}
