// The one description of the .NET runtime that expressions see: every type with its members,
// each declared once with its signature (C# text), a short doc and its implementation. The
// interpreter calls the implementations; the checker and the editor read signatures and docs.
// The `allowed` field mirrors APIM's allow-list (apim-policies.md §3.5).

import { CsChar, CsDelegate, EnumValue, Num, TYPE, primitiveName, type NumKind, type PrimitiveName } from './values';
import { Decimal } from './decimal';
import { DotNetException, invalidCast, overflow } from './exceptions';

/** Host services an implementation may need; injected so evaluation is deterministic in tests. */
export interface Runtime {
  now(): Date;
  random(): number;
  /** Counts a unit of work; throws LimitExceeded past the budget. */
  step(): void;
  readonly regexTimeoutMs: number;
  /**
   * Called before each statement of a `@{ … }` block runs, with its span and the C# locals in scope
   * (read when asked): the debugger's seam. Absent, statements cost one property read.
   */
  readonly onStatement?: (statement: StatementEvent) => void;
}

/** A statement about to run: where it is, and the locals visible to it (name, value). */
export interface StatementEvent {
  readonly span: import('../../common/span').Span;
  readonly kind: string;
  locals(): [string, unknown][];
  /** Sets a visible local before the statement runs; false when no local has that name. */
  setLocal(name: string, value: unknown): boolean;
}

export interface CallInfo {
  readonly rt: Runtime;
  /** Generic type arguments, resolved: `As<JObject>()` gives [JObject's TypeDef]. */
  readonly typeArgs: readonly TypeDef[];
}

export interface ParamDef {
  readonly name: string;
  /** C# type text: `string`, `int`, `Func<T, bool>`, `params object[]`. */
  readonly type: string;
  readonly optional?: boolean;
  readonly out?: boolean;
}

export interface MethodDef extends Listed {
  readonly kind: 'method';
  readonly name: string;
  readonly static?: boolean;
  readonly params: readonly ParamDef[];
  readonly returns: string;
  readonly typeParams?: readonly string[];
  readonly doc: string;
  /** `self` is undefined for static methods; `out` parameters arrive as RefCell. */
  readonly call: (self: any, args: any, info: CallInfo) => unknown;
}

export interface PropertyDef extends Listed {
  readonly kind: 'property';
  readonly name: string;
  readonly static?: boolean;
  readonly type: string;
  readonly doc: string;
  readonly get: (self: any, info: CallInfo) => unknown;
  readonly set?: (self: any, value: unknown, info: CallInfo) => void;
}

export interface IndexerDef extends Listed {
  readonly kind: 'indexer';
  readonly params: readonly ParamDef[];
  readonly type: string;
  readonly doc: string;
  readonly get: (self: any, args: any, info: CallInfo) => unknown;
  readonly set?: (self: any, args: any, value: unknown, info: CallInfo) => void;
}

export interface ConstructorDef extends Listed {
  readonly kind: 'constructor';
  readonly params: readonly ParamDef[];
  readonly doc: string;
  readonly create: (args: any, info: CallInfo) => unknown;
}

export type MemberDef = MethodDef | PropertyDef | IndexerDef | ConstructorDef;

/**
 * A member declared from the .NET API listing (data/dotnet-api.json) because no builtin declares
 * it: known to the checker, typed by its signature, but not run by the simulator. Its declaring
 * type's full name, for messages.
 */
export interface Listed {
  readonly listed?: string;
}

export interface TypeDef {
  /** `System.String`, `System.Collections.Generic.List\`1`. */
  readonly fullName: string;
  /** `String`, `List`. */
  readonly name: string;
  /** C# keyword: `string`, `int`. */
  readonly alias?: string;
  readonly doc: string;
  readonly typeParams?: readonly string[];
  readonly base?: string;
  readonly interfaces?: readonly string[];
  /** APIM's allow-list: every member, or these member names only, or `model` for APIM's own context types. */
  readonly allowed: 'all' | 'model' | readonly string[];
  readonly members: MemberDef[];
  /** Whether a runtime value is an instance (for `is`, `as`, casts and overloads). */
  readonly isInstance: (v: unknown) => boolean;
  /** Generic instantiation, for `List<string>`; present on generic definitions. */
  readonly typeArgs?: readonly TypeDef[];
  /**
   * Set on types APIM allows but the simulator does not model yet: the checker warns instead of
   * reporting an unknown type, and running a member raises NotSupportedException with this text.
   */
  readonly notSimulated?: string;
}

const byFullName = new Map<string, TypeDef>();
const bySimpleName = new Map<string, TypeDef[]>();
let memberCache = new WeakMap<TypeDef, Map<string, MemberDef[]>>();

const foundTypes = new Map<string, TypeDef | undefined>();

/** Every namespace that holds a registered type, and each of its parents ("System", "System.Text"). */
const namespaces = new Set<string>();

export function defineType(def: TypeDef): TypeDef {
  foundTypes.clear();
  byFullName.set(def.fullName, def);
  for (let dot = def.fullName.lastIndexOf('.'); dot > 0; dot = def.fullName.lastIndexOf('.', dot - 1)) namespaces.add(def.fullName.slice(0, dot));
  const simple = def.name;
  bySimpleName.set(simple, [...(bySimpleName.get(simple) ?? []), def]);
  if (def.alias) bySimpleName.set(def.alias, [def]);
  return def;
}

/** Attaches a TypeDef to a JS class so its instances report their .NET type. */
export function bindClass(cls: { prototype: object }, def: TypeDef): void {
  Object.defineProperty(cls.prototype, TYPE, { value: def, enumerable: false });
}

/** Adds members to an existing type (extension methods, members declared in another module). */
export function extendType(fullName: string, members: MemberDef[]): void {
  const def = byFullName.get(fullName);
  if (!def) throw new Error(`Unknown type ${fullName}`);
  addMembers(def, members);
}

/** Adds members to a type; member look-ups cached so far (its own and its derived types') are dropped. */
export function addMembers(def: TypeDef, members: readonly MemberDef[]): void {
  def.members.push(...members);
  memberCache = new WeakMap();
  indexerCache = new WeakMap();
}

export function typeByFullName(fullName: string): TypeDef | undefined {
  return byFullName.get(fullName);
}

/** A type by the name written in an expression: alias, simple name or full name. */
export function findType(name: string, arity = 0): TypeDef | undefined {
  const key = arity === 0 ? name : `${name}/${arity}`;
  if (foundTypes.has(key)) return foundTypes.get(key);
  const found = findTypeUncached(name, arity);
  foundTypes.set(key, found);
  return found;
}

function findTypeUncached(name: string, arity: number): TypeDef | undefined {
  const full = byFullName.get(name) ?? byFullName.get(`${name}\`${arity}`);
  if (full) return full;
  const candidates = bySimpleName.get(name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name);
  if (!candidates) return undefined;
  return candidates.find((d) => (d.typeParams?.length ?? 0) === arity) ?? (arity === 0 ? candidates[0] : undefined);
}

export function allTypes(): TypeDef[] {
  return [...byFullName.values()];
}

/** Whether any registered type lives in this namespace (to resolve `System.Text.Encoding`). */
export function isNamespace(prefix: string): boolean {
  return namespaces.has(prefix);
}

/** Instantiates a generic type definition with arguments; the instance shares members. */
export function instantiate(def: TypeDef, args: readonly TypeDef[]): TypeDef {
  if (!def.typeParams || args.length === 0) return def;
  return { ...def, typeArgs: args };
}

const PRIMITIVE_FULL_NAMES: Record<PrimitiveName, string> = {
  int: 'System.Int32',
  long: 'System.Int64',
  bool: 'System.Boolean',
  string: 'System.String',
  char: 'System.Char',
  decimal: 'System.Decimal',
  double: 'System.Double',
  float: 'System.Single',
  uint: 'System.UInt32',
  ulong: 'System.UInt64',
  short: 'System.Int16',
  ushort: 'System.UInt16',
  byte: 'System.Byte',
  sbyte: 'System.SByte',
};

/** The TypeDef of a runtime value; undefined for null. */
export function typeOf(v: unknown): TypeDef | undefined {
  if (v === null || v === undefined) return undefined;
  const prim = primitiveName(v);
  if (prim) return byFullName.get(PRIMITIVE_FULL_NAMES[prim]);
  if (Array.isArray(v)) return byFullName.get('System.Array');
  const def = (v as { [TYPE]?: TypeDef })[TYPE];
  if (def) return def;
  if (v instanceof CsDelegate) return byFullName.get('System.Delegate');
  return byFullName.get('System.Object');
}

/** `GetType().FullName` as .NET prints it; arrays as `System.String[]` when their element type is known. */
export function runtimeTypeName(v: unknown): string {
  if (Array.isArray(v)) {
    let el = (v as unknown[] & { elementType?: { fullName: string } }).elementType?.fullName;
    if (!el) {
      // Untagged arrays (from builtins): the common type of the elements, as C# would have inferred.
      const names = new Set(v.filter((x) => x !== null && x !== undefined).map((x) => runtimeTypeName(x)));
      el = names.size === 1 ? [...names][0] : 'System.Object';
    }
    return `${el}[]`;
  }
  const def = typeOf(v);
  if (!def) return 'null';
  if (def.typeArgs?.length) return `${def.fullName}[${def.typeArgs.map((a) => a.fullName).join(',')}]`;
  // A generic collection that knows its element type (new List<int>()): List`1[System.Int32], as .NET names it.
  const element = (v as { elementType?: TypeDef }).elementType;
  if (element && /`1$/.test(def.fullName)) return `${def.fullName}[${element.fullName}]`;
  return def.fullName;
}

/** All members named `name` of a type, its bases and its interfaces (extension methods live there). */
export function membersNamed(def: TypeDef, name: string): MemberDef[] {
  let cache = memberCache.get(def);
  if (!cache) {
    cache = new Map();
    memberCache.set(def, cache);
  }
  const hit = cache.get(name);
  if (hit) return hit;
  const out: MemberDef[] = [];
  const seen = new Set<string>();
  const visit = (d: TypeDef | undefined): void => {
    if (!d || seen.has(d.fullName)) return;
    seen.add(d.fullName);
    for (const m of d.members) if (m.kind !== 'indexer' && m.kind !== 'constructor' && m.name === name) out.push(m);
    visit(d.base ? byFullName.get(d.base) : d.fullName === 'System.Object' ? undefined : byFullName.get('System.Object'));
    for (const i of d.interfaces ?? []) visit(byFullName.get(i));
  };
  visit(byFullName.get(def.fullName) ?? def);
  cache.set(name, out);
  return out;
}

let indexerCache = new WeakMap<TypeDef, IndexerDef[]>();

export function indexersOf(def: TypeDef): IndexerDef[] {
  const hit = indexerCache.get(def);
  if (hit) return hit;
  const out: IndexerDef[] = [];
  const seen = new Set<string>();
  const visit = (d: TypeDef | undefined): void => {
    if (!d || seen.has(d.fullName)) return;
    seen.add(d.fullName);
    for (const m of d.members) if (m.kind === 'indexer') out.push(m);
    if (d.base) visit(byFullName.get(d.base));
    for (const i of d.interfaces ?? []) visit(byFullName.get(i));
  };
  visit(def);
  indexerCache.set(def, out);
  return out;
}

/** Whether the runtime type of `v` is `fullName` or derives from it or implements it. */
export function hasTypeInChain(v: unknown, fullName: string): boolean {
  const start = typeOf(v);
  const seen = new Set<string>();
  const visit = (d: TypeDef | undefined): boolean => {
    if (!d || seen.has(d.fullName)) return false;
    seen.add(d.fullName);
    if (d.fullName === fullName) return true;
    if (d.base && visit(byFullName.get(d.base))) return true;
    return (d.interfaces ?? []).some((i) => visit(byFullName.get(i)));
  };
  return visit(start);
}

/** Whether `v` is an instance of the type (or derives from it / implements it). */
export function isInstanceOf(v: unknown, def: TypeDef): boolean {
  if (v === null || v === undefined) return false;
  if (def.fullName === 'System.Object') return true;
  return def.isInstance(v);
}

// ------------------------------------------------------------------ numbers and conversions

const INTEGRAL_RANGES: Partial<Record<PrimitiveName, [bigint, bigint]>> = {
  sbyte: [-128n, 127n],
  byte: [0n, 255n],
  short: [-32768n, 32767n],
  ushort: [0n, 65535n],
  int: [-2147483648n, 2147483647n],
  uint: [0n, 4294967295n],
  long: [-9223372036854775808n, 9223372036854775807n],
  ulong: [0n, 18446744073709551615n],
  char: [0n, 65535n],
};

/** The numeric value as a JS number (doubles, ints) or bigint (long, ulong), or a Decimal. */
export function numericValue(v: unknown): number | bigint | Decimal | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof Num) return v.value;
  if (v instanceof Decimal) return v;
  if (v instanceof CsChar) return v.code;
  return undefined;
}

export function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Num || v instanceof Decimal;
}

/** Makes a runtime value of numeric type `to` from a mathematical value, wrapping integers (unchecked) or throwing (checked). */
export function makeNumber(to: PrimitiveName, value: number | bigint | Decimal, checkedOverflow: boolean): unknown {
  if (to === 'decimal') {
    if (value instanceof Decimal) return value;
    return typeof value === 'bigint' ? Decimal.fromBigInt(value) : Decimal.fromNumber(value);
  }
  if (to === 'double' || to === 'float') {
    const n = value instanceof Decimal ? value.toNumber() : Number(value);
    return new Num(to, to === 'float' ? Math.fround(n) : n);
  }
  const range = INTEGRAL_RANGES[to];
  if (!range) throw new Error(`not a numeric type: ${to}`);
  let big: bigint;
  const [min, max] = range;
  if (value instanceof Decimal) big = value.truncate();
  else if (typeof value === 'bigint') big = value;
  else {
    const t = Math.trunc(value);
    if (!Number.isFinite(t) || t < Number(min) || t > Number(max)) {
      if (checkedOverflow) throw overflow();
      // Unchecked double → integer out of range is unspecified in C#. x64 .NET (Framework and
      // up to .NET 8) yields the "integer indefinite" value, MinValue, for int and long; .NET 9
      // saturates instead. Unverified which the gateway runs; we follow x64 .NET 8.
      if (to === 'long') return -9223372036854775808n;
      big = to === 'int' || !Number.isFinite(t) ? -2147483648n : BigInt(t);
    } else big = BigInt(t);
  }
  if (big < min || big > max) {
    if (checkedOverflow || value instanceof Decimal) throw overflow(value instanceof Decimal ? 'Value was either too large or too small for an Int32.' : undefined);
    const bits = to === 'long' || to === 'ulong' ? 64 : to === 'int' || to === 'uint' ? 32 : to === 'short' || to === 'ushort' || to === 'char' ? 16 : 8;
    big = to === 'uint' || to === 'ulong' || to === 'ushort' || to === 'byte' || to === 'char' ? BigInt.asUintN(bits, big) : BigInt.asIntN(bits, big);
  }
  switch (to) {
    case 'int':
      return Number(big);
    case 'long':
      return big;
    case 'ulong':
      return new Num('ulong', big);
    case 'char':
      return CsChar.of(Number(big));
    default:
      return new Num(to as NumKind, Number(big));
  }
}

/** C#'s implicit numeric conversions (from → to), e.g. int → long, double, decimal. */
const IMPLICIT: Record<string, readonly PrimitiveName[]> = {
  sbyte: ['short', 'int', 'long', 'float', 'double', 'decimal'],
  byte: ['short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float', 'double', 'decimal'],
  short: ['int', 'long', 'float', 'double', 'decimal'],
  ushort: ['int', 'uint', 'long', 'ulong', 'float', 'double', 'decimal'],
  int: ['long', 'float', 'double', 'decimal'],
  uint: ['long', 'ulong', 'float', 'double', 'decimal'],
  long: ['float', 'double', 'decimal'],
  ulong: ['float', 'double', 'decimal'],
  char: ['ushort', 'int', 'uint', 'long', 'ulong', 'float', 'double', 'decimal'],
  float: ['double'],
};

export function hasImplicitNumericConversion(from: PrimitiveName, to: PrimitiveName): boolean {
  return from === to || (IMPLICIT[from]?.includes(to) ?? false);
}

const NUMERIC_NAMES = new Set<string>(['int', 'long', 'double', 'float', 'decimal', 'uint', 'ulong', 'short', 'ushort', 'byte', 'sbyte']);

export function isNumericName(name: string): name is PrimitiveName {
  return NUMERIC_NAMES.has(name);
}

/** The C# alias of a TypeDef for primitives (`System.Int32` → `int`). */
export function primitiveOf(def: TypeDef | undefined): PrimitiveName | undefined {
  const alias = def?.alias;
  return alias && (alias in PRIMITIVE_FULL_NAMES) ? (alias as PrimitiveName) : undefined;
}

/**
 * An explicit cast `(T)v`. Numeric to numeric converts (truncating, wrapping unless checked);
 * `fromObject` says the operand's static type is object (an unboxing, which .NET only allows to
 * the exact type); reference types must be instances.
 */
export function castTo(v: unknown, def: TypeDef, nullable: boolean, checkedOverflow: boolean, fromObject: boolean): unknown {
  if (v === null || v === undefined) {
    if (!nullable && primitiveOf(def) && def.alias !== 'string') throw new DotNetException('System.NullReferenceException', 'Object reference not set to an instance of an object.');
    return null;
  }
  const to = primitiveOf(def);
  // Enums convert explicitly to and from their underlying integer: (int)DayOfWeek.Monday is 1.
  if (v instanceof EnumValue && to && to !== 'string' && to !== 'bool' && to !== 'char') {
    if (fromObject && to !== 'int') throw invalidCast(runtimeTypeName(v), def.fullName);
    return makeNumber(to, v.value, checkedOverflow);
  }
  if (!to && typeof v === 'number' && !fromObject && def.base === 'System.Enum') {
    const named = def.members.find((m): m is PropertyDef => m.kind === 'property' && !!m.static && (m.get(undefined, undefined as never) as EnumValue | undefined)?.value === v);
    return named ? named.get(undefined, undefined as never) : new EnumValue(def.fullName, String(v), v);
  }
  const from = primitiveName(v);
  if (to && from && to !== 'string' && to !== 'bool' && from !== 'string' && from !== 'bool') {
    if (fromObject && to !== from) throw invalidCast(runtimeTypeName(v), def.fullName);
    const num = numericValue(v);
    if (num === undefined) throw invalidCast(runtimeTypeName(v), def.fullName);
    return makeNumber(to, num, checkedOverflow);
  }
  if (isInstanceOf(v, def)) return v;
  // User-defined explicit conversions we model: JToken → primitives (Newtonsoft defines them).
  const conv = explicitConversions.get(def.fullName);
  if (conv) {
    const r = conv(v);
    if (r !== NO_CONVERSION) return r;
  }
  throw invalidCast(runtimeTypeName(v), def.fullName);
}

export const NO_CONVERSION = Symbol('noConversion');
const explicitConversions = new Map<string, (v: unknown) => unknown>();

const implicitConversions = new Map<string, (v: unknown) => unknown>();

/**
 * Registers a user-defined implicit conversion to `toFullName`, such as string → XName or
 * string → XNamespace; `convert` returns NO_CONVERSION when it does not apply.
 */
export function registerImplicitConversion(toFullName: string, convert: (v: unknown) => unknown): void {
  implicitConversions.set(toFullName, convert);
}

function userImplicit(v: unknown, toFullName: string | undefined): unknown {
  const conv = toFullName ? implicitConversions.get(toFullName) : undefined;
  return conv ? conv(v) : NO_CONVERSION;
}

/** Registers an explicit conversion to `toFullName` (as Newtonsoft's `(string)jtoken`). */
export function registerExplicitConversion(toFullName: string, convert: (v: unknown) => unknown): void {
  const prev = explicitConversions.get(toFullName);
  explicitConversions.set(toFullName, (v) => {
    const r = convert(v);
    return r === NO_CONVERSION && prev ? prev(v) : r;
  });
}

/**
 * Conversion to a declared local's type (`byte b = 250;`, `double d = 1;`): C# only compiles these
 * when the value fits (constants) or converts implicitly, so converting numerically is safe here.
 */
export function convertDeclared(v: unknown, to: string): unknown {
  if (v === null || v === undefined) return null;
  const name = to.endsWith('?') ? to.slice(0, -1) : to;
  if (!isNumericName(name) && name !== 'char') {
    const converted = userImplicit(v, findType(name)?.fullName);
    return converted === NO_CONVERSION ? v : converted;
  }
  const from = primitiveName(v);
  if (!from || from === name || from === 'string' || from === 'bool') return v;
  const num = numericValue(v);
  return num === undefined ? v : makeNumber(name as PrimitiveName, num, false);
}

/** Implicit conversion of an argument or assignment to a declared type; returns the value as-is otherwise. */
export function convertImplicit(v: unknown, to: string): unknown {
  if (v === null || v === undefined) return null;
  if (!isNumericName(to) && to !== 'char') {
    if (implicitConversions.size === 0 || !/^[A-Z]/.test(to)) return v;
    const def = findType(to.replace(/<.*$/, ''));
    if (!def || def.isInstance(v)) return v;
    const converted = userImplicit(v, def.fullName);
    return converted === NO_CONVERSION ? v : converted;
  }
  const from = primitiveName(v);
  if (!from || from === to) return v;
  if (hasImplicitNumericConversion(from, to)) {
    const num = numericValue(v);
    return num === undefined ? v : makeNumber(to, num, false);
  }
  return v;
}

// ------------------------------------------------------------------ member access

export class MemberNotFound extends Error {
  constructor(
    readonly typeName: string,
    readonly member: string,
  ) {
    super(`'${typeName}' does not contain a definition for '${member}'.`);
  }
}

/** Whether an argument value fits a parameter type (for overload resolution); higher is better, -1 is no. */
export function fit(param: string, v: unknown): number {
  const t = param.startsWith('params ') ? param.slice(7) : param;
  if (t === 'object' || /^T(\w*)?$/.test(t) || t === 'dynamic') return 1;
  if (v === null || v === undefined) return isNumericName(t) || t === 'bool' || t === 'char' ? -1 : 1;
  const prim = primitiveName(v);
  if (t === 'string') return prim === 'string' ? 3 : -1;
  if (t === 'bool') return prim === 'bool' ? 3 : -1;
  if (t === 'char') return prim === 'char' ? 3 : -1;
  if (isNumericName(t)) {
    if (!prim || prim === 'string' || prim === 'bool') return -1;
    if (prim === t) return 3;
    if (hasImplicitNumericConversion(prim, t)) return 2 - numericRank(t) / 100;
    // C#'s implicit constant conversion: an int constant that fits may be passed as byte, short, …
    // (new Guid(1, 2, 3, 4, …)). The value's being a constant is not known here; the checker and the
    // compiler take literal arguments only, so this is the last resort, scored below every real fit.
    return prim === 'int' && fitsIntegral(t, Number(v)) ? 0.25 : -1;
  }
  if (t.endsWith('[]')) return Array.isArray(v) ? arrayElementFit(t.slice(0, -2), v) : -1;
  if (/^(Func|Action|Predicate|Comparison)\b/.test(t)) return v instanceof CsDelegate ? 2 : -1;
  const generic = /^([\w.]+)(?:<(.*)>)?$/.exec(t);
  if (generic) {
    const def = findType(generic[1] as string, generic[2] ? generic[2].split(',').length : 0) ?? findType(generic[1] as string);
    if (def) {
      if (isInstanceOf(v, def) || hasTypeInChain(v, def.fullName)) return 2;
      return userImplicit(v, def.fullName) !== NO_CONVERSION ? 1.5 : -1;
    }
  }
  return 0.5;
}

/** How well an array fits `E[]`: its tagged element type, else its first element, decides. */
function arrayElementFit(element: string, arr: unknown[]): number {
  if (element === 'object' || /^T(\w*)?$/.test(element)) return 2;
  const tagged = (arr as { elementType?: TypeDef }).elementType;
  if (tagged) {
    const primitive = (PRIMITIVE_FULL_NAMES as Record<string, string>)[element];
    const want = primitive ?? findType(element)?.fullName ?? element;
    if (tagged.fullName === want) return 2.5;
    return primitive ? -1 : 2; // a string[] is no char[]; other element types may be bases or interfaces
  }
  if (arr.length === 0) return 2;
  return fit(element, arr[0]) >= 0 ? 2 : -1;
}

function fitsIntegral(t: string, n: number): boolean {
  const r = INTEGRAL_RANGES[t as PrimitiveName];
  return !!r && Number.isInteger(n) && BigInt(n) >= r[0] && BigInt(n) <= r[1];
}

function numericRank(t: string): number {
  return ['short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float', 'double', 'decimal'].indexOf(t) + 1;
}

/** Picks the best overload for the runtime arguments; undefined when none fits. */
export function chooseOverload<T extends { params: readonly ParamDef[] }>(candidates: readonly T[], args: readonly unknown[]): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  for (const c of candidates) {
    const score = scoreOverload(c.params, args);
    // C#: on a tie, a non-generic method is better than a generic one.
    if (score > bestScore || (score === bestScore && best && isGenericMethod(best) && !isGenericMethod(c))) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore >= 0 ? best : undefined;
}

function isGenericMethod(c: object): boolean {
  return ((c as { typeParams?: readonly string[] }).typeParams?.length ?? 0) > 0;
}

function scoreOverload(params: readonly ParamDef[], args: readonly unknown[]): number {
  const last = params[params.length - 1];
  const isParams = last?.type.startsWith('params ') ?? false;
  const required = params.filter((p) => !p.optional && !p.type.startsWith('params ')).length;
  if (args.length < required) return -1;
  if (!isParams && args.length > params.length) return -1;
  let score = 0;
  for (let i = 0; i < args.length; i++) {
    const p = i < params.length ? (params[i] as ParamDef) : (last as ParamDef);
    let t = p.type;
    if (t.startsWith('params ')) {
      // `params T[]`: the caller may pass the array itself or the elements.
      const asArray = i === params.length - 1 && args.length === params.length && Array.isArray(args[i]);
      t = asArray ? t.slice(7) : t.slice(7, -2);
    }
    const f = p.out ? 1 : fit(t, args[i]);
    if (f < 0) return -1;
    score += f;
  }
  // Prefer overloads that use the arguments given over ones that fill in optional parameters.
  return score + 1 - Math.min(0.5, Math.max(0, params.length - args.length) * 0.01);
}

/** Converts arguments to the chosen overload's parameter types and packs `params` arrays. */
export function bindArguments(params: readonly ParamDef[], args: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as ParamDef;
    if (p.type.startsWith('params ')) {
      if (i === args.length - 1 && Array.isArray(args[i])) out.push(args[i]);
      else out.push(args.slice(i).map((a) => convertImplicit(a, p.type.slice(7, -2))));
      return out;
    }
    out.push(i < args.length ? (p.out ? args[i] : convertImplicit(args[i], p.type)) : undefined);
  }
  return out;
}
