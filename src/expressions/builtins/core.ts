// System.Object, System.Type, enums, exceptions, System.Guid, System.Array and delegates.

import { DotNetException, argumentNull, formatError } from '../runtime/exceptions';
import { compare, toDisplayString, equals } from '../runtime/operators';
import { bindClass, findType, hasTypeInChain, runtimeTypeName, typeOf, type TypeDef } from '../runtime/typeSystem';
import { CsDelegate, EnumValue, Num, RefCell, RuntimeType, TypeValue, AnonymousObject, TYPE } from '../runtime/values';
import { ctor, method, prop, type } from './define';

type({
  fullName: 'System.Object',
  alias: 'object',
  doc: 'The base of every .NET type.',
  isInstance: (v) => v !== null && v !== undefined,
  members: [
    method('string ToString()', 'The text form of the value.', (self) => runtimeTypeName(self)),
    method('bool Equals(object obj)', 'Whether the value equals another (by value for value types, by reference otherwise).', (self, [o]) => equals(self, o)),
    method('int GetHashCode()', 'A hash code for the value.', (self) => hash(toDisplayString(self))),
    method('Type GetType()', 'The runtime type of the value.', (self) => new RuntimeType(typeOf(self) as TypeDef)),
    method('static bool ReferenceEquals(object a, object b)', 'Whether two references are the same object.', (_s, [a, b]) => a === b),
    method('static bool Equals(object a, object b)', 'Whether two values are equal, allowing nulls.', (_s, [a, b]) => equals(a, b)),
  ],
});

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

bindClass(
  RuntimeType,
  type({
    fullName: 'System.Type',
    doc: 'A .NET type, as typeof(T) or value.GetType() return it.',
    allowed: ['Name', 'FullName', 'ToString'],
    isInstance: (v) => v instanceof RuntimeType,
    members: [
      prop('string Name', 'The type name without namespace, `String`.', (self: RuntimeType) => self.def.name + (self.def.typeParams ? `\`${self.def.typeParams.length}` : '')),
      prop('string FullName', 'The namespace-qualified name, `System.String`.', (self: RuntimeType) => self.def.fullName),
      method('string ToString()', 'The full name.', (self: RuntimeType) => self.def.fullName),
    ],
  }),
);

bindClass(
  AnonymousObject,
  type({
    fullName: '<>f__AnonymousType',
    doc: 'An anonymous object, `new { A = 1 }`.',
    isInstance: (v) => v instanceof AnonymousObject,
    members: [method('string ToString()', 'As C# prints it: `{ A = 1, B = x }`.', (self: AnonymousObject) => `{ ${[...self.members].map(([k, v]) => `${k} = ${toDisplayString(v)}`).join(', ')} }`)],
  }),
);

// ------------------------------------------------------------------ enums

/** Declares an enum type whose members are static properties returning EnumValue. */
export function enumType(fullName: string, names: readonly string[], doc: string, values?: readonly number[]): TypeDef {
  const instances = names.map((n, i) => new EnumValue(fullName, n, values?.[i] ?? i));
  return type({
    fullName,
    doc,
    base: 'System.Enum',
    valueType: true,
    isInstance: (v) => v instanceof EnumValue && v.enumType === fullName,
    members: [
      // ToString() comes from System.Enum.
      ...instances.map((e) => prop(`static ${fullName.slice(fullName.lastIndexOf('.') + 1)} ${e.name}`, `${fullName}.${e.name}`, () => e)),
    ],
  });
}

export function enumValue(fullName: string, name: string): EnumValue {
  const def = findType(fullName);
  const m = def?.members.find((x) => x.kind === 'property' && x.name === name);
  if (!m || m.kind !== 'property') throw new Error(`no enum member ${fullName}.${name}`);
  return m.get(undefined, undefined as never) as EnumValue;
}

const enumDef = type({
    fullName: 'System.Enum',
    doc: 'The base of enum types.',
    isInstance: (v) => v instanceof EnumValue,
    members: [
      method('string ToString()', 'The member name.', (self: EnumValue) => self.name),
      method('int CompareTo(object target)', 'Orders two values of the same enum by their numbers; a null is before every value.', (self: EnumValue, [o]) => {
        if (o === null) return 1;
        if (!(o instanceof EnumValue) || o.enumType !== self.enumType) throw new DotNetException('System.ArgumentException', `Object must be the same type as the enum. The type passed in was '${runtimeTypeName(o)}'; the enum type was '${self.enumType}'.`);
        return self.value < o.value ? -1 : self.value > o.value ? 1 : 0;
      }),
      method('bool HasFlag(Enum flag)', 'Whether every bit of flag is set in this value.', (self: EnumValue, [f]) => {
        if (f === null) throw argumentNull('flag');
        if (!(f instanceof EnumValue) || f.enumType !== self.enumType) throw new DotNetException('System.ArgumentException', `The argument type, '${runtimeTypeName(f)}', is not the same as the enum type '${self.enumType}'.`);
        return (self.value & f.value) === f.value;
      }),
      method('static object Parse(Type enumType, string value)', 'Parses a member name.', (_s, [t, v]: [TypeValue, string]) => parseEnum(t, v, false)),
      method('static object Parse(Type enumType, string value, bool ignoreCase)', 'Parses a member name.', (_s, [t, v, ic]: [TypeValue, string, boolean]) => parseEnum(t, v, ic)),
    ],
  });

// An enum value reports its own enum type (DayOfWeek, StringComparison), based on System.Enum.
Object.defineProperty(EnumValue.prototype, TYPE, {
  get(this: EnumValue) {
    return findType(this.enumType) ?? enumDef;
  },
});

function parseEnum(t: TypeValue, v: string, ignoreCase: boolean): EnumValue {
  if (v === null) throw argumentNull('value');
  const m = t.def.members.find((x) => x.kind === 'property' && (ignoreCase ? x.name.toLowerCase() === v.trim().toLowerCase() : x.name === v.trim()));
  if (!m || m.kind !== 'property') throw new DotNetException('System.ArgumentException', `Requested value '${v}' was not found.`);
  return m.get(undefined, undefined as never) as EnumValue;
}

// ------------------------------------------------------------------ exceptions

const EXCEPTIONS: readonly [string, string | undefined][] = [
  ['System.Exception', undefined],
  ['System.SystemException', 'System.Exception'],
  ['System.ArgumentException', 'System.SystemException'],
  ['System.ArgumentNullException', 'System.ArgumentException'],
  ['System.ArgumentOutOfRangeException', 'System.ArgumentException'],
  ['System.FormatException', 'System.SystemException'],
  ['System.InvalidOperationException', 'System.SystemException'],
  ['System.InvalidCastException', 'System.SystemException'],
  ['System.NotSupportedException', 'System.SystemException'],
  ['System.NotImplementedException', 'System.SystemException'],
  ['System.NullReferenceException', 'System.SystemException'],
  ['System.IndexOutOfRangeException', 'System.SystemException'],
  ['System.OverflowException', 'System.ArithmeticException'],
  ['System.ArithmeticException', 'System.SystemException'],
  ['System.DivideByZeroException', 'System.ArithmeticException'],
  ['System.TimeoutException', 'System.SystemException'],
  ['System.Collections.Generic.KeyNotFoundException', 'System.SystemException'],
];

/** ArgumentNullException(string) and ArgumentOutOfRangeException(string) take a parameter name. */
const PARAM_NAME_CTOR = new Set(['System.ArgumentNullException', 'System.ArgumentOutOfRangeException']);

for (const [fullName, base] of EXCEPTIONS) {
  const simple = fullName.slice(fullName.lastIndexOf('.') + 1);
  type({
    fullName,
    base,
    doc: `${simple}: raise it with throw, catch it with catch (${simple} e).`,
    isInstance: (v) => v instanceof DotNetException && v.isA(fullName),
    members: [
      ctor(`${simple}()`, `A new ${simple}.`, () => new DotNetException(fullName, defaultMessage(fullName))),
      PARAM_NAME_CTOR.has(fullName)
        ? ctor(`${simple}(string paramName)`, `A new ${simple} naming the parameter at fault.`, ([m]) => new DotNetException(fullName, exceptionMessage(fullName, m)))
        : ctor(`${simple}(string message)`, `A new ${simple} with a message.`, ([m]) => new DotNetException(fullName, exceptionMessage(fullName, m))),
      ctor(`${simple}(string message, Exception innerException)`, `A new ${simple} wrapping another.`, ([m, inner]) => new DotNetException(fullName, innerMessage(fullName, m), inner as DotNetException)),
      ...(base === undefined
        ? [
            prop('string Message', 'The message.', (self: DotNetException) => self.message),
            prop('Exception InnerException', 'The exception this one wraps, or null.', (self: DotNetException) => self.inner ?? null),
            prop('string Source', 'Not tracked by the simulator: always null.', () => null),
            method('string ToString()', 'Type name and message, as .NET prints them.', (self: DotNetException) => `${self.type}: ${self.message}`),
          ]
        : []),
    ],
  });
}

/** The messages .NET gives exceptions made without one (English resources). */
const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  'System.SystemException': 'System error.',
  'System.ArgumentException': 'Value does not fall within the expected range.',
  'System.ArgumentNullException': 'Value cannot be null.',
  'System.ArgumentOutOfRangeException': 'Specified argument was out of the range of valid values.',
  'System.FormatException': 'One of the identified items was in an invalid format.',
  'System.InvalidOperationException': 'Operation is not valid due to the current state of the object.',
  'System.InvalidCastException': 'Specified cast is not valid.',
  'System.NotSupportedException': 'Specified method is not supported.',
  'System.NotImplementedException': 'The method or operation is not implemented.',
  'System.NullReferenceException': 'Object reference not set to an instance of an object.',
  'System.IndexOutOfRangeException': 'Index was outside the bounds of the array.',
  'System.OverflowException': 'Arithmetic operation resulted in an overflow.',
  'System.ArithmeticException': 'Overflow or underflow in the arithmetic operation.',
  'System.DivideByZeroException': 'Attempted to divide by zero.',
  'System.TimeoutException': 'The operation has timed out.',
  'System.Collections.Generic.KeyNotFoundException': 'The given key was not present in the dictionary.',
};

function defaultMessage(fullName: string): string {
  return DEFAULT_MESSAGES[fullName] ?? `Exception of type '${fullName}' was thrown.`;
}

function exceptionMessage(fullName: string, m: unknown): string {
  if (PARAM_NAME_CTOR.has(fullName) && typeof m === 'string') return `${defaultMessage(fullName)} (Parameter '${m}')`;
  return m === null || m === undefined ? defaultMessage(fullName) : String(m);
}

function innerMessage(fullName: string, m: unknown): string {
  return m === null || m === undefined ? defaultMessage(fullName) : String(m);
}

/** Lets `typeOf(exception)` find its exact type. */
Object.defineProperty(DotNetException.prototype, Symbol.for('apim.dotnetType'), {
  get(this: DotNetException) {
    return findType(this.type) ?? findType('System.Exception');
  },
});

// ------------------------------------------------------------------ Guid

export class Guid {
  constructor(readonly hex: string) {}
  equals(o: unknown): boolean {
    return o instanceof Guid && o.hex === this.hex;
  }
  compareTo(o: Guid): number {
    return this.hex < o.hex ? -1 : this.hex > o.hex ? 1 : 0;
  }
  format(f = 'D'): string {
    const h = this.hex;
    const d = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    switch (f.toUpperCase()) {
      case 'N':
        return h;
      case 'D':
        return d;
      case 'B':
        return `{${d}}`;
      case 'P':
        return `(${d})`;
      case 'X': {
        const b = h.slice(16);
        const bytes = Array.from({ length: 8 }, (_, i) => `0x${b.slice(i * 2, i * 2 + 2)}`).join(',');
        return `{0x${h.slice(0, 8)},0x${h.slice(8, 12)},0x${h.slice(12, 16)},{${bytes}}}`;
      }
      default:
        throw formatError('Format string can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".');
    }
  }
  /** .NET's layout: the first three fields little-endian, the last eight bytes as they are. */
  toBytes(): Uint8Array {
    const h = this.hex;
    const le = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => parseInt(h.slice(from + (n - 1 - i) * 2, from + (n - i) * 2), 16));
    return Uint8Array.from([...le(0, 4), ...le(8, 2), ...le(12, 2), ...Array.from({ length: 8 }, (_, i) => parseInt(h.slice(16 + i * 2, 18 + i * 2), 16))]);
  }
  static fromBytes(b: Uint8Array): Guid {
    const x = (i: number): string => (b[i] as number).toString(16).padStart(2, '0');
    return new Guid([3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15].map(x).join(''));
  }
  static parse(s: string): Guid | undefined {
    const m = /^\s*[{(]?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})[})]?\s*$/.exec(s);
    return m ? new Guid(m.slice(1).join('').toLowerCase()) : undefined;
  }
}

bindClass(
  Guid,
  type({
    fullName: 'System.Guid',
    doc: 'A 128-bit identifier, such as context.RequestId.',
    valueType: true,
    isInstance: (v) => v instanceof Guid,
    members: [
      method('static Guid NewGuid()', 'A new random (version 4) GUID.', (_s, _a, info) => {
        let hex = '';
        for (let i = 0; i < 32; i++) hex += Math.floor(info.rt.random() * 16).toString(16);
        hex = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((parseInt(hex[16] as string, 16) & 3) | 8).toString(16)}${hex.slice(17)}`;
        return new Guid(hex);
      }),
      prop('static Guid Empty', 'The all-zero GUID.', () => new Guid('0'.repeat(32))),
      method('static Guid Parse(string input)', 'Parses a GUID in any of the N, D, B or P forms.', (_s, [s]: [string]) => {
        if (s === null) throw argumentNull('input');
        const g = Guid.parse(s);
        if (!g) throw formatError('Unrecognized Guid format.');
        return g;
      }),
      method('static bool TryParse(string input, out Guid result)', 'Parses a GUID; false when the text is not one.', (_s, [s, out]: [string, RefCell]) => {
        const g = s === null ? undefined : Guid.parse(s);
        out.value = g ?? new Guid('0'.repeat(32));
        return g !== undefined;
      }),
      ctor('Guid(string g)', 'Parses a GUID.', ([s]) => {
        const g = Guid.parse(String(s));
        if (!g) throw formatError('Unrecognized Guid format.');
        return g;
      }),
      method('string ToString()', 'The D form: 8-4-4-4-12 lowercase hex digits.', (self: Guid) => self.format('D')),
      method('string ToString(string format)', 'N (32 digits), D (hyphens), B (braces) or P (parentheses).', (self: Guid, [f]: [string]) => self.format(f || 'D')),
      method('bool Equals(Guid g)', 'Whether two GUIDs are equal.', (self: Guid, [o]) => self.equals(o)),
      method('byte[] ToByteArray()', 'The 16 bytes, the first three fields little-endian (as .NET stores them).', (self: Guid) => byteArray(self.toBytes())),
      ctor('Guid(byte[] b)', 'A GUID from 16 bytes in ToByteArray’s order.', ([b]) => {
        const bytes = toBytes(b);
        if (bytes.length !== 16) throw new DotNetException('System.ArgumentException', "Byte array for GUID must be exactly 16 bytes long. (Parameter 'b')");
        return Guid.fromBytes(bytes);
      }),
      ctor('Guid(int a, short b, short c, byte[] d)', 'A GUID from its fields and its last 8 bytes.', ([a, b, c, d]) => {
        const last = toBytes(d);
        if (last.length !== 8) throw new DotNetException('System.ArgumentException', "Byte array for GUID must be exactly 8 bytes long. (Parameter 'd')");
        return guidOf(num(a), num(b), num(c), [...last]);
      }),
      ctor('Guid(int a, short b, short c, byte d, byte e, byte f, byte g, byte h, byte i, byte j, byte k)', 'A GUID from its fields.', (args: unknown[]) =>
        guidOf(num(args[0]), num(args[1]), num(args[2]), args.slice(3).map((x) => num(x)))),
      ctor('Guid(uint a, ushort b, ushort c, byte d, byte e, byte f, byte g, byte h, byte i, byte j, byte k)', 'A GUID from its unsigned fields.', (args: unknown[]) =>
        guidOf(num(args[0]), num(args[1]), num(args[2]), args.slice(3).map((x) => num(x)))),
      method('int CompareTo(Guid value)', 'Orders GUIDs by their fields, unsigned.', (self: Guid, [o]) => (o instanceof Guid ? self.compareTo(o) : 1)),
      method('int CompareTo(object value)', 'Orders GUIDs; a null is before every GUID.', (self: Guid, [o]) => {
        if (o === null) return 1;
        if (!(o instanceof Guid)) throw new DotNetException('System.ArgumentException', 'Object must be of type GUID.');
        return self.compareTo(o);
      }),
      method('static Guid ParseExact(string input, string format)', 'Parses a GUID written in exactly this format (N, D, B, P or X).', (_s, [s, f]: [string, string]) => {
        const g = parseExactGuid(s, f);
        if (!g) throw formatError(`Guid should contain ${/^n$/i.test(f) ? '32 digits with no dashes' : 'the format given'} (xxxxxxxx${/^n$/i.test(f) ? 'xxxx' : '-xxxx-'}...).`);
        return g;
      }),
      method('static bool TryParseExact(string input, string format, out Guid result)', 'Parses a GUID in exactly this format; false when it is not.', (_s, [s, f, out]: [string, string, RefCell]) => {
        const g = parseExactGuid(s, f);
        out.value = g ?? new Guid('0'.repeat(32));
        return g !== undefined;
      }),
      method('string ToString(string format, IFormatProvider provider)', 'The format given; the provider is not used.', (self: Guid, [f]: [string]) => self.format(f || 'D')),
    ],
  }),
);

// numbers.ts has byteArray/toBytes, but it imports this module: these two stay local.
const num = (v: unknown): number => (v instanceof Num ? Number(v.value) : Number(v));
function byteArray(bytes: Uint8Array): unknown[] {
  const arr: unknown[] = Array.from(bytes, (b) => new Num('byte', b));
  Object.defineProperty(arr, 'elementType', { value: { fullName: 'System.Byte' }, enumerable: false });
  return arr;
}
function toBytes(arr: unknown): Uint8Array {
  if (arr === null || arr === undefined) throw argumentNull('b');
  return Uint8Array.from(arr as unknown[], (v) => num(v) & 0xff);
}

function guidOf(a: number, b: number, c: number, rest: readonly number[]): Guid {
  const hex = (v: number, digits: number): string => ((v >>> 0) & (digits === 8 ? 0xffffffff : 0xffff)).toString(16).padStart(digits, '0').slice(-digits);
  return new Guid(`${(a >>> 0).toString(16).padStart(8, '0')}${hex(b & 0xffff, 4)}${hex(c & 0xffff, 4)}${rest.map((x) => (x & 0xff).toString(16).padStart(2, '0')).join('')}`);
}

function parseExactGuid(s: string | null, f: string | null): Guid | undefined {
  if (s === null) throw argumentNull('input');
  if (f === null) throw argumentNull('format');
  const forms: Record<string, RegExp> = {
    N: /^([0-9a-fA-F]{32})$/,
    D: /^([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})$/,
    B: /^\{([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\}$/,
    P: /^\(([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\)$/,
  };
  const re = forms[f.toUpperCase()];
  if (!re) throw formatError('Format string can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".');
  const m = re.exec(s.trim());
  return m ? new Guid(m.slice(1).join('').toLowerCase()) : undefined;
}

// ------------------------------------------------------------------ Array and delegates

type({
  fullName: 'System.Array',
  doc: 'Arrays: `new[] { 1, 2 }`, `string[]`. LINQ works on them.',
  interfaces: ['System.Collections.Generic.IEnumerable`1', 'System.Collections.Generic.IList`1'],
  isInstance: (v) => Array.isArray(v),
  members: [
    prop('int Length', 'The number of elements.', (self: unknown[]) => self.length),
    prop('long LongLength', 'The number of elements.', (self: unknown[]) => BigInt(self.length)),
    prop('int Rank', 'The number of dimensions (1).', () => 1),
    method('static int IndexOf(T[] array, T value)', 'The first index of a value, or -1.', (_s, [a, v]: [unknown[], unknown]) => a.findIndex((x) => equals(x, v))),
    method('static void Reverse(Array array)', 'Reverses the array in place.', (_s, [a]: [unknown[]]) => void a.reverse()),
    method('static T[] Empty<T>()', 'An empty array.', () => []),
    method('static bool Exists<T>(T[] array, Predicate<T> match)', 'Whether any element matches.', (_s, [a, p]: [unknown[], CsDelegate]) => a.some((x) => p.invoke([x]) === true)),
    method('static T Find<T>(T[] array, Predicate<T> match)', 'The first matching element, or default.', (_s, [a, p]: [unknown[], CsDelegate]) => a.find((x) => p.invoke([x]) === true) ?? null),
    method('static void Sort<T>(T[] array)', 'Sorts in place.', (_s, [a]: [unknown[]]) => void a.sort(compareForSort)),
    method('object Clone()', 'A shallow copy.', (self: unknown[]) => copyArray(self)),
    method('string ToString()', 'The type name, `System.String[]`.', (self) => runtimeTypeName(self)),
  ],
});

function copyArray(a: unknown[]): unknown[] {
  const c = [...a];
  const el = (a as unknown[] & { elementType?: TypeDef }).elementType;
  if (el) Object.defineProperty(c, 'elementType', { value: el, enumerable: false });
  return c;
}

export function compareForSort(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'string' && typeof b === 'string') return compareStringsCulture(a, b);
  const c = compare(a, b);
  if (c === undefined) throw new DotNetException('System.InvalidOperationException', `Failed to compare two elements: '${runtimeTypeName(a)}' is not comparable.`);
  return c;
}

/** String.Compare / OrderBy on strings: invariant culture, which orders case-insensitively first ("a" < "B"), then lowercase before uppercase. */
export function compareStringsCulture(a: string, b: string): number {
  const r = a.localeCompare(b, 'en', { sensitivity: 'variant', caseFirst: 'lower' });
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

bindClass(
  CsDelegate,
  type({
    fullName: 'System.Delegate',
    doc: 'A lambda or method: Func<T, TResult>, Action<T>, Predicate<T>.',
    isInstance: (v) => v instanceof CsDelegate,
    members: [method('object Invoke(params object[] args)', 'Calls the delegate.', (self: CsDelegate, [args]: [unknown[]]) => self.invoke(args))],
  }),
);

for (const [name, arity] of [['Func', 1], ['Func', 2], ['Func', 3], ['Func', 4], ['Action', 0], ['Action', 1], ['Action', 2], ['Predicate', 1], ['Comparison', 1]] as const) {
  const full = arity ? `System.${name}\`${arity}` : `System.${name}`;
  type({
    fullName: full,
    doc: `A delegate type: ${name}.`,
    base: 'System.Delegate',
    typeParams: Array.from({ length: arity }, (_, i) => `T${i + 1}`),
    isInstance: (v) => v instanceof CsDelegate,
    members: [ctor(`${name}(Delegate method)`, `Wraps a lambda: new ${name}<...>(x => ...).`, ([d]) => d)],
  });
}

type({
  fullName: 'System.Nullable`1',
  doc: 'A value type that may also be null: `int?`.',
  typeParams: ['T'],
  isInstance: () => true,
  members: [],
});

export { hasTypeInChain };
