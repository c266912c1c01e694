// `foreach` and LINQ over any .NET enumerable: arrays, strings (chars), and every runtime class
// that implements [Symbol.iterator] with .NET elements (List, Dictionary → KeyValuePair, ...).

import { DotNetException } from './exceptions';
import { runtimeTypeName } from './typeSystem';
import { CsChar } from './values';

export function* iterateString(s: string): Generator<CsChar> {
  for (let i = 0; i < s.length; i++) yield CsChar.of(s.charCodeAt(i));
}

export function iterate(v: unknown): Iterable<unknown> {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return iterateString(v);
  if (v !== null && typeof v === 'object' && Symbol.iterator in v) return v as Iterable<unknown>;
  throw new DotNetException('System.InvalidCastException', `'${runtimeTypeName(v)}' is not enumerable.`);
}

export function isEnumerable(v: unknown): boolean {
  return Array.isArray(v) || typeof v === 'string' || (v !== null && typeof v === 'object' && Symbol.iterator in v);
}
