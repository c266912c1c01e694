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

import type { ApiManagementClient } from '@azure/arm-apimanagement';
import { stringify } from 'yaml';
import { azureError } from './azureErrors';
import type { LiveService } from './liveService';

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

function specification(title: string, version: string | undefined, operations: readonly { name: string; displayName: string; method: string; urlTemplate: string }[]): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.urlTemplate.split('?')[0] || '/';
    (paths[path] ??= {})[op.method.toLowerCase()] = { summary: op.displayName, operationId: op.name, responses: { '200': { description: 'OK' } } };
  }
  return stringify({ openapi: '3.0.1', info: { title, version: version ?? '1.0' }, paths });
}

export async function extractService(live: LiveService, write: WriteFile, options: ExtractOptions = {}): Promise<{ files: number }> {
  const client: ApiManagementClient = live.client;
  const { resourceGroup: rg, name: svc } = live.service;
  let files = 0;
  const put = async (path: string, text: string): Promise<void> => {
    if (options.isCancelled?.()) throw new Error('Extraction was cancelled; the folder holds what was written so far.');
    await write(path, text);
    files++;
  };
  const policy = async (path: string, scope: Parameters<LiveService['getPolicy']>[0]): Promise<void> => {
    const p = await live.getPolicy(scope);
    if (p.text) await put(path, p.text);
  };
  const step = (m: string): void => options.onProgress?.(m);
  try {
    if (!options.api) {
      step('global policy');
      await policy('policy.xml', { kind: 'global' });
    }

    step('version sets');
    for await (const v of client.apiVersionSet.listByService(rg, svc)) await put(`version sets/${v.name}/versionSetInformation.json`, information(v));

    step('APIs');
    const apis: { name: string; displayName: string; apiVersion?: string }[] = [];
    for await (const a of client.api.listByService(rg, svc)) {
      if (options.api && a.name !== options.api) continue;
      apis.push({ name: a.name ?? '', displayName: a.displayName ?? a.name ?? '', ...(a.apiVersion ? { apiVersion: a.apiVersion } : {}) });
    }
    if (options.api && apis.length === 0) throw new Error(`The service ${svc} has no API named '${options.api}'.`);
    for (const api of apis) {
      const revisions = await live.listRevisions(api.name);
      for (const r of revisions) {
        const id = r.isCurrent ? api.name : `${api.name};rev=${r.revision}`;
        step(`API ${id}`);
        const contract = await client.api.get(rg, svc, id);
        await put(`apis/${id}/apiInformation.json`, information({ ...contract, apiVersionSetId: relativeId(contract.apiVersionSetId) }, ['apiVersionSet']));
        await policy(`apis/${id}/policy.xml`, { kind: 'api', apiId: id });
        const operations = await live.listOperations(id);
        await put(`apis/${id}/specification.yaml`, specification(api.displayName, api.apiVersion, operations));
        for (const op of operations) await policy(`apis/${id}/operations/${op.name}/policy.xml`, { kind: 'operation', apiId: id, operationId: op.name });
      }
    }

    step('backends');
    for await (const b of client.backend.listByService(rg, svc)) await put(`backends/${b.name}/backendInformation.json`, information(b));

    step('named values');
    for await (const n of client.namedValue.listByService(rg, svc)) {
      // A secret's value is never written (APIOps extracts secrets without it, too).
      await put(`named values/${n.name}/namedValueInformation.json`, information(n, n.secret ? ['value'] : []));
    }

    step('policy fragments');
    for await (const f of client.policyFragment.listByService(rg, svc)) {
      await put(`policy fragments/${f.name}/policyFragmentInformation.json`, information(f, ['value', 'format']));
      await policy(`policy fragments/${f.name}/policy.xml`, { kind: 'fragment', fragmentId: f.name ?? '' });
    }

    if (!options.api) {
      // Workspaces: their APIs (with API and operation policies), backends, named values and fragments.
      for await (const w of client.workspace.listByService(rg, svc)) {
        const ws = w.name ?? '';
        const base = `workspaces/${ws}`;
        step(`workspace ${ws}`);
        for await (const a of client.workspaceApi.listByService(rg, svc, ws)) {
          const id = a.name ?? '';
          await put(`${base}/apis/${id}/apiInformation.json`, information({ ...a, apiVersionSetId: relativeId(a.apiVersionSetId) }, ['apiVersionSet']));
          await policy(`${base}/apis/${id}/policy.xml`, { kind: 'workspaceApi', workspaceId: ws, apiId: id });
          const operations = await live.listWorkspaceOperations(ws, id);
          await put(`${base}/apis/${id}/specification.yaml`, specification(a.displayName ?? id, a.apiVersion, operations));
          for (const op of operations) await policy(`${base}/apis/${id}/operations/${op.name}/policy.xml`, { kind: 'workspaceOperation', workspaceId: ws, apiId: id, operationId: op.name });
        }
        for await (const b of client.workspaceBackend.listByWorkspace(rg, svc, ws)) await put(`${base}/backends/${b.name}/backendInformation.json`, information(b));
        for await (const n of client.workspaceNamedValue.listByService(rg, svc, ws)) await put(`${base}/named values/${n.name}/namedValueInformation.json`, information(n, n.secret ? ['value'] : []));
        for await (const f of client.workspacePolicyFragment.listByService(rg, svc, ws)) {
          await put(`${base}/policy fragments/${f.name}/policyFragmentInformation.json`, information(f, ['value', 'format']));
          await policy(`${base}/policy fragments/${f.name}/policy.xml`, { kind: 'workspaceFragment', workspaceId: ws, fragmentId: f.name ?? '' });
        }
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
  return { files };
}
