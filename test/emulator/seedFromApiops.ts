// Fills the ARM emulator with a service read from an APIOps folder (the sample): what an
// extraction of that service should give back. Secret named values get the values given (APIOps
// folders never hold them).

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { loadApiopsService } from '../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../src/workspace/fileSystem';
import type { ArmEmulator } from './armEmulator';

async function properties(file: string): Promise<Record<string, unknown>> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { properties?: Record<string, unknown> };
    return json.properties ?? {};
  } catch {
    return {};
  }
}

export async function seedFromApiops(emulator: ArmEmulator, serviceId: string, root: string, secrets: Readonly<Record<string, string>> = {}): Promise<void> {
  const service = await loadApiopsService(nodeFileSystem, root);
  const text = (file: string | undefined): Promise<string> | undefined => (file ? readFile(file, 'utf8') : undefined);
  emulator.put(serviceId, {});
  const policy = async (id: string, file: string | undefined): Promise<void> => {
    const t = await text(file);
    if (t !== undefined) emulator.put(`${id}/policies/policy`, { value: t, format: 'rawxml' });
  };
  await policy(serviceId, service.globalPolicy?.path);
  for (const v of service.versionSets) emulator.put(`${serviceId}/apiVersionSets/${v.name}`, await properties(path.join(root, 'version sets', v.name, 'versionSetInformation.json')));
  // Current revisions first, so each API's current one is the first revision created.
  for (const api of [...service.apis].sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent))) {
    const props = await properties(path.join(api.folder, 'apiInformation.json'));
    const id = `${serviceId}/apis/${api.apiId};rev=${api.revision}`;
    emulator.put(id, { ...props, apiRevision: api.revision, isCurrent: api.isCurrent });
    await policy(id, api.policy?.path);
    for (const op of api.operations) {
      emulator.put(`${id}/operations/${op.name}`, { displayName: op.displayName, method: op.method ?? 'GET', urlTemplate: op.urlTemplate ?? '/' });
      await policy(`${id}/operations/${op.name}`, op.policy?.path);
    }
  }
  for (const b of service.backends) emulator.put(`${serviceId}/backends/${b.name}`, await properties(path.join(root, 'backends', b.name, 'backendInformation.json')));
  for (const n of service.namedValues) {
    const props = await properties(path.join(root, 'named values', n.name, 'namedValueInformation.json'));
    emulator.put(`${serviceId}/namedValues/${n.name}`, { ...props, ...(n.secret && secrets[n.displayName] !== undefined ? { value: secrets[n.displayName] } : {}) });
  }
  for (const f of service.fragments) {
    emulator.put(`${serviceId}/policyFragments/${f.name}`, { ...(f.description ? { description: f.description } : {}), value: (await text(f.policy?.path)) ?? '', format: 'rawxml' });
  }
  for (const p of service.products) {
    emulator.put(`${serviceId}/products/${p.name}`, await properties(path.join(root, 'products', p.name, 'productInformation.json')));
    await policy(`${serviceId}/products/${p.name}`, p.policy?.path);
    for (const a of p.apis) emulator.put(`${serviceId}/products/${p.name}/apis/${a}`, {});
  }
}
