// Backend entities at forward time: a pool picks a member (priority groups, then weighted
// round-robin among the members whose circuit breaker is closed) and each member's breaker counts
// failures within its interval and trips for tripDuration (apim-policies.md §6.11). State lasts
// across the requests of one gateway; time is the simulated clock.

import type { BackendConfig, CircuitBreakerRule, GatewayConfig } from './gatewayConfig';

export interface BackendState {
  /** Failure times and the time a tripped breaker closes again, per backend id. */
  readonly breakers: Map<string, { calls: { t: number; failed: boolean }[]; openUntilMs: number }>;
  /** Smooth weighted round-robin weights per pool, per member. */
  readonly rotation: Map<string, Map<string, number>>;
  /** Session affinity: the member each session cookie value is bound to, per pool. */
  readonly sessions: Map<string, Map<string, string>>;
}

/** Host used for context.Request.Url while a pool has not picked its member yet. */
export const POOL_HOST_SUFFIX = '.backend-pool.invalid';

export function isPool(b: BackendConfig | undefined): boolean {
  return !!b && ((b.type ?? '').toLowerCase() === 'pool' || (b.pool?.services.length ?? 0) > 0);
}

export function memberId(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

/** ISO-8601 durations as the ARM properties write them: PT30S, PT1M, PT1H, P1D. */
export function durationMs(iso: string | undefined, fallbackMs: number): number {
  const m = iso ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso) : null;
  if (!m) return fallbackMs;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}

export function breakerOpen(state: BackendState, id: string, nowMs: number): boolean {
  return (state.breakers.get(id)?.openUntilMs ?? 0) > nowMs;
}

/**
 * The member of a pool a request goes to: the lowest priority number with any member available,
 * then smooth weighted round-robin (deterministic, so tests can count on it). undefined when every
 * member's breaker is open.
 */
export function pickMember(config: GatewayConfig, state: BackendState, poolId: string, nowMs: number): string | undefined {
  const pool = config.backends.get(poolId);
  const members = (pool?.pool?.services ?? []).map((s) => ({ id: memberId(s.id), priority: s.priority ?? 0, weight: s.weight ?? 1 }));
  const available = members.filter((m) => !breakerOpen(state, m.id, nowMs));
  if (available.length === 0) return undefined;
  const best = Math.min(...available.map((m) => m.priority));
  const group = available.filter((m) => m.priority === best);
  let current = state.rotation.get(poolId);
  if (!current) {
    current = new Map();
    state.rotation.set(poolId, current);
  }
  const total = group.reduce((sum, m) => sum + m.weight, 0);
  let chosen = group[0] as (typeof group)[number];
  for (const m of group) {
    current.set(m.id, (current.get(m.id) ?? 0) + m.weight);
    if ((current.get(m.id) as number) > (current.get(chosen.id) as number)) chosen = m;
  }
  current.set(chosen.id, (current.get(chosen.id) as number) - total);
  return chosen.id;
}

/**
 * Counts the outcome of a call against the backend's breaker; returns true when it just tripped.
 * `count`: the failures within `interval` reach it. `percentage`: the failures are at least that
 * share of the calls within `interval` [U: the docs give no minimum number of calls, so one failed
 * call out of one trips a 50% rule].
 */
export function recordOutcome(config: GatewayConfig, state: BackendState, id: string, nowMs: number, outcome: { status?: number; reason?: string; retryAfterS?: number }): boolean {
  const rule: CircuitBreakerRule | undefined = config.backends.get(id)?.circuitBreaker?.rules[0];
  if (!rule) return false;
  const fc = rule.failureCondition ?? {};
  const byStatus = outcome.status !== undefined && (fc.statusCodeRanges ?? []).some((r) => outcome.status! >= r.min && outcome.status! <= r.max);
  const byReason = outcome.reason !== undefined && (fc.errorReasons ?? []).some((r) => r.toLowerCase() === outcome.reason!.toLowerCase());
  const failed = byStatus || byReason;
  let b = state.breakers.get(id);
  if (!b) {
    b = { calls: [], openUntilMs: 0 };
    state.breakers.set(id, b);
  }
  const interval = durationMs(fc.interval, 60_000);
  b.calls = b.calls.filter((c) => c.t > nowMs - interval);
  b.calls.push({ t: nowMs, failed });
  if (!failed) return false;
  const failures = b.calls.filter((c) => c.failed).length;
  const tripped = fc.percentage !== undefined ? (failures * 100) / b.calls.length >= fc.percentage : failures >= (fc.count ?? 1);
  if (!tripped) return false;
  const trip = rule.acceptRetryAfter && outcome.retryAfterS !== undefined ? outcome.retryAfterS * 1000 : durationMs(rule.tripDuration, 60_000);
  b.openUntilMs = nowMs + trip;
  b.calls = [];
  return true;
}
