// Entry point for parsing a policy expression as it appears in a policy document: the raw
// attribute value or element text, at its document offset. Call `await loadCSharpParser()`
// once before the first parse (the editor does it when the first policy opens).

import { processExpression } from './expressionSource';
import { parseProcessed, type ParseResult } from './astBuilder';

export { loadCSharpParser } from './csharpTreeSitter';
export type { ParseResult } from './astBuilder';

/**
 * Parses `value` when it is an expression (`@(...)` or `@{...}`); undefined when it is plain text.
 * `resolveNamedValue` substitutes `{{name}}` before parsing, as the gateway does; without it,
 * named values outside string literals parse as `namedValue` nodes.
 */
export function parsePolicyExpression(value: string, offset = 0, resolveNamedValue?: (name: string) => string | undefined): ParseResult | undefined {
  const processed = processExpression(value, offset, resolveNamedValue);
  return processed ? parseProcessed(processed) : undefined;
}
