// C# operators over runtime values: numeric promotion (int op int stays int, with unchecked
// wrap-around unless `checked`), string concatenation, equality and comparison, as specified in
// the C# language reference (Arithmetic, Comparison, Equality operators).

import { Decimal } from './decimal';
import { DotNetException, overflow } from './exceptions';
import { CsChar, EnumValue, Num, primitiveName, type PrimitiveName } from './values';
import { findType, makeNumber, runtimeTypeName, typeOf, membersNamed } from './typeSystem';
import { doubleToString } from './numberFormat';

/** The type binary numeric promotion gives two operands (C# spec §12.4.7.3). */
function promote(a: PrimitiveName, b: PrimitiveName): PrimitiveName | undefined {
  const numeric = (t: PrimitiveName): boolean => t !== 'string' && t !== 'bool';
  if (!numeric(a) || !numeric(b)) return undefined;
  if (a === 'decimal' || b === 'decimal') return a === 'double' || a === 'float' || b === 'double' || b === 'float' ? undefined : 'decimal';
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'float' || b === 'float') return 'float';
  if (a === 'ulong' || b === 'ulong') return a === 'sbyte' || a === 'short' || a === 'int' || a === 'long' || b === 'sbyte' || b === 'short' || b === 'int' || b === 'long' ? undefined : 'ulong';
  if (a === 'long' || b === 'long') return 'long';
  if ((a === 'uint' && (b === 'sbyte' || b === 'short' || b === 'int')) || (b === 'uint' && (a === 'sbyte' || a === 'short' || a === 'int'))) return 'long';
  if (a === 'uint' || b === 'uint') return 'uint';
  return 'int';
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Num) return Number(v.value);
  if (v instanceof CsChar) return v.code;
  if (v instanceof Decimal) return v.toNumber();
  return NaN;
}

function asBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Num) return typeof v.value === 'bigint' ? v.value : BigInt(Math.trunc(v.value));
  if (v instanceof CsChar) return BigInt(v.code);
  throw new Error('not an integer');
}

function asDecimal(v: unknown): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return Decimal.fromBigInt(v);
  return Decimal.fromNumber(asNumber(v));
}

const divideByZero = (): DotNetException => new DotNetException('System.DivideByZeroException', 'Attempted to divide by zero.');

/** Arithmetic on two numeric values; undefined when the operands are not both numeric. */
export function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: unknown, b: unknown, checkedOverflow: boolean): unknown {
  // Fast path: int op int.
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+': {
        const r = a + b;
        return r === (r | 0) ? r : wrapInt(r, checkedOverflow);
      }
      case '-': {
        const r = a - b;
        return r === (r | 0) ? r : wrapInt(r, checkedOverflow);
      }
      case '*': {
        const r = a * b;
        if (r === (r | 0)) return r | 0; // | 0: an int is never -0 (0 * -1)
        return Number.isSafeInteger(r) ? wrapInt(r, checkedOverflow) : makeNumber('int', BigInt(a) * BigInt(b), checkedOverflow);
      }
      case '/':
        if (b === 0) throw divideByZero();
        if (a === -2147483648 && b === -1) {
          if (checkedOverflow) throw overflow();
          return a;
        }
        return (a / b) | 0;
      case '%':
        if (b === 0) throw divideByZero();
        return b === -1 ? 0 : (a % b) | 0;
    }
  }
  const ta = primitiveName(a);
  const tb = primitiveName(b);
  if (!ta || !tb) return undefined;
  const t = promote(ta, tb);
  if (!t) return undefined;
  if (t === 'double' || t === 'float') {
    const x = asNumber(a);
    const y = asNumber(b);
    const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y;
    return new Num(t, t === 'float' ? Math.fround(r) : r);
  }
  if (t === 'decimal') {
    const x = asDecimal(a);
    const y = asDecimal(b);
    return op === '+' ? x.add(y) : op === '-' ? x.sub(y) : op === '*' ? x.mul(y) : op === '/' ? x.div(y) : x.mod(y);
  }
  const x = asBigInt(a);
  const y = asBigInt(b);
  if ((op === '/' || op === '%') && y === 0n) throw divideByZero();
  const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y;
  return makeNumber(t, r, checkedOverflow);
}

function wrapInt(r: number, checkedOverflow: boolean): number {
  if (checkedOverflow) throw overflow();
  return r | 0;
}

export function bitwise(op: '&' | '|' | '^' | '<<' | '>>' | '>>>', a: unknown, b: unknown): unknown {
  if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) {
    return op === '&' ? a && b : op === '|' ? a || b : a !== b;
  }
  // Flags enums: RegexOptions.IgnoreCase | RegexOptions.Multiline.
  if (a instanceof EnumValue && b instanceof EnumValue && a.enumType === b.enumType && (op === '&' || op === '|' || op === '^')) {
    return enumFromValue(a.enumType, op === '&' ? a.value & b.value : op === '|' ? a.value | b.value : a.value ^ b.value);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '>>>':
        return (a >>> b) | 0;
    }
  }
  const ta = primitiveName(a);
  const tb = primitiveName(b);
  if (!ta || !tb) return undefined;
  if (op === '<<' || op === '>>' || op === '>>>') {
    const shift = BigInt(Number(asBigInt(b)) & (ta === 'long' || ta === 'ulong' ? 63 : 31));
    const x = asBigInt(a);
    const t = ta === 'long' || ta === 'ulong' || ta === 'uint' ? ta : 'int';
    const bits = t === 'long' || t === 'ulong' ? 64 : 32;
    if (op === '<<') return makeNumber(t, BigInt.asIntN(bits, x << shift), false);
    if (op === '>>>') return makeNumber(t, BigInt.asUintN(bits, x) >> shift, false);
    return makeNumber(t, x >> shift, false);
  }
  const t = promote(ta, tb);
  if (!t || t === 'double' || t === 'float' || t === 'decimal') return undefined;
  const x = asBigInt(a);
  const y = asBigInt(b);
  return makeNumber(t, op === '&' ? x & y : op === '|' ? x | y : x ^ y, false);
}

/**
 * The enum value for a number, named as .NET's ToString names it: the member with that value, else
 * the flag members that make it up ("IgnoreCase, Multiline", ascending), else the number.
 */
export function enumFromValue(enumType: string, value: number): EnumValue {
  const members: EnumValue[] = [];
  for (const m of findType(enumType)?.members ?? []) {
    if (m.kind === 'property' && m.static) {
      const v = m.get(undefined, undefined as never);
      if (v instanceof EnumValue) members.push(v);
    }
  }
  const exact = members.find((m) => m.value === value);
  if (exact) return exact;
  const parts = members.filter((m) => m.value !== 0 && (value & m.value) === m.value).sort((x, y) => x.value - y.value);
  const covered = parts.reduce((acc, m) => acc | m.value, 0);
  return new EnumValue(enumType, covered === value && parts.length ? parts.map((m) => m.name).join(', ') : String(value), value);
}

/** C# `==` for two runtime values. */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const ta = primitiveName(a);
  const tb = primitiveName(b);
  if (ta && tb) {
    if (ta === 'string' || tb === 'string' || ta === 'bool' || tb === 'bool') return a === b;
    const t = promote(ta, tb);
    if (t === 'decimal') return asDecimal(a).equals(asDecimal(b));
    if (t === 'double' || t === 'float') return asNumber(a) === asNumber(b);
    if (t) return asBigInt(a) === asBigInt(b);
    return false;
  }
  // Value types and types with an == operator (DateTime, TimeSpan, Guid, ...) compare by value.
  const eq = (a as { equals?: (o: unknown) => boolean }).equals;
  if (typeof eq === 'function' && Object.getPrototypeOf(a) === Object.getPrototypeOf(b)) return eq.call(a, b);
  return false;
}

/** C# `<`, `>`, ... : -1/0/1, or undefined when the operands cannot be compared (NaN, non-numbers). */
export function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const ta = primitiveName(a);
  const tb = primitiveName(b);
  if (ta && tb) {
    const t = promote(ta, tb);
    if (!t) return undefined;
    if (t === 'decimal') return asDecimal(a).compare(asDecimal(b));
    if (t === 'double' || t === 'float') {
      const x = asNumber(a);
      const y = asNumber(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = asBigInt(a);
    const y = asBigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const cmp = (a as { compareTo?: (o: unknown) => number } | null)?.compareTo;
  if (typeof cmp === 'function' && b !== null && Object.getPrototypeOf(a) === Object.getPrototypeOf(b)) return cmp.call(a, b);
  return undefined;
}

/** Negation `-x`. */
export function negate(v: unknown, checkedOverflow: boolean): unknown {
  if (typeof v === 'number') {
    if (v === -2147483648) {
      if (checkedOverflow) throw overflow();
      return v;
    }
    return -v | 0;
  }
  if (typeof v === 'bigint') return makeNumber('long', -v, checkedOverflow);
  if (v instanceof Decimal) return v.neg();
  if (v instanceof Num) {
    if (v.kind === 'double' || v.kind === 'float') return new Num(v.kind, -Number(v.value));
    if (v.kind === 'uint') return -BigInt(v.value as number);
    if (v.kind === 'ulong') throw new DotNetException('System.InvalidOperationException', "Operator '-' cannot be applied to operand of type 'ulong'.");
    return -Number(v.value) | 0;
  }
  if (v instanceof CsChar) return -v.code | 0;
  return undefined;
}

/** `ToString()` of any value, as .NET prints it in the invariant culture. */
export function toDisplayString(v: unknown, info?: unknown): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'True' : 'False';
    default:
      break;
  }
  if (v instanceof Num) return v.kind === 'double' || v.kind === 'float' ? doubleToString(Number(v.value), v.kind === 'float') : String(v.value);
  if (v instanceof CsChar || v instanceof Decimal) return v.toString();
  const def = typeOf(v);
  if (def) {
    const own = membersNamed(def, 'ToString').find((m) => m.kind === 'method' && m.params.length === 0 && !m.static);
    if (own && own.kind === 'method') return String(own.call(v, [], info as never));
  }
  return runtimeTypeName(v);
}
