// The numeric types (int, long, double, float, decimal and the small integers), bool, Math,
// Convert, BitConverter and Random, with .NET's parsing and rounding rules in the invariant
// culture. https://learn.microsoft.com/dotnet/api/system.int32.parse and siblings.

import { Decimal } from '../runtime/decimal';
import { dotnetProfile } from '../runtime/dotnetProfile';
import { DotNetException, argumentNull, formatError, invalidCast, overflow } from '../runtime/exceptions';
import { formatNumber } from '../runtime/numberFormat';
import { numberValueOf } from '../runtime/formatValue';
import { toDisplayString } from '../runtime/operators';
import { bindClass, makeNumber, numericValue, runtimeTypeName } from '../runtime/typeSystem';
import { CsChar, EnumValue, Num, double, primitiveName, type PrimitiveName } from '../runtime/values';
import { enumType } from './core';
import { ctor, method, prop, tryParseInto, type } from './define';
import type { MemberDef } from '../runtime/typeSystem';

enumType('System.MidpointRounding', ['ToEven', 'AwayFromZero', 'ToZero', 'ToNegativeInfinity', 'ToPositiveInfinity'], 'How Math.Round breaks ties: ToEven (banker’s rounding, the default) or AwayFromZero.');

/** Integer text: optional white space and sign, digits (NumberStyles.Integer). */
function parseInteger(s: unknown, to: PrimitiveName): unknown {
  if (s === null || s === undefined) throw argumentNull('s');
  const m = /^\s*([+-]?)(\d+)\s*$/.exec(s as string);
  if (!m) throw formatError(`The input string '${s as string}' was not in a correct format.`);
  const v = BigInt(`${m[1]}${m[2]}`);
  try {
    return makeNumber(to, v, true);
  } catch {
    throw overflow(`Value was either too large or too small for ${to === 'int' ? 'an Int32' : to === 'long' ? 'an Int64' : `a ${to}`}.`);
  }
}

/** Float text (NumberStyles.Float | AllowThousands): "1,234.5", "1e3", "-0.5", "NaN", "Infinity". */
function parseFloatText(s: unknown): number {
  if (s === null || s === undefined) throw argumentNull('s');
  const t = (s as string).trim();
  if (t === 'NaN') return NaN;
  if (/^[+]?(Infinity|∞)$/.test(t)) return Infinity;
  if (/^-(Infinity|∞)$/.test(t)) return -Infinity;
  // AllowThousands: a group separator may follow any digit of the integer part ("7,2,1" is 721).
  if (!/^[+-]?(\d[\d,]*)?(\.\d*)?([eE][+-]?\d+)?$/.test(t) || !/\d/.test(t.replace(/[eE].*$/, ''))) throw formatError(`The input string '${s as string}' was not in a correct format.`);
  const v = Number(t.replace(/,/g, ''));
  if (!Number.isFinite(v) && dotnetProfile().parseOverflow) throw overflow('Value was either too large or too small for a Double.');
  return v;
}

function parseDecimalText(s: unknown): Decimal {
  if (s === null || s === undefined) throw argumentNull('s');
  // NumberStyles.Number also allows the sign after the number ("5.4-").
  const trimmed = (s as string).trim().replace(/^(\d[\d,]*(?:\.\d*)?|\.\d+)\s*([+-])$/, '$2$1');
  // NumberStyles.Number: group separators after any digit of the integer part.
  const t = /^[+-]?\d[\d,]*(\.\d*)?$/.test(trimmed) ? trimmed.replace(/,/g, '') : trimmed;
  const d = /[eE]/.test(t) ? undefined : Decimal.parse(t);
  if (!d) throw formatError(`The input string '${s as string}' was not in a correct format.`);
  return d;
}

const tryParse = tryParseInto;

function numberMembers(alias: PrimitiveName, zero: unknown, parse: (s: unknown) => unknown, min: unknown, max: unknown): MemberDef[] {
  const T = alias;
  return [
    method(`static ${T} Parse(string s)`, `Parses ${T} text in the invariant culture; FormatException or OverflowException when it is not one.`, (_s, [s]) => parse(s)),
    method(`static bool TryParse(string s, out ${T} result)`, `Parses ${T} text; false (and result 0) when it is not one.`, (_s, [s, out]) => tryParse(() => parse(s), out, zero)),
    prop(`static ${T} MaxValue`, `The largest ${T}.`, () => max),
    prop(`static ${T} MinValue`, `The smallest ${T}.`, () => min),
    method('string ToString()', 'Invariant-culture text.', (self) => toDisplayString(self)),
    method('string ToString(string format)', 'Formats with a standard (N2, F0, D4, X, P) or custom ("0.00") format.', (self, [f]) => formatNumberValue(self, f)),
    method('string ToString(string format, object provider)', 'Formats with a format; the provider is ignored (invariant culture).', (self, [f]) => formatNumberValue(self, f)),
    method(`int CompareTo(${T} value)`, 'Orders two numbers.', (self, [o]) => {
      const a = numericValue(self);
      const b = numericValue(o);
      if (a instanceof Decimal || b instanceof Decimal) return Decimal.fromNumber(Number(a)).compare(b instanceof Decimal ? b : Decimal.fromNumber(Number(b)));
      return a! < b! ? -1 : a! > b! ? 1 : 0;
    }),
    method(`bool Equals(${T} obj)`, 'Whether two numbers are equal and of the same type (1.0m equals 1.00m).', (self, [o]) => {
      if (primitiveName(o) !== primitiveName(self)) return false;
      const a = numericValue(self);
      const b = numericValue(o);
      return a instanceof Decimal && b instanceof Decimal ? a.compare(b) === 0 : String(a) === String(b);
    }),
  ];
}

export function formatNumberValue(v: unknown, format: string | null): string {
  const n = numberValueOf(v);
  return n ? formatNumber(n, format ?? undefined) : toDisplayString(v);
}

const intLike = (alias: PrimitiveName, full: string, min: bigint, max: bigint, doc: string): void => {
  const mk = (b: bigint): unknown => makeNumber(alias, b, false);
  type({ fullName: full, alias, doc, valueType: true, isInstance: (v) => primitiveName(v) === alias, members: numberMembers(alias, mk(0n), (s) => parseInteger(s, alias), mk(min), mk(max)) });
};

intLike('int', 'System.Int32', -2147483648n, 2147483647n, 'A 32-bit integer. int / int is integer division; overflow wraps unless checked.');
intLike('long', 'System.Int64', -9223372036854775808n, 9223372036854775807n, 'A 64-bit integer: 5L.');
intLike('short', 'System.Int16', -32768n, 32767n, 'A 16-bit integer.');
intLike('ushort', 'System.UInt16', 0n, 65535n, 'An unsigned 16-bit integer.');
intLike('uint', 'System.UInt32', 0n, 4294967295n, 'An unsigned 32-bit integer: 5u.');
intLike('ulong', 'System.UInt64', 0n, 18446744073709551615n, 'An unsigned 64-bit integer: 5ul.');
intLike('byte', 'System.Byte', 0n, 255n, 'An unsigned 8-bit integer; byte[] holds binary data.');
intLike('sbyte', 'System.SByte', -128n, 127n, 'A signed 8-bit integer.');

const floatMembers = (alias: 'double' | 'float'): MemberDef[] => {
  const mk = (n: number): Num => new Num(alias, alias === 'float' ? Math.fround(n) : n);
  return [
    ...numberMembers(alias, mk(0), (s) => mk(parseFloatText(s)), mk(alias === 'float' ? -3.4028234663852886e38 : -Number.MAX_VALUE), mk(alias === 'float' ? 3.4028234663852886e38 : Number.MAX_VALUE)),
    prop(`static ${alias} NaN`, 'Not a number.', () => mk(NaN)),
    prop(`static ${alias} PositiveInfinity`, 'Positive infinity.', () => mk(Infinity)),
    prop(`static ${alias} NegativeInfinity`, 'Negative infinity.', () => mk(-Infinity)),
    prop(`static ${alias} Epsilon`, 'The smallest positive value.', () => mk(alias === 'float' ? 1.401298464324817e-45 : Number.MIN_VALUE)),
    method(`static bool IsNaN(${alias} d)`, 'Whether the value is NaN.', (_s, [d]) => Number.isNaN(Number(numericValue(d)))),
    method(`static bool IsInfinity(${alias} d)`, 'Whether the value is ±infinity.', (_s, [d]) => Math.abs(Number(numericValue(d))) === Infinity),
    method(`static bool IsFinite(${alias} d)`, 'Whether the value is neither NaN nor infinite.', (_s, [d]) => Number.isFinite(Number(numericValue(d)))),
  ];
};

type({ fullName: 'System.Double', alias: 'double', doc: 'A 64-bit floating-point number: 1.5, 1e3.', valueType: true, isInstance: (v) => v instanceof Num && v.kind === 'double', members: floatMembers('double') });
type({ fullName: 'System.Single', alias: 'float', doc: 'A 32-bit floating-point number: 1.5f.', valueType: true, isInstance: (v) => v instanceof Num && v.kind === 'float', members: floatMembers('float') });

const decMax = Decimal.of((1n << 96n) - 1n, 0);
type({
  fullName: 'System.Decimal',
  alias: 'decimal',
  doc: 'A base-10 number with up to 28 decimal places: 1.50m. Exact for money.',
  valueType: true,
  isInstance: (v) => v instanceof Decimal,
  members: [
    ...numberMembers('decimal', Decimal.Zero, parseDecimalText, decMax.neg(), decMax),
    prop('static decimal Zero', '0m.', () => Decimal.Zero),
    prop('static decimal One', '1m.', () => Decimal.One),
    method('static decimal Round(decimal d)', 'Rounds to an integer, half to even.', (_s, [d]: [Decimal]) => d.round(0)),
    method('static decimal Round(decimal d, int decimals)', 'Rounds to a number of places, half to even.', (_s, [d, n]: [Decimal, number]) => d.round(n)),
    method('static decimal Round(decimal d, int decimals, MidpointRounding mode)', 'Rounds with a tie rule.', (_s, [d, n, m]: [Decimal, number, EnumValue]) => d.round(n, m.name as never)),
    method('static decimal Truncate(decimal d)', 'The integer part.', (_s, [d]: [Decimal]) => d.round(0, 'ToZero')),
    method('static decimal Floor(decimal d)', 'Rounds down.', (_s, [d]: [Decimal]) => d.round(0, 'ToNegativeInfinity')),
    method('static decimal Ceiling(decimal d)', 'Rounds up.', (_s, [d]: [Decimal]) => d.round(0, 'ToPositiveInfinity')),
  ],
});

const BOOL_TRUE = /^\s*true\s*$/i;
const BOOL_FALSE = /^\s*false\s*$/i;
function parseBool(s: unknown): boolean {
  if (s === null || s === undefined) throw argumentNull('value');
  if (BOOL_TRUE.test(s as string)) return true;
  if (BOOL_FALSE.test(s as string)) return false;
  throw formatError(`String '${s as string}' was not recognized as a valid Boolean.`);
}

type({
  fullName: 'System.Boolean',
  alias: 'bool',
  doc: 'true or false. ToString() gives "True" or "False".',
  valueType: true,
  isInstance: (v) => typeof v === 'boolean',
  members: [
    method('static bool Parse(string value)', 'Parses "true" or "false" in any case.', (_s, [s]) => parseBool(s)),
    method('static bool TryParse(string value, out bool result)', 'Parses "true" or "false"; false when it is neither.', (_s, [s, out]) => tryParse(() => parseBool(s), out, false)),
    prop('static string TrueString', '"True".', () => 'True'),
    prop('static string FalseString', '"False".', () => 'False'),
    method('string ToString()', '"True" or "False".', (b: boolean) => (b ? 'True' : 'False')),
    method('bool Equals(bool obj)', 'Whether two booleans are equal.', (b: boolean, [o]) => b === o),
    method('int CompareTo(bool value)', 'false orders before true.', (b: boolean, [o]: [boolean]) => Number(b) - Number(o)),
  ],
});

// ------------------------------------------------------------------ Math

function kindOf(v: unknown): PrimitiveName {
  return primitiveName(v) ?? 'int';
}

function asNum(v: unknown): number {
  const n = numericValue(v);
  return n instanceof Decimal ? n.toNumber() : Number(n);
}

/** Rounds a double to `digits` places with a tie rule (Math.Round semantics on the double value). */
function roundDouble(x: number, digits: number, mode: string): number {
  // .NET leaves values of 1e16 and more alone: they have no fraction digits left to round.
  if (!Number.isFinite(x) || Math.abs(x) >= 1e16) return x;
  const p = 10 ** digits;
  const scaled = x * p;
  let r: number;
  switch (mode) {
    case 'AwayFromZero':
      r = Math.sign(scaled) * Math.round(Math.abs(scaled));
      break;
    case 'ToZero':
      r = Math.trunc(scaled);
      break;
    case 'ToNegativeInfinity':
      r = Math.floor(scaled);
      break;
    case 'ToPositiveInfinity':
      r = Math.ceil(scaled);
      break;
    default: {
      const f = Math.floor(scaled);
      const diff = scaled - f;
      r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    }
  }
  return r / p;
}

const dbl = (fn: (x: number) => number) => (_s: unknown, [x]: [unknown]) => double(fn(asNum(x)));

type({
  fullName: 'System.Math',
  doc: 'Mathematical functions. Math.Round rounds half to even unless told MidpointRounding.AwayFromZero.',
  members: [
    prop('static double PI', 'π.', () => double(Math.PI)),
    prop('static double E', 'e.', () => double(Math.E)),
    method('static T Abs(T value)', 'The absolute value (int, long, double or decimal).', (_s, [v]) => {
      if (v instanceof Decimal) return v.mantissa < 0n ? v.neg() : v;
      if (typeof v === 'number') {
        if (v === -2147483648) throw overflow('Negating the minimum value of a twos complement number is invalid.');
        return Math.abs(v);
      }
      if (typeof v === 'bigint') {
        if (v === -9223372036854775808n) throw overflow('Negating the minimum value of a twos complement number is invalid.');
        return v < 0n ? -v : v;
      }
      const k = kindOf(v);
      if ((k === 'short' && asNum(v) === -32768) || (k === 'sbyte' && asNum(v) === -128)) throw overflow('Negating the minimum value of a twos complement number is invalid.');
      return makeNumber(k, Math.abs(asNum(v)), false);
    }),
    method('static T Max(T a, T b)', 'The larger of two numbers.', (_s, [a, b]) => maxMin(a, b, true)),
    method('static T Min(T a, T b)', 'The smaller of two numbers.', (_s, [a, b]) => maxMin(a, b, false)),
    method('static double Round(double a)', 'Rounds to an integer, half to even.', (_s, [a]) => double(roundDouble(asNum(a), 0, 'ToEven'))),
    method('static double Round(double value, int digits)', 'Rounds to a number of places, half to even.', (_s, [a, n]) => double(roundDouble(asNum(a), n, 'ToEven'))),
    method('static double Round(double value, MidpointRounding mode)', 'Rounds to an integer with a tie rule.', (_s, [a, m]: [unknown, EnumValue]) => double(roundDouble(asNum(a), 0, m.name))),
    method('static double Round(double value, int digits, MidpointRounding mode)', 'Rounds with a tie rule.', (_s, [a, n, m]: [unknown, number, EnumValue]) => double(roundDouble(asNum(a), n, m.name))),
    method('static decimal Round(decimal d)', 'Rounds to an integer, half to even.', (_s, [d]: [Decimal]) => d.round(0)),
    method('static decimal Round(decimal d, int decimals)', 'Rounds to a number of places, half to even.', (_s, [d, n]: [Decimal, number]) => d.round(n)),
    method('static decimal Round(decimal d, MidpointRounding mode)', 'Rounds to an integer with a tie rule.', (_s, [d, m]: [Decimal, EnumValue]) => d.round(0, m.name as never)),
    method('static decimal Round(decimal d, int decimals, MidpointRounding mode)', 'Rounds with a tie rule.', (_s, [d, n, m]: [Decimal, number, EnumValue]) => d.round(n, m.name as never)),
    method('static double Floor(double d)', 'Rounds down.', dbl(Math.floor)),
    method('static decimal Floor(decimal d)', 'Rounds down.', (_s, [d]: [Decimal]) => d.round(0, 'ToNegativeInfinity')),
    method('static double Ceiling(double a)', 'Rounds up.', dbl(Math.ceil)),
    method('static decimal Ceiling(decimal d)', 'Rounds up.', (_s, [d]: [Decimal]) => d.round(0, 'ToPositiveInfinity')),
    method('static double Truncate(double d)', 'The integer part.', dbl(Math.trunc)),
    method('static decimal Truncate(decimal d)', 'The integer part.', (_s, [d]: [Decimal]) => d.round(0, 'ToZero')),
    method('static double Pow(double x, double y)', 'x to the power y.', (_s, [x, y]) => double(asNum(x) ** asNum(y))),
    method('static double Sqrt(double d)', 'The square root.', dbl(Math.sqrt)),
    method('static double Log(double d)', 'The natural logarithm.', dbl(Math.log)),
    method('static double Log(double a, double newBase)', 'The logarithm in a base.', (_s, [a, b]) => double(Math.log(asNum(a)) / Math.log(asNum(b)))),
    method('static double Log10(double d)', 'The base-10 logarithm.', dbl(Math.log10)),
    method('static double Log2(double d)', 'The base-2 logarithm.', dbl(Math.log2)),
    method('static double Exp(double d)', 'e to a power.', dbl(Math.exp)),
    method('static double Sin(double a)', 'Sine.', dbl(Math.sin)),
    method('static double Cos(double d)', 'Cosine.', dbl(Math.cos)),
    method('static double Tan(double a)', 'Tangent.', dbl(Math.tan)),
    method('static double Atan(double d)', 'Arctangent.', dbl(Math.atan)),
    method('static double Atan2(double y, double x)', 'The angle of a point.', (_s, [y, x]) => double(Math.atan2(asNum(y), asNum(x)))),
    method('static int Sign(T value)', '-1, 0 or 1.', (_s, [v]) => {
      const n = numericValue(v);
      if (n instanceof Decimal) return n.mantissa < 0n ? -1 : n.mantissa > 0n ? 1 : 0;
      if (typeof n === 'bigint') return n < 0n ? -1 : n > 0n ? 1 : 0;
      if (Number.isNaN(n)) throw new DotNetException('System.ArithmeticException', 'Function does not accept floating point Not-a-Number values.');
      return Math.sign(n as number) | 0;
    }),
    method('static T Clamp(T value, T min, T max)', 'The value limited to [min, max].', (_s, [v, lo, hi]) => maxMin(maxMin(v, lo, true), hi, false)),
  ],
});

function maxMin(a: unknown, b: unknown, max: boolean): unknown {
  const ka = kindOf(a);
  const kb = kindOf(b);
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na instanceof Decimal || nb instanceof Decimal) {
    const da = na instanceof Decimal ? na : Decimal.fromNumber(Number(na));
    const db = nb instanceof Decimal ? nb : Decimal.fromNumber(Number(nb));
    return (da.compare(db) >= 0) === max ? da : db;
  }
  const target: PrimitiveName = ka === kb ? ka : ka === 'double' || kb === 'double' || ka === 'float' || kb === 'float' ? 'double' : ka === 'long' || kb === 'long' ? 'long' : ka;
  if (target === 'double' || target === 'float') {
    const x = Number(na);
    const y = Number(nb);
    if (Number.isNaN(x) || Number.isNaN(y)) return new Num(target, NaN);
    // .NET Core 3.0+ follows IEEE 754:2019 (+0 is greater than -0); .NET Framework returned the
    // second argument when neither was greater.
    if (!dotnetProfile().ieeeMinMax) return new Num(target, (max ? x > y : x < y) ? x : y);
    return new Num(target, max ? Math.max(x, y) : Math.min(x, y));
  }
  const x = BigInt(na as number | bigint);
  const y = BigInt(nb as number | bigint);
  return makeNumber(target, (x >= y) === max ? x : y, false);
}

// ------------------------------------------------------------------ Convert

function toInteger(v: unknown, to: PrimitiveName): unknown {
  if (v === null || v === undefined) return makeNumber(to, 0, false);
  if (typeof v === 'string') return parseInteger(v, to);
  if (typeof v === 'boolean') return makeNumber(to, v ? 1 : 0, false);
  if (v instanceof CsChar) return makeNumber(to, v.code, true);
  const n = numericValue(v);
  if (n === undefined) throw invalidCast(runtimeTypeName(v), to);
  // Convert.ToInt32(double) rounds half to even, unlike a cast, which truncates.
  if (n instanceof Decimal) return makeNumber(to, n.round(0), true);
  if (typeof n === 'number' && !Number.isInteger(n)) return makeNumber(to, roundDouble(n, 0, 'ToEven'), true);
  return makeNumber(to, n, true);
}

function toDoubleValue(v: unknown): Num {
  if (v === null || v === undefined) return double(0);
  if (typeof v === 'string') return double(parseFloatText(v));
  if (typeof v === 'boolean') return double(v ? 1 : 0);
  const n = numericValue(v);
  if (n === undefined || v instanceof CsChar) throw invalidCast(runtimeTypeName(v), 'System.Double');
  return double(n instanceof Decimal ? n.toNumber() : Number(n));
}

function toDecimalValue(v: unknown): Decimal {
  if (v === null || v === undefined) return Decimal.Zero;
  if (typeof v === 'string') return parseDecimalText(v);
  if (typeof v === 'boolean') return v ? Decimal.One : Decimal.Zero;
  const n = numericValue(v);
  if (n === undefined || v instanceof CsChar) throw invalidCast(runtimeTypeName(v), 'System.Decimal');
  return n instanceof Decimal ? n : typeof n === 'bigint' ? Decimal.fromBigInt(n) : Decimal.fromNumber(n);
}

function toBool(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return parseBool(v);
  const n = numericValue(v);
  if (n === undefined || v instanceof CsChar) throw invalidCast(runtimeTypeName(v), 'System.Boolean');
  return n instanceof Decimal ? !n.isZero() : Number(n) !== 0;
}

const BYTE_CACHE: Num[] = Array.from({ length: 256 }, (_, i) => new Num('byte', i));

/** A byte[] as the interpreter holds it: an array of cached byte values. */
export function byteArray(bytes: Uint8Array): unknown[] {
  const arr: unknown[] = new Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) arr[i] = BYTE_CACHE[bytes[i] as number];
  Object.defineProperty(arr, 'elementType', { value: { fullName: 'System.Byte' }, enumerable: false });
  return arr;
}

export function toBytes(arr: unknown): Uint8Array {
  if (arr === null || arr === undefined) throw argumentNull('bytes');
  const list = arr as unknown[];
  const out = new Uint8Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    out[i] = v instanceof Num ? Number(v.value) : typeof v === 'number' ? v : 0;
  }
  return out;
}

type({
  fullName: 'System.Convert',
  doc: 'Conversions between base types, and Base64. Convert.ToInt32(2.5) is 2: it rounds half to even.',
  members: [
    method('static int ToInt32(object value)', 'An int from text, a number (rounded half to even) or a bool.', (_s, [v]) => toInteger(v, 'int')),
    method('static int ToInt32(string value, int fromBase)', 'Parses text in base 2, 8, 10 or 16.', (_s, [v, b]) => (v === null ? 0 : makeNumber('int', BigInt.asIntN(32, BigInt(parseInt(v as string, b as number))), false))),
    method('static long ToInt64(object value)', 'A long from text, a number or a bool.', (_s, [v]) => toInteger(v, 'long')),
    method('static short ToInt16(object value)', 'A short from text, a number or a bool.', (_s, [v]) => toInteger(v, 'short')),
    method('static byte ToByte(object value)', 'A byte from text, a number or a bool.', (_s, [v]) => toInteger(v, 'byte')),
    method('static double ToDouble(object value)', 'A double from text (invariant culture), a number or a bool.', (_s, [v]) => toDoubleValue(v)),
    method('static decimal ToDecimal(object value)', 'A decimal from text, a number or a bool.', (_s, [v]) => toDecimalValue(v)),
    method('static bool ToBoolean(object value)', 'A bool from "true"/"false", or a number (non-zero is true).', (_s, [v]) => toBool(v)),
    method('static string ToString(object value)', 'The invariant-culture text of a value ("" for null).', (_s, [v]) => toDisplayString(v)),
    method('static string ToString(object value, object provider)', 'The text of a value; the provider is ignored.', (_s, [v]) => toDisplayString(v)),
    method('static string ToString(byte value, int toBase)', 'The value in base 2, 8, 10 or 16 (lowercase hex).', (_s, [v, b]) => inBase(v, b, 8)),
    method('static string ToString(short value, int toBase)', 'The value in base 2, 8, 10 or 16; negative values in two’s complement (16 bits) outside base 10.', (_s, [v, b]) => inBase(v, b, 16)),
    method('static string ToString(int value, int toBase)', 'The value in base 2, 8, 10 or 16; negative values in two’s complement (32 bits) outside base 10.', (_s, [v, b]) => inBase(v, b, 32)),
    method('static string ToString(long value, int toBase)', 'The value in base 2, 8, 10 or 16; negative values in two’s complement (64 bits) outside base 10.', (_s, [v, b]) => inBase(v, b, 64)),
    method('static char ToChar(object value)', 'A char from a one-character string or a number.', (_s, [v]) => {
      if (typeof v === 'string') {
        if (v.length !== 1) throw formatError('String must be exactly one character long.');
        return CsChar.of(v.charCodeAt(0));
      }
      return toInteger(v, 'char');
    }),
    method('static string ToBase64String(byte[] inArray)', 'Base64 text of bytes.', (_s, [b]) => Buffer.from(toBytes(b)).toString('base64')),
    method('static byte[] FromBase64String(string s)', 'Bytes from Base64 text; FormatException when it is not Base64.', (_s, [s]) => {
      if (s === null) throw argumentNull('s');
      const t = (s as string).replace(/[\s]/g, '');
      if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) throw formatError('The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.');
      return byteArray(new Uint8Array(Buffer.from(t, 'base64')));
    }),
    method('static string ToHexString(byte[] inArray)', 'Uppercase hex digits of bytes.', (_s, [b]) => Buffer.from(toBytes(b)).toString('hex').toUpperCase()),
    method('static byte[] FromHexString(string s)', 'Bytes from hex digits.', (_s, [s]) => {
      if (s === null) throw argumentNull('s');
      if ((s as string).length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s as string)) throw formatError('The input is not a valid hex string as its length is not a multiple of 2.');
      return byteArray(new Uint8Array(Buffer.from(s as string, 'hex')));
    }),
  ],
});

/** The little-endian bytes of a value of a primitive type, as BitConverter writes them. */
const BIT_LAYOUTS: Record<string, { size: number; write: (view: DataView, v: unknown) => void; read: (view: DataView) => unknown }> = {
  bool: { size: 1, write: (d, v) => d.setUint8(0, v ? 1 : 0), read: (d) => d.getUint8(0) !== 0 },
  char: { size: 2, write: (d, v) => d.setUint16(0, (v as CsChar).code, true), read: (d) => CsChar.of(d.getUint16(0, true)) },
  short: { size: 2, write: (d, v) => d.setInt16(0, Number(numericValue(v)), true), read: (d) => new Num('short', d.getInt16(0, true)) },
  ushort: { size: 2, write: (d, v) => d.setUint16(0, Number(numericValue(v)), true), read: (d) => new Num('ushort', d.getUint16(0, true)) },
  int: { size: 4, write: (d, v) => d.setInt32(0, Number(numericValue(v)), true), read: (d) => d.getInt32(0, true) },
  uint: { size: 4, write: (d, v) => d.setUint32(0, Number(numericValue(v)), true), read: (d) => new Num('uint', d.getUint32(0, true)) },
  long: { size: 8, write: (d, v) => d.setBigInt64(0, BigInt(numericValue(v) as bigint), true), read: (d) => d.getBigInt64(0, true) },
  ulong: { size: 8, write: (d, v) => d.setBigUint64(0, BigInt(numericValue(v) as bigint), true), read: (d) => new Num('ulong', d.getBigUint64(0, true)) },
  float: { size: 4, write: (d, v) => d.setFloat32(0, Number(numericValue(v)), true), read: (d) => new Num('float', d.getFloat32(0, true)) },
  double: { size: 8, write: (d, v) => (Number.isNaN(Number(numericValue(v))) ? d.setBigUint64(0, 0xfff8000000000000n, true) : d.setFloat64(0, Number(numericValue(v)), true)), read: (d) => double(d.getFloat64(0, true)) },
};

function getBytes(kind: string, v: unknown): unknown {
  const layout = BIT_LAYOUTS[kind] as (typeof BIT_LAYOUTS)[string];
  const view = new DataView(new ArrayBuffer(layout.size));
  layout.write(view, v);
  return byteArray(new Uint8Array(view.buffer));
}

/** BitConverter.ToX(value, startIndex): ArgumentNullException, ArgumentOutOfRangeException and ArgumentException as .NET checks them. */
function fromBytes(kind: string, b: unknown, start: unknown): unknown {
  if (b === null) throw argumentNull('value');
  const bytes = toBytes(b);
  const i = Number(start);
  const layout = BIT_LAYOUTS[kind] as (typeof BIT_LAYOUTS)[string];
  if (i < 0 || i >= bytes.length) throw new DotNetException('System.ArgumentOutOfRangeException', 'Index was out of range. Must be non-negative and less than the size of the collection.\nParameter name: startIndex');
  if (i + layout.size > bytes.length) throw new DotNetException('System.ArgumentException', 'Destination array is not long enough to copy all the items in the collection. Check array index and length.');
  return layout.read(new DataView(bytes.buffer, bytes.byteOffset + i, layout.size));
}

function hexPairs(b: unknown, start: unknown, length: unknown): string {
  if (b === null) throw argumentNull('value');
  const bytes = toBytes(b);
  const i = start === undefined ? 0 : Number(start);
  const n = length === undefined ? bytes.length - i : Number(length);
  if (i < 0 || (i >= bytes.length && i > 0)) throw new DotNetException('System.ArgumentOutOfRangeException', 'Index was out of range. Must be non-negative and less than the size of the collection.\nParameter name: startIndex');
  if (n < 0) throw new DotNetException('System.ArgumentOutOfRangeException', 'Value must be positive.\nParameter name: length');
  if (i + n > bytes.length) throw new DotNetException('System.ArgumentException', 'Destination array is not long enough to copy all the items in the collection. Check array index and length.');
  return [...bytes.subarray(i, i + n)].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join('-');
}

const BIT_NAMES: Record<string, string> = { bool: 'Boolean', char: 'Char', short: 'Int16', ushort: 'UInt16', int: 'Int32', uint: 'UInt32', long: 'Int64', ulong: 'UInt64', float: 'Single', double: 'Double' };

type({
  fullName: 'System.BitConverter',
  doc: 'Bytes to and from base types, little-endian; BitConverter.ToString(hash) gives "AB-CD-...".',
  members: [
    method('static string ToString(byte[] value)', 'Uppercase hex pairs joined by "-".', (_s, [b]) => hexPairs(b, undefined, undefined)),
    method('static string ToString(byte[] value, int startIndex)', 'Hex pairs of the bytes from startIndex on.', (_s, [b, i]) => hexPairs(b, i, undefined)),
    method('static string ToString(byte[] value, int startIndex, int length)', 'Hex pairs of length bytes from startIndex.', (_s, [b, i, n]) => hexPairs(b, i, n)),
    ...Object.entries(BIT_NAMES).flatMap(([kind, name]) => [
      method(`static byte[] GetBytes(${kind} value)`, `The ${BIT_LAYOUTS[kind]?.size} little-endian bytes of a ${kind}.`, (_s, [v]) => getBytes(kind, v)),
      method(`static ${kind} To${name}(byte[] value, int startIndex)`, `A ${kind} from its ${BIT_LAYOUTS[kind]?.size} little-endian bytes at startIndex.`, (_s, [b, i]) => fromBytes(kind, b, i)),
    ]),
    method('static long DoubleToInt64Bits(double value)', 'The 64 bits of a double as a long.', (_s, [v]) => {
      const x = Number(numericValue(v));
      // JavaScript does not keep NaN payloads: every NaN is .NET's double.NaN (0xFFF8000000000000).
      if (Number.isNaN(x)) return -2251799813685248n;
      const d = new DataView(new ArrayBuffer(8));
      d.setFloat64(0, x);
      return d.getBigInt64(0);
    }),
    method('static double Int64BitsToDouble(long value)', 'The double whose 64 bits are the long.', (_s, [v]) => {
      const d = new DataView(new ArrayBuffer(8));
      d.setBigInt64(0, BigInt(numericValue(v) as bigint));
      return double(d.getFloat64(0));
    }),
    method('static int SingleToInt32Bits(float value)', 'The 32 bits of a float as an int.', (_s, [v]) => {
      const d = new DataView(new ArrayBuffer(4));
      d.setFloat32(0, Number(numericValue(v)));
      return d.getInt32(0);
    }),
    method('static float Int32BitsToSingle(int value)', 'The float whose 32 bits are the int.', (_s, [v]) => {
      const d = new DataView(new ArrayBuffer(4));
      d.setInt32(0, Number(numericValue(v)));
      return new Num('float', d.getFloat32(0));
    }),
    prop('static bool IsLittleEndian', 'true.', () => true),
  ],
});

class CsRandom {
  constructor(readonly next: () => number) {}
}

bindClass(
  CsRandom,
  type({
    fullName: 'System.Random',
    doc: 'Pseudo-random numbers. The simulator injects its random source, so a scenario is repeatable.',
    isInstance: (v) => v instanceof CsRandom,
    members: [
      ctor('Random()', 'A generator from the injected random source.', (_a, info) => new CsRandom(() => info.rt.random())),
      ctor('Random(int Seed)', 'A generator with a seed (the simulator still uses its injected source).', (_a, info) => new CsRandom(() => info.rt.random())),
      method('int Next()', 'A non-negative int.', (self: CsRandom) => Math.floor(self.next() * 2147483647)),
      method('int Next(int maxValue)', 'An int in [0, maxValue).', (self: CsRandom, [max]) => Math.floor(self.next() * (max as number))),
      method('int Next(int minValue, int maxValue)', 'An int in [minValue, maxValue).', (self: CsRandom, [min, max]) => (min as number) + Math.floor(self.next() * ((max as number) - (min as number)))),
      method('double NextDouble()', 'A double in [0, 1).', (self: CsRandom) => double(self.next())),
    ],
  }),
);

/** Convert.ToString(value, toBase): base 10 signed, bases 2, 8 and 16 as the two's complement of the type's width. */
function inBase(value: unknown, toBase: unknown, bits: number): string {
  const base = Number(numericValue(toBase));
  if (base !== 2 && base !== 8 && base !== 10 && base !== 16) throw new DotNetException('System.ArgumentException', 'Invalid Base.');
  const v = BigInt(numericValue(value) as number | bigint);
  if (base === 10) return v.toString();
  const unsigned = v < 0n ? (1n << BigInt(bits)) + v : v;
  return unsigned.toString(base);
}
