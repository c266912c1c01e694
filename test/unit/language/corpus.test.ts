// Policies written the way people write them (raw quotes inside expressions, < and && in
// conditions, generics such as As<JObject>(), XML-encoded expressions, single quotes, Liquid):
// no syntax errors and no errors at all.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { validatePolicy } from '../../../src/language/policyDiagnostics';
import { parsePolicy } from '../../../src/policy/policyParser';
import { repoRoot } from '../helpers';

before(async () => {
  await loadCSharpParser();
});

const dir = path.join(repoRoot, 'test', 'fixtures', 'policies');

describe('a corpus of real-world policy styles', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
  test('the corpus is there', () => assert.ok(files.length >= 10));
  for (const f of files) {
    test(f, () => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const diagnostics = validatePolicy(parsePolicy(text), { scope: text.startsWith('<fragment') ? 'fragment' : 'api' });
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message} at ${text.slice(d.span.start, d.span.end)}`), []);
    });
  }
});
