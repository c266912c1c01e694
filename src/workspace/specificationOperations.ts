// Reads the operations an API exposes from its OpenAPI (2 or 3) specification, YAML or JSON.
// APIM names imported operations after their operationId, which is also the APIOps folder name.

import { parse } from 'yaml';
import type { OperationModel } from './apiopsModel';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Throws when the text is not YAML/JSON; returns [] when it has no `paths`. */
export function operationsFromSpecification(text: string): Omit<OperationModel, 'policy'>[] {
  // JSON is YAML, but JSON.parse reads it many times faster (a large estate has thousands).
  let doc: unknown;
  if (/^\s*\{/.test(text)) {
    try {
      doc = JSON.parse(text);
    } catch {
      doc = parse(text, { logLevel: 'error' });
    }
  } else doc = parse(text, { logLevel: 'error' });
  if (typeof doc !== 'object' || doc === null) return [];
  const paths = (doc as { paths?: unknown }).paths;
  if (typeof paths !== 'object' || paths === null) return [];
  const ops: Omit<OperationModel, 'policy'>[] = [];
  for (const [urlTemplate, item] of Object.entries(paths as Record<string, unknown>)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const method of METHODS) {
      const op = (item as Record<string, unknown>)[method];
      if (typeof op !== 'object' || op === null) continue;
      const o = op as { operationId?: unknown; summary?: unknown };
      const name = typeof o.operationId === 'string' ? o.operationId : `${method}-${urlTemplate}`;
      const displayName = typeof o.summary === 'string' && o.summary ? o.summary : name;
      ops.push({ name, displayName, method: method.toUpperCase(), urlTemplate });
    }
  }
  return ops;
}
