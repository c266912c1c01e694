// The scope of a policy file from its place in an APIOps folder (apiops-layout.md): the global
// policy, a product's, an API's, an operation's, a GraphQL resolver's (apis/<api>/resolvers/<r>/,
// the APIOps CLI layout), or a fragment.

import * as path from 'node:path';
import type { Scope } from '../policy/catalog';

export function scopeOfPolicyFile(file: string): Scope | undefined {
  const parts = file.split(path.sep).filter(Boolean);
  const n = parts.length;
  if (parts[n - 1] !== 'policy.xml') return undefined;
  const dir = parts[n - 2];
  const grand = parts[n - 3];
  if (grand === 'resolvers') return 'resolver';
  if (parts[n - 4] === 'operations' || grand === 'operations') return 'operation';
  if (grand === 'apis') return 'api';
  if (grand === 'products') return 'product';
  if (grand === 'policy fragments') return 'fragment';
  if (dir && ['apis', 'products', 'operations', 'backends', 'resolvers'].includes(dir)) return undefined;
  return 'global';
}

/**
 * The scope of a policy file that may lie outside an APIOps service: inside one, its place says it
 * (global when nothing narrower does); outside, only a place that names a narrower scope
 * (`apis/<api>/policy.xml`, …) does, and a lone `policy.xml` has no known scope.
 */
export function scopeOfLooseOrServiceFile(file: string, inService: boolean): Scope | undefined {
  const scope = scopeOfPolicyFile(file);
  return inService || scope !== 'global' ? scope : undefined;
}
