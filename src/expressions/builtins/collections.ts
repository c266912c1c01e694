// System.Collections.Generic (List, Dictionary, HashSet, KeyValuePair, Queue, Stack),
// StringComparer and LINQ (System.Linq.Enumerable) as extension methods of IEnumerable<T>.
// LINQ is lazy where .NET's is (Where, Select, ...), and eager where .NET's is (ToList, Count).

import { DotNetException, argumentNull, argumentOutOfRange, invalidOperation, keyNotFound } from '../runtime/exceptions';
import { iterate } from '../runtime/iteration';
import { arithmetic, equals, toDisplayString } from '../runtime/operators';
import { bindClass, castTo, isInstanceOf, makeNumber, numericValue, primitiveOf, type CallInfo, type TypeDef } from '../runtime/typeSystem';
import { CsChar, CsDelegate, Num, RefCell, double } from '../runtime/values';
import { Decimal } from '../runtime/decimal';
import { compareForSort, compareStringsCulture } from './core';
import { ctor, indexer, method, prop, type } from './define';

const IENUMERABLE = 'System.Collections.Generic.IEnumerable`1';

// ------------------------------------------------------------------ lazy sequences

export class CsEnumerable {
  constructor(
    private readonly gen: () => Iterator<unknown>,
    readonly elementType?: TypeDef,
  ) {}
  [Symbol.iterator](): Iterator<unknown> {
    return this.gen();
  }
}

function lazy(fn: () => Generator<unknown>): CsEnumerable {
  return new CsEnumerable(fn);
}

class Ordered extends CsEnumerable {
  constructor(
    readonly source: unknown,
    readonly keys: readonly { key: CsDelegate; descending: boolean; comparer?: (a: unknown, b: unknown) => number }[],
  ) {
    super(() => {
      const items = [...iterate(source)];
      const decorated = items.map((item, index) => ({ item, index, keys: keys.map((k) => k.key.invoke([item])) }));
      decorated.sort((a, b) => {
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as (typeof keys)[number];
          const c = (k.comparer ?? compareForSort)(a.keys[i], b.keys[i]);
          if (c !== 0) return k.descending ? -c : c;
        }
        return a.index - b.index; // stable
      });
      return decorated.map((d) => d.item)[Symbol.iterator]();
    });
  }
}

export class Grouping extends CsEnumerable {
  constructor(
    readonly key: unknown,
    readonly items: unknown[],
  ) {
    super(() => items[Symbol.iterator]());
  }
}

// ------------------------------------------------------------------ List<T>

export class CsList {
  constructor(
    readonly items: unknown[],
    readonly elementType?: TypeDef,
  ) {}
  [Symbol.iterator](): Iterator<unknown> {
    return this.items[Symbol.iterator]();
  }
}

function checkIndex(i: number, count: number, param = 'index'): void {
  if (i < 0 || i >= count) throw argumentOutOfRange(param);
}

// ------------------------------------------------------------------ Dictionary<TKey, TValue>

export type KeyComparer = 'ordinal' | 'ignoreCase';

function canonicalKey(k: unknown, comparer: KeyComparer): unknown {
  if (typeof k === 'string') return comparer === 'ignoreCase' ? k.toUpperCase() : k;
  if (k instanceof Num) return `${k.kind}:${String(k.value)}`;
  if (typeof k === 'bigint') return `long:${k}`;
  if (k instanceof Decimal) return `decimal:${k.normalize().toString()}`;
  if (k && typeof k === 'object' && 'code' in k) return `char:${String((k as { code: number }).code)}`;
  const hex = (k as { hex?: string } | null)?.hex;
  if (typeof hex === 'string') return `guid:${hex}`;
  return k;
}

export class KeyValuePair {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
  equals(o: unknown): boolean {
    return o instanceof KeyValuePair && equals(this.key, o.key) && equals(this.value, o.value);
  }
}

export class CsDictionary {
  readonly map = new Map<unknown, { key: unknown; value: unknown }>();
  /** TValue when known (from `new Dictionary<string, int>()`): GetValueOrDefault returns its default. */
  valueType?: TypeDef;
  constructor(readonly comparer: KeyComparer = 'ordinal') {}

  get(key: unknown): unknown {
    if (key === null || key === undefined) throw argumentNull('key');
    const e = this.map.get(canonicalKey(key, this.comparer));
    if (!e) throw keyNotFound(toDisplayString(key));
    return e.value;
  }
  tryGet(key: unknown): { found: boolean; value: unknown } {
    if (key === null || key === undefined) throw argumentNull('key');
    const e = this.map.get(canonicalKey(key, this.comparer));
    return e ? { found: true, value: e.value } : { found: false, value: null };
  }
  set(key: unknown, value: unknown): void {
    if (key === null || key === undefined) throw argumentNull('key');
    const ck = canonicalKey(key, this.comparer);
    const e = this.map.get(ck);
    if (e) e.value = value;
    else this.map.set(ck, { key, value });
  }
  add(key: unknown, value: unknown): void {
    if (key === null || key === undefined) throw argumentNull('key');
    const ck = canonicalKey(key, this.comparer);
    if (this.map.has(ck)) throw new DotNetException('System.ArgumentException', `An item with the same key has already been added. Key: ${toDisplayString(key)}`);
    this.map.set(ck, { key, value });
  }
  has(key: unknown): boolean {
    if (key === null || key === undefined) throw argumentNull('key');
    return this.map.has(canonicalKey(key, this.comparer));
  }
  remove(key: unknown): boolean {
    if (key === null || key === undefined) throw argumentNull('key');
    return this.map.delete(canonicalKey(key, this.comparer));
  }
  *[Symbol.iterator](): Iterator<unknown> {
    for (const e of this.map.values()) yield new KeyValuePair(e.key, e.value);
  }
}

export class CsHashSet {
  readonly map = new Map<unknown, unknown>();
  constructor(readonly comparer: KeyComparer = 'ordinal') {}
  add(v: unknown): boolean {
    const k = canonicalKey(v, this.comparer);
    if (this.map.has(k)) return false;
    this.map.set(k, v);
    return true;
  }
  has(v: unknown): boolean {
    return this.map.has(canonicalKey(v, this.comparer));
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.map.values();
  }
}

class CsStringComparer {
  constructor(
    readonly name: string,
    readonly ignoreCase: boolean,
    readonly ordinal: boolean,
  ) {}
  compare(a: unknown, b: unknown): number {
    const x = a as string | null;
    const y = b as string | null;
    if (x === null) return y === null ? 0 : -1;
    if (y === null) return 1;
    if (this.ordinal) {
      const p = this.ignoreCase ? x.toUpperCase() : x;
      const q = this.ignoreCase ? y.toUpperCase() : y;
      return p < q ? -1 : p > q ? 1 : 0;
    }
    return this.ignoreCase ? compareStringsCulture(x.toLowerCase(), y.toLowerCase()) : compareStringsCulture(x, y);
  }
}

const COMPARERS = {
  Ordinal: new CsStringComparer('Ordinal', false, true),
  OrdinalIgnoreCase: new CsStringComparer('OrdinalIgnoreCase', true, true),
  InvariantCulture: new CsStringComparer('InvariantCulture', false, false),
  InvariantCultureIgnoreCase: new CsStringComparer('InvariantCultureIgnoreCase', true, false),
  CurrentCulture: new CsStringComparer('CurrentCulture', false, false),
  CurrentCultureIgnoreCase: new CsStringComparer('CurrentCultureIgnoreCase', true, false),
};

function comparerKind(c: unknown): KeyComparer {
  return c instanceof CsStringComparer && c.ignoreCase ? 'ignoreCase' : 'ordinal';
}

bindClass(
  CsStringComparer,
  type({
    fullName: 'System.StringComparer',
    doc: 'String comparison rules for dictionaries and sorting: StringComparer.OrdinalIgnoreCase.',
    interfaces: ['System.Collections.Generic.IEqualityComparer`1', 'System.Collections.Generic.IComparer`1'],
    isInstance: (v) => v instanceof CsStringComparer,
    members: [
      ...Object.entries(COMPARERS).map(([n, c]) => prop(`static StringComparer ${n}`, `Compares strings: ${n}.`, () => c)),
      method('int Compare(string x, string y)', 'Orders two strings.', (self: CsStringComparer, [a, b]) => self.compare(a, b)),
      method('bool Equals(string x, string y)', 'Whether two strings are equal under this rule.', (self: CsStringComparer, [a, b]) => self.compare(a, b) === 0),
    ],
  }),
);

// ------------------------------------------------------------------ types

function elementDefault(info: CallInfo, source?: unknown): unknown {
  const el = info.typeArgs[0] ?? (source as { elementType?: TypeDef } | undefined)?.elementType;
  const p = primitiveOf(el);
  if (!p || p === 'string') return null;
  if (p === 'bool') return false;
  return makeNumber(p, 0, false);
}

function invoke(d: CsDelegate, ...args: unknown[]): unknown {
  if (!(d instanceof CsDelegate)) throw argumentNull('selector');
  return d.invoke(d.arity >= args.length ? args : args.slice(0, Math.max(1, d.arity)));
}

function truthy(v: unknown): boolean {
  if (typeof v !== 'boolean') throw new DotNetException('System.InvalidCastException', 'The predicate must return a bool.');
  return v;
}

bindClass(
  CsList,
  type({
    fullName: 'System.Collections.Generic.List`1',
    doc: 'A growable list: new List<string> { "a" }.',
    typeParams: ['T'],
    interfaces: [IENUMERABLE, 'System.Collections.Generic.IList`1'],
    isInstance: (v) => v instanceof CsList,
    members: [
      ctor('List<T>()', 'An empty list.', (_a, info) => new CsList([], info.typeArgs[0])),
      ctor('List<T>(int capacity)', 'An empty list.', (_a, info) => new CsList([], info.typeArgs[0])),
      ctor('List<T>(IEnumerable<T> collection)', 'A list of the elements of a sequence.', ([src], info) => new CsList([...iterate(src)], info.typeArgs[0])),
      prop('int Count', 'The number of elements.', (self: CsList) => self.items.length),
      indexer('T this[int index]', 'The element at a position.', (self: CsList, [i]) => {
        checkIndex(i, self.items.length);
        return self.items[i];
      }, (self: CsList, [i], v) => {
        checkIndex(i, self.items.length);
        self.items[i] = v;
      }),
      method('void Add(T item)', 'Appends an element.', (self: CsList, [v]) => void self.items.push(v)),
      method('void AddRange(IEnumerable<T> collection)', 'Appends the elements of a sequence.', (self: CsList, [src]) => void self.items.push(...iterate(src))),
      method('void Insert(int index, T item)', 'Inserts at a position.', (self: CsList, [i, v]) => {
        if (i < 0 || i > self.items.length) throw argumentOutOfRange('index');
        self.items.splice(i, 0, v);
      }),
      method('bool Remove(T item)', 'Removes the first equal element; false when none.', (self: CsList, [v]) => {
        const i = self.items.findIndex((x) => equals(x, v));
        if (i < 0) return false;
        self.items.splice(i, 1);
        return true;
      }),
      method('void RemoveAt(int index)', 'Removes the element at a position.', (self: CsList, [i]) => {
        checkIndex(i, self.items.length);
        self.items.splice(i, 1);
      }),
      method('int RemoveAll(Predicate<T> match)', 'Removes every matching element; returns how many.', (self: CsList, [p]) => {
        const before = self.items.length;
        const keep = self.items.filter((x) => !truthy(invoke(p, x)));
        self.items.splice(0, self.items.length, ...keep);
        return before - keep.length;
      }),
      method('void Clear()', 'Removes every element.', (self: CsList) => void (self.items.length = 0)),
      method('bool Contains(T item)', 'Whether an equal element is in the list.', (self: CsList, [v]) => self.items.some((x) => equals(x, v))),
      method('int IndexOf(T item)', 'The position of the first equal element, or -1.', (self: CsList, [v]) => self.items.findIndex((x) => equals(x, v))),
      method('T Find(Predicate<T> match)', 'The first matching element, or default.', (self: CsList, [p], info) => self.items.find((x) => truthy(invoke(p, x))) ?? elementDefault(info, self)),
      method('List<T> FindAll(Predicate<T> match)', 'Every matching element.', (self: CsList, [p]) => new CsList(self.items.filter((x) => truthy(invoke(p, x))), self.elementType)),
      method('int FindIndex(Predicate<T> match)', 'The position of the first matching element, or -1.', (self: CsList, [p]) => self.items.findIndex((x) => truthy(invoke(p, x)))),
      method('bool Exists(Predicate<T> match)', 'Whether any element matches.', (self: CsList, [p]) => self.items.some((x) => truthy(invoke(p, x)))),
      method('bool TrueForAll(Predicate<T> match)', 'Whether every element matches.', (self: CsList, [p]) => self.items.every((x) => truthy(invoke(p, x)))),
      method('void ForEach(Action<T> action)', 'Runs an action on each element.', (self: CsList, [a]) => self.items.forEach((x) => invoke(a, x))),
      method('void Sort()', 'Sorts in place (default order).', (self: CsList) => void stableSort(self.items, compareForSort)),
      method('void Sort(Comparison<T> comparison)', 'Sorts in place with a comparison.', (self: CsList, [c]) => void stableSort(self.items, (a, b) => Number(invoke(c, a, b)))),
      method('void Reverse()', 'Reverses in place.', (self: CsList) => void self.items.reverse()),
      method('T[] ToArray()', 'A copy as an array.', (self: CsList) => tagged([...self.items], self.elementType)),
      method('List<T> GetRange(int index, int count)', 'A sub-list.', (self: CsList, [i, n]) => {
        if (i < 0 || n < 0 || i + n > self.items.length) throw argumentOutOfRange('index');
        return new CsList(self.items.slice(i, i + n), self.elementType);
      }),
    ],
  }),
);

function stableSort(items: unknown[], cmp: (a: unknown, b: unknown) => number): void {
  const decorated = items.map((item, index) => ({ item, index }));
  decorated.sort((a, b) => cmp(a.item, b.item) || a.index - b.index);
  for (let i = 0; i < items.length; i++) items[i] = (decorated[i] as { item: unknown }).item;
}

function tagged(arr: unknown[], el?: TypeDef): unknown[] {
  if (el) Object.defineProperty(arr, 'elementType', { value: el, enumerable: false });
  return arr;
}

bindClass(
  KeyValuePair,
  type({
    fullName: 'System.Collections.Generic.KeyValuePair`2',
    doc: 'A key and its value, as enumerating a dictionary gives them.',
    typeParams: ['TKey', 'TValue'],
    valueType: true,
    isInstance: (v) => v instanceof KeyValuePair,
    members: [
      ctor('KeyValuePair<TKey, TValue>(TKey key, TValue value)', 'A pair.', ([k, v]) => new KeyValuePair(k, v)),
      prop('TKey Key', 'The key.', (self: KeyValuePair) => self.key),
      prop('TValue Value', 'The value.', (self: KeyValuePair) => self.value),
      method('string ToString()', '"[key, value]".', (self: KeyValuePair) => `[${toDisplayString(self.key)}, ${toDisplayString(self.value)}]`),
    ],
  }),
);

export function dictionaryMembers(): ReturnType<typeof method | typeof prop | typeof indexer>[] {
  return [
    prop('int Count', 'The number of entries.', (self: CsDictionary) => self.map.size),
    indexer('TValue this[TKey key]', 'The value of a key; KeyNotFoundException when it is missing.', (self: CsDictionary, [k]) => self.get(k), (self: CsDictionary, [k], v) => self.set(k, v)),
    method('void Add(TKey key, TValue value)', 'Adds an entry; ArgumentException when the key exists.', (self: CsDictionary, [k, v]) => self.add(k, v)),
    method('bool ContainsKey(TKey key)', 'Whether the key is present.', (self: CsDictionary, [k]) => self.has(k)),
    method('bool ContainsValue(TValue value)', 'Whether some entry has the value.', (self: CsDictionary, [v]) => [...self.map.values()].some((e) => equals(e.value, v))),
    method('bool TryGetValue(TKey key, out TValue value)', 'The value of a key, and whether it was there.', (self: CsDictionary, [k, out]: [unknown, RefCell]) => {
      const r = self.tryGet(k);
      out.value = r.value;
      return r.found;
    }),
    method('bool Remove(TKey key)', 'Removes an entry; false when the key was missing.', (self: CsDictionary, [k]) => self.remove(k)),
    method('void Clear()', 'Removes every entry.', (self: CsDictionary) => self.map.clear()),
    prop('ICollection<TKey> Keys', 'The keys.', (self: CsDictionary) => new CsList([...self.map.values()].map((e) => e.key))),
    prop('ICollection<TValue> Values', 'The values.', (self: CsDictionary) => new CsList([...self.map.values()].map((e) => e.value))),
    method('TValue GetValueOrDefault(TKey key)', 'The value of a key, or default(TValue) when it is missing (0 for numbers, null for objects).', (self: CsDictionary, [k]) => {
      const r = self.tryGet(k);
      return r.found ? r.value : defaultOfType(self.valueType);
    }),
    method('TValue GetValueOrDefault(TKey key, TValue defaultValue)', 'The value of a key, or defaultValue when it is missing.', (self: CsDictionary, [k, d]) => {
      const r = self.tryGet(k);
      return r.found ? r.value : d;
    }),
  ];
}

function typedDictionary(d: CsDictionary, info: CallInfo): CsDictionary {
  d.valueType = info.typeArgs[1];
  return d;
}

/** default(T) for the types a dictionary holds: 0, false, '\0' or null. */
function defaultOfType(def: TypeDef | undefined): unknown {
  const p = primitiveOf(def);
  if (!p || p === 'string') return null;
  if (p === 'bool') return false;
  if (p === 'char') return CsChar.of(0);
  return makeNumber(p, 0, false);
}

bindClass(
  CsDictionary,
  type({
    fullName: 'System.Collections.Generic.Dictionary`2',
    doc: 'A hash map: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).',
    typeParams: ['TKey', 'TValue'],
    interfaces: [IENUMERABLE, 'System.Collections.Generic.IDictionary`2', 'System.Collections.Generic.IReadOnlyDictionary`2'],
    isInstance: (v) => v instanceof CsDictionary,
    members: [
      ctor('Dictionary<TKey, TValue>()', 'An empty dictionary (ordinal keys).', (_a, info) => typedDictionary(new CsDictionary(), info)),
      ctor('Dictionary<TKey, TValue>(IEqualityComparer<TKey> comparer)', 'An empty dictionary with a key comparer.', ([c], info) => typedDictionary(new CsDictionary(comparerKind(c)), info)),
      ctor('Dictionary<TKey, TValue>(int capacity)', 'An empty dictionary.', (_a, info) => typedDictionary(new CsDictionary(), info)),
      ctor('Dictionary<TKey, TValue>(IDictionary<TKey, TValue> dictionary)', 'A copy of another dictionary.', ([src], info) => {
        const d = typedDictionary(new CsDictionary(src instanceof CsDictionary ? src.comparer : 'ordinal'), info);
        for (const kv of iterate(src)) d.add((kv as KeyValuePair).key, (kv as KeyValuePair).value);
        return d;
      }),
      ...dictionaryMembers(),
    ],
  }),
);

bindClass(
  CsHashSet,
  type({
    fullName: 'System.Collections.Generic.HashSet`1',
    doc: 'A set of distinct values.',
    typeParams: ['T'],
    interfaces: [IENUMERABLE],
    isInstance: (v) => v instanceof CsHashSet,
    members: [
      ctor('HashSet<T>()', 'An empty set.', () => new CsHashSet()),
      ctor('HashSet<T>(IEqualityComparer<T> comparer)', 'An empty set with a comparer.', ([c]) => new CsHashSet(comparerKind(c))),
      ctor('HashSet<T>(IEnumerable<T> collection)', 'A set of the distinct elements of a sequence.', ([src]) => {
        const s = new CsHashSet();
        for (const x of iterate(src)) s.add(x);
        return s;
      }),
      ctor('HashSet<T>(IEnumerable<T> collection, IEqualityComparer<T> comparer)', 'A set of the distinct elements, with a comparer.', ([src, c]) => {
        const s = new CsHashSet(comparerKind(c));
        for (const x of iterate(src)) s.add(x);
        return s;
      }),
      prop('int Count', 'The number of elements.', (self: CsHashSet) => self.map.size),
      method('bool Add(T item)', 'Adds an element; false when it was already there.', (self: CsHashSet, [v]) => self.add(v)),
      method('bool Contains(T item)', 'Whether the element is in the set.', (self: CsHashSet, [v]) => self.has(v)),
      method('bool Remove(T item)', 'Removes an element.', (self: CsHashSet, [v]) => self.map.delete(canonicalKey(v, self.comparer))),
      method('void UnionWith(IEnumerable<T> other)', 'Adds the elements of a sequence.', (self: CsHashSet, [o]) => {
        for (const x of iterate(o)) self.add(x);
      }),
      method('void Clear()', 'Removes every element.', (self: CsHashSet) => self.map.clear()),
    ],
  }),
);

class CsQueue {
  constructor(readonly items: unknown[] = []) {}
  [Symbol.iterator](): Iterator<unknown> {
    return this.items[Symbol.iterator]();
  }
}
class CsStack {
  constructor(readonly items: unknown[] = []) {}
  [Symbol.iterator](): Iterator<unknown> {
    return [...this.items].reverse()[Symbol.iterator]();
  }
}

bindClass(
  CsQueue,
  type({
    fullName: 'System.Collections.Generic.Queue`1',
    doc: 'First in, first out.',
    typeParams: ['T'],
    interfaces: [IENUMERABLE],
    isInstance: (v) => v instanceof CsQueue,
    members: [
      ctor('Queue<T>()', 'An empty queue.', () => new CsQueue()),
      prop('int Count', 'The number of elements.', (self: CsQueue) => self.items.length),
      method('void Enqueue(T item)', 'Adds at the end.', (self: CsQueue, [v]) => void self.items.push(v)),
      method('T Dequeue()', 'Removes from the front.', (self: CsQueue) => {
        if (!self.items.length) throw invalidOperation('Queue empty.');
        return self.items.shift();
      }),
      method('T Peek()', 'The front element.', (self: CsQueue) => {
        if (!self.items.length) throw invalidOperation('Queue empty.');
        return self.items[0];
      }),
    ],
  }),
);

bindClass(
  CsStack,
  type({
    fullName: 'System.Collections.Generic.Stack`1',
    doc: 'Last in, first out.',
    typeParams: ['T'],
    interfaces: [IENUMERABLE],
    isInstance: (v) => v instanceof CsStack,
    members: [
      ctor('Stack<T>()', 'An empty stack.', () => new CsStack()),
      prop('int Count', 'The number of elements.', (self: CsStack) => self.items.length),
      method('void Push(T item)', 'Adds on top.', (self: CsStack, [v]) => void self.items.push(v)),
      method('T Pop()', 'Removes the top element.', (self: CsStack) => {
        if (!self.items.length) throw invalidOperation('Stack empty.');
        return self.items.pop();
      }),
      method('T Peek()', 'The top element.', (self: CsStack) => {
        if (!self.items.length) throw invalidOperation('Stack empty.');
        return self.items[self.items.length - 1];
      }),
    ],
  }),
);

for (const [name, params] of [
  ['ICollection`1', ['T']],
  ['IList`1', ['T']],
  ['IReadOnlyCollection`1', ['T']],
  ['IReadOnlyList`1', ['T']],
  ['ISet`1', ['T']],
  ['IEnumerator`1', ['T']],
  ['IEqualityComparer`1', ['T']],
  ['IComparer`1', ['T']],
] as const) {
  const full = `System.Collections.Generic.${name}`;
  const comparer = name.includes('Comparer');
  type({
    fullName: full,
    doc: `The ${name.replace(/`\d/, '')} interface.`,
    typeParams: params,
    ...(comparer || name.startsWith('IEnumerator') ? {} : { interfaces: [IENUMERABLE] }),
    isInstance: (v) => (comparer ? v instanceof CsStringComparer : v !== null && typeof v === 'object' && Symbol.iterator in (v as object)),
    members: [],
  });
}

type({
  fullName: 'System.Collections.Generic.IDictionary`2',
  doc: 'A dictionary.',
  typeParams: ['TKey', 'TValue'],
  interfaces: [IENUMERABLE],
  isInstance: (v) => v instanceof CsDictionary,
  members: [],
});
type({
  fullName: 'System.Collections.Generic.IReadOnlyDictionary`2',
  doc: 'A read-only dictionary, such as context.Request.Headers.',
  typeParams: ['TKey', 'TValue'],
  interfaces: [IENUMERABLE],
  isInstance: (v) => v instanceof CsDictionary,
  members: [],
});

bindClass(
  Grouping,
  type({
    fullName: 'System.Linq.IGrouping`2',
    doc: 'A group from GroupBy: its Key and its elements.',
    typeParams: ['TKey', 'TElement'],
    interfaces: [IENUMERABLE],
    isInstance: (v) => v instanceof Grouping,
    members: [prop('TKey Key', 'The key shared by the elements.', (self: Grouping) => self.key)],
  }),
);

// ------------------------------------------------------------------ LINQ

function noElements(): DotNetException {
  return invalidOperation('Sequence contains no elements');
}

function noMatch(): DotNetException {
  return invalidOperation('Sequence contains no matching element');
}

function count(src: unknown, info: CallInfo): number {
  if (Array.isArray(src)) return src.length;
  if (src instanceof CsList) return src.items.length;
  if (typeof src === 'string') return src.length;
  let n = 0;
  for (const _ of iterate(src)) {
    info.rt.step();
    n++;
  }
  return n;
}

function sum(values: Iterable<unknown>, info: CallInfo): unknown {
  let total: unknown;
  for (const v of values) {
    info.rt.step();
    if (v === null || v === undefined) continue; // Sum skips nulls of nullable types
    total = total === undefined ? v : arithmetic('+', total, v, true);
  }
  return total ?? 0;
}

function average(values: Iterable<unknown>, info: CallInfo): unknown {
  let total: unknown;
  let n = 0;
  for (const v of values) {
    info.rt.step();
    if (v === null || v === undefined) continue;
    total = total === undefined ? (typeof v === 'number' ? BigInt(v) : v) : arithmetic('+', total, typeof v === 'number' ? BigInt(v) : v, true);
    n++;
  }
  if (n === 0) throw noElements();
  if (total instanceof Decimal) return total.div(Decimal.of(BigInt(n), 0));
  const num = numericValue(total);
  return double(Number(num) / n);
}

function extreme(values: Iterable<unknown>, max: boolean, info: CallInfo): unknown {
  let best: unknown;
  let any = false;
  for (const v of values) {
    info.rt.step();
    if (v === null || v === undefined) continue;
    if (!any) {
      best = v;
      any = true;
      continue;
    }
    const c = compareForSort(v, best);
    if (max ? c > 0 : c < 0) best = v;
  }
  if (!any) {
    throw noElements();
  }
  return best;
}

function select(src: unknown, d: CsDelegate): Iterable<unknown> {
  return lazy(function* () {
    let i = 0;
    for (const x of iterate(src)) yield invoke(d, x, i++);
  });
}

function distinctBy(items: Iterable<unknown>, key: (x: unknown) => unknown): CsEnumerable {
  return lazy(function* () {
    const seen = new CsHashSet();
    for (const x of items) if (seen.add(key(x))) yield x;
  });
}

function castElement(x: unknown, def: TypeDef): unknown {
  return castTo(x, def, true, false, true);
}

const linq = [
  method('IEnumerable<T> Where(Func<T, bool> predicate)', 'The elements that match (lazy).', (src, [p]) =>
    lazy(function* () {
      let i = 0;
      for (const x of iterate(src)) if (truthy(invoke(p, x, i++))) yield x;
    })),
  method('IEnumerable<TResult> Select<TResult>(Func<T, TResult> selector)', 'Each element transformed (lazy).', (src, [d]) => select(src, d)),
  method('IEnumerable<TResult> SelectMany<TResult>(Func<T, IEnumerable<TResult>> selector)', 'Each element’s sequence, flattened (lazy).', (src, [d]) =>
    lazy(function* () {
      for (const x of iterate(src)) yield* iterate(invoke(d, x));
    })),
  method('bool Any()', 'Whether the sequence has elements.', (src) => {
    for (const _ of iterate(src)) return true;
    return false;
  }),
  method('bool Any(Func<T, bool> predicate)', 'Whether some element matches.', (src, [p], info) => {
    for (const x of iterate(src)) {
      info.rt.step();
      if (truthy(invoke(p, x))) return true;
    }
    return false;
  }),
  method('bool All(Func<T, bool> predicate)', 'Whether every element matches.', (src, [p], info) => {
    for (const x of iterate(src)) {
      info.rt.step();
      if (!truthy(invoke(p, x))) return false;
    }
    return true;
  }),
  method('T First()', 'The first element; InvalidOperationException when empty.', (src) => {
    for (const x of iterate(src)) return x;
    throw noElements();
  }),
  method('T First(Func<T, bool> predicate)', 'The first matching element; InvalidOperationException when none.', (src, [p]) => {
    for (const x of iterate(src)) if (truthy(invoke(p, x))) return x;
    throw noMatch();
  }),
  method('T FirstOrDefault()', 'The first element, or default (null, 0) when empty.', (src, _a, info) => {
    for (const x of iterate(src)) return x;
    return elementDefault(info, src);
  }),
  method('T FirstOrDefault(Func<T, bool> predicate)', 'The first matching element, or default.', (src, [p], info) => {
    for (const x of iterate(src)) if (truthy(invoke(p, x))) return x;
    return elementDefault(info, src);
  }),
  method('T FirstOrDefault(T defaultValue)', 'The first element, or defaultValue.', (src, [d]) => {
    for (const x of iterate(src)) return x;
    return d;
  }),
  method('T Last()', 'The last element; InvalidOperationException when empty.', (src) => {
    const all = [...iterate(src)];
    if (!all.length) throw noElements();
    return all[all.length - 1];
  }),
  method('T Last(Func<T, bool> predicate)', 'The last matching element.', (src, [p]) => {
    const all = [...iterate(src)].filter((x) => truthy(invoke(p, x)));
    if (!all.length) throw noMatch();
    return all[all.length - 1];
  }),
  method('T LastOrDefault()', 'The last element, or default.', (src, _a, info) => {
    const all = [...iterate(src)];
    return all.length ? all[all.length - 1] : elementDefault(info, src);
  }),
  method('T LastOrDefault(Func<T, bool> predicate)', 'The last matching element, or default.', (src, [p], info) => {
    const all = [...iterate(src)].filter((x) => truthy(invoke(p, x)));
    return all.length ? all[all.length - 1] : elementDefault(info, src);
  }),
  method('T Single()', 'The only element; InvalidOperationException when there are none or several.', (src) => {
    const all = [...iterate(src)];
    if (all.length === 0) throw noElements();
    if (all.length > 1) throw invalidOperation('Sequence contains more than one element');
    return all[0];
  }),
  method('T Single(Func<T, bool> predicate)', 'The only matching element.', (src, [p]) => {
    const all = [...iterate(src)].filter((x) => truthy(invoke(p, x)));
    if (all.length === 0) throw noMatch();
    if (all.length > 1) throw invalidOperation('Sequence contains more than one matching element');
    return all[0];
  }),
  method('T SingleOrDefault()', 'The only element, or default when empty.', (src, _a, info) => {
    const all = [...iterate(src)];
    if (all.length > 1) throw invalidOperation('Sequence contains more than one element');
    return all.length ? all[0] : elementDefault(info, src);
  }),
  method('T SingleOrDefault(Func<T, bool> predicate)', 'The only matching element, or default.', (src, [p], info) => {
    const all = [...iterate(src)].filter((x) => truthy(invoke(p, x)));
    if (all.length > 1) throw invalidOperation('Sequence contains more than one matching element');
    return all.length ? all[0] : elementDefault(info, src);
  }),
  method('T ElementAt(int index)', 'The element at a position.', (src, [i]) => {
    const all = [...iterate(src)];
    if (i < 0 || i >= all.length) throw argumentOutOfRange('index');
    return all[i];
  }),
  method('T ElementAtOrDefault(int index)', 'The element at a position, or default.', (src, [i], info) => {
    const all = [...iterate(src)];
    return i >= 0 && i < all.length ? all[i] : elementDefault(info, src);
  }),
  method('int Count()', 'The number of elements.', (src, _a, info) => count(src, info)),
  method('int Count(Func<T, bool> predicate)', 'The number of matching elements.', (src, [p], info) => {
    let n = 0;
    for (const x of iterate(src)) {
      info.rt.step();
      if (truthy(invoke(p, x))) n++;
    }
    return n;
  }),
  method('long LongCount()', 'The number of elements, as a long.', (src, _a, info) => BigInt(count(src, info))),
  method('T Sum()', 'The sum (int sums overflow with OverflowException); 0 when empty.', (src, _a, info) => sum(iterate(src), info)),
  method('TResult Sum<TResult>(Func<T, TResult> selector)', 'The sum of the selected values.', (src, [d], info) => sum(select(src, d), info)),
  method('double Average()', 'The mean (a double for ints); InvalidOperationException when empty.', (src, _a, info) => average(iterate(src), info)),
  method('double Average(Func<T, TResult> selector)', 'The mean of the selected values.', (src, [d], info) => average(select(src, d), info)),
  method('T Min()', 'The smallest element.', (src, _a, info) => extreme(iterate(src), false, info)),
  method('TResult Min<TResult>(Func<T, TResult> selector)', 'The smallest selected value.', (src, [d], info) => extreme(select(src, d), false, info)),
  method('T Max()', 'The largest element.', (src, _a, info) => extreme(iterate(src), true, info)),
  method('TResult Max<TResult>(Func<T, TResult> selector)', 'The largest selected value.', (src, [d], info) => extreme(select(src, d), true, info)),
  method('IOrderedEnumerable<T> OrderBy<TKey>(Func<T, TKey> keySelector)', 'Sorted by a key, ascending (stable).', (src, [k]) => new Ordered(src, [{ key: k, descending: false }])),
  method('IOrderedEnumerable<T> OrderBy<TKey>(Func<T, TKey> keySelector, IComparer<TKey> comparer)', 'Sorted by a key with a comparer.', (src, [k, c]) => new Ordered(src, [{ key: k, descending: false, comparer: (a, b) => (c as CsStringComparer).compare(a, b) }])),
  method('IOrderedEnumerable<T> OrderByDescending<TKey>(Func<T, TKey> keySelector)', 'Sorted by a key, descending (stable).', (src, [k]) => new Ordered(src, [{ key: k, descending: true }])),
  method('IOrderedEnumerable<T> ThenBy<TKey>(Func<T, TKey> keySelector)', 'Then sorted by another key.', (src: Ordered, [k]) => new Ordered(src.source, [...src.keys, { key: k, descending: false }])),
  method('IOrderedEnumerable<T> ThenByDescending<TKey>(Func<T, TKey> keySelector)', 'Then sorted by another key, descending.', (src: Ordered, [k]) => new Ordered(src.source, [...src.keys, { key: k, descending: true }])),
  method('IEnumerable<IGrouping<TKey, T>> GroupBy<TKey>(Func<T, TKey> keySelector)', 'Groups by a key, in order of first appearance.', (src, [k]) =>
    lazy(function* () {
      const groups = new CsDictionary();
      const order: Grouping[] = [];
      for (const x of iterate(src)) {
        const key = invoke(k, x);
        const found = groups.tryGet(key ?? '\u0000null');
        if (found.found) (found.value as Grouping).items.push(x);
        else {
          const g = new Grouping(key, [x]);
          groups.set(key ?? '\u0000null', g);
          order.push(g);
        }
      }
      yield* order;
    })),
  method('IEnumerable<T> Distinct()', 'The distinct elements, in order.', (src) => distinctBy(iterate(src), (x) => x)),
  method('IEnumerable<T> DistinctBy<TKey>(Func<T, TKey> keySelector)', 'Elements with distinct keys.', (src, [k]) => distinctBy(iterate(src), (x) => invoke(k, x))),
  method('IEnumerable<T> Skip(int count)', 'All but the first count elements.', (src, [n]) =>
    lazy(function* () {
      let i = 0;
      for (const x of iterate(src)) if (i++ >= n) yield x;
    })),
  method('IEnumerable<T> Take(int count)', 'The first count elements.', (src, [n]) =>
    lazy(function* () {
      if (n <= 0) return;
      let i = 0;
      for (const x of iterate(src)) {
        yield x;
        if (++i >= n) return;
      }
    })),
  method('IEnumerable<T> SkipWhile(Func<T, bool> predicate)', 'Elements after the leading matching ones.', (src, [p]) =>
    lazy(function* () {
      let skipping = true;
      for (const x of iterate(src)) {
        if (skipping && truthy(invoke(p, x))) continue;
        skipping = false;
        yield x;
      }
    })),
  method('IEnumerable<T> TakeWhile(Func<T, bool> predicate)', 'The leading matching elements.', (src, [p]) =>
    lazy(function* () {
      for (const x of iterate(src)) {
        if (!truthy(invoke(p, x))) return;
        yield x;
      }
    })),
  method('IEnumerable<T> Concat(IEnumerable<T> second)', 'This sequence, then another.', (src, [b]) =>
    lazy(function* () {
      yield* iterate(src);
      yield* iterate(b);
    })),
  method('IEnumerable<T> Union(IEnumerable<T> second)', 'The distinct elements of both.', (src, [b]) =>
    distinctBy(lazy(function* () {
      yield* iterate(src);
      yield* iterate(b);
    }), (x) => x)),
  method('IEnumerable<T> Intersect(IEnumerable<T> second)', 'The distinct elements in both.', (src, [b]) => {
    const other = new CsHashSet();
    for (const x of iterate(b)) other.add(x);
    return distinctBy(lazy(function* () {
      for (const x of iterate(src)) if (other.has(x)) yield x;
    }), (x) => x);
  }),
  method('IEnumerable<T> Except(IEnumerable<T> second)', 'The distinct elements not in another sequence.', (src, [b]) => {
    const other = new CsHashSet();
    for (const x of iterate(b)) other.add(x);
    return distinctBy(lazy(function* () {
      for (const x of iterate(src)) if (!other.has(x)) yield x;
    }), (x) => x);
  }),
  method('bool Contains(T value)', 'Whether an equal element is in the sequence.', (src, [v]) => {
    if (typeof src === 'string') return src.includes(String(v));
    for (const x of iterate(src)) if (equals(x, v)) return true;
    return false;
  }),
  method('bool SequenceEqual(IEnumerable<T> second)', 'Whether both have equal elements in the same order.', (src, [b]) => {
    const x = [...iterate(src)];
    const y = [...iterate(b)];
    return x.length === y.length && x.every((v, i) => equals(v, y[i]));
  }),
  method('IEnumerable<T> Reverse()', 'The elements in reverse order.', (src) => lazy(function* () {
    yield* [...iterate(src)].reverse();
  })),
  method('IEnumerable<T> DefaultIfEmpty()', 'The elements, or one default element when empty.', (src, _a, info) =>
    lazy(function* () {
      let any = false;
      for (const x of iterate(src)) {
        any = true;
        yield x;
      }
      if (!any) yield elementDefault(info, src);
    })),
  method('IEnumerable<TResult> Zip<TSecond, TResult>(IEnumerable<TSecond> second, Func<T, TSecond, TResult> resultSelector)', 'Pairs elements of two sequences.', (src, [b, d]) =>
    lazy(function* () {
      const it = iterate(b)[Symbol.iterator]();
      for (const x of iterate(src)) {
        const y = it.next();
        if (y.done) return;
        yield invoke(d, x, y.value);
      }
    })),
  method('T Aggregate(Func<T, T, T> func)', 'Folds the elements with a function; InvalidOperationException when empty.', (src, [d]) => {
    let acc: unknown;
    let first = true;
    for (const x of iterate(src)) {
      acc = first ? x : invoke(d, acc, x);
      first = false;
    }
    if (first) throw noElements();
    return acc;
  }),
  method('TAccumulate Aggregate<TAccumulate>(TAccumulate seed, Func<TAccumulate, T, TAccumulate> func)', 'Folds from a seed.', (src, [seed, d]) => {
    let acc = seed;
    for (const x of iterate(src)) acc = invoke(d, acc, x);
    return acc;
  }),
  method('T[] ToArray()', 'The elements as an array.', (src) => tagged([...iterate(src)], (src as { elementType?: TypeDef }).elementType)),
  method('List<T> ToList()', 'The elements as a List.', (src) => new CsList([...iterate(src)], (src as { elementType?: TypeDef }).elementType)),
  method('HashSet<T> ToHashSet()', 'The distinct elements as a HashSet.', (src) => {
    const s = new CsHashSet();
    for (const x of iterate(src)) s.add(x);
    return s;
  }),
  method('Dictionary<TKey, T> ToDictionary<TKey>(Func<T, TKey> keySelector)', 'A dictionary keyed by a selector; ArgumentException on duplicate keys.', (src, [k]) => {
    const d = new CsDictionary();
    for (const x of iterate(src)) d.add(invoke(k, x), x);
    return d;
  }),
  method('Dictionary<TKey, TElement> ToDictionary<TKey, TElement>(Func<T, TKey> keySelector, Func<T, TElement> elementSelector)', 'A dictionary of selected keys and values.', (src, [k, e]) => {
    const d = new CsDictionary();
    for (const x of iterate(src)) d.add(invoke(k, x), invoke(e, x));
    return d;
  }),
  method('Dictionary<TKey, TElement> ToDictionary<TKey, TElement>(Func<T, TKey> keySelector, Func<T, TElement> elementSelector, IEqualityComparer<TKey> comparer)', 'A dictionary with a key comparer.', (src, [k, e, c]) => {
    const d = new CsDictionary(comparerKind(c));
    for (const x of iterate(src)) d.add(invoke(k, x), invoke(e, x));
    return d;
  }),
  method('IEnumerable<TResult> Cast<TResult>()', 'Each element cast to a type (InvalidCastException when one is not).', (src, _a, info) =>
    lazy(function* () {
      const def = info.typeArgs[0];
      for (const x of iterate(src)) yield def ? castElement(x, def) : x;
    })),
  method('IEnumerable<TResult> OfType<TResult>()', 'The elements of a type.', (src, _a, info) =>
    lazy(function* () {
      const def = info.typeArgs[0];
      for (const x of iterate(src)) if (!def || isInstanceOf(x, def)) yield x;
    })),
  method('IEnumerable<T> AsEnumerable()', 'The sequence itself.', (src) => src),
];

type({
  fullName: IENUMERABLE,
  doc: 'A sequence; LINQ methods (Where, Select, First, ...) work on it.',
  typeParams: ['T'],
  isInstance: (v) => Array.isArray(v) || typeof v === 'string' || (v !== null && typeof v === 'object' && Symbol.iterator in (v as object)),
  members: linq,
});

bindClass(
  CsEnumerable,
  type({
    fullName: 'System.Linq.Enumerable',
    doc: 'LINQ: Enumerable.Range, Repeat, Empty, and the sequences LINQ methods return.',
    interfaces: [IENUMERABLE],
    isInstance: (v) => v instanceof CsEnumerable,
    members: [
      method('static IEnumerable<int> Range(int start, int count)', 'count consecutive ints from start.', (_s, [start, n], info) => {
        if (n < 0) throw argumentOutOfRange('count');
        return lazy(function* () {
          for (let i = 0; i < n; i++) {
            info.rt.step();
            yield start + i;
          }
        });
      }),
      method('static IEnumerable<T> Repeat<T>(T element, int count)', 'An element count times.', (_s, [v, n], info) =>
        lazy(function* () {
          for (let i = 0; i < n; i++) {
            info.rt.step();
            yield v;
          }
        })),
      method('static IEnumerable<T> Empty<T>()', 'An empty sequence.', () => lazy(function* () {})),
    ],
  }),
);

export { elementDefault };
