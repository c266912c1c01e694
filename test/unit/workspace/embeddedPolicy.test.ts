// A policy kept in a JSON file (an apiops-cli fragment): read from properties.value, written back
// with every other property, their order, the indentation and the line endings kept.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { embeddedPolicyOf, withEmbeddedPolicy } from '../../../src/workspace/embeddedPolicy';
import { repoRoot } from '../helpers';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'apiops-cli', 'contoso-orders', 'policyFragments', 'correlation-id', 'policyFragmentInformation.json');

describe('a policy kept in a JSON file', () => {
  test('the fixture\'s fragment: written back unchanged, it is the same file byte for byte; a new policy changes that value only', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const policy = embeddedPolicyOf(text, FIXTURE);
    assert.match(policy, /^<fragment>/);
    assert.equal(withEmbeddedPolicy(text, policy, FIXTURE), text);
    const changed = withEmbeddedPolicy(text, policy.replace('</fragment>', '  <set-header name="x-new" exists-action="override"><value>"quoted" & <b></value></set-header>\n</fragment>'), FIXTURE);
    const before = JSON.parse(text) as { properties: Record<string, unknown> };
    const after = JSON.parse(changed) as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(after), Object.keys(before));
    assert.deepEqual(Object.keys(after.properties), Object.keys(before.properties));
    assert.deepEqual({ ...after.properties, value: undefined }, { ...before.properties, value: undefined });
    assert.match(String(after.properties['value']), /"quoted" & <b>/);
  });

  test('indentation, CRLF line endings and a missing final newline are kept', () => {
    const tabs = '{\r\n\t"id": "x",\r\n\t"properties": {\r\n\t\t"format": "rawxml",\r\n\t\t"value": "<fragment />"\r\n\t}\r\n}';
    const out = withEmbeddedPolicy(tabs, '<fragment>\n</fragment>', 'f.json');
    assert.equal(out, '{\r\n\t"id": "x",\r\n\t"properties": {\r\n\t\t"format": "rawxml",\r\n\t\t"value": "<fragment>\\n</fragment>"\r\n\t}\r\n}');
    const four = '{\n    "properties": {\n        "value": "a"\n    }\n}\n';
    assert.equal(withEmbeddedPolicy(four, 'b', 'f.json'), four.replace('"a"', '"b"'));
  });

  test('a file without a policy, or not JSON, is a clear error and nothing is produced', () => {
    assert.throws(() => embeddedPolicyOf('{"properties":{}}', 'f.json'), /f\.json has no policy in properties\.value/);
    assert.throws(() => withEmbeddedPolicy('{"properties":{"value":1}}', 'x', 'f.json'), /has no policy/);
    assert.throws(() => embeddedPolicyOf('{ "properties": ', 'f.json'), /f\.json is not valid JSON/);
  });
});
