// `{value:format}` in interpolated strings and `ToString(format)`: numbers go through the .NET
// numeric formats, other types through their own ToString(string) member.

import { Decimal } from './decimal';
import { decimalValue, doubleValue, formatNumber, integerValue } from './numberFormat';
import { toDisplayString } from './operators';
import { membersNamed, typeOf, type CallInfo } from './typeSystem';
import { Num } from './values';

export function formatValue(v: unknown, format: string | undefined, info: CallInfo): string {
  if (format === undefined || format === '') return toDisplayString(v, info);
  if (typeof v === 'number' || typeof v === 'bigint') return formatNumber(integerValue(BigInt(v)), format);
  if (v instanceof Num) return v.kind === 'double' || v.kind === 'float' ? formatNumber(doubleValue(Number(v.value), v.kind === 'float'), format) : formatNumber(integerValue(BigInt(v.value)), format);
  if (v instanceof Decimal) return formatNumber(decimalValue(v), format);
  const def = typeOf(v);
  const m = def ? membersNamed(def, 'ToString').find((x) => x.kind === 'method' && !x.static && x.params.length === 1 && x.params[0]?.type === 'string') : undefined;
  if (m && m.kind === 'method') return String(m.call(v, [format], info));
  return toDisplayString(v, info);
}
