// What the MCP server's offline tools do, over the same core the CLI and the extension use, rooted
// at one folder: every path an agent gives is resolved inside it (symlinks out refused), services
// are read afresh on each call (an agent edits files between calls), and results are plain data.
// Secrets are learnt as services are read (secret named values' local and environment values,
// backend credentials) so the server masks them in everything it returns (mcpServer.ts).

import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { PROCESS_SECRETS } from '../common/secrets';
import type { Diagnostic } from '../common/diagnostic';
import { lineColumn } from '../common/span';
import { unknownContextKeys, type ContextSpec } from '../expressions/contextBuilder';
import { evaluateReport, type EvaluateReport } from '../expressions/evaluateReport';
import { allTypes, findType, type MemberDef, type TypeDef } from '../expressions/runtime/typeSystem';
import { typeNamed } from '../expressions/builtins/listed';
import { apisServing, gatewayFromApiops } from '../gateway/apiopsGateway';
import { effectivePolicy, EffectivePolicyError } from '../gateway/effectivePolicyView';
import type { GatewayConfig, SubscriptionConfig } from '../gateway/gatewayConfig';
import { Gateway, SimulatedClock, type GatewayResult } from '../gateway/pipeline';
import { runScenarioFile, ScenarioError } from '../gateway/scenario';
import { findScenarioFiles, stepJson } from '../gateway/scenarioFiles';
import { MOCK_BACKEND } from '../gateway/simulateHttp';
import { entryLabel } from '../gateway/traceView';
import { CannedTransport, type CannedResponse } from '../gateway/transport';
import { lintFile, serviceContext } from '../language/lintWorkspace';
import { validatePolicy } from '../language/policyDiagnostics';
import { policiesFor, policyVariants, POLICIES, type Scope, type Section } from '../policy/catalog';
import { parsePolicy } from '../policy/policyParser';
import { loadCSharpParser } from '../expressions/expressionParser';
import { backendProperties, findApiopsRoots, loadApiopsService, policyText } from '../workspace/apiopsLoader';
import { currentApis, type ApiopsService, type PolicyFile, type ResourceCollections } from '../workspace/apiopsModel';
import { EMBEDDED_POLICY_FILE } from '../workspace/embeddedPolicy';
import { environmentSecretValue, findEnvironments } from '../workspace/environments';
import { confinedFileSystem, type FileSystem } from '../workspace/fileSystem';
import { readNamedValueOverrides } from '../workspace/namedValueOverrides';
import { regressionTestYaml } from '../tracing/traceExport';

/** A problem with what the agent asked: its message is the tool's error. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly code: 'outsideRoot' | 'notFound' | 'badInput' | 'failed' = 'badInput',
  ) {
    super(message);
  }
}

export interface McpRoot {
  /** The folder the server serves, as given (resolved). */
  readonly root: string;
  /** Its real path (symlinks resolved), which every path must stay inside. */
  readonly real: string;
  /** Reads only inside `real`: a policy, specification or test file linked from outside is refused. */
  readonly fs: FileSystem;
}

export async function openRoot(folder: string): Promise<McpRoot> {
  const root = path.resolve(folder);
  const s = await stat(root).catch(() => undefined);
  if (!s?.isDirectory()) throw new ToolError(`Not a folder: ${root}`, 'notFound');
  const real = await realpath(root);
  return { root, real, fs: confinedFileSystem(real) };
}

/**
 * A path the agent gave (relative to the root, or absolute), resolved and checked: it must exist
 * and lie inside the root once symlinks are followed.
 */
export async function pathInRoot(r: McpRoot, given: string): Promise<string> {
  const resolved = path.resolve(r.root, given);
  let real: string;
  try {
    real = await realpath(resolved);
  } catch {
    if (!isInside(r.real, path.resolve(r.real, path.relative(r.root, resolved)))) throw new ToolError(`${given} is outside the folder this server serves (${r.root}).`, 'outsideRoot');
    throw new ToolError(`No such file or folder: ${given} (under ${r.root}).`, 'notFound');
  }
  if (!isInside(r.real, real)) throw new ToolError(`${given} is outside the folder this server serves (${r.root})${real !== resolved ? ': it is a link that leads out' : ''}.`, 'outsideRoot');
  return real;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A path as the agent should see it: relative to the root. */
export function shown(r: McpRoot, p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  for (const base of [r.real, r.root]) if (isInside(base, p)) return path.relative(base, p).split(path.sep).join('/') || '.';
  return p;
}

// ---- services ----

async function serviceRoots(r: McpRoot): Promise<string[]> {
  return findApiopsRoots(r.fs, r.real, 4);
}

/** What a service holds that must never leave the server, learnt as it is read. */
async function learnSecrets(r: McpRoot, service: ApiopsService): Promise<void> {
  const overrides = await readNamedValueOverrides(r.fs, service.root);
  for (const c of [service, ...service.workspaces] as ResourceCollections[]) {
    for (const nv of c.namedValues) if (nv.secret) PROCESS_SECRETS.addAll([overrides.values[nv.displayName], overrides.values[nv.name], environmentSecretValue(nv)]);
    for (const b of c.backends) {
      const credentials = backendProperties(b)?.['credentials'];
      PROCESS_SECRETS.addAll(credentialValues(credentials));
    }
  }
}

/** Credential values of a backend (headers, query, authorization parameter), not the `{{named value}}` references among them. */
function credentialValues(v: unknown): string[] {
  if (typeof v === 'string') return /^\s*\{\{[^}]+\}\}\s*$/.test(v) ? [] : [v];
  if (Array.isArray(v)) return v.flatMap(credentialValues);
  if (v && typeof v === 'object') return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => (k === 'scheme' ? [] : credentialValues(x)));
  return [];
}

/**
 * Every service's secrets, learnt once when the server starts, so a result that does not read a
 * service (an expression, a lint of text) still masks them. A folder that cannot be read is left
 * for the tool that reads it to report.
 */
export async function learnAllSecrets(r: McpRoot): Promise<void> {
  for (const root of await serviceRoots(r).catch(() => [] as string[])) {
    const service = await loadApiopsService(r.fs, root).catch(() => undefined);
    if (service) await learnSecrets(r, service);
  }
}

/**
 * The service a tool works on: the one named (its folder name, or its folder relative to the
 * root), or the only one under the root.
 */
export async function serviceOf(r: McpRoot, name: string | undefined, environment?: string): Promise<ApiopsService> {
  const roots = await serviceRoots(r);
  if (roots.length === 0) throw new ToolError(`No APIOps service under ${r.root} (looked 4 levels down for apis/, products/, named values/, …).`, 'notFound');
  let root: string | undefined;
  if (name === undefined) {
    if (roots.length > 1) throw new ToolError(`There are ${roots.length} services under the root: say which with "service" (${roots.map((x) => shown(r, x)).join(', ')}).`);
    root = roots[0];
  } else {
    root = roots.find((x) => shown(r, x) === name.replace(/\\/g, '/').replace(/\/$/, '') || path.basename(x) === name);
    if (!root) throw new ToolError(`No service '${name}' under the root: the services are ${roots.map((x) => shown(r, x)).join(', ')}.`, 'notFound');
  }
  let service: ApiopsService;
  try {
    service = await loadApiopsService(r.fs, root!, environment ? { environment } : {});
  } catch (e) {
    throw new ToolError(e instanceof Error ? e.message : String(e), 'notFound');
  }
  await learnSecrets(r, service);
  return service;
}

export interface ListArgs {
  readonly environment?: string;
  /** Only APIs whose name, display name or path contains this (case-insensitive). */
  readonly filter?: string;
  /** A page of each service's APIs: from apiOffset, at most apiLimit (default 100). */
  readonly apiOffset?: number;
  readonly apiLimit?: number;
  /** Leave the operations out (a large estate's overview). */
  readonly operations?: boolean;
}

const DEFAULT_API_LIMIT = 100;

export async function listServices(r: McpRoot, args: ListArgs = {}): Promise<unknown> {
  const environment = args.environment;
  const needle = args.filter?.toLowerCase();
  const offset = Math.max(0, args.apiOffset ?? 0);
  const limit = Math.max(1, args.apiLimit ?? DEFAULT_API_LIMIT);
  const roots = await serviceRoots(r);
  const services = [];
  for (const root of roots) {
    let service: ApiopsService;
    try {
      service = await loadApiopsService(r.fs, root, environment ? { environment } : {});
    } catch (e) {
      if (environment) throw new ToolError(e instanceof Error ? e.message : String(e), 'notFound');
      throw e;
    }
    await learnSecrets(r, service);
    const matching = (c: ResourceCollections) => currentApis(c.apis).filter((x) => !needle || [x.name, x.displayName, x.path].some((v) => v.toLowerCase().includes(needle)));
    const collections = (c: ResourceCollections) => ({
      apiCount: matching(c).length,
      apis: matching(c).slice(offset, offset + limit).map((a) => ({
        name: a.name,
        displayName: a.displayName,
        path: a.path,
        type: a.type,
        revision: a.revision,
        otherRevisions: c.apis.filter((x) => x.apiId === a.apiId && x !== a).map((x) => x.revision),
        ...(a.apiVersion ? { version: a.apiVersion } : {}),
        ...(a.serviceUrl ? { serviceUrl: a.serviceUrl } : {}),
        subscriptionRequired: a.subscriptionRequired,
        hasPolicy: !!a.policy,
        ...(args.operations === false ? { operationCount: a.operations.length } : { operations: a.operations.map((o) => ({ name: o.name, displayName: o.displayName, method: o.method, urlTemplate: o.urlTemplate, hasPolicy: !!o.policy })) }),
      })),
      ...(matching(c).length > offset + limit ? { moreApis: `${matching(c).length - offset - limit} more APIs: call again with apiOffset ${offset + limit} (or narrow with filter).` } : {}),
      products: c.products.map((p) => ({ name: p.name, displayName: p.displayName, apis: p.apis, hasPolicy: !!p.policy, ...(p.subscriptionRequired !== undefined ? { subscriptionRequired: p.subscriptionRequired } : {}) })),
      backends: c.backends.map((b) => ({
        name: b.name,
        kind: b.kind,
        ...(b.url ? { url: b.url } : {}),
        ...(b.pool.length ? { pool: b.pool.map((m) => ({ name: m.name, ...(m.priority !== undefined ? { priority: m.priority } : {}), ...(m.weight !== undefined ? { weight: m.weight } : {}) })) } : {}),
        ...(b.circuitBreakerRules.length ? { circuitBreakerRules: b.circuitBreakerRules.map((x) => x.name) } : {}),
        credentials: [...b.credentialHeaderNames.map((h) => `header ${h}`), ...b.credentialQueryNames.map((q) => `query ${q}`), ...(b.managedIdentityResource ? [`managed identity for ${b.managedIdentityResource}`] : [])],
      })),
      // Names and kinds only: a plain value is configuration, not a secret, but agents do not need values.
      namedValues: c.namedValues.map((n) => ({ name: n.name, displayName: n.displayName, kind: n.keyVaultSecretIdentifier ? 'keyVault' : n.secret ? 'secret' : 'plain', ...(n.secret ? { hasLocalValue: n.hasLocalValue } : {}) })),
      fragments: c.fragments.map((f) => ({ name: f.name, ...(f.description ? { description: f.description } : {}) })),
    });
    services.push({
      service: shown(r, root),
      name: service.name,
      layout: service.layout,
      environments: (await findEnvironments(r.fs, root)).map((e) => e.name),
      ...(service.environment ? { environment: service.environment.name } : {}),
      hasGlobalPolicy: !!service.globalPolicy,
      ...collections(service),
      workspaces: service.workspaces.map((w) => ({ name: w.name, ...collections(w) })),
      problems: service.problems.map((p) => ({ file: shown(r, p.path), message: p.message })),
    });
  }
  return { root: r.root, services };
}

export type PolicyScopeKind = 'global' | 'workspace' | 'product' | 'api' | 'operation' | 'fragment';

export interface ScopeArgs {
  readonly service?: string;
  readonly scope: PolicyScopeKind;
  readonly workspace?: string;
  readonly product?: string;
  readonly api?: string;
  readonly operation?: string;
  readonly fragment?: string;
  readonly environment?: string;
}

function need(value: string | undefined, what: string, scope: string): string {
  if (!value) throw new ToolError(`The ${scope} scope needs "${what}".`);
  return value;
}

function named<T extends { name: string; displayName?: string }>(items: readonly T[], name: string, what: string): T {
  const found = items.find((x) => x.name === name) ?? items.find((x) => x.displayName === name) ?? items.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new ToolError(`No ${what} '${name}'${items.length ? `: the ${what}s are ${items.map((x) => x.name).join(', ')}` : ''}.`, 'notFound');
  return found;
}

/** The policy file of a scope (undefined when the scope has none), and what holds it. */
function policyOfScope(service: ApiopsService, a: ScopeArgs): { file: PolicyFile | undefined; label: string } {
  const collections: ResourceCollections = a.workspace ? named(service.workspaces, a.workspace, 'workspace') : service;
  switch (a.scope) {
    case 'global':
      return { file: service.globalPolicy, label: 'the global policy' };
    case 'workspace':
      return { file: named(service.workspaces, need(a.workspace, 'workspace', 'workspace'), 'workspace').policy, label: `the policy of workspace ${a.workspace}` };
    case 'product':
      return { file: named(collections.products, need(a.product, 'product', 'product'), 'product').policy, label: `the policy of product ${a.product}` };
    case 'api':
      return { file: named(currentApis(collections.apis), need(a.api, 'api', 'api'), 'API').policy, label: `the policy of API ${a.api}` };
    case 'operation': {
      const api = named(currentApis(collections.apis), need(a.api, 'api', 'operation'), 'API');
      return { file: named(api.operations, need(a.operation, 'operation', 'operation'), `operation of ${api.name}`).policy, label: `the policy of operation ${a.operation}` };
    }
    case 'fragment':
      return { file: named(collections.fragments, need(a.fragment, 'fragment', 'fragment'), 'fragment').policy, label: `fragment ${a.fragment}` };
  }
}

export async function getPolicy(r: McpRoot, a: ScopeArgs): Promise<unknown> {
  const service = await serviceOf(r, a.service, a.environment);
  const { file, label } = policyOfScope(service, a);
  if (!file) return { scope: a.scope, exists: false, message: `${label[0]!.toUpperCase()}${label.slice(1)} does not exist yet: it behaves as <base /> in every section.` };
  return {
    scope: a.scope,
    exists: true,
    file: shown(r, file.path),
    ...(file.embedded ? { inJson: 'properties.value' } : {}),
    ...(file.text !== undefined ? { fromEnvironment: service.environment?.name } : {}),
    text: await policyText(r.fs, file),
  };
}

// ---- effective policy ----

export async function getEffectivePolicy(r: McpRoot, a: { service?: string; api: string; operation?: string; product?: string; environment?: string }): Promise<unknown> {
  const service = await serviceOf(r, a.service, a.environment);
  const config = await gatewayFromApiops(service, r.fs, [], { apis: (api) => api.name === a.api || api.apiId === a.api });
  let result;
  try {
    result = effectivePolicy(config, a.api, a.operation, a.product);
  } catch (e) {
    if (e instanceof EffectivePolicyError) throw new ToolError(e.message, 'notFound');
    throw e;
  }
  const texts = new Map<string, string | undefined>();
  const text = async (file: string): Promise<string | undefined> => {
    if (!texts.has(file)) texts.set(file, await r.fs.readFile(file).catch(() => undefined));
    return texts.get(file);
  };
  const provenance = [];
  for (const l of result.links) {
    const source = l.file ? await text(l.file) : undefined;
    provenance.push({
      line: result.text.slice(0, l.start).split('\n').length,
      scope: l.scope,
      ...(l.fragment ? { fragment: l.fragment } : {}),
      ...(l.file ? { file: shown(r, l.file) } : {}),
      ...(l.file && source !== undefined ? { fileLine: lineColumn(source, l.offset).line + 1 } : {}),
    });
  }
  return { api: a.api, ...(a.operation ? { operation: a.operation } : {}), ...(a.product ? { product: a.product } : {}), text: result.text, provenance };
}

// ---- lint ----

export interface Diagnostics {
  readonly file?: string;
  readonly scope?: string;
  /** Set when the policy is a value inside the JSON file (an apiops-cli fragment). */
  readonly inJson?: string;
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly { code: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

function report(text: string, diagnostics: readonly Diagnostic[]): Pick<Diagnostics, 'errors' | 'warnings' | 'diagnostics'> {
  const out = diagnostics.map((d) => {
    const s = lineColumn(text, d.span.start);
    const e = lineColumn(text, d.span.end);
    return { code: d.code, severity: d.severity, message: d.message, line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1 };
  });
  return { errors: out.filter((d) => d.severity === 'error').length, warnings: out.filter((d) => d.severity === 'warning').length, diagnostics: out };
}

const SCOPES: readonly Scope[] = ['global', 'workspace', 'product', 'api', 'operation', 'resolver', 'fragment'];

export async function lintPolicy(r: McpRoot, a: { file?: string; text?: string; scope?: string; service?: string; environment?: string }): Promise<Diagnostics> {
  await loadCSharpParser();
  if ((a.file === undefined) === (a.text === undefined)) throw new ToolError('Give either "file" (a policy file under the root) or "text" (policy XML, with "scope" to check it as if it were at that scope).');
  if (a.file !== undefined) {
    const file = await pathInRoot(r, a.file);
    if ((await stat(file)).isDirectory()) throw new ToolError(`${a.file} is a folder: give one policy file.`);
    const roots = await serviceRoots(r);
    const root = roots.filter((x) => isInside(x, file)).sort((x, y) => y.length - x.length)[0];
    const service = root ? await serviceOf(r, shown(r, root), a.environment) : undefined;
    if (path.basename(file) === EMBEDDED_POLICY_FILE) {
      // An apiops-cli fragment: its XML is properties.value of this file; lines count from there.
      const fragment = service && [service, ...service.workspaces].flatMap((c) => c.fragments).find((f) => f.policy?.embedded && path.resolve(f.policy.path) === file);
      if (!fragment?.policy) throw new ToolError(`${a.file} is not the information file of a fragment of a service under the root.`);
      const text = await policyText(r.fs, fragment.policy);
      return { file: shown(r, file), scope: 'fragment', inJson: 'properties.value', ...report(text, validatePolicy(parsePolicy(text), { ...serviceContext(service!), scope: 'fragment' })) };
    }
    if (!/\.xml$/i.test(file)) throw new ToolError(`${a.file} is not a policy file: give a policy.xml, another *.xml whose root is <policies> or <fragment>, or an apiops-cli fragment's ${EMBEDDED_POLICY_FILE}.`);
    const result = await lintFile(file, service);
    return { file: shown(r, file), ...report(result.text, result.diagnostics) };
  }
  if (a.scope !== undefined && !SCOPES.includes(a.scope as Scope)) throw new ToolError(`"scope" is one of ${SCOPES.join(', ')}, not '${a.scope}'.`);
  const roots = await serviceRoots(r);
  const service = a.service !== undefined || roots.length === 1 ? await serviceOf(r, a.service, a.environment) : undefined;
  const text = a.text!;
  const diagnostics = validatePolicy(parsePolicy(text), { ...(service ? serviceContext(service) : {}), ...(a.scope ? { scope: a.scope as Scope } : {}) });
  return { ...(a.scope ? { scope: a.scope } : {}), ...report(text, diagnostics) };
}

// ---- reference ----

export function policyReference(a: { policy?: string; type?: string; section?: string; scope?: string }): unknown {
  if (!a.policy && !a.type && !a.section && !a.scope) throw new ToolError('Give "policy" (a policy element name), "type" (a .NET type an expression can use), or "section"/"scope" to list the policies allowed there.');
  if (a.policy) {
    const variants = policyVariants(a.policy);
    if (variants.length === 0) {
      const near = POLICIES.map((p) => p.name).filter((n) => n.includes(a.policy!.toLowerCase()) || a.policy!.toLowerCase().includes(n)).slice(0, 8);
      throw new ToolError(`No policy '${a.policy}'.${near.length ? ` Similar: ${near.join(', ')}.` : ''}`, 'notFound');
    }
    return { policies: variants };
  }
  if (a.type) {
    const def = typeNamed(a.type) ?? findType(a.type);
    if (!def) {
      const near = allTypes().filter((t) => t.name.toLowerCase().includes(a.type!.toLowerCase().replace(/^.*\./, ''))).slice(0, 8).map((t) => t.fullName);
      throw new ToolError(`No type '${a.type}' that an expression can use.${near.length ? ` Similar: ${near.join(', ')}.` : ''}`, 'notFound');
    }
    return { type: typeInfo(def) };
  }
  const section = a.section as Section | undefined;
  return { section: a.section, scope: a.scope, policies: policiesFor(section, a.scope as Scope | undefined).map((p) => ({ name: p.name, ...(p.variant ? { variant: p.variant } : {}), description: p.description, docs: p.docs })) };
}

function typeInfo(def: TypeDef): unknown {
  const member = (m: MemberDef) => {
    const params = 'params' in m ? `(${m.params.map((p) => `${p.type} ${p.name}`).join(', ')})` : '';
    switch (m.kind) {
      case 'method':
        return { kind: 'method', name: m.name, static: !!m.static, signature: `${m.returns} ${m.name}${params}`, doc: m.doc, ...(m.listed ? { simulated: false } : {}) };
      case 'property':
        return { kind: 'property', name: m.name, static: !!m.static, signature: `${m.type} ${m.name}`, doc: m.doc, ...(m.listed ? { simulated: false } : {}) };
      case 'indexer':
        return { kind: 'indexer', name: 'this[]', signature: `${m.type} this[${m.params.map((p) => `${p.type} ${p.name}`).join(', ')}]`, doc: m.doc };
      case 'constructor':
        return { kind: 'constructor', name: def.name, signature: `new ${def.name}${params}`, doc: m.doc, ...(m.listed ? { simulated: false } : {}) };
    }
  };
  return {
    fullName: def.fullName,
    ...(def.alias ? { alias: def.alias } : {}),
    doc: def.doc,
    ...(def.base ? { base: def.base } : {}),
    allowed: def.allowed === 'all' ? 'every member' : def.allowed === 'model' ? 'APIM context model' : def.allowed,
    ...(def.notSimulated ? { notSimulated: def.notSimulated } : {}),
    members: def.members.map(member),
  };
}

// ---- expressions ----

export async function evaluate(a: { expression: string; context?: unknown; now?: string; namedValues?: Record<string, string>; maxSteps?: number }): Promise<EvaluateReport> {
  await loadCSharpParser();
  const [unknown] = unknownContextKeys(a.context ?? {});
  if (unknown) throw new ToolError(`"context": unknown key '${unknown.path}'. Known: ${unknown.known.join(', ')}.`);
  const now = a.now ? new Date(a.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new ToolError(`"now" must be an ISO 8601 date and time such as 2026-02-28T12:00:00Z, not '${a.now}'.`);
  // A value given for a named value is treated as secret, as the CLI's --named-value is in the trace.
  PROCESS_SECRETS.addAll(Object.values(a.namedValues ?? {}));
  return evaluateReport(a.expression, { context: (a.context ?? {}) as ContextSpec, now, namedValues: new Map(Object.entries(a.namedValues ?? {})), ...(a.maxSteps ? { maxSteps: a.maxSteps } : {}) });
}

// ---- simulation ----

export interface SimulateArgs {
  readonly service?: string;
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Canned backend answers, in order per `match` (a URL prefix); without them every call gets 200 OK, no body. */
  readonly responses?: readonly CannedResponse[];
  readonly subscriptions?: readonly { key: string; product?: string }[];
  readonly namedValues?: Record<string, string>;
  readonly environment?: string;
  /** ISO time of the simulated clock (default: now). */
  readonly now?: string;
  readonly traceOffset?: number;
  readonly traceLimit?: number;
  readonly maxBodyChars?: number;
}

const DEFAULT_TRACE_LIMIT = 40;
const DEFAULT_BODY_CHARS = 4000;
const DATA_CHARS = 600;

function cut(text: string, max: number): { text: string; truncated?: number } {
  return text.length <= max ? { text } : { text: text.slice(0, max), truncated: text.length };
}

async function simulationConfig(r: McpRoot, a: { service?: string; environment?: string; url: string; namedValues?: Record<string, string>; subscriptions?: readonly { key: string; product?: string }[] }): Promise<GatewayConfig> {
  const service = await serviceOf(r, a.service, a.environment);
  // Only the APIs the request could reach are read: one request, not the whole estate.
  const config = await gatewayFromApiops(service, r.fs, [], { apis: apisServing(a.url) });
  const namedValues = new Map(config.namedValues);
  for (const [name, value] of Object.entries(a.namedValues ?? {})) namedValues.set(name, { value, secret: true });
  const subscriptions: SubscriptionConfig[] = [...config.subscriptions, ...(a.subscriptions ?? []).map((s) => ({ key: s.key, ...(s.product ? { product: s.product } : {}), state: 'active' }))];
  return { ...config, namedValues, subscriptions };
}

export async function runSimulation(r: McpRoot, a: SimulateArgs, startMs?: number): Promise<{ result: GatewayResult; config: GatewayConfig; gateway: Gateway }> {
  const config = await simulationConfig(r, a);
  const now = a.now ? Date.parse(a.now) : (startMs ?? Date.now());
  if (!Number.isFinite(now)) throw new ToolError(`"now" must be an ISO 8601 date and time, not '${a.now}'.`);
  const gateway = new Gateway(config, { transport: a.responses?.length ? new CannedTransport(a.responses) : MOCK_BACKEND, clock: new SimulatedClock(now) });
  const result = await gateway.handle({ method: a.method.toUpperCase(), url: a.url, headers: Object.entries(a.headers ?? {}), body: a.body ?? null });
  return { result, config, gateway };
}

export async function simulateRequest(r: McpRoot, a: SimulateArgs): Promise<unknown> {
  await loadCSharpParser();
  const { result, gateway } = await runSimulation(r, a);
  const offset = Math.max(0, a.traceOffset ?? 0);
  const limit = Math.max(1, a.traceLimit ?? DEFAULT_TRACE_LIMIT);
  const texts = new Map<string, string | undefined>();
  const fileText = async (file: string): Promise<string | undefined> => {
    if (!texts.has(file)) texts.set(file, await r.fs.readFile(file).catch(() => undefined));
    return texts.get(file);
  };
  const entries = [];
  for (const [i, e] of result.trace.slice(offset, offset + limit).entries()) {
    const file = e.location?.file;
    const source = file ? await fileText(file) : undefined;
    const data = e.data === undefined ? undefined : typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    const d = data === undefined ? undefined : cut(data, DATA_CHARS);
    entries.push({
      index: offset + i,
      section: e.section,
      step: entryLabel(e),
      ...(e.location ? { scope: e.location.scope } : {}),
      ...(file ? { file: shown(r, file) } : {}),
      ...(file && source !== undefined && e.location ? { line: lineColumn(source, e.location.span.start).line + 1 } : {}),
      ...(e.changes?.length ? { changed: e.changes.map((c) => ({ what: c.what, before: c.before, after: c.after })) } : {}),
      ...(e.error ? { error: true } : {}),
      ...(e.notSimulated ? { notSimulated: true } : {}),
      ...(d ? { data: d.text, ...(d.truncated ? { dataLength: d.truncated } : {}) } : {}),
    });
  }
  const body = result.response.body === null ? null : cut(result.response.body, a.maxBodyChars ?? DEFAULT_BODY_CHARS);
  const more = offset + limit < result.trace.length;
  return gateway.secrets.mask({
    response: { status: result.response.status, reason: result.response.reason, headers: result.response.headers.map(([n, v]) => ({ name: n, value: v })), body: body?.text ?? null, ...(body?.truncated ? { bodyLength: body.truncated, bodyTruncated: true } : {}) },
    ...(result.route ? { route: result.route } : {}),
    ...(result.lastError ? { lastError: result.lastError } : {}),
    ...(result.unsimulated.length ? { notSimulated: result.unsimulated } : {}),
    variables: result.variables,
    trace: { total: result.trace.length, offset, entries, ...(more ? { more: `${result.trace.length - offset - limit} more entries: call again with traceOffset ${offset + limit}.` } : {}) },
  });
}

// ---- policy tests ----

export async function runPolicyTests(r: McpRoot, a: { paths?: readonly string[]; environment?: string }): Promise<unknown> {
  await loadCSharpParser();
  const files: string[] = [];
  for (const given of a.paths?.length ? a.paths : ['.']) {
    const p = await pathInRoot(r, given);
    files.push(...((await stat(p)).isDirectory() ? await findScenarioFiles(r.fs, p) : [p]));
  }
  if (files.length === 0) throw new ToolError(`No *.apimtest.yaml files under ${(a.paths ?? ['.']).join(', ')}.`, 'notFound');
  let passed = 0;
  let failed = 0;
  const out = [];
  for (const file of files) {
    const rel = shown(r, file);
    try {
      const result = await runScenarioFile(file, r.fs, a.environment ? { environment: a.environment } : {});
      for (const s of result.steps) s.passed ? passed++ : failed++;
      out.push({ file: rel, name: result.name, passed: result.passed, steps: result.steps.map(stepJson) });
    } catch (e) {
      failed++;
      const problems = e instanceof ScenarioError ? e.problems : [{ line: 1, message: e instanceof Error ? e.message : String(e) }];
      out.push({ file: rel, error: problems.map((p) => `${rel}:${p.line}: ${p.message}`).join('\n'), problems });
    }
  }
  return { passed, failed, files: out };
}

/** The start of the simulated clock of a policy test file without `startTime` (scenario.ts). */
const TEST_START = Date.UTC(2026, 0, 1, 9, 0, 0);

export async function writePolicyTest(r: McpRoot, a: SimulateArgs & { name?: string; testFile?: string }): Promise<unknown> {
  await loadCSharpParser();
  const service = await serviceOf(r, a.service, a.environment);
  const testFile = path.resolve(r.root, a.testFile ?? path.join(path.relative(r.root, service.root) || '.', 'scenarios', 'new.apimtest.yaml'));
  if (!isInside(r.root, testFile)) throw new ToolError(`"testFile" ${a.testFile} is outside the folder this server serves (${r.root}).`, 'outsideRoot');
  const { result, gateway } = await runSimulation(r, a, TEST_START);
  const headers = Object.entries(a.headers ?? {});
  const key = headers.find(([n]) => n.toLowerCase() === 'ocp-apim-subscription-key')?.[1];
  const product = a.subscriptions?.find((s) => s.key === key)?.product;
  let yaml: string;
  try {
    yaml = regressionTestYaml(
      {
        name: a.name ?? `${a.method.toUpperCase()} ${a.url}`,
        testFile,
        folder: service.root,
        request: { method: a.method.toUpperCase(), url: a.url, headers, body: a.body ?? null },
        liveEntries: [],
        responses: a.responses ?? [],
        liveResponse: { status: result.response.status, headers: result.response.headers, body: result.response.body },
        ...(product ? { product } : {}),
        ...(a.now ? { startTime: a.now } : {}),
        origin: 'simulated',
      },
      gateway.secrets,
    );
  } catch (e) {
    throw new ToolError(e instanceof Error ? e.message : String(e), 'failed');
  }
  return { testFile: shown(r, testFile), status: result.response.status, yaml, note: 'Returned as text: write it to testFile (or anywhere under the service, with config: pointing at the service), then run_policy_tests on it.' };
}
