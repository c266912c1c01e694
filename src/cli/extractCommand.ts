// `apim-workbench extract`: a live service (or one API) written to a folder in the APIOps layout,
// signing in like `publish` (environment credentials, then the Azure CLI). Secret values are
// never written.

import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createApimClient } from '../azure/apimClient';
import { extractService } from '../azure/extract';
import { LiveService } from '../azure/liveService';
import { serviceRef } from '../azure/scopes';
import { cliCredential, type Io } from './publishCommand';

export const EXTRACT_USAGE = 'extract --subscription <id> --resource-group <rg> --service <name> --out <folder> [--api <name>]';

export async function extractCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { subscription: { type: 'string' }, 'resource-group': { type: 'string' }, service: { type: 'string' }, out: { type: 'string' }, api: { type: 'string' } } });
  const missing = [!values.subscription && '--subscription', !values['resource-group'] && '--resource-group', !values.service && '--service', !values.out && '--out'].filter(Boolean);
  if (missing.length) {
    io.err(`extract needs ${missing.join(', ')}.\nUsage: apim-workbench ${EXTRACT_USAGE}`);
    return 1;
  }
  const { credential, redirect } = cliCredential();
  const client = createApimClient(credential, values.subscription!, redirect ? { redirectTo: redirect, retryDelayMs: 10 } : {});
  const live = new LiveService(client, serviceRef(values.subscription!, values['resource-group']!, values.service!));
  const out = path.resolve(values.out!);
  try {
    const { files } = await extractService(
      live,
      async (rel, text) => {
        const file = path.join(out, rel);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      },
      { ...(values.api ? { api: values.api } : {}), onProgress: (m) => io.out(`extracting ${m}`) },
    );
    io.out(`Extracted ${values.api ?? values.service} to ${out} (${files} files).`);
    return 0;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 2;
  }
}
