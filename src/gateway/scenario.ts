// Policy tests: `*.apimtest.yaml` files that describe a gateway (inline) and steps (a request,
// canned backend answers, expectations), run against one simulated gateway whose state lasts
// across steps. Problems in the file come back with its line; failures name the expectation
// and show both values.

import { X509Certificate } from 'node:crypto';
import { isAbsolute as isAbsolutePath } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isScalar, LineCounter, parse as parseYaml, parseDocument, visit } from 'yaml';
import { parsePolicy } from '../policy/policyParser';
import type { FileSystem } from '../workspace/fileSystem';
import type { ApiConfig, BackendConfig, GatewayConfig, NamedValue, OperationConfig, PolicySource, ProductConfig, SubscriptionConfig } from './gatewayConfig';
import { ApiSpecification } from './openApi';
import { scenarioSchemaProblems, yamlLineOf } from './scenarioSchema';
import { Gateway, SimulatedClock, type GatewayResult } from './pipeline';
import type { StepHook } from './policyRun';
import { gatewayFromApiops } from './apiopsGateway';
import { loadApiopsService } from '../workspace/apiopsLoader';
import { CannedTransport, type CannedResponse, type OutgoingCall } from './transport';
import { TimeLimitExceeded, withTimeLimit } from '../common/timeLimit';

/** A test file that cannot run: each problem with its line (the first one's in `line`). */
export class ScenarioError extends Error {
  readonly problems: readonly { readonly line: number; readonly message: string }[];

  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
    more: readonly { readonly line: number; readonly message: string }[] = [],
  ) {
    const problems = [{ line, message }, ...more];
    super(problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n'));
    this.problems = problems;
  }
}

export interface ExpectationFailure {
  readonly step: string;
  readonly line: number;
  /** `status`, `headers.x-id`, `body`, `calls[0].url`, ... */
  readonly expectation: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface StepResult {
  readonly name: string;
  /** 1-based line of the step in its file. */
  readonly line: number;
  readonly passed: boolean;
  readonly failures: readonly ExpectationFailure[];
  readonly result: GatewayResult;
  readonly calls: readonly OutgoingCall[];
  /** For a failed step: what the simulator said went wrong, and where (the trace's failing entry). */
  readonly reason?: string;
}

export interface ScenarioResult {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
  readonly steps: readonly StepResult[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface LoadedScenario {
  readonly scenario: Record<string, Json>;
  readonly config: GatewayConfig;
  readonly lineOf: (path: readonly (string | number)[]) => number;
  readonly fail: (path: readonly (string | number)[], message: string) => never;
  readonly dir: string;
}

async function loadScenario(file: string, fs: FileSystem, environment?: string): Promise<LoadedScenario> {
  const text = await fs.readFile(file);
  const lines = new LineCounter();
  // logLevel 'error': the YAML library's warnings (a key that is a mapping) would go to stderr; such a key is an error below.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new ScenarioError(file, e ? lines.linePos(e.pos[0]).line : 1, `Not valid YAML: ${e?.message.split('\n')[0] ?? ''}`);
  }
  let complexKey: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (complexKey === undefined && pair.key !== null && !isScalar(pair.key)) {
        const range = (pair.key as { range?: [number, number, number] }).range;
        complexKey = range ? lines.linePos(range[0]).line : 1;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey !== undefined) throw new ScenarioError(file, complexKey, 'Not valid YAML here: a key must be plain text, not a mapping or a list (a `{` or `[` where a key belongs?).');
  const lineOf = (path: readonly (string | number)[]): number => yamlLineOf(doc, lines, path);
  const fail = (path: readonly (string | number)[], message: string): never => {
    throw new ScenarioError(file, lineOf(path), message);
  };
  let data: Record<string, Json> | null;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, Json> | null;
  } catch (e) {
    const message = e instanceof RangeError ? 'it is nested too deeply' : e instanceof Error ? e.message : String(e);
    throw new ScenarioError(file, 1, `Not valid YAML: ${message}.`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail([], 'A scenario is a mapping with `name`, the gateway (`policies`, `api`, ...) and `steps`.');
  const problems = scenarioSchemaProblems(data, doc, lines);
  const [first, ...more] = problems;
  if (first) throw new ScenarioError(file, first.line, first.message, more);
  const scenario = data as Record<string, Json>;
  const dir = file.replace(/[\\/][^\\/]*$/, '');
  const base = scenario['config'] !== undefined ? await apiopsConfig(scenario, dir, fs, fail, environment) : await inlineConfig(scenario, dir, fs, fail);
  const config = { ...base, ...(await certificatesOf(scenario, dir, fs, fail)), ...(await schemasOf(scenario, dir, fs, fail)), ...authorizationsOf(scenario, fail), ...managedIdentityTokensOf(scenario, fail) };
  return { scenario, config, lineOf, fail, dir };
}

/** `graphqlSchema`: a GraphQL API's schema, SDL inline or the path of a .graphql file. */
async function graphqlSchemaOf(v: Json | undefined, at: (string | number)[], dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never): Promise<Pick<ApiConfig, 'graphqlSchema'>> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'string') return fail(at, '`graphqlSchema` is SDL text or the path of a .graphql file.');
  if (/\b(type|schema)\b[^]*\{/.test(v)) return { graphqlSchema: v };
  return { graphqlSchema: await fs.readFile(`${dir}/${v}`).catch(() => fail(at, `The GraphQL schema '${v}' could not be read.`)) };
}

/** `versionSet: { scheme: Segment | Query | Header, headerName, queryName }`. */
function versionSetOf(v: Json | undefined, at: (string | number)[], fail: (path: (string | number)[], message: string) => never): Pick<ApiConfig, 'versionSet'> {
  if (v === undefined || v === null) return {};
  const x = v as Record<string, Json>;
  const scheme = (['Segment', 'Query', 'Header'] as const).find((k) => k.toLowerCase() === String(x['scheme'] ?? '').toLowerCase());
  if (!scheme) return fail(at, '`versionSet.scheme` is Segment, Query or Header.');
  return { versionSet: { scheme, ...(typeof x['headerName'] === 'string' ? { headerName: x['headerName'] } : {}), ...(typeof x['queryName'] === 'string' ? { queryName: x['queryName'] } : {}) } };
}

/** `api.specification`: an OpenAPI definition written inline (a mapping) or the path of a YAML/JSON file. */
async function specificationOf(v: Json | undefined, at: (string | number)[], dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never): Promise<Pick<ApiConfig, 'specification'>> {
  if (v === undefined || v === null) return {};
  try {
    if (typeof v === 'string') return { specification: ApiSpecification.parse(await fs.readFile(`${dir}/${v}`).catch(() => fail(at, `The API definition '${v}' could not be read.`))) };
    return { specification: new ApiSpecification(v) };
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    return fail(at, `Not an API definition: ${(e as Error).message}`);
  }
}

/** `managedIdentityTokens`: resource → the token authentication-managed-identity gets, or null to fail. */
function managedIdentityTokensOf(s: Record<string, Json>, fail: (path: (string | number)[], message: string) => never): Pick<GatewayConfig, 'managedIdentityTokens'> {
  const v = s['managedIdentityTokens'];
  if (v === undefined) return {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(['managedIdentityTokens'], '`managedIdentityTokens` maps a resource to a token (a string), or to null to make acquiring it fail.');
  const out = new Map<string, string | null>();
  for (const [resource, token] of Object.entries(v)) {
    if (token !== null && typeof token !== 'string') fail(['managedIdentityTokens', resource], 'A token is a string, or null to make acquiring it fail.');
    out.set(resource, token as string | null);
  }
  return { managedIdentityTokens: out };
}

/** `authorizations`: credential manager connections, `provider/authorization` → { accessToken, claims }. */
function authorizationsOf(s: Record<string, Json>, fail: (path: (string | number)[], message: string) => never): Pick<GatewayConfig, 'authorizations'> {
  if (s['authorizations'] === undefined) return {};
  const v = s['authorizations'];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(['authorizations'], '`authorizations` maps `provider-id/authorization-id` to { accessToken, claims }.');
  const out = new Map<string, { accessToken: string; claims?: Record<string, string> }>();
  for (const [id, a] of Object.entries(v)) {
    const x = a as Record<string, Json>;
    if (!id.includes('/')) fail(['authorizations', id], `'${id}' must be written provider-id/authorization-id.`);
    if (!x || typeof x['accessToken'] !== 'string') fail(['authorizations', id], 'A connection needs `accessToken` (a string).');
    out.set(id, { accessToken: x['accessToken'] as string, claims: Object.fromEntries(Object.entries((x['claims'] ?? {}) as Record<string, Json>).map(([k, c]) => [k, String(c)])) });
  }
  return { authorizations: out };
}

/** `schemas`: the service's schemas for validate-content's schema-id, id → JSON Schema (inline or a path). */
async function schemasOf(s: Record<string, Json>, dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never): Promise<Pick<GatewayConfig, 'schemas'>> {
  if (s['schemas'] === undefined) return {};
  if (!s['schemas'] || typeof s['schemas'] !== 'object' || Array.isArray(s['schemas'])) return fail(['schemas'], '`schemas` maps a schema id to a JSON Schema (inline or a path).');
  const schemas = new Map<string, unknown>();
  for (const [id, v] of Object.entries(s['schemas'] as Record<string, Json>)) {
    if (typeof v === 'string') {
      const text = await fs.readFile(`${dir}/${v}`).catch(() => fail(['schemas', id], `The schema file '${v}' could not be read.`));
      try {
        schemas.set(id, parseYaml(text, { logLevel: 'error' }));
      } catch (e) {
        fail(['schemas', id], `Not JSON or YAML: ${(e as Error).message}`);
      }
    } else schemas.set(id, v);
  }
  return { schemas };
}

/** A PEM certificate written inline or as a path relative to the scenario file. */
async function pemOf(v: Json | undefined, at: (string | number)[], dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never): Promise<string> {
  if (typeof v !== 'string' || v.trim() === '') return fail(at, 'A certificate is PEM text or the path of a .pem/.cer file, relative to this file.');
  const text = v.includes('-----BEGIN') ? v : await fs.readFile(`${dir}/${v}`).catch(() => fail(at, `The certificate file '${v}' could not be read.`));
  try {
    new X509Certificate(text);
  } catch (e) {
    return fail(at, `Not a certificate: ${(e as Error).message}`);
  }
  return text;
}

/** `certificates` (id → PEM or path) and `caCertificates` (list), as uploaded to the service. */
async function certificatesOf(s: Record<string, Json>, dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never): Promise<Pick<GatewayConfig, 'certificates' | 'caCertificates'>> {
  const out: { certificates?: Map<string, string>; caCertificates?: string[] } = {};
  if (s['certificates'] !== undefined) {
    if (!s['certificates'] || typeof s['certificates'] !== 'object' || Array.isArray(s['certificates'])) fail(['certificates'], '`certificates` maps a certificate id to PEM text or a path.');
    out.certificates = new Map();
    for (const [id, v] of Object.entries(s['certificates'] as Record<string, Json>)) out.certificates.set(id, await pemOf(v, ['certificates', id], dir, fs, fail));
  }
  if (s['caCertificates'] !== undefined) {
    if (!Array.isArray(s['caCertificates'])) fail(['caCertificates'], '`caCertificates` is a list of PEM texts or paths.');
    out.caCertificates = [];
    for (const [i, v] of (s['caCertificates'] as Json[]).entries()) out.caCertificates.push(await pemOf(v, ['caCertificates', i], dir, fs, fail));
  }
  return out;
}

/** The name and line of each step, read without running anything (for the Test Explorer). */
export function listScenarioSteps(text: string): { name: string; line: number }[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  const steps = doc.get('steps', true) as { items?: { range?: [number, number, number]; get?: (k: string) => unknown }[] } | undefined;
  return (steps?.items ?? []).map((item, i) => {
    const name = typeof item.get === 'function' ? item.get('name') : undefined;
    return { name: typeof name === 'string' ? name : `step ${i + 1}`, line: item.range ? lines.linePos(item.range[0]).line : 1 };
  });
}

/** The gateway a scenario file describes, without running its steps (for `simulate`). */
export async function scenarioGateway(file: string, fs: FileSystem): Promise<GatewayConfig> {
  return (await loadScenario(file, fs)).config;
}

export interface RunScenarioOptions {
  /** Stop after this step (0-based): the steps before it still run, for the state they leave. */
  readonly lastStep?: number;
  /** Around every policy of the steps `hookSteps` picks (all by default): the debugger. */
  readonly hook?: StepHook;
  readonly hookSteps?: (index: number) => boolean;
  /** Called as each step begins (the debugger names the request it stops in). */
  readonly onStep?: (index: number, name: string) => void;
  /** Apply this environment's overrides to the test file's APIOps folder (`config:`). */
  readonly environment?: string;
}

/** Reads, checks and runs one scenario file. */
export async function runScenarioFile(file: string, fs: FileSystem, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const { scenario, config, lineOf, fail, dir } = await loadScenario(file, fs, options.environment);
  const steps = scenario['steps'];
  if (!Array.isArray(steps) || steps.length === 0) fail(['steps'], '`steps` must list at least one step.');

  // The simulated clock starts at `startTime` (ISO 8601), or 2026-01-01T09:00:00Z.
  let start = Date.UTC(2026, 0, 1, 9, 0, 0);
  if (scenario['startTime'] !== undefined) {
    const t = scenario['startTime'] instanceof Date ? scenario['startTime'].getTime() : Date.parse(String(scenario['startTime']));
    if (!Number.isFinite(t)) fail(['startTime'], '`startTime` is an ISO 8601 date and time, like 2026-12-01T00:00:00Z.');
    start = t;
  }
  const clock = new SimulatedClock(start);
  const results: StepResult[] = [];
  // Each step brings its own canned answers; the gateway (and its state) stays the same.
  let current = new CannedTransport([]);
  // Test runs read expectations, not traces: the before/after of each step is not recorded.
  let stepIndex = 0;
  const inStep = (): boolean => options.hookSteps?.(stepIndex) ?? true;
  const h = options.hook;
  // The hook listens to the chosen steps only; the others run as `apim-workbench test` runs them.
  const hook: StepHook | undefined = h
    ? {
        before: (x) => (inStep() ? h.before?.(x) : undefined),
        after: (x) => (inStep() ? h.after?.(x) : undefined),
        ...(h.statement ? { statement: (x) => (inStep() ? h.statement?.(x) : undefined) } : {}),
      }
    : undefined;
  const gateway = new Gateway(config, { transport: { send: (call, timeout) => current.send(call, timeout) }, clock, random: seeded(1), recordChanges: false, ...(hook ? { hook } : {}) });
  const count = Math.min((steps as Json[]).length, options.lastStep === undefined ? Infinity : options.lastStep + 1);
  for (let i = 0; i < count; i++) {
    const step = (steps as Json[])[i] as Record<string, Json>;
    const path = ['steps', i];
    if (!step || typeof step !== 'object' || Array.isArray(step)) fail(path, 'A step is a mapping with `request` and `expect`.');
    const name = typeof step['name'] === 'string' ? step['name'] : `step ${i + 1}`;
    stepIndex = i;
    options.onStep?.(i, name);
    if (typeof step['advanceSeconds'] === 'number') clock.advance(step['advanceSeconds'] * 1000);
    const request = step['request'] as Record<string, Json> | undefined;
    if (!request || typeof request !== 'object') fail([...path, 'request'], `Step '${name}' has no \`request\`.`);
    const req = request as Record<string, Json>;
    current = new CannedTransport(cannedResponses(step['responses'], [...path, 'responses'], fail));
    const headers = Object.entries((req['headers'] ?? {}) as Record<string, Json>).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)] as const) : [[k, String(v)] as const]));
    const body = req['body'] === undefined || req['body'] === null ? null : typeof req['body'] === 'string' ? req['body'] : JSON.stringify(req['body']);
    const certificate = req['certificate'] === undefined ? undefined : await pemOf(req['certificate'], [...path, 'request', 'certificate'], dir, fs, fail);
    const url = typeof req['url'] === 'string' ? req['url'] : fail([...path, 'request'], 'The request needs a `url`.');
    try {
      new URL(url, 'https://gateway.example');
    } catch {
      fail([...path, 'request', 'url'], `'${url}' is not a URL or a path the gateway could be sent.`);
    }
    const result = await gateway.handle({ method: typeof req['method'] === 'string' ? req['method'] : 'GET', url, headers, body, ip: typeof req['ip'] === 'string' ? req['ip'] : '127.0.0.1', ...(certificate ? { certificate } : {}) });
    const failures = checkExpectations(name, step['expect'], result, current.calls, (p) => lineOf([...path, 'expect', ...p]), (p, message) => fail([...path, 'expect', ...p], message));
    for (const u of result.unsimulated) failures.push({ step: name, line: lineOf(path), expectation: 'simulation', expected: 'every policy simulated', actual: `<${u}> is not simulated yet` });
    const reason = failures.length ? failureReason(result, config) : undefined;
    // Expected and actual values can hold a secret (a header the backend got, a variable): masked here, at the source.
    results.push({ name, line: lineOf(path), passed: failures.length === 0, failures: gateway.secrets.mask(failures), result, calls: current.calls, ...(reason ? { reason: gateway.secrets.maskText(reason) } : {}) });
  }
  return { file, name: typeof scenario['name'] === 'string' ? scenario['name'] : file, passed: results.every((r) => r.passed), steps: results };
}

/** `config: <APIOps folder>`, with the scenario's own namedValues, backends and subscriptions on top. */
async function apiopsConfig(s: Record<string, Json>, dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never, environment?: string): Promise<GatewayConfig> {
  if (typeof s['config'] !== 'string') return fail(['config'], '`config` is the path of an APIOps folder, relative to this file.');
  const root = isAbsolutePath(s['config']) ? s['config'] : `${dir}/${s['config']}`;
  if (!(await fs.stat(root))?.isDirectory) return fail(['config'], `The APIOps folder '${s['config']}' was not found.`);
  let service;
  try {
    service = await loadApiopsService(fs, root, environment === undefined ? {} : { environment });
  } catch (e) {
    return fail(['config'], e instanceof Error ? e.message : String(e));
  }
  const base = await gatewayFromApiops(service, fs, subscriptionsOf(s));
  const namedValues = new Map(base.namedValues);
  for (const [k, v] of namedValuesOf(s)) namedValues.set(k, v);
  const backends = new Map(base.backends);
  for (const [k, v] of Object.entries((s['backends'] ?? {}) as Record<string, Json>)) backends.set(k, v as unknown as BackendConfig);
  return { ...base, namedValues, backends };
}

function subscriptionsOf(s: Record<string, Json>): SubscriptionConfig[] {
  return ((s['subscriptions'] ?? []) as Json[]).map((x) => {
    const sub = x as Record<string, Json>;
    return { key: String(sub['key']), ...(sub['product'] ? { product: String(sub['product']) } : {}), state: String(sub['state'] ?? 'active') };
  });
}

function namedValuesOf(s: Record<string, Json>): Map<string, NamedValue> {
  return new Map<string, NamedValue>(
    Object.entries((s['namedValues'] ?? {}) as Record<string, Json>).map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? { value: String(v['value'] ?? ''), secret: v['secret'] === true } : { value: String(v), secret: false }]),
  );
}

async function inlineConfig(s: Record<string, Json>, dir: string, fs: FileSystem, fail: (path: (string | number)[], message: string) => never): Promise<GatewayConfig> {
  const policies = (s['policies'] ?? {}) as Record<string, Json>;
  const source = async (v: Json | undefined, at: (string | number)[]): Promise<PolicySource | undefined> => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return fail(at, `${at.join('.')} must be inline XML or a path to a policy file.`);
    if (v.trim().startsWith('<')) return { document: parsePolicy(v) };
    const path = `${dir}/${v}`;
    const text = await fs.readFile(path).catch(() => fail(at, `The policy file '${v}' could not be read.`));
    return { document: parsePolicy(text), file: path };
  };
  const policy = (scope: string): Promise<PolicySource | undefined> => source(policies[scope], ['policies', scope]);
  const opPolicy = await policy('operation');
  const apiPolicy = await policy('api');
  /** One API: `api` with the top-level `operations`, or an entry of `apis` with its own `operations` and `policy`. */
  const buildApi = async (api: Record<string, Json>, operationsJson: Json | undefined, at: (string | number)[], ownPolicy: PolicySource | undefined): Promise<ApiConfig> => {
    // An operation may carry its own `policy` (inline XML or a path); otherwise policies.operation applies.
    const operations: OperationConfig[] = Array.isArray(operationsJson)
      ? await Promise.all(
          operationsJson.map(async (o, i) => {
            const op = o as Record<string, Json>;
            const opAt = at.length ? [...at, 'operations', i] : ['operations', i];
            if (typeof op['urlTemplate'] !== 'string') return fail(opAt, 'An operation needs `urlTemplate`.');
            const own = await source(op['policy'], [...opAt, 'policy']);
            return { id: String(op['name'] ?? `operation-${i + 1}`), name: String(op['name'] ?? `operation-${i + 1}`), method: String(op['method'] ?? 'GET').toUpperCase(), urlTemplate: op['urlTemplate'], ...(own ? { policy: own } : {}) };
          }),
        )
      : [{ id: 'default', name: 'default', method: '*', urlTemplate: '/*' }];
    if (typeof api['serviceUrl'] === 'string' && !/^https?:\/\/[^\s/]+/i.test(api['serviceUrl'])) fail([...(at.length ? at : ['api']), 'serviceUrl'], `'${api['serviceUrl']}' is not an absolute http or https URL.`);
    try {
      if (typeof api['serviceUrl'] === 'string') new URL(api['serviceUrl']);
    } catch {
      fail([...(at.length ? at : ['api']), 'serviceUrl'], `'${api['serviceUrl']}' is not an absolute http or https URL.`);
    }
    return {
      id: String(api['name'] ?? 'api'),
      name: String(api['displayName'] ?? api['name'] ?? 'api'),
      path: String(api['path'] ?? ''),
      ...(typeof api['serviceUrl'] === 'string' ? { serviceUrl: api['serviceUrl'] } : {}),
      subscriptionRequired: api['subscriptionRequired'] === true,
      ...(api['version'] !== undefined && api['version'] !== null ? { version: String(api['version']) } : {}),
      ...versionSetOf(api['versionSet'], [...(at.length ? at : ['api']), 'versionSet'], fail),
      ...(await specificationOf(api['specification'], [...(at.length ? at : ['api']), 'specification'], dir, fs, fail)),
      ...(await graphqlSchemaOf(api['graphqlSchema'], [...(at.length ? at : ['api']), 'graphqlSchema'], dir, fs, fail)),
      operations: opPolicy ? operations.map((o) => (o.policy ? o : { ...o, policy: opPolicy })) : operations,
      ...(ownPolicy ? { policy: ownPolicy } : {}),
    };
  };
  const apis: ApiConfig[] = [];
  if (Array.isArray(s['apis'])) {
    if (s['api'] !== undefined) fail(['apis'], 'Use either `api` (one API) or `apis` (a list), not both.');
    for (const [i, a] of s['apis'].entries()) {
      if (!a || typeof a !== 'object' || Array.isArray(a)) fail(['apis', i], 'An entry of `apis` is a mapping like `api`, with its own `operations` and `policy`.');
      const entry = a as Record<string, Json>;
      apis.push(await buildApi(entry, entry['operations'], ['apis', i], (await source(entry['policy'], ['apis', i, 'policy'])) ?? apiPolicy));
    }
  } else apis.push(await buildApi((s['api'] ?? {}) as Record<string, Json>, s['operations'], [], apiPolicy));
  const productPolicy = await policy('product');
  const subscriptions = subscriptionsOf(s);
  const productIds = new Set(subscriptions.map((x) => x.product).filter((x): x is string => !!x));
  const products: ProductConfig[] = [...productIds].map((id) => ({ id, name: id, ...(productPolicy ? { policy: productPolicy } : {}) }));
  const namedValues = namedValuesOf(s);
  const fragments = new Map<string, PolicySource>();
  for (const [id, v] of Object.entries((s['fragments'] ?? {}) as Record<string, Json>)) {
    if (typeof v !== 'string') fail(['fragments', id], `Fragment '${id}' must be inline XML or a path.`);
    const textOrPath = v as string;
    if (textOrPath.trim().startsWith('<')) fragments.set(id, { document: parsePolicy(textOrPath) });
    else {
      const path = `${dir}/${textOrPath}`;
      fragments.set(id, { document: parsePolicy(await fs.readFile(path).catch(() => fail(['fragments', id], `The fragment file '${textOrPath}' could not be read.`))), file: path });
    }
  }
  const backends = new Map<string, BackendConfig>(Object.entries((s['backends'] ?? {}) as Record<string, Json>).map(([id, v]) => [id, v as unknown as BackendConfig]));
  const global = await policy('global');
  const workspace = await policy('workspace');
  return {
    serviceName: 'contoso',
    ...(global ? { global } : {}),
    ...(workspace ? { workspace } : {}),
    apis,
    products,
    subscriptions,
    namedValues,
    fragments,
    backends,
  };
}

function cannedResponses(v: Json | undefined, path: (string | number)[], fail: (path: (string | number)[], message: string) => never): CannedResponse[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail(path, '`responses` must be a list.');
  return v.map((r, i) => {
    const x = r as Record<string, Json>;
    if (x['fault'] !== undefined && x['fault'] !== 'timeout' && x['fault'] !== 'connection') fail([...path, i, 'fault'], '`fault` is `timeout` or `connection`.');
    return {
      ...(typeof x['match'] === 'string' ? { match: x['match'] } : {}),
      ...(typeof x['status'] === 'number' ? { status: x['status'] } : {}),
      ...(x['headers'] ? { headers: Object.fromEntries(Object.entries(x['headers'] as Record<string, Json>).map(([k, val]) => [k, String(val)])) } : {}),
      ...(x['body'] !== undefined ? { body: typeof x['body'] === 'string' ? x['body'] : JSON.stringify(x['body']) } : {}),
      ...(typeof x['delayMs'] === 'number' ? { delayMs: x['delayMs'] } : {}),
      ...(x['fault'] ? { fault: x['fault'] as 'timeout' | 'connection' } : {}),
    };
  });
}

/** How long a regular expression of an expectation may run on one value. */
export const EXPECTATION_REGEX_MS = 2000;

/** Whether `pattern` matches `text`, under the time limit; a bad pattern or a runaway one is the file's problem, with its line. */
type RegexTest = (pattern: string, text: string) => boolean;

function regexTester(bad: (message: string) => never): RegexTest {
  const cache = new Map<string, RegExp>();
  return (pattern, text) => {
    let re = cache.get(pattern);
    if (!re) {
      try {
        re = new RegExp(pattern);
      } catch (e) {
        return bad(`\`matches\` is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}.`);
      }
      cache.set(pattern, re);
    }
    const compiled = re;
    try {
      return withTimeLimit(() => compiled.test(text), EXPECTATION_REGEX_MS);
    } catch (e) {
      if (e instanceof TimeLimitExceeded) return bad(`\`matches: ${pattern}\` ran longer than ${EXPECTATION_REGEX_MS} ms on the value and was stopped (catastrophic backtracking?): simplify the pattern.`);
      throw e;
    }
  };
}

/** `expected` as written: a string, `{ matches: regex }`, or for bodies `{ json }` / `{ contains }`. */
function matchesTextAt(expected: Json, actual: string | null, test: RegexTest): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === 'object' && !Array.isArray(expected)) {
    if (typeof expected['matches'] === 'string') return actual !== null && test(expected['matches'], actual);
    if (typeof expected['contains'] === 'string') return actual !== null && actual.includes(expected['contains']);
    if ('json' in expected) {
      try {
        return actual !== null && isDeepStrictEqual(JSON.parse(actual), expected['json']);
      } catch {
        return false;
      }
    }
  }
  return actual === String(expected);
}

/** A variable's value: deep equality, where `{ matches: regex }` may stand for any string inside. */
function matchesValueAt(want: Json, got: unknown, test: RegexTest): boolean {
  if (want !== null && typeof want === 'object' && !Array.isArray(want) && typeof want['matches'] === 'string' && Object.keys(want).length === 1) return got !== undefined && got !== null && test(want['matches'], typeof got === 'string' ? got : JSON.stringify(got));
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => matchesValueAt(w, got[i], test));
  if (want !== null && typeof want === 'object') {
    if (!got || typeof got !== 'object' || Array.isArray(got)) return false;
    const g = got as Record<string, unknown>;
    return Object.keys(g).length === Object.keys(want).length && Object.entries(want).every(([k, w]) => k in g && matchesValueAt(w, g[k], test));
  }
  return isDeepStrictEqual(want, got) || (got !== undefined && got !== null && typeof got !== 'object' && String(got) === String(want));
}

function checkExpectations(step: string, expect: Json | undefined, r: GatewayResult, calls: readonly OutgoingCall[], lineOf: (path: (string | number)[]) => number, fail: (path: (string | number)[], message: string) => never): ExpectationFailure[] {
  const out: ExpectationFailure[] = [];
  if (!expect || typeof expect !== 'object' || Array.isArray(expect)) return out;
  // The path of the expectation being checked, for a bad pattern's line.
  let at: (string | number)[] = [];
  const test = regexTester((message) => fail(at, message));
  const matchesText = (want: Json, got: string | null, path: (string | number)[]): boolean => {
    at = path;
    return matchesTextAt(want, got, test);
  };
  const matchesValue = (want: Json, got: unknown, path: (string | number)[]): boolean => {
    at = path;
    return matchesValueAt(want, got, test);
  };
  const differ = (path: (string | number)[], expected: unknown, actual: unknown): void => {
    out.push({ step, line: lineOf(path), expectation: path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '['), expected, actual });
  };
  const header = (list: readonly (readonly [string, string])[], name: string): string | null => {
    const values = list.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
    return values.length ? values.join(',') : null;
  };
  if (expect['status'] !== undefined && expect['status'] !== r.response.status) differ(['status'], expect['status'], r.response.status);
  for (const [name, want] of Object.entries((expect['headers'] ?? {}) as Record<string, Json>)) {
    const got = header(r.response.headers, name);
    if (!matchesText(want, got, ['headers', name])) differ(['headers', name], want, got);
  }
  if (expect['body'] !== undefined && !matchesText(expect['body'], r.response.body, ['body'])) differ(['body'], expect['body'], r.response.body);
  if (expect['callCount'] !== undefined && expect['callCount'] !== calls.length) differ(['callCount'], expect['callCount'], calls.length);
  if (Array.isArray(expect['calls'])) {
    expect['calls'].forEach((wantJson, i) => {
      const want = wantJson as Record<string, Json>;
      const call = calls[i];
      if (!call) {
        differ(['calls', i], want, 'no such call');
        return;
      }
      if (want['method'] !== undefined && !matchesText(want['method'], call.method, ['calls', i, 'method'])) differ(['calls', i, 'method'], want['method'], call.method);
      if (want['url'] !== undefined && !matchesText(want['url'], call.url, ['calls', i, 'url'])) differ(['calls', i, 'url'], want['url'], call.url);
      if (want['body'] !== undefined && !matchesText(want['body'], call.body, ['calls', i, 'body'])) differ(['calls', i, 'body'], want['body'], call.body);
      if (want['clientCertificate'] !== undefined && !matchesText(want['clientCertificate'], call.clientCertificate ?? null, ['calls', i, 'clientCertificate'])) differ(['calls', i, 'clientCertificate'], want['clientCertificate'], call.clientCertificate ?? null);
      if (want['proxy'] !== undefined && !matchesText(want['proxy'], call.proxy?.url ?? null, ['calls', i, 'proxy'])) differ(['calls', i, 'proxy'], want['proxy'], call.proxy?.url ?? null);
      for (const [name, v] of Object.entries((want['headers'] ?? {}) as Record<string, Json>)) {
        const got = header(call.headers, name);
        if (!matchesText(v, got, ['calls', i, 'headers', name])) differ(['calls', i, 'headers', name], v, got);
      }
    });
  }
  // `trace`: entries that must appear (any order): `source`, and `message` (the entry's message,
  // or its data as JSON) as text, { contains } or { matches }.
  if (Array.isArray(expect['trace'])) {
    expect['trace'].forEach((wantJson, i) => {
      const want = wantJson as Record<string, Json>;
      const found = r.trace.some((e) => {
        if (want['source'] !== undefined && !matchesText(want['source'], e.source, ['trace', i, 'source'])) return false;
        if (want['message'] === undefined) return true;
        const data = e.data as { message?: unknown } | string | null;
        const message = typeof data === 'string' ? data : data && typeof data.message === 'string' ? data.message : JSON.stringify(data);
        return matchesText(want['message'], message, ['trace', i, 'message']);
      });
      if (!found) differ(['trace', i], want, r.trace.map((e) => e.source).join(', '));
    });
  }
  if (Array.isArray(expect['sent'])) {
    // Every recorded message is listed, in order: `sent: []` means nothing was sent.
    if (expect['sent'].length !== r.outbox.length) differ(['sent'], `${expect['sent'].length} message(s)`, r.outbox.map((m) => `${m.policy} → ${m.target}`));
    expect['sent'].forEach((wantJson, i) => {
      const want = wantJson as Record<string, Json>;
      const got = r.outbox[i];
      if (!got) {
        differ(['sent', i], want, 'nothing sent');
        return;
      }
      if (want['policy'] !== undefined && !matchesText(want['policy'], got.policy, ['sent', i, 'policy'])) differ(['sent', i, 'policy'], want['policy'], got.policy);
      if (want['target'] !== undefined && !matchesText(want['target'], got.target, ['sent', i, 'target'])) differ(['sent', i, 'target'], want['target'], got.target);
      if (want['payload'] !== undefined) {
        const same = typeof got.payload === 'string' ? matchesText(want['payload'], got.payload, ['sent', i, 'payload']) : isDeepStrictEqual(want['payload'], got.payload);
        if (!same) differ(['sent', i, 'payload'], want['payload'], got.payload);
      }
    });
  }
  for (const [name, want] of Object.entries((expect['variables'] ?? {}) as Record<string, Json>)) {
    const got = r.variables[name];
    const same = matchesValue(want, got, ['variables', name]);
    if (!same) differ(['variables', name], want, got ?? null);
  }
  return out;
}

/** One failed expectation, in the words every output uses: `status: expected 201, got 200`. */
export function expectationText(f: ExpectationFailure): string {
  return `${f.expectation}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`;
}

/** What a failed step prints under its name: each expectation with its line, then why it failed. */
export function stepFailureLines(step: StepResult, where = ''): string[] {
  return [...step.failures.map((f) => `${where ? `${where}:${f.line}: ` : `line ${f.line}: `}${expectationText(f)}`), ...(step.reason ? [`why: ${step.reason}`] : [])];
}

/**
 * Why a request went wrong, as the simulator saw it: the error that sent it to on-error (the
 * policy, the reason, the message) and the policy element of the trace's failing entry. Undefined
 * when nothing failed (an expectation about a normal answer differed).
 */
export function failureReason(r: GatewayResult, config: GatewayConfig): string | undefined {
  const failing = r.trace.find((e) => e.error && e.location);
  if (!r.lastError && !failing) return undefined;
  const what = r.lastError ? `${r.lastError.source} failed (${r.lastError.reason}): ${r.lastError.message}` : `${failing?.source} failed: ${traceMessage(failing?.data)}`;
  const at = failing?.location ? placeOf(failing.location, config) : undefined;
  return at ? `${what} (at ${at})` : what;
}

function traceMessage(data: unknown): string {
  if (typeof data === 'string') return data;
  const d = data as { message?: unknown; messages?: unknown } | null;
  if (d && typeof d.message === 'string') return d.message;
  if (d && Array.isArray(d.messages)) return d.messages.map(String).join(' ');
  return JSON.stringify(data);
}

/** `policy.xml:12`, or `the inline api policy, line 3` for a policy written in the test file. */
function placeOf(location: NonNullable<GatewayResult['trace'][number]['location']>, config: GatewayConfig): string {
  const text = policyTextOf(config, location.file, location.scope);
  const line = text === undefined ? undefined : text.slice(0, location.span.start).split('\n').length;
  if (location.file) return line === undefined ? location.file : `${location.file}:${line}`;
  return `the inline ${location.scope} policy${line === undefined ? '' : `, line ${line}`}`;
}

function policyTextOf(config: GatewayConfig, file: string | undefined, scope: string): string | undefined {
  const sources: (PolicySource | undefined)[] = [config.global, config.workspace, ...config.products.map((p) => p.policy), ...config.apis.flatMap((a) => [a.policy, ...a.operations.map((o) => o.policy)]), ...config.fragments.values()];
  const found = file ? sources.find((x) => x?.file === file) : sources.find((x) => x && !x.file && (scope === 'fragment' ? [...config.fragments.values()].includes(x) : true) && sourceScope(config, x) === scope);
  return found?.document.text;
}

function sourceScope(config: GatewayConfig, x: PolicySource): string {
  if (x === config.global) return 'global';
  if (x === config.workspace) return 'workspace';
  if (config.products.some((p) => p.policy === x)) return 'product';
  if (config.apis.some((a) => a.policy === x)) return 'api';
  if (config.apis.some((a) => a.operations.some((o) => o.policy === x))) return 'operation';
  return 'fragment';
}

/** A small deterministic random source, so GUIDs and random numbers repeat between runs. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

