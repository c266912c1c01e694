// Reading an attribute's value as the type the catalog gives it: whole numbers (durations in
// seconds), decimals, booleans, enumerations, URLs and dates. One reader serves the editor's
// diagnostics (literal values) and the simulator (values after named values and expressions), so
// what the editor flags is exactly what the simulator refuses.

import type { AttributeInfo } from './catalog';

export type AttributeValue = string | number | boolean;

export type ValueReading = { readonly ok: true; readonly value: AttributeValue } | { readonly ok: false; readonly expected: string };

/** .NET's Int32, which the gateway parses whole-number attributes into [U: Int32 assumed]. */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Reads `raw` (a literal, or an evaluated expression's text) as `info.type`. White space around a
 * number or boolean is allowed, as .NET's invariant-culture parsing allows it; booleans are
 * case-insensitive (bool.Parse), enumerations exact [U: case-sensitive assumed; change here].
 */
export function readAttributeValue(info: AttributeInfo, raw: string): ValueReading {
  const text = raw.trim();
  const fail = (): ValueReading => ({ ok: false, expected: expectedValue(info) });
  switch (info.type) {
    case 'string':
      return { ok: true, value: raw };
    case 'integer': {
      if (!/^[+-]?\d+$/.test(text)) return fail();
      const n = Number(text);
      return n < INT32_MIN || n > INT32_MAX || !inRange(info, n) ? fail() : { ok: true, value: n };
    }
    case 'number': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return fail();
      const n = Number(text);
      return Number.isFinite(n) && inRange(info, n) ? { ok: true, value: n } : fail();
    }
    case 'boolean':
      return /^(true|false)$/i.test(text) ? { ok: true, value: text.toLowerCase() === 'true' } : fail();
    case 'enum':
      return info.values?.includes(raw) ? { ok: true, value: raw } : fail();
    case 'url': {
      try {
        const url = new URL(text);
        return url.protocol === 'http:' || url.protocol === 'https:' ? { ok: true, value: text } : fail();
      } catch {
        return fail();
      }
    }
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)) ? { ok: true, value: text } : fail();
    default: {
      const never: never = info.type;
      throw new Error(`unknown attribute type ${String(never)}`);
    }
  }
}

/** A number the gateway got from an expression (an int or a double), held to the attribute's type. */
export function readNumberValue(info: AttributeInfo, n: number): ValueReading {
  const whole = info.type !== 'integer' || Number.isInteger(n);
  return Number.isFinite(n) && whole && inRange(info, n) ? { ok: true, value: n } : { ok: false, expected: expectedValue(info) };
}

function inRange(info: AttributeInfo, n: number): boolean {
  return (info.min === undefined || n >= info.min) && (info.max === undefined || n <= info.max);
}

/** What the attribute takes, for messages: "a whole number of seconds from 0 to 300". */
export function expectedValue(info: AttributeInfo): string {
  switch (info.type) {
    case 'string':
      return 'text';
    case 'integer':
    case 'number': {
      const what = info.type === 'integer' ? 'a whole number' : 'a number';
      const unit = info.unit ? ` of ${info.unit}` : '';
      const range =
        info.min !== undefined && info.max !== undefined ? ` from ${info.min} to ${info.max}` : info.min !== undefined ? ` of at least ${info.min}` : info.max !== undefined ? ` of at most ${info.max}` : '';
      return `${what}${unit}${range}`;
    }
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${(info.values ?? []).join(', ')}`;
    case 'url':
      return 'an absolute http or https URL';
    case 'datetime':
      return 'an ISO 8601 date and time such as 2024-01-01T00:00:00Z';
    default: {
      const never: never = info.type;
      throw new Error(`unknown attribute type ${String(never)}`);
    }
  }
}
