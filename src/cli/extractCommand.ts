// `apim-workbench extract`: a live service (or one API) written to a folder in the APIOps layout,
// signing in like `publish` (environment credentials, then the Azure CLI). Secret values are
// never written.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApimClient } from '../azure/apimClient';
import { extractService } from '../azure/extract';
import { LiveService } from '../azure/liveService';
import { serviceRef } from '../azure/scopes';
import { CliError, EXIT, parseOptions, type Io } from './cliSupport';
import type { Command } from './command';
import { cliCredential } from './publishCommand';
import type { ArtifactLayout } from '../workspace/apiopsModel';
import { detectLayout } from '../workspace/apiopsLoader';
import { convertLayout, nodeWritableFileSystem } from '../workspace/convertLayout';
import { nodeFileSystem } from '../workspace/fileSystem';

const EXTRACT_USAGE = 'extract --subscription <id> --resource-group <rg> --service <name> --out <folder> [--api <name>] [--layout v7|cli] [--timeout SECONDS]';

const OPTIONS = { subscription: { type: 'string' }, 'resource-group': { type: 'string' }, service: { type: 'string' }, out: { type: 'string' }, api: { type: 'string' }, layout: { type: 'string', choices: ['v7', 'cli'] }, timeout: { type: 'string', minInteger: 1 } } as const;

export const extractCommand: Command = {
  name: 'extract',
  usage: EXTRACT_USAGE,
  summary: 'Write a live service (or one API, --api) to a folder in an APIOps layout: --layout v7 or cli (default: the layout the folder already has, else v7); secret values are never written. Signs in like publish; each Azure call gives up after --timeout seconds (default 60).',
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
  // The layout asked for, or the one the folder already has (a re-extraction keeps it), or v7.
  const layout = (values.layout as ArtifactLayout | undefined) ?? ((await nodeFileSystem.stat(out))?.isDirectory ? await detectLayout(nodeFileSystem, out) : 'v7');
  // The extractor writes v7; for the apiops-cli layout it writes to a scratch folder, converted into --out.
  const scratch = layout === 'cli' ? await mkdtemp(path.join(tmpdir(), 'apim-extract-')) : undefined;
  const target = scratch ? path.join(scratch, 'v7') : out;
  try {
    const { files, withheld } = await extractService(
      live,
      async (rel, text) => {
        const file = path.join(target, rel);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      },
      { ...(values.api ? { api: values.api } : {}), onProgress: (m) => io.out(`extracting ${m}`) },
    );
    let written = files;
    if (scratch) {
      const converted = path.join(scratch, 'cli');
      written = (await convertLayout(nodeWritableFileSystem, target, converted, 'cli')).files;
      await copyInto(converted, out);
    }
    io.out(`Extracted ${values.api ?? values.service} to ${out} in the ${layout === 'cli' ? 'apiops-cli' : 'v7'} layout (${written} files).`);
    if (withheld.length) io.err(`${withheld.length} literal backend credential value${withheld.length === 1 ? ' was' : 's were'} written as *** (${withheld.join('; ')}): keep credentials in secret named values and reference them as {{name}}.`);
    return EXIT.ok;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return EXIT.problems;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Every file of `from` written to the same place under `to` (what is there already stays). */
async function copyInto(from: string, to: string): Promise<void> {
  for (const e of await nodeFileSystem.readDirectory(from)) {
    const s = path.join(from, e.name);
    const d = path.join(to, e.name);
    if (e.isDirectory) await copyInto(s, d);
    else {
      await mkdir(to, { recursive: true });
      await writeFile(d, await nodeFileSystem.readFile(s));
    }
  }
}
