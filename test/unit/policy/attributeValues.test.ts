// Attribute values read as their catalog type: one table row per type (and per bound and unit),
// and every attribute of the catalog has a type the table covers.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectedValue, readAttributeValue, readNumberValue } from '../../../src/policy/attributeValues';
import { POLICIES, type AttributeInfo, type AttributeType, type ChildInfo } from '../../../src/policy/catalog';

const attr = (type: AttributeType, more: Partial<AttributeInfo> = {}): AttributeInfo => ({ name: 'a', required: false, type, ...more });

// [attribute, raw value, the value read, or the expected-value text when refused]
const CASES: [AttributeInfo, string, { value: unknown } | { expected: string }][] = [
  [attr('string'), 'anything <at> all', { value: 'anything <at> all' }],
  [attr('string'), '', { value: '' }],
  [attr('integer'), '42', { value: 42 }],
  [attr('integer'), ' 7 ', { value: 7 }],
  [attr('integer'), '+3', { value: 3 }],
  [attr('integer'), 'abc', { expected: 'a whole number' }],
  [attr('integer'), '1.5', { expected: 'a whole number' }],
  [attr('integer'), '', { expected: 'a whole number' }],
  [attr('integer'), '2147483648', { expected: 'a whole number' }],
  [attr('integer', { min: 0, unit: 'seconds' }), '-5', { expected: 'a whole number of seconds of at least 0' }],
  [attr('integer', { min: 0, max: 300, unit: 'seconds' }), '301', { expected: 'a whole number of seconds from 0 to 300' }],
  [attr('integer', { min: 0, max: 300, unit: 'seconds' }), '300', { value: 300 }],
  [attr('integer', { max: 50 }), '51', { expected: 'a whole number of at most 50' }],
  [attr('number'), '0.75', { value: 0.75 }],
  [attr('number'), '1e3', { value: 1000 }],
  [attr('number'), 'NaN', { expected: 'a number' }],
  [attr('number', { min: 0, max: 1 }), '1.5', { expected: 'a number from 0 to 1' }],
  [attr('boolean'), 'true', { value: true }],
  [attr('boolean'), 'False', { value: false }],
  [attr('boolean'), 'maybe', { expected: 'true or false' }],
  [attr('boolean'), '1', { expected: 'true or false' }],
  [attr('enum', { values: ['override', 'skip'] }), 'skip', { value: 'skip' }],
  [attr('enum', { values: ['override', 'skip'] }), 'overwrite', { expected: 'one of override, skip' }],
  [attr('url'), 'https://example.com/api', { value: 'https://example.com/api' }],
  [attr('url'), 'http://proxy:8080', { value: 'http://proxy:8080' }],
  [attr('url'), 'example.com', { expected: 'an absolute http or https URL' }],
  [attr('url'), 'ftp://example.com', { expected: 'an absolute http or https URL' }],
  [attr('datetime'), '2024-01-01T00:00:00Z', { value: '2024-01-01T00:00:00Z' }],
  [attr('datetime'), '0001-01-01T00:00:00Z', { value: '0001-01-01T00:00:00Z' }],
  [attr('datetime'), 'yesterday', { expected: 'an ISO 8601 date and time such as 2024-01-01T00:00:00Z' }],
];

describe('attribute values by type', () => {
  for (const [info, raw, want] of CASES) {
    const label = `${info.type}${info.min !== undefined || info.max !== undefined ? `[${info.min ?? ''}..${info.max ?? ''}]` : ''} ${JSON.stringify(raw)}`;
    test(label, () => {
      const r = readAttributeValue(info, raw);
      if ('value' in want) assert.deepEqual(r, { ok: true, value: want.value });
      else assert.deepEqual(r, { ok: false, expected: want.expected });
    });
  }

  test('a number from an expression is held to the same type and bounds', () => {
    const seconds = attr('integer', { min: 0, max: 300, unit: 'seconds' });
    assert.deepEqual(readNumberValue(seconds, 60), { ok: true, value: 60 });
    assert.equal(readNumberValue(seconds, 2.5).ok, false);
    assert.equal(readNumberValue(seconds, -1).ok, false);
    assert.equal(readNumberValue(attr('number'), Number.NaN).ok, false);
  });

  test('every attribute of the catalog, of policies and of their children, has a type this table covers', () => {
    const covered = new Set(CASES.map(([info]) => info.type));
    const missing: string[] = [];
    const visit = (owner: string, attributes: readonly AttributeInfo[], children: readonly ChildInfo[]): void => {
      for (const a of attributes) {
        if (!covered.has(a.type)) missing.push(`${owner}@${a.name}: ${String(a.type)}`);
        if (a.type === 'enum' && !a.values?.length) missing.push(`${owner}@${a.name}: an enumeration without values`);
        if (a.default !== undefined && a.type !== 'string' && !readAttributeValue(a, a.default).ok) missing.push(`${owner}@${a.name}: default ${a.default} is not ${expectedValue(a)}`);
      }
      for (const c of children) visit(`${owner}>${c.name}`, c.attributes ?? [], c.children);
    };
    for (const p of POLICIES) visit(p.name, p.attributes, p.children);
    assert.deepEqual(missing, []);
  });
});
