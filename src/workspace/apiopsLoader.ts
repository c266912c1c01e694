// Loads an APIOps folder (v7 layout, ../shared/reference/apiops-layout.md) into ApiopsService.
// Tolerant by design: a missing or malformed file becomes a LoadProblem and the rest still loads.

import * as path from 'node:path';
import type {
  ApiModel,
  ApiopsService,
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
  constructor(
    readonly fs: FileSystem,
    readonly localNamedValueNames: ReadonlySet<string>,
  ) {}

  async subfolders(dir: string): Promise<string[]> {
    if (!(await this.fs.stat(dir))?.isDirectory) return [];
    try {
      const entries = await this.fs.readDirectory(dir);
      return entries
        .filter((e) => e.isDirectory)
        .map((e) => e.name)
        .sort((a, b) => a.localeCompare(b));
    } catch (error) {
      this.problems.push({ path: dir, message: `Cannot list folder: ${String(error)}` });
      return [];
    }
  }

  /** The `properties` object of an information file; {} when it is absent or broken. */
  async readProperties(file: string, required: boolean): Promise<Json> {
    if (!(await this.fs.stat(file))) {
      if (required) this.problems.push({ path: file, message: 'Information file is missing.' });
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(await this.fs.readFile(file));
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
export async function loadApiopsService(fs: FileSystem, root: string): Promise<ApiopsService> {
  const rootStat = await fs.stat(root);
  if (!rootStat?.isDirectory) throw new Error(`Not a folder: ${root}`);
  const overrides = await readNamedValueOverrides(fs, root);
  const ctx = new LoadContext(fs, new Set(Object.keys(overrides.values)));
  if (overrides.problem) ctx.problems.push({ path: path.join(root, NAMED_VALUE_OVERRIDE_FILE), message: overrides.problem });

  const collections = await loadCollections(ctx, root);
  const workspaces: WorkspaceModel[] = [];
  const workspacesDir = path.join(root, COLLECTION_FOLDERS.workspaces);
  for (const name of await ctx.subfolders(workspacesDir)) {
    const folder = path.join(workspacesDir, name);
    workspaces.push({ name, folder, ...(await loadCollections(ctx, folder)) });
  }
  return {
    name: path.basename(root),
    root,
    globalPolicy: await ctx.policyAt(root, 'global'),
    ...collections,
    workspaces,
    problems: ctx.problems,
  };
}

async function loadCollections(ctx: LoadContext, dir: string): Promise<ResourceCollections> {
  const [apis, backends, products, namedValues, fragments, versionSets] = await Promise.all([
    loadApis(ctx, path.join(dir, COLLECTION_FOLDERS.apis)),
    loadBackends(ctx, path.join(dir, COLLECTION_FOLDERS.backends)),
    loadProducts(ctx, path.join(dir, COLLECTION_FOLDERS.products)),
    loadNamedValues(ctx, path.join(dir, COLLECTION_FOLDERS.namedValues)),
    loadFragments(ctx, path.join(dir, COLLECTION_FOLDERS.fragments)),
    loadVersionSets(ctx, path.join(dir, COLLECTION_FOLDERS.versionSets)),
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
  let specificationPath: string | undefined;
  for (const candidate of SPECIFICATION_FILES) {
    if (await ctx.fs.stat(path.join(folder, candidate))) {
      specificationPath = path.join(folder, candidate);
      break;
    }
  }
  const operations = await loadOperations(ctx, folder, specificationPath);
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
    policy: await ctx.policyAt(folder, 'api'),
    operations,
    resolvers: await loadResolvers(ctx, folder),
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
async function loadOperations(ctx: LoadContext, apiFolder: string, specPath: string | undefined): Promise<OperationModel[]> {
  const fromSpec = specPath ? await readSpecOperations(ctx, specPath) : [];
  const opsDir = path.join(apiFolder, 'operations');
  const folders = await ctx.subfolders(opsDir);
  const byName = new Map(folders.map((f) => [f.toLowerCase(), f]));
  const result: OperationModel[] = [];
  for (const op of fromSpec) {
    const folder = byName.get(op.name.toLowerCase());
    if (folder) byName.delete(op.name.toLowerCase());
    result.push({ ...op, name: folder ?? op.name, policy: folder ? await ctx.policyAt(path.join(opsDir, folder), 'operation') : undefined });
  }
  for (const folder of byName.values()) {
    result.push({ name: folder, displayName: folder, policy: await ctx.policyAt(path.join(opsDir, folder), 'operation') });
  }
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
      return {
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
      };
    }),
  );
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
        apis: await ctx.subfolders(path.join(folder, 'apis')),
        policy: await ctx.policyAt(folder, 'product'),
      };
    }),
  );
  return products.sort((a, b) => a.displayName.localeCompare(b.displayName));
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
      const p = await ctx.readProperties(path.join(folder, 'policyFragmentInformation.json'), false);
      return { name, description: str(p['description']), policy: await ctx.policyAt(folder, 'fragment') };
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
const ROOT_MARKERS = [COLLECTION_FOLDERS.apis, COLLECTION_FOLDERS.fragments, COLLECTION_FOLDERS.namedValues, COLLECTION_FOLDERS.backends, COLLECTION_FOLDERS.products];

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
