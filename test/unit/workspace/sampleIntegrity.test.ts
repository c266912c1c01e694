// The Contoso sample is what every feature is shown on: its references must all resolve.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { currentApis, type ApiopsService, type PolicyFile } from '../../../src/workspace/apiopsModel';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot } from '../helpers';

function policyFiles(s: ApiopsService): PolicyFile[] {
  return [
    s.globalPolicy,
    ...s.apis.flatMap((a) => [a.policy, ...a.operations.map((o) => o.policy)]),
    ...s.products.map((p) => p.policy),
    ...s.fragments.map((f) => f.policy),
  ].filter((p): p is PolicyFile => p !== undefined);
}

describe('the Contoso sample', async () => {
  const service = await loadApiopsService(nodeFileSystem, sampleRoot);
  const files = policyFiles(service).map((p) => ({ ...p, text: readFileSync(p.path, 'utf8'), rel: path.relative(sampleRoot, p.path) }));
  const namedValues = new Set(service.namedValues.map((n) => n.displayName));

  test('has a policy at every scope', () => {
    assert.deepEqual([...new Set(files.map((f) => f.scope))].sort(), ['api', 'fragment', 'global', 'operation', 'product']);
    assert.ok(files.length >= 25);
  });

  test('every policy file has the right root element', () => {
    for (const f of files) assert.match(f.text, f.scope === 'fragment' ? /^<fragment>/ : /^<policies>/, f.rel);
  });

  test('every {{named value}} in policies and backends exists', () => {
    const backendTexts = service.backends.map((b) => readFileSync(path.join(sampleRoot, 'backends', b.name, 'backendInformation.json'), 'utf8'));
    const missing = [...files.map((f) => f.text), ...backendTexts].flatMap((t) => [...t.matchAll(/\{\{([^}]+)\}\}/g)].map((m) => m[1] ?? '')).filter((n) => !namedValues.has(n));
    assert.deepEqual(missing, []);
  });

  test('every backend-id, fragment-id and pool member exists', () => {
    const backends = new Set(service.backends.map((b) => b.name));
    const fragments = new Set(service.fragments.map((f) => f.name));
    for (const f of files) {
      for (const m of f.text.matchAll(/backend-id="([^"]+)"/g)) assert.ok(backends.has(m[1] ?? ''), `${f.rel}: backend ${m[1]}`);
      for (const m of f.text.matchAll(/fragment-id="([^"]+)"/g)) assert.ok(fragments.has(m[1] ?? ''), `${f.rel}: fragment ${m[1]}`);
    }
    for (const b of service.backends) for (const m of b.pool) assert.ok(backends.has(m.name), `pool member ${m.name}`);
  });

  test('each product routes exactly its own APIs', () => {
    for (const product of service.products) {
      const text = readFileSync(product.policy?.path ?? '', 'utf8');
      const routed = [...text.matchAll(/new\[\] \{([^}]*)\}/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/"([\w-]+)"/g)].map((x) => x[1]));
      assert.deepEqual(routed.sort(), [...product.apis].sort(), product.name);
    }
    assert.equal(service.products.flatMap((p) => p.apis).length, currentApis(service.apis).length, 'every API is in one product');
  });

  test('the local override example names only secret named values', () => {
    const example = JSON.parse(readFileSync(path.join(sampleRoot, 'named-values.local.example.json'), 'utf8')) as Record<string, string>;
    const secrets = service.namedValues.filter((n) => n.secret).map((n) => n.displayName).sort();
    assert.deepEqual(Object.keys(example).filter((k) => !k.startsWith('$')).sort(), secrets);
  });
});
