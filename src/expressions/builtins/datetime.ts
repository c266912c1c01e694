// System.DateTime, DateTimeOffset and TimeSpan with .NET's 100-nanosecond ticks, invariant-culture
// parsing and formatting (standard formats o, s, u, r, d, D, t, T, g, G, f, F, M, Y and custom
// patterns such as "yyyy-MM-ddTHH:mm:ss.fffZ"). The simulator's local time zone is UTC, as on
// the gateway's hosts (assumed; unverified), so ToLocalTime() changes only Kind.

import { DotNetException, argumentNull, argumentOutOfRange, formatError } from '../runtime/exceptions';
import { bindClass, numericValue, type CallInfo } from '../runtime/typeSystem';
import { EnumValue, double } from '../runtime/values';
import { Decimal } from '../runtime/decimal';
import { dotnetProfile } from '../runtime/dotnetProfile';
import { enumType, enumValue } from './core';
import { ctor, method, prop, tryParseInto, type } from './define';

export const TICKS_PER_MS = 10_000n;
const TICKS_PER_SECOND = 10_000_000n;
const TICKS_PER_MINUTE = 600_000_000n;
const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** Ticks at 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
const MAX_TICKS = 3_155_378_975_999_999_999n;

type Kind = 'Unspecified' | 'Utc' | 'Local';

enumType('System.DateTimeKind', ['Unspecified', 'Utc', 'Local'], 'Whether a DateTime is UTC, local or unspecified.');
enumType('System.DayOfWeek', ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], 'The day of the week.');

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function fieldsOf(ticks: bigint): { year: number; month: number; day: number; hour: number; minute: number; second: number; fraction: bigint; dayOfWeek: number; dayOfYear: number } {
  const ms = Number((ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MS - ((ticks - UNIX_EPOCH_TICKS) % TICKS_PER_MS < 0n ? 1n : 0n));
  const d = new Date(ms);
  const fraction = ((ticks % TICKS_PER_SECOND) + TICKS_PER_SECOND) % TICKS_PER_SECOND;
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  const startOfDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    fraction,
    dayOfWeek: d.getUTCDay(),
    dayOfYear: Math.round((startOfDay - startOfYear) / 86_400_000) + 1,
  };
}

function ticksOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): bigint {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0 || ms > 999) {
    throw argumentOutOfRange('year', 'Year, Month, and Day parameters describe an un-representable DateTime.');
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return BigInt(d.getTime()) * TICKS_PER_MS + UNIX_EPOCH_TICKS;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function checkRange(ticks: bigint): bigint {
  if (ticks < 0n || ticks > MAX_TICKS) throw argumentOutOfRange('value', 'The added or subtracted value results in an un-representable DateTime.');
  return ticks;
}

export class DateTimeValue {
  constructor(
    readonly ticks: bigint,
    readonly kind: Kind = 'Unspecified',
  ) {}
  static fromDate(d: Date, kind: Kind = 'Utc'): DateTimeValue {
    return new DateTimeValue(BigInt(d.getTime()) * TICKS_PER_MS + UNIX_EPOCH_TICKS, kind);
  }
  toDate(): Date {
    return new Date(Number((this.ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MS));
  }
  equals(o: unknown): boolean {
    return o instanceof DateTimeValue && o.ticks === this.ticks;
  }
  compareTo(o: DateTimeValue): number {
    return this.ticks < o.ticks ? -1 : this.ticks > o.ticks ? 1 : 0;
  }
}

export class TimeSpanValue {
  constructor(readonly ticks: bigint) {}
  equals(o: unknown): boolean {
    return o instanceof TimeSpanValue && o.ticks === this.ticks;
  }
  compareTo(o: TimeSpanValue): number {
    return this.ticks < o.ticks ? -1 : this.ticks > o.ticks ? 1 : 0;
  }
}

export class DateTimeOffsetValue {
  constructor(
    /** Clock ticks at the offset. */
    readonly ticks: bigint,
    readonly offsetMinutes: number,
  ) {}
  get utcTicks(): bigint {
    return this.ticks - BigInt(this.offsetMinutes) * TICKS_PER_MINUTE;
  }
  equals(o: unknown): boolean {
    return o instanceof DateTimeOffsetValue && o.utcTicks === this.utcTicks;
  }
  compareTo(o: DateTimeOffsetValue): number {
    return this.utcTicks < o.utcTicks ? -1 : this.utcTicks > o.utcTicks ? 1 : 0;
  }
}

// ------------------------------------------------------------------ formatting

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

function offsetText(minutes: number, withColon: boolean, short = false): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  if (short) return `${sign}${Math.floor(a / 60)}`;
  return `${sign}${pad(Math.floor(a / 60), 2)}${withColon ? ':' : ''}${pad(a % 60, 2)}`;
}

const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  t: 'HH:mm',
  T: 'HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
};

/** Formats clock ticks; `offset` is minutes for DateTimeOffset, undefined for DateTime. */
export function formatDateTime(ticks: bigint, kind: Kind, format: string | undefined, offset?: number): string {
  // DateTimeOffset's default is the general pattern followed by the offset: "MM/dd/yyyy HH:mm:ss zzz".
  const f = format === undefined || format === '' ? (offset === undefined ? 'G' : `${STANDARD.G} zzz`) : format;
  if (f === 'o' || f === 'O') {
    const base = customFormat(ticks, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff", kind, offset);
    if (offset !== undefined) return base + offsetText(offset, true);
    return base + (kind === 'Utc' ? 'Z' : kind === 'Local' ? '+00:00' : '');
  }
  if (f.length === 1) {
    const pattern = STANDARD[f];
    if (!pattern) throw formatError('Input string was not in a correct format.');
    // r and u print UTC: DateTimeOffset converts first.
    if ((f === 'r' || f === 'R' || f === 'u') && offset !== undefined) return customFormat(ticks - BigInt(offset) * TICKS_PER_MINUTE, pattern, 'Utc', 0);
    return customFormat(ticks, pattern, kind, offset);
  }
  return customFormat(ticks, f, kind, offset);
}

function customFormat(ticks: bigint, f: string, kind: Kind, offset: number | undefined): string {
  const t = fieldsOf(ticks);
  let out = '';
  for (let i = 0; i < f.length; ) {
    const c = f[i] as string;
    let n = 1;
    while (f[i + n] === c) n++;
    switch (c) {
      case 'y':
        out += n === 1 ? String(t.year % 100) : n === 2 ? pad(t.year % 100, 2) : pad(t.year, n);
        break;
      case 'M':
        out += n === 1 ? String(t.month) : n === 2 ? pad(t.month, 2) : n === 3 ? (MONTH_NAMES[t.month - 1] as string).slice(0, 3) : (MONTH_NAMES[t.month - 1] as string);
        break;
      case 'd':
        out += n === 1 ? String(t.day) : n === 2 ? pad(t.day, 2) : n === 3 ? (DAY_NAMES[t.dayOfWeek] as string).slice(0, 3) : (DAY_NAMES[t.dayOfWeek] as string);
        break;
      case 'H':
        out += n === 1 ? String(t.hour) : pad(t.hour, 2);
        break;
      case 'h': {
        const h = t.hour % 12 || 12;
        out += n === 1 ? String(h) : pad(h, 2);
        break;
      }
      case 'm':
        out += n === 1 ? String(t.minute) : pad(t.minute, 2);
        break;
      case 's':
        out += n === 1 ? String(t.second) : pad(t.second, 2);
        break;
      case 'f':
      case 'F': {
        let digits = pad(t.fraction, 7).slice(0, Math.min(n, 7));
        if (c === 'F') digits = digits.replace(/0+$/, '');
        out += digits;
        if (c === 'F' && digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        break;
      }
      case 't':
        out += n === 1 ? (t.hour < 12 ? 'A' : 'P') : t.hour < 12 ? 'AM' : 'PM';
        break;
      case 'z': {
        const off = offset ?? 0;
        out += n === 1 ? offsetText(off, false, true) : n === 2 ? offsetText(off, false).slice(0, 3) : offsetText(off, true);
        break;
      }
      case 'K':
        out += offset !== undefined ? offsetText(offset, true) : kind === 'Utc' ? 'Z' : kind === 'Local' ? '+00:00' : '';
        break;
      case 'g':
        out += 'A.D.';
        break;
      case ':':
      case '/':
        out += c.repeat(n);
        break;
      case "'":
      case '"': {
        const end = f.indexOf(c, i + 1);
        out += f.slice(i + 1, end < 0 ? f.length : end);
        i = end < 0 ? f.length : end + 1;
        continue;
      }
      case '\\':
        out += f[i + 1] ?? '';
        i += 2;
        continue;
      case '%':
        i += 1;
        continue;
      default:
        out += c.repeat(n);
    }
    i += n;
  }
  return out;
}

// ------------------------------------------------------------------ parsing

const MONTH_SHORT = MONTH_NAMES.map((m) => m.slice(0, 3).toLowerCase());

/** Parses invariant-culture and ISO 8601 date text: returns clock ticks, kind and the offset if one was given. */
function parseDateText(s: string): { ticks: bigint; offset?: number } | undefined {
  const t = s.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (m) {
    const ticks = ticksOf(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) + BigInt((m[7] ?? '').padEnd(7, '0') || '0');
    const off = m[8] === undefined ? undefined : m[8].toUpperCase() === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (+m[8].slice(1, 3) * 60 + +m[8].slice(-2));
    return { ticks, offset: off };
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(t);
  if (m) {
    let hour = +(m[4] ?? 0);
    if (m[7]) hour = (hour % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
    return { ticks: ticksOf(+m[3]!, +m[1]!, +m[2]!, hour, +(m[5] ?? 0), +(m[6] ?? 0)) };
  }
  m = /^(?:\w{3},\s*)?(\d{1,2})\s+(\w{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*(GMT|UTC|Z)?$/i.exec(t);
  if (m) {
    const month = MONTH_SHORT.indexOf((m[2] as string).toLowerCase()) + 1;
    if (month < 1) return undefined;
    return { ticks: ticksOf(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!), offset: m[7] ? 0 : undefined };
  }
  return undefined;
}

/** Date text or FormatException (out-of-range parts included), as DateTime.Parse reports them. */
function parseDateTextOrThrow(s: unknown, param: string): { ticks: bigint; offset?: number } {
  if (s === null || s === undefined) throw argumentNull(param);
  let r: ReturnType<typeof parseDateText>;
  try {
    r = parseDateText(s as string);
  } catch {
    r = undefined;
  }
  if (!r) throw formatError(`String '${s as string}' was not recognized as a valid DateTime.`);
  return r;
}

function parseDateTime(s: unknown): DateTimeValue {
  const r = parseDateTextOrThrow(s, 's');
  // A time with an offset converts to local time (UTC here), Kind Local, as DateTime.Parse does.
  if (r.offset !== undefined) return new DateTimeValue(r.ticks - BigInt(r.offset) * TICKS_PER_MINUTE, 'Local');
  return new DateTimeValue(r.ticks, 'Unspecified');
}

function parseExact(s: unknown, format: string): DateTimeValue {
  if (s === null || s === undefined) throw argumentNull('s');
  // Build a regex from the custom format's fields.
  const fields: string[] = [];
  let re = '';
  const f = STANDARD[format] ?? (format === 'o' || format === 'O' ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK" : format);
  for (let i = 0; i < f.length; ) {
    const c = f[i] as string;
    let n = 1;
    while (f[i + n] === c) n++;
    if (c === "'" || c === '"') {
      const end = f.indexOf(c, i + 1);
      re += escapeRe(f.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if ('yMdHhmsfFtzK'.includes(c)) {
      fields.push(c.repeat(n));
      re += c === 'M' && n >= 3 ? '([A-Za-z]+)' : c === 'd' && n >= 3 ? '[A-Za-z]+' : c === 't' ? '(AM|PM|A|P)' : c === 'z' || c === 'K' ? '(Z|[+-]\\d{1,2}(?::?\\d{2})?)?' : n === 1 ? '(\\d{1,2})' : `(\\d{${n}})`;
      if (c === 'd' && n >= 3) fields.pop();
    } else if (c === '\\') {
      re += escapeRe(f[i + 1] ?? '');
      i += 2;
      continue;
    } else re += escapeRe(c.repeat(n));
    i += n;
  }
  const m = new RegExp(`^${re}$`).exec((s as string).trim());
  if (!m) throw formatError(`String '${s as string}' was not recognized as a valid DateTime.`);
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0n;
  let pm: boolean | undefined;
  let offset: number | undefined;
  fields.forEach((field, k) => {
    const v = m[k + 1] ?? '';
    switch (field[0]) {
      case 'y':
        year = field.length <= 2 ? 2000 + +v : +v;
        break;
      case 'M':
        month = field.length >= 3 ? MONTH_SHORT.indexOf(v.slice(0, 3).toLowerCase()) + 1 : +v;
        break;
      case 'd':
        day = +v;
        break;
      case 'H':
      case 'h':
        hour = +v;
        break;
      case 'm':
        minute = +v;
        break;
      case 's':
        second = +v;
        break;
      case 'f':
      case 'F':
        fraction = BigInt(v.padEnd(7, '0').slice(0, 7) || '0');
        break;
      case 't':
        pm = v.toUpperCase().startsWith('P');
        break;
      case 'z':
      case 'K':
        if (v) offset = v.toUpperCase() === 'Z' ? 0 : (v[0] === '-' ? -1 : 1) * (+v.slice(1, 3) * 60 + (v.length > 3 ? +v.slice(-2) : 0));
        break;
    }
  });
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  let ticks: bigint;
  try {
    ticks = ticksOf(year, month, day, hour, minute, second) + fraction;
  } catch {
    throw formatError(`String '${s as string}' was not recognized as a valid DateTime.`);
  }
  if (offset !== undefined) return new DateTimeValue(ticks - BigInt(offset) * TICKS_PER_MINUTE, 'Local');
  return new DateTimeValue(ticks, 'Unspecified');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const tryParse = tryParseInto;

// ------------------------------------------------------------------ arithmetic helpers

function toDoubleNumber(v: unknown): number {
  const n = numericValue(v);
  return n instanceof Decimal ? n.toNumber() : Number(n);
}

/**
 * DateTime.AddDays/AddHours/... as .NET 7 and later do it: the whole units and the fraction are
 * turned into ticks separately, at full precision (.NET 6 and earlier, and .NET Framework, rounded
 * the value to the nearest millisecond). The interpreter follows modern .NET throughout; which
 * .NET the gateway runs is not documented (unverified).
 */
function addScaled(ticks: bigint, value: unknown, unit: bigint): bigint {
  const v = toDoubleNumber(value);
  if (Number.isNaN(v) || Math.abs(v) > Number(MAX_TICKS / unit)) throw argumentOutOfRange('value', 'The added or subtracted value results in an un-representable DateTime.');
  if (dotnetProfile().addUnitsToMs) {
    const ms = v * Number(unit / TICKS_PER_MS);
    return ticks + BigInt(Math.trunc(ms + (v >= 0 ? 0.5 : -0.5))) * TICKS_PER_MS;
  }
  const whole = Math.trunc(v);
  return ticks + BigInt(whole) * unit + BigInt(Math.trunc((v - whole) * Number(unit)));
}

function addMonths(dt: DateTimeValue, months: number): DateTimeValue {
  const f = fieldsOf(dt.ticks);
  const total = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (year < 1 || year > 9999) throw argumentOutOfRange('months', 'The added or subtracted value results in an un-representable DateTime.');
  const day = Math.min(f.day, daysInMonth(year, month));
  const timeOfDay = ((dt.ticks % TICKS_PER_DAY) + TICKS_PER_DAY) % TICKS_PER_DAY;
  return new DateTimeValue(ticksOf(year, month, day) + timeOfDay, dt.kind);
}

const kindValue = (k: Kind): EnumValue => enumValue('System.DateTimeKind', k);

function dateParts(get: (self: { ticks: bigint }) => bigint) {
  return [
    prop('int Year', 'The year.', (self) => fieldsOf(get(self)).year),
    prop('int Month', 'The month, 1 to 12.', (self) => fieldsOf(get(self)).month),
    prop('int Day', 'The day of the month.', (self) => fieldsOf(get(self)).day),
    prop('int Hour', 'The hour, 0 to 23.', (self) => fieldsOf(get(self)).hour),
    prop('int Minute', 'The minute.', (self) => fieldsOf(get(self)).minute),
    prop('int Second', 'The second.', (self) => fieldsOf(get(self)).second),
    prop('int Millisecond', 'The millisecond.', (self) => Number(fieldsOf(get(self)).fraction / TICKS_PER_MS)),
    prop('DayOfWeek DayOfWeek', 'The day of the week.', (self) => enumValue('System.DayOfWeek', DAY_NAMES[fieldsOf(get(self)).dayOfWeek] as string)),
    prop('int DayOfYear', 'The day of the year, 1 to 366.', (self) => fieldsOf(get(self)).dayOfYear),
    prop('long Ticks', '100-nanosecond intervals since 0001-01-01.', (self) => get(self)),
    prop('TimeSpan TimeOfDay', 'The time since midnight.', (self) => new TimeSpanValue(((get(self) % TICKS_PER_DAY) + TICKS_PER_DAY) % TICKS_PER_DAY)),
  ];
}

bindClass(
  DateTimeValue,
  type({
    fullName: 'System.DateTime',
    doc: 'A date and time. DateTime.UtcNow for now; ToString("o") for ISO 8601.',
    valueType: true,
    allowed: ['Add', 'AddDays', 'AddHours', 'AddMilliseconds', 'AddMinutes', 'AddMonths', 'AddSeconds', 'AddTicks', 'AddYears', 'Date', 'Day', 'DayOfWeek', 'DayOfYear', 'DaysInMonth', 'Hour', 'IsDaylightSavingTime', 'IsLeapYear', 'MaxValue', 'Millisecond', 'Minute', 'MinValue', 'Month', 'Now', 'Parse', 'Second', 'Subtract', 'Ticks', 'TimeOfDay', 'Today', 'ToString', 'UtcNow', 'Year'],
    isInstance: (v) => v instanceof DateTimeValue,
    members: [
      ctor('DateTime(int year, int month, int day)', 'A date at midnight.', ([y, m, d]) => new DateTimeValue(ticksOf(y, m, d))),
      ctor('DateTime(int year, int month, int day, int hour, int minute, int second)', 'A date and time.', ([y, mo, d, h, mi, s]) => new DateTimeValue(ticksOf(y, mo, d, h, mi, s))),
      ctor('DateTime(int year, int month, int day, int hour, int minute, int second, DateTimeKind kind)', 'A date and time of a kind.', ([y, mo, d, h, mi, s, k]) => new DateTimeValue(ticksOf(y, mo, d, h, mi, s), (k as EnumValue).name as Kind)),
      ctor('DateTime(int year, int month, int day, int hour, int minute, int second, int millisecond)', 'A date and time.', ([y, mo, d, h, mi, s, ms]) => new DateTimeValue(ticksOf(y, mo, d, h, mi, s, ms))),
      ctor('DateTime(long ticks)', 'A date from ticks.', ([t]) => new DateTimeValue(checkRange(BigInt(t)))),
      ctor('DateTime(long ticks, DateTimeKind kind)', 'A date from ticks, of a kind.', ([t, k]) => new DateTimeValue(checkRange(BigInt(t)), (k as EnumValue).name as Kind)),
      prop('static DateTime UtcNow', 'The current UTC time (the simulator’s injected clock).', (_s, info: CallInfo) => DateTimeValue.fromDate(info.rt.now(), 'Utc')),
      prop('static DateTime Now', 'The current local time; local is UTC in the simulator.', (_s, info: CallInfo) => DateTimeValue.fromDate(info.rt.now(), 'Local')),
      prop('static DateTime Today', 'Today at midnight, local (UTC in the simulator).', (_s, info: CallInfo) => {
        const t = DateTimeValue.fromDate(info.rt.now(), 'Local').ticks;
        return new DateTimeValue(t - (t % TICKS_PER_DAY), 'Local');
      }),
      prop('static DateTime MinValue', '0001-01-01.', () => new DateTimeValue(0n)),
      prop('static DateTime MaxValue', '9999-12-31T23:59:59.9999999.', () => new DateTimeValue(MAX_TICKS)),
      prop('static DateTime UnixEpoch', '1970-01-01 UTC.', () => new DateTimeValue(UNIX_EPOCH_TICKS, 'Utc')),
      ...dateParts((self) => self.ticks),
      prop('DateTime Date', 'The date at midnight.', (self: DateTimeValue) => new DateTimeValue(self.ticks - (self.ticks % TICKS_PER_DAY), self.kind)),
      prop('DateTimeKind Kind', 'Utc, Local or Unspecified.', (self: DateTimeValue) => kindValue(self.kind)),
      method('DateTime Add(TimeSpan value)', 'Adds a time span.', (self: DateTimeValue, [ts]: [TimeSpanValue]) => new DateTimeValue(checkRange(self.ticks + ts.ticks), self.kind)),
      method('DateTime AddDays(double value)', 'Adds days (fractions allowed).', (self: DateTimeValue, [v]) => new DateTimeValue(checkRange(addScaled(self.ticks, v, TICKS_PER_DAY)), self.kind)),
      method('DateTime AddHours(double value)', 'Adds hours.', (self: DateTimeValue, [v]) => new DateTimeValue(checkRange(addScaled(self.ticks, v, TICKS_PER_HOUR)), self.kind)),
      method('DateTime AddMinutes(double value)', 'Adds minutes.', (self: DateTimeValue, [v]) => new DateTimeValue(checkRange(addScaled(self.ticks, v, TICKS_PER_MINUTE)), self.kind)),
      method('DateTime AddSeconds(double value)', 'Adds seconds.', (self: DateTimeValue, [v]) => new DateTimeValue(checkRange(addScaled(self.ticks, v, TICKS_PER_SECOND)), self.kind)),
      method('DateTime AddMilliseconds(double value)', 'Adds milliseconds.', (self: DateTimeValue, [v]) => new DateTimeValue(checkRange(addScaled(self.ticks, v, TICKS_PER_MS)), self.kind)),
      method('DateTime AddTicks(long value)', 'Adds ticks.', (self: DateTimeValue, [v]) => new DateTimeValue(checkRange(self.ticks + BigInt(v)), self.kind)),
      method('DateTime AddMonths(int months)', 'Adds months, clamping the day to the month’s length.', (self: DateTimeValue, [n]) => addMonths(self, n)),
      method('DateTime AddYears(int value)', 'Adds years (29 February becomes 28 in a non-leap year).', (self: DateTimeValue, [n]) => addMonths(self, n * 12)),
      method('TimeSpan Subtract(DateTime value)', 'The time between two dates.', (self: DateTimeValue, [o]: [DateTimeValue]) => new TimeSpanValue(self.ticks - o.ticks)),
      method('DateTime Subtract(TimeSpan value)', 'Subtracts a time span.', (self: DateTimeValue, [o]: [TimeSpanValue]) => new DateTimeValue(checkRange(self.ticks - o.ticks), self.kind)),
      method('DateTime ToUniversalTime()', 'As UTC (local is UTC in the simulator).', (self: DateTimeValue) => new DateTimeValue(self.ticks, 'Utc')),
      method('DateTime ToLocalTime()', 'As local time (UTC in the simulator).', (self: DateTimeValue) => new DateTimeValue(self.ticks, 'Local')),
      method('bool IsDaylightSavingTime()', 'false: the simulator’s local zone is UTC.', () => false),
      method('string ToString()', 'Invariant culture: "MM/dd/yyyy HH:mm:ss".', (self: DateTimeValue) => formatDateTime(self.ticks, self.kind, undefined)),
      method('string ToString(string format)', 'Standard (o, s, u, r, d, ...) or custom ("yyyy-MM-dd") format.', (self: DateTimeValue, [f]) => formatDateTime(self.ticks, self.kind, f ?? undefined)),
      method('string ToString(string format, object provider)', 'Formats; the provider is ignored (invariant culture).', (self: DateTimeValue, [f]) => formatDateTime(self.ticks, self.kind, f ?? undefined)),
      method('string ToShortDateString()', '"MM/dd/yyyy".', (self: DateTimeValue) => formatDateTime(self.ticks, self.kind, 'd')),
      method('string ToLongDateString()', '"dddd, dd MMMM yyyy".', (self: DateTimeValue) => formatDateTime(self.ticks, self.kind, 'D')),
      method('string ToShortTimeString()', '"HH:mm".', (self: DateTimeValue) => formatDateTime(self.ticks, self.kind, 't')),
      method('string ToLongTimeString()', '"HH:mm:ss".', (self: DateTimeValue) => formatDateTime(self.ticks, self.kind, 'T')),
      method('int CompareTo(DateTime value)', 'Orders two dates.', (self: DateTimeValue, [o]) => self.compareTo(o)),
      method('bool Equals(DateTime value)', 'Whether two dates have the same ticks.', (self: DateTimeValue, [o]) => self.equals(o)),
      method('static DateTime Parse(string s)', 'Parses ISO 8601, invariant "MM/dd/yyyy HH:mm:ss" or RFC 1123 text.', (_s, [s]) => parseDateTime(s)),
      method('static DateTime Parse(string s, object provider)', 'Parses date text; the provider is ignored.', (_s, [s]) => parseDateTime(s)),
      method('static bool TryParse(string s, out DateTime result)', 'Parses date text; false when it is not one.', (_s, [s, out]) => tryParse(() => parseDateTime(s), out, new DateTimeValue(0n))),
      method('static DateTime ParseExact(string s, string format, object provider)', 'Parses text in exactly one format.', (_s, [s, f]) => parseExact(s, f)),
      method('static bool TryParseExact(string s, string format, object provider, object style, out DateTime result)', 'Parses text in one format; false when it does not match.', (_s, [s, f, _p, _st, out]) => tryParse(() => parseExact(s, f), out, new DateTimeValue(0n))),
      method('static int DaysInMonth(int year, int month)', 'The number of days in a month.', (_s, [y, m]) => daysInMonth(y, m)),
      method('static bool IsLeapYear(int year)', 'Whether a year has 29 February.', (_s, [y]) => isLeap(y)),
      method('static DateTime SpecifyKind(DateTime value, DateTimeKind kind)', 'The same ticks with another kind.', (_s, [d, k]: [DateTimeValue, EnumValue]) => new DateTimeValue(d.ticks, k.name as Kind)),
      method('static TimeSpan op_Subtraction(DateTime d1, DateTime d2)', 'd1 - d2.', (_s, [a, b]: [DateTimeValue, DateTimeValue]) => new TimeSpanValue(a.ticks - b.ticks)),
      method('static DateTime op_Subtraction(DateTime d, TimeSpan t)', 'd - t.', (_s, [a, b]: [DateTimeValue, TimeSpanValue]) => new DateTimeValue(checkRange(a.ticks - b.ticks), a.kind)),
      method('static DateTime op_Addition(DateTime d, TimeSpan t)', 'd + t.', (_s, [a, b]: [DateTimeValue, TimeSpanValue]) => new DateTimeValue(checkRange(a.ticks + b.ticks), a.kind)),
    ],
  }),
);

// ------------------------------------------------------------------ TimeSpan

const TS_MAX = 9223372036854775807n;
const TS_MIN = -9223372036854775808n;

/** A TimeSpan of so many ticks; OverflowException beyond the range of a long, as TimeSpan's arithmetic checks. */
function tsChecked(ticks: bigint): TimeSpanValue {
  if (ticks > TS_MAX || ticks < TS_MIN) throw new DotNetException('System.OverflowException', 'TimeSpan overflowed because the duration is too long.');
  return new TimeSpanValue(ticks);
}

/** A TimeSpan from parts; ArgumentOutOfRangeException when too long, as its constructors check. */
function tsFromParts(days: unknown, hours: unknown, minutes: unknown, seconds: unknown, ms: unknown = 0): TimeSpanValue {
  const ticks = BigInt(days as number) * TICKS_PER_DAY + BigInt(hours as number) * TICKS_PER_HOUR + BigInt(minutes as number) * TICKS_PER_MINUTE + BigInt(seconds as number) * TICKS_PER_SECOND + BigInt(ms as number) * TICKS_PER_MS;
  if (ticks > TS_MAX || ticks < TS_MIN) throw argumentOutOfRange('value', 'TimeSpan overflowed because the duration is too long.');
  return new TimeSpanValue(ticks);
}

/**
 * TimeSpan.FromDays(double) and its siblings as .NET Core 3.0 and later compute them: value times
 * the ticks of the unit, truncated to whole ticks (.NET Framework rounded to the millisecond).
 */
function tsFrom(value: unknown, unit: bigint): TimeSpanValue {
  const v = toDoubleNumber(value);
  if (Number.isNaN(v)) throw new DotNetException('System.ArgumentException', 'TimeSpan does not accept floating point Not-a-Number values.');
  if (dotnetProfile().fromUnitsToMs) {
    const ms = v * Number(unit / TICKS_PER_MS);
    return tsFromDoubleTicks(Math.trunc(ms + (v >= 0 ? 0.5 : -0.5)) * Number(TICKS_PER_MS));
  }
  return tsFromDoubleTicks(v * Number(unit));
}

/** t * factor and t / divisor: NaN is an ArgumentException, the ticks are rounded half to even. */
function tsScaled(t: TimeSpanValue, factor: number, param: string, divisor?: number): TimeSpanValue {
  if (Number.isNaN(factor)) throw new DotNetException('System.ArgumentException', `TimeSpan does not accept floating point Not-a-Number values.\nParameter name: ${param}`);
  return tsFromDoubleTicks(roundEven(divisor === undefined ? Number(t.ticks) * factor : Number(t.ticks) / divisor));
}

function tsFromDoubleTicks(ticks: number): TimeSpanValue {
  if (!(ticks <= 9223372036854775807 && ticks >= -9223372036854775808)) throw new DotNetException('System.OverflowException', 'TimeSpan overflowed because the duration is too long.');
  if (ticks === 9223372036854775807) return new TimeSpanValue(TS_MAX);
  return new TimeSpanValue(BigInt(Math.trunc(ticks)));
}

/** Math.Round(x), half to even, as TimeSpan's * and / use it. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function tsParts(ts: TimeSpanValue): { neg: boolean; days: bigint; hours: bigint; minutes: bigint; seconds: bigint; fraction: bigint } {
  const neg = ts.ticks < 0n;
  let t = neg ? -ts.ticks : ts.ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const hours = t / TICKS_PER_HOUR;
  t %= TICKS_PER_HOUR;
  const minutes = t / TICKS_PER_MINUTE;
  t %= TICKS_PER_MINUTE;
  const seconds = t / TICKS_PER_SECOND;
  return { neg, days, hours, minutes, seconds, fraction: t % TICKS_PER_SECOND };
}

/** "[-][d.]hh:mm:ss[.fffffff]" (the "c" format). */
function formatTimeSpan(ts: TimeSpanValue, format?: string): string {
  const p = tsParts(ts);
  if (!format || format === 'c' || format === 't' || format === 'T') {
    return `${p.neg ? '-' : ''}${p.days ? `${p.days}.` : ''}${pad(p.hours, 2)}:${pad(p.minutes, 2)}:${pad(p.seconds, 2)}${p.fraction ? `.${pad(p.fraction, 7)}` : ''}`;
  }
  if (format === 'g') return `${p.neg ? '-' : ''}${p.days ? `${p.days}:` : ''}${p.hours}:${pad(p.minutes, 2)}:${pad(p.seconds, 2)}${p.fraction ? `.${pad(p.fraction, 7).replace(/0+$/, '')}` : ''}`;
  if (format === 'G') return `${p.neg ? '-' : ''}${p.days}:${pad(p.hours, 2)}:${pad(p.minutes, 2)}:${pad(p.seconds, 2)}.${pad(p.fraction, 7)}`;
  // Custom: d (up to 8), h/hh, m/mm, s/ss, f and F (up to 7), '%' before a lone specifier,
  // '\\' escapes and quoted literals; anything else (':' and '.' too) must be escaped in .NET.
  if (format.length === 1) throw formatError('Input string was not in a correct format.');
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i] as string;
    if (c === '%' && format[i + 1] !== undefined && format[i + 1] !== '%') {
      i++;
      continue;
    }
    let n = 1;
    while (format[i + n] === c) n++;
    const max = c === 'd' ? 8 : c === 'f' || c === 'F' ? 7 : 2;
    if ('dhmsfF'.includes(c) && n > max) throw formatError('Input string was not in a correct format.');
    if (c === 'd') out += pad(p.days, n);
    else if (c === 'h') out += pad(p.hours, n);
    else if (c === 'm') out += pad(p.minutes, n);
    else if (c === 's') out += pad(p.seconds, n);
    else if (c === 'f') out += pad(p.fraction, 7).slice(0, n);
    else if (c === 'F') out += pad(p.fraction, 7).slice(0, n).replace(/0+$/, '');
    else if (c === '\\') {
      if (format[i + 1] === undefined) throw formatError('Input string was not in a correct format.');
      out += format[i + 1];
      i += 2;
      continue;
    } else if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      if (end < 0) throw formatError('Input string was not in a correct format.');
      out += format.slice(i + 1, end);
      i = end + 1;
      continue;
    } else throw formatError('Input string was not in a correct format.');
    i += n;
  }
  return out;
}

function parseTimeSpan(s: unknown): TimeSpanValue {
  if (s === null || s === undefined) throw argumentNull('input');
  // [-][d.]hh:mm[:ss[.fffffff]], or d:hh:mm:ss (four components): "01:02:03" is hours.
  const m = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/.exec(s as string) ?? /^\s*(-)?(\d+):(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?\s*$/.exec(s as string);
  const d = /^\s*(-)?(\d+)\s*$/.exec(s as string);
  if (d) return new TimeSpanValue((d[1] ? -1n : 1n) * BigInt(d[2] as string) * TICKS_PER_DAY);
  if (!m) throw formatError('String was not recognized as a valid TimeSpan.');
  const [h, mi, se] = [+(m[3] as string), +(m[4] as string), +(m[5] ?? 0)];
  if (h > 23 || mi > 59 || se > 59) throw new DotNetException('System.OverflowException', 'The TimeSpan string was not recognized as a valid TimeSpan because one of its components is out of range.');
  const ticks = BigInt(m[2] ?? 0) * TICKS_PER_DAY + BigInt(h) * TICKS_PER_HOUR + BigInt(mi) * TICKS_PER_MINUTE + BigInt(se) * TICKS_PER_SECOND + BigInt((m[6] ?? '').padEnd(7, '0') || '0');
  return new TimeSpanValue(m[1] ? -ticks : ticks);
}

const total = (unit: bigint) => (self: TimeSpanValue) => double(dotnetProfile().totalsByReciprocal ? Number(self.ticks) * (1 / Number(unit)) : Number(self.ticks) / Number(unit));

bindClass(
  TimeSpanValue,
  type({
    fullName: 'System.TimeSpan',
    doc: 'A duration: TimeSpan.FromMinutes(5); date1 - date2.',
    valueType: true,
    isInstance: (v) => v instanceof TimeSpanValue,
    members: [
      ctor('TimeSpan(long ticks)', 'A duration in ticks.', ([t]) => new TimeSpanValue(BigInt(t))),
      ctor('TimeSpan(int hours, int minutes, int seconds)', 'A duration.', ([h, m, s]) => tsFromParts(0, h, m, s)),
      ctor('TimeSpan(int days, int hours, int minutes, int seconds)', 'A duration.', ([d, h, m, s]) => tsFromParts(d, h, m, s)),
      ctor('TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds)', 'A duration.', ([d, h, m, s, ms]) => tsFromParts(d, h, m, s, ms)),
      method('static TimeSpan FromDays(double value)', 'A number of days.', (_s, [v]) => tsFrom(v, TICKS_PER_DAY)),
      method('static TimeSpan FromHours(double value)', 'A number of hours.', (_s, [v]) => tsFrom(v, TICKS_PER_HOUR)),
      method('static TimeSpan FromMinutes(double value)', 'A number of minutes.', (_s, [v]) => tsFrom(v, TICKS_PER_MINUTE)),
      method('static TimeSpan FromSeconds(double value)', 'A number of seconds.', (_s, [v]) => tsFrom(v, TICKS_PER_SECOND)),
      method('static TimeSpan FromMilliseconds(double value)', 'A number of milliseconds.', (_s, [v]) => tsFrom(v, TICKS_PER_MS)),
      method('static TimeSpan FromTicks(long value)', 'A number of ticks.', (_s, [v]) => new TimeSpanValue(BigInt(v))),
      method('static TimeSpan Parse(string input)', 'Parses "[-][d.]hh:mm[:ss[.fffffff]]".', (_s, [s]) => parseTimeSpan(s)),
      method('static bool TryParse(string input, out TimeSpan result)', 'Parses a duration; false when it is not one.', (_s, [s, out]) => tryParse(() => parseTimeSpan(s), out, new TimeSpanValue(0n))),
      prop('static TimeSpan Zero', 'No time.', () => new TimeSpanValue(0n)),
      prop('static TimeSpan MaxValue', 'The longest duration.', () => new TimeSpanValue(9223372036854775807n)),
      prop('static TimeSpan MinValue', 'The most negative duration.', () => new TimeSpanValue(-9223372036854775808n)),
      prop('int Days', 'Whole days.', (self: TimeSpanValue) => Number(self.ticks / TICKS_PER_DAY)),
      prop('int Hours', 'The hours part, -23 to 23.', (self: TimeSpanValue) => Number((self.ticks / TICKS_PER_HOUR) % 24n)),
      prop('int Minutes', 'The minutes part.', (self: TimeSpanValue) => Number((self.ticks / TICKS_PER_MINUTE) % 60n)),
      prop('int Seconds', 'The seconds part.', (self: TimeSpanValue) => Number((self.ticks / TICKS_PER_SECOND) % 60n)),
      prop('int Milliseconds', 'The milliseconds part.', (self: TimeSpanValue) => Number((self.ticks / TICKS_PER_MS) % 1000n)),
      prop('long Ticks', 'The duration in ticks.', (self: TimeSpanValue) => self.ticks),
      prop('double TotalDays', 'The duration in days.', total(TICKS_PER_DAY)),
      prop('double TotalHours', 'The duration in hours.', total(TICKS_PER_HOUR)),
      prop('double TotalMinutes', 'The duration in minutes.', total(TICKS_PER_MINUTE)),
      prop('double TotalSeconds', 'The duration in seconds.', total(TICKS_PER_SECOND)),
      prop('double TotalMilliseconds', 'The duration in milliseconds.', total(TICKS_PER_MS)),
      method('TimeSpan Add(TimeSpan ts)', 'The sum.', (self: TimeSpanValue, [o]: [TimeSpanValue]) => tsChecked(self.ticks + o.ticks)),
      method('TimeSpan Subtract(TimeSpan ts)', 'The difference.', (self: TimeSpanValue, [o]: [TimeSpanValue]) => tsChecked(self.ticks - o.ticks)),
      method('TimeSpan Negate()', 'The negative.', (self: TimeSpanValue) => tsChecked(-self.ticks)),
      method('TimeSpan Duration()', 'The absolute value.', (self: TimeSpanValue) => tsChecked(self.ticks < 0n ? -self.ticks : self.ticks)),
      method('string ToString()', '"[-][d.]hh:mm:ss[.fffffff]".', (self: TimeSpanValue) => formatTimeSpan(self)),
      method('string ToString(string format)', 'c, g, G or a custom format ("hh\\:mm").', (self: TimeSpanValue, [f]) => formatTimeSpan(self, f ?? undefined)),
      method('int CompareTo(TimeSpan value)', 'Orders two durations.', (self: TimeSpanValue, [o]) => self.compareTo(o)),
      method('static TimeSpan op_Addition(TimeSpan t1, TimeSpan t2)', 't1 + t2.', (_s, [a, b]: [TimeSpanValue, TimeSpanValue]) => tsChecked(a.ticks + b.ticks)),
      method('static TimeSpan op_Subtraction(TimeSpan t1, TimeSpan t2)', 't1 - t2.', (_s, [a, b]: [TimeSpanValue, TimeSpanValue]) => tsChecked(a.ticks - b.ticks)),
      method('static TimeSpan op_Multiply(TimeSpan t, double factor)', 't * factor.', (_s, [a, f]: [TimeSpanValue, unknown]) => tsScaled(a, toDoubleNumber(f), 'factor')),
      method('static TimeSpan op_Division(TimeSpan t, double divisor)', 't / divisor.', (_s, [a, f]: [TimeSpanValue, unknown]) => tsScaled(a, 1 / toDoubleNumber(f), 'divisor', toDoubleNumber(f))),
    ],
  }),
);

// ------------------------------------------------------------------ DateTimeOffset

function dtoFromUtc(utcTicks: bigint, offset: number): DateTimeOffsetValue {
  return new DateTimeOffsetValue(utcTicks + BigInt(offset) * TICKS_PER_MINUTE, offset);
}

function parseDto(s: unknown): DateTimeOffsetValue {
  const r = parseDateTextOrThrow(s, 'input');
  return new DateTimeOffsetValue(r.ticks, r.offset ?? 0);
}

bindClass(
  DateTimeOffsetValue,
  type({
    fullName: 'System.DateTimeOffset',
    doc: 'A date and time with its UTC offset: DateTimeOffset.UtcNow.ToUnixTimeSeconds().',
    valueType: true,
    isInstance: (v) => v instanceof DateTimeOffsetValue,
    members: [
      ctor('DateTimeOffset(DateTime dateTime)', 'From a DateTime (UTC and local both have offset 0 here).', ([d]: [DateTimeValue]) => new DateTimeOffsetValue(d.ticks, 0)),
      ctor('DateTimeOffset(DateTime dateTime, TimeSpan offset)', 'From a clock time and an offset.', ([d, o]: [DateTimeValue, TimeSpanValue]) => new DateTimeOffsetValue(d.ticks, Number(o.ticks / TICKS_PER_MINUTE))),
      ctor('DateTimeOffset(int year, int month, int day, int hour, int minute, int second, TimeSpan offset)', 'From parts and an offset.', ([y, mo, d, h, mi, s, o]) => new DateTimeOffsetValue(ticksOf(y, mo, d, h, mi, s), Number((o as TimeSpanValue).ticks / TICKS_PER_MINUTE))),
      prop('static DateTimeOffset UtcNow', 'Now, with offset 0 (the simulator’s injected clock).', (_s, info: CallInfo) => dtoFromUtc(DateTimeValue.fromDate(info.rt.now()).ticks, 0)),
      prop('static DateTimeOffset Now', 'Now in local time (UTC in the simulator).', (_s, info: CallInfo) => dtoFromUtc(DateTimeValue.fromDate(info.rt.now()).ticks, 0)),
      prop('static DateTimeOffset MinValue', 'The earliest value.', () => new DateTimeOffsetValue(0n, 0)),
      prop('static DateTimeOffset MaxValue', 'The latest value.', () => new DateTimeOffsetValue(MAX_TICKS, 0)),
      method('static DateTimeOffset FromUnixTimeSeconds(long seconds)', 'From seconds since 1970-01-01 UTC.', (_s, [v]) => dtoFromUtc(UNIX_EPOCH_TICKS + BigInt(v) * TICKS_PER_SECOND, 0)),
      method('static DateTimeOffset FromUnixTimeMilliseconds(long milliseconds)', 'From milliseconds since 1970-01-01 UTC.', (_s, [v]) => dtoFromUtc(UNIX_EPOCH_TICKS + BigInt(v) * TICKS_PER_MS, 0)),
      method('long ToUnixTimeSeconds()', 'Seconds since 1970-01-01 UTC.', (self: DateTimeOffsetValue) => floorDiv(self.utcTicks - UNIX_EPOCH_TICKS, TICKS_PER_SECOND)),
      method('long ToUnixTimeMilliseconds()', 'Milliseconds since 1970-01-01 UTC.', (self: DateTimeOffsetValue) => floorDiv(self.utcTicks - UNIX_EPOCH_TICKS, TICKS_PER_MS)),
      ...dateParts((self) => self.ticks),
      prop('TimeSpan Offset', 'The offset from UTC.', (self: DateTimeOffsetValue) => new TimeSpanValue(BigInt(self.offsetMinutes) * TICKS_PER_MINUTE)),
      prop('DateTime UtcDateTime', 'The UTC time, Kind Utc.', (self: DateTimeOffsetValue) => new DateTimeValue(self.utcTicks, 'Utc')),
      prop('DateTime DateTime', 'The clock time, Kind Unspecified.', (self: DateTimeOffsetValue) => new DateTimeValue(self.ticks, 'Unspecified')),
      prop('DateTime LocalDateTime', 'The local time (UTC in the simulator), Kind Local.', (self: DateTimeOffsetValue) => new DateTimeValue(self.utcTicks, 'Local')),
      prop('long UtcTicks', 'Ticks of the UTC time.', (self: DateTimeOffsetValue) => self.utcTicks),
      method('DateTimeOffset ToUniversalTime()', 'The same instant with offset 0.', (self: DateTimeOffsetValue) => dtoFromUtc(self.utcTicks, 0)),
      method('DateTimeOffset ToOffset(TimeSpan offset)', 'The same instant at another offset.', (self: DateTimeOffsetValue, [o]: [TimeSpanValue]) => dtoFromUtc(self.utcTicks, Number(o.ticks / TICKS_PER_MINUTE))),
      method('DateTimeOffset Add(TimeSpan timeSpan)', 'Adds a duration.', (self: DateTimeOffsetValue, [o]: [TimeSpanValue]) => new DateTimeOffsetValue(self.ticks + o.ticks, self.offsetMinutes)),
      method('DateTimeOffset AddDays(double days)', 'Adds days.', (self: DateTimeOffsetValue, [v]) => new DateTimeOffsetValue(addScaled(self.ticks, v, TICKS_PER_DAY), self.offsetMinutes)),
      method('DateTimeOffset AddHours(double hours)', 'Adds hours.', (self: DateTimeOffsetValue, [v]) => new DateTimeOffsetValue(addScaled(self.ticks, v, TICKS_PER_HOUR), self.offsetMinutes)),
      method('DateTimeOffset AddMinutes(double minutes)', 'Adds minutes.', (self: DateTimeOffsetValue, [v]) => new DateTimeOffsetValue(addScaled(self.ticks, v, TICKS_PER_MINUTE), self.offsetMinutes)),
      method('DateTimeOffset AddSeconds(double seconds)', 'Adds seconds.', (self: DateTimeOffsetValue, [v]) => new DateTimeOffsetValue(addScaled(self.ticks, v, TICKS_PER_SECOND), self.offsetMinutes)),
      method('DateTimeOffset AddMilliseconds(double milliseconds)', 'Adds milliseconds.', (self: DateTimeOffsetValue, [v]) => new DateTimeOffsetValue(addScaled(self.ticks, v, TICKS_PER_MS), self.offsetMinutes)),
      method('TimeSpan Subtract(DateTimeOffset value)', 'The time between two instants.', (self: DateTimeOffsetValue, [o]: [DateTimeOffsetValue]) => new TimeSpanValue(self.utcTicks - o.utcTicks)),
      method('string ToString()', 'Invariant culture: "MM/dd/yyyy HH:mm:ss +00:00".', (self: DateTimeOffsetValue) => formatDateTime(self.ticks, 'Unspecified', undefined, self.offsetMinutes)),
      method('string ToString(string format)', 'Standard or custom format; zzz is the offset.', (self: DateTimeOffsetValue, [f]) => formatDateTime(self.ticks, 'Unspecified', f ?? undefined, self.offsetMinutes)),
      method('int CompareTo(DateTimeOffset other)', 'Orders two instants.', (self: DateTimeOffsetValue, [o]) => self.compareTo(o)),
      method('static DateTimeOffset Parse(string input)', 'Parses ISO 8601 text with an optional offset.', (_s, [s]) => parseDto(s)),
      method('static bool TryParse(string input, out DateTimeOffset result)', 'Parses date text; false when it is not one.', (_s, [s, out]) => tryParse(() => parseDto(s), out, new DateTimeOffsetValue(0n, 0))),
      method('static TimeSpan op_Subtraction(DateTimeOffset left, DateTimeOffset right)', 'left - right.', (_s, [a, b]: [DateTimeOffsetValue, DateTimeOffsetValue]) => new TimeSpanValue(a.utcTicks - b.utcTicks)),
      method('static DateTimeOffset op_Addition(DateTimeOffset d, TimeSpan t)', 'd + t.', (_s, [a, b]: [DateTimeOffsetValue, TimeSpanValue]) => new DateTimeOffsetValue(a.ticks + b.ticks, a.offsetMinutes)),
      method('static DateTimeOffset op_Subtraction(DateTimeOffset d, TimeSpan t)', 'd - t.', (_s, [a, b]: [DateTimeOffsetValue, TimeSpanValue]) => new DateTimeOffsetValue(a.ticks - b.ticks, a.offsetMinutes)),
    ],
  }),
);

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
