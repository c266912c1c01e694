// Which .NET the interpreter imitates where .NET versions disagree. The gateway's runtime is not
// documented (unverified); the interpreter follows modern .NET (8 and later) by default. The
// .NET Framework 4.x behaviours are kept as a second profile, so a user (or the oracle script,
// which compares with Mono, a .NET Framework implementation) can switch in one place:
//
//   doubleText      double.ToString(): shortest round-trip text ("0.30000000000000004", .NET Core
//                   3.0+) or 15 significant digits ("0.3", .NET Framework); -0.0 prints "-0" or "0".
//   fromUnitsToMs   TimeSpan.FromSeconds(1.5e-4) and siblings: whole ticks (.NET Core 3.0+) or
//                   rounded to the millisecond (.NET Framework).
//   addUnitsToMs    DateTime.AddHours(2.675) and siblings: full precision (.NET 7+) or rounded to
//                   the millisecond (.NET 6 and earlier, .NET Framework).
//   parseOverflow   double.Parse("1e400"): Infinity (.NET Core 3.0+) or OverflowException.
//   doubleDigits    the digits a double is formatted from: its exact value, ties to even (.NET Core
//                   3.0+: 0.125.ToString("N2") is "0.12", -0.0 and -0.001 with "F2" keep their
//                   minus sign) or 15 significant digits rounded half away (.NET Framework: "0.13").
//   ordinalIgnoreCaseDiff  string.Compare(a, b, OrdinalIgnoreCase) of two non-ASCII characters that
//                   differ: the difference of the originals (.NET 5+) or of their upper cases.
//   ieeeMinMax      Math.Min(-0.0, 0.0) is -0.0 (IEEE 754:2019, .NET Core 3.0+) or the second argument.
//   doubleText also decides "R": shortest round-trip text, or 15 digits when they round-trip, else 17.
//   totalsByReciprocal  TimeSpan.TotalHours and siblings: ticks divided by the ticks of the unit
//                   (.NET Core 3.0+) or multiplied by its reciprocal (.NET Framework; can differ
//                   in the last bit).

export interface DotNetProfile {
  readonly name: 'modern' | 'framework';
  readonly doubleText: 'shortest' | 'g15';
  readonly fromUnitsToMs: boolean;
  readonly addUnitsToMs: boolean;
  readonly parseOverflow: boolean;
  readonly totalsByReciprocal: boolean;
  readonly doubleDigits: 'exact' | 'g15';
  readonly ordinalIgnoreCaseDiff: 'original' | 'upper';
  readonly ieeeMinMax: boolean;
}

export const MODERN: DotNetProfile = { name: 'modern', doubleText: 'shortest', fromUnitsToMs: false, addUnitsToMs: false, parseOverflow: false, totalsByReciprocal: false, doubleDigits: 'exact', ordinalIgnoreCaseDiff: 'original', ieeeMinMax: true };
export const FRAMEWORK: DotNetProfile = { name: 'framework', doubleText: 'g15', fromUnitsToMs: true, addUnitsToMs: true, parseOverflow: true, totalsByReciprocal: true, doubleDigits: 'g15', ordinalIgnoreCaseDiff: 'upper', ieeeMinMax: false };

let current: DotNetProfile = MODERN;

export function dotnetProfile(): DotNetProfile {
  return current;
}

/** Switches the profile for everything evaluated afterwards (process-wide); returns the previous one. */
export function useDotNetProfile(p: DotNetProfile): DotNetProfile {
  const before = current;
  current = p;
  return before;
}
