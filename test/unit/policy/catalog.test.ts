import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { POLICIES, STRUCTURAL, policiesFor, policyInfo, structuralInfo } from '../../../src/policy/catalog';
import { allElements } from '../../../src/policy/policyDocument';
import { parsePolicy } from '../../../src/policy/policyParser';
import { sampleRoot } from '../helpers';

describe('the policy catalog', () => {
  test('has every policy of the reference table (70 elements, 71 rows)', () => {
    assert.equal(POLICIES.length, 71);
    assert.equal(new Set(POLICIES.map((p) => p.name)).size, 70);
    for (const p of POLICIES) {
      assert.ok(p.docs.startsWith('https://learn.microsoft.com/azure/api-management/'), p.name);
      assert.ok(p.description.length > 10, p.name);
      assert.ok(p.scopes.length > 0, p.name);
    }
  });

  test('knows sections, attributes, enumerations and defaults', () => {
    const sh = policyInfo('set-header');
    assert.deepEqual([...(sh?.sections ?? [])].sort(), ['backend', 'inbound', 'on-error', 'outbound']);
    const ea = sh?.attributes.find((a) => a.name === 'exists-action');
    assert.deepEqual(ea?.values, ['override', 'skip', 'append', 'delete']);
    assert.equal(ea?.default, 'override');
    assert.equal(sh?.attributes.find((a) => a.name === 'name')?.required, true);
    assert.deepEqual(policyInfo('forward-request')?.sections, ['backend']);
    assert.equal(policyInfo('include-fragment')?.attributes[0]?.expressions, false);
    assert.deepEqual(policyInfo('rate-limit')?.scopes, ['product', 'api', 'operation']);
  });

  test('knows children in their order, nested ones and policy containers', () => {
    assert.deepEqual(policyInfo('cors')?.children.map((c) => `${c.name}${c.cardinality}`), ['allowed-origins1', 'allowed-methods?', 'allowed-headers1', 'expose-headers?']);
    assert.deepEqual(policyInfo('cors')?.children[0]?.children.map((c) => c.name), ['origin']);
    const choose = policyInfo('choose');
    assert.deepEqual(choose?.children.map((c) => [c.name, c.anyPolicy]), [['when', true], ['otherwise', true]]);
    assert.deepEqual(choose?.children[0]?.attributes, [{ name: 'condition', required: true, type: 'boolean' }]);
    assert.equal(policyInfo('retry')?.containsPolicies, true);
    assert.deepEqual(policyInfo('send-request')?.children.map((c) => c.name), ['set-url', 'set-method', 'set-header', 'set-body', 'authentication-certificate', 'authentication-managed-identity', 'proxy']);
  });

  test('offers policies by section and scope', () => {
    const backendAtGlobal = policiesFor('backend', 'global').map((p) => p.name);
    assert.ok(backendAtGlobal.includes('forward-request'));
    assert.ok(!backendAtGlobal.includes('cors'));
    assert.ok(!policiesFor('inbound', 'global').some((p) => p.name === 'rate-limit'), 'rate-limit is not allowed at global scope');
    assert.ok(policiesFor('inbound', 'product').some((p) => p.name === 'rate-limit'));
  });

  test('has the structural elements', () => {
    assert.deepEqual(STRUCTURAL.map((s) => s.name), ['policies', 'inbound', 'backend', 'outbound', 'on-error', 'base', 'fragment']);
    assert.match(structuralInfo('base')?.description ?? '', /CORS/);
  });

  test('knows every policy and attribute the Contoso sample uses', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'policy.xml') files.push(p);
      }
    };
    walk(sampleRoot);
    const unknown: string[] = [];
    for (const f of files) {
      for (const el of allElements(parsePolicy(readFileSync(f, 'utf8')))) {
        const info = policyInfo(el.name);
        if (!info) continue; // structural or child elements
        for (const a of el.attributes) if (a.name !== 'id' && !info.attributes.some((x) => x.name === a.name)) unknown.push(`${el.name}@${a.name}`);
      }
    }
    assert.deepEqual(unknown, []);
  });

});
