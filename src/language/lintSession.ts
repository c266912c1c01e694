// Lint of a whole service that re-checks only what a change touches: after one policy changes,
// that policy; after a named value, backend or fragment is added or removed, the policies that
// reference it (an index of `{{name}}`, `backend-id` and `fragment-id` per policy). A fragment's
// content does not change its includers' diagnostics, so editing a fragment re-checks the fragment.

import { readFile } from 'node:fs/promises';
import { parsePolicy } from '../policy/policyParser';
import type { ApiopsService, PolicyFile } from '../workspace/apiopsModel';
import { policyText } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { scopeOfPolicyFile } from '../workspace/policyScope';
import { policyFilesOf, serviceContext, type FileDiagnostics } from './lintWorkspace';
import { validatePolicy, type PolicyContext } from './policyDiagnostics';

interface Refs {
  readonly namedValues: ReadonlySet<string>;
  readonly backends: ReadonlySet<string>;
  readonly fragments: ReadonlySet<string>;
}

function refsOf(text: string): Refs {
  return {
    namedValues: new Set([...text.matchAll(/\{\{([^{}]+)\}\}/g)].map((m) => (m[1] as string).trim())),
    backends: new Set([...text.matchAll(/backend-id\s*=\s*"([^"]*)"/g)].map((m) => m[1] as string)),
    fragments: new Set([...text.matchAll(/fragment-id\s*=\s*"([^"]*)"/g)].map((m) => m[1] as string)),
  };
}

export type ServiceChange = { readonly kind: 'namedValue' | 'backend' | 'fragment'; readonly name: string };

export class LintSession {
  private ctx: Omit<PolicyContext, 'scope'>;
  private readonly files = new Map<string, PolicyFile>();
  private readonly results = new Map<string, FileDiagnostics>();
  private readonly refs = new Map<string, Refs>();

  constructor(service: ApiopsService) {
    this.ctx = serviceContext(service);
    for (const p of policyFilesOf(service)) this.files.set(p.path, p);
  }

  /** Every policy of the service, checked. */
  async lintAll(): Promise<FileDiagnostics[]> {
    for (const p of this.files.values()) await this.check(p);
    return [...this.results.values()];
  }

  get size(): number {
    return this.results.size;
  }

  result(file: string): FileDiagnostics | undefined {
    return this.results.get(file);
  }

  private async check(p: PolicyFile, text?: string): Promise<FileDiagnostics> {
    let body = text ?? '';
    let r: FileDiagnostics;
    try {
      if (text === undefined) body = p.embedded || p.text !== undefined ? await policyText(nodeFileSystem, p) : await readFile(p.path, 'utf8');
      r = { file: p.path, text: body, diagnostics: validatePolicy(parsePolicy(body), { ...this.ctx, scope: p.embedded ? p.scope : (scopeOfPolicyFile(p.path) ?? p.scope) }) };
    } catch (e) {
      r = { file: p.path, text: body, diagnostics: [{ code: 'notChecked', message: `This file could not be checked: ${e instanceof Error ? e.message : String(e)}`, span: { start: 0, end: Math.min(1, body.length) }, severity: 'error' }] };
    }
    this.results.set(p.path, r);
    this.refs.set(p.path, refsOf(body));
    return r;
  }

  /** One policy changed (its new text, or read again): only it is checked. */
  async policyChanged(file: string, text?: string): Promise<FileDiagnostics[]> {
    const p = this.files.get(file);
    if (!p) return [];
    return [await this.check(p, text)];
  }

  /**
   * A named value, backend or fragment was added or removed (`service` is the folder read again):
   * the policies that reference it are checked again, nothing else.
   */
  async serviceChanged(service: ApiopsService, change: ServiceChange): Promise<FileDiagnostics[]> {
    this.ctx = serviceContext(service);
    const out: FileDiagnostics[] = [];
    const key = change.kind === 'namedValue' ? 'namedValues' : change.kind === 'backend' ? 'backends' : 'fragments';
    for (const [file, r] of this.refs) {
      if (!r[key].has(change.name)) continue;
      const p = this.files.get(file);
      if (p) out.push(await this.check(p, this.results.get(file)?.text));
    }
    return out;
  }
}
