// Loads an APIOps folder into ApiopsService, in either artifact layout: Azure/apiops v7
// (../shared/reference/apiops-layout.md) or Azure/apiops-cli (apiops-cli-layout.md), detected per
// folder; both give the same model. Tolerant by design: a missing or malformed file becomes a
// LoadProblem and the rest still loads.

import * as path from 'node:path';
import type {
  ApiModel,
  ApiopsService,
  ArtifactLayout,
  BackendModel,
  CircuitBreakerRule,
  FragmentModel,
  LoadProblem,
  NamedValueModel,
  OperationModel,
  PolicyFile,
  PolicyScope,
  ResolverModel,
  ProductModel,
  ResourceCollections,
  VersionSetModel,
  WorkspaceModel,
} from './apiopsModel';
import type { FileSystem } from './fileSystem';
import { readNamedValueOverrides, NAMED_VALUE_OVERRIDE_FILE } from './namedValueOverrides';
import { operationsFromSpecification } from './specificationOperations';
import { embeddedPolicyOf } from './embeddedPolicy';
import { applyEnvironment, findEnvironments, loadEnvironment } from './environments';

/** Collection folders of the v7 layout; several names contain spaces. */
export const COLLECTION_FOLDERS = {
  apis: 'apis',
  backends: 'backends',
  products: 'products',
  namedValues: 'named values',
  fragments: 'policy fragments',
  versionSets: 'version sets',
  workspaces: 'workspaces',
} as const;

/** Collection folders of the apiops-cli layout: camelCase, no spaces (apiops-cli-layout.md §1). */
export const CLI_COLLECTION_FOLDERS: Record<keyof typeof COLLECTION_FOLDERS, string> = {
  apis: 'apis',
  backends: 'backends',
  products: 'products',
  namedValues: 'namedValues',
  fragments: 'policyFragments',
  versionSets: 'versionSets',
  workspaces: 'workspaces',
};

export function collectionFolders(layout: ArtifactLayout): Record<keyof typeof COLLECTION_FOLDERS, string> {
  return layout === 'cli' ? CLI_COLLECTION_FOLDERS : COLLECTION_FOLDERS;
}

/**
 * Which layout a service folder uses (apiops-cli-layout.md §4): the toolkit's spaced folders mean
 * v7; camelCase collections or the cli's own information files mean apiops-cli; a folder with
 * only the paths both share reads the same either way and is taken as v7.
 */
export async function detectLayout(fs: FileSystem, root: string): Promise<ArtifactLayout> {
  const dirsOf = async (dir: string): Promise<Set<string>> => {
    try {
      return new Set((await fs.readDirectory(dir)).filter((e) => e.isDirectory).map((e) => e.name));
    } catch {
      return new Set();
    }
  };
  const top = await dirsOf(root);
  const workspaceDirs = await Promise.all([...(await dirsOf(path.join(root, 'workspaces')))].map((w) => dirsOf(path.join(root, 'workspaces', w))));
  const all = [top, ...workspaceDirs];
  if (all.some((d) => d.has('named values') || d.has('version sets') || d.has('policy fragments'))) return 'v7';
  if (all.some((d) => ['namedValues', 'versionSets', 'policyFragments', 'policyRestrictions', 'documentations'].some((n) => d.has(n))) || top.has('schemas')) return 'cli';
  // apis/*/operations/*/operationInformation.json, and the cli's other information files.
  for (const api of [...(await dirsOf(path.join(root, 'apis')))].slice(0, 20)) {
    const folder = path.join(root, 'apis', api);
    for (const [sub, file] of [['operations', 'operationInformation.json'], ['releases', 'releaseInformation.json'], ['schemas', 'schemaInformation.json'], ['tags', 'tagInformation.json']] as const) {
      for (const child of [...(await dirsOf(path.join(folder, sub)))].slice(0, 3)) if (await fs.stat(path.join(folder, sub, child, file))) return 'cli';
    }
  }
  return 'v7';
}

/**
 * A policy's text: its file, or for a policy kept in JSON (an apiops-cli fragment) the JSON's
 * `properties.value`. Rejects as reading the file would.
 */
export async function policyText(fs: FileSystem, file: PolicyFile): Promise<string> {
  if (file.text !== undefined) return file.text;
  const text = await fs.readFile(file.path);
  return file.embedded ? embeddedPolicyOf(text, file.path) : text;
}

const SPECIFICATION_FILES = [
  'specification.yaml',
  'specification.yml',
  'specification.json',
  'specification.graphql',
  'specification.wsdl',
  'specification.wadl',
];

type Json = Record<string, unknown>;

class LoadContext {
  readonly problems: LoadProblem[] = [];
  readonly folders: Record<keyof typeof COLLECTION_FOLDERS, string>;
  constructor(
    readonly fs: FileSystem,
    readonly localNamedValueNames: ReadonlySet<string>,
    readonly layout: ArtifactLayout,
    /** Whether APIs' operations are read (specifications, operation folders). */
    readonly withOperations = true,
  ) {
    this.folders = collectionFolders(layout);
  }

  /** A JSON file's content: a value (an association list), or undefined when absent or broken. */
  async readJson(file: string): Promise<unknown> {
    if (!(await this.fs.stat(file))) return undefined;
    try {
      return JSON.parse(await this.fs.readFile(file)) as unknown;
    } catch (error) {
      this.problems.push({ path: file, message: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
  }

  async subfolders(dir: string): Promise<string[]> {
    // Listed at once; only a failure asks whether the folder is there at all (most are not).
    try {
      const entries = await this.fs.readDirectory(dir);
      return entries
        .filter((e) => e.isDirectory)
        .map((e) => e.name)
        .sort((a, b) => a.localeCompare(b));
    } catch (error) {
      if (!(await this.fs.stat(dir))?.isDirectory) return [];
      this.problems.push({ path: dir, message: `Cannot list folder: ${String(error)}` });
      return [];
    }
  }

  /** The `properties` object of an information file; {} when it is absent or broken. */
  async readProperties(file: string, required: boolean): Promise<Json> {
    // Read at once (no stat first: a large estate has tens of thousands of files).
    let text: string;
    try {
      text = await this.fs.readFile(file);
    } catch {
      if (required) this.problems.push({ path: file, message: 'Information file is missing.' });
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isObject(parsed)) throw new Error('the file does not hold a JSON object');
      const props = parsed['properties'];
      return isObject(props) ? props : {};
    } catch (error) {
      this.problems.push({ path: file, message: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return {};
    }
  }

  async policyAt(dir: string, scope: PolicyScope): Promise<PolicyFile | undefined> {
    const file = path.join(dir, 'policy.xml');
    return (await this.fs.stat(file)) ? { path: file, scope } : undefined;
  }
}

/**
 * Loads the APIOps service folder at `root`. Never throws for bad content: problems are returned
 * in `problems`. Rejects only when `root` itself is not a folder.
 */
export interface LoadOptions {
  /** Apply the overrides of this environment (`configuration.<env>.yaml` beside or in the folder). */
  readonly environment?: string;
  /**
   * false: leave APIs' operations out (no specification read, no operation folder listed), for a
   * first look at a large estate; `operationsLoaded` says so on the model.
   */
  readonly operations?: boolean;
}

export async function loadApiopsService(fs: FileSystem, root: string, options: LoadOptions = {}): Promise<ApiopsService> {
  const service = await loadService(fs, root, options.operations !== false);
  if (options.environment === undefined) return service;
  const envs = await findEnvironments(fs, root);
  const env = envs.find((e) => e.name.toLowerCase() === options.environment!.toLowerCase());
  if (!env) throw new Error(`No environment '${options.environment}' for ${root}: ${envs.length ? `the environments are ${envs.map((e) => e.name).join(', ')}` : 'no configuration.<env>.yaml file beside or in the folder'}.`);
  return applyEnvironment(service, await loadEnvironment(fs, env));
}

async function loadService(fs: FileSystem, root: string, operations: boolean): Promise<ApiopsService> {
  const rootStat = await fs.stat(root);
  if (!rootStat?.isDirectory) throw new Error(`Not a folder: ${root}`);
  const overrides = await readNamedValueOverrides(fs, root);
  const layout = await detectLayout(fs, root);
  const ctx = new LoadContext(fs, new Set(Object.keys(overrides.values)), layout, operations);
  if (overrides.problem) ctx.problems.push({ path: path.join(root, NAMED_VALUE_OVERRIDE_FILE), message: overrides.problem });

  const collections = await loadCollections(ctx, root);
  const workspaces: WorkspaceModel[] = [];
  const workspacesDir = path.join(root, ctx.folders.workspaces);
  for (const name of await ctx.subfolders(workspacesDir)) {
    const folder = path.join(workspacesDir, name);
    const policy = await ctx.policyAt(folder, 'workspace');
    workspaces.push({ name, folder, ...(await loadCollections(ctx, folder)), ...(policy ? { policy } : {}) });
  }
  return {
    name: path.basename(root),
    root,
    layout,
    ...(operations ? {} : { operationsLoaded: false }),
    globalPolicy: await ctx.policyAt(root, 'global'),
    ...collections,
    workspaces,
    problems: ctx.problems,
  };
}

async function loadCollections(ctx: LoadContext, dir: string): Promise<ResourceCollections> {
  const f = ctx.folders;
  const [apis, backends, products, namedValues, fragments, versionSets] = await Promise.all([
    loadApis(ctx, path.join(dir, f.apis)),
    loadBackends(ctx, path.join(dir, f.backends)),
    loadProducts(ctx, path.join(dir, f.products)),
    loadNamedValues(ctx, path.join(dir, f.namedValues)),
    loadFragments(ctx, path.join(dir, f.fragments)),
    loadVersionSets(ctx, path.join(dir, f.versionSets)),
  ]);
  return { apis, backends, products, namedValues, fragments, versionSets };
}

async function loadApis(ctx: LoadContext, dir: string): Promise<ApiModel[]> {
  const apis = await Promise.all((await ctx.subfolders(dir)).map((name) => loadApi(ctx, dir, name)));
  return apis.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.name.localeCompare(b.name));
}

async function loadApi(ctx: LoadContext, dir: string, name: string): Promise<ApiModel> {
  const folder = path.join(dir, name);
  const p = await ctx.readProperties(path.join(folder, 'apiInformation.json'), true);
  const revMatch = /;rev=(\d+)$/.exec(name);
  const apiId = revMatch ? name.slice(0, revMatch.index) : name;
  // One listing of the folder instead of a stat per candidate file and subfolder.
  let listing: Set<string>;
  let dirs: Set<string>;
  try {
    const entries = await ctx.fs.readDirectory(folder);
    listing = new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name));
    dirs = new Set(entries.filter((e) => e.isDirectory).map((e) => e.name));
  } catch {
    listing = new Set();
    dirs = new Set();
  }
  const candidate = SPECIFICATION_FILES.find((f) => listing.has(f));
  const specificationPath = candidate ? path.join(folder, candidate) : undefined;
  const operations = ctx.withOperations ? await loadOperations(ctx, folder, specificationPath, dirs.has('operations')) : [];
  return {
    name,
    apiId,
    displayName: str(p['displayName']) ?? apiId,
    path: str(p['path']) ?? '',
    revision: str(p['apiRevision']) ?? revMatch?.[1] ?? '1',
    isCurrent: typeof p['isCurrent'] === 'boolean' ? p['isCurrent'] : !revMatch,
    revisionDescription: str(p['apiRevisionDescription']),
    apiVersion: str(p['apiVersion']),
    versionSetId: str(p['apiVersionSetId']),
    serviceUrl: str(p['serviceUrl']),
    subscriptionRequired: p['subscriptionRequired'] !== false,
    type: str(p['type']) ?? str(p['apiType']) ?? 'http',
    protocols: Array.isArray(p['protocols']) ? p['protocols'].filter((x): x is string => typeof x === 'string') : ['https'],
    description: str(p['description']),
    folder,
    specificationPath,
    ...(listing.has('policy.xml') ? { policy: { path: path.join(folder, 'policy.xml'), scope: 'api' as const } } : {}),
    operations,
    resolvers: dirs.has('resolvers') ? await loadResolvers(ctx, folder) : [],
  };
}

/** GraphQL resolvers: `resolvers/<name>/resolverInformation.json` (its field path) and `policy.xml` (the APIOps CLI layout). */
async function loadResolvers(ctx: LoadContext, apiFolder: string): Promise<ResolverModel[]> {
  const dir = path.join(apiFolder, 'resolvers');
  const out: ResolverModel[] = [];
  for (const name of await ctx.subfolders(dir)) {
    const p = await ctx.readProperties(path.join(dir, name, 'resolverInformation.json'), false);
    out.push({ name, displayName: str(p['displayName']) ?? name, path: str(p['path']), policy: await ctx.policyAt(path.join(dir, name), 'resolver') });
  }
  return out;
}

/**
 * APIOps writes no information file for operations: the specification lists them, and an
 * `operations/<name>/` folder exists only where the operation has a policy. Both are merged.
 */
async function loadOperations(ctx: LoadContext, apiFolder: string, specPath: string | undefined, hasFolder: boolean): Promise<OperationModel[]> {
  const fromSpec = specPath ? await readSpecOperations(ctx, specPath) : [];
  const opsDir = path.join(apiFolder, 'operations');
  const folders = hasFolder ? await ctx.subfolders(opsDir) : [];
  const byName = new Map(folders.map((f) => [f.toLowerCase(), f]));
  const result: OperationModel[] = [];
  // apiops-cli writes operationInformation.json for every operation: its method and URL template
  // win over the specification's (they are what APIM has).
  const info = async (folder: string): Promise<Partial<Omit<OperationModel, 'policy' | 'name'>>> => {
    if (ctx.layout !== 'cli') return {};
    const p = await ctx.readProperties(path.join(opsDir, folder, 'operationInformation.json'), false);
    return { ...(str(p['displayName']) ? { displayName: str(p['displayName']) as string } : {}), ...(str(p['method']) ? { method: (str(p['method']) as string).toUpperCase() } : {}), ...(str(p['urlTemplate']) ? { urlTemplate: str(p['urlTemplate']) as string } : {}) };
  };
  // The operations' folders are read side by side (a large estate has thousands).
  const matched = fromSpec.map((op) => {
    const folder = byName.get(op.name.toLowerCase());
    if (folder) byName.delete(op.name.toLowerCase());
    return [op, folder] as const;
  });
  result.push(
    ...(await Promise.all(matched.map(async ([op, folder]): Promise<OperationModel> => ({ ...op, ...(folder ? await info(folder) : {}), name: folder ?? op.name, policy: folder ? await ctx.policyAt(path.join(opsDir, folder), 'operation') : undefined })))),
    ...(await Promise.all([...byName.values()].map(async (folder): Promise<OperationModel> => ({ name: folder, displayName: folder, ...(await info(folder)), policy: await ctx.policyAt(path.join(opsDir, folder), 'operation') })))),
  );
  return result;
}

async function readSpecOperations(ctx: LoadContext, specPath: string): Promise<Omit<OperationModel, 'policy'>[]> {
  if (!/\.(ya?ml|json)$/.test(specPath)) return [];
  try {
    return operationsFromSpecification(await ctx.fs.readFile(specPath));
  } catch (error) {
    ctx.problems.push({ path: specPath, message: `Cannot read the specification: ${error instanceof Error ? error.message : String(error)}` });
    return [];
  }
}

async function loadBackends(ctx: LoadContext, dir: string): Promise<BackendModel[]> {
  return Promise.all(
    (await ctx.subfolders(dir)).map(async (name): Promise<BackendModel> => {
      const p = await ctx.readProperties(path.join(dir, name, 'backendInformation.json'), true);
      const poolServices = isObject(p['pool']) && Array.isArray(p['pool']['services']) ? p['pool']['services'] : [];
      const pool = poolServices.filter(isObject).map((s) => {
        const id = str(s['id']) ?? '';
        return { id, name: id.split('/').pop() ?? id, priority: num(s['priority']), weight: num(s['weight']) };
      });
      const credentials = isObject(p['credentials']) ? p['credentials'] : {};
      const managedIdentity = isObject(credentials['managedIdentity']) ? credentials['managedIdentity'] : {};
      return withBackendProperties(p, {
        name,
        kind: pool.length > 0 || str(p['type'])?.toLowerCase() === 'pool' ? 'pool' : 'single',
        url: str(p['url']),
        title: str(p['title']),
        description: str(p['description']),
        protocol: str(p['protocol']),
        resourceId: str(p['resourceId']),
        pool,
        circuitBreakerRules: readCircuitBreaker(p['circuitBreaker']),
        credentialHeaderNames: isObject(credentials['header']) ? Object.keys(credentials['header']) : [],
        credentialQueryNames: isObject(credentials['query']) ? Object.keys(credentials['query']) : [],
        managedIdentityResource: str(managedIdentity['resource']),
      });
    }),
  );
}

/**
 * A backend's full properties, credentials included, kept beside the model rather than in it (the
 * model is printed and shown; credential values must not be): for the simulator and environments.
 */
const backendProps = new WeakMap<BackendModel, Readonly<Record<string, unknown>>>();

export function withBackendProperties(props: Readonly<Record<string, unknown>>, backend: BackendModel): BackendModel {
  backendProps.set(backend, props);
  return backend;
}

export function backendProperties(backend: BackendModel): Readonly<Record<string, unknown>> | undefined {
  return backendProps.get(backend);
}

function readCircuitBreaker(value: unknown): CircuitBreakerRule[] {
  if (!isObject(value) || !Array.isArray(value['rules'])) return [];
  return value['rules'].filter(isObject).map((r) => {
    const fc = isObject(r['failureCondition']) ? r['failureCondition'] : {};
    const ranges = Array.isArray(fc['statusCodeRanges']) ? fc['statusCodeRanges'].filter(isObject) : [];
    return {
      name: str(r['name']) ?? 'rule',
      tripDuration: str(r['tripDuration']),
      acceptRetryAfter: typeof r['acceptRetryAfter'] === 'boolean' ? r['acceptRetryAfter'] : undefined,
      failureCount: num(fc['count']),
      failurePercentage: num(fc['percentage']),
      interval: str(fc['interval']),
      statusCodeRanges: ranges.map((x) => ({ min: num(x['min']) ?? 0, max: num(x['max']) ?? 0 })),
      errorReasons: Array.isArray(fc['errorReasons']) ? fc['errorReasons'].filter((x): x is string => typeof x === 'string') : [],
    };
  });
}

async function loadProducts(ctx: LoadContext, dir: string): Promise<ProductModel[]> {
  const products = await Promise.all(
    (await ctx.subfolders(dir)).map(async (name): Promise<ProductModel> => {
      const folder = path.join(dir, name);
      const p = await ctx.readProperties(path.join(folder, 'productInformation.json'), true);
      return {
        name,
        displayName: str(p['displayName']) ?? name,
        description: str(p['description']),
        state: str(p['state']),
        subscriptionRequired: typeof p['subscriptionRequired'] === 'boolean' ? p['subscriptionRequired'] : undefined,
        apis: await productApis(ctx, folder),
        policy: await ctx.policyAt(folder, 'product'),
      };
    }),
  );
  return products.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A product's APIs: `apis/<api>/` folders (v7) or `apis.json`, `[{"name": …}]` (apiops-cli, and v5). */
async function productApis(ctx: LoadContext, folder: string): Promise<string[]> {
  const listed = await ctx.readJson(path.join(folder, 'apis.json'));
  const fromFile = Array.isArray(listed) ? listed.filter(isObject).map((e) => str(e['name'])).filter((x): x is string => !!x) : [];
  const fromFolders = await ctx.subfolders(path.join(folder, 'apis'));
  return [...new Set([...fromFolders, ...fromFile])].sort((a, b) => a.localeCompare(b));
}

async function loadNamedValues(ctx: LoadContext, dir: string): Promise<NamedValueModel[]> {
  const values = await Promise.all(
    (await ctx.subfolders(dir)).map(async (name): Promise<NamedValueModel> => {
      const p = await ctx.readProperties(path.join(dir, name, 'namedValueInformation.json'), true);
      const displayName = str(p['displayName']) ?? name;
      const secret = p['secret'] === true;
      const keyVault = isObject(p['keyVault']) ? p['keyVault'] : {};
      return {
        name,
        displayName,
        secret,
        // A secret's value must never reach the model, even when an extraction wrote one.
        value: secret ? undefined : str(p['value']),
        keyVaultSecretIdentifier: str(keyVault['secretIdentifier']),
        tags: Array.isArray(p['tags']) ? p['tags'].filter((x): x is string => typeof x === 'string') : [],
        hasLocalValue: ctx.localNamedValueNames.has(displayName) || ctx.localNamedValueNames.has(name),
      };
    }),
  );
  return values.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

async function loadFragments(ctx: LoadContext, dir: string): Promise<FragmentModel[]> {
  return Promise.all(
    (await ctx.subfolders(dir)).map(async (name): Promise<FragmentModel> => {
      const folder = path.join(dir, name);
      const infoFile = path.join(folder, 'policyFragmentInformation.json');
      const p = await ctx.readProperties(infoFile, false);
      // apiops-cli keeps the fragment's XML in the information file (properties.value).
      const own = await ctx.policyAt(folder, 'fragment');
      const embedded = !own && typeof p['value'] === 'string' ? { path: infoFile, scope: 'fragment' as const, embedded: str(p['format']) ? { format: str(p['format']) as string } : {} } : undefined;
      const policy = own ?? embedded;
      return { name, description: str(p['description']), ...(policy ? { policy } : {}) };
    }),
  );
}

async function loadVersionSets(ctx: LoadContext, dir: string): Promise<VersionSetModel[]> {
  return Promise.all(
    (await ctx.subfolders(dir)).map(async (name): Promise<VersionSetModel> => {
      const p = await ctx.readProperties(path.join(dir, name, 'versionSetInformation.json'), true);
      const header = str(p['versionHeaderName']);
      const query = str(p['versionQueryName']);
      return { name, displayName: str(p['displayName']) ?? name, versioningScheme: str(p['versioningScheme']), ...(header ? { versionHeaderName: header } : {}), ...(query ? { versionQueryName: query } : {}) };
    }),
  );
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test']);
const ROOT_MARKERS = [COLLECTION_FOLDERS.apis, COLLECTION_FOLDERS.fragments, COLLECTION_FOLDERS.namedValues, COLLECTION_FOLDERS.backends, COLLECTION_FOLDERS.products, CLI_COLLECTION_FOLDERS.fragments, CLI_COLLECTION_FOLDERS.namedValues];

/**
 * Finds APIOps service folders under `folder` (itself included), at most `maxDepth` levels down.
 * A folder with an `apis`, `backends`, `products`, `named values` or `policy fragments` collection
 * is a service root; the search does not descend into a root (its workspaces belong to it).
 */
export async function findApiopsRoots(fs: FileSystem, folder: string, maxDepth: number): Promise<string[]> {
  const roots: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      return;
    }
    const dirs = new Set(entries.filter((e) => e.isDirectory).map((e) => e.name));
    if (ROOT_MARKERS.some((m) => dirs.has(m)) && (await looksLikeApiops(fs, dir, dirs))) {
      roots.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    for (const name of [...dirs].sort()) {
      if (name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue;
      await visit(path.join(dir, name), depth + 1);
    }
  };
  await visit(folder, 0);
  return roots;
}

/** The APIOps service folder a file is in: its nearest ancestor that is one; undefined when none is. */
export async function apiopsRootOf(fs: FileSystem, file: string): Promise<string | undefined> {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((await findApiopsRoots(fs, dir, 0)).length) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A folder named `apis` alone is common; require one of its children to look like APIOps. */
async function looksLikeApiops(fs: FileSystem, dir: string, dirs: ReadonlySet<string>): Promise<boolean> {
  const probes: [string, string][] = [
    [COLLECTION_FOLDERS.apis, 'apiInformation.json'],
    [COLLECTION_FOLDERS.backends, 'backendInformation.json'],
    [COLLECTION_FOLDERS.products, 'productInformation.json'],
    [COLLECTION_FOLDERS.namedValues, 'namedValueInformation.json'],
    [COLLECTION_FOLDERS.fragments, 'policy.xml'],
    [CLI_COLLECTION_FOLDERS.namedValues, 'namedValueInformation.json'],
    [CLI_COLLECTION_FOLDERS.fragments, 'policyFragmentInformation.json'],
  ];
  for (const [collection, file] of probes) {
    if (!dirs.has(collection)) continue;
    try {
      const children = (await fs.readDirectory(path.join(dir, collection))).filter((e) => e.isDirectory);
      for (const child of children.slice(0, 5)) {
        if (await fs.stat(path.join(dir, collection, child.name, file))) return true;
      }
    } catch {
      // unreadable collection: not evidence either way
    }
  }
  return false;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
