// Policies written the way people write them (raw quotes inside expressions, < and && in
// conditions, generics such as As<JObject>(), XML-encoded expressions, single quotes, Liquid), and
// the constructs Microsoft's examples and snippets use (local functions, checked blocks, braces
// next to interpolation holes, nested limits, AsJwt on a Bearer header, resolvers, LLM policies;
// our own text, not copies): no syntax errors and no errors at all.

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
      // A file says its scope in a leading <!-- scope: product --> comment; otherwise it is an API's.
      const declared = /^<!--\s*scope:\s*(\w+)\s*-->/.exec(text)?.[1] as 'product' | undefined;
      const scope = declared ?? (text.startsWith('<fragment') ? 'fragment' : /^<(http|sql|cosmosdb)-data-source/.test(text) ? 'resolver' : 'api');
      const diagnostics = validatePolicy(parsePolicy(text), { scope });
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message} at ${text.slice(d.span.start, d.span.end)}`), []);
    });
  }
});
