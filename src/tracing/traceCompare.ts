// A live trace (listTrace's JSON, src/tracing/liveTrace.ts) beside the simulator's trace of the same
// request: the steps aligned (by section and policy name, in order: a longest common subsequence),
// what differs in each (a step only one side ran, another forwarded URL, another status), the
// response compared (status, headers, body) and the first difference marked. The same alignment
// links each live entry to the policy element it most likely came from: the simulated step it is
// aligned with, whose location the simulator knows; an entry aligned only by its name's order is a
// guess, and says so.

import type { CannedResponse } from '../gateway/transport';
import type { TraceEntry } from '../gateway/trace';

export type Section = 'inbound' | 'backend' | 'outbound' | 'on-error';

/** A live entry as liveTraceEntries gives it. */
export interface LiveStep {
  readonly section: Section;
  readonly source: string;
  readonly elapsed?: string;
  readonly data?: unknown;
}

export interface ComparedResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
}

export interface ComparedStep {
  readonly section: Section;
  readonly source: string;
  /** Index into the live entries, when the live gateway ran this step. */
  readonly live?: number;
  /** Index into the simulated entries, when the simulator ran it. */
  readonly simulated?: number;
  /** What differs, when something does: one line. */
  readonly difference?: string;
}

export interface TraceComparison {
  readonly steps: readonly ComparedStep[];
  /** What differs in the responses: status, headers, body (one line each). */
  readonly response: readonly string[];
  /** The first difference: a step's index, or 'response' when every step agrees but the answer does not. */
  readonly first?: { readonly step: number | 'response'; readonly what: string };
}

/** Headers that differ between any two answers (time, length, ids, transport): not compared. */
const VOLATILE = new Set(['date', 'content-length', 'apim-trace-id', 'request-context', 'transfer-encoding', 'connection', 'keep-alive', 'x-ms-request-id', 'server', 'strict-transport-security', 'x-powered-by', 'set-cookie', 'ocp-apim-trace-location', 'apim-request-id']);

const key = (e: { section: string; source: string }): string => `${e.section}|${e.source}`;

/** Pairs of indices of the longest common subsequence of two key lists. */
function align(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function field(data: unknown, ...path: string[]): unknown {
  let v = data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** The path and query of a URL (hosts differ between a live gateway and the simulator's). */
function pathOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** HttpStatusCode names as some traces write them ("code": "OK"). */
const STATUS_NAMES: Record<string, number> = { ok: 200, created: 201, accepted: 202, nocontent: 204, movedpermanently: 301, found: 302, notmodified: 304, badrequest: 400, unauthorized: 401, forbidden: 403, notfound: 404, methodnotallowed: 405, conflict: 409, preconditionfailed: 412, toomanyrequests: 429, internalservererror: 500, badgateway: 502, serviceunavailable: 503, gatewaytimeout: 504 };

/** A status code written as a number, a numeric string or a name. */
export function statusCodeOf(code: unknown): number | undefined {
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code !== 'string') return undefined;
  if (/^\d{3}$/.test(code.trim())) return Number(code.trim());
  return STATUS_NAMES[code.replace(/[^a-z]/gi, '').toLowerCase()];
}

/** What differs between two aligned steps of the same policy, if anything worth saying. */
function stepDifference(live: LiveStep, sim: TraceEntry): string | undefined {
  if (live.source === 'api-inspector') {
    const lo = field(live.data, 'configuration', 'operation');
    const so = field(sim.data, 'configuration', 'operation');
    if (lo && so) {
      const l = `${String(field(lo, 'method'))} ${String(field(lo, 'uriTemplate'))}`;
      const s = `${String(field(so, 'method'))} ${String(field(so, 'uriTemplate'))}`;
      if (l !== s) return `routed to operation ${l} live, ${s} simulated`;
    }
    return undefined;
  }
  if (live.source === 'request-forwarder') {
    const l = `${String(field(live.data, 'request', 'method'))} ${pathOf(field(live.data, 'request', 'url'))}`;
    const s = `${String(field(sim.data, 'request', 'method'))} ${pathOf(field(sim.data, 'request', 'url'))}`;
    if (l !== s) return `forwarded ${l} live, ${s} simulated`;
    return undefined;
  }
  const ls = statusCodeOf(field(live.data, 'response', 'status', 'code'));
  const ss = statusCodeOf(field(sim.data, 'response', 'status', 'code'));
  if (ls !== undefined && ss !== undefined && ls !== ss) return `status ${ls} live, ${ss} simulated`;
  return undefined;
}

function normalizedBody(body: string | null): string {
  if (body === null) return '';
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return body.trim();
  }
}

/** What differs between the two responses. */
export function responseDifferences(live: ComparedResponse, sim: ComparedResponse): string[] {
  const out: string[] = [];
  if (live.status !== sim.status) out.push(`status ${live.status} live, ${sim.status} simulated`);
  const headers = (h: ComparedResponse['headers']): Map<string, string> => {
    const m = new Map<string, string>();
    for (const [n, v] of h) if (!VOLATILE.has(n.toLowerCase())) m.set(n.toLowerCase(), m.has(n.toLowerCase()) ? `${m.get(n.toLowerCase())}, ${v}` : v);
    return m;
  };
  const lh = headers(live.headers);
  const sh = headers(sim.headers);
  for (const [n, v] of lh) {
    if (!sh.has(n)) out.push(`header ${n} only live`);
    else if (sh.get(n) !== v) out.push(`header ${n}: ${JSON.stringify(v)} live, ${JSON.stringify(sh.get(n))} simulated`);
  }
  for (const n of sh.keys()) if (!lh.has(n)) out.push(`header ${n} only simulated`);
  if (normalizedBody(live.body) !== normalizedBody(sim.body)) out.push('the bodies differ');
  return out;
}

/** The two traces aligned step by step, and where they first differ. */
export function compareTraces(live: { readonly entries: readonly LiveStep[]; readonly response: ComparedResponse }, sim: { readonly entries: readonly TraceEntry[]; readonly response: ComparedResponse }): TraceComparison {
  const pairs = align(live.entries.map(key), sim.entries.map(key));
  const steps: ComparedStep[] = [];
  let i = 0;
  let j = 0;
  const push = (step: ComparedStep): void => {
    steps.push(step);
  };
  for (const [pi, pj] of [...pairs, [live.entries.length, sim.entries.length] as [number, number]]) {
    for (; i < pi; i++) push({ section: live.entries[i]!.section, source: live.entries[i]!.source, live: i, difference: `${live.entries[i]!.source} ran live only` });
    for (; j < pj; j++) push({ section: sim.entries[j]!.section as Section, source: sim.entries[j]!.source, simulated: j, difference: `${sim.entries[j]!.source} ran in the simulator only` });
    if (pi < live.entries.length && pj < sim.entries.length) {
      const difference = stepDifference(live.entries[pi]!, sim.entries[pj]!);
      push({ section: live.entries[pi]!.section, source: live.entries[pi]!.source, live: pi, simulated: pj, ...(difference ? { difference } : {}) });
      i = pi + 1;
      j = pj + 1;
    }
  }
  const response = responseDifferences(live.response, sim.response);
  const firstStep = steps.findIndex((s) => s.difference !== undefined);
  const first = firstStep >= 0 ? { step: firstStep, what: steps[firstStep]!.difference! } : response.length ? { step: 'response' as const, what: response[0]! } : undefined;
  return { steps, response, ...(first ? { first } : {}) };
}

/** Where a live entry most likely comes from: the simulated step it aligns with, or a guess by order. */
export interface LiveLink {
  readonly location: NonNullable<TraceEntry['location']>;
  /** True when aligned only by being the n-th policy of that name in its section. */
  readonly guess: boolean;
}

/** A link per live entry (undefined where none is known), from a simulation of the same request. */
export function linkLiveEntries(live: readonly LiveStep[], sim: readonly TraceEntry[]): (LiveLink | undefined)[] {
  const pairs = new Map(align(live.map(key), sim.map(key)));
  const nth = (list: readonly { section: string; source: string }[], index: number): number => list.slice(0, index).filter((e) => key(e) === key(list[index]!)).length;
  return live.map((e, i) => {
    const j = pairs.get(i);
    const aligned = j !== undefined ? sim[j] : undefined;
    if (aligned?.location) return { location: aligned.location, guess: false };
    // Not aligned: the simulated policy of the same name at the same place in order, if any.
    const n = nth(live, i);
    const same = sim.filter((s) => key(s) === key(e) && s.location);
    const candidate = same[n] ?? (same.length === 1 ? same[0] : undefined);
    return candidate?.location ? { location: candidate.location, guess: true } : undefined;
  });
}

/**
 * What the backend answered, as the live trace shows it, for replaying the request in the
 * simulator: each forward-request (or send-request) response's status and headers in order. The
 * trace does not hold the backend's body; the live response's body stands in for the last one
 * (right when outbound policies did not rewrite it: an approximation, and the comparison shows it).
 */
export function cannedFromLiveTrace(entries: readonly LiveStep[], finalBody: string | null): CannedResponse[] {
  const out: CannedResponse[] = [];
  for (const e of entries) {
    if (e.section !== 'backend' || e.source !== 'forward-request') continue;
    const code = statusCodeOf(field(e.data, 'response', 'status', 'code'));
    if (code === undefined) continue;
    const headers: Record<string, string> = {};
    const list = field(e.data, 'response', 'headers');
    if (Array.isArray(list)) for (const h of list) if (h && typeof h === 'object' && typeof (h as { name?: unknown }).name === 'string') headers[(h as { name: string }).name] = String((h as { value?: unknown }).value ?? '');
    out.push({ status: code, headers });
  }
  if (out.length) out[out.length - 1] = { ...out[out.length - 1]!, ...(finalBody !== null ? { body: finalBody } : {}) };
  return out;
}
