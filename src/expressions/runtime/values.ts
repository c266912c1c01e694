// Runtime values of the expression interpreter, chosen so that .NET semantics survive in JS:
//   int → JS number (always an int32); long → bigint; bool → boolean; string → string;
//   null → null; char → CsChar; decimal → Decimal; other numbers (double, float, uint, ulong,
//   short, ushort, byte, sbyte) → Num with their .NET type; everything else → objects that
//   say their type through TYPE (see typeSystem.ts).
// So `5 / 2` (two ints) is integer division and `5.0 / 2` is not, without static types.

import { Decimal } from './decimal';

export const TYPE = Symbol.for('apim.dotnetType');

export type NumKind = 'double' | 'float' | 'uint' | 'ulong' | 'short' | 'ushort' | 'byte' | 'sbyte';

/** A number of a .NET type other than int (a JS number) or long (a bigint). */
export class Num {
  constructor(
    readonly kind: NumKind,
    /** bigint for ulong, number otherwise. */
    readonly value: number | bigint,
  ) {}
}

export class CsChar {
  private static readonly cache: CsChar[] = [];
  private constructor(readonly code: number) {}
  static of(code: number): CsChar {
    if (code < 128) return (CsChar.cache[code] ??= new CsChar(code));
    return new CsChar(code);
  }
  toString(): string {
    return String.fromCharCode(this.code);
  }
}

export function double(v: number): Num {
  return new Num('double', v);
}

export function isDouble(v: unknown): v is Num {
  return v instanceof Num && (v.kind === 'double' || v.kind === 'float');
}

/** The .NET type names of the primitive runtime values. */
export type PrimitiveName = 'int' | 'long' | 'bool' | 'string' | 'char' | 'decimal' | NumKind;

export function primitiveName(v: unknown): PrimitiveName | undefined {
  switch (typeof v) {
    case 'number':
      return 'int';
    case 'bigint':
      return 'long';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      if (v instanceof Num) return v.kind;
      if (v instanceof CsChar) return 'char';
      if (v instanceof Decimal) return 'decimal';
      return undefined;
  }
}

/** A lambda or method group turned into a .NET delegate. */
export class CsDelegate {
  constructor(
    readonly arity: number,
    readonly invoke: (args: readonly unknown[]) => unknown,
    readonly description = 'lambda',
  ) {}
}

/** A by-reference argument cell (`out x`, `ref x`). */
export class RefCell {
  constructor(public value: unknown) {}
}

/** A `.NET` anonymous object (`new { A = 1 }`): read-only named members. */
export class AnonymousObject {
  constructor(readonly members: ReadonlyMap<string, unknown>) {}
}

/** A type used as a value: `typeof(string)`, `x.GetType()`, and the receiver of a static access. */
export class TypeValue {
  constructor(readonly def: import('./typeSystem').TypeDef) {}
}

/** A System.Type object at run time: what typeof(T) and GetType() return. */
export class RuntimeType {
  constructor(readonly def: import('./typeSystem').TypeDef) {}
  equals(o: unknown): boolean {
    return o instanceof RuntimeType && o.def.fullName === this.def.fullName;
  }
}

/** A value of a .NET enum (StringComparison.Ordinal, MidpointRounding.AwayFromZero, ...). */
export class EnumValue {
  constructor(
    readonly enumType: string,
    readonly name: string,
    readonly value: number,
  ) {}
  equals(o: unknown): boolean {
    return o instanceof EnumValue && o.enumType === this.enumType && o.value === this.value;
  }
  compareTo(o: EnumValue): number {
    return this.value - o.value;
  }
}
