// `{value:format}` in interpolated strings and `ToString(format)`: numbers go through the .NET
// numeric formats, other types through their own ToString(string) member.

import { Decimal } from './decimal';
import { decimalValue, doubleValue, formatNumber, integerValue } from './numberFormat';
import { toDisplayString } from './operators';
import { membersNamed, typeOf, type CallInfo } from './typeSystem';
import { Num } from './values';

const BITS: Record<string, number> = { short: 16, ushort: 16, uint: 32, ulong: 64, byte: 8, sbyte: 8 };

/** A numeric runtime value as the formatter takes it; undefined for anything else. */
export function numberValueOf(v: unknown): Parameters<typeof formatNumber>[0] | undefined {
  if (typeof v === 'number') return integerValue(BigInt(v), 32);
  if (typeof v === 'bigint') return integerValue(v, 64);
  if (v instanceof Num) return v.kind === 'double' || v.kind === 'float' ? doubleValue(Number(v.value), v.kind === 'float') : integerValue(BigInt(v.value), BITS[v.kind]);
  if (v instanceof Decimal) return decimalValue(v);
  return undefined;
}

export function formatValue(v: unknown, format: string | undefined, info: CallInfo): string {
  if (format === undefined || format === '') return toDisplayString(v, info);
  const n = numberValueOf(v);
  if (n) return formatNumber(n, format);
  const def = typeOf(v);
  const m = def ? membersNamed(def, 'ToString').find((x) => x.kind === 'method' && !x.static && x.params.length === 1 && x.params[0]?.type === 'string') : undefined;
  if (m && m.kind === 'method') return String(m.call(v, [format], info));
  return toDisplayString(v, info);
}
