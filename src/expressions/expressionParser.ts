// Entry point for parsing a policy expression as it appears in a policy document: the raw
// attribute value or element text, at its document offset. Call `await loadCSharpParser()`
// once before the first parse (the editor does it when the first policy opens).

import { error } from '../common/diagnostic';
import { findExpressionEnd } from './expressionScanner';
import { processExpression } from './expressionSource';
import { parseProcessed, parseProcessedMany, type ParseResult } from './astBuilder';

export { loadCSharpParser } from './csharpTreeSitter';
export type { ParseResult } from './astBuilder';

/**
 * Parses `value` when it is an expression (`@(...)` or `@{...}`); undefined when it is plain text.
 * `resolveNamedValue` substitutes `{{name}}` before parsing, as the gateway does; without it,
 * named values outside string literals parse as `namedValue` nodes.
 */
/**
 * The longest expression checked or run, in characters. The whole policy document of a v2 tier may
 * be 16 KiB; a longer expression is not something to parse on every keystroke (a 10 MB one takes the
 * C# parser's WebAssembly down for the rest of the process). [U] Classic tiers' limit unverified.
 */
export const MAX_EXPRESSION_CHARS = 64 * 1024;

export function parsePolicyExpression(value: string, offset = 0, resolveNamedValue?: (name: string) => string | undefined): ParseResult | undefined {
  if (value.length > MAX_EXPRESSION_CHARS && /^\s*@[({]/.test(value)) {
    const at = value.length - value.trimStart().length;
    return { diagnostics: [error('expressionTooLong', `The expression is ${value.length.toLocaleString('en-US')} characters long: over ${MAX_EXPRESSION_CHARS.toLocaleString('en-US')}, it is not checked or run.`, { start: offset + at, end: offset + at + 2 })], namedValues: [] };
  }
  const processed = processExpression(value, offset, resolveNamedValue);
  if (!processed) return undefined;
  // Not closed: say so, rather than whatever the C# parser makes of the rest.
  const at = value.length - value.trimStart().length;
  if (findExpressionEnd(value, at) < 0) {
    const closer = value[at + 1] === '(' ? ')' : '}';
    return { diagnostics: [error('unclosedExpression', `The expression is not closed: ${closer} is missing.`, { start: offset + at, end: offset + at + 2 })], namedValues: processed.namedValues };
  }
  return parseProcessed(processed);
}

/** Parses many expression values at once (faster for a whole document); same results as one by one. */
export function parsePolicyExpressions(items: readonly { readonly value: string; readonly offset: number }[]): (ParseResult | undefined)[] {
  // Long or unclosed ones get their own diagnostic; the batch holds only the ones the C# parser can take.
  if (items.some((x) => x.value.length > MAX_EXPRESSION_CHARS || findExpressionEnd(x.value, x.value.length - x.value.trimStart().length) < 0)) return items.map((x) => parsePolicyExpression(x.value, x.offset));
  const processed = items.map((x) => processExpression(x.value, x.offset));
  const real = processed.filter((p): p is NonNullable<typeof p> => p !== undefined);
  const results = parseProcessedMany(real);
  let k = 0;
  return processed.map((p) => (p ? results[k++] : undefined));
}
