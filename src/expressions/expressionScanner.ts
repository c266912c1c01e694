// Finds where a policy expression ends in raw policy text, without parsing it: balanced
// parentheses or braces, skipping C# string, verbatim, interpolated, raw and char literals and
// comments, and treating `&quot;` as a quote (XML-encoded policies). The policy scanner uses it
// so that raw `"`, `<` and `&&` inside expressions never end an attribute or start a tag.

/**
 * `text[start]` is `@` followed by `(` or `{`. Returns the index just after the matching `)` or
 * `}`, or -1 when the expression is not closed before `limit` (default: end of text).
 */
export function findExpressionEnd(text: string, start: number, limit = text.length): number {
  const open = text[start + 1];
  if (text[start] !== '@' || (open !== '(' && open !== '{')) return -1;
  const stack: string[] = [open === '(' ? ')' : '}'];
  let i = start + 2;
  while (i < limit) {
    const code = text.charCodeAt(i);
    // Fast path: characters that change nothing.
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90 && code !== 91) || (code >= 97 && code <= 122) || code === 32 || code === 46 || code === 44 || code === 95) {
      i++;
      continue;
    }
    const c = text[i] as string;
    if (c === '&' && text.startsWith('&quot;', i)) {
      i = skipString(text, i + 6, limit, '&quot;', false);
      continue;
    }
    if (c === '"') {
      const raw = text.startsWith('"""', i);
      if (raw) {
        const q = /^"+/.exec(text.slice(i, i + 64))?.[0] ?? '"""';
        const end = text.indexOf(q, i + q.length);
        i = end < 0 || end >= limit ? limit : end + q.length;
        continue;
      }
      const prefix = prefixOf(text, i);
      i = prefix.interpolated ? skipInterpolated(text, i + 1, limit, prefix.verbatim) : skipString(text, i + 1, limit, '"', prefix.verbatim);
      continue;
    }
    if (c === "'") {
      i = skipString(text, i + 1, limit, "'", false);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? limit : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? limit : end + 2;
      continue;
    }
    if (c === '(') stack.push(')');
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === ')' || c === '}' || c === ']') {
      if (stack[stack.length - 1] === c) stack.pop();
      else return -1; // mismatched: not a well-formed expression
      if (stack.length === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

function prefixOf(text: string, quote: number): { verbatim: boolean; interpolated: boolean } {
  const a = text[quote - 1];
  const b = text[quote - 2];
  const verbatim = a === '@' || (a === '$' && b === '@');
  const interpolated = a === '$' || (a === '@' && b === '$');
  return { verbatim, interpolated };
}

/** Index after the closing delimiter of a string or char literal. */
function skipString(text: string, i: number, limit: number, close: string, verbatim: boolean): number {
  while (i < limit) {
    if (!verbatim && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(close, i)) {
      if (verbatim && text.startsWith(close + close, i)) {
        i += close.length * 2;
        continue;
      }
      return i + close.length;
    }
    i++;
  }
  return limit;
}

/** `$"...{expr}..."`: holes hold expressions with their own strings and braces. */
function skipInterpolated(text: string, i: number, limit: number, verbatim: boolean): number {
  while (i < limit) {
    const c = text[i];
    if (!verbatim && c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') {
      if (verbatim && text[i + 1] === '"') {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (c === '{') {
      if (text[i + 1] === '{') {
        i += 2;
        continue;
      }
      // A hole: scan as an expression body until its matching '}'.
      const end = findExpressionEnd(`@{${text.slice(i + 1, limit)}`, 0);
      if (end < 0) return limit;
      i = i + 1 + (end - 2);
      continue;
    }
    if (c === '}' && text[i + 1] === '}') {
      i += 2;
      continue;
    }
    i++;
  }
  return limit;
}

/** Every expression in a policy text: where it starts and its raw text. Used by tests and tools. */
export function findExpressions(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '@' || (text[i + 1] !== '(' && text[i + 1] !== '{')) continue;
    // Only at the start of a value: right after a quote or a tag's '>', ignoring white space.
    let j = i - 1;
    while (j >= 0 && /\s/.test(text[j] as string)) j--;
    const before = text[j];
    if (before !== '"' && before !== "'" && before !== '>') continue;
    const end = findExpressionEnd(text, i);
    if (end < 0) continue;
    out.push({ start: i, text: text.slice(i, end) });
    i = end - 1;
  }
  return out;
}
