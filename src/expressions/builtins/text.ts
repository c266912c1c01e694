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
import { ctor, indexer, method, prop, type } from './define';

// ------------------------------------------------------------------ StringBuilder

export class StringBuilder {
  constructor(public text = '') {}
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
      method('StringBuilder Insert(int index, string value)', 'Inserts text.', (self: StringBuilder, [i, v]) => {
        if (i < 0 || i > self.text.length) throw argumentOutOfRange('index');
        self.text = self.text.slice(0, i) + (v ?? '') + self.text.slice(i);
        return self;
      }),
      method('StringBuilder Remove(int startIndex, int length)', 'Removes characters.', (self: StringBuilder, [i, n]) => {
        if (i < 0 || n < 0 || i + n > self.text.length) throw argumentOutOfRange('length');
        self.text = self.text.slice(0, i) + self.text.slice(i + n);
        return self;
      }),
      method('StringBuilder Replace(string oldValue, string newValue)', 'Replaces every occurrence.', (self: StringBuilder, [a, b]) => {
        self.text = self.text.split(a).join(b ?? '');
        return self;
      }),
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
    readonly name: string,
    readonly encode: (s: string) => Uint8Array,
    readonly decode: (b: Uint8Array) => string,
  ) {}
}

const ENCODINGS = {
  UTF8: new CsEncoding('utf-8', (s) => new Uint8Array(Buffer.from(s, 'utf8')), (b) => Buffer.from(b).toString('utf8')),
  ASCII: new CsEncoding('us-ascii', (s) => new Uint8Array([...s].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 63))), (b) => [...b].map((x) => String.fromCharCode(x < 128 ? x : 63)).join('')),
  Unicode: new CsEncoding('utf-16', (s) => new Uint8Array(Buffer.from(s, 'utf16le')), (b) => Buffer.from(b).toString('utf16le')),
  Latin1: new CsEncoding('iso-8859-1', (s) => new Uint8Array(Buffer.from(s, 'latin1')), (b) => Buffer.from(b).toString('latin1')),
};

bindClass(
  CsEncoding,
  type({
    fullName: 'System.Text.Encoding',
    doc: 'Text to bytes and back: Encoding.UTF8.GetBytes(s).',
    isInstance: (v) => v instanceof CsEncoding,
    members: [
      ...Object.entries(ENCODINGS).map(([n, e]) => prop(`static Encoding ${n}`, `The ${e.name} encoding.`, () => e)),
      method('byte[] GetBytes(string s)', 'The bytes of a string.', (self: CsEncoding, [s]) => {
        if (s === null) throw argumentNull('s');
        return byteArray(self.encode(s));
      }),
      method('string GetString(byte[] bytes)', 'The string of bytes.', (self: CsEncoding, [b]) => self.decode(toBytes(b))),
      method('string GetString(byte[] bytes, int index, int count)', 'The string of part of the bytes.', (self: CsEncoding, [b, i, n]) => self.decode(toBytes(b).slice(i, i + n))),
      method('int GetByteCount(string s)', 'How many bytes the string takes.', (self: CsEncoding, [s]) => self.encode(s ?? '').length),
      prop('string WebName', 'The IANA name.', (self: CsEncoding) => self.name),
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
  if (opts & 2) flags += 'm';
  if (opts & 16) flags += 's';
  if (opts & 32) p = p.replace(/\\#/g, '\u0000').replace(/#.*$/gm, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  p = p.replace(/\(\?'(\w+)'/g, '(?<$1>').replace(/\\A/g, '^').replace(/\\[Zz]/g, '$');
  if (opts & 4) p = withoutNumberedGroups(p);
  if (/\(\?[imnsx-]+[:)]/.test(p)) throw new DotNetException('System.NotSupportedException', 'Inline regex options inside a pattern are not supported by the simulator; pass RegexOptions instead.');
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
    private readonly input: string,
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

/** .NET replacement patterns: $1, ${name}, $$, $& — the same as JS apart from ${name}. */
function jsReplacement(rep: string): string {
  return rep.replace(/\$\{(\w+)\}/g, (_m, n: string) => (/^\d+$/.test(n) ? `$${n}` : `$<${n}>`));
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
  return guarded(() => input.replace(re, jsReplacement(String(rep ?? ''))), info);
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
      method('string Result(string replacement)', 'The replacement pattern expanded for this match.', (self: CsMatch, [rep]) => (self.m ? self.m[0].replace(new RegExp(escapeRegExp(self.m[0])), () => expand(self.m as RegExpExecArray, rep)) : '')),
    ],
  }),
);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function expand(m: RegExpExecArray, rep: string): string {
  return rep.replace(/\$(\d+|\{(\w+)\}|\$|&)/g, (all, a: string, name?: string) => {
    if (a === '$') return '$';
    if (a === '&') return m[0];
    if (name !== undefined) return (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? '';
    return m[Number(a)] ?? all;
  });
}

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

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

type({
  fullName: 'System.Net.WebUtility',
  doc: 'URL and HTML encoding: WebUtility.UrlEncode(value).',
  members: [
    method('static string UrlEncode(string value)', 'Form-encodes: spaces become "+", others %XX.', (_s, [v]) => (v === null ? null : encodeURIComponent(v).replace(/%20/g, '+').replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))),
    method('static string UrlDecode(string encodedValue)', 'Decodes "+" and %XX.', (_s, [v]) => {
      if (v === null) return null;
      try {
        return decodeURIComponent((v as string).replace(/\+/g, ' '));
      } catch {
        return v;
      }
    }),
    method('static string HtmlEncode(string value)', 'Escapes &, <, >, quotes.', (_s, [v]) => (v === null ? null : (v as string).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string))),
    method('static string HtmlDecode(string value)', 'Decodes HTML entities.', (_s, [v]) =>
      v === null
        ? null
        : (v as string)
            .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
            .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCharCode(parseInt(n, 16)))
            .replace(/&(amp|lt|gt|quot|apos);/g, (_m, n: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[n] as string)),
  ],
});

