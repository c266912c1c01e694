// System.Decimal: a 96-bit integer scaled by a power of ten (0 to 28), kept here as a bigint
// mantissa and a scale. Addition keeps the larger scale (1.50m + 1m = 2.50m) as .NET does;
// results are rounded half to even to at most 28 decimal places and 29 significant digits.
// https://learn.microsoft.com/dotnet/api/system.decimal

import { DotNetException } from './exceptions';

const MAX_MANTISSA = (1n << 96n) - 1n;
const MAX_SCALE = 28;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Rounds m / 10^drop to an integer, half to even. */
function roundDiv(m: bigint, divisor: bigint): bigint {
  const q = m / divisor;
  const r = m % divisor;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > divisor || (twice === divisor && q % 2n !== 0n)) return q + (m < 0n ? -1n : 1n);
  return q;
}

export class Decimal {
  private constructor(
    readonly mantissa: bigint,
    readonly scale: number,
  ) {}

  static readonly Zero = new Decimal(0n, 0);
  static readonly One = new Decimal(1n, 0);

  static of(mantissa: bigint, scale: number): Decimal {
    let m = mantissa;
    let s = scale;
    if (s > MAX_SCALE) {
      m = roundDiv(m, pow10(s - MAX_SCALE));
      s = MAX_SCALE;
    }
    // Too many digits for 96 bits: give up scale (precision after the point) first.
    while ((m < 0n ? -m : m) > MAX_MANTISSA && s > 0) {
      m = roundDiv(m, 10n);
      s--;
    }
    if ((m < 0n ? -m : m) > MAX_MANTISSA) throw new DotNetException('System.OverflowException', 'Value was either too large or too small for a Decimal.');
    return new Decimal(m, s);
  }

  /** Parses invariant-culture text such as "-12.50" or "1e3"; undefined when it is not a number. */
  static parse(text: string): Decimal | undefined {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const digits = (m[2] ?? '') + (m[3] ?? '');
    let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
    let mant = BigInt(digits || '0');
    if (scale < 0) {
      mant *= pow10(-scale);
      scale = 0;
    }
    return Decimal.of(m[1] === '-' ? -mant : mant, scale);
  }

  static fromNumber(v: number): Decimal {
    if (!Number.isFinite(v)) throw new DotNetException('System.OverflowException', 'Value was either too large or too small for a Decimal.');
    if (Number.isInteger(v)) return Decimal.of(BigInt(v), 0);
    // .NET converts double to decimal with 15 significant digits.
    return (Decimal.parse(v.toPrecision(15)) as Decimal).normalize();
  }

  static fromBigInt(v: bigint): Decimal {
    return Decimal.of(v, 0);
  }

  private align(other: Decimal): [bigint, bigint, number] {
    const s = Math.max(this.scale, other.scale);
    return [this.mantissa * pow10(s - this.scale), other.mantissa * pow10(s - other.scale), s];
  }

  add(o: Decimal): Decimal {
    const [a, b, s] = this.align(o);
    return Decimal.of(a + b, s);
  }

  sub(o: Decimal): Decimal {
    const [a, b, s] = this.align(o);
    return Decimal.of(a - b, s);
  }

  mul(o: Decimal): Decimal {
    return Decimal.of(this.mantissa * o.mantissa, this.scale + o.scale);
  }

  div(o: Decimal): Decimal {
    if (o.mantissa === 0n) throw new DotNetException('System.DivideByZeroException', 'Attempted to divide by zero.');
    // Compute with 28 extra places, round, then drop trailing zeros beyond the operands' scale,
    // which is how .NET presents quotients (10m / 4m = 2.5, 1m / 3m = 0.3333333333333333333333333333).
    const extra = MAX_SCALE + 2;
    const num = this.mantissa * pow10(extra + o.scale);
    const q = roundDiv(num, o.mantissa);
    return Decimal.of(q, this.scale + extra).normalize();
  }

  mod(o: Decimal): Decimal {
    if (o.mantissa === 0n) throw new DotNetException('System.DivideByZeroException', 'Attempted to divide by zero.');
    const [a, b, s] = this.align(o);
    return Decimal.of(a % b, s);
  }

  neg(): Decimal {
    return new Decimal(-this.mantissa, this.scale);
  }

  compare(o: Decimal): number {
    const [a, b] = this.align(o);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(o: Decimal): boolean {
    return this.compare(o) === 0;
  }

  /** Drops trailing zeros after the point. */
  normalize(): Decimal {
    let m = this.mantissa;
    let s = this.scale;
    while (s > 0 && m % 10n === 0n) {
      m /= 10n;
      s--;
    }
    return new Decimal(m, s);
  }

  /** Rounds to `digits` places; mode as System.MidpointRounding. */
  round(digits: number, mode: 'ToEven' | 'AwayFromZero' | 'ToZero' | 'ToNegativeInfinity' | 'ToPositiveInfinity' = 'ToEven'): Decimal {
    if (this.scale <= digits) return this;
    const div = pow10(this.scale - digits);
    const q = this.mantissa / div;
    const r = this.mantissa % div;
    let result = q;
    if (r !== 0n) {
      const twice = (r < 0n ? -r : r) * 2n;
      const sign = this.mantissa < 0n ? -1n : 1n;
      switch (mode) {
        case 'ToEven':
          if (twice > div || (twice === div && q % 2n !== 0n)) result = q + sign;
          break;
        case 'AwayFromZero':
          if (twice >= div) result = q + sign;
          break;
        case 'ToZero':
          break;
        case 'ToNegativeInfinity':
          if (sign < 0n) result = q - 1n;
          break;
        case 'ToPositiveInfinity':
          if (sign > 0n) result = q + 1n;
          break;
      }
    }
    return Decimal.of(result, digits);
  }

  truncate(): bigint {
    return this.mantissa / pow10(this.scale);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** Invariant culture, keeping the scale: 2.50m prints "2.50". */
  toString(): string {
    const neg = this.mantissa < 0n;
    let digits = (neg ? -this.mantissa : this.mantissa).toString();
    if (this.scale > 0) {
      digits = digits.padStart(this.scale + 1, '0');
      digits = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    }
    return neg ? `-${digits}` : digits;
  }
}
