import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectiveSection, type PolicyScope, type ScopedPolicy } from '../../../src/policy/effectivePolicy';
import { attribute } from '../../../src/policy/policyDocument';
import { parsePolicy } from '../../../src/policy/policyParser';

/** Each policy is a set-variable whose name says where it is written. */
function scopes(spec: Partial<Record<PolicyScope, string>>): ScopedPolicy[] {
  return Object.entries(spec).map(([scope, inbound]) => ({ scope: scope as PolicyScope, document: parsePolicy(`<policies><inbound>${inbound}</inbound></policies>`) }));
}

function names(spec: Partial<Record<PolicyScope, string>>): string[] {
  return effectiveSection('inbound', scopes(spec)).map((s) => `${s.scope}:${attribute(s.element, 'name')?.value ?? s.element.name}`);
}

const v = (name: string): string => `<set-variable name="${name}" value="x" />`;

describe('effective policy: <base /> substitution (apim-policies.md §1.2)', () => {
  test('base first, last and in between', () => {
    assert.deepEqual(names({ global: v('g'), api: `<base />${v('a')}`, operation: `${v('o1')}<base />${v('o2')}` }), ['operation:o1', 'global:g', 'api:a', 'operation:o2']);
  });
  test('a scope without <base /> drops everything broader', () => {
    assert.deepEqual(names({ global: v('g'), product: v('p'), api: v('a') }), ['api:a']);
  });
  test('a missing scope, or a missing section, inherits the broader one unchanged', () => {
    assert.deepEqual(names({ global: v('g'), operation: `<base />${v('o')}` }), ['global:g', 'operation:o']);
    const withoutInbound: ScopedPolicy = { scope: 'api', document: parsePolicy('<policies><outbound /></policies>') };
    assert.deepEqual(effectiveSection('inbound', [...scopes({ global: v('g') }), withoutInbound]).map((s) => s.scope), ['global']);
  });
  test('base at global scope adds nothing', () => {
    assert.deepEqual(names({ global: `<base />${v('g')}` }), ['global:g']);
  });
});
