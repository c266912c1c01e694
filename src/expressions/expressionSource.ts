// Turns the raw text of an attribute value or element text into the C# source of a policy
// expression: decodes XML entities, substitutes {{named values}}, and keeps a map from the
// processed text back to document offsets so every span points into the document.

import { NAMED_VALUE_AT } from '../common/namedValueSyntax';
import type { Span } from '../common/span';

export type ExpressionForm = 'single' | 'block';

/** A run of processed text that came from `length` original characters at `from`. */
interface Segment {
  readonly to: number;
  readonly toLength: number;
  readonly from: number;
  readonly fromLength: number;
}

export class OffsetMap {
  constructor(
    private readonly segments: readonly Segment[],
    private readonly base: number,
  ) {}

  /** Document offset of a processed-text offset. Inside a replaced run: its start (or end). */
  toDocument(offset: number, edge: 'start' | 'end' = 'start'): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segments[mid] as Segment).to <= offset) lo = mid;
      else hi = mid - 1;
    }
    const s = this.segments[lo];
    if (!s) return this.base + offset;
    const within = offset - s.to;
    if (s.toLength === s.fromLength) return this.base + s.from + within;
    // A replaced run (entity, named value): positions inside it map to its ends.
    if (within <= 0) return this.base + s.from;
    return this.base + s.from + (edge === 'end' || within >= s.toLength ? s.fromLength : 0);
  }

  span(start: number, end: number): Span {
    return { start: this.toDocument(start, 'start'), end: this.toDocument(end, 'end') };
  }
}

export interface NamedValueUse {
  readonly name: string;
  /** Where `{{name}}` is in the document. */
  readonly span: Span;
  /** Whether it stood inside a C# string or char literal. */
  readonly inString: boolean;
}

export interface ProcessedExpression {
  readonly form: ExpressionForm;
  /** The processed text, still starting with `@(` or `@{`. */
  readonly text: string;
  readonly map: OffsetMap;
  readonly namedValues: readonly NamedValueUse[];
}

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };

/** Whether a value is an expression: `@(` or `@{` at its start, ignoring leading whitespace. */
export function expressionForm(value: string): ExpressionForm | undefined {
  const m = /^\s*@([({])/.exec(value);
  return m ? (m[1] === '(' ? 'single' : 'block') : undefined;
}

/**
 * Prepares `value` (raw document text starting at `offset`) for parsing. Named values are
 * replaced by `resolve(name)` when it returns a string (the simulator), otherwise, outside C#
 * literals, by underscores of the same length so the C# still parses (the editor). Entities
 * are decoded: APIM accepts both `&quot;` and raw `"` inside expressions.
 */
export function processExpression(value: string, offset: number, resolve?: (name: string) => string | undefined): ProcessedExpression | undefined {
  const leading = /^\s*/.exec(value)?.[0].length ?? 0;
  const form = expressionForm(value);
  if (!form) return undefined;
  const source = value.slice(leading).replace(/\s+$/, '');
  const segments: Segment[] = [];
  const namedValues: NamedValueUse[] = [];
  let out = '';
  let plainStart = 0; // start of the current unchanged run in `source`
  let plainOut = 0;
  const flush = (upTo: number): void => {
    if (upTo > plainStart) segments.push({ to: plainOut, toLength: upTo - plainStart, from: leading + plainStart, fromLength: upTo - plainStart });
  };
  const replace = (at: number, length: number, text: string): void => {
    flush(at);
    segments.push({ to: out.length, toLength: text.length, from: leading + at, fromLength: length });
    out += text;
    plainStart = at + length;
    plainOut = out.length;
  };
  let quote: '"' | "'" | '@"' | undefined;
  for (let i = 0; i < source.length; ) {
    const ch = source[i] as string;
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/.exec(source.slice(i, i + 12));
      const name = m?.[1];
      const decoded = name === undefined ? undefined : name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(parseInt(name.slice(1), 10)) : ENTITIES[name];
      if (m && decoded !== undefined) {
        // A decoded quote changes string state just like a raw one.
        quote = nextQuote(quote, decoded, source[i - 1]);
        replace(i, m[0].length, decoded);
        i += m[0].length;
        continue;
      }
    }
    if (ch === '{' && source[i + 1] === '{') {
      const m = NAMED_VALUE_AT.exec(source.slice(i));
      if (m) {
        const name = m[1] as string;
        namedValues.push({ name, span: { start: offset + leading + i, end: offset + leading + i + m[0].length }, inString: quote !== undefined });
        const resolved = resolve?.(name);
        if (resolved !== undefined) replace(i, m[0].length, resolved);
        else if (quote === undefined) replace(i, m[0].length, '_'.repeat(m[0].length));
        if (resolved !== undefined || quote === undefined) {
          i += m[0].length;
          continue;
        }
      }
    }
    if (quote === undefined && ch === '"' && (source[i - 1] === '@' || (source[i - 1] === '$' && source[i - 2] === '@'))) quote = '@"';
    else quote = nextQuote(quote, ch, source[i - 1]);
    out += ch;
    i++;
  }
  flush(source.length);
  if (segments.length === 0) segments.push({ to: 0, toLength: 0, from: leading, fromLength: 0 });
  return { form, text: out, map: new OffsetMap(segments, offset), namedValues };
}

/** Tracks whether we are inside a C# string or char literal (good enough for {{...}} placement). */
function nextQuote(quote: '"' | "'" | '@"' | undefined, ch: string, prev: string | undefined): '"' | "'" | '@"' | undefined {
  if (quote === undefined) return ch === '"' ? '"' : ch === "'" ? "'" : undefined;
  if (quote === '@"') return ch === '"' ? undefined : quote; // "" inside a verbatim string re-enters at once
  if (ch === quote && prev !== '\\') return undefined;
  return quote;
}
