// Allowed .NET types that real policies reach for beyond the basics: TimeZoneInfo (local business
// hours), IPAddress (caller IP checks), Tuple, StringReader/StringWriter. Each member is declared
// once with its signature, a short doc and its implementation.

import { DotNetException, argumentNull } from '../runtime/exceptions';
import { bindClass, findType as lookupType, type CallInfo } from '../runtime/typeSystem';
import { RefCell, TYPE } from '../runtime/values';
import { DateTimeValue, DateTimeOffsetValue, TICKS_PER_MS, TimeSpanValue, UNIX_EPOCH_TICKS } from './datetime';
import { enumType, enumValue } from './core';
import { equals, toDisplayString } from '../runtime/operators';
import { byteArray } from './numbers';
import { ctor, method, prop, tryParseInto, type } from './define';

// ------------------------------------------------------------------ TimeZoneInfo

const TICKS_PER_MINUTE = 60n * 1000n * TICKS_PER_MS;

/**
 * Windows time zone ids (what the gateway, on Windows, accepts) to IANA ids (what Node knows),
 * after CLDR's windowsZones table, territory "001". IANA ids are accepted as they are, as .NET 6+
 * does. Extend the table here when a zone is missing.
 */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'UTC': 'Etc/UTC',
  'Coordinated Universal Time': 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Romance Standard Time': 'Europe/Paris',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Israel Standard Time': 'Asia/Jerusalem',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Egypt Standard Time': 'Africa/Cairo',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Iran Standard Time': 'Asia/Tehran',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Calcutta',
  'Nepal Standard Time': 'Asia/Katmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'Singapore Standard Time': 'Asia/Singapore',
  'China Standard Time': 'Asia/Shanghai',
  'Taipei Standard Time': 'Asia/Taipei',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'W. Australia Standard Time': 'Australia/Perth',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'Eastern Standard Time': 'America/New_York',
  'SA Pacific Standard Time': 'America/Bogota',
  'Atlantic Standard Time': 'America/Halifax',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Buenos_Aires',
  'SA Western Standard Time': 'America/La_Paz',
  'Pacific SA Standard Time': 'America/Santiago',
};

export class CsTimeZone {
  constructor(
    /** The id the policy used: "W. Europe Standard Time" or "Europe/Berlin". */
    readonly id: string,
    readonly iana: string,
  ) {}

  /** Offset from UTC, in minutes, at a UTC instant. */
  offsetAt(utcMs: number): number {
    if (this.iana === 'Etc/UTC') return 0;
    const parts = zoneFormatter(this.iana).formatToParts(new Date(utcMs));
    const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
    return Math.round((local - Math.floor(utcMs / 1000) * 1000) / 60000);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: iana, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(iana, f);
  }
  return f;
}

const UTC_ZONE = new CsTimeZone('UTC', 'Etc/UTC');

function findZone(id: unknown): CsTimeZone {
  if (id === null || id === undefined) throw argumentNull('id');
  const text = String(id);
  const iana = WINDOWS_ZONES[text] ?? text;
  try {
    zoneFormatter(iana);
  } catch {
    throw new DotNetException('System.TimeZoneNotFoundException', `The time zone ID '${text}' was not found on the local computer.`);
  }
  return new CsTimeZone(text, iana);
}

function utcMsOf(d: DateTimeValue): number {
  return Number((d.ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MS);
}

/** A DateTime read as UTC (Utc or Unspecified kind; the simulator's Local is UTC) to the zone's clock. */
function toZone(d: DateTimeValue, zone: CsTimeZone): DateTimeValue {
  const offset = zone.offsetAt(utcMsOf(d));
  return new DateTimeValue(d.ticks + BigInt(offset) * TICKS_PER_MINUTE, zone.iana === 'Etc/UTC' ? 'Utc' : 'Unspecified');
}

/** A clock time in the zone back to UTC (the offset of the resulting instant decides). */
function fromZone(d: DateTimeValue, zone: CsTimeZone): DateTimeValue {
  const guess = zone.offsetAt(utcMsOf(d));
  const offset = zone.offsetAt(utcMsOf(d) - guess * 60000);
  return new DateTimeValue(d.ticks - BigInt(offset) * TICKS_PER_MINUTE, 'Utc');
}

bindClass(
  CsTimeZone,
  type({
    fullName: 'System.TimeZoneInfo',
    doc: 'A time zone, by Windows id ("W. Europe Standard Time") or IANA id ("Europe/Berlin").',
    isInstance: (v) => v instanceof CsTimeZone,
    members: [
      prop('static TimeZoneInfo Utc', 'Coordinated Universal Time.', () => UTC_ZONE),
      prop('static TimeZoneInfo Local', 'The gateway’s zone: UTC in the simulator (the managed gateway runs in UTC).', () => UTC_ZONE),
      method('static TimeZoneInfo FindSystemTimeZoneById(string id)', 'A zone by id; TimeZoneNotFoundException when unknown.', (_s, [id]) => findZone(id)),
      method('static DateTime ConvertTimeBySystemTimeZoneId(DateTime dateTime, string destinationTimeZoneId)', 'A UTC time as clock time in a zone.', (_s, [d, id]) => toZone(d, findZone(id))),
      method('static DateTime ConvertTimeBySystemTimeZoneId(DateTime dateTime, string sourceTimeZoneId, string destinationTimeZoneId)', 'Clock time in one zone as clock time in another.', (_s, [d, from, to]) => toZone(fromZone(d, findZone(from)), findZone(to))),
      method('static DateTimeOffset ConvertTimeBySystemTimeZoneId(DateTimeOffset dateTimeOffset, string destinationTimeZoneId)', 'The same instant at a zone’s offset.', (_s, [d, id]: [DateTimeOffsetValue, string]) => offsetIn(d, findZone(id))),
      method('static DateTime ConvertTime(DateTime dateTime, TimeZoneInfo destinationTimeZone)', 'A UTC time as clock time in a zone.', (_s, [d, z]) => toZone(d, z)),
      method('static DateTime ConvertTime(DateTime dateTime, TimeZoneInfo sourceTimeZone, TimeZoneInfo destinationTimeZone)', 'Clock time in one zone as clock time in another.', (_s, [d, from, to]) => toZone(fromZone(d, from), to)),
      method('static DateTimeOffset ConvertTime(DateTimeOffset dateTimeOffset, TimeZoneInfo destinationTimeZone)', 'The same instant at a zone’s offset.', (_s, [d, z]: [DateTimeOffsetValue, CsTimeZone]) => offsetIn(d, z)),
      method('static DateTime ConvertTimeFromUtc(DateTime dateTime, TimeZoneInfo destinationTimeZone)', 'A UTC time as clock time in a zone.', (_s, [d, z]) => toZone(d, z)),
      method('static DateTime ConvertTimeToUtc(DateTime dateTime, TimeZoneInfo sourceTimeZone)', 'Clock time in a zone as UTC.', (_s, [d, z]) => fromZone(d, z)),
      prop('string Id', 'The id it was found by.', (self: CsTimeZone) => self.id),
      // Windows names a zone's standard time after its id ("W. Europe Standard Time"); its display
      // name lists cities the simulator does not know, so it shows the offset and the id instead.
      prop('string DisplayName', '"(UTC+01:00) …": the offset and, in the simulator, the id instead of the city list.', (self: CsTimeZone, info: CallInfo) => (self.iana === 'Etc/UTC' ? '(UTC) Coordinated Universal Time' : `(UTC${offsetText(self.offsetAt(Date.UTC(info.rt.now().getUTCFullYear(), 0, 15)))}) ${self.id}`)),
      prop('string StandardName', 'The name of its standard time: the Windows id, "Coordinated Universal Time" for UTC.', (self: CsTimeZone) => (self.iana === 'Etc/UTC' ? 'Coordinated Universal Time' : self.id)),
      prop('TimeSpan BaseUtcOffset', 'The offset in January of the current year (standard time north of the equator).', (self: CsTimeZone, info: CallInfo) => minutes(self.offsetAt(Date.UTC(info.rt.now().getUTCFullYear(), 0, 15)))),
      method('TimeSpan GetUtcOffset(DateTime dateTime)', 'The offset from UTC at a UTC time.', (self: CsTimeZone, [d]) => minutes(self.offsetAt(utcMsOf(d)))),
      method('bool IsDaylightSavingTime(DateTime dateTime)', 'Whether daylight saving time is in effect at a UTC time.', (self: CsTimeZone, [d]) => {
        const ms = utcMsOf(d);
        const year = new Date(ms).getUTCFullYear();
        const standard = Math.min(self.offsetAt(Date.UTC(year, 0, 15)), self.offsetAt(Date.UTC(year, 6, 15)));
        return self.offsetAt(ms) !== standard;
      }),
      method('string ToString()', 'The id.', (self: CsTimeZone) => self.id),
    ],
  }),
);

function offsetText(m: number): string {
  const a = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function minutes(m: number): TimeSpanValue {
  return new TimeSpanValue(BigInt(m) * TICKS_PER_MINUTE);
}

function offsetIn(d: DateTimeOffsetValue, zone: CsTimeZone): DateTimeOffsetValue {
  const utcTicks = d.ticks - BigInt(d.offsetMinutes) * TICKS_PER_MINUTE;
  const offset = zone.offsetAt(Number((utcTicks - UNIX_EPOCH_TICKS) / TICKS_PER_MS));
  return new DateTimeOffsetValue(utcTicks + BigInt(offset) * TICKS_PER_MINUTE, offset);
}

// ------------------------------------------------------------------ IPAddress

enumType('System.Net.Sockets.AddressFamily', ['Unspecified', 'InterNetwork', 'InterNetworkV6'], 'The kind of an address: InterNetwork (IPv4) or InterNetworkV6.', [0, 2, 23]);

export class CsIPAddress {
  constructor(readonly bytes: Uint8Array) {}
  get v6(): boolean {
    return this.bytes.length === 16;
  }
  equals(o: unknown): boolean {
    return o instanceof CsIPAddress && o.bytes.length === this.bytes.length && o.bytes.every((b, i) => b === this.bytes[i]);
  }
  toString(): string {
    if (!this.v6) return [...this.bytes].join('.');
    // IPv4-mapped addresses print their IPv4 part dotted: ::ffff:10.0.0.1.
    if (this.bytes.slice(0, 10).every((b) => b === 0) && this.bytes[10] === 255 && this.bytes[11] === 255) return `::ffff:${[...this.bytes.slice(12)].join('.')}`;
    const words: number[] = [];
    for (let i = 0; i < 16; i += 2) words.push(((this.bytes[i] as number) << 8) | (this.bytes[i + 1] as number));
    // RFC 5952: the longest run (two or more) of zero words becomes "::".
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && words[j] === 0) j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j === i ? i + 1 : j;
    }
    const hex = words.map((w) => w.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
}

function parseIp(text: unknown): CsIPAddress {
  if (text === null || text === undefined) throw argumentNull('ipString');
  const s = String(text).trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    if (bytes.every((b) => b <= 255)) return new CsIPAddress(Uint8Array.from(bytes));
  }
  if (s.includes(':')) {
    const bare = s.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const [head, tail] = bare.includes('::') ? (bare.split('::') as [string, string]) : [bare, undefined];
    const groups = (g: string): string[] => (g ? g.split(':') : []);
    let left = groups(head);
    let right = tail === undefined ? [] : groups(tail);
    // An embedded IPv4 tail: ::ffff:10.0.0.1.
    const last = (tail === undefined ? left : right).at(-1);
    if (last?.includes('.')) {
      const four = parseIp(last).bytes;
      const words = [((four[0] as number) << 8 | (four[1] as number)).toString(16), ((four[2] as number) << 8 | (four[3] as number)).toString(16)];
      if (tail === undefined) left = [...left.slice(0, -1), ...words];
      else right = [...right.slice(0, -1), ...words];
    }
    const missing = 8 - left.length - right.length;
    const all = tail === undefined ? left : [...left, ...new Array<string>(Math.max(0, missing)).fill('0'), ...right];
    if (all.length === 8 && all.every((w) => /^[0-9a-fA-F]{1,4}$/.test(w)) && (tail === undefined ? missing === 0 : missing >= 1)) {
      const bytes = new Uint8Array(16);
      all.forEach((w, i) => {
        const n = parseInt(w, 16);
        bytes[i * 2] = n >> 8;
        bytes[i * 2 + 1] = n & 255;
      });
      return new CsIPAddress(bytes);
    }
  }
  throw new DotNetException('System.FormatException', 'An invalid IP address was specified.');
}

bindClass(
  CsIPAddress,
  type({
    fullName: 'System.Net.IPAddress',
    doc: 'An IPv4 or IPv6 address: IPAddress.Parse(context.Request.IpAddress).',
    allowed: ['AddressFamily', 'Equals', 'GetAddressBytes', 'IsLoopback', 'Parse', 'TryParse', 'ToString'],
    isInstance: (v) => v instanceof CsIPAddress,
    members: [
      method('static IPAddress Parse(string ipString)', 'Parses an IPv4 or IPv6 address; FormatException when it is not one.', (_s, [s]) => parseIp(s)),
      method('static bool TryParse(string ipString, out IPAddress address)', 'Parses an address; false (and null) when it is not one.', (_s, [s, out]: [string, RefCell]) => tryParseInto(() => parseIp(s), out, null)),
      method('static bool IsLoopback(IPAddress address)', 'Whether the address is 127.x.x.x or ::1.', (_s, [a]: [CsIPAddress]) => (a.v6 ? a.bytes.every((b, i) => b === (i === 15 ? 1 : 0)) : a.bytes[0] === 127)),
      prop('AddressFamily AddressFamily', 'InterNetwork for IPv4, InterNetworkV6 for IPv6.', (self: CsIPAddress) => addressFamily(self)),
      method('byte[] GetAddressBytes()', 'The address as bytes, network order (4 or 16).', (self: CsIPAddress) => byteArray(self.bytes)),
      method('bool Equals(object comparand)', 'Whether two addresses are the same.', (self: CsIPAddress, [o]) => self.equals(o)),
      method('string ToString()', 'Dotted quad, or the compressed IPv6 form.', (self: CsIPAddress) => self.toString()),
    ],
  }),
);

function addressFamily(a: CsIPAddress): unknown {
  return enumValue('System.Net.Sockets.AddressFamily', a.v6 ? 'InterNetworkV6' : 'InterNetwork');
}

// ------------------------------------------------------------------ Tuple

export class CsTuple {
  constructor(readonly items: readonly unknown[]) {}
  equals(o: unknown): boolean {
    return o instanceof CsTuple && o.items.length === this.items.length && o.items.every((x, i) => equals(x, this.items[i]));
  }
}

// A tuple reports System.Tuple`N for its size.
Object.defineProperty(CsTuple.prototype, TYPE, {
  get(this: CsTuple) {
    return lookupType(`System.Tuple\`${this.items.length}`);
  },
});

const ITEM_NAMES = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];
for (let n = 1; n <= 7; n++) {
  const params = ITEM_NAMES.slice(0, n);
  type({
    fullName: `System.Tuple\`${n}`,
    doc: `A tuple of ${n}: Tuple.Create(...).Item1.`,
    typeParams: params,
    isInstance: (v) => v instanceof CsTuple && v.items.length === n,
    members: [
      ctor(`Tuple<${params.join(', ')}>(${params.map((t, i) => `${t} item${i + 1}`).join(', ')})`, `A tuple of ${n}.`, (args: unknown[]) => new CsTuple(args)),
      ...params.map((t, i) => prop(`${t} Item${i + 1}`, `Item ${i + 1}.`, (self: CsTuple) => self.items[i])),
      method('string ToString()', '"(1, a)".', (self: CsTuple) => `(${self.items.map((x) => (x === null || x === undefined ? '' : toDisplayString(x))).join(', ')})`),
      method('bool Equals(object obj)', 'Whether the items are equal.', (self: CsTuple, [o]) => self.equals(o)),
    ],
  });
}

type({
  fullName: 'System.Tuple',
  doc: 'Makes tuples: Tuple.Create(1, "a").',
  members: [1, 2, 3, 4, 5, 6, 7].map((n) => {
    const params = ITEM_NAMES.slice(0, n);
    return method(`static Tuple<${params.join(', ')}> Create<${params.join(', ')}>(${params.map((t, i) => `${t} item${i + 1}`).join(', ')})`, `A tuple of ${n}.`, (_s, args: unknown[]) => new CsTuple(args));
  }),
});

// ------------------------------------------------------------------ StringReader / StringWriter

export class CsStringReader {
  pos = 0;
  constructor(readonly text: string) {}
}

bindClass(
  CsStringReader,
  type({
    fullName: 'System.IO.StringReader',
    doc: 'Reads a string line by line: new StringReader(body).ReadLine().',
    isInstance: (v) => v instanceof CsStringReader,
    members: [
      ctor('StringReader(string s)', 'A reader over a string.', ([s]) => {
        if (s === null) throw argumentNull('s');
        return new CsStringReader(s);
      }),
      method('string ReadLine()', 'The next line without its line break, or null at the end.', (self: CsStringReader) => {
        if (self.pos >= self.text.length) return null;
        const m = /\r\n|\r|\n/g;
        m.lastIndex = self.pos;
        const hit = m.exec(self.text);
        const end = hit ? hit.index : self.text.length;
        const line = self.text.slice(self.pos, end);
        self.pos = hit ? end + hit[0].length : self.text.length;
        return line;
      }),
      method('string ReadToEnd()', 'The rest of the string.', (self: CsStringReader) => {
        const rest = self.text.slice(self.pos);
        self.pos = self.text.length;
        return rest;
      }),
      method('int Peek()', 'The next character code, or -1 at the end.', (self: CsStringReader) => (self.pos < self.text.length ? self.text.charCodeAt(self.pos) : -1)),
      method('int Read()', 'Reads one character code, or -1 at the end.', (self: CsStringReader) => (self.pos < self.text.length ? self.text.charCodeAt(self.pos++) : -1)),
      method('void Dispose()', 'Releases the reader (nothing to release).', () => undefined),
    ],
  }),
);

export class CsStringWriter {
  text = '';
}

bindClass(
  CsStringWriter,
  type({
    fullName: 'System.IO.StringWriter',
    doc: 'Builds a string: new StringWriter(), Write, WriteLine, ToString().',
    isInstance: (v) => v instanceof CsStringWriter,
    members: [
      ctor('StringWriter()', 'An empty writer.', () => new CsStringWriter()),
      method('void Write(object value)', 'Appends text.', (self: CsStringWriter, [v]) => {
        self.text += v === null || v === undefined ? '' : toDisplayString(v);
      }),
      method('void WriteLine()', 'Appends a line break ("\\r\\n" as on Windows, where the gateway runs; unverified).', (self: CsStringWriter) => {
        self.text += '\r\n';
      }),
      method('void WriteLine(object value)', 'Appends text and a line break.', (self: CsStringWriter, [v]) => {
        self.text += `${v === null || v === undefined ? '' : toDisplayString(v)}\r\n`;
      }),
      method('string ToString()', 'The text written so far.', (self: CsStringWriter) => self.text),
      method('void Dispose()', 'Releases the writer (nothing to release).', () => undefined),
    ],
  }),
);
