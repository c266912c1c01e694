// Shared helpers for the unit tests: where the repository is, and throw-away folders.

import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'samples'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot(__dirname);
export const sampleRoot = path.join(repoRoot, 'samples', 'contoso');

/** Writes `files` (relative path → content) into a new temporary folder. */
export function tempFolder(files: Record<string, string>): { root: string; dispose(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'apim-wb-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
