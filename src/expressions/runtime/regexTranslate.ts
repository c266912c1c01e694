// .NET regular expression syntax that means something else in a JavaScript RegExp, rewritten to
// what .NET means: .NET's \w, \d and \s are Unicode classes (JS's are ASCII, or a different set),
// \b is a boundary of that \w, \p{Lu} is a Unicode category (JS without the u flag reads "p{Lu}"),
// '.' excludes only \n (JS also excludes \r, \u2028, \u2029), and ^ $ know only \n as a line end,
// where $ without Multiline also matches before a final \n. RegexOptions.ECMAScript keeps
// JavaScript's meanings, as .NET's own ECMAScript option does for \w \d \s.
// https://learn.microsoft.com/dotnet/standard/base-types/character-classes-in-regular-expressions

import { DotNetException } from './exceptions';

/** Code units of the Basic Multilingual Plane in a set, as class ranges ("a-z\u00aa…"). .NET matches UTF-16 code units. */
function rangesOf(test: (c: string) => boolean): string {
  let out = '';
  let start = -1;
  const hex = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;
  for (let c = 0; c <= 0x10000; c++) {
    const inSet = c < 0x10000 && test(String.fromCharCode(c));
    if (inSet && start < 0) start = c;
    else if (!inSet && start >= 0) {
      out += c - 1 === start ? hex(start) : `${hex(start)}-${hex(c - 1)}`;
      start = -1;
    }
  }
  return out;
}

const cache = new Map<string, string>();

function classRanges(key: string, test: () => (c: string) => boolean): string {
  let r = cache.get(key);
  if (r === undefined) {
    r = rangesOf(test());
    cache.set(key, r);
  }
  return r;
}

const unicode = (source: string): ((c: string) => boolean) => {
  const re = new RegExp(`^${source}$`, 'u');
  return (c) => re.test(c);
};

// .NET: \w is [\p{L}\p{Mn}\p{Nd}\p{Pc}], \d is \p{Nd}, \s is [\f\n\r\t\v\x85\p{Z}].
const WORD = (): string => classRanges('w', () => unicode('[\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}]'));
const NOT_WORD = (): string => classRanges('W', () => { const w = unicode('[\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}]'); return (c) => !w(c); });
const DIGIT = (): string => classRanges('d', () => unicode('\\p{Nd}'));
const NOT_DIGIT = (): string => classRanges('D', () => { const d = unicode('\\p{Nd}'); return (c) => !d(c); });
const SPACE = (): string => classRanges('s', () => unicode('[\\f\\n\\r\\t\\v\\x85\\p{Z}]'));
const NOT_SPACE = (): string => classRanges('S', () => { const s = unicode('[\\f\\n\\r\\t\\v\\x85\\p{Z}]'); return (c) => !s(c); });

/** The Unicode general categories .NET accepts in \p{…} (one or two letters). */
const CATEGORY = /^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/;

function category(name: string, negated: boolean): string {
  if (!CATEGORY.test(name)) {
    if (/^Is[A-Za-z]/.test(name)) throw new DotNetException('System.NotSupportedException', `The simulator does not know Unicode block names such as \\p{${name}}; use a general category (\\p{L}, \\p{Lu}, \\p{Nd}) or a character range.`);
    throw new DotNetException('System.ArgumentException', `Unknown property '${name}'.`);
  }
  return classRanges(`${negated ? 'P' : 'p'}${name}`, () => {
    const t = unicode(`\\p{${name === 'Cn' ? 'Cn' : name}}`);
    return negated ? (c) => !t(c) : t;
  });
}

export type TranslateOptions = { multiline: boolean; singleline: boolean; ecmaScript: boolean };

/** Rewrites a .NET pattern (already free of inline options and x-mode comments) into a JS pattern with the same meaning, for a RegExp without the m, s and u flags. */
export function translatePattern(p: string, o: TranslateOptions): string {
  let out = '';
  let inClass = false;
  const w = (): string => (o.ecmaScript ? 'A-Za-z0-9_' : WORD());
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      const e = p[i + 1];
      i++;
      if (e === undefined) throw new DotNetException('System.ArgumentException', `Invalid pattern '${p}': illegal \\ at end of pattern.`);
      if (o.ecmaScript && 'wWdDsS'.includes(e)) {
        out += `\\${e}`;
        continue;
      }
      const set = e === 'w' ? WORD() : e === 'W' ? NOT_WORD() : e === 'd' ? DIGIT() : e === 'D' ? NOT_DIGIT() : e === 's' ? SPACE() : e === 'S' ? NOT_SPACE() : undefined;
      if (set !== undefined) {
        out += inClass ? set : `[${set}]`;
        continue;
      }
      if ((e === 'p' || e === 'P') && p[i + 1] === '{') {
        const end = p.indexOf('}', i + 2);
        if (end < 0) throw new DotNetException('System.ArgumentException', `Invalid pattern '${p}': incomplete \\p{X} character escape.`);
        const ranges = category(p.slice(i + 2, end), e === 'P');
        i = end;
        out += inClass ? ranges : `[${ranges}]`;
        continue;
      }
      if (!inClass && (e === 'b' || e === 'B')) {
        const W = `[${w()}]`;
        out += e === 'b' ? `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))` : `(?:(?<=${W})(?=${W})|(?<!${W})(?!${W}))`;
        continue;
      }
      if (!inClass && e === 'A') {
        out += '(?<![\\s\\S])';
        continue;
      }
      if (!inClass && e === 'Z') {
        out += '(?=\\n?(?![\\s\\S]))';
        continue;
      }
      if (!inClass && e === 'z') {
        out += '(?![\\s\\S])';
        continue;
      }
      if (!inClass && e === 'G') throw new DotNetException('System.NotSupportedException', 'The simulator does not support \\G (contiguous matches) in a pattern.');
      out += `\\${e}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A ']' first in a class is a literal in .NET.
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '.') out += o.singleline ? '[\\s\\S]' : '[^\\n]';
    else if (c === '^') out += o.multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
    else if (c === '$') out += o.multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    else out += c;
  }
  return out;
}
