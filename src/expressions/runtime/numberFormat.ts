// .NET number formatting in the invariant culture: ToString() and ToString(format) for the
// integral types, double/float and decimal; standard formats (C D E F G N P R X) and custom
// ones ("0.00", "#,##0", "000"). https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings
// The gateway's culture is not documented; invariant is the likely one (unverified).

import { Decimal } from './decimal';
import { dotnetProfile } from './dotnetProfile';
import { formatError } from './exceptions';

/** An integer knows its width in bits: X formats a negative value as that many bits' two's complement. */
type NumberValue = { kind: 'integer'; value: bigint; bits?: number } | { kind: 'double'; value: number; float: boolean } | { kind: 'decimal'; value: Decimal };

/** Shortest round-trip text of a double, as .NET Core 3.0+ prints it (`1E+15`, `1E-05`, `0.1`); the invariant culture's NaN and Infinity symbols. */
export function doubleToString(v: number, float = false): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  const framework = dotnetProfile().doubleText === 'g15';
  if (v === 0) return Object.is(v, -0) && !framework ? '-0' : '0';
  if (framework) return formatNumber({ kind: 'double', value: v, float }, float ? 'G7' : 'G15');
  const [mant, expText] = (float ? shortestFloat(v) : v.toExponential()).split('e');
  const exp = Number(expText);
  const digits = (mant as string).replace('-', '').replace('.', '');
  const sign = v < 0 ? '-' : '';
  // Number.Formatting's FormatGeneral with the shortest digits: scientific once the decimal point
  // would sit beyond max(digit count, 15) places (7 for float), or before -3 (1E+15, but
  // 9007199254740992 and 12345678901234568 in full; 0.0001, but 1E-05).
  if (exp + 1 > Math.max(digits.length, float ? 7 : 15) || exp < -4) {
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

// ------------------------------------------------------------------ exact digits

/** A non-negative value exactly: digits × 10^-scale (scale may be negative). */
type Exact = { digits: bigint; scale: number };

/** How a value is rounded to the digits a format asks for. */
type Rounding = 'even' | 'away';

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  return n < 64 ? (POW10[n] ??= 10n ** BigInt(n)) : 10n ** BigInt(n);
}

/** The exact decimal value of a finite double's magnitude: every double is m × 2^e. */
function exactDouble(v: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075;
  return e >= 0 ? { digits: m << BigInt(e), scale: 0 } : { digits: m * 5n ** BigInt(-e), scale: -e };
}

/** `precision`: the significant digits a G format asks for (Framework kept 17 beyond 15, 9 beyond 7). */
function exactOf(n: NumberValue, precision = 0): Exact {
  switch (n.kind) {
    case 'integer':
      return { digits: n.value < 0n ? -n.value : n.value, scale: 0 };
    case 'double': {
      const x = exactDouble(n.value);
      // .NET Framework formatted a double from its first 15 significant digits.
      if (dotnetProfile().doubleDigits !== 'g15' || x.digits === 0n) return x;
      const kept = n.float ? (precision > 7 ? 9 : 7) : precision > 15 ? 17 : 15;
      return toSignificant(x, kept, 'even');
    }
    case 'decimal':
      return { digits: n.value.mantissa < 0n ? -n.value.mantissa : n.value.mantissa, scale: n.value.scale };
  }
}

/**
 * .NET rounds a double to the digits a standard format asks for from its exact binary value,
 * ties to even (.NET Core 2.1 and later: 2.5.ToString("F0") is "2", 0.125.ToString("F2") is
 * "0.12"); a decimal, and the digits of a custom format, round half away from zero.
 */
function roundingOf(n: NumberValue): Rounding {
  return n.kind === 'double' && dotnetProfile().doubleDigits === 'exact' ? 'even' : 'away';
}

/** Whether a negative double keeps its minus sign when its digits round to zero (.NET Core 3.0+: "-0.00"). */
function signedZero(n: NumberValue): boolean {
  return n.kind === 'double' && dotnetProfile().doubleDigits === 'exact';
}

/** The value × 10^places, rounded to an integer. */
function roundAt(x: Exact, places: number, mode: Rounding): bigint {
  if (x.scale <= places) return x.digits * pow10(places - x.scale);
  const div = pow10(x.scale - places);
  let q = x.digits / div;
  const twice = (x.digits % div) * 2n;
  if (twice > div || (twice === div && (mode === 'away' || q % 2n === 1n))) q += 1n;
  return q;
}

/** The decimal exponent of the first significant digit (0 for zero). */
function exponentOf(x: Exact): number {
  return x.digits === 0n ? 0 : x.digits.toString().length - 1 - x.scale;
}

/** Rounded to `significant` significant digits. */
function toSignificant(x: Exact, significant: number, mode: Rounding): Exact {
  const places = significant - 1 - exponentOf(x);
  const digits = roundAt(x, places, mode);
  return { digits, scale: places };
}

/** "123.45": the magnitude with exactly `places` decimals. */
function fixedText(x: Exact, places: number, mode: Rounding): string {
  const q = roundAt(x, places, mode).toString().padStart(places + 1, '0');
  return places > 0 ? `${q.slice(0, -places)}.${q.slice(-places)}` : q;
}

function isNegative(n: NumberValue): boolean {
  return n.kind === 'integer' ? n.value < 0n : n.kind === 'double' ? n.value < 0 || Object.is(n.value, -0) : n.value.mantissa < 0n;
}

function isZero(n: NumberValue): boolean {
  return n.kind === 'integer' ? n.value === 0n : n.kind === 'double' ? n.value === 0 : n.value.isZero();
}

/** Fixed-point text with `places` decimals, signed; a negative value that rounds to zero keeps its sign as .NET Core 3.0+ does for doubles. */
function fixed(n: NumberValue, places: number): string {
  const text = fixedText(exactOf(n), places, roundingOf(n));
  const neg = isNegative(n) && (signedZero(n) || /[1-9]/.test(text));
  return neg ? `-${text}` : text;
}

function general(n: NumberValue): string {
  return n.kind === 'integer' ? n.value.toString() : n.kind === 'double' ? doubleToString(n.value, n.float) : n.value.toString();
}

function exponential(n: NumberValue, places: number, upper: boolean, minExpDigits: number): string {
  const x = exactOf(n);
  let r = toSignificant(x, places + 1, roundingOf(n));
  let digits = r.digits.toString();
  if (digits.length > places + 1) {
    // Rounding carried into a new digit (9.99 → 10.0): one more significant digit than asked.
    r = { digits: r.digits / 10n, scale: r.scale - 1 };
    digits = r.digits.toString();
  }
  const exp = x.digits === 0n ? 0 : digits.length - 1 - r.scale;
  const mantissa = x.digits === 0n ? `0${places > 0 ? `.${'0'.repeat(places)}` : ''}` : places > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const sign = isNegative(n) && (signedZero(n) || x.digits !== 0n) ? '-' : '';
  return `${sign}${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(minExpDigits, '0')}`;
}

/** Formats a numeric runtime value; `format` is a standard or custom .NET format string. */
export function formatNumber(n: NumberValue, format?: string): string {
  // NaN and the infinities print their symbol whatever the format.
  if (n.kind === 'double' && !Number.isFinite(n.value)) return doubleToString(n.value);
  if (!format) return general(n);
  const std = /^([A-Za-z])(\d{0,9})$/.exec(format);
  if (!std) return customFormat(n, format);
  const letter = std[1] as string;
  const precision = std[2] === '' ? undefined : Number(std[2]);
  if (precision !== undefined && precision > 999_999_999) throw formatError('Format specifier was invalid.');
  switch (letter.toUpperCase()) {
    case 'D': {
      if (n.kind !== 'integer') throw formatError('Format specifier was invalid.');
      const neg = n.value < 0n;
      const digits = (neg ? -n.value : n.value).toString().padStart(precision ?? 0, '0');
      return neg ? `-${digits}` : digits;
    }
    case 'X': {
      if (n.kind !== 'integer') throw formatError('Format specifier was invalid.');
      const v = n.value < 0n ? BigInt.asUintN(n.bits ?? (n.value >= -2147483648n ? 32 : 64), n.value) : n.value;
      const hex = v.toString(16).padStart(precision ?? 0, '0');
      return letter === 'X' ? hex.toUpperCase() : hex;
    }
    case 'F':
      return fixed(n, precision ?? 2);
    case 'N':
      return grouped(fixed(n, precision ?? 2));
    case 'P': {
      // The value times 100, by moving the decimal point (no binary multiplication).
      const x = exactOf(n);
      const text = grouped(fixedText({ digits: x.digits, scale: x.scale - 2 }, precision ?? 2, roundingOf(n)));
      const neg = isNegative(n) && (signedZero(n) || /[1-9]/.test(text));
      return `${neg ? '-' : ''}${text} %`;
    }
    case 'C': {
      // The invariant culture's CurrencyNegativePattern is 0: (¤n).
      const s = grouped(fixed(n, precision ?? 2));
      return s.startsWith('-') ? `(¤${s.slice(1)})` : `¤${s}`;
    }
    case 'E':
      return exponential(n, precision ?? 6, letter === 'E', 3);
    case 'G': {
      if (precision === undefined || precision === 0) return general(n);
      if (isZero(n)) return isNegative(n) && signedZero(n) ? '-0' : '0';
      // The requested number of significant digits, exactly (G17 of 0.1 is 0.10000000000000001),
      // trailing zeros dropped; scientific when the exponent is at least the precision or -5 or below.
      let r = toSignificant(exactOf(n, precision), precision, roundingOf(n));
      if (r.digits.toString().length > precision) r = { digits: r.digits / 10n, scale: r.scale - 1 };
      const all = r.digits.toString();
      const exp = all.length - 1 - r.scale;
      const digits = all.replace(/0+$/, '') || '0';
      const sign = isNegative(n) ? '-' : '';
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
      if (n.kind === 'double' && dotnetProfile().doubleText === 'g15') {
        const g15 = formatNumber(n, n.float ? 'G7' : 'G15');
        return Number(g15) === n.value || (n.float && Math.fround(Number(g15)) === n.value) ? g15 : formatNumber(n, n.float ? 'G9' : 'G17');
      }
      return general(n);
    default:
      throw formatError('Format specifier was invalid.');
  }
}

/** Group separators in the integer part of "-1234567.89". */
function grouped(s: string): string {
  const neg = s.startsWith('-');
  const [i, f] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}${groupThousands(i as string)}${f !== undefined ? `.${f}` : ''}`;
}

/**
 * Custom numeric format strings: 0 # . , % ‰ and literals, with ';' sections for negative and
 * zero. A double is first taken to 15 significant digits (.NET's DoublePrecisionCustomFormat,
 * kept for compatibility), then rounded half away from zero to the places the pattern shows:
 * 1.005.ToString("0.00") is "1.01" though 1.005 is 1.00499999999999989...
 */
function customFormat(n: NumberValue, format: string): string {
  const sections = splitSections(format);
  const neg = isNegative(n);
  let section = sections[0] as string;
  const zero = isZero(n);
  if (zero && sections[2] !== undefined) section = sections[2];
  else if (neg && sections[1] !== undefined) section = sections[1];
  let x = exactOf(n);
  if (n.kind === 'double' && x.digits !== 0n) x = toSignificant(x, n.float ? 7 : 15, 'even');
  const unquoted = section.replace(/'[^']*'|"[^"]*"|\\./g, '');
  if (unquoted.includes('%')) x = { digits: x.digits, scale: x.scale - 2 };
  if (unquoted.includes('‰')) x = { digits: x.digits, scale: x.scale - 3 };
  const sci = /[eE]([+-]?)(0+)/.exec(unquoted);
  if (sci) return scientificCustom(x, section, unquoted, sci, neg && sections[1] === undefined && !zero);
  const dot = unquoted.indexOf('.');
  // Commas right before the point (or the end) divide by 1000 each.
  const intPart = dot < 0 ? unquoted : unquoted.slice(0, dot);
  const scaling = /,+(?=[^0#,]*$)/.exec(intPart.replace(/[^0#,]/g, ''))?.[0].length ?? 0;
  const intPattern = intPart.replace(/[^0#,]/g, '').replace(/,+$/, '');
  if (scaling) x = { digits: x.digits, scale: x.scale + 3 * scaling };
  const fracPattern = dot < 0 ? '' : unquoted.slice(dot + 1).replace(/[^0#]/g, '');
  const grouping = /[0#],+[0#]/.test(intPattern);
  const text = fixedText(x, fracPattern.length, 'away');
  let [intDigits, fracDigits = ''] = text.split('.');
  const minInt = (intPattern.match(/0/g) ?? []).length;
  intDigits = (intDigits as string).replace(/^0+(?=\d)/, '');
  if (intDigits === '0' && minInt === 0) intDigits = '';
  const firstZero = intPattern.indexOf('0');
  const zerosFromFirst = firstZero < 0 ? 0 : intPattern.slice(firstZero).replace(/,/g, '').length;
  intDigits = intDigits.padStart(Math.max(minInt, zerosFromFirst), '0');
  const minFrac = fracPattern.lastIndexOf('0') + 1;
  fracDigits = fracDigits.replace(/0+$/, '').padEnd(minFrac, '0');
  const roundedToZero = !/[1-9]/.test(intDigits + fracDigits);
  const number = (grouping ? groupThousands(intDigits) : intDigits) + (fracDigits ? `.${fracDigits}` : '');
  // Put the number where the first digit placeholder was; keep other characters as literals.
  const first = section.search(/[0#]/);
  let last = -1;
  for (let i = section.length - 1; i >= 0; i--) if ('0#.,'.includes(section[i] as string)) { last = i; break; }
  const literal = (s: string): string => s.replace(/'([^']*)'|"([^"]*)"|\\(.)/g, (_m, a, b, c) => a ?? b ?? c);
  const before = first < 0 ? section : section.slice(0, first);
  const after = first < 0 ? '' : section.slice(last + 1);
  // A value that rounds to zero prints no minus sign (.NET Core 3.0+: -0.001 with "0.00" is "0.00").
  const sign = neg && sections[1] === undefined && !zero && !roundedToZero ? '-' : '';
  return sign + literal(before) + (first < 0 ? '' : number) + literal(after);
}

/**
 * A custom format with an exponent ("0.00e+00", "#0.0E0"): every digit placeholder before the
 * point is an integer digit, the exponent is chosen to fill them, and e+ always shows the sign.
 */
function scientificCustom(x: Exact, section: string, unquoted: string, sci: RegExpExecArray, minus: boolean): string {
  const mantissaPattern = unquoted.slice(0, sci.index);
  const dot = mantissaPattern.indexOf('.');
  const intCount = Math.max(1, (dot < 0 ? mantissaPattern : mantissaPattern.slice(0, dot)).replace(/[^0#]/g, '').length);
  const fracPattern = dot < 0 ? '' : mantissaPattern.slice(dot + 1).replace(/[^0#]/g, '');
  let exp = 0;
  let mant = '0'.repeat(intCount);
  let frac = '';
  if (x.digits !== 0n) {
    let r = toSignificant(x, intCount + fracPattern.length, 'away');
    if (r.digits.toString().length > intCount + fracPattern.length) r = { digits: r.digits / 10n, scale: r.scale - 1 };
    const all = r.digits.toString().padEnd(intCount + fracPattern.length, '0');
    exp = all.length - 1 - r.scale - (intCount - 1);
    mant = all.slice(0, intCount).replace(/^0+(?=\d)/, '');
    frac = all.slice(intCount);
  }
  const minFrac = fracPattern.lastIndexOf('0') + 1;
  frac = frac.replace(/0+$/, '').padEnd(minFrac, '0');
  const expText = `${exp < 0 ? '-' : sci[1] === '+' ? '+' : ''}${String(Math.abs(exp)).padStart((sci[2] as string).length, '0')}`;
  const number = `${mant}${frac ? `.${frac}` : ''}${unquoted[sci.index]}${expText}`;
  const first = section.search(/[0#]/);
  const literal = (s: string): string => s.replace(/'([^']*)'|"([^"]*)"|\\(.)/g, (_m, a, b, c) => a ?? b ?? c);
  const end = section.indexOf(sci[0], first) + sci[0].length;
  return `${minus ? '-' : ''}${literal(section.slice(0, first))}${number}${literal(section.slice(end))}`;
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

export function integerValue(v: bigint, bits?: number): NumberValue {
  return { kind: 'integer', value: v, bits };
}

export function doubleValue(v: number, float = false): NumberValue {
  return { kind: 'double', value: v, float };
}

export function decimalValue(v: Decimal): NumberValue {
  return { kind: 'decimal', value: v };
}
