// Compiles the expression AST into JS closures once, then runs them many times: the gateway
// evaluates the same policy expression on every request, and a closure tree is far faster than
// re-walking the AST (no eval, no new Function). Names are bound at compile time: locals to
// frame slots, type names to TypeDefs; members are looked up on the runtime type, with a
// one-entry cache per access site.

import type { Span } from '../common/span';
import type { Argument, Expr, ExpressionBody, Initializer, Pattern, Stmt, TypeRef } from './ast';
import { Decimal } from './runtime/decimal';
import { DotNetException, LimitExceeded, MAX_STRING_CHARS, NotSupportedByInterpreter, checkStringSize, hostLimitException, indexOutOfRange, invalidCast, nullReference } from './runtime/exceptions';
import { arithmetic, bitwise, compare, equals, negate, toDisplayString } from './runtime/operators';
import {
  bindArguments,
  castTo,
  chooseOverload,
  convertDeclared,
  convertImplicit,
  findType,
  indexersOf,
  instantiate,
  isInstanceOf,
  isNamespace,
  isNumericName,
  makeNumber,
  membersNamed,
  primitiveOf,
  runtimeTypeName,
  typeByFullName,
  typeOf,
  type CallInfo,
  type ConstructorDef,
  type MethodDef,
  type PropertyDef,
  type Runtime,
  type TypeDef,
} from './runtime/typeSystem';
import { AnonymousObject, CsChar, CsDelegate, Num, RefCell, RuntimeType, TypeValue, double, primitiveName } from './runtime/values';
import { formatValue } from './runtime/formatValue';
import { iterate } from './runtime/iteration';

/** A compile-time problem: an unknown name or type, a construct the interpreter cannot run. */
export class CompileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

interface Frame {
  readonly vars: unknown[];
  readonly parent: Frame | undefined;
  ret?: unknown;
}

type Thunk = (f: Frame) => unknown;
type Exec = (f: Frame) => Completion;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const RETURN = Symbol('return');
type Completion = undefined | typeof BREAK | typeof CONTINUE | typeof RETURN;

/** Marks a null-conditional chain that met null: the whole chain is null (`a?.B.C` when a is null). */
const SHORT = Symbol('nullConditionalShortCircuit');

class NamespaceValue {
  constructor(readonly prefix: string) {}
}

/** A method group that was not called: `x.Select(int.Parse)` style. */
class MethodGroup {
  constructor(
    readonly self: unknown,
    readonly methods: readonly MethodDef[],
  ) {}
}

/** What compile() returns: run it with a root object model and a runtime. */
export interface CompiledExpression {
  run(globals: Globals, rt: Runtime): unknown;
}

/** Names visible to every expression: `context`, and in tests anything else. */
export type Globals = Readonly<Record<string, unknown>>;

interface Slot {
  readonly depth: number;
  readonly index: number;
  readonly declaredType?: string;
}

class Scope {
  private readonly names = new Map<string, { index: number; declaredType?: string }>();
  constructor(
    readonly fn: FunctionScope,
    readonly parent: Scope | undefined,
  ) {}

  declare(name: string, span: Span, declaredType?: string): number {
    if (this.lookupLocal(name)) throw new CompileError('duplicateLocal', `A local variable named '${name}' is already defined in this scope.`, span);
    const index = this.fn.count++;
    this.names.set(name, { index, declaredType });
    return index;
  }

  private lookupLocal(name: string): boolean {
    for (let s: Scope | undefined = this; s && s.fn === this.fn; s = s.parent) if (s.names.has(name)) return true;
    return false;
  }

  /** This scope and the enclosing ones, each with how many function frames out it is. */
  private *chain(): Generator<[Scope, number]> {
    let depth = 0;
    let fn = this.fn;
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.fn !== fn) {
        depth++;
        fn = s.fn;
      }
      yield [s, depth];
    }
  }

  resolve(name: string): Slot | undefined {
    for (const [s, depth] of this.chain()) {
      const hit = s.names.get(name);
      if (hit) return { depth, index: hit.index, declaredType: hit.declaredType };
    }
    return undefined;
  }

  child(): Scope {
    return new Scope(this.fn, this);
  }

  /** Every local visible here, innermost first (a name shadowed further out is left out). */
  visible(): [string, Slot][] {
    const out: [string, Slot][] = [];
    const seen = new Set<string>();
    for (const [s, depth] of this.chain()) {
      for (const [name, hit] of s.names) {
        if (seen.has(name)) continue;
        seen.add(name);
        out.push([name, { depth, index: hit.index }]);
      }
    }
    return out;
  }
}

class FunctionScope {
  count = 0;
}

function frameAt(f: Frame, depth: number): Frame {
  let cur = f;
  for (let i = 0; i < depth; i++) cur = cur.parent as Frame;
  return cur;
}

/** Static knowledge about an expression's type, where cheaply known (enough for unboxing casts). */
interface Compiled {
  readonly run: Thunk;
  /** C# type text when known: 'object' marks values that casts must unbox exactly. */
  readonly type?: string;
}

export interface CompileOptions {
  /** Names of globals (besides locals): `context` for policies. */
  readonly globals: readonly string[];
  /** Maximum lambda nesting depth at run time. */
  readonly maxDepth?: number;
}

const MAX_DEPTH = 64;

export function compile(body: ExpressionBody, options: CompileOptions): CompiledExpression {
  const c = new Compiler(options);
  const fn = new FunctionScope();
  const scope = new Scope(fn, undefined);
  let main: Thunk;
  if (body.kind === 'expression') {
    main = c.expr(body.expr, scope).run;
  } else {
    const exec = c.stmt(body.block, scope);
    if (endReachable(body.block)) throw new CompileError('missingReturn', 'Not all code paths return a value: a multi-statement expression must end with return.', { start: body.block.span.end - 1, end: body.block.span.end });
    main = (f) => {
      exec(f);
      return f.ret;
    };
  }
  const size = () => fn.count;
  return {
    run(globals, rt) {
      c.globals = globals;
      c.rt = rt;
      c.info = { rt, typeArgs: [] };
      c.depth = 0;
      const frame: Frame = { vars: new Array(size()), parent: undefined };
      const v = main(frame);
      return v === SHORT ? null : v;
    },
  };
}

class Compiler {
  globals: Globals = {};
  rt!: Runtime;
  info!: CallInfo;
  depth = 0;
  private checked = false;
  private readonly maxDepth: number;

  constructor(private readonly options: CompileOptions) {
    this.maxDepth = options.maxDepth ?? MAX_DEPTH;
  }

  private err(code: string, message: string, span: Span): never {
    throw new CompileError(code, message, span);
  }

  /**
   * Runs `fn` (a call or an operator), attaching `span` to .NET exceptions raised inside it that
   * have none yet. A string result over the memory budget, and the host's own limits (a string too
   * long for JavaScript, a stack overflow), become the .NET exception the gateway would raise.
   */
  private at<T>(span: Span, fn: Thunk): Thunk {
    return (f) => {
      try {
        const v = fn(f);
        if (typeof v === 'string' && v.length > MAX_STRING_CHARS) checkStringSize(v.length);
        return v;
      } catch (e) {
        const err = hostLimitException(e) ?? e;
        if ((err instanceof DotNetException || err instanceof LimitExceeded || err instanceof NotSupportedByInterpreter) && !err.span) err.span = span;
        throw err;
      }
    };
  }

  // ---------------------------------------------------------------- types

  resolveType(t: TypeRef): { def: TypeDef; nullable: boolean; array: number } {
    switch (t.kind) {
      case 'nullable': {
        const inner = this.resolveType(t.inner);
        return { ...inner, nullable: true };
      }
      case 'array': {
        const inner = this.resolveType(t.element);
        return { def: inner.def, nullable: true, array: inner.array + 1 };
      }
      case 'named': {
        const def = findType(t.name, t.args.length);
        if (!def) this.err('unknownType', `The type '${t.name}${t.args.length ? `<${t.args.map(typeText).join(', ')}>` : ''}' is not known here.`, t.span);
        const args = t.args.map((a) => this.resolveType(a).def);
        return { def: instantiate(def, args), nullable: def.alias === 'string' || !primitiveOf(def), array: 0 };
      }
    }
  }

  private typeDefOf(t: TypeRef): TypeDef {
    const r = this.resolveType(t);
    return r.array > 0 ? (typeByFullName('System.Array') as TypeDef) : r.def;
  }

  // ---------------------------------------------------------------- expressions

  expr(e: Expr, scope: Scope): Compiled {
    const c = this.exprInner(e, scope);
    return c;
  }

  /** Compiles an expression that ends a member chain: SHORT becomes null. */
  private value(e: Expr, scope: Scope): Thunk {
    const r = this.expr(e, scope).run;
    if (e.kind === 'member' || e.kind === 'call' || e.kind === 'index') {
      return (f) => {
        const v = r(f);
        return v === SHORT ? null : v;
      };
    }
    return r;
  }

  private exprInner(e: Expr, scope: Scope): Compiled {
    switch (e.kind) {
      case 'literal':
        return this.literal(e);
      case 'name':
        return this.name(e, scope);
      case 'namedValue':
        return this.err('unresolvedNamedValue', `The named value '{{${e.name}}}' has no value here.`, e.span);
      case 'typeAccess': {
        const tv = new TypeValue(this.typeDefOf(e.type));
        return { run: () => tv };
      }
      case 'member':
        return this.member(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'index':
        return this.index(e, scope);
      case 'unary':
        return this.unary(e, scope);
      case 'postfix':
        return this.postfix(e, scope);
      case 'binary':
        return this.binary(e, scope);
      case 'assign':
        return this.assign(e, scope);
      case 'conditional': {
        const test = this.bool(e.test, scope);
        const a = this.value(e.then, scope);
        const b = this.value(e.otherwise, scope);
        return { run: (f) => (test(f) ? a(f) : b(f)) };
      }
      case 'cast':
        return this.cast(e, scope);
      case 'as': {
        const operand = this.value(e.operand, scope);
        const { def } = this.resolveType(e.type);
        return { run: (f) => {
          const v = operand(f);
          return isInstanceOf(v, def) ? v : null;
        }, type: typeText(e.type) };
      }
      case 'is': {
        const operand = this.value(e.operand, scope);
        const match = this.pattern(e.pattern, scope);
        return { run: (f) => match(operand(f), f), type: 'bool' };
      }
      case 'new':
        return this.newObject(e, scope);
      case 'newArray':
        return this.newArray(e, scope);
      case 'anonymousObject': {
        const members = e.members.map((m) => [m.name, this.value(m.value, scope)] as const);
        return { run: (f) => new AnonymousObject(new Map(members.map(([n, v]) => [n, v(f)]))) };
      }
      case 'lambda':
        return this.lambda(e, scope);
      case 'interpolated':
        return this.interpolated(e, scope);
      case 'typeof': {
        const tv = new RuntimeType(this.typeDefOf(e.type));
        return { run: () => tv, type: 'System.Type' };
      }
      case 'nameof': {
        const name = e.name;
        return { run: () => name, type: 'string' };
      }
      case 'default': {
        if (!e.type) return { run: () => null };
        const v = defaultValue(this.resolveType(e.type));
        return { run: () => v, type: typeText(e.type) };
      }
      case 'checked': {
        const saved = this.checked;
        this.checked = e.checked;
        try {
          return this.expr(e.operand, scope);
        } finally {
          this.checked = saved;
        }
      }
      case 'switch':
        return this.switchExpr(e, scope);
      case 'throw': {
        const v = this.value(e.value, scope);
        return { run: this.at(e.span, (f) => {
          throw toException(v(f));
        }) };
      }
      case 'tuple':
        return this.err('unsupported', 'Tuples are not supported by the simulator yet.', e.span);
      default:
        return assertNever(e);
    }
  }

  private literal(e: Extract<Expr, { kind: 'literal' }>): Compiled {
    let v: unknown;
    switch (e.type) {
      case 'int':
      case 'string':
      case 'bool':
      case 'null':
        v = e.value;
        break;
      case 'long':
        v = e.value as bigint;
        break;
      case 'uint':
        v = new Num('uint', e.value as number);
        break;
      case 'ulong':
        v = new Num('ulong', e.value as bigint);
        break;
      case 'double':
        v = double(e.value as number);
        break;
      case 'float':
        v = new Num('float', e.value as number);
        break;
      case 'decimal':
        v = Decimal.parse(e.value as string) ?? Decimal.Zero;
        break;
      case 'char':
        v = CsChar.of(String(e.value).charCodeAt(0));
        break;
    }
    return { run: () => v, type: e.type };
  }

  private name(e: Extract<Expr, { kind: 'name' }>, scope: Scope): Compiled {
    const slot = scope.resolve(e.name);
    if (slot) {
      const { depth, index } = slot;
      if (depth === 0) return { run: (f) => f.vars[index], type: slot.declaredType };
      return { run: (f) => frameAt(f, depth).vars[index], type: slot.declaredType };
    }
    if (this.options.globals.includes(e.name)) {
      const name = e.name;
      return { run: () => this.globals[name] };
    }
    const def = findType(e.name, e.typeArgs?.length ?? 0);
    if (def) {
      const tv = new TypeValue(e.typeArgs?.length ? instantiate(def, e.typeArgs.map((a) => this.typeDefOf(a))) : def);
      return { run: () => tv };
    }
    if (isNamespace(e.name)) {
      const ns = new NamespaceValue(e.name);
      return { run: () => ns };
    }
    return this.err('unknownName', `The name '${e.name}' does not exist in the current context.`, e.span);
  }

  /** `forCall`: the member is being called, so methods win over a property of the same name (List.Count vs LINQ Count()). */
  private member(e: Extract<Expr, { kind: 'member' }>, scope: Scope, forCall = false): Compiled {
    // Namespace-qualified type names resolve at compile time: System.Text.Encoding.
    const qualified = qualifiedName(e);
    if (qualified && !scope.resolve(qualified.split('.')[0] as string) && !this.options.globals.includes(qualified.split('.')[0] as string)) {
      const def = findType(qualified, e.typeArgs?.length ?? 0);
      if (def && (def.fullName === qualified || def.fullName.endsWith(`.${qualified}`))) {
        const tv = new TypeValue(def);
        return { run: () => tv };
      }
      if (isNamespace(qualified)) {
        const ns = new NamespaceValue(qualified);
        return { run: () => ns };
      }
    }
    const obj = this.expr(e.object, scope).run;
    const name = e.name;
    const nullConditional = e.nullConditional;
    const span = e.nameSpan;
    let cacheDef: TypeDef | undefined;
    let cacheProp: PropertyDef | undefined;
    let cacheGroupDef: TypeDef | undefined;
    let cacheGroup: MethodDef[] | undefined;
    const run: Thunk = (f) => {
      const target = obj(f);
      if (target === SHORT) return SHORT;
      if (target === null || target === undefined) {
        if (nullConditional) return SHORT;
        // Nullable<T> is a plain value or null here: `x.HasValue` on null is false.
        if (name === 'HasValue') return false;
        if (name === 'Value') throw withSpan(new DotNetException('System.InvalidOperationException', 'Nullable object must have a value.'), span);
        throw withSpan(nullReference(), span);
      }
      const def = typeOf(target);
      if (def === cacheDef && cacheProp) return cacheProp.get(target, this.info);
      if (def === cacheGroupDef && cacheGroup) return new MethodGroup(target, cacheGroup);
      if (target instanceof TypeValue) return this.staticMember(target.def, name, span);
      if (target instanceof NamespaceValue) {
        const full = `${target.prefix}.${name}`;
        const t = findType(full);
        if (t) return new TypeValue(t);
        if (isNamespace(full)) return new NamespaceValue(full);
        throw new CompileError('unknownName', `The type or namespace '${full}' is not known here.`, span);
      }
      // An anonymous object's own properties first; ToString/Equals/GetHashCode come from its type.
      if (target instanceof AnonymousObject && target.members.has(name)) return target.members.get(name);
      const members = def ? membersNamed(def, name).filter((m) => m.kind !== 'constructor' && m.kind !== 'indexer' && !m.static) : [];
      const methods = members.filter((m): m is MethodDef => m.kind === 'method');
      if (forCall && methods.length) {
        cacheGroupDef = def;
        cacheGroup = methods;
        return new MethodGroup(target, methods);
      }
      const prop = members.find((m): m is PropertyDef => m.kind === 'property');
      if (prop) {
        cacheDef = def;
        cacheProp = prop;
        return prop.get(target, this.info);
      }
      if (methods.length) {
        cacheGroupDef = def;
        cacheGroup = methods;
        return new MethodGroup(target, methods);
      }
      // Nullable<T>.Value / HasValue on a value that is present.
      if (name === 'Value') return target;
      if (name === 'HasValue') return true;
      throw withSpan(new DotNetException('System.MissingMemberException', `'${runtimeTypeName(target)}' does not contain a definition for '${name}'.`), span);
    };
    return { run };
  }

  private readonly staticGroups = new Map<string, MethodDef[]>();

  private staticMember(def: TypeDef, name: string, span: Span): unknown {
    if (def.notSimulated) throw withSpan(notSimulated(def), span);
    const key = `${def.fullName}.${name}`;
    const cached = this.staticGroups.get(key);
    if (cached) return new MethodGroup(undefined, cached);
    const members = membersNamed(def, name).filter((m) => m.kind !== 'constructor' && m.kind !== 'indexer' && m.static);
    const prop = members.find((m): m is PropertyDef => m.kind === 'property');
    if (prop) return prop.get(undefined, this.info);
    const methods = members.filter((m): m is MethodDef => m.kind === 'method');
    if (methods.length) {
      this.staticGroups.set(key, methods);
      return new MethodGroup(undefined, methods);
    }
    // A nested type (`TimeZoneInfo.AdjustmentRule`) or an enum member.
    const nested = typeByFullName(`${def.fullName}.${name}`) ?? typeByFullName(`${def.fullName}+${name}`);
    if (nested) return new TypeValue(nested);
    throw new CompileError('unknownMember', `'${def.alias ?? def.name}' does not contain a definition for '${name}'.`, span);
  }

  private args(args: readonly Argument[], scope: Scope): { values: Thunk[]; names: (string | undefined)[]; refs: ({ slot: Slot } | undefined)[] } {
    const values: Thunk[] = [];
    const names: (string | undefined)[] = [];
    const refs: ({ slot: Slot } | undefined)[] = [];
    for (const a of args) {
      names.push(a.name);
      if (a.modifier === 'out' || a.modifier === 'ref') {
        if (a.declares) {
          if (a.declares.name !== '_') scope.declare(a.declares.name, a.span, a.declares.type ? typeText(a.declares.type) : undefined);
        }
        const target = a.value.kind === 'name' ? scope.resolve(a.value.name) : undefined;
        if (!target && !(a.declares?.name === '_')) this.err('unsupported', 'Only local variables can be passed as out or ref arguments.', a.span);
        refs.push(target ? { slot: target } : undefined);
        const read = target ? this.readSlot(target) : () => undefined;
        values.push((f) => new RefCell(read(f)));
      } else {
        refs.push(undefined);
        values.push(this.value(a.value, scope));
      }
    }
    return { values, names, refs };
  }

  private readSlot(slot: Slot): Thunk {
    const { depth, index } = slot;
    return (f) => frameAt(f, depth).vars[index];
  }

  private writeSlot(slot: Slot): (f: Frame, v: unknown) => void {
    const { depth, index } = slot;
    return (f, v) => {
      frameAt(f, depth).vars[index] = v;
    };
  }

  private call(e: Extract<Expr, { kind: 'call' }>, scope: Scope): Compiled {
    const { values, names, refs } = this.args(e.args, scope);
    const writeBacks = refs.map((r) => (r ? this.writeSlot(r.slot) : undefined));
    const span = e.span;
    let typeArgs: TypeDef[] = [];
    let callee: Thunk;
    if (e.callee.kind === 'member') {
      typeArgs = (e.callee.typeArgs ?? []).map((t) => this.typeDefOf(t));
      callee = this.member(e.callee, scope, true).run;
    } else if (e.callee.kind === 'name' && !scope.resolve(e.callee.name)) {
      return this.err('unknownName', `The name '${e.callee.name}' does not exist in the current context.`, e.callee.span);
    } else {
      callee = this.value(e.callee, scope);
    }
    let cacheMethods: readonly MethodDef[] | undefined;
    let cacheChosen: MethodDef | undefined;
    let cacheArgTypes: string | undefined;
    const hasNames = names.some((n) => n !== undefined);
    const hasRefs = refs.some((r) => r !== undefined);
    const run: Thunk = (f) => {
      const target = callee(f);
      if (target === SHORT) return SHORT;
      const args = values.map((v) => v(f));
      this.rt.step();
      if (target instanceof MethodGroup) {
        const ordered = hasNames ? orderNamedArgs(target.methods, args, names, span) : args;
        let chosen: MethodDef | undefined;
        // One-entry cache: same method group object shape and argument types as last time.
        const key = ordered.map(argKind).join(',');
        if (cacheMethods === target.methods && cacheArgTypes === key) chosen = cacheChosen;
        else {
          // Explicit type arguments (As<JObject>(), GetValueOrDefault<int>(...)) select among generic methods.
          const candidates = typeArgs.length ? target.methods.filter((m) => (m.typeParams?.length ?? 0) === typeArgs.length) : target.methods;
          chosen = chooseOverload(candidates.length ? candidates : target.methods, ordered);
          cacheMethods = target.methods;
          cacheChosen = chosen;
          cacheArgTypes = key;
        }
        if (!chosen) throw withSpan(noOverload(target.methods, ordered), span);
        const bound = bindArguments(chosen.params, ordered);
        const callInfo = typeArgs.length ? { rt: this.rt, typeArgs } : this.info;
        const result = chosen.call(target.self, bound, callInfo);
        if (hasRefs) for (let i = 0; i < writeBacks.length; i++) writeBacks[i]?.(f, (args[i] as RefCell).value);
        return result;
      }
      if (target instanceof CsDelegate) return target.invoke(args);
      if (target === null || target === undefined) throw withSpan(nullReference(), span);
      throw withSpan(new DotNetException('System.InvalidOperationException', `A value of type '${runtimeTypeName(target)}' cannot be called.`), span);
    };
    return { run: this.at(span, run) };
  }

  private index(e: Extract<Expr, { kind: 'index' }>, scope: Scope): Compiled {
    const obj = this.expr(e.object, scope).run;
    const args = e.args.map((a) => this.value(a.value, scope));
    const nullConditional = e.nullConditional;
    const span = e.span;
    const run: Thunk = (f) => {
      const target = obj(f);
      if (target === SHORT) return SHORT;
      if (target === null || target === undefined) {
        if (nullConditional) return SHORT;
        throw nullReference();
      }
      const keys = args.map((a) => a(f));
      return this.getIndexed(target, keys);
    };
    return { run: this.at(span, run), type: this.indexerType(e.object) };
  }

  /** `context.Variables[...]` and other object-typed indexers: casts from them unbox. */
  private indexerType(object: Expr): string | undefined {
    return object.kind === 'member' && object.name === 'Variables' ? 'object' : undefined;
  }

  getIndexed(target: unknown, keys: unknown[]): unknown {
    if (Array.isArray(target)) {
      const i = toIndex(keys[0]);
      if (i < 0 || i >= target.length) throw indexOutOfRange();
      return target[i];
    }
    const def = typeOf(target);
    const indexers = def ? indexersOf(def) : [];
    const chosen = chooseOverload(indexers, keys);
    if (!chosen) throw new DotNetException('System.InvalidOperationException', `Cannot apply indexing with [] to a value of type '${runtimeTypeName(target)}'.`);
    return chosen.get(target, bindArguments(chosen.params, keys), this.info);
  }

  setIndexed(target: unknown, keys: unknown[], value: unknown): void {
    if (Array.isArray(target)) {
      const i = toIndex(keys[0]);
      if (i < 0 || i >= target.length) throw indexOutOfRange();
      target[i] = value;
      return;
    }
    const def = typeOf(target);
    const indexers = def ? indexersOf(def).filter((x) => x.set) : [];
    const chosen = chooseOverload(indexers, keys);
    if (!chosen?.set) throw new DotNetException('System.InvalidOperationException', `The indexer of '${runtimeTypeName(target)}' is read only.`);
    chosen.set(target, bindArguments(chosen.params, keys), value, this.info);
  }

  private bool(e: Expr, scope: Scope): (f: Frame) => boolean {
    const v = this.value(e, scope);
    return (f) => {
      const r = v(f);
      if (typeof r !== 'boolean') throw withSpan(invalidCast(runtimeTypeName(r), 'System.Boolean'), e.span);
      return r;
    };
  }

  private unary(e: Extract<Expr, { kind: 'unary' }>, scope: Scope): Compiled {
    if (e.op === '++' || e.op === '--') return this.increment(e.operand, e.op, true, scope, e.span);
    const v = this.value(e.operand, scope);
    const checkedOverflow = this.checked;
    const span = e.span;
    switch (e.op) {
      case '!':
        return { run: (f) => {
          const r = v(f);
          if (typeof r !== 'boolean') throw withSpan(invalidCast(runtimeTypeName(r), 'System.Boolean'), span);
          return !r;
        }, type: 'bool' };
      case '-':
        return { run: this.at(span, (f) => {
          const r = negate(v(f), checkedOverflow);
          if (r === undefined) throw new DotNetException('System.InvalidOperationException', "Operator '-' cannot be applied to this operand.");
          return r;
        }) };
      case '+':
        return { run: v };
      case '~':
        return { run: this.at(span, (f) => {
          const r = v(f);
          if (typeof r === 'number') return ~r;
          if (typeof r === 'bigint') return ~r;
          throw new DotNetException('System.InvalidOperationException', "Operator '~' cannot be applied to this operand.");
        }) };
    }
  }

  private postfix(e: Extract<Expr, { kind: 'postfix' }>, scope: Scope): Compiled {
    if (e.op === '!') return this.expr(e.operand, scope); // null-forgiving: no run-time effect
    return this.increment(e.operand, e.op, false, scope, e.span);
  }

  private increment(target: Expr, op: '++' | '--', prefix: boolean, scope: Scope, span: Span): Compiled {
    const ref = this.reference(target, scope);
    const checkedOverflow = this.checked;
    return { run: this.at(span, (f) => {
      const cell = ref(f);
      const old = cell.get();
      const next = arithmetic(op === '++' ? '+' : '-', old, old instanceof Num && (old.kind === 'double' || old.kind === 'float') ? double(1) : typeof old === 'bigint' ? 1n : old instanceof Decimal ? Decimal.One : 1, checkedOverflow);
      const converted = primitiveName(old) && primitiveName(old) !== 'int' ? makeNumber(primitiveName(old) as never, numeric(next), checkedOverflow) : next;
      cell.set(converted);
      return prefix ? converted : old;
    }) };
  }

  /** An assignable place: a local, a property or an indexer. */
  private reference(target: Expr, scope: Scope): (f: Frame) => { get(): unknown; set(v: unknown): void } {
    switch (target.kind) {
      case 'name': {
        const slot = scope.resolve(target.name);
        if (!slot) return this.err('unknownName', `The name '${target.name}' does not exist in the current context.`, target.span);
        const read = this.readSlot(slot);
        const write = this.writeSlot(slot);
        const declared = slot.declaredType;
        return (f) => ({ get: () => read(f), set: (v) => write(f, declared ? convertDeclared(v, declared) : v) });
      }
      case 'member': {
        const obj = this.value(target.object, scope);
        const name = target.name;
        return (f) => {
          const o = obj(f);
          if (o === null || o === undefined) throw nullReference();
          const def = typeOf(o);
          const prop = def ? membersNamed(def, name).find((m): m is PropertyDef => m.kind === 'property' && !m.static) : undefined;
          if (!prop) throw new DotNetException('System.MissingMemberException', `'${runtimeTypeName(o)}' does not contain a property '${name}'.`);
          return {
            get: () => prop.get(o, this.info),
            set: (v) => {
              if (!prop.set) throw new CompileError('readOnly', `Property '${name}' of '${runtimeTypeName(o)}' cannot be assigned to: it is read only.`, target.nameSpan);
              prop.set(o, v, this.info);
            },
          };
        };
      }
      case 'index': {
        const obj = this.value(target.object, scope);
        const args = target.args.map((a) => this.value(a.value, scope));
        return (f) => {
          const o = obj(f);
          if (o === null || o === undefined) throw nullReference();
          const keys = args.map((a) => a(f));
          return { get: () => this.getIndexed(o, keys), set: (v) => this.setIndexed(o, keys, v) };
        };
      }
      default:
        return this.err('notAssignable', 'The left-hand side of an assignment must be a variable, property or indexer.', target.span);
    }
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): Compiled {
    const span = e.span;
    if (e.op === '&&' || e.op === '||') {
      const a = this.bool(e.left, scope);
      const b = this.bool(e.right, scope);
      return { run: e.op === '&&' ? (f) => a(f) && b(f) : (f) => a(f) || b(f), type: 'bool' };
    }
    const a = this.value(e.left, scope);
    const b = this.value(e.right, scope);
    const checkedOverflow = this.checked;
    switch (e.op) {
      case '??':
        return { run: (f) => {
          const l = a(f);
          return l === null || l === undefined ? b(f) : l;
        } };
      case '==':
        return { run: (f) => equals(a(f), b(f)), type: 'bool' };
      case '!=':
        return { run: (f) => !equals(a(f), b(f)), type: 'bool' };
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const op = e.op;
        return { run: this.at(span, (f) => {
          const l = a(f);
          const r = b(f);
          if (l === null || r === null || l === undefined || r === undefined) return false; // lifted comparison
          const c = compare(l, r);
          if (c === undefined) {
            if (isNumberLike(l) && isNumberLike(r)) return false; // NaN
            throw new DotNetException('System.InvalidOperationException', `Operator '${op}' cannot be applied to operands of type '${runtimeTypeName(l)}' and '${runtimeTypeName(r)}'.`);
          }
          return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
        }), type: 'bool' };
      }
      case '+':
        return { run: this.at(span, (f) => add(a(f), b(f), checkedOverflow, this.info)) };
      case '-':
      case '*':
      case '/':
      case '%': {
        const op = e.op;
        return { run: this.at(span, (f) => {
          const l = a(f);
          const r = b(f);
          if (l === null || r === null) return null; // lifted nullable arithmetic
          const res = arithmetic(op, l, r, checkedOverflow) ?? userOperator(op, l, r);
          if (res === undefined) throw new DotNetException('System.InvalidOperationException', `Operator '${op}' cannot be applied to operands of type '${runtimeTypeName(l)}' and '${runtimeTypeName(r)}'.`);
          return res;
        }) };
      }
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
      case '>>>': {
        const op = e.op;
        return { run: this.at(span, (f) => {
          const l = a(f);
          const r = b(f);
          const res = bitwise(op, l, r);
          if (res === undefined) throw new DotNetException('System.InvalidOperationException', `Operator '${op}' cannot be applied to operands of type '${runtimeTypeName(l)}' and '${runtimeTypeName(r)}'.`);
          return res;
        }) };
      }
      default:
        return assertNever(e.op as never);
    }
  }

  private assign(e: Extract<Expr, { kind: 'assign' }>, scope: Scope): Compiled {
    const ref = this.reference(e.target, scope);
    const value = this.value(e.value, scope);
    const checkedOverflow = this.checked;
    if (e.op === '=') {
      return { run: this.at(e.span, (f) => {
        const cell = ref(f);
        const v = value(f);
        cell.set(v);
        return v;
      }) };
    }
    if (e.op === '??=') {
      return { run: this.at(e.span, (f) => {
        const cell = ref(f);
        const cur = cell.get();
        if (cur !== null && cur !== undefined) return cur;
        const v = value(f);
        cell.set(v);
        return v;
      }) };
    }
    const op = e.op.slice(0, -1) as '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
    return { run: this.at(e.span, (f) => {
      const cell = ref(f);
      const cur = cell.get();
      const v = value(f);
      let next: unknown;
      if (op === '+') next = add(cur, v, checkedOverflow, this.info);
      else if (op === '-' || op === '*' || op === '/' || op === '%') next = arithmetic(op, cur, v, checkedOverflow);
      else next = bitwise(op, cur, v);
      if (next === undefined) throw new DotNetException('System.InvalidOperationException', `Operator '${e.op}' cannot be applied to operands of type '${runtimeTypeName(cur)}' and '${runtimeTypeName(v)}'.`);
      // Compound assignment converts back to the variable's type: byte b += 1 stays a byte.
      const target = primitiveName(cur);
      if (target && target !== 'string' && target !== 'bool' && primitiveName(next) !== target) next = makeNumber(target, numeric(next), checkedOverflow);
      cell.set(next);
      return next;
    }) };
  }

  private cast(e: Extract<Expr, { kind: 'cast' }>, scope: Scope): Compiled {
    const operand = this.expr(e.operand, scope);
    const run = operand.run;
    const r = this.resolveType(e.type);
    const fromObject = operand.type === 'object';
    const checkedOverflow = this.checked;
    if (r.array > 0) {
      return { run: this.at(e.span, (f) => {
        const v = run(f);
        if (v === null || Array.isArray(v)) return v;
        throw invalidCast(runtimeTypeName(v), `${r.def.fullName}[]`);
      }) };
    }
    return { run: this.at(e.span, (f) => {
      let v = run(f);
      if (v === SHORT) v = null;
      return castTo(v, r.def, r.nullable, checkedOverflow, fromObject);
    }), type: typeText(e.type) };
  }

  private newObject(e: Extract<Expr, { kind: 'new' }>, scope: Scope): Compiled {
    if (!e.type) return this.err('unsupported', 'Target-typed new() is not supported: write the type, as in new JObject().', e.span);
    const def = this.typeDefOf(e.type);
    if (def.notSimulated) {
      const span = e.span;
      return { run: () => { throw withSpan(notSimulated(def), span); }, type: typeText(e.type) };
    }
    const ctors = def.members.filter((m): m is ConstructorDef => m.kind === 'constructor');
    if (ctors.length === 0) return this.err('noConstructor', `The type '${def.alias ?? def.name}' cannot be created with new.`, e.type.span);
    const { values } = this.args(e.args, scope);
    const init = e.initializer ? this.initializer(e.initializer, scope) : undefined;
    const span = e.span;
    const typeArgs = def.typeArgs ?? [];
    return { run: this.at(span, (f) => {
      const args = values.map((v) => v(f));
      const chosen = chooseOverload(ctors, args);
      if (!chosen) throw noOverload(ctors.map((c) => ({ ...c, name: `new ${def.name}` })) as never, args);
      this.rt.step();
      const obj = chosen.create(bindArguments(chosen.params, args), { rt: this.rt, typeArgs });
      init?.(obj, f);
      return obj;
    }), type: typeText(e.type) };
  }

  private initializer(init: Initializer, scope: Scope): (obj: unknown, f: Frame) => void {
    switch (init.kind) {
      case 'object': {
        const members = init.members.map((m) => ({
          name: m.name,
          value: 'kind' in m.value && (m.value.kind === 'object' || m.value.kind === 'collection' || m.value.kind === 'indexed') ? undefined : this.value(m.value as Expr, scope),
          nested: 'kind' in m.value && (m.value.kind === 'object' || m.value.kind === 'collection' || m.value.kind === 'indexed') ? this.initializer(m.value as Initializer, scope) : undefined,
        }));
        return (obj, f) => {
          const def = typeOf(obj);
          for (const m of members) {
            const prop = def ? membersNamed(def, m.name).find((x): x is PropertyDef => x.kind === 'property') : undefined;
            if (!prop) throw new DotNetException('System.MissingMemberException', `'${runtimeTypeName(obj)}' has no property '${m.name}'.`);
            if (m.nested) m.nested(prop.get(obj, this.info), f);
            else if (prop.set && m.value) prop.set(obj, m.value(f), this.info);
            else throw new DotNetException('System.InvalidOperationException', `Property '${m.name}' is read only.`);
          }
        };
      }
      case 'collection': {
        const items = init.items.map((it) => (Array.isArray(it) ? (it as Expr[]).map((x) => this.value(x, scope)) : [this.value(it as Expr, scope)]));
        return (obj, f) => {
          const def = typeOf(obj);
          const adds = def ? membersNamed(def, 'Add').filter((m): m is MethodDef => m.kind === 'method') : [];
          for (const it of items) {
            const args = it.map((x) => x(f));
            const add = chooseOverload(adds, args);
            if (!add) throw new DotNetException('System.InvalidOperationException', `'${runtimeTypeName(obj)}' has no Add method for a collection initializer.`);
            add.call(obj, bindArguments(add.params, args), this.info);
          }
        };
      }
      case 'indexed': {
        const entries = init.entries.map((en) => ({ keys: en.keys.map((k) => this.value(k, scope)), value: this.value(en.value, scope) }));
        return (obj, f) => {
          for (const en of entries) this.setIndexed(obj, en.keys.map((k) => k(f)), en.value(f));
        };
      }
    }
  }

  private newArray(e: Extract<Expr, { kind: 'newArray' }>, scope: Scope): Compiled {
    const elements = e.elements?.map((x) => this.value(x, scope));
    const sizes = e.sizes.map((s) => this.value(s, scope));
    const elType = e.elementType ? this.resolveType(e.elementType) : undefined;
    const elName = e.elementType ? typeText(e.elementType) : undefined;
    const fill = elType ? defaultValue(elType) : null;
    return { run: this.at(e.span, (f) => {
      let arr: unknown[];
      if (elements) arr = elements.map((x) => (elName ? convertImplicit(x(f), elName) : x(f)));
      else {
        const n = toIndex(sizes[0]?.(f) ?? 0);
        if (n < 0) throw new DotNetException('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
        if (n > 10_000_000) throw new LimitExceeded('memory', `An array of ${n} elements is more than the simulator allows.`);
        arr = new Array(n).fill(fill);
      }
      const el = elType?.def ?? inferElementType(arr);
      if (el) Object.defineProperty(arr, 'elementType', { value: el, enumerable: false });
      return arr;
    }) };
  }

  private lambda(e: Extract<Expr, { kind: 'lambda' }>, scope: Scope): Compiled {
    const fn = new FunctionScope();
    const inner = new Scope(fn, scope);
    const slots = e.params.map((p) => ({ index: inner.declare(p.name, e.span, p.type ? typeText(p.type) : undefined), type: p.type ? typeText(p.type) : undefined }));
    let body: Thunk;
    if (e.body.kind === 'block') {
      const exec = this.stmt(e.body as Stmt, inner);
      body = (f) => {
        exec(f);
        return f.ret;
      };
    } else body = this.value(e.body as Expr, inner);
    const arity = e.params.length;
    const maxDepth = this.maxDepth;
    return { run: (outer) => new CsDelegate(arity, (args) => {
      this.rt.step();
      if (++this.depth > maxDepth) {
        this.depth = 0;
        throw new LimitExceeded('recursion', `Lambdas nested deeper than ${maxDepth} calls.`);
      }
      try {
        const vars = new Array(fn.count);
        for (let i = 0; i < slots.length; i++) {
          const s = slots[i] as { index: number; type?: string };
          vars[s.index] = s.type ? convertImplicit(args[i], s.type) : args[i];
        }
        return body({ vars, parent: outer });
      } finally {
        this.depth--;
      }
    }) };
  }

  /** A local function's delegate maker: parameters converted to their declared types, the result to the declared return type. */
  private localFunction(fn: Extract<Stmt, { kind: 'function' }>, scope: Scope): Thunk {
    for (const p of fn.params) this.resolveType(p.type);
    const returns = fn.returns ? typeText(fn.returns) : undefined;
    if (fn.returns) this.resolveType(fn.returns);
    const lambda = this.lambda({ kind: 'lambda', params: fn.params, body: fn.body, span: fn.span }, scope).run;
    if (!returns) return lambda;
    return (outer) => {
      const d = lambda(outer) as CsDelegate;
      return new CsDelegate(d.arity, (args) => convertDeclared(d.invoke(args), returns));
    };
  }

  private interpolated(e: Extract<Expr, { kind: 'interpolated' }>, scope: Scope): Compiled {
    const parts = e.parts.map((p) => {
      if (typeof p === 'string') return () => p;
      const v = this.value(p.expr, scope);
      const align = p.alignment ? this.value(p.alignment, scope) : undefined;
      const format = p.format;
      return (f: Frame) => {
        const s = formatValue(v(f), format, this.info);
        if (!align) return s;
        const w = Number(align(f));
        return w < 0 ? s.padEnd(-w) : s.padStart(w);
      };
    });
    return { run: this.at(e.span, (f) => {
      let out = '';
      for (const p of parts) out += p(f);
      return out;
    }), type: 'string' };
  }

  private switchExpr(e: Extract<Expr, { kind: 'switch' }>, scope: Scope): Compiled {
    const subject = this.value(e.subject, scope);
    const arms = e.arms.map((a) => {
      const s = scope.child();
      return { match: this.pattern(a.pattern, s), when: a.when ? this.bool(a.when, s) : undefined, value: this.value(a.value, s) };
    });
    return { run: this.at(e.span, (f) => {
      const v = subject(f);
      for (const a of arms) if (a.match(v, f) && (!a.when || a.when(f))) return a.value(f);
      throw new DotNetException('System.InvalidOperationException', `The switch expression does not handle the value '${toDisplayString(v)}'.`);
    }) };
  }

  // ---------------------------------------------------------------- patterns

  pattern(p: Pattern, scope: Scope): (v: unknown, f: Frame) => boolean {
    switch (p.kind) {
      case 'discard':
        return () => true;
      case 'var': {
        if (p.name === '_') return () => true;
        const w = this.writeSlot({ depth: 0, index: scope.declare(p.name, p.span) });
        return (v, f) => {
          w(f, v);
          return true;
        };
      }
      case 'constant': {
        // A bare name that is a type is a type pattern: `x is IResponse`.
        if (p.value.kind === 'name' && !scope.resolve(p.value.name) && findType(p.value.name)) {
          return this.pattern({ kind: 'type', type: { kind: 'named', name: p.value.name, args: [], span: p.value.span }, span: p.span }, scope);
        }
        const c = this.value(p.value, scope);
        return (v, f) => {
          const k = c(f);
          return k === null ? v === null || v === undefined : equals(v, k);
        };
      }
      case 'type': {
        const r = this.resolveType(p.type);
        const w = p.name ? this.writeSlot({ depth: 0, index: scope.declare(p.name, p.span, typeText(p.type)) }) : undefined;
        return (v, f) => {
          const ok = r.array > 0 ? Array.isArray(v) : isInstanceOf(v, r.def);
          if (ok && w) w(f, v);
          return ok;
        };
      }
      case 'relational': {
        const c = this.value(p.value, scope);
        const op = p.op;
        return (v, f) => {
          if (v === null || v === undefined) return false;
          const r = compare(v, c(f));
          if (r === undefined) return false;
          return op === '<' ? r < 0 : op === '>' ? r > 0 : op === '<=' ? r <= 0 : r >= 0;
        };
      }
      case 'not': {
        const inner = this.pattern(p.pattern, scope);
        return (v, f) => !inner(v, f);
      }
      case 'and': {
        const l = this.pattern(p.left, scope);
        const r = this.pattern(p.right, scope);
        return (v, f) => l(v, f) && r(v, f);
      }
      case 'or': {
        const l = this.pattern(p.left, scope);
        const r = this.pattern(p.right, scope);
        return (v, f) => l(v, f) || r(v, f);
      }
      case 'property': {
        const r = p.type ? this.resolveType(p.type) : undefined;
        const props = p.properties.map((x) => ({ name: x.name, match: this.pattern(x.pattern, scope) }));
        const w = p.name ? this.writeSlot({ depth: 0, index: scope.declare(p.name, p.span) }) : undefined;
        return (v, f) => {
          if (v === null || v === undefined) return false;
          if (r && !isInstanceOf(v, r.def)) return false;
          const def = typeOf(v);
          for (const x of props) {
            const prop = def ? membersNamed(def, x.name).find((m): m is PropertyDef => m.kind === 'property') : undefined;
            if (!prop || !x.match(prop.get(v, this.info), f)) return false;
          }
          if (w) w(f, v);
          return true;
        };
      }
    }
  }

  // ---------------------------------------------------------------- statements

  stmt(s: Stmt, scope: Scope): Exec {
    // The locals this statement sees, taken before it declares its own.
    const visible = s.kind === 'block' ? undefined : scope.visible();
    const inner = this.stmtInner(s, scope);
    // The debugger's seam: one property read per statement when no one listens.
    const exec: Exec = visible
      ? (f) => {
          const hook = this.rt.onStatement;
          if (hook)
            hook({
              span: s.span,
              kind: s.kind,
              locals: () => visible.map(([name, slot]) => [name, frameAt(f, slot.depth).vars[slot.index]]),
              // The debugger changes a local before its statement runs (a rerun to that statement).
              setLocal: (name, value) => {
                const slot = visible.find(([n]) => n === name)?.[1];
                if (!slot) return false;
                frameAt(f, slot.depth).vars[slot.index] = value;
                return true;
              },
            });
          return inner(f);
        }
      : inner;
    if (s.kind !== 'while' && s.kind !== 'do' && s.kind !== 'for' && s.kind !== 'foreach') return exec;
    // A runaway loop is reported at the loop.
    return (f) => {
      try {
        return exec(f);
      } catch (e) {
        if ((e instanceof LimitExceeded || e instanceof DotNetException) && !e.span) e.span = s.span;
        throw e;
      }
    };
  }

  private stmtInner(s: Stmt, scope: Scope): Exec {
    switch (s.kind) {
      case 'block': {
        const inner = scope.child();
        // Local functions can be called anywhere in their block, before their declaration too (and
        // recursively): their names are declared first, and their delegates made on entering the block.
        const functions = s.body.filter((x): x is Extract<Stmt, { kind: 'function' }> => x.kind === 'function');
        const slots = functions.map((fn) => inner.declare(fn.name, fn.nameSpan, 'Delegate'));
        const body = s.body.filter((x) => x.kind !== 'function').map((x) => this.stmt(x, inner));
        // Compiled after the block's statements: a local function captures the block's locals.
        const makers = functions.map((fn) => this.localFunction(fn, inner));
        return (f) => {
          for (let i = 0; i < makers.length; i++) f.vars[slots[i] as number] = (makers[i] as Thunk)(f);
          for (const b of body) {
            const c = b(f);
            if (c !== undefined) return c;
          }
          return undefined;
        };
      }
      case 'function':
        // A local function outside a block (the body of an if): C# refuses it as an embedded statement.
        return this.err('unsupported', 'A local function must be declared in a block.', s.span);
      case 'checked': {
        const saved = this.checked;
        this.checked = s.checked;
        try {
          return this.stmt(s.body, scope);
        } finally {
          this.checked = saved;
        }
      }
      case 'local': {
        const declared = s.type ? typeText(s.type) : undefined;
        if (s.type) this.resolveType(s.type); // unknown types fail at compile time
        const inits = s.declarators.map((d) => {
          const init = d.init ? this.expr(d.init, scope) : undefined;
          const index = scope.declare(d.name, d.span, declared ?? init?.type);
          return { index, init: init ? this.valueOf(init) : undefined };
        });
        return (f) => {
          for (const d of inits) f.vars[d.index] = d.init ? (declared ? convertDeclared(d.init(f), declared) : d.init(f)) : undefined;
          return undefined;
        };
      }
      case 'expr': {
        const e = this.value(s.expr, scope);
        return (f) => {
          e(f);
          return undefined;
        };
      }
      case 'if': {
        const test = this.bool(s.test, scope);
        const then = this.stmt(s.then, scope.child());
        const otherwise = s.otherwise ? this.stmt(s.otherwise, scope.child()) : undefined;
        return (f) => (test(f) ? then(f) : otherwise?.(f));
      }
      case 'while': {
        const test = this.bool(s.test, scope);
        const body = this.stmt(s.body, scope.child());
        return (f) => {
          while (test(f)) {
            this.rt.step();
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return c;
          }
          return undefined;
        };
      }
      case 'do': {
        const body = this.stmt(s.body, scope.child());
        const test = this.bool(s.test, scope);
        return (f) => {
          do {
            this.rt.step();
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return c;
          } while (test(f));
          return undefined;
        };
      }
      case 'for': {
        const inner = scope.child();
        const init = s.init.map((x) => this.stmt(x, inner));
        const test = s.test ? this.bool(s.test, inner) : () => true;
        const update = s.update.map((u) => this.value(u, inner));
        const body = this.stmt(s.body, inner.child());
        return (f) => {
          for (const i of init) i(f);
          while (test(f)) {
            this.rt.step();
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return c;
            for (const u of update) u(f);
          }
          return undefined;
        };
      }
      case 'foreach': {
        const iterable = this.value(s.iterable, scope);
        const inner = scope.child();
        const declared = s.type ? typeText(s.type) : undefined;
        const index = inner.declare(s.name, s.span, declared);
        const body = this.stmt(s.body, inner);
        return (f) => {
          const coll = iterable(f);
          if (coll === null || coll === undefined) throw withSpan(nullReference(), s.iterable.span);
          for (const item of iterate(coll)) {
            this.rt.step();
            f.vars[index] = declared && declared !== 'var' ? castForeach(item, declared, this) : item;
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return c;
          }
          return undefined;
        };
      }
      case 'break':
        return () => BREAK;
      case 'continue':
        return () => CONTINUE;
      case 'empty':
        return () => undefined;
      case 'return': {
        const v = s.value ? this.value(s.value, scope) : undefined;
        return (f) => {
          f.ret = v ? v(f) : undefined;
          return RETURN;
        };
      }
      case 'throw': {
        const v = s.value ? this.value(s.value, scope) : undefined;
        const span = s.span;
        return (f) => {
          if (!v) {
            const current = (f as Frame & { caught?: DotNetException }).caught;
            if (current) throw current;
            throw withSpan(new DotNetException('System.InvalidOperationException', 'throw; is only allowed inside catch.'), span);
          }
          throw withSpan(toException(v(f)), span);
        };
      }
      case 'try':
        return this.tryStmt(s, scope);
      case 'switch':
        return this.switchStmt(s, scope);
      case 'using': {
        const inner = scope.child();
        const res = this.stmt(s.resource, inner);
        // The resources to dispose: the variables declared, or the value of the expression.
        const resources: Thunk[] =
          s.resource.kind === 'local'
            ? s.resource.declarators.map((d) => this.valueOf(this.expr({ kind: 'name', name: d.name, span: d.span }, inner)))
            : [];
        const body = this.stmt(s.body, inner);
        return (f) => {
          res(f);
          try {
            return body(f);
          } finally {
            // As C# does: Dispose() in reverse order, skipping nulls.
            for (let i = resources.length - 1; i >= 0; i--) {
              const v = (resources[i] as Thunk)(f);
              const dispose = v === null || v === undefined ? undefined : membersNamed(typeOf(v) as TypeDef, 'Dispose').find((m): m is MethodDef => m.kind === 'method' && m.params.length === 0);
              dispose?.call(v, [], this.info);
            }
          }
        };
      }
      default:
        return assertNever(s);
    }
  }

  private valueOf(c: Compiled): Thunk {
    const r = c.run;
    return (f) => {
      const v = r(f);
      return v === SHORT ? null : v;
    };
  }

  private tryStmt(s: Extract<Stmt, { kind: 'try' }>, scope: Scope): Exec {
    const block = this.stmt(s.block, scope.child());
    const catches = s.catches.map((c) => {
      const inner = scope.child();
      const def = c.type ? this.resolveType(c.type).def : undefined;
      const index = c.name ? inner.declare(c.name, c.span, c.type ? typeText(c.type) : undefined) : undefined;
      return { fullName: def?.fullName ?? 'System.Exception', index, when: c.when ? this.bool(c.when, inner) : undefined, body: this.stmt(c.body, inner) };
    });
    const fin = s.finally ? this.stmt(s.finally, scope.child()) : undefined;
    return (f) => {
      try {
        return block(f);
      } catch (e) {
        if (!(e instanceof DotNetException)) throw e; // limits and internal errors are not catchable
        for (const c of catches) {
          if (!e.isA(c.fullName)) continue;
          if (c.index !== undefined) f.vars[c.index] = e;
          if (c.when && !c.when(f)) continue;
          const saved = (f as Frame & { caught?: DotNetException }).caught;
          (f as Frame & { caught?: DotNetException }).caught = e;
          try {
            return c.body(f);
          } finally {
            (f as Frame & { caught?: DotNetException }).caught = saved;
          }
        }
        throw e;
      } finally {
        if (fin) {
          const c = fin(f);
          if (c !== undefined) return c; // eslint-disable-line no-unsafe-finally
        }
      }
    };
  }

  private switchStmt(s: Extract<Stmt, { kind: 'switch' }>, scope: Scope): Exec {
    const subject = this.value(s.subject, scope);
    const inner = scope.child();
    const sections = s.sections.map((sec) => ({
      labels: sec.labels.map((l) => (l ? { match: this.pattern(l.pattern, inner), when: l.when ? this.bool(l.when, inner) : undefined } : undefined)),
      body: sec.body.map((b) => this.stmt(b, inner)),
    }));
    return (f) => {
      const v = subject(f);
      let chosen = sections.find((sec) => sec.labels.some((l) => l && l.match(v, f) && (!l.when || l.when(f))));
      chosen ??= sections.find((sec) => sec.labels.includes(undefined));
      if (!chosen) return undefined;
      for (const b of chosen.body) {
        const c = b(f);
        if (c === BREAK) return undefined;
        if (c !== undefined) return c;
      }
      return undefined;
    };
  }
}

// ------------------------------------------------------------------ helpers

function assertNever(x: never): never {
  throw new Error(`Unexpected node: ${JSON.stringify(x)}`);
}

function withSpan<E extends DotNetException>(e: E, span: Span): E {
  if (!e.span) e.span = span;
  return e;
}

export function typeText(t: TypeRef): string {
  switch (t.kind) {
    case 'named':
      return t.args.length ? `${t.name}<${t.args.map(typeText).join(', ')}>` : t.name;
    case 'array':
      return `${typeText(t.element)}[${','.repeat(t.rank - 1)}]`;
    case 'nullable':
      return `${typeText(t.inner)}?`;
  }
}

function qualifiedName(e: Expr): string | undefined {
  if (e.kind === 'name' && !e.typeArgs?.length) return e.name;
  if (e.kind === 'member' && !e.nullConditional) {
    const left = qualifiedName(e.object);
    return left ? `${left}.${e.name}` : undefined;
  }
  return undefined;
}

function toIndex(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Num && v.kind !== 'double' && v.kind !== 'float') return Number(v.value);
  if (v instanceof CsChar) return v.code;
  throw invalidCast(runtimeTypeName(v), 'System.Int32');
}

function numeric(v: unknown): number | bigint | Decimal {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal) return v;
  if (v instanceof Num) return v.value;
  if (v instanceof CsChar) return v.code;
  return 0;
}

function isNumberLike(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Num || v instanceof Decimal || v instanceof CsChar;
}

function argKind(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  const p = primitiveName(v);
  if (p) return p;
  return typeOf(v)?.fullName ?? 'object';
}

function defaultValue(r: { def: TypeDef; nullable: boolean; array: number }): unknown {
  if (r.array > 0 || r.nullable) return null;
  const p = primitiveOf(r.def);
  if (!p) {
    const ctor = r.def.members.find((m): m is ConstructorDef => m.kind === 'constructor' && m.params.length === 0);
    return ctor && r.def.fullName !== 'System.Object' && (r.def as { valueType?: boolean }).valueType ? ctor.create([], { rt: undefined as never, typeArgs: [] }) : null;
  }
  if (p === 'bool') return false;
  if (p === 'char') return CsChar.of(0);
  if (isNumericName(p)) return makeNumber(p, 0, false);
  return null;
}

function inferElementType(arr: unknown[]): TypeDef | undefined {
  let t: TypeDef | undefined;
  for (const x of arr) {
    const d = typeOf(x);
    if (!d) continue;
    if (t && t !== d) return typeByFullName('System.Object');
    t = d;
  }
  return t;
}

function castForeach(item: unknown, declared: string, c: Compiler): unknown {
  const def = findType(declared.replace(/\?$/, ''));
  if (!def) return item;
  return castTo(item, def, declared.endsWith('?'), false, false);
  void c;
}

function toException(v: unknown): DotNetException {
  if (v instanceof DotNetException) return v;
  if (v === null || v === undefined) return nullReference();
  return new DotNetException('System.InvalidCastException', `Only exceptions can be thrown, not '${runtimeTypeName(v)}'.`);
}

/** `+`: numeric addition, string concatenation, or DateTime/TimeSpan and delegate arithmetic. */
function add(l: unknown, r: unknown, checkedOverflow: boolean, info: CallInfo): unknown {
  // A user-defined operator beats string concatenation (XNamespace + "local" is an XName).
  if (l !== null && typeof l === 'object' && !primitiveName(l)) {
    const user = userOperator('+', l, r);
    if (user !== undefined) return user;
  }
  if (typeof l === 'string' || typeof r === 'string') {
    if (l instanceof CsChar && typeof r === 'string') return l.toString() + r;
    return toDisplayString(l, info) + toDisplayString(r, info);
  }
  if (l === null || r === null || l === undefined || r === undefined) return null;
  const res = arithmetic('+', l, r, checkedOverflow) ?? userOperator('+', l, r);
  if (res === undefined) throw new DotNetException('System.InvalidOperationException', `Operator '+' cannot be applied to operands of type '${runtimeTypeName(l)}' and '${runtimeTypeName(r)}'.`);
  return res;
}

/** Operators defined by types (DateTime - DateTime, DateTime + TimeSpan, ...): a static `op_*` member. */
function userOperator(op: string, l: unknown, r: unknown): unknown {
  const names: Record<string, string> = { '+': 'op_Addition', '-': 'op_Subtraction', '*': 'op_Multiply', '/': 'op_Division', '%': 'op_Modulus' };
  const name = names[op];
  if (!name) return undefined;
  for (const def of [typeOf(l), typeOf(r)]) {
    if (!def) continue;
    const m = chooseOverload(membersNamed(def, name).filter((x): x is MethodDef => x.kind === 'method' && !!x.static), [l, r]);
    if (m) return m.call(undefined, [l, r], { rt: undefined as never, typeArgs: [] });
  }
  return undefined;
}

function orderNamedArgs(methods: readonly MethodDef[], args: unknown[], names: (string | undefined)[], span: Span): unknown[] {
  // Named arguments map onto the first overload that has all the names.
  for (const m of methods) {
    const out: unknown[] = [];
    let ok = true;
    let positional = 0;
    for (let i = 0; i < args.length; i++) {
      const n = names[i];
      if (n === undefined) {
        out[positional++] = args[i];
        continue;
      }
      const at = m.params.findIndex((p) => p.name === n);
      if (at < 0) {
        ok = false;
        break;
      }
      out[at] = args[i];
    }
    if (!ok) continue;
    for (let i = 0; i < out.length; i++) if (!(i in out)) out[i] = undefined;
    return out;
  }
  throw withSpan(new DotNetException('System.ArgumentException', `No overload of '${methods[0]?.name}' has the parameters ${names.filter(Boolean).join(', ')}.`), span);
}

function noOverload(methods: readonly MethodDef[], args: readonly unknown[]): DotNetException {
  const name = methods[0]?.name ?? 'method';
  const sigs = methods.map((m) => `${m.name}(${m.params.map((p) => `${p.type} ${p.name}`).join(', ')})`).join('; ');
  return new DotNetException('System.ArgumentException', `No overload of '${name}' takes (${args.map((a) => (a === null ? 'null' : runtimeTypeName(a))).join(', ')}). Available: ${sigs}.`);
}

/** Whether control can reach the end of a statement (for "not all code paths return a value"). */
export function endReachable(s: Stmt): boolean {
  switch (s.kind) {
    case 'return':
    case 'throw':
      return false;
    case 'block': {
      for (const x of s.body) if (!endReachable(x)) return false;
      return true;
    }
    case 'if':
      return !s.otherwise || endReachable(s.then) || endReachable(s.otherwise);
    case 'try':
      if (s.finally && !endReachable(s.finally)) return false;
      return endReachable(s.block) || s.catches.some((c) => endReachable(c.body));
    case 'switch': {
      const hasDefault = s.sections.some((sec) => sec.labels.includes(undefined));
      if (!hasDefault) return true;
      return s.sections.some((sec) => sec.body.length === 0 || endReachable({ kind: 'block', body: sec.body, span: sec.span }) || containsBreak(sec.body));
    }
    case 'while':
    case 'do':
      return !(s.test.kind === 'literal' && s.test.value === true) || containsBreak([s.body]);
    case 'for':
      return (s.test !== undefined && !(s.test.kind === 'literal' && s.test.value === true)) || containsBreak([s.body]);
    case 'using':
    case 'checked':
      return endReachable(s.body);
    default:
      return true;
  }
}

function containsBreak(body: readonly Stmt[]): boolean {
  for (const s of body) {
    if (s.kind === 'break') return true;
    if (s.kind === 'block' && containsBreak(s.body)) return true;
    if (s.kind === 'checked' && containsBreak([s.body])) return true;
    if (s.kind === 'if' && (containsBreak([s.then]) || (s.otherwise && containsBreak([s.otherwise])))) return true;
    if (s.kind === 'try' && (containsBreak([s.block]) || s.catches.some((c) => containsBreak([c.body])))) return true;
  }
  return false;
}

/** Running a member of a type APIM allows but the simulator does not model. */
function notSimulated(def: TypeDef): DotNetException {
  return new DotNetException('System.NotSupportedException', `'${def.fullName}' is allowed by APIM but not simulated here: ${def.notSimulated ?? ''}`.trim());
}
