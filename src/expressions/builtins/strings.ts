// System.String, System.Char, StringComparison, StringSplitOptions and composite formatting
// (string.Format). Comparisons without a StringComparison are ordinal here; .NET uses the
// current culture for a few of them (StartsWith(string), CompareTo), which for the ASCII text
// of policies gives the same answers.

import { DotNetException, argumentNull, argumentOutOfRange, checkStringSize, formatError } from '../runtime/exceptions';
import { formatValue } from '../runtime/formatValue';
import { dotnetProfile } from '../runtime/dotnetProfile';
import { iterate } from '../runtime/iteration';
import { toDisplayString } from '../runtime/operators';
import type { CallInfo } from '../runtime/typeSystem';
import { CsChar, EnumValue, double } from '../runtime/values';
import { compareStringsCulture, enumType } from './core';
import { ctor, indexer, method, prop, type } from './define';

enumType('System.StringComparison', ['CurrentCulture', 'CurrentCultureIgnoreCase', 'InvariantCulture', 'InvariantCultureIgnoreCase', 'Ordinal', 'OrdinalIgnoreCase'], 'How strings compare: Ordinal, OrdinalIgnoreCase, ...');
enumType('System.StringSplitOptions', ['None', 'RemoveEmptyEntries', 'TrimEntries'], 'Options for String.Split.', [0, 1, 2]);

function ignoresCase(c: EnumValue | undefined): boolean {
  return c !== undefined && c.name.endsWith('IgnoreCase');
}

function norm(s: string, c: EnumValue | undefined): string {
  return ignoresCase(c) ? ordinalUpper(s) : s;
}

/**
 * Upper case as OrdinalIgnoreCase compares: simple case mapping, except that the dotless ı stays
 * (.NET's ordinal casing table leaves U+0131 alone, so "ı" and "I" differ ordinally).
 */
function ordinalUpper(s: string): string {
  return simpleUpper(s);
}

/**
 * Whether a StringComparison (or none: the default of IndexOf(string), StartsWith(string),
 * EndsWith(string), LastIndexOf(string) and Compare) compares by culture. The interpreter's culture
 * is the invariant one; culture comparisons treat canonically equivalent text as equal
 * ("e\u0301" and "é"), as ICU and NLS do.
 */
function byCulture(c: EnumValue | undefined): boolean {
  return c === undefined || !c.name.startsWith('Ordinal');
}

function cultureEquals(a: string, b: string, ignoreCase: boolean): boolean {
  if (a === b) return true;
  return a.localeCompare(b, 'en', { sensitivity: ignoreCase ? 'accent' : 'variant' }) === 0;
}

/** Printable ASCII and the ASCII white space: text a culture compares character by character. */
const PLAIN = /^[\t-\r\x20-\x7e]*$/;

/** Where `v` first (or last) occurs in `s` from `start`, compared ordinally or by culture. */
function find(s: string, v: string, start: number, c: EnumValue | undefined, last = false): number {
  const ignore = ignoresCase(c);
  if (!byCulture(c) || (PLAIN.test(s) && PLAIN.test(v))) {
    const a = ignore ? (byCulture(c) ? s.toLowerCase() : simpleUpper(s)) : s;
    const b = ignore ? (byCulture(c) ? v.toLowerCase() : simpleUpper(v)) : v;
    return last ? a.lastIndexOf(b, start) : a.indexOf(b, start);
  }
  // Culture search on other text: the first substring the culture finds equal. Canonically
  // equivalent forms differ in length, so every end is tried (long inputs: NFC text, ordinal search).
  if (s.length > 4096) return last ? s.normalize('NFC').lastIndexOf(v.normalize('NFC'), start) : s.normalize('NFC').indexOf(v.normalize('NFC'), start);
  if (v === '') return last ? Math.min(start, s.length) : start;
  const from = last ? Math.min(start, s.length - 1) : start;
  for (let i = from; last ? i >= 0 : i < s.length; last ? i-- : i++) {
    for (let j = i + 1; j <= s.length; j++) if (cultureEquals(s.slice(i, j), v, ignore)) return i;
  }
  return -1;
}

function startsWith(s: string, v: string, c: EnumValue | undefined): boolean {
  if (!byCulture(c) || (PLAIN.test(s) && PLAIN.test(v))) return norm(s, c).startsWith(norm(v, c));
  for (let j = 0; j <= s.length; j++) if (cultureEquals(s.slice(0, j), v, ignoresCase(c))) return true;
  return false;
}

function endsWith(s: string, v: string, c: EnumValue | undefined): boolean {
  if (!byCulture(c) || (PLAIN.test(s) && PLAIN.test(v))) return norm(s, c).endsWith(norm(v, c));
  for (let i = s.length; i >= 0; i--) if (cultureEquals(s.slice(i), v, ignoresCase(c))) return true;
  return false;
}

function equalsBy(a: string, b: string, c: EnumValue | undefined): boolean {
  return byCulture(c) ? cultureEquals(a, b, ignoresCase(c)) : norm(a, c) === norm(b, c);
}

function str(v: unknown): string {
  return v instanceof CsChar ? v.toString() : (v as string);
}

function need(v: unknown, name: string): string {
  if (v === null || v === undefined) throw argumentNull(name);
  return str(v);
}

function checkRange(s: string, start: number, length: number | undefined, param: string): void {
  if (start < 0 || start > s.length) throw argumentOutOfRange(param, 'startIndex cannot be larger than length of string.');
  if (length !== undefined && (length < 0 || start + length > s.length)) throw argumentOutOfRange('length', 'Index and length must refer to a location within the string.');
}

const WS = ' \t\n\v\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function trimChars(s: string, chars: string, start: boolean, end: boolean): string {
  let i = 0;
  let j = s.length;
  if (start) while (i < j && chars.includes(s[i] as string)) i++;
  if (end) while (j > i && chars.includes(s[j - 1] as string)) j--;
  return s.slice(i, j);
}

function charsOf(arr: unknown): string {
  if (arr === null || arr === undefined) return WS;
  const list = Array.isArray(arr) ? arr : [arr];
  return list.length === 0 ? WS : list.map(str).join('');
}

function split(s: string, separators: string[], count: number | undefined, options: number): string[] {
  const seps = separators.filter((x) => x.length > 0);
  let parts: string[];
  if (seps.length === 0) seps.push(...WS.split(''));
  parts = [];
  let cur = 0;
  let i = 0;
  const max = count ?? Number.MAX_SAFE_INTEGER;
  if (max === 0) return [];
  while (i <= s.length) {
    if (parts.length === max - 1) break;
    const hit = i < s.length ? seps.find((sep) => s.startsWith(sep, i)) : undefined;
    if (hit !== undefined) {
      parts.push(s.slice(cur, i));
      i += hit.length;
      cur = i;
    } else i++;
  }
  parts.push(s.slice(cur));
  if (options & 2) parts = parts.map((p) => trimChars(p, WS, true, true));
  if (options & 1) parts = parts.filter((p) => p.length > 0);
  return parts;
}

function splitOptions(v: unknown): number {
  return v instanceof EnumValue ? v.value : 0;
}

export function compareStrings(a: string | null, b: string | null, c?: EnumValue): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  if (c && c.name.startsWith('Ordinal')) {
    // .NET returns the difference of the first differing UTF-16 units (upper-cased when ignoring
    // case), else of the lengths: string.Compare("123", "abc", StringComparison.Ordinal) is -48.
    // OrdinalIgnoreCase: ASCII letters compare upper-cased and return that difference; other
    // characters that differ after case mapping return the difference of the originals (as
    // .NET's Ordinal.CompareStringIgnoreCase and OrdinalCasing do).
    const ignore = ignoresCase(c);
    // Ordinal: when either is empty .NET compares the first characters, the empty one's being '\0'
    // (string.Compare("abc", "", StringComparison.Ordinal) is 97).
    if (!ignore && (a.length === 0 || b.length === 0)) return (a.charCodeAt(0) || 0) - (b.charCodeAt(0) || 0);
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      let x = a.charCodeAt(i);
      let y = b.charCodeAt(i);
      if (x === y) continue;
      if (!ignore) return x - y;
      if (x < 0x80 && y < 0x80) {
        if (x >= 0x61 && x <= 0x7a) x -= 0x20;
        if (y >= 0x61 && y <= 0x7a) y -= 0x20;
        if (x !== y) return x - y;
        continue;
      }
      const ux = ordinalUpper(a[i] as string);
      const uy = ordinalUpper(b[i] as string);
      if (ux !== uy) return dotnetProfile().ordinalIgnoreCaseDiff === 'upper' ? ux.charCodeAt(0) - uy.charCodeAt(0) : x - y;
    }
    return a.length - b.length;
  }
  return ignoresCase(c) ? compareStringsCulture(a.toLowerCase(), b.toLowerCase()) : compareStringsCulture(a, b);
}

/** string.Format: `{index[,alignment][:format]}` with `{{` and `}}` escapes. */
export function compositeFormat(format: string, args: readonly unknown[], info: CallInfo): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c === '{') {
      if (format[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const close = format.indexOf('}', i);
      if (close < 0) throw formatError('Input string was not in a correct format.');
      const m = /^(\d+)\s*(?:,\s*(-?\d+))?\s*(?::(.*))?$/s.exec(format.slice(i + 1, close));
      if (!m) throw formatError('Input string was not in a correct format.');
      const index = Number(m[1]);
      if (index >= args.length) throw formatError('Index (zero based) must be greater than or equal to zero and less than the size of the argument list.');
      let text = formatValue(args[index], m[3], info);
      if (m[2]) {
        const w = Number(m[2]);
        text = w < 0 ? text.padEnd(-w) : text.padStart(w);
      }
      out += text;
      i = close;
    } else if (c === '}') {
      if (format[i + 1] === '}') i++;
      else throw formatError('Input string was not in a correct format.');
      out += '}';
    } else out += c;
  }
  return out;
}

function indexOf(s: string, value: unknown, start: number, comparison?: EnumValue): number {
  const v = need(value, 'value');
  checkRange(s, start, undefined, 'startIndex');
  return find(s, v, start, comparison);
}

const ORDINAL = { name: 'Ordinal' } as EnumValue;

type({
  fullName: 'System.String',
  alias: 'string',
  doc: 'Text. Immutable; compare with == (ordinal) or string.Equals(a, b, StringComparison.OrdinalIgnoreCase).',
  interfaces: ['System.Collections.Generic.IEnumerable`1'],
  isInstance: (v) => typeof v === 'string',
  members: [
    prop('int Length', 'The number of UTF-16 characters.', (s: string) => s.length),
    indexer('char this[int index]', 'The character at a position.', (s: string, [i]: [number]) => {
      if (i < 0 || i >= s.length) throw new DotNetException('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.');
      return CsChar.of(s.charCodeAt(i));
    }),
    prop('static string Empty', 'The empty string, "".', () => ''),
    ctor('String(char c, int count)', 'A character repeated count times.', ([c, n]) => {
      if (n < 0) throw argumentOutOfRange('count', 'Count cannot be less than zero.');
      checkStringSize(n);
      return str(c).repeat(n);
    }),
    ctor('String(char[] value)', 'A string of characters.', ([chars]) => (chars as unknown[]).map(str).join('')),
    method('static bool IsNullOrEmpty(string value)', 'Whether the string is null or "".', (_s, [v]) => v === null || v === undefined || v === ''),
    method('static bool IsNullOrWhiteSpace(string value)', 'Whether the string is null, "" or only white space.', (_s, [v]) => v === null || v === undefined || trimChars(v as string, WS, true, true) === ''),
    method('static string Join(string separator, params object[] values)', 'Joins values with a separator.', (_s, [sep, vals], info) => (vals as unknown[]).map((v) => toDisplayString(v, info)).join(sep ?? '')),
    method('static string Join(string separator, IEnumerable<T> values)', 'Joins a sequence with a separator.', (_s, [sep, vals], info) => [...iterate(vals)].map((v) => toDisplayString(v, info)).join(sep ?? '')),
    method('static string Join(char separator, params object[] values)', 'Joins values with a separator.', (_s, [sep, vals], info) => (vals as unknown[]).map((v) => toDisplayString(v, info)).join(str(sep))),
    method('static string Concat(params object[] values)', 'Concatenates the text of values.', (_s, [vals], info) => (vals as unknown[]).map((v) => toDisplayString(v, info)).join('')),
    method('static string Concat(IEnumerable<T> values)', 'Concatenates a sequence.', (_s, [vals], info) => [...iterate(vals)].map((v) => toDisplayString(v, info)).join('')),
    method('static string Format(string format, params object[] args)', 'Composite formatting: "{0}, {1:N2}".', (_s, [f, args], info) => compositeFormat(need(f, 'format'), args as unknown[], info)),
    method('static int Compare(string strA, string strB)', 'Orders two strings (invariant culture).', (_s, [a, b]) => compareStrings(a, b)),
    method('static int Compare(string strA, string strB, bool ignoreCase)', 'Orders two strings, optionally ignoring case.', (_s, [a, b, ic]) => compareStrings(a, b, ic ? ({ name: 'InvariantCultureIgnoreCase' } as EnumValue) : undefined)),
    method('static int Compare(string strA, string strB, StringComparison comparisonType)', 'Orders two strings with a comparison rule.', (_s, [a, b, c]) => compareStrings(a, b, c)),
    method('static int CompareOrdinal(string strA, string strB)', 'Orders two strings by UTF-16 code units.', (_s, [a, b]) => compareStrings(a, b, { name: 'Ordinal' } as EnumValue)),
    method('static bool Equals(string a, string b)', 'Ordinal equality, allowing nulls.', (_s, [a, b]) => a === b),
    method('static bool Equals(string a, string b, StringComparison comparisonType)', 'Equality with a comparison rule.', (_s, [a, b, c]) => (a === null || b === null ? a === b : equalsBy(a, b, c))),
    method('bool Equals(string value)', 'Ordinal equality.', (s: string, [v]) => s === v),
    method('bool Equals(string value, StringComparison comparisonType)', 'Equality with a comparison rule.', (s: string, [v, c]) => v !== null && equalsBy(s, v, c)),
    method('int CompareTo(string strB)', 'Orders this string against another (invariant culture).', (s: string, [b]) => compareStrings(s, b)),
    method('bool Contains(string value)', 'Whether the string contains a substring (ordinal).', (s: string, [v]) => s.includes(need(v, 'value'))),
    method('bool Contains(char value)', 'Whether the string contains a character.', (s: string, [v]) => s.includes(str(v))),
    method('bool Contains(string value, StringComparison comparisonType)', 'Whether the string contains a substring, with a comparison rule.', (s: string, [v, c]) => find(s, need(v, 'value'), 0, c) >= 0),
    method('bool Contains(char value, StringComparison comparisonType)', 'Whether the string contains a character, with a comparison rule.', (s: string, [v, c]) => find(s, str(v), 0, c) >= 0),
    method('bool StartsWith(string value)', 'Whether the string starts with a prefix (invariant culture).', (s: string, [v]) => startsWith(s, need(v, 'value'), undefined)),
    method('bool StartsWith(char value)', 'Whether the string starts with a character.', (s: string, [v]) => s.startsWith(str(v))),
    method('bool StartsWith(string value, StringComparison comparisonType)', 'Whether the string starts with a prefix, with a comparison rule.', (s: string, [v, c]) => startsWith(s, need(v, 'value'), c)),
    method('bool StartsWith(string value, bool ignoreCase, object culture)', 'Whether the string starts with a prefix (invariant culture).', (s: string, [v, ic]) => startsWith(s, need(v, 'value'), { name: ic ? 'InvariantCultureIgnoreCase' : 'InvariantCulture' } as EnumValue)),
    method('bool EndsWith(string value)', 'Whether the string ends with a suffix (invariant culture).', (s: string, [v]) => endsWith(s, need(v, 'value'), undefined)),
    method('bool EndsWith(char value)', 'Whether the string ends with a character.', (s: string, [v]) => s.endsWith(str(v))),
    method('bool EndsWith(string value, StringComparison comparisonType)', 'Whether the string ends with a suffix, with a comparison rule.', (s: string, [v, c]) => endsWith(s, need(v, 'value'), c)),
    method('int IndexOf(string value)', 'The first position of a substring (invariant culture), or -1.', (s: string, [v]) => indexOf(s, v, 0)),
    method('int IndexOf(char value)', 'The first position of a character, or -1.', (s: string, [v]) => s.indexOf(str(v))),
    method('int IndexOf(string value, int startIndex)', 'The first position of a substring from startIndex, or -1.', (s: string, [v, i]) => indexOf(s, v, i)),
    method('int IndexOf(char value, int startIndex)', 'The first position of a character from startIndex, or -1.', (s: string, [v, i]) => indexOf(s, v, i, ORDINAL)),
    method('int IndexOf(char value, int startIndex, int count)', 'The first position of a character among count characters from startIndex, or -1.', (s: string, [v, i, n]) => {
      checkRange(s, i, n, 'startIndex');
      const at = s.indexOf(str(v), i);
      return at >= 0 && at < i + n ? at : -1;
    }),
    method('int IndexOf(string value, StringComparison comparisonType)', 'The first position of a substring with a comparison rule, or -1.', (s: string, [v, c]) => indexOf(s, v, 0, c)),
    method('int IndexOf(string value, int startIndex, StringComparison comparisonType)', 'The first position from startIndex, with a comparison rule.', (s: string, [v, i, c]) => indexOf(s, v, i, c)),
    method('int IndexOfAny(char[] anyOf)', 'The first position of any of the characters, or -1.', (s: string, [chars]) => {
      const set = charsOf(chars);
      for (let i = 0; i < s.length; i++) if (set.includes(s[i] as string)) return i;
      return -1;
    }),
    method('int LastIndexOf(string value)', 'The last position of a substring (invariant culture), or -1.', (s: string, [v]) => find(s, need(v, 'value'), s.length, undefined, true)),
    method('int LastIndexOf(char value)', 'The last position of a character, or -1.', (s: string, [v]) => s.lastIndexOf(str(v))),
    method('int LastIndexOf(string value, StringComparison comparisonType)', 'The last position with a comparison rule, or -1.', (s: string, [v, c]) => find(s, need(v, 'value'), s.length, c, true)),
    method('int LastIndexOf(char value, int startIndex)', 'The last position of a character at or before startIndex, or -1.', (s: string, [v, i]) => {
      if (s.length > 0 && (i < 0 || i >= s.length)) throw argumentOutOfRange('startIndex', 'Index was out of range. Must be non-negative and less than the size of the collection.');
      return s.lastIndexOf(str(v), i);
    }),
    method('string Substring(int startIndex)', 'The rest of the string from a position.', (s: string, [i]) => {
      checkRange(s, i, undefined, 'startIndex');
      return s.slice(i);
    }),
    method('string Substring(int startIndex, int length)', 'length characters from a position.', (s: string, [i, n]) => {
      checkRange(s, i, n, 'startIndex');
      return s.substr(i, n);
    }),
    method('string ToUpper()', 'Upper case, character by character (ß stays ß).', (s: string) => simpleUpper(s)),
    method('string ToLower()', 'Lower case, character by character.', (s: string) => simpleLower(s)),
    method('string ToUpperInvariant()', 'Upper case, invariant culture, character by character (ß stays ß).', (s: string) => simpleUpper(s)),
    method('string ToLowerInvariant()', 'Lower case, invariant culture, character by character.', (s: string) => simpleLower(s)),
    method('string Trim()', 'Without leading and trailing white space.', (s: string) => trimChars(s, WS, true, true)),
    method('string Trim(params char[] trimChars)', 'Without leading and trailing characters of a set.', (s: string, [c]) => trimChars(s, charsOf(c), true, true)),
    method('string TrimStart()', 'Without leading white space.', (s: string) => trimChars(s, WS, true, false)),
    method('string TrimStart(params char[] trimChars)', 'Without leading characters of a set.', (s: string, [c]) => trimChars(s, charsOf(c), true, false)),
    method('string TrimEnd()', 'Without trailing white space.', (s: string) => trimChars(s, WS, false, true)),
    method('string TrimEnd(params char[] trimChars)', 'Without trailing characters of a set.', (s: string, [c]) => trimChars(s, charsOf(c), false, true)),
    method('string[] Split(params char[] separator)', 'Splits at any of the characters (white space when none).', (s: string, [seps]) => split(s, (seps as unknown[]).map(str), undefined, 0)),
    method('string[] Split(char separator, StringSplitOptions options)', 'Splits at a character.', (s: string, [sep, o]) => split(s, [str(sep)], undefined, splitOptions(o))),
    method('string[] Split(char separator, int count, StringSplitOptions options = None)', 'Splits at a character into at most count parts.', (s: string, [sep, n, o]) => split(s, [str(sep)], n, splitOptions(o))),
    method('string[] Split(char[] separator, int count)', 'Splits into at most count parts.', (s: string, [seps, n]) => split(s, (seps as unknown[]).map(str), n, 0)),
    method('string[] Split(char[] separator, StringSplitOptions options)', 'Splits at any of the characters.', (s: string, [seps, o]) => split(s, (seps as unknown[]).map(str), undefined, splitOptions(o))),
    method('string[] Split(string separator, StringSplitOptions options = None)', 'Splits at a substring.', (s: string, [sep, o]) => split(s, [sep ?? ''], undefined, splitOptions(o))),
    method('string[] Split(string[] separator, StringSplitOptions options)', 'Splits at any of the substrings.', (s: string, [seps, o]) => split(s, seps as string[], undefined, splitOptions(o))),
    method('string[] Split(string separator, int count, StringSplitOptions options = None)', 'Splits at a substring into at most count parts.', (s: string, [sep, n, o]) => split(s, [sep ?? ''], n, splitOptions(o))),
    method('string Replace(string oldValue, string newValue)', 'Replaces every occurrence (ordinal).', (s: string, [a, b]) => {
      const from = need(a, 'oldValue');
      if (from === '') throw new DotNetException('System.ArgumentException', "String cannot be of zero length. (Parameter 'oldValue')");
      return s.split(from).join(b ?? '');
    }),
    method('string Replace(char oldChar, char newChar)', 'Replaces every occurrence of a character.', (s: string, [a, b]) => s.split(str(a)).join(str(b))),
    method('string Replace(string oldValue, string newValue, StringComparison comparisonType)', 'Replaces every occurrence with a comparison rule.', (s: string, [a, b, c]) => {
      const from = need(a, 'oldValue');
      if (!ignoresCase(c)) return s.split(from).join(b ?? '');
      return s.replace(new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), () => b ?? '');
    }),
    method('string Insert(int startIndex, string value)', 'Inserts text at a position.', (s: string, [i, v]) => {
      checkRange(s, i, undefined, 'startIndex');
      return s.slice(0, i) + need(v, 'value') + s.slice(i);
    }),
    method('string Remove(int startIndex)', 'Removes everything from a position.', (s: string, [i]) => {
      if (i < 0 || i >= s.length) throw argumentOutOfRange('startIndex', 'startIndex must be less than length of string.');
      return s.slice(0, i);
    }),
    method('string Remove(int startIndex, int count)', 'Removes count characters from a position.', (s: string, [i, n]) => {
      checkRange(s, i, n, 'startIndex');
      return s.slice(0, i) + s.slice(i + n);
    }),
    method('string PadLeft(int totalWidth)', 'Right-aligns with spaces.', (s: string, [w]) => (checkStringSize(w), s.padStart(w))),
    method('string PadLeft(int totalWidth, char paddingChar)', 'Right-aligns with a character.', (s: string, [w, c]) => (checkStringSize(w), s.padStart(w, str(c)))),
    method('string PadRight(int totalWidth)', 'Left-aligns with spaces.', (s: string, [w]) => (checkStringSize(w), s.padEnd(w))),
    method('string PadRight(int totalWidth, char paddingChar)', 'Left-aligns with a character.', (s: string, [w, c]) => (checkStringSize(w), s.padEnd(w, str(c)))),
    method('char[] ToCharArray()', 'The characters as an array.', (s: string) => [...s].flatMap((ch) => ch.split('').map((u) => CsChar.of(u.charCodeAt(0))))),
    method('string ToString()', 'The string itself.', (s: string) => s),
    method('string Normalize()', 'Unicode normalization form C.', (s: string) => s.normalize('NFC')),
  ],
});

function charTest(re: RegExp): (s: unknown, a: [CsChar | string, number?]) => boolean {
  return (_s, [c, i]) => {
    const ch = typeof c === 'string' ? (c[i ?? 0] ?? '') : c.toString();
    return re.test(ch);
  };
}

type({
  fullName: 'System.Char',
  alias: 'char',
  doc: "A UTF-16 character: 'a'.",
  valueType: true,
  isInstance: (v) => v instanceof CsChar,
  members: [
    method('static bool IsDigit(char c)', 'Whether the character is a decimal digit.', charTest(/^\p{Nd}$/u)),
    method('static bool IsDigit(string s, int index)', 'Whether the character at a position is a decimal digit.', charTest(/^\p{Nd}$/u)),
    method('static bool IsLetter(char c)', 'Whether the character is a letter.', charTest(/^\p{L}$/u)),
    method('static bool IsLetterOrDigit(char c)', 'Whether the character is a letter or digit.', charTest(/^[\p{L}\p{Nd}]$/u)),
    method('static bool IsWhiteSpace(char c)', 'Whether the character is white space.', charTest(/^\s$/u)),
    method('static bool IsUpper(char c)', 'Whether the character is upper case.', charTest(/^\p{Lu}$/u)),
    method('static bool IsLower(char c)', 'Whether the character is lower case.', charTest(/^\p{Ll}$/u)),
    method('static bool IsPunctuation(char c)', 'Whether the character is punctuation.', charTest(/^\p{P}$/u)),
    method('static char ToUpper(char c)', 'Upper case.', (_s, [c]: [CsChar]) => CsChar.of(simpleUpper(c.toString()).charCodeAt(0))),
    method('static char ToLower(char c)', 'Lower case.', (_s, [c]: [CsChar]) => CsChar.of(simpleLower(c.toString()).charCodeAt(0))),
    method('static char ToUpperInvariant(char c)', 'Upper case.', (_s, [c]: [CsChar]) => CsChar.of(simpleUpper(c.toString()).charCodeAt(0))),
    method('static char ToLowerInvariant(char c)', 'Lower case.', (_s, [c]: [CsChar]) => CsChar.of(simpleLower(c.toString()).charCodeAt(0))),
    method('static char Parse(string s)', 'The single character of a one-character string.', (_s, [s]) => {
      if (s === null) throw argumentNull('s');
      if ((s as string).length !== 1) throw formatError('String must be exactly one character long.');
      return CsChar.of((s as string).charCodeAt(0));
    }),
    method('static double GetNumericValue(char c)', 'The digit value, or -1.', (_s, [c]: [CsChar]) => {
      const n = c.code - 48;
      return double(n >= 0 && n <= 9 ? n : -1);
    }),
    prop('static char MinValue', "'\\0'.", () => CsChar.of(0)),
    prop('static char MaxValue', "'\\uffff'.", () => CsChar.of(0xffff)),
    method('string ToString()', 'A one-character string.', (c: CsChar) => c.toString()),
    method('bool Equals(char obj)', 'Whether two characters are equal.', (c: CsChar, [o]) => o instanceof CsChar && o.code === c.code),
    method('int CompareTo(char value)', 'The difference of the two UTF-16 codes, as .NET returns it.', (c: CsChar, [o]: [CsChar]) => c.code - o.code),
  ],
});

/**
 * .NET's casing maps each character to one character (Unicode simple case mapping): "Straße" is
 * "STRAßE", a final Σ is σ, and İ lowers to i. JavaScript's full mapping can change the length
 * ("ß" → "SS") and looks at context (final sigma), so non-ASCII text is mapped a character at a time.
 */
export function simpleUpper(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) {
    // The invariant culture keeps the dotless ı (as Windows does; .NET special-cases ICU to match).
    const u = ch === '\u0131' ? ch : ch.toUpperCase();
    out += u.length === ch.length ? u : ch;
  }
  return out;
}

export function simpleLower(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    // The invariant culture keeps İ (U+0130) as it is, as Windows does.
    const l = ch === '\u0130' ? ch : ch.toLowerCase();
    out += l.length === ch.length ? l : l.slice(0, ch.length);
  }
  return out;
}
