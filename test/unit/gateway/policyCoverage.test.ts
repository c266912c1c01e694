// Every policy of the catalog is either simulated or listed with the reason it is not: the trace
// never shows a policy as silently skipped. A newly catalogued policy fails here until it is one
// or the other.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POLICIES } from '../../../src/policy/catalog';
import { NOT_SIMULATED_REASONS } from '../../../src/gateway/notSimulated';
import { POLICY_HANDLERS } from '../../../src/gateway/policies/index';

test('every catalog policy is simulated or says why not', () => {
  const missing = POLICIES.map((p) => p.name).filter((n) => !POLICY_HANDLERS.has(n) && !NOT_SIMULATED_REASONS.has(n));
  assert.deepEqual(missing, []);
});

test('no policy is both simulated and listed as not simulated, and every handler is a catalog policy', () => {
  const names = new Set(POLICIES.map((p) => p.name));
  assert.deepEqual([...NOT_SIMULATED_REASONS.keys()].filter((n) => POLICY_HANDLERS.has(n)), []);
  assert.deepEqual([...POLICY_HANDLERS.keys()].filter((n) => !names.has(n)), []);
});
