// `apim-workbench extract`: a live service (or one API) written to a folder in the APIOps layout,
// signing in like `publish` (environment credentials, then the Azure CLI). Secret values are
// never written.

import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createApimClient } from '../azure/apimClient';
import { extractService } from '../azure/extract';
import { LiveService } from '../azure/liveService';
import { serviceRef } from '../azure/scopes';
import { CliError, EXIT, parseOptions, type Io } from './cliSupport';
import type { Command } from './command';
import { cliCredential } from './publishCommand';

const EXTRACT_USAGE = 'extract --subscription <id> --resource-group <rg> --service <name> --out <folder> [--api <name>] [--timeout SECONDS]';

const OPTIONS = { subscription: { type: 'string' }, 'resource-group': { type: 'string' }, service: { type: 'string' }, out: { type: 'string' }, api: { type: 'string' }, timeout: { type: 'string', minInteger: 1 } } as const;

export const extractCommand: Command = {
  name: 'extract',
  usage: EXTRACT_USAGE,
  summary: 'Write a live service (or one API, --api) to a folder in the APIOps layout; secret values are never written. Signs in like publish; each Azure call gives up after --timeout seconds (default 60).',
  run: extract,
};

async function extract(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseOptions('extract', args, OPTIONS);
  const missing = [!values.subscription && '--subscription', !values['resource-group'] && '--resource-group', !values.service && '--service', !values.out && '--out'].filter(Boolean);
  if (missing.length) throw new CliError(`extract needs ${missing.join(', ')}. Usage: apim-workbench ${EXTRACT_USAGE}`);
  const { credential, redirect } = cliCredential();
  const client = createApimClient(credential, values.subscription!, { ...(redirect ? { redirectTo: redirect, retryDelayMs: 10 } : {}), ...(values.timeout ? { timeoutMs: Number(values.timeout) * 1000 } : {}) });
  const live = new LiveService(client, serviceRef(values.subscription!, values['resource-group']!, values.service!));
  const out = path.resolve(values.out!);
  try {
    const { files, withheld } = await extractService(
      live,
      async (rel, text) => {
        const file = path.join(out, rel);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      },
      { ...(values.api ? { api: values.api } : {}), onProgress: (m) => io.out(`extracting ${m}`) },
    );
    io.out(`Extracted ${values.api ?? values.service} to ${out} (${files} files).`);
    if (withheld.length) io.err(`${withheld.length} literal backend credential value${withheld.length === 1 ? ' was' : 's were'} written as *** (${withheld.join('; ')}): keep credentials in secret named values and reference them as {{name}}.`);
    return EXIT.ok;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return EXIT.problems;
  }
}
