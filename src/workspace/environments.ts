// Environments: `configuration.<env>.yaml` override files (apiops-layout.md, apiops-cli-layout.md
// §3; both layouts use the same sections and `{ name, properties }` lists). Picking an environment
// applies its overrides to the loaded model: named values (values, secrets, Key Vault
// references), backends (any ARM property, deep-merged), API service URLs and other properties,
// and policies (service, product, API, operation and fragment policies replaced by a `value`).
// Names match case-insensitively; arrays and scalars replace, objects merge (as both publishers do).

import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ApiModel, ApiopsService, BackendModel, FragmentModel, NamedValueModel, PolicyFile, ProductModel, ResourceCollections } from './apiopsModel';
import type { FileSystem } from './fileSystem';
import { backendProperties, withBackendProperties } from './apiopsLoader';

export interface EnvironmentFile {
  readonly name: string;
  readonly file: string;
}

type Json = Record<string, unknown>;

interface Entry {
  readonly name: string;
  readonly properties: Json;
  readonly children: Readonly<Record<string, readonly Entry[]>>;
}

export interface EnvironmentOverrides {
  readonly name: string;
  readonly file: string;
  /** By section (`namedValues`, `backends`, `apis`, `policies`, `products`, `policyFragments`, …), lower-cased name → entry. */
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, Entry>>;
  readonly problems: readonly string[];
}

const FILE = /^configuration\.([^.]+)\.ya?ml$/i;

/** The environment files of a service folder: beside it (where APIOps repositories keep them) or in it. */
export async function findEnvironments(fs: FileSystem, root: string): Promise<EnvironmentFile[]> {
  const out = new Map<string, EnvironmentFile>();
  for (const dir of [root, path.dirname(root)]) {
    let entries;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = FILE.exec(e.name);
      if (m && !e.isDirectory && !out.has((m[1] as string).toLowerCase())) out.set((m[1] as string).toLowerCase(), { name: m[1] as string, file: path.join(dir, e.name) });
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge recursively; arrays and scalars replace. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  return out;
}

function entries(list: unknown, where: string, problems: string[]): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) {
    problems.push(`${where} must be a list of { name, properties } entries.`);
    return out;
  }
  for (const [i, raw] of list.entries()) {
    if (!isObject(raw) || typeof raw['name'] !== 'string') {
      problems.push(`${where}[${i}] needs a name.`);
      continue;
    }
    const { name, properties, ...rest } = raw;
    const children: Record<string, Entry[]> = {};
    const own: Json = isObject(properties) ? { ...properties } : {};
    for (const [k, v] of Object.entries(rest)) {
      if (Array.isArray(v)) children[k] = [...entries(v, `${where}[${i}].${k}`, problems).values()];
      // Without `properties`, the other fields are the properties (apiops-cli).
      else if (!isObject(properties)) own[k] = v;
    }
    // APIM decides a revision's number and currency, not an environment (both publishers strip them).
    delete own['apiRevision'];
    delete own['isCurrent'];
    out.set(name.toLowerCase(), { name, properties: own, children });
  }
  return out;
}

export async function loadEnvironment(fs: FileSystem, env: EnvironmentFile): Promise<EnvironmentOverrides> {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(await fs.readFile(env.file));
  } catch (e) {
    problems.push(`${env.file} is not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const sections = new Map<string, Map<string, Entry>>();
  if (doc !== undefined && doc !== null && !isObject(doc)) problems.push(`${env.file}: the top level must be a mapping of sections (namedValues, backends, apis, …).`);
  if (isObject(doc)) for (const [k, v] of Object.entries(doc)) if (k !== '$schema' && k !== 'apimServiceName') sections.set(k, entries(v, k, problems));
  return { name: env.name, file: env.file, sections, problems };
}

/** The `value` a `policies` list gives its `policy` entry, if any. */
function policyValue(list: readonly Entry[] | undefined): string | undefined {
  const p = list?.find((e) => e.name.toLowerCase() === 'policy');
  return typeof p?.properties['value'] === 'string' ? p.properties['value'] : undefined;
}

function overridePolicy(file: PolicyFile | undefined, value: string | undefined, envFile: string, scope: PolicyFile['scope']): PolicyFile | undefined {
  if (value === undefined) return file;
  return { path: file?.path ?? envFile, scope, text: value };
}

/**
 * A secret's value an environment gives is kept out of the model (which tree --json prints and
 * the explorer shows), here, for the simulator only.
 */
const secretValues = new WeakMap<NamedValueModel, string>();

export function environmentSecretValue(nv: NamedValueModel): string | undefined {
  return secretValues.get(nv);
}

/** The model as the environment has it. */
export function applyEnvironment(service: ApiopsService, env: EnvironmentOverrides): ApiopsService {
  const section = (name: string): ReadonlyMap<string, Entry> => env.sections.get(name) ?? new Map();
  const namedValues = section('namedValues');
  const backends = section('backends');
  const apis = section('apis');
  const products = section('products');
  const fragments = section('policyFragments');
  const apply = (c: ResourceCollections): ResourceCollections => ({
    ...c,
    namedValues: c.namedValues.map((n): NamedValueModel => {
      const o = namedValues.get(n.name.toLowerCase())?.properties;
      if (!o) return n;
      const keyVault = isObject(o['keyVault']) && typeof o['keyVault']['secretIdentifier'] === 'string' ? o['keyVault']['secretIdentifier'] : undefined;
      const secret = typeof o['secret'] === 'boolean' ? o['secret'] : n.secret;
      const value = keyVault ? undefined : typeof o['value'] === 'string' ? o['value'] : n.value;
      const out: NamedValueModel = { ...n, ...(typeof o['displayName'] === 'string' ? { displayName: o['displayName'] } : {}), secret, value: secret ? undefined : value, ...(keyVault ? { keyVaultSecretIdentifier: keyVault } : {}), environmentValue: value !== undefined || keyVault !== undefined };
      if (secret && value !== undefined) secretValues.set(out, value);
      return out;
    }),
    backends: c.backends.map((b): BackendModel => {
      const o = backends.get(b.name.toLowerCase())?.properties;
      if (!o) return b;
      const raw = deepMerge(backendProperties(b) ?? {}, o);
      return withBackendProperties(raw, { ...b, ...(typeof raw['url'] === 'string' ? { url: raw['url'] } : {}) });
    }),
    apis: c.apis.map((a): ApiModel => {
      const e = apis.get(a.name.toLowerCase());
      if (!e) return a;
      const o = e.properties;
      const ops = new Map((e.children['operations'] ?? []).map((x) => [x.name.toLowerCase(), x]));
      return {
        ...a,
        ...(typeof o['serviceUrl'] === 'string' ? { serviceUrl: o['serviceUrl'] } : {}),
        ...(typeof o['displayName'] === 'string' ? { displayName: o['displayName'] } : {}),
        ...(typeof o['path'] === 'string' ? { path: o['path'] } : {}),
        ...(typeof o['subscriptionRequired'] === 'boolean' ? { subscriptionRequired: o['subscriptionRequired'] } : {}),
        policy: overridePolicy(a.policy, policyValue(e.children['policies']), env.file, 'api'),
        operations: a.operations.map((op) => {
          const oe = ops.get(op.name.toLowerCase());
          return oe ? { ...op, policy: overridePolicy(op.policy, policyValue(oe.children['policies']), env.file, 'operation') } : op;
        }),
      };
    }),
    products: c.products.map((p): ProductModel => {
      const e = products.get(p.name.toLowerCase());
      return e ? { ...p, ...(typeof e.properties['displayName'] === 'string' ? { displayName: e.properties['displayName'] } : {}), policy: overridePolicy(p.policy, policyValue(e.children['policies']), env.file, 'product') } : p;
    }),
    fragments: c.fragments.map((f): FragmentModel => {
      const o = fragments.get(f.name.toLowerCase())?.properties;
      return o && typeof o['value'] === 'string' ? { ...f, policy: overridePolicy(f.policy, o['value'], env.file, 'fragment') } : f;
    }),
  });
  const servicePolicy = policyValue([...section('policies').values()]);
  return {
    ...service,
    ...apply(service),
    globalPolicy: overridePolicy(service.globalPolicy, servicePolicy, env.file, 'global'),
    workspaces: service.workspaces.map((w) => ({ ...w, ...apply(w) })),
    environment: { name: env.name, file: env.file },
    problems: [...service.problems, ...env.problems.map((message) => ({ path: env.file, message }))],
  };
}
