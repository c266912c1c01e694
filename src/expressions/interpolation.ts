// C#'s own lexing of interpolated strings, for the few the tree-sitter grammar gets wrong: it reads
// `$"{{{x}}}"` as text (C#: "{" + x + "}") and is thrown by a brace inside a string literal in a
// hole (`$"{x + "}"}"`). parseProcessed replaces such a string by an identifier of the same length
// before tree-sitter sees the expression, and the AST builder parses each hole on its own.

/** A hole `{expr,alignment:format}`, by offsets into the text lexed. */
export interface LexedHole {
  readonly start: number;
  readonly end: number;
  readonly alignment?: { readonly start: number; readonly end: number };
  readonly format?: string;
  /** Where the whole `{…}` is. */
  readonly outer: { readonly start: number; readonly end: number };
}

export interface LexedInterpolation {
  readonly start: number;
  /** After the closing quote. */
  readonly end: number;
  readonly parts: readonly (string | LexedHole)[];
}

/** Skips a C# string or char literal starting at `i` (regular, verbatim, interpolated); returns the index after it, or -1 when unclosed. */
function skipLiteral(text: string, i: number): number {
  let j = i;
  let verbatim = false;
  let interpolated = false;
  while (text[j] === '@' || text[j] === '$') {
    if (text[j] === '@') verbatim = true;
    else interpolated = true;
    j++;
  }
  const q = text[j];
  if (q !== '"' && q !== "'") return i + 1;
  if (interpolated) {
    const lexed = lexInterpolated(text, i);
    return lexed ? lexed.end : -1;
  }
  for (j++; j < text.length; j++) {
    const ch = text[j];
    if (!verbatim && ch === '\\') {
      j++;
      continue;
    }
    if (ch === q) {
      if (verbatim && text[j + 1] === q) {
        j++;
        continue;
      }
      return j + 1;
    }
  }
  return -1;
}

/** Lexes the interpolated string starting at `start` (`$"`, `$@"` or `@$"`); undefined when it is not one or not closed. */
export function lexInterpolated(text: string, start: number): LexedInterpolation | undefined {
  let i = start;
  let verbatim = false;
  let dollar = false;
  while (text[i] === '@' || text[i] === '$') {
    if (text[i] === '@') verbatim = true;
    else dollar = true;
    i++;
  }
  if (!dollar || text[i] !== '"' || text.startsWith('"""', i)) return undefined;
  i++;
  const parts: (string | LexedHole)[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) parts.push(literal);
    literal = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      if (verbatim && text[i + 1] === '"') {
        literal += '"';
        i += 2;
        continue;
      }
      flush();
      return { start, end: i + 1, parts };
    }
    if (!verbatim && ch === '\\') {
      literal += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
      continue;
    }
    if (ch === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
      continue;
    }
    if (ch === '{') {
      const hole = lexHole(text, i);
      if (!hole) return undefined;
      flush();
      parts.push(hole);
      i = hole.outer.end;
      continue;
    }
    literal += ch;
    i++;
  }
  return undefined;
}

/** A hole from its `{`: the expression up to `,` or `:` or `}` at depth 0, outside literals. */
function lexHole(text: string, open: number): LexedHole | undefined {
  let depth = 0;
  let i = open + 1;
  const exprStart = i;
  let exprEnd = -1;
  let alignStart = -1;
  let alignEnd = -1;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'" || ((ch === '@' || ch === '$') && /^[@$]{1,2}"/.test(text.slice(i, i + 3)))) {
      const after = skipLiteral(text, i);
      if (after < 0) return undefined;
      i = after - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    else if (depth === 0 && ch === ',' && exprEnd < 0) {
      exprEnd = i;
      alignStart = i + 1;
    } else if (depth === 0 && ch === ':' && text[i + 1] !== ':' && text[i - 1] !== ':') {
      if (exprEnd < 0) exprEnd = i;
      else if (alignStart >= 0 && alignEnd < 0) alignEnd = i;
      const close = text.indexOf('}', i + 1);
      if (close < 0) return undefined;
      return { start: exprStart, end: exprEnd, ...(alignStart >= 0 ? { alignment: { start: alignStart, end: alignEnd } } : {}), format: text.slice(i + 1, close), outer: { start: open, end: close + 1 } };
    } else if (depth === 0 && ch === '}') {
      if (exprEnd < 0) exprEnd = i;
      else if (alignStart >= 0 && alignEnd < 0) alignEnd = i;
      return { start: exprStart, end: exprEnd, ...(alignStart >= 0 ? { alignment: { start: alignStart, end: alignEnd } } : {}), outer: { start: open, end: i + 1 } };
    }
  }
  return undefined;
}

/**
 * The interpolated strings of an expression's text that tree-sitter would misread: with a run of
 * three braces (a doubled brace next to a hole) or a brace inside a literal in a hole.
 */
export function interpolationsNeedingLexer(text: string): LexedInterpolation[] {
  const out: LexedInterpolation[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (ch !== '"' && ch !== "'" && !((ch === '$' || ch === '@') && /^[@$]{1,2}"/.test(text.slice(i, i + 3)))) continue;
    const isInterpolated = (ch === '$' || ch === '@') && text.slice(i, i + 3).includes('$');
    if (isInterpolated) {
      const lexed = lexInterpolated(text, i);
      if (!lexed) return out;
      const raw = text.slice(lexed.start, lexed.end);
      const braceInHoleLiteral = lexed.parts.some((p) => typeof p !== 'string' && /["'][^"']*[{}]/.test(text.slice(p.start, p.end)));
      if (/\{\{\{|\}\}\}/.test(raw) || braceInHoleLiteral) out.push(lexed);
      i = lexed.end - 1;
      continue;
    }
    const after = skipLiteral(text, i);
    if (after < 0) return out;
    i = after - 1;
  }
  return out;
}
