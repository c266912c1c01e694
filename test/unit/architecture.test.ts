// Guards the one structural rule: the core never imports `vscode`, and never reaches into the
// adapters. TypeScript would accept such an import (it resolves @types/vscode), so this test is
// the guard; at run time the unit tests would also fail to find the module.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const src = path.join(repoRoot, 'src');
const coreFiles = tsFiles(src).filter((f) => !f.startsWith(path.join(src, 'vscode') + path.sep) && f !== path.join(src, 'extension.ts'));
const IMPORT_SPECIFIERS = /(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT_SPECIFIERS)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

test('the import scanner sees every import form', () => {
  const text = "import * as v from 'vscode';\nimport type { X } from \"vscode\";\nconst a = require('vscode');\nawait import('vscode');\nimport 'vscode';\nexport { y } from '../vscode/log';";
  assert.deepEqual(importsOf(text), ['vscode', 'vscode', 'vscode', 'vscode', 'vscode', '../vscode/log']);
});

test('core folders never import vscode or the adapters', () => {
  assert.ok(coreFiles.length > 5, 'found the core files');
  const offenders: string[] = [];
  for (const file of coreFiles) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
      if (spec === 'vscode' || resolved.startsWith(path.join(src, 'vscode')) || resolved === path.join(src, 'extension')) {
        offenders.push(`${path.relative(repoRoot, file)} imports '${spec}'`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
