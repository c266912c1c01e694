// Re-linting after one change checks only what depends on it: an edited policy alone; after a
// named value or fragment is removed, the policies that reference it, which now report it.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { LintSession } from '../../../src/language/lintSession';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot } from '../helpers';

describe('the lint session', () => {
  before(() => loadCSharpParser());

  test('an edited policy is checked alone; a removed named value or fragment re-checks its users, which report it', async () => {
    const service = await loadApiopsService(nodeFileSystem, sampleRoot);
    const session = new LintSession(service);
    const all = await session.lintAll();
    assert.ok(all.length > 20);
    assert.deepEqual(all.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error')), []);
    const listOrders = path.join(sampleRoot, 'apis', 'orders-api', 'operations', 'list-orders', 'policy.xml');
    const edited = await session.policyChanged(listOrders, '<policies><inbound><base /><set-header exists-action="override" /></inbound></policies>');
    assert.deepEqual(edited.map((f) => f.file), [listOrders]);
    assert.ok(edited[0]!.diagnostics.some((d) => d.code === 'missingAttribute'));

    const without = { ...service, namedValues: service.namedValues.filter((n) => n.displayName !== 'partner-portal-origin') };
    const rechecked = await session.serviceChanged(without, { kind: 'namedValue', name: 'partner-portal-origin' });
    assert.deepEqual(rechecked.map((f) => path.relative(sampleRoot, f.file)), ['policy.xml'], 'only the global policy uses it');
    assert.ok(rechecked[0]!.diagnostics.some((d) => d.code === 'unknownNamedValue'));

    const noFragment = { ...without, fragments: without.fragments.filter((f) => f.name !== 'correlation-id') };
    const users = await session.serviceChanged(noFragment, { kind: 'fragment', name: 'correlation-id' });
    assert.deepEqual(users.map((f) => path.relative(sampleRoot, f.file)), ['policy.xml']);
    assert.ok(users[0]!.diagnostics.some((d) => d.code === 'unknownFragment'), users[0]!.diagnostics.map((d) => d.code).join(', '));
  });
});
