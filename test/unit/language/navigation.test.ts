import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import type { TextEdit } from '../../../src/language/codeActions';
import { definitionFile, documentSymbols, findReferences, foldingRanges, formatPolicy, referenceAt, variableDefinitions } from '../../../src/language/navigation';
import { parsePolicy } from '../../../src/policy/policyParser';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot } from '../helpers';

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

describe('outline and folding', () => {
  const text = readFileSync(path.join(sampleRoot, 'products/project-1/policy.xml'), 'utf8');
  const doc = parsePolicy(text);

  test('sections, then policies with their names, then when/otherwise and nested policies', () => {
    const symbols = documentSymbols(doc);
    assert.deepEqual(symbols.map((s) => s.name), ['inbound', 'backend', 'outbound', 'on-error']);
    assert.deepEqual(symbols[0]?.children.map((s) => s.name), ['base', 'rate-limit', 'set-variable', 'choose']);
    assert.equal(symbols[0]?.children[2]?.detail, 'apiId');
    assert.deepEqual(symbols[0]?.children[3]?.children.map((s) => s.name), ['when', 'when', 'otherwise']);
  });

  test('folding ranges for multi-line elements and comments', () => {
    const ranges = foldingRanges(doc);
    assert.ok(ranges.some((r) => r.startLine === 0), 'policies folds');
    assert.ok(ranges.every((r) => r.endLine > r.startLine));
  });
});

describe('formatting', () => {
  test('re-indents tags and never changes expression text', () => {
    const messy = '<policies>\n<inbound>\n      <base />\n<set-variable name="v" value="@{\n      var x = 1;\n          return x; }" />\n  <set-body>@{\n   var a = "  keep   me  ";\n      return a; }</set-body>\n<!--\n   comment stays\n-->\n</inbound>\n</policies>\n';
    const formatted = apply(messy, formatPolicy(parsePolicy(messy), { tabSize: 2, insertSpaces: true }));
    assert.equal(formatted, '<policies>\n  <inbound>\n    <base />\n    <set-variable name="v" value="@{\n      var x = 1;\n          return x; }" />\n    <set-body>@{\n   var a = "  keep   me  ";\n      return a; }</set-body>\n    <!--\n   comment stays\n-->\n  </inbound>\n</policies>\n');
  });

  test('a formatted sample policy is unchanged', () => {
    const text = readFileSync(path.join(sampleRoot, 'apis/webhooks-api/operations/receive-webhook/policy.xml'), 'utf8');
    assert.deepEqual(formatPolicy(parsePolicy(text), { tabSize: 2, insertSpaces: true }), []);
  });
});

describe('definitions and references', async () => {
  const service = await loadApiopsService(nodeFileSystem, sampleRoot);
  const productText = readFileSync(path.join(sampleRoot, 'products/project-1/policy.xml'), 'utf8');
  const doc = parsePolicy(productText);

  test('a backend-id leads to its information file', () => {
    const t = referenceAt(doc, productText.indexOf('func-app-1') + 3);
    assert.deepEqual([t?.kind, t?.name], ['backend', 'func-app-1']);
    assert.equal(definitionFile(service, t!), path.join(sampleRoot, 'backends', 'func-app-1', 'backendInformation.json'));
  });

  test('a named value leads to its information file', () => {
    const text = readFileSync(path.join(sampleRoot, 'policy fragments/validate-partner-token/policy.xml'), 'utf8');
    const t = referenceAt(parsePolicy(text), text.indexOf('{{entra-tenant-id}}') + 4);
    assert.equal(definitionFile(service, t!), path.join(sampleRoot, 'named values', 'entra-tenant-id', 'namedValueInformation.json'));
    assert.equal(findReferences(text, t!).length, 2);
  });

  test('a fragment-id leads to the fragment’s policy', () => {
    const text = readFileSync(path.join(sampleRoot, 'policy.xml'), 'utf8');
    const t = referenceAt(parsePolicy(text), text.indexOf('correlation-id" />') + 2);
    assert.equal(definitionFile(service, t!), path.join(sampleRoot, 'policy fragments', 'correlation-id', 'policy.xml'));
  });

  test('in the apiops-cli layout, definitions lead to that layout\'s files (the fragment\'s information file holds its XML)', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'nav-cli-'));
    try {
      const cli = path.join(tmp, 'contoso');
      assert.equal(await main(['convert', sampleRoot, '--to', 'cli', '--out', cli], { out: () => undefined, err: () => undefined }), 0);
      const cliService = await loadApiopsService(nodeFileSystem, cli);
      const fragmentText = readFileSync(path.join(sampleRoot, 'policy fragments/validate-partner-token/policy.xml'), 'utf8');
      const nv = referenceAt(parsePolicy(fragmentText), fragmentText.indexOf('{{entra-tenant-id}}') + 4)!;
      assert.equal(definitionFile(cliService, nv), path.join(cli, 'namedValues', 'entra-tenant-id', 'namedValueInformation.json'));
      assert.ok(existsSync(definitionFile(cliService, nv)!));
      const global = readFileSync(path.join(sampleRoot, 'policy.xml'), 'utf8');
      const fragment = referenceAt(parsePolicy(global), global.indexOf('correlation-id" />') + 2)!;
      assert.equal(definitionFile(cliService, fragment), path.join(cli, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('a variable used in an expression leads to its set-variable', () => {
    const at = productText.indexOf('Variables["apiId"]') + 'Variables["'.length + 1;
    const t = referenceAt(doc, at);
    assert.deepEqual([t?.kind, t?.name], ['variable', 'apiId']);
    const defs = variableDefinitions(doc, 'apiId');
    assert.equal(defs.length, 1);
    assert.equal(productText.slice(defs[0]!.start, defs[0]!.end), 'apiId');
    assert.equal(findReferences(productText, t!).length, 4); // the set-variable and three reads
  });
});
