// The simulator's trace: per section, one entry per step, in the gateway's own entry shape
// (source, timestamp, elapsed, data; apim-policies.md §5.2) plus where the policy is written.
// Secret values are masked before anything is recorded.

import { MASK, mapStrings, type SecretSet } from '../common/secrets';
import type { Span } from '../common/span';

export { MASK };
import type { SectionName } from '../policy/policyDocument';
import type { PolicyScope } from '../policy/effectivePolicy';

export interface TraceEntry {
  readonly section: SectionName;
  readonly source: string;
  /** ISO-8601 UTC with seven fractional digits, as the gateway writes it. */
  readonly timestamp: string;
  /** Since the gateway received the request: "hh:mm:ss.fffffff". */
  readonly elapsed: string;
  readonly data: unknown;
  /** The policy element this entry is about, when there is one. */
  readonly location?: { readonly scope: PolicyScope; readonly file?: string; readonly span: Span };
  /** Set when the step could not be simulated faithfully. */
  readonly notSimulated?: boolean;
  /** What the step changed: request URL, headers, bodies, status, variables (before → after). */
  readonly changes?: readonly { readonly what: string; readonly before: string | null; readonly after: string | null }[];
  readonly error?: boolean;
  /**
   * Milliseconds of real time since the gateway received the request, measured. The simulated
   * `elapsed` only moves with simulated waits (retry intervals, canned delays), so it is often
   * zero; this is what the simulator actually spent, a real backend's answer time included.
   */
  readonly measuredMs?: number;
}


// The last formatted timestamp, shared: most entries of a run fall on the same simulated instant.
let lastMs = NaN;
let lastStamp = '';

export class Trace {
  readonly entries: TraceEntry[] = [];
  private readonly measuredStart = performance.now();

  constructor(
    private readonly startMs: number,
    private readonly nowMs: () => number,
    /** Secret values (named values, keys, tokens) to mask wherever they appear, in any form. */
    private readonly secrets: SecretSet,
  ) {}

  /** Attaches a step's changes to its entry, masked like everything else. */
  setChanges(entry: TraceEntry, changes: NonNullable<TraceEntry['changes']>): void {
    const i = this.entries.lastIndexOf(entry);
    if (i >= 0) this.entries[i] = { ...entry, changes: this.maskChanges(changes) };
  }

  private maskChanges(changes: NonNullable<TraceEntry['changes']>): NonNullable<TraceEntry['changes']> {
    // Header lists are "Name: value" lines: credential headers keep only their name and scheme.
    const lines = (text: string | null): string | null =>
      text === null
        ? null
        : text
            .split('\n')
            .map((line) => {
              const m = /^([^:]+): (.*)$/.exec(line);
              return m && CREDENTIAL_HEADERS.has((m[1] as string).toLowerCase()) ? `${m[1]}: ${maskCredential(m[2] as string)}` : line;
            })
            .join('\n');
    return this.mask(changes.map((c) => (c.what.endsWith('headers') ? { ...c, before: lines(c.before), after: lines(c.after) } : c)));
  }

  addSecret(value: string): void {
    this.secrets.add(value);
  }

  add(entry: Omit<TraceEntry, 'timestamp' | 'elapsed'>): void {
    const now = this.nowMs();
    if (now !== lastMs) {
      lastMs = now;
      lastStamp = timestamp(now);
    }
    // One object shape for every entry keeps this cheap on the hot path.
    this.entries.push({
      section: entry.section,
      source: entry.source,
      timestamp: lastStamp,
      elapsed: elapsed(now - this.startMs),
      data: this.mask(entry.data),
      location: entry.location,
      notSimulated: entry.notSimulated,
      error: entry.error,
      changes: undefined,
      measuredMs: Math.round((performance.now() - this.measuredStart) * 1000) / 1000,
    });
  }

  /**
   * Replaces every secret value inside strings of any shape with ***, and the values of credential
   * headers (`{ name: "Authorization", value }`: tokens the simulator never saw as named values)
   * with their scheme and ***. Copies only what changes.
   */
  mask<T>(value: T): T {
    return mapStrings(
      value,
      (text) => this.secrets.maskText(text),
      (o) => (isCredentialHeader(o) ? { ...o, value: maskCredential(String((o as { value: unknown }).value)) } : undefined),
    ) as T;
  }
}

/** Headers whose values are credentials, whatever their source. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'ocp-apim-subscription-key', 'x-functions-key', 'api-key', 'x-api-key', 'cookie', 'set-cookie']);

function isCredentialHeader(v: object): boolean {
  const o = v as { name?: unknown; value?: unknown };
  return typeof o.name === 'string' && typeof o.value === 'string' && CREDENTIAL_HEADERS.has(o.name.toLowerCase()) && o.value !== MASK;
}

/** A header's value as every output shows it: a credential header's as its scheme and ***. */
export function maskedHeaderValue(name: string, value: string): string {
  return CREDENTIAL_HEADERS.has(name.toLowerCase()) && value !== MASK ? maskCredential(value) : value;
}

/** "Bearer eyJ..." → "Bearer ***"; anything else → "***". */
function maskCredential(value: string): string {
  const scheme = /^(Bearer|Basic|Digest|SharedAccessSignature|SharedKey)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

export function timestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -1)}0000Z`;
}

export function elapsed(ms: number): string {
  if (ms === 0) return '00:00:00.0000000';
  const total = Math.max(0, Math.round(ms * 10_000)); // ticks of 100 ns
  const h = Math.floor(total / 36_000_000_000);
  const m = Math.floor(total / 600_000_000) % 60;
  const s = Math.floor(total / 10_000_000) % 60;
  const f = total % 10_000_000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(f).padStart(7, '0')}`;
}
