// Extracts a live service (or one API) to a folder in the APIOps layout
// (shared/reference/apiops-layout.md): the global policy, APIs with their information, operations,
// policies and non-current revisions, version sets, backends, named values (a secret's value is
// never written), policy fragments, products with their policies and APIs, and workspaces with
// their APIs, backends, named values and fragments (workspace products are not extracted yet). Policies are
// written as raw XML exactly as Azure returns them.
//
// A specification file is written for each API from its operations (a minimal OpenAPI 3 document:
// paths, methods, operation ids and summaries), which is what the local tools read; the API's full
// definition (schemas, examples) is not exported by this extractor.

import type { ApiContract, ApiManagementClient, BackendContract, NamedValueContract, PolicyFragmentContract } from '@azure/arm-apimanagement';
import { stringify } from 'yaml';
import { MASK, PROCESS_SECRETS } from '../common/secrets';
import { azureError } from './azureErrors';
import type { LiveService } from './liveService';
import type { PolicyScopeRef } from './scopes';

type Operation = Awaited<ReturnType<LiveService['listOperations']>>[number];

export interface ExtractOptions {
  /** Only this API (by name), with the resources it needs to be linted (named values, backends, fragments). */
  readonly api?: string;
  readonly onProgress?: (message: string) => void;
  /** Checked between resources: extraction stops with an error when it turns true. */
  readonly isCancelled?: () => boolean;
}

export type WriteFile = (relativePath: string, text: string) => Promise<void>;

/** An SDK contract as an information file: `{ properties }` without the ARM envelope and ETag. */
function information(contract: object, drop: readonly string[] = []): string {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(contract)) {
    if (['id', 'name', 'type', 'eTag', 'etag', ...drop].includes(k) || v === undefined || v === null) continue;
    props[k] = v instanceof Date ? v.toISOString() : v;
  }
  return `${JSON.stringify({ properties: props }, null, 2)}\n`;
}

/** `/subscriptions/…/service/x/apiVersionSets/v` → `/apiVersionSets/v`, as APIOps stores references. */
function relativeId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /\/service\/[^/]+(\/.*)$/i.exec(id);
  return m ? m[1] : id;
}

function specification(title: string, version: string | undefined, operations: readonly Operation[]): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.urlTemplate.split('?')[0] || '/';
    (paths[path] ??= {})[op.method.toLowerCase()] = { summary: op.displayName, operationId: op.name, responses: { '200': { description: 'OK' } } };
  }
  return stringify({ openapi: '3.0.1', info: { title, version: version ?? '1.0' }, paths });
}

/**
 * A backend with its literal credential values (a header, query parameter or authorization
 * parameter written in clear rather than as a `{{named value}}`) replaced by ***: APIOps would
 * write them into the repository. Each one is named in `masked`, and masked in every output.
 */
export function withoutLiteralCredentials(b: BackendContract): { contract: BackendContract; masked: string[] } {
  const masked: string[] = [];
  const credentials = b.credentials;
  if (!credentials) return { contract: b, masked };
  const literal = (v: string): boolean => !/^\s*\{\{[^{}]+\}\}\s*$/.test(v);
  const clean = (kind: 'header' | 'query', values: Record<string, string[]> | undefined): Record<string, string[]> | undefined => {
    if (!values) return values;
    return Object.fromEntries(
      Object.entries(values).map(([name, list]) => [
        name,
        list.map((v) => {
          if (!literal(v)) return v;
          PROCESS_SECRETS.add(v);
          masked.push(`${kind} ${name}`);
          return MASK;
        }),
      ]),
    );
  };
  const authorization = credentials.authorization;
  let parameter = authorization?.parameter;
  if (parameter && literal(parameter)) {
    PROCESS_SECRETS.add(parameter);
    masked.push(`authorization ${authorization?.scheme ?? ''}`.trim());
    parameter = MASK;
  }
  const header = clean('header', credentials.header);
  const query = clean('query', credentials.query);
  return {
    contract: { ...b, credentials: { ...credentials, ...(header ? { header } : {}), ...(query ? { query } : {}), ...(authorization ? { authorization: { ...authorization, parameter: parameter ?? authorization.parameter } } : {}) } },
    masked,
  };
}

export async function extractService(live: LiveService, write: WriteFile, options: ExtractOptions = {}): Promise<{ files: number; withheld: string[] }> {
  const client: ApiManagementClient = live.client;
  const { resourceGroup: rg, name: svc } = live.service;
  let files = 0;
  /** Literal backend credentials written as ***. */
  const withheld: string[] = [];
  const put = async (path: string, text: string): Promise<void> => {
    if (options.isCancelled?.()) throw new Error('Extraction was cancelled; the folder holds what was written so far.');
    await write(path, text);
    files++;
  };
  const policy = async (path: string, scope: PolicyScopeRef): Promise<void> => {
    const p = await live.getPolicy(scope);
    if (p.text) await put(path, p.text);
  };
  const step = (m: string): void => options.onProgress?.(m);
  /** An API (of the service or a workspace): information, policy, a specification from its operations, operation policies. */
  const writeApi = async (folder: string, contract: ApiContract, operations: readonly Operation[], apiScope: PolicyScopeRef, operationScope: (operationId: string) => PolicyScopeRef): Promise<void> => {
    await put(`${folder}/apiInformation.json`, information({ ...contract, apiVersionSetId: relativeId(contract.apiVersionSetId) }, ['apiVersionSet']));
    await policy(`${folder}/policy.xml`, apiScope);
    await put(`${folder}/specification.yaml`, specification(contract.displayName ?? contract.name ?? '', contract.apiVersion, operations));
    for (const op of operations) await policy(`${folder}/operations/${op.name}/policy.xml`, operationScope(op.name));
  };
  /** Backends, named values (a secret's value is never written, as APIOps extracts them) and fragments, under `prefix`. */
  const writeCollections = async (prefix: string, backends: AsyncIterable<BackendContract>, namedValues: AsyncIterable<NamedValueContract>, fragments: AsyncIterable<PolicyFragmentContract>, fragmentScope: (fragmentId: string) => PolicyScopeRef): Promise<void> => {
    for await (const b of backends) {
      const { contract, masked } = withoutLiteralCredentials(b);
      withheld.push(...masked.map((m) => `${prefix}backends/${b.name}: ${m}`));
      await put(`${prefix}backends/${b.name}/backendInformation.json`, information(contract));
    }
    for await (const n of namedValues) await put(`${prefix}named values/${n.name}/namedValueInformation.json`, information(n, n.secret ? ['value'] : []));
    for await (const f of fragments) {
      await put(`${prefix}policy fragments/${f.name}/policyFragmentInformation.json`, information(f, ['value', 'format']));
      await policy(`${prefix}policy fragments/${f.name}/policy.xml`, fragmentScope(f.name ?? ''));
    }
  };
  try {
    if (!options.api) {
      step('global policy');
      await policy('policy.xml', { kind: 'global' });
    }

    step('version sets');
    for await (const v of client.apiVersionSet.listByService(rg, svc)) await put(`version sets/${v.name}/versionSetInformation.json`, information(v));

    step('APIs');
    const apis: string[] = [];
    for await (const a of client.api.listByService(rg, svc)) if (!options.api || a.name === options.api) apis.push(a.name ?? '');
    if (options.api && apis.length === 0) throw new Error(`The service ${svc} has no API named '${options.api}'.`);
    for (const api of apis) {
      for (const r of await live.listRevisions(api)) {
        const id = r.isCurrent ? api : `${api};rev=${r.revision}`;
        step(`API ${id}`);
        await writeApi(`apis/${id}`, await client.api.get(rg, svc, id), await live.listOperations(id), { kind: 'api', apiId: id }, (operationId) => ({ kind: 'operation', apiId: id, operationId }));
      }
    }

    step('backends, named values and policy fragments');
    await writeCollections('', client.backend.listByService(rg, svc), client.namedValue.listByService(rg, svc), client.policyFragment.listByService(rg, svc), (fragmentId) => ({ kind: 'fragment', fragmentId }));

    if (!options.api) {
      // Workspaces: their APIs (with API and operation policies), backends, named values and fragments.
      for await (const w of client.workspace.listByService(rg, svc)) {
        const ws = w.name ?? '';
        const base = `workspaces/${ws}`;
        step(`workspace ${ws}`);
        for await (const a of client.workspaceApi.listByService(rg, svc, ws)) {
          const id = a.name ?? '';
          await writeApi(`${base}/apis/${id}`, a, await live.listWorkspaceOperations(ws, id), { kind: 'workspaceApi', workspaceId: ws, apiId: id }, (operationId) => ({ kind: 'workspaceOperation', workspaceId: ws, apiId: id, operationId }));
        }
        await writeCollections(`${base}/`, client.workspaceBackend.listByWorkspace(rg, svc, ws), client.workspaceNamedValue.listByService(rg, svc, ws), client.workspacePolicyFragment.listByService(rg, svc, ws), (fragmentId) => ({ kind: 'workspaceFragment', workspaceId: ws, fragmentId }));
      }

      step('products');
      for await (const p of client.product.listByService(rg, svc)) {
        const name = p.name ?? '';
        await put(`products/${name}/productInformation.json`, information(p));
        await policy(`products/${name}/policy.xml`, { kind: 'product', productId: name });
        for await (const a of client.productApi.listByProduct(rg, svc, name)) await put(`products/${name}/apis/${a.name}/productApiInformation.json`, '{}\n');
      }
    }
  } catch (e) {
    if (e instanceof Error && /cancelled|has no API named/.test(e.message)) throw e;
    throw azureError(e, `extracting ${svc}`);
  }
  return { files, withheld };
}
