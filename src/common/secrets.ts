// The one masking function: every output path (traces, gateway results, CLI text and JSON, test
// failure messages, logs, webview messages) sends what it shows through a SecretSet, so a secret
// added in one place is masked everywhere. A secret is found as written and in the forms it takes
// on the way out: upper or lower case, URL-encoded (both %20 and + for spaces), JSON-escaped, and
// base64 (at any of the three byte alignments, so "Basic base64(user:secret)" is caught too).

export const MASK = '***';

/** Secrets shorter than this are not masked: they would mask noise (an id, a word). */
const MIN_LENGTH = 3;

export class SecretSet {
  private readonly values = new Set<string>();
  private textual: RegExp | undefined;
  private base64: RegExp | undefined;
  private dirty = false;

  /** Secrets added here are also added to `parent` (the process's set, which masks its output). */
  constructor(private readonly parent?: SecretSet) {}

  add(value: string | undefined | null): void {
    if (value === undefined || value === null || value.length < MIN_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.dirty = true;
    this.parent?.add(value);
  }

  addAll(values: Iterable<string | undefined | null>): void {
    for (const v of values) this.add(v);
  }

  get size(): number {
    return this.values.size;
  }

  /** `text` with every secret, in every form, replaced by ***. */
  maskText(text: string): string {
    if (this.values.size === 0 || text.length < MIN_LENGTH) return text;
    this.compile();
    let out = text;
    if (this.textual) out = out.replace(this.textual, MASK);
    if (this.base64) out = out.replace(this.base64, MASK);
    return out;
  }

  /** Whether `text` holds a secret in any form. */
  inText(text: string): boolean {
    if (this.values.size === 0 || text.length < MIN_LENGTH) return false;
    this.compile();
    for (const re of [this.textual, this.base64]) {
      if (!re) continue;
      re.lastIndex = 0;
      if (re.test(text)) return true;
    }
    return false;
  }

  /** A copy of `value` with every string in it masked (objects and arrays walked; the rest kept). Copies only what changes. */
  mask<T>(value: T): T {
    if (this.values.size === 0) return value;
    return mapStrings(value, (text) => this.maskText(text)) as T;
  }

  private compile(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const textual = new Set<string>();
    const base64 = new Set<string>();
    for (const s of this.values) {
      for (const form of textForms(s)) textual.add(form);
      for (const form of base64Forms(s)) base64.add(form);
    }
    // Longest first, so a secret containing another is masked whole.
    const alternation = (forms: Set<string>): string =>
      [...forms]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|');
    this.textual = textual.size ? new RegExp(alternation(textual), 'gi') : undefined;
    this.base64 = base64.size ? new RegExp(alternation(base64), 'g') : undefined;
  }
}

/**
 * Every secret this process has seen: the CLI and the extension mask what they print with it.
 * One per process, even across bundles (the extension loads the Azure part as a second bundle,
 * with its own copy of this module), through a global symbol.
 */
const GLOBAL_KEY = Symbol.for('apimWorkbench.processSecrets');
export const PROCESS_SECRETS: SecretSet = ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as SecretSet | undefined) ?? ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = new SecretSet());

/** The forms a secret takes in text: as written, URL-encoded, form-encoded, JSON-escaped (matched case-insensitively). */
function textForms(s: string): string[] {
  const forms = [s, encodeURIComponent(s), encodeURIComponent(s).replace(/%20/g, '+'), JSON.stringify(s).slice(1, -1), encodeURI(s)];
  return forms.filter((f) => f.length >= MIN_LENGTH);
}

/**
 * The secret's bytes in base64 at each of the three alignments it can start at inside a longer
 * encoded value; only the characters that depend on the secret alone (at least 8 of them).
 */
function base64Forms(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  const out: string[] = [];
  for (const pad of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const start = pad === 0 ? 0 : 4;
    const end = Math.floor((pad + bytes.length) / 3) * 4;
    const form = encoded.slice(start, end);
    if (form.length >= 8) out.push(form);
    // The whole encoding, padding included, when the secret is encoded on its own.
    if (pad === 0 && encoded.length >= 8) out.push(encoded);
    // URL-safe base64 of the same bytes.
    if (form.length >= 8 && /[+/]/.test(form)) out.push(form.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A copy of `value` with `onString` applied to every string in it: arrays and plain objects are
 * walked, anything else kept; `onObject` may replace a plain object whole (return undefined to
 * walk it). Copies only what changes, so an untouched value comes back as itself.
 */
export function mapStrings(value: unknown, onString: (text: string) => string, onObject?: (o: object) => unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return onString(v);
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x) => {
        const m = walk(x);
        if (m !== x) changed = true;
        return m;
      });
      return changed ? out : v;
    }
    if (v && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      const replaced = onObject?.(v);
      if (replaced !== undefined) return replaced;
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const m = walk(x);
        if (m !== x) changed = true;
        out[k] = m;
      }
      return changed ? out : v;
    }
    return v;
  };
  return walk(value);
}
