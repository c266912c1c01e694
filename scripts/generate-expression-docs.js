#!/usr/bin/env node
// Writes docs/expressions.md from the expression runtime's declarations (see src/expressions/typeReference.ts).
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const { renderTypeReference } = require(path.join(root, 'out/src/expressions/typeReference.js'));
mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs', 'expressions.md'), renderTypeReference());
console.log('wrote docs/expressions.md');
