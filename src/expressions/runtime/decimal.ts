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
    /** A zero with the sign bit set (0m / -4m, -0m): it prints as 0 but converts to -0.0. */
    readonly negativeZero = false,
  ) {}

  /** The sign bit: negative values, and the negative zero. */
  get negative(): boolean {
    return this.mantissa < 0n || (this.mantissa === 0n && this.negativeZero);
  }

  private withSign(negative: boolean): Decimal {
    return this.mantissa === 0n && negative !== this.negativeZero ? new Decimal(0n, this.scale, negative) : this;
  }

  static readonly Zero = new Decimal(0n, 0);
  static readonly One = new Decimal(1n, 0);

  static of(mantissa: bigint, scale: number): Decimal {
    // Too many places, or too many digits for 96 bits: give up places, rounding once (as DecCalc's
    // ScaleResult does) so that 0.05 dropped in two steps cannot round twice.
    const abs = mantissa < 0n ? -mantissa : mantissa;
    let drop = Math.max(scale - MAX_SCALE, 0);
    while (drop < scale && abs / pow10(drop) > MAX_MANTISSA) drop++;
    let m = drop > 0 ? roundDiv(mantissa, pow10(drop)) : mantissa;
    let s = scale - drop;
    // Rounding up can carry into one more digit (99...9.5 becomes 100...0): that digit is a zero.
    if ((m < 0n ? -m : m) > MAX_MANTISSA && s > 0) {
      m /= 10n;
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
    return this.addSigned(o, false);
  }

  sub(o: Decimal): Decimal {
    return this.addSigned(o, true);
  }

  /**
   * Addition as DecCalc.DecAddSub does it: the operand with the smaller scale is scaled up to the
   * other's; when that operand is zero the other is the result as it is (0m + 1.50m = 1.50m), and a
   * zero sum takes the sign of the operand with the smaller scale, the left one when the scales are
   * equal (-2.50m - -2.50m is -0.00m, which converts to -0.0).
   */
  private addSigned(o: Decimal, subtract: boolean): Decimal {
    const right = subtract ? o.neg() : o;
    const smaller = right.scale < this.scale ? right : this;
    const other = smaller === this ? right : this;
    if (smaller.scale !== other.scale && smaller.mantissa === 0n) return other;
    const [a, b, s] = this.align(right);
    const sum = a + b;
    if (sum === 0n) return new Decimal(0n, s, smaller.negative);
    return Decimal.of(sum, s);
  }

  /**
   * Multiplication as DecCalc.VarDecMul does it: the scales add up (1.5m * 2.0m = 3.00m), places
   * beyond 28 are rounded off half to even. When both mantissas fit in 32 bits the product keeps
   * its scale and the sign bit is the operands' exclusive or, also for a zero (0m * -1m is -0,
   * 2.5m * 0m is 0.0m); a zero product of larger operands is a plain 0 (scale 0, positive).
   */
  mul(o: Decimal): Decimal {
    const small = (m: bigint) => (m < 0n ? -m : m) < 1n << 32n;
    const product = this.mantissa * o.mantissa;
    const scale = this.scale + o.scale;
    if (small(this.mantissa) && small(o.mantissa)) {
      // Places beyond 28 + 19 leave nothing of a 64-bit product: DecCalc returns a plain zero.
      if (scale > MAX_SCALE + 19) return Decimal.Zero;
      return Decimal.of(product, scale).withSign(this.negative !== o.negative);
    }
    if (product === 0n) return Decimal.Zero;
    return Decimal.of(product, scale);
  }

  /**
   * Division as .NET's DecCalc.VarDecDiv does it: the natural scale is the dividend's minus the
   * divisor's; an exact quotient keeps it (1.00m / 2m = 0.50m, 0.0m / 4m = 0.0m); otherwise the
   * quotient gets as many digits as fit (28 places, 96 bits), rounded half to even, and loses its
   * trailing zeros (1m / 8m = 0.125m, 1m / 3m = 0.3333333333333333333333333333m).
   */
  div(o: Decimal): Decimal {
    if (o.mantissa === 0n) throw new DotNetException('System.DivideByZeroException', 'Attempted to divide by zero.');
    const negative = this.mantissa < 0n !== o.mantissa < 0n;
    const a = this.mantissa < 0n ? -this.mantissa : this.mantissa;
    const b = o.mantissa < 0n ? -o.mantissa : o.mantissa;
    const natural = this.scale - o.scale;
    const at = (scale: number): [bigint, bigint] => {
      const shift = scale - natural;
      return shift >= 0 ? [(a * pow10(shift)) / b, (a * pow10(shift)) % b] : [a / (b * pow10(-shift)), a % (b * pow10(-shift))];
    };
    const sign = (m: bigint): bigint => (negative ? -m : m);
    const first = Math.max(natural, 0);
    const [q0, r0] = at(first);
    if (r0 === 0n) {
      if (q0 > MAX_MANTISSA) throw new DotNetException('System.OverflowException', 'Value was either too large or too small for a Decimal.');
      return new Decimal(sign(q0), first, q0 === 0n && negative);
    }
    // The most places (up to 28) whose quotient fits in 96 bits.
    let scale = MAX_SCALE;
    while (scale > first && at(scale)[0] > MAX_MANTISSA) scale--;
    let [q, r] = at(scale);
    if (q > MAX_MANTISSA) throw new DotNetException('System.OverflowException', 'Value was either too large or too small for a Decimal.');
    const divisor = scale - natural >= 0 ? b : b * pow10(natural - scale);
    if (r * 2n > divisor || (r * 2n === divisor && q % 2n === 1n)) q += 1n;
    if (q > MAX_MANTISSA) {
      q = roundDiv(q, 10n);
      scale--;
    }
    return new Decimal(sign(q), scale).normalize();
  }

  /**
   * The remainder as .NET's DecCalc.VarDecMod computes it: a zero dividend, or one smaller than the
   * divisor, is returned as it is (0m % 0.7m = 0m, 1.0m % 7m = 1.0m); otherwise the remainder has
   * the dividend's sign and the larger of the two scales (1.0m % 0.7m = 0.3m).
   */
  mod(o: Decimal): Decimal {
    if (o.mantissa === 0n) throw new DotNetException('System.DivideByZeroException', 'Attempted to divide by zero.');
    if (this.mantissa === 0n) return this;
    const [a, b, s] = this.align(o);
    const absA = a < 0n ? -a : a;
    const absB = b < 0n ? -b : b;
    if (absA < absB) return this;
    // A zero remainder keeps the dividend's sign bit (-1.4m % 0.7m is -0.0m).
    return Decimal.of(a % b, s).withSign(this.negative);
  }

  neg(): Decimal {
    return new Decimal(-this.mantissa, this.scale, this.mantissa === 0n && !this.negativeZero);
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
    // The sign bit stays, also on a zero (Math.Round(-0.4m) and Math.Truncate(-0.00m) are -0).
    return result === 0n ? new Decimal(0n, digits, this.negative) : Decimal.of(result, digits);
  }

  truncate(): bigint {
    return this.mantissa / pow10(this.scale);
  }

  /**
   * To double as .NET's DecCalc.VarR8FromDec converts: the 96-bit integer as two doubles, divided by
   * the double power of ten (not always the nearest double: (double)(1m / 3m) is 0.33333333333333337).
   */
  toNumber(): number {
    const abs = this.mantissa < 0n ? -this.mantissa : this.mantissa;
    const low = abs & 0xffffffffffffffffn;
    const high = abs >> 64n;
    const v = (Number(low) + Number(high) * 1.8446744073709552e19) / Number(`1e${this.scale}`);
    return this.negative ? -v : v;
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
