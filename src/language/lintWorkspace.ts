// Lints the policy files of an APIOps service: each file validated with its scope and the
// service's named values, backends and fragments. Used by `apim-workbench lint` and by the
// editor to build a policy's context.

import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../common/diagnostic';
import { loadCSharpParser } from '../expressions/expressionParser';
import { parsePolicy } from '../policy/policyParser';
import type { ApiopsService, PolicyFile } from '../workspace/apiopsModel';
import { scopeOfLooseOrServiceFile, scopeOfPolicyFile } from '../workspace/policyScope';
import { policyText } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { validatePolicy, type PolicyContext } from './policyDiagnostics';
import type { EnvironmentOverrides } from '../workspace/environments';

export interface FileDiagnostics {
  readonly file: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Named values, backends and fragments of a service (workspace resources included). */
export function serviceContext(service: ApiopsService): Omit<PolicyContext, 'scope'> {
  const all = [service, ...service.workspaces];
  return {
    // APIM resolves {{…}} by display name; a resource name that differs is known but warned about.
    namedValues: new Set(all.flatMap((c) => c.namedValues.map((n) => n.displayName))),
    namedValueNames: new Map(all.flatMap((c) => c.namedValues.filter((n) => n.name !== n.displayName).map((n) => [n.name, n.displayName] as const))),
    backends: new Set(all.flatMap((c) => c.backends.map((b) => b.name))),
    fragments: new Set(all.flatMap((c) => c.fragments.map((f) => f.name))),
  };
}

export function policyFilesOf(service: ApiopsService): PolicyFile[] {
  const all = [service, ...service.workspaces];
  return [
    ...(service.globalPolicy ? [service.globalPolicy] : []),
    ...service.workspaces.flatMap((w) => (w.policy ? [w.policy] : [])),
    ...all.flatMap((c) => [
      ...c.apis.flatMap((a) => [a.policy, ...a.operations.map((o) => o.policy), ...(a.resolvers ?? []).map((r) => r.policy)]),
      ...c.products.map((p) => p.policy),
      ...c.fragments.map((f) => f.policy),
    ]),
  ].filter((p): p is PolicyFile => p !== undefined);
}

/** One policy file; with its service when known (for references and scope). */
export async function lintFile(file: string, service: ApiopsService | undefined): Promise<FileDiagnostics> {
  await loadCSharpParser();
  const ctx = service ? serviceContext(service) : {};
  return checked(file, (text) => validatePolicy(parsePolicy(text), { ...ctx, scope: scopeOfLooseOrServiceFile(file, service !== undefined) }));
}

export interface LintOptions {
  /** Every environment of the folder: a named value one gives a value and another does not is reported where it is used. */
  readonly environments?: readonly EnvironmentOverrides[];
}

export async function lintService(service: ApiopsService, onFile?: (done: number, total: number) => void, options: LintOptions = {}): Promise<FileDiagnostics[]> {
  await loadCSharpParser();
  const ctx = serviceContext(service);
  const out: FileDiagnostics[] = [];
  const files = policyFilesOf(service);
  for (const p of files) {
    onFile?.(out.length, files.length);
    // A policy kept in JSON (an apiops-cli fragment) is checked as its properties.value; its lines count from there.
    if (p.embedded) out.push(await checked(`${p.path} (properties.value)`, (text) => validatePolicy(parsePolicy(text), { ...ctx, scope: p.scope }), () => policyText(nodeFileSystem, p)));
    else out.push(await checked(p.path, (text) => validatePolicy(parsePolicy(text), { ...ctx, scope: scopeOfPolicyFile(p.path) ?? p.scope })));
  }
  return options.environments && options.environments.length > 1 ? out.map((f) => ({ ...f, diagnostics: [...f.diagnostics, ...environmentDiagnostics(service, options.environments!, f.text)] })) : out;
}

/**
 * A named value the folder itself gives no value (a secret, or one each environment sets) is
 * reported where a policy uses it when one environment gives it a value and another does not:
 * the request would run with the value in one and fail in the other.
 */
function environmentDiagnostics(service: ApiopsService, environments: readonly EnvironmentOverrides[], text: string): Diagnostic[] {
  const all = [service, ...service.workspaces].flatMap((c) => c.namedValues);
  const out: Diagnostic[] = [];
  for (const m of text.matchAll(/\{\{([A-Za-z0-9._-]+)\}\}/g)) {
    const nv = all.find((n) => n.displayName === m[1] || n.name === m[1]);
    if (!nv || (nv.value !== undefined && !nv.secret) || nv.keyVaultSecretIdentifier) continue;
    const gives = (e: EnvironmentOverrides): boolean => {
      const o = e.sections.get('namedValues')?.get(nv.name.toLowerCase())?.properties;
      return !!o && (typeof o['value'] === 'string' || (typeof o['keyVault'] === 'object' && o['keyVault'] !== null));
    };
    const with_ = environments.filter(gives);
    const without = environments.filter((e) => !gives(e));
    if (with_.length === 0 || without.length === 0) continue;
    const start = m.index ?? 0;
    out.push({ code: 'namedValueMissingInEnvironment', severity: 'warning', span: { start, end: start + m[0].length }, message: `Named value '${m[1]}' gets a value in ${with_.map((e) => `${e.name} (${e.file.split(/[\\/]/).pop()})`).join(', ')} but not in ${without.map((e) => `${e.name} (${e.file.split(/[\\/]/).pop()})`).join(', ')}: there it has none.` });
  }
  return out;
}

/** One file read and checked; a file that cannot be (unreadable, or the checker fails on it) is one diagnostic, and the rest of the folder is still checked. */
async function checked(file: string, check: (text: string) => Diagnostic[], read: () => Promise<string> = () => readFile(file, 'utf8')): Promise<FileDiagnostics> {
  let text = '';
  try {
    text = await read();
    return { file, text, diagnostics: check(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { file, text, diagnostics: [{ code: 'notChecked', message: `This file could not be checked: ${message}`, span: { start: 0, end: Math.min(1, text.length) }, severity: 'error' }] };
  }
}
