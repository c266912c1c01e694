#!/usr/bin/env node
// Writes snippets/apim-policy.code-snippets and the scenario policies that prove each snippet
// (test/scenarios/snippets/<prefix>.xml) from the snippet catalog (src/policy/snippets.ts).
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const { renderSnippetsFile, snippetPolicies } = require(path.join(root, 'out/src/policy/snippets.js'));
mkdirSync(path.join(root, 'snippets'), { recursive: true });
writeFileSync(path.join(root, 'snippets', 'apim-policy.code-snippets'), renderSnippetsFile());
const dir = path.join(root, 'test', 'scenarios', 'snippets');
mkdirSync(dir, { recursive: true });
for (const [prefix, xml] of snippetPolicies()) writeFileSync(path.join(dir, `${prefix}.xml`), xml);
console.log('wrote snippets/apim-policy.code-snippets and test/scenarios/snippets/*.xml');
