// .NET number formatting in the invariant culture: ToString() and ToString(format) for the
// integral types, double/float and decimal; standard formats (C D E F G N P R X) and custom
// ones ("0.00", "#,##0", "000"). https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings
// The gateway's culture is not documented; invariant is the likely one (unverified).

import { Decimal } from './decimal';
import { formatError } from './exceptions';

type NumberValue = { kind: 'integer'; value: bigint } | { kind: 'double'; value: number; float: boolean } | { kind: 'decimal'; value: Decimal };

/** Shortest round-trip text of a double, as .NET Core 3.0+ prints it (`1E+15`, `1E-05`, `0.1`). */
export function doubleToString(v: number, float = false): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expText] = (float ? shortestFloat(v) : v.toExponential()).split('e');
  const exp = Number(expText);
  const digits = (mant as string).replace('-', '').replace('.', '');
  const sign = v < 0 ? '-' : '';
  if (exp >= 15 || exp < -4) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return sign + placeDecimal(digits, exp);
}

function shortestFloat(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toExponential(p - 1);
    if (Math.fround(Number(s)) === v) return s;
  }
  return v.toExponential(8);
}

/** digits "12345" with exponent 2 → "123.45". */
function placeDecimal(digits: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Fixed-point text with `places` decimals; doubles round their exact binary value, decimals round half away from zero. */
function fixed(n: NumberValue, places: number): string {
  switch (n.kind) {
    case 'integer':
      return places > 0 ? `${n.value}.${'0'.repeat(places)}` : `${n.value}`;
    case 'double':
      if (!Number.isFinite(n.value)) return doubleToString(n.value);
      if (Math.abs(n.value) >= 1e21) return bigFixed(n.value, places);
      return n.value.toFixed(places);
    case 'decimal': {
      const r = n.value.round(places, 'AwayFromZero');
      const s = r.toString();
      const dot = s.indexOf('.');
      const have = dot < 0 ? 0 : s.length - dot - 1;
      return places === 0 ? s.split('.')[0] as string : dot < 0 ? `${s}.${'0'.repeat(places)}` : s + '0'.repeat(places - have);
    }
  }
}

function bigFixed(v: number, places: number): string {
  const int = BigInt(Math.trunc(v)).toString();
  return places > 0 ? `${int}.${'0'.repeat(places)}` : int;
}

function isNegative(n: NumberValue): boolean {
  return n.kind === 'integer' ? n.value < 0n : n.kind === 'double' ? n.value < 0 || Object.is(n.value, -0) : n.value.mantissa < 0n;
}

function general(n: NumberValue): string {
  return n.kind === 'integer' ? n.value.toString() : n.kind === 'double' ? doubleToString(n.value, n.float) : n.value.toString();
}

function exponential(n: NumberValue, places: number, upper: boolean, minExpDigits: number): string {
  const v = n.kind === 'integer' ? Number(n.value) : n.kind === 'double' ? n.value : n.value.toNumber();
  const [m, e] = v.toExponential(places).split('e');
  const exp = Number(e);
  return `${m}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(minExpDigits, '0')}`;
}

/** Formats a numeric runtime value; `format` is a standard or custom .NET format string. */
export function formatNumber(n: NumberValue, format?: string): string {
  if (!format) return general(n);
  const std = /^([A-Za-z])(\d{0,9})$/.exec(format);
  if (!std) return customFormat(n, format);
  const letter = std[1] as string;
  const precision = std[2] === '' ? undefined : Number(std[2]);
  switch (letter.toUpperCase()) {
    case 'D': {
      if (n.kind !== 'integer') throw formatError('Format specifier was invalid.');
      const neg = n.value < 0n;
      const digits = (neg ? -n.value : n.value).toString().padStart(precision ?? 0, '0');
      return neg ? `-${digits}` : digits;
    }
    case 'X': {
      if (n.kind !== 'integer') throw formatError('Format specifier was invalid.');
      const v = n.value < 0n ? BigInt.asUintN(n.value >= -2147483648n ? 32 : 64, n.value) : n.value;
      const hex = v.toString(16).padStart(precision ?? 0, '0');
      return letter === 'X' ? hex.toUpperCase() : hex;
    }
    case 'F':
      return fixed(n, precision ?? 2);
    case 'N': {
      const s = fixed(n, precision ?? 2);
      const neg = s.startsWith('-');
      const [i, f] = (neg ? s.slice(1) : s).split('.');
      return `${neg ? '-' : ''}${groupThousands(i as string)}${f !== undefined ? `.${f}` : ''}`;
    }
    case 'P': {
      const scaled: NumberValue = n.kind === 'decimal' ? { kind: 'decimal', value: n.value.mul(Decimal.of(100n, 0)) } : { kind: 'double', value: (n.kind === 'integer' ? Number(n.value) : n.value) * 100, float: false };
      const s = formatNumber(scaled, `N${precision ?? 2}`);
      return `${s} %`;
    }
    case 'C': {
      const s = formatNumber(n, `N${precision ?? 2}`);
      return s.startsWith('-') ? `-¤${s.slice(1)}` : `¤${s}`;
    }
    case 'E':
      return exponential(n, precision ?? 6, letter === 'E', 3);
    case 'G': {
      if (precision === undefined || precision === 0) return general(n);
      const v = n.kind === 'integer' ? Number(n.value) : n.kind === 'double' ? n.value : n.value.toNumber();
      if (!Number.isFinite(v)) return doubleToString(v);
      if (v === 0) return isNegative(n) && n.kind === 'double' ? '-0' : '0';
      // The requested number of significant digits, exactly (G17 of 0.1 is 0.10000000000000001),
      // trailing zeros dropped; scientific when the exponent is at least the precision or -5 or below.
      const [mantissa, e] = Math.abs(v).toExponential(Math.min(precision, 100) - 1).split('e') as [string, string];
      const exp = Number(e);
      const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
      const sign = v < 0 ? '-' : '';
      if (exp >= precision || exp < -4) {
        const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        return `${sign}${m}${letter === 'G' ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
      }
      if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
      const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      return `${sign}${whole}${frac ? `.${frac}` : ''}`;
    }
    case 'R':
      return general(n);
    default:
      throw formatError('Format specifier was invalid.');
  }
}

/** Custom numeric format strings: 0 # . , % and literals, with `;` sections for negative and zero. */
function customFormat(n: NumberValue, format: string): string {
  const sections = splitSections(format);
  const neg = isNegative(n);
  let section = sections[0] as string;
  let abs: NumberValue = n;
  const zero = n.kind === 'integer' ? n.value === 0n : n.kind === 'double' ? n.value === 0 : n.value.isZero();
  if (zero && sections[2] !== undefined) section = sections[2];
  else if (neg && sections[1] !== undefined) section = sections[1];
  if (neg) abs = n.kind === 'integer' ? { kind: 'integer', value: -n.value } : n.kind === 'double' ? { ...n, value: -n.value } : { kind: 'decimal', value: n.value.neg() };
  const percent = section.includes('%');
  if (percent) abs = abs.kind === 'decimal' ? { kind: 'decimal', value: abs.value.mul(Decimal.of(100n, 0)) } : { kind: 'double', value: (abs.kind === 'integer' ? Number(abs.value) : abs.value) * 100, float: false };
  const dot = section.indexOf('.');
  const intPattern = (dot < 0 ? section : section.slice(0, dot)).replace(/[^0#,]/g, '');
  const fracPattern = dot < 0 ? '' : section.slice(dot + 1).replace(/[^0#]/g, '');
  const grouping = /[0#],+[0#]/.test(intPattern) || /,[0#]/.test(intPattern);
  const text = fixed(abs, fracPattern.length);
  let [intDigits, fracDigits = ''] = text.split('.');
  const minInt = (intPattern.match(/0/g) ?? []).length;
  intDigits = (intDigits as string).replace(/^0+(?=\d)/, '');
  if (intDigits === '0' && minInt === 0) intDigits = '';
  intDigits = intDigits.padStart(minInt, '0');
  const minFrac = fracPattern.lastIndexOf('0') + 1;
  fracDigits = fracDigits.replace(/0+$/, '').padEnd(minFrac, '0');
  const number = (grouping ? groupThousands(intDigits) : intDigits) + (fracDigits ? `.${fracDigits}` : '');
  // Put the number where the first digit placeholder was; keep other characters as literals.
  const first = section.search(/[0#]/);
  let last = -1;
  for (let i = section.length - 1; i >= 0; i--) if ('0#.,'.includes(section[i] as string)) { last = i; break; }
  const literal = (s: string): string => s.replace(/'([^']*)'|"([^"]*)"|\\(.)/g, (_m, a, b, c) => a ?? b ?? c);
  const before = first < 0 ? section : section.slice(0, first);
  const after = first < 0 ? '' : section.slice(last + 1);
  const sign = neg && sections[1] === undefined && !(zero) ? '-' : '';
  return sign + literal(before) + (first < 0 ? '' : number) + literal(after);
}

function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (c === '\\') {
      cur += c + (format[i + 1] ?? '');
      i++;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function integerValue(v: bigint): NumberValue {
  return { kind: 'integer', value: v };
}

export function doubleValue(v: number, float = false): NumberValue {
  return { kind: 'double', value: v, float };
}

export function decimalValue(v: Decimal): NumberValue {
  return { kind: 'decimal', value: v };
}
