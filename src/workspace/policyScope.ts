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
