import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderTypeReference } from '../../../src/expressions/typeReference';
import { repoRoot } from '../helpers';

test('docs/expressions.md lists exactly the declared types and members (run npm run docs:expressions)', () => {
  const committed = readFileSync(path.join(repoRoot, 'docs', 'expressions.md'), 'utf8');
  assert.equal(committed, renderTypeReference());
});

test('the reference covers the types policies use most', () => {
  const text = renderTypeReference();
  for (const heading of ['### String (`string`)', '### JObject', '### DateTime', '### IEnumerable<T>', '### IContext', '### Regex', '### HMACSHA256']) {
    assert.ok(text.includes(heading), heading);
  }
});
