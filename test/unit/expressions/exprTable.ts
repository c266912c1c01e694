// Table-driven checks of the expression engine against .NET's documented behaviour, and a recorder
// of which declared members the rows actually ran (so a test can insist that every member is covered).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildContext, type ContextSpec } from '../../../src/expressions/contextBuilder';
import { checkExpression, staticTypeAccepts, typeName } from '../../../src/expressions/checker';
import { evaluateExpression } from '../../../src/expressions/evaluate';
import { parsePolicyExpression } from '../../../src/expressions/expressionParser';
import { toDisplayString } from '../../../src/expressions/runtime/operators';
import { allTypes, type MemberDef, type TypeDef } from '../../../src/expressions/runtime/typeSystem';

const NOW = new Date('2026-11-26T19:05:03Z');

export function context(extra: ContextSpec = {}) {
  return buildContext(
    {
      request: {
        method: 'POST',
        url: 'https://contoso.azure-api.net/orders/orders/42?status=open&tag=a&tag=b',
        headers: {
          Authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJhdWQiOiJhcGk6Ly9vcmRlcnMiLCJleHAiOjE3OTUwMDAwMDAsInJvbGVzIjpbIk9yZGVycy5SZWFkIiwiT3JkZXJzLldyaXRlIl19.c2ln',
          'Content-Type': 'application/json',
          'X-Forwarded-For': ['10.0.0.1', '10.0.0.2'],
        },
        body: { id: 42, total: 12.5, when: '2026-01-02T03:04:05Z', lines: [{ sku: 'A' }, { sku: 'B' }] },
        matchedParameters: { orderId: '42' },
      },
      response: { statusCode: 503, headers: { 'Cache-Control': 'public, max-age=300' } },
      variables: { correlationId: 'abc-123', count: 5, big: 5000000000, ratio: 0.5, flag: true },
      api: { id: 'orders-api', name: 'Orders API', path: 'orders', revision: '2', isCurrentRevision: false },
      operation: { id: 'get-order', method: 'GET', urlTemplate: '/orders/{orderId}' },
      ...extra,
    },
    NOW,
  );
}

export async function run(source: string, spec: ContextSpec = {}): Promise<{ text: string; type: string; value: unknown } | { error: string; message: string }> {
  const r = await evaluateExpression(source, { globals: { context: context(spec) }, now: () => NOW, random: () => 0.5, regexTimeoutMs: 500, maxSteps: 100_000 });
  if (r.ok) return { text: toDisplayString(r.value), type: r.type, value: r.value };
  const e = r.error;
  return { error: e.kind === 'exception' ? e.type : e.kind === 'limit' ? `limit:${e.limit}` : e.kind === 'compile' ? `compile:${e.code}` : e.kind, message: e.message };
}

/** [source, ToString() of the result, .NET type of the result] */
export type Row = [string, string, string];

export function table(name: string, rows: Row[], options: { apimRejects?: boolean; context?: ContextSpec } = {}): void {
  describe(name, () => {
    for (const [source, text, type] of rows) {
      test(source.replace(/\s+/g, ' '), async () => {
        const r = await run(source, options.context);
        assert.ok('text' in r, `${source} failed: ${'error' in r ? `${r.error}: ${r.message}` : ''}`);
        assert.equal(r.text, text);
        assert.equal(r.type, type);
        // No false errors: the checker accepts every expression that runs, unless APIM rejects it.
        const parsed = parsePolicyExpression(source);
        assert.ok(parsed?.body);
        const checked = checkExpression(parsed.body, { globals: { context: 'IContext' } });
        const codes = checked.diagnostics.map((d) => `${d.code}: ${d.message}`);
        if (options.apimRejects) assert.match(codes.join('\n'), /^memberNotAllowed/);
        else assert.deepEqual(codes, []);
        // The differential check: the checker's static type admits what the interpreter produced.
        assert.ok(staticTypeAccepts(checked.type, r.value), `the checker types ${source} as ${typeName(checked.type)}, the interpreter gives ${r.type}`);
      });
    }
  });
}

/** [source, .NET exception type or limit] */
export function errors(name: string, rows: [string, string][]): void {
  describe(name, () => {
    for (const [source, expected] of rows) {
      test(`${source.replace(/\s+/g, ' ')} → ${expected}`, async () => {
        const r = await run(source);
        assert.ok('error' in r, `${source} should fail but gave ${'text' in r ? r.text : ''}`);
        assert.equal(r.error, expected, r.message);
      });
    }
  });
}

export const I = 'System.Int32';
export const L = 'System.Int64';
export const D = 'System.Double';
export const M = 'System.Decimal';
export const S = 'System.String';
export const B = 'System.Boolean';
export const C = 'System.Char';

/** A stable name for a declared member: `System.String.Split(char[])`, `new System.Guid(string)`. */
export function memberKey(type: TypeDef, m: MemberDef): string {
  const params = 'params' in m ? `(${m.params.map((p) => p.type).join(', ')})` : '';
  if (m.kind === 'constructor') return `new ${type.fullName}${params}`;
  if (m.kind === 'indexer') return `${type.fullName}[${m.params.map((p) => p.type).join(', ')}]`;
  return `${type.fullName}.${m.name}${m.kind === 'method' ? params : ''}`;
}

const used = new Set<string>();
const declared: string[] = [];

// Wrap every implementation once, before any expression runs, so the record is what the rows
// executed (not what their text mentions). Generic instantiations share these member objects.
for (const type of allTypes()) {
  for (const m of type.members) {
    if (m.listed) continue; // known from the .NET API listing, not run by the simulator (dotnetApi.test.ts)
    const key = memberKey(type, m);
    declared.push(key);
    const w = m as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const fn of ['call', 'get', 'set', 'create'] as const) {
      const original = w[fn];
      if (typeof original !== 'function') continue;
      w[fn] = function (this: unknown, ...a: unknown[]) {
        used.add(key);
        return original.apply(this, a);
      };
    }
  }
}

/** Declared members that no row has executed so far in this process. */
export function unusedMembers(): string[] {
  return [...new Set(declared)].filter((k) => !used.has(k));
}
