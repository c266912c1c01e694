// "Did you mean …": the closest known name, up to two edits away (case ignored). Every diagnostic
// that suggests a name carries it in `data` (didYouMean), so one quick fix serves them all.

/** The candidate closest to `name`, when one is at most two edits away. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), 3);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

export interface Suggestion {
  /** ` Did you mean 'x'?`, or '' when nothing is close: appended to a message. */
  readonly text: string;
  /**
   * Diagnostic data for the quick fix: `suggestion` replaces the diagnostic's span, which holds
   * `found`. Undefined when nothing is close.
   */
  readonly data?: { readonly suggestion: string; readonly found: string };
}

/** The "did you mean" of `found` among `candidates`: the message text and the quick fix's data. */
export function didYouMean(found: string, candidates: Iterable<string>, replacement: (best: string) => string = (b) => b, shownAs: (best: string) => string = (b) => b): Suggestion {
  const best = closestName(found, candidates);
  if (best === undefined || best === found) return { text: '' };
  return { text: ` Did you mean '${shownAs(best)}'?`, data: { suggestion: replacement(best), found: replacement(found) } };
}

/** Levenshtein distance, stopping at `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return Math.min(max, prev[b.length] as number);
}
