// The local override file for named values: secret values are never extracted by APIOps, so a
// developer keeps them in `named-values.local.json` beside the service folder (git-ignored).
// The simulator reads values from here; the tree only learns which names have one.

import * as path from 'node:path';
import type { FileSystem } from './fileSystem';

export const NAMED_VALUE_OVERRIDE_FILE = 'named-values.local.json';

export interface NamedValueOverrides {
  /** Keyed by display name (or resource name). */
  readonly values: Readonly<Record<string, string>>;
  readonly problem?: string;
}

export async function readNamedValueOverrides(fs: FileSystem, root: string): Promise<NamedValueOverrides> {
  const file = path.join(root, NAMED_VALUE_OVERRIDE_FILE);
  if (!(await fs.stat(file))) return { values: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file));
  } catch (error) {
    return { values: {}, problem: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { values: {}, problem: 'Expected an object mapping named value names to string values.' };
  }
  const values: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key.startsWith('$')) continue; // "$comment" and the like
    if (typeof value === 'string') values[key] = value;
    else skipped.push(key);
  }
  return skipped.length > 0
    ? { values, problem: `Ignored entries whose value is not a string: ${skipped.join(', ')}` }
    : { values };
}
