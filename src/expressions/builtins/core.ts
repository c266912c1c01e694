// System.Object, System.Type, enums, exceptions, System.Guid, System.Array and delegates.

import { DotNetException, argumentNull, formatError } from '../runtime/exceptions';
import { compare, toDisplayString, equals } from '../runtime/operators';
import { bindClass, findType, hasTypeInChain, runtimeTypeName, typeOf, type TypeDef } from '../runtime/typeSystem';
import { CsDelegate, EnumValue, RefCell, RuntimeType, TypeValue, AnonymousObject, TYPE } from '../runtime/values';
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
      default:
        throw formatError('Format string can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".');
    }
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
    ],
  }),
);

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
