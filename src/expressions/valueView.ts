// Plain-JSON views of .NET runtime values, for the CLI's --format json and, later, the trace
// viewer: numbers stay numbers where JSON can hold them exactly, everything else is text.

import { CsDictionary, KeyValuePair } from './builtins/collections';
import { JToken, writeJson } from './builtins/json';
import { isEnumerable, iterate } from './runtime/iteration';
import { Decimal } from './runtime/decimal';
import { toDisplayString } from './runtime/operators';
import { CsChar, Num } from './runtime/values';

type PlainJson = null | boolean | number | string | PlainJson[] | { [k: string]: PlainJson };

const MAX_ITEMS = 1000;

export function toPlainJson(v: unknown, depth = 0): PlainJson {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Num) {
    const n = Number(v.value);
    return Number.isFinite(n) && (typeof v.value === 'number' || Number.isSafeInteger(n)) ? n : toDisplayString(v);
  }
  if (v instanceof Decimal || v instanceof CsChar) return v.toString();
  if (v instanceof JToken) return JSON.parse(writeJson(v, false)) as PlainJson;
  if (depth > 20) return toDisplayString(v);
  if (v instanceof CsDictionary) {
    const out: Record<string, PlainJson> = {};
    for (const kv of v) out[toDisplayString((kv as KeyValuePair).key)] = toPlainJson((kv as KeyValuePair).value, depth + 1);
    return out;
  }
  if (typeof v !== 'string' && isEnumerable(v)) {
    const out: PlainJson[] = [];
    for (const x of iterate(v)) {
      if (out.length >= MAX_ITEMS) break;
      out.push(toPlainJson(x, depth + 1));
    }
    return out;
  }
  return toDisplayString(v);
}
