// System.Text (StringBuilder, Encoding), System.Text.RegularExpressions (Regex, Match, Group)
// and System.Uri / System.Net.WebUtility. .NET patterns are translated to JS RegExp; every match
// runs under a time limit (vm timeout), so catastrophic backtracking becomes a
// RegexMatchTimeoutException instead of a hung editor or simulator.

import { TimeLimitExceeded, withTimeLimit } from '../../common/timeLimit';
import { DotNetException, argumentNull, argumentOutOfRange } from '../runtime/exceptions';
import { toDisplayString } from '../runtime/operators';
import { bindClass, type CallInfo } from '../runtime/typeSystem';
import { CsChar, CsDelegate, EnumValue, RefCell } from '../runtime/values';
import { enumType } from './core';
import { byteArray, toBytes } from './numbers';
import { compositeFormat } from './strings';
import { translatePattern } from '../runtime/regexTranslate';
import { HTML_ENTITIES } from '../runtime/htmlEntities';
import { ctor, indexer, method, prop, type } from './define';

// ------------------------------------------------------------------ StringBuilder

export class StringBuilder {
  constructor(public text = '') {}
}

function insert(self: StringBuilder, i: number, v: string, count: number): StringBuilder {
  if (i < 0 || i > self.text.length) throw argumentOutOfRange('index', 'Index was out of range. Must be non-negative and less than or equal to the size of the collection.');
  self.text = self.text.slice(0, i) + v.repeat(count) + self.text.slice(i);
  return self;
}

function replacePart(self: StringBuilder, a: string | null, b: string, i: number, n: number): StringBuilder {
  if (a === null) throw argumentNull('oldValue');
  if (a === '') throw new DotNetException('System.ArgumentException', "The value cannot be an empty string. (Parameter 'oldValue')");
  if (i < 0 || n < 0 || i + n > self.text.length) throw argumentOutOfRange(i < 0 ? 'startIndex' : 'count', 'Index was out of range. Must be non-negative and less than the size of the collection.');
  self.text = self.text.slice(0, i) + self.text.slice(i, i + n).split(a).join(b) + self.text.slice(i + n);
  return self;
}

bindClass(
  StringBuilder,
  type({
    fullName: 'System.Text.StringBuilder',
    doc: 'Builds a string piece by piece.',
    isInstance: (v) => v instanceof StringBuilder,
    members: [
      ctor('StringBuilder()', 'An empty builder.', () => new StringBuilder()),
      ctor('StringBuilder(string value)', 'A builder starting with text.', ([s]) => new StringBuilder(s ?? '')),
      ctor('StringBuilder(int capacity)', 'An empty builder.', () => new StringBuilder()),
      prop('int Length', 'The current length.', (self: StringBuilder) => self.text.length),
      method('StringBuilder Append(object value)', 'Appends the text of a value.', (self: StringBuilder, [v], info) => {
        self.text += v instanceof CsChar ? v.toString() : toDisplayString(v, info);
        return self;
      }),
      method('StringBuilder Append(char value, int repeatCount)', 'Appends a character repeatedly.', (self: StringBuilder, [c, n]) => {
        self.text += (c as CsChar).toString().repeat(n);
        return self;
      }),
      method('StringBuilder AppendLine()', 'Appends a line break ("\\r\\n" as on Windows, where the gateway runs; unverified).', (self: StringBuilder) => {
        self.text += '\r\n';
        return self;
      }),
      method('StringBuilder AppendLine(string value)', 'Appends text and a line break.', (self: StringBuilder, [v]) => {
        self.text += `${v ?? ''}\r\n`;
        return self;
      }),
      method('StringBuilder AppendFormat(string format, params object[] args)', 'Appends composite-formatted text.', (self: StringBuilder, [f, args], info) => {
        self.text += compositeFormat(f, args, info);
        return self;
      }),
      method('StringBuilder Insert(int index, string value)', 'Inserts text.', (self: StringBuilder, [i, v]) => insert(self, i, v ?? '', 1)),
      method('StringBuilder Insert(int index, string value, int count)', 'Inserts text count times.', (self: StringBuilder, [i, v, n]) => {
        if (n < 0) throw argumentOutOfRange('count', 'Non-negative number required.');
        return insert(self, i, v ?? '', n);
      }),
      method('StringBuilder Insert(int index, object value)', 'Inserts the text of a value (a char, a number, a bool...).', (self: StringBuilder, [i, v], info) => insert(self, i, v instanceof CsChar ? v.toString() : v === null ? '' : toDisplayString(v, info), 1)),
      method('StringBuilder Append(string value, int startIndex, int count)', 'Appends part of a string.', (self: StringBuilder, [v, i, n]) => {
        if (v === null) {
          if (i === 0 && n === 0) return self;
          throw argumentNull('value');
        }
        if (i < 0 || n < 0 || i + n > (v as string).length) throw argumentOutOfRange(i < 0 ? 'startIndex' : 'count', 'Index was out of range. Must be non-negative and less than the size of the collection.');
        self.text += (v as string).slice(i, i + n);
        return self;
      }),
      method('StringBuilder AppendJoin(string separator, params object[] values)', 'Appends the values joined by a separator.', (self: StringBuilder, [sep, vals], info) => {
        self.text += ((vals as unknown[]) ?? []).map((x) => (x === null ? '' : x instanceof CsChar ? x.toString() : toDisplayString(x, info))).join(sep ?? '');
        return self;
      }),
      method('StringBuilder AppendJoin(char separator, params object[] values)', 'Appends the values joined by a character.', (self: StringBuilder, [sep, vals], info) => {
        self.text += ((vals as unknown[]) ?? []).map((x) => (x === null ? '' : x instanceof CsChar ? x.toString() : toDisplayString(x, info))).join((sep as CsChar).toString());
        return self;
      }),
      method('StringBuilder Replace(char oldChar, char newChar)', 'Replaces every occurrence of a character.', (self: StringBuilder, [a, b]) => {
        self.text = self.text.split((a as CsChar).toString()).join((b as CsChar).toString());
        return self;
      }),
      method('StringBuilder Replace(char oldChar, char newChar, int startIndex, int count)', 'Replaces a character within a part.', (self: StringBuilder, [a, b, i, n]) => replacePart(self, (a as CsChar).toString(), (b as CsChar).toString(), i, n)),
      method('StringBuilder Replace(string oldValue, string newValue, int startIndex, int count)', 'Replaces text within a part.', (self: StringBuilder, [a, b, i, n]) => replacePart(self, a, b ?? '', i, n)),
      indexer('char this[int index]', 'The character at a position.', (self: StringBuilder, [i]) => {
        if (i < 0 || i >= self.text.length) throw new DotNetException('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.');
        return CsChar.of(self.text.charCodeAt(i));
      }),
      method('string ToString(int startIndex, int length)', 'Part of the built text.', (self: StringBuilder, [i, n]) => {
        if (i < 0 || n < 0 || i + n > self.text.length) throw argumentOutOfRange(i < 0 ? 'startIndex' : 'length', 'Index and length must refer to a location within the string.');
        return self.text.slice(i, i + n);
      }),
      method('StringBuilder Remove(int startIndex, int length)', 'Removes characters.', (self: StringBuilder, [i, n]) => {
        if (i < 0 || n < 0 || i + n > self.text.length) throw argumentOutOfRange('length');
        self.text = self.text.slice(0, i) + self.text.slice(i + n);
        return self;
      }),
      method('StringBuilder Replace(string oldValue, string newValue)', 'Replaces every occurrence.', (self: StringBuilder, [a, b]) => replacePart(self, a, b ?? '', 0, self.text.length)),
      method('StringBuilder Clear()', 'Removes everything.', (self: StringBuilder) => {
        self.text = '';
        return self;
      }),
      method('string ToString()', 'The built text.', (self: StringBuilder) => self.text),
    ],
  }),
);

// ------------------------------------------------------------------ Encoding

class CsEncoding {
  constructor(
    /** WebName, the IANA name. */
    readonly name: string,
    readonly encodingName: string,
    readonly codePage: number,
    readonly preamble: readonly number[],
    readonly singleByte: boolean,
    readonly encode: (s: string) => Uint8Array,
    readonly decode: (b: Uint8Array) => string,
  ) {}
}

/** .NET's encoders replace an unpaired surrogate with U+FFFD (EncoderReplacementFallback). */
const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function utf16(s: string, bigEndian: boolean): Uint8Array {
  const b = Buffer.from(wellFormed(s), 'utf16le');
  if (bigEndian) b.swap16();
  return new Uint8Array(b);
}

function fromUtf16(b: Uint8Array, bigEndian: boolean): string {
  const even = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  if (bigEndian) even.swap16();
  return wellFormed(even.toString('utf16le')) + (b.length % 2 ? '\uFFFD' : '');
}

function utf32(s: string): Uint8Array {
  const points = [...wellFormed(s)].map((c) => c.codePointAt(0) as number);
  const out = new DataView(new ArrayBuffer(points.length * 4));
  points.forEach((p, i) => out.setUint32(i * 4, p, true));
  return new Uint8Array(out.buffer);
}

function fromUtf32(b: Uint8Array): string {
  let s = '';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i + 4 <= b.length; i += 4) {
    const p = view.getUint32(i, true);
    s += p > 0x10ffff || (p >= 0xd800 && p <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(p);
  }
  return s + (b.length % 4 ? '\uFFFD' : '');
}

const ENCODINGS = {
  UTF8: new CsEncoding('utf-8', 'Unicode (UTF-8)', 65001, [0xef, 0xbb, 0xbf], false, (s) => new Uint8Array(Buffer.from(wellFormed(s), 'utf8')), (b) => Buffer.from(b).toString('utf8')),
  ASCII: new CsEncoding('us-ascii', 'US-ASCII', 20127, [], true, (s) => new Uint8Array([...s].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 63))), (b) => [...b].map((x) => (x < 128 ? String.fromCharCode(x) : '?')).join('')),
  Unicode: new CsEncoding('utf-16', 'Unicode', 1200, [0xff, 0xfe], false, (s) => utf16(s, false), (b) => fromUtf16(b, false)),
  BigEndianUnicode: new CsEncoding('utf-16BE', 'Unicode (Big-Endian)', 1201, [0xfe, 0xff], false, (s) => utf16(s, true), (b) => fromUtf16(b, true)),
  UTF32: new CsEncoding('utf-32', 'Unicode (UTF-32)', 12000, [0xff, 0xfe, 0, 0], false, utf32, fromUtf32),
  Latin1: new CsEncoding('iso-8859-1', 'Western European (ISO)', 28591, [], true, (s) => new Uint8Array([...s].map((c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 63))), (b) => Buffer.from(b).toString('latin1')),
};

/** Encoding.GetEncoding by name (any case, with .NET's aliases) or code page. */
function encodingNamed(key: unknown): CsEncoding {
  if (key === null) throw argumentNull('name');
  const all = Object.values(ENCODINGS);
  const aliases: Record<string, CsEncoding> = { utf8: ENCODINGS.UTF8, 'utf-16le': ENCODINGS.Unicode, unicode: ENCODINGS.Unicode, 'unicodefffe': ENCODINGS.BigEndianUnicode, ascii: ENCODINGS.ASCII, 'us': ENCODINGS.ASCII, latin1: ENCODINGS.Latin1, 'utf-32le': ENCODINGS.UTF32 };
  const found = typeof key === 'number' ? all.find((e) => e.codePage === key) : (all.find((e) => e.name.toLowerCase() === String(key).toLowerCase()) ?? aliases[String(key).toLowerCase()]);
  if (!found) {
    throw typeof key === 'number'
      ? new DotNetException('System.NotSupportedException', `No data is available for encoding ${key}. The simulator knows the code pages ${all.map((e) => e.codePage).join(', ')}.`)
      : new DotNetException('System.ArgumentException', `'${String(key)}' is not a supported encoding name. The simulator knows ${all.map((e) => e.name).join(', ')}.\nParameter name: name`);
  }
  return found;
}

/** The part [index, index + count) of a string or char[], with .NET's argument checks. */
function slice(s: unknown, index: unknown, count: unknown, what: string): string {
  if (s === null) throw argumentNull(what);
  const text = typeof s === 'string' ? s : (s as CsChar[]).map((c) => c.toString()).join('');
  const i = Number(index);
  const n = Number(count);
  if (i < 0 || n < 0) throw argumentOutOfRange(i < 0 ? 'index' : 'count', 'Non-negative number required.');
  if (i + n > text.length) throw argumentOutOfRange(what, 'Index and count must refer to a location within the buffer.');
  return text.slice(i, i + n);
}

function bytesPart(b: unknown, index: unknown, count: unknown): Uint8Array {
  const bytes = toBytes(b);
  const i = Number(index);
  const n = Number(count);
  if (i < 0 || n < 0) throw argumentOutOfRange(i < 0 ? 'index' : 'count', 'Non-negative number required.');
  if (i + n > bytes.length) throw argumentOutOfRange('bytes', 'Index and count must refer to a location within the buffer.');
  return bytes.subarray(i, i + n);
}

const charArray = (s: string): CsChar[] => s.split('').map((u) => CsChar.of(u.charCodeAt(0)));

bindClass(
  CsEncoding,
  type({
    fullName: 'System.Text.Encoding',
    doc: 'Text to bytes and back: Encoding.UTF8.GetBytes(s).',
    isInstance: (v) => v instanceof CsEncoding,
    members: [
      ...Object.entries(ENCODINGS).map(([n, e]) => prop(`static Encoding ${n}`, `The ${e.name} encoding.`, () => e)),
      // .NET Core and .NET 5+ (the gateway's runtime) make Default UTF-8; .NET Framework used the system's ANSI code page.
      prop('static Encoding Default', 'UTF-8 (on .NET Core and later).', () => ENCODINGS.UTF8),
      method('static Encoding GetEncoding(string name)', 'An encoding by its name ("utf-8", "us-ascii", "utf-16", "utf-16BE", "utf-32", "iso-8859-1").', (_s, [n]) => encodingNamed(n)),
      method('static Encoding GetEncoding(int codepage)', 'An encoding by its code page (65001, 20127, 1200, 1201, 12000, 28591).', (_s, [n]) => encodingNamed(n)),
      method('static byte[] Convert(Encoding srcEncoding, Encoding dstEncoding, byte[] bytes)', 'Re-encodes bytes from one encoding to another.', (_s, [a, b, bytes]) => {
        if (a === null || b === null) throw argumentNull(a === null ? 'srcEncoding' : 'dstEncoding');
        return byteArray((b as CsEncoding).encode((a as CsEncoding).decode(toBytes(bytes))));
      }),
      method('static byte[] Convert(Encoding srcEncoding, Encoding dstEncoding, byte[] bytes, int index, int count)', 'Re-encodes part of the bytes.', (_s, [a, b, bytes, i, n]) => {
        if (a === null || b === null) throw argumentNull(a === null ? 'srcEncoding' : 'dstEncoding');
        return byteArray((b as CsEncoding).encode((a as CsEncoding).decode(bytesPart(bytes, i, n))));
      }),
      method('byte[] GetBytes(string s)', 'The bytes of a string.', (self: CsEncoding, [s]) => {
        if (s === null) throw argumentNull('s');
        return byteArray(self.encode(s));
      }),
      method('byte[] GetBytes(char[] chars)', 'The bytes of characters.', (self: CsEncoding, [c]) => byteArray(self.encode(slice(c, 0, (c as unknown[] | null)?.length ?? 0, 'chars')))),
      method('byte[] GetBytes(string s, int index, int count)', 'The bytes of part of a string.', (self: CsEncoding, [s, i, n]) => byteArray(self.encode(slice(s, i, n, 's')))),
      method('byte[] GetBytes(char[] chars, int index, int count)', 'The bytes of part of the characters.', (self: CsEncoding, [c, i, n]) => byteArray(self.encode(slice(c, i, n, 'chars')))),
      method('string GetString(byte[] bytes)', 'The string of bytes.', (self: CsEncoding, [b]) => self.decode(toBytes(b))),
      method('string GetString(byte[] bytes, int index, int count)', 'The string of part of the bytes.', (self: CsEncoding, [b, i, n]) => self.decode(bytesPart(b, i, n))),
      method('char[] GetChars(byte[] bytes)', 'The characters of bytes.', (self: CsEncoding, [b]) => charArray(self.decode(toBytes(b)))),
      method('char[] GetChars(byte[] bytes, int index, int count)', 'The characters of part of the bytes.', (self: CsEncoding, [b, i, n]) => charArray(self.decode(bytesPart(b, i, n)))),
      method('int GetCharCount(byte[] bytes)', 'How many characters the bytes decode to.', (self: CsEncoding, [b]) => self.decode(toBytes(b)).length),
      method('int GetCharCount(byte[] bytes, int index, int count)', 'How many characters part of the bytes decodes to.', (self: CsEncoding, [b, i, n]) => self.decode(bytesPart(b, i, n)).length),
      method('int GetByteCount(string s)', 'How many bytes the string takes.', (self: CsEncoding, [s]) => {
        if (s === null) throw argumentNull('s');
        return self.encode(s).length;
      }),
      method('int GetByteCount(char[] chars)', 'How many bytes the characters take.', (self: CsEncoding, [c]) => self.encode(slice(c, 0, (c as unknown[] | null)?.length ?? 0, 'chars')).length),
      method('int GetByteCount(string s, int index, int count)', 'How many bytes part of the string takes.', (self: CsEncoding, [s, i, n]) => self.encode(slice(s, i, n, 's')).length),
      method('int GetByteCount(char[] chars, int index, int count)', 'How many bytes part of the characters takes.', (self: CsEncoding, [c, i, n]) => self.encode(slice(c, i, n, 'chars')).length),
      method('int GetMaxByteCount(int charCount)', 'The most bytes charCount characters can take.', (self: CsEncoding, [n]) => {
        if ((n as number) < 0) throw argumentOutOfRange('charCount', 'Non-negative number required.');
        const per = self.codePage === 65001 ? 3 : self.codePage === 12000 ? 4 : self.singleByte ? 1 : 2;
        return ((n as number) + 1) * per;
      }),
      method('int GetMaxCharCount(int byteCount)', 'The most characters byteCount bytes can decode to.', (self: CsEncoding, [n]) => {
        if ((n as number) < 0) throw argumentOutOfRange('byteCount', 'Non-negative number required.');
        const b = n as number;
        return self.codePage === 65001 ? b + 1 : self.codePage === 12000 ? Math.floor(b / 2) + 2 : self.singleByte ? b : Math.floor(b / 2) + 1 + (b % 2);
      }),
      method('byte[] GetPreamble()', 'The byte order mark the encoding writes first (empty for ASCII and Latin-1).', (self: CsEncoding) => byteArray(new Uint8Array(self.preamble))),
      prop('string WebName', 'The IANA name.', (self: CsEncoding) => self.name),
      prop('string BodyName', 'The name for mail bodies.', (self: CsEncoding) => self.name),
      prop('string HeaderName', 'The name for mail headers.', (self: CsEncoding) => self.name),
      prop('string EncodingName', 'The human-readable name.', (self: CsEncoding) => self.encodingName),
      prop('int CodePage', 'The code page number.', (self: CsEncoding) => self.codePage),
      prop('bool IsSingleByte', 'Whether each character is one byte.', (self: CsEncoding) => self.singleByte),
      prop('bool IsReadOnly', 'true: the static encodings cannot be changed.', () => true),
    ],
  }),
);

// ------------------------------------------------------------------ Regex

const OPTIONS = ['None', 'IgnoreCase', 'Multiline', 'ExplicitCapture', 'Compiled', 'Singleline', 'IgnorePatternWhitespace', 'RightToLeft', 'ECMAScript', 'CultureInvariant', 'NonBacktracking'];
enumType('System.Text.RegularExpressions.RegexOptions', OPTIONS, 'Regex options; combine with |.', [0, 1, 2, 4, 8, 16, 32, 64, 256, 512, 1024]);

/** Runs a regex operation under the time limit. */
function guarded<T>(fn: () => T, info: CallInfo): T {
  try {
    return withTimeLimit(fn, info.rt.regexTimeoutMs);
  } catch (e) {
    if (e instanceof TimeLimitExceeded) {
      throw new DotNetException('System.Text.RegularExpressions.RegexMatchTimeoutException', `The regular expression ran longer than ${info.rt.regexTimeoutMs} ms and was stopped (catastrophic backtracking?).`);
    }
    throw e;
  }
}

const regexCache = new Map<string, RegExp>();

/** Translates a .NET pattern and options to a JS RegExp (global, with indices). */
function toJsRegex(pattern: string, options: number): RegExp {
  const key = `${options}:${pattern}`;
  const hit = regexCache.get(key);
  if (hit) return hit;
  let p = pattern;
  let flags = 'gd';
  let opts = options;
  const inline = /^\(\?([imnsx]+)\)/.exec(p);
  if (inline) {
    for (const c of inline[1] as string) opts |= c === 'i' ? 1 : c === 'm' ? 2 : c === 's' ? 16 : c === 'x' ? 32 : c === 'n' ? 4 : 0;
    p = p.slice(inline[0].length);
  }
  if (opts & 1) flags += 'i';
  if (opts & 32) p = p.replace(/\\#/g, '\u0000').replace(/#.*$/gm, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  p = p.replace(/\(\?'(\w+)'/g, '(?<$1>');
  if (opts & 4) p = withoutNumberedGroups(p);
  if (/\(\?[imnsx-]+[:)]/.test(p)) throw new DotNetException('System.NotSupportedException', 'Inline regex options inside a pattern are not supported by the simulator; pass RegexOptions instead.');
  // \w \d \s \b \p{..} . ^ $ as .NET means them (Multiline and Singleline are part of the translation, not flags).
  p = translatePattern(p, { multiline: (opts & 2) !== 0, singleline: (opts & 16) !== 0, ecmaScript: (opts & 256) !== 0 });
  let re: RegExp;
  try {
    re = new RegExp(p, flags);
  } catch (e) {
    throw new DotNetException('System.ArgumentException', `Invalid pattern '${pattern}': ${e instanceof Error ? e.message : String(e)}`);
  }
  regexCache.set(key, re);
  return re;
}

const RIGHT_TO_LEFT = 64;

/** RegexOptions.ExplicitCapture: plain `( … )` groups stop capturing; named groups still do. */
function withoutNumberedGroups(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && p[i + 1] !== '?') {
      out += '(?:';
      continue;
    }
    out += c;
  }
  return out;
}

function optionsOf(v: unknown): number {
  return v instanceof EnumValue ? v.value : typeof v === 'number' ? v : 0;
}

export class CsRegex {
  constructor(
    readonly pattern: string,
    readonly options: number,
  ) {
    toJsRegex(pattern, options); // validate now, like the .NET constructor
  }
  get re(): RegExp {
    return toJsRegex(this.pattern, this.options);
  }
}

export class CsGroup {
  constructor(
    readonly value: string,
    readonly index: number,
    readonly success: boolean,
    readonly name: string,
  ) {}
}

export class CsMatch extends CsGroup {
  constructor(
    readonly m: RegExpExecArray | null,
    private readonly regex: CsRegex,
    readonly input: string,
    private readonly info: CallInfo,
  ) {
    super(m?.[0] ?? '', m?.index ?? 0, m !== null, '0');
  }
  groups(): CsGroupCollection {
    return new CsGroupCollection(this.m);
  }
  next(): CsMatch {
    if (!this.m) return this;
    const re = this.regex.re;
    re.lastIndex = this.m.index + Math.max(1, this.m[0].length);
    if (this.m[0].length === 0 && re.lastIndex > this.input.length) return new CsMatch(null, this.regex, this.input, this.info);
    return new CsMatch(guarded(() => re.exec(this.input), this.info), this.regex, this.input, this.info);
  }
}

export class CsGroupCollection {
  constructor(readonly m: RegExpExecArray | null) {}
  group(key: number | string): CsGroup {
    const m = this.m;
    if (!m) return new CsGroup('', 0, false, String(key));
    const indices = (m as RegExpExecArray & { indices?: ([number, number] | undefined)[] & { groups?: Record<string, [number, number] | undefined> } }).indices;
    if (typeof key === 'number') {
      const v = m[key];
      return new CsGroup(v ?? '', indices?.[key]?.[0] ?? 0, v !== undefined, String(key));
    }
    const v = m.groups?.[key];
    return new CsGroup(v ?? '', indices?.groups?.[key]?.[0] ?? 0, v !== undefined, key);
  }
  *[Symbol.iterator](): Iterator<unknown> {
    if (!this.m) return;
    for (let i = 0; i < this.m.length; i++) yield this.group(i);
  }
}

class CsMatchCollection {
  constructor(readonly matches: CsMatch[]) {}
  [Symbol.iterator](): Iterator<unknown> {
    return this.matches[Symbol.iterator]();
  }
}

function firstMatch(r: CsRegex, input: string, info: CallInfo, start = 0): CsMatch {
  if (input === null) throw argumentNull('input');
  const re = r.re;
  if (r.options & RIGHT_TO_LEFT) {
    // Approximation of RegexOptions.RightToLeft: the last left-to-right match. It agrees with .NET
    // for patterns whose matches do not overlap differently when scanned backwards.
    return allMatches(r, input, info)[0] ?? new CsMatch(null, r, input, info);
  }
  re.lastIndex = start;
  return new CsMatch(guarded(() => re.exec(input), info), r, input, info);
}

function allMatches(r: CsRegex, input: string, info: CallInfo): CsMatch[] {
  if (input === null) throw argumentNull('input');
  const re = r.re;
  re.lastIndex = 0;
  const found = guarded(() => [...input.matchAll(re)], info).map((m) => new CsMatch(m as RegExpExecArray, r, input, info));
  return r.options & RIGHT_TO_LEFT ? found.reverse() : found;
}

/**
 * A .NET replacement pattern expanded for one match: $number (the longest prefix of the digits
 * that names a group), ${name}, $$, $&, $0, $` and $' (the text before and after the match), $+
 * (the last group), $_ (the whole input); anything else is literal, an unmatched group empty.
 * https://learn.microsoft.com/dotnet/standard/base-types/substitutions-in-regular-expressions
 */
function substitute(rep: string, m: RegExpExecArray, input: string): string {
  const groups = m.length - 1;
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i] as string;
    if (c !== '$' || i + 1 >= rep.length) {
      out += c;
      continue;
    }
    const e = rep[i + 1] as string;
    if (e === '$') {
      out += '$';
      i++;
    } else if (e === '&') {
      out += m[0];
      i++;
    } else if (e === '`') {
      out += input.slice(0, m.index);
      i++;
    } else if (e === "'") {
      out += input.slice(m.index + m[0].length);
      i++;
    } else if (e === '+') {
      out += groups > 0 ? (m[groups] ?? '') : m[0];
      i++;
    } else if (e === '_') {
      out += input;
      i++;
    } else if (e === '{') {
      const end = rep.indexOf('}', i + 2);
      const name = end < 0 ? '' : rep.slice(i + 2, end);
      const known = /^\d+$/.test(name) ? Number(name) <= groups : name !== '' && m.groups !== undefined && name in m.groups;
      if (!known) {
        out += c;
        continue;
      }
      out += (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? '';
      i = end;
    } else if (e >= '0' && e <= '9') {
      let j = i + 1;
      let n = -1;
      let at = i;
      let v = 0;
      while (j < rep.length && rep[j]! >= '0' && rep[j]! <= '9') {
        v = v * 10 + Number(rep[j]);
        if (v > groups) break;
        n = v;
        at = j;
        j++;
      }
      if (n < 0) {
        out += c;
        continue;
      }
      out += m[n] ?? '';
      i = at;
    } else out += c;
  }
  return out;
}

function replace(r: CsRegex, input: string, rep: unknown, info: CallInfo): string {
  if (input === null) throw argumentNull('input');
  const re = r.re;
  re.lastIndex = 0;
  if (rep instanceof CsDelegate) {
    return guarded(() => input.replace(re, (...args) => {
      const m = Object.assign([...args.slice(0, -2 - (typeof args[args.length - 1] === 'object' ? 1 : 0))], { index: 0, input }) as unknown as RegExpExecArray;
      const offset = args.find((a, i) => i > 0 && typeof a === 'number') as number;
      (m as { index: number }).index = offset;
      return String(rep.invoke([new CsMatch(m, r, input, info)]) ?? '');
    }), info);
  }
  const pattern = String(rep ?? '');
  return guarded(() => input.replace(re, (...args) => {
    const named = typeof args[args.length - 1] === 'object' ? (args[args.length - 1] as Record<string, string>) : undefined;
    const offset = args[args.length - (named ? 3 : 2)] as number;
    const m = Object.assign(args.slice(0, args.length - (named ? 3 : 2)) as string[], { index: offset, input, groups: named }) as unknown as RegExpExecArray;
    return substitute(pattern, m, input);
  }), info);
}

function regexMembers(): ReturnType<typeof method>[] {
  const rx = (p: string, o?: unknown): CsRegex => {
    if (p === null) throw argumentNull('pattern');
    return new CsRegex(p, optionsOf(o));
  };
  return [
    method('static bool IsMatch(string input, string pattern)', 'Whether the pattern matches anywhere in the input.', (_s, [i, p], info) => firstMatch(rx(p), i, info).success),
    method('static bool IsMatch(string input, string pattern, RegexOptions options)', 'Whether the pattern matches, with options.', (_s, [i, p, o], info) => firstMatch(rx(p, o), i, info).success),
    method('static Match Match(string input, string pattern)', 'The first match (check .Success).', (_s, [i, p], info) => firstMatch(rx(p), i, info)),
    method('static Match Match(string input, string pattern, RegexOptions options)', 'The first match, with options.', (_s, [i, p, o], info) => firstMatch(rx(p, o), i, info)),
    method('static MatchCollection Matches(string input, string pattern)', 'Every match.', (_s, [i, p], info) => new CsMatchCollection(allMatches(rx(p), i, info))),
    method('static MatchCollection Matches(string input, string pattern, RegexOptions options)', 'Every match, with options.', (_s, [i, p, o], info) => new CsMatchCollection(allMatches(rx(p, o), i, info))),
    method('static string Replace(string input, string pattern, string replacement)', 'Replaces every match ($1, ${name} refer to groups).', (_s, [i, p, rep], info) => replace(rx(p), i, rep, info)),
    method('static string Replace(string input, string pattern, string replacement, RegexOptions options)', 'Replaces every match, with options.', (_s, [i, p, rep, o], info) => replace(rx(p, o), i, rep, info)),
    method('static string Replace(string input, string pattern, MatchEvaluator evaluator)', 'Replaces every match with a function of the match.', (_s, [i, p, ev], info) => replace(rx(p), i, ev, info)),
    method('static string[] Split(string input, string pattern)', 'Splits at every match.', (_s, [i, p], info) => guarded(() => (i as string).split(rx(p).re), info)),
    method('static string Escape(string str)', 'Escapes regex metacharacters.', (_s, [str]) => (str as string).replace(/[\\*+?|{[()^$.#\s]/g, (c) => (c === ' ' ? '\\ ' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : `\\${c}`))),
    method('static string Unescape(string str)', 'Removes regex escapes: \\. becomes ., \\t a tab, \\n a newline, \\u0041 an A.', (_s, [str]) => {
      if (str === null) throw argumentNull('str');
      const simple: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v', a: '\x07', e: '\x1b' };
      return (str as string).replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => (e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : simple[e] ?? e));
    }),
  ];
}

bindClass(
  CsRegex,
  type({
    fullName: 'System.Text.RegularExpressions.Regex',
    doc: 'Regular expressions (.NET syntax; named groups (?<name>...)). Matches are time-limited.',
    allowed: ['Regex', 'IsMatch', 'Match', 'Matches', 'Replace', 'Unescape', 'Split'],
    isInstance: (v) => v instanceof CsRegex,
    members: [
      ctor('Regex(string pattern)', 'A compiled pattern.', ([p]) => new CsRegex(p, 0)),
      ctor('Regex(string pattern, RegexOptions options)', 'A compiled pattern with options.', ([p, o]) => new CsRegex(p, optionsOf(o))),
      ...regexMembers(),
      method('bool IsMatch(string input)', 'Whether the pattern matches the input.', (self: CsRegex, [i], info) => firstMatch(self, i, info).success),
      method('Match Match(string input)', 'The first match.', (self: CsRegex, [i], info) => firstMatch(self, i, info)),
      method('Match Match(string input, int startat)', 'The first match from a position.', (self: CsRegex, [i, at], info) => firstMatch(self, i, info, at)),
      method('MatchCollection Matches(string input)', 'Every match.', (self: CsRegex, [i], info) => new CsMatchCollection(allMatches(self, i, info))),
      method('string Replace(string input, string replacement)', 'Replaces every match.', (self: CsRegex, [i, rep], info) => replace(self, i, rep, info)),
      method('string Replace(string input, MatchEvaluator evaluator)', 'Replaces every match with a function of it.', (self: CsRegex, [i, ev], info) => replace(self, i, ev, info)),
      method('string[] Split(string input)', 'Splits at every match.', (self: CsRegex, [i], info) => guarded(() => (i as string).split(self.re), info)),
      method('string ToString()', 'The pattern.', (self: CsRegex) => self.pattern),
    ],
  }),
);

const groupMembers = [
  prop('string Value', 'The matched text ("" when the group did not match).', (self: CsGroup) => self.value),
  prop('int Index', 'Where the match starts in the input.', (self: CsGroup) => self.index),
  prop('int Length', 'The length of the matched text.', (self: CsGroup) => self.value.length),
  prop('bool Success', 'Whether it matched.', (self: CsGroup) => self.success),
  prop('string Name', 'The group name or number.', (self: CsGroup) => self.name),
  method('string ToString()', 'The matched text.', (self: CsGroup) => self.value),
];

bindClass(
  CsGroup,
  type({
    fullName: 'System.Text.RegularExpressions.Group',
    doc: 'One captured group of a match.',
    allowed: ['Captures', 'Success', 'Value', 'Index', 'Length'],
    isInstance: (v) => v instanceof CsGroup,
    members: [...groupMembers],
  }),
);

bindClass(
  CsMatch,
  type({
    fullName: 'System.Text.RegularExpressions.Match',
    doc: 'A regex match: Success, Value, Groups["name"].Value.',
    base: 'System.Text.RegularExpressions.Group',
    allowed: ['Empty', 'Groups', 'Result', 'Success', 'Value', 'Index', 'Length', 'NextMatch'],
    isInstance: (v) => v instanceof CsMatch,
    members: [
      prop('GroupCollection Groups', 'The captured groups, by number or name.', (self: CsMatch) => self.groups()),
      method('Match NextMatch()', 'The next match after this one.', (self: CsMatch) => self.next()),
      method('string Result(string replacement)', 'The replacement pattern expanded for this match.', (self: CsMatch, [rep]) => (self.m ? substitute(String(rep ?? ''), self.m, self.input) : '')),
    ],
  }),
);


bindClass(
  CsGroupCollection,
  type({
    fullName: 'System.Text.RegularExpressions.GroupCollection',
    doc: 'The groups of a match: Groups[1], Groups["name"].',
    allowed: ['Count', 'Item'],
    interfaces: ['System.Collections.Generic.IEnumerable`1'],
    isInstance: (v) => v instanceof CsGroupCollection,
    members: [
      prop('int Count', 'The number of groups, including group 0.', (self: CsGroupCollection) => (self.m ? self.m.length : 0)),
      indexer('Group this[int groupnum]', 'A group by number.', (self: CsGroupCollection, [i]) => self.group(i)),
      indexer('Group this[string groupname]', 'A group by name; an unsuccessful group when there is none.', (self: CsGroupCollection, [n]) => self.group(n)),
    ],
  }),
);

bindClass(
  CsMatchCollection,
  type({
    fullName: 'System.Text.RegularExpressions.MatchCollection',
    doc: 'Every match of a pattern.',
    interfaces: ['System.Collections.Generic.IEnumerable`1'],
    isInstance: (v) => v instanceof CsMatchCollection,
    members: [
      prop('int Count', 'The number of matches.', (self: CsMatchCollection) => self.matches.length),
      indexer('Match this[int i]', 'A match by position.', (self: CsMatchCollection, [i]) => {
        if (i < 0 || i >= self.matches.length) throw argumentOutOfRange('i');
        return self.matches[i];
      }),
    ],
  }),
);

type({ fullName: 'System.Text.RegularExpressions.MatchEvaluator', doc: 'A function from a Match to its replacement text.', base: 'System.Delegate', isInstance: (v) => v instanceof CsDelegate, members: [] });

// ------------------------------------------------------------------ Uri and WebUtility

export class CsUri {
  constructor(readonly url: URL, readonly original: string) {}
}

function parseUri(s: unknown): CsUri {
  if (s === null || s === undefined) throw argumentNull('uriString');
  try {
    return new CsUri(new URL(s as string), s as string);
  } catch {
    throw new DotNetException('System.UriFormatException', 'Invalid URI: The format of the URI could not be determined.');
  }
}

/** Uri.EscapeDataString: RFC 3986 unreserved characters stay, everything else is %XX (uppercase). */
export function escapeDataString(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

bindClass(
  CsUri,
  type({
    fullName: 'System.Uri',
    doc: 'An absolute URI and its parts; Uri.EscapeDataString for query values.',
    isInstance: (v) => v instanceof CsUri,
    members: [
      ctor('Uri(string uriString)', 'Parses an absolute URI; UriFormatException when it is not one.', ([s]) => parseUri(s)),
      method('static string EscapeDataString(string stringToEscape)', 'Percent-encodes everything but RFC 3986 unreserved characters.', (_s, [s]) => {
        if (s === null) throw argumentNull('stringToEscape');
        return escapeDataString(s);
      }),
      method('static string UnescapeDataString(string stringToUnescape)', 'Decodes %XX sequences.', (_s, [s]) => {
        if (s === null) throw argumentNull('stringToUnescape');
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      }),
      method('static string EscapeUriString(string stringToEscape)', 'Percent-encodes characters not allowed in a URI.', (_s, [s]) => encodeURI(s)),
      method('static bool IsWellFormedUriString(string uriString, UriKind uriKind)', 'Whether the text is a well-formed absolute URI, relative reference, or either (UriKind).', (_s, [s, kind]: [string, EnumValue]) => {
        if (s === null) return false;
        let absolute = false;
        try {
          absolute = /^[a-zA-Z][\w+.-]*:/.test(s) && !!new URL(s);
        } catch {
          absolute = false;
        }
        // A relative reference: no scheme, no spaces or characters that must be escaped.
        const relative = !/^[a-zA-Z][\w+.-]*:/.test(s) && /^[\w\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(s);
        return kind?.name === 'Absolute' ? absolute : kind?.name === 'Relative' ? relative : absolute || relative;
      }),
      method('static bool TryCreate(string uriString, UriKind uriKind, out Uri result)', 'Parses a URI; false when it is not one.', (_s, [s, _k, out]: [string, unknown, RefCell]) => {
        try {
          out.value = new CsUri(new URL(s), s);
          return true;
        } catch {
          out.value = null;
          return false;
        }
      }),
      prop('string Scheme', '"https".', (self: CsUri) => self.url.protocol.replace(/:$/, '')),
      prop('string Host', 'The host name.', (self: CsUri) => self.url.hostname),
      prop('int Port', 'The port (default for the scheme when absent).', (self: CsUri) => (self.url.port ? Number(self.url.port) : self.url.protocol === 'https:' ? 443 : self.url.protocol === 'http:' ? 80 : -1)),
      prop('string AbsolutePath', 'The path, "/a/b".', (self: CsUri) => self.url.pathname),
      prop('string AbsoluteUri', 'The whole URI, normalised.', (self: CsUri) => self.url.href),
      prop('string PathAndQuery', 'Path and query string.', (self: CsUri) => self.url.pathname + self.url.search),
      prop('string Query', 'The query string with its "?", or "".', (self: CsUri) => self.url.search),
      prop('string Fragment', 'The fragment with its "#", or "".', (self: CsUri) => self.url.hash),
      prop('string Authority', 'Host and port.', (self: CsUri) => self.url.host),
      prop('string[] Segments', 'The path segments, each with its trailing "/".', (self: CsUri) => self.url.pathname.split(/(?<=\/)/)),
      prop('bool IsAbsoluteUri', 'true.', () => true),
      method('string ToString()', 'The URI text (unescaped where safe).', (self: CsUri) => self.url.href),
      method('string GetLeftPart(UriPartial part)', 'The URI up to a part (Scheme, Authority, Path, Query).', (self: CsUri, [p]: [EnumValue]) => {
        const u = self.url;
        switch (p.name) {
          case 'Scheme':
            return `${u.protocol}//`;
          case 'Authority':
            return `${u.protocol}//${u.host}`;
          case 'Path':
            return `${u.protocol}//${u.host}${u.pathname}`;
          default:
            return `${u.protocol}//${u.host}${u.pathname}${u.search}`;
        }
      }),
    ],
  }),
);

enumType('System.UriKind', ['RelativeOrAbsolute', 'Absolute', 'Relative'], 'What kind of URI to accept.');
enumType('System.UriPartial', ['Scheme', 'Authority', 'Path', 'Query'], 'A part of a URI for GetLeftPart.');

/** WebUtility.UrlEncode's unreserved characters: letters, digits and - _ . ! * ( ). */
const URL_SAFE = /[A-Za-z0-9\-_.!*()]/;

function urlEncode(v: string): string {
  let out = '';
  for (const ch of wellFormed(v)) {
    if (ch === ' ') out += '+';
    else if (URL_SAFE.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** '+' is a space, %XX a byte; runs of bytes are UTF-8 (invalid ones U+FFFD); a '%' not followed by two hex digits stays. */
function urlDecode(v: string): string {
  let out = '';
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(v.slice(i + 1, i + 3))) {
      bytes.push(parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flush();
    out += c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

/** <, >, &, " and ' as entities; U+00A0–U+00FF and characters beyond the BMP as &#number;. */
function htmlEncode(v: string): string {
  let out = '';
  for (const ch of v) {
    const code = ch.codePointAt(0) as number;
    if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '&') out += '&amp;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else if ((code >= 160 && code < 256) || code > 0xffff) out += `&#${code};`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out;
}

/** HTML 4.01's named references and &apos;, &#number; and &#xhex;; anything else stays as written. */
function htmlDecode(v: string): string {
  if (!v.includes('&')) return v;
  return v.replace(/&(#[xX][0-9A-Fa-f]+|#\d+|[A-Za-z][A-Za-z0-9]*);/g, (all, ref: string) => {
    if (ref.startsWith('#')) {
      const code = /^#[xX]/.test(ref) ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : all;
    }
    return Object.hasOwn(HTML_ENTITIES, ref) ? String.fromCodePoint(HTML_ENTITIES[ref] as number) : all;
  });
}

type({
  fullName: 'System.Net.WebUtility',
  doc: 'URL and HTML encoding: WebUtility.UrlEncode(value).',
  members: [
    method('static string UrlEncode(string value)', 'Form-encodes: spaces become "+", other characters than letters, digits and - _ . ! * ( ) %XX of their UTF-8 bytes.', (_s, [v]) => (v === null ? null : urlEncode(v))),
    method('static string UrlDecode(string encodedValue)', 'Decodes "+" and %XX (UTF-8); a malformed escape stays as written.', (_s, [v]) => (v === null ? null : urlDecode(v))),
    method('static string HtmlEncode(string value)', 'Escapes <, >, &, quotes, and Latin-1 letters as &#number;.', (_s, [v]) => (v === null ? null : htmlEncode(v))),
    method('static string HtmlDecode(string value)', 'Decodes named (HTML 4.01) and numeric character references.', (_s, [v]) => (v === null ? null : htmlDecode(v))),
  ],
});

