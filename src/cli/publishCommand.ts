// `apim-workbench publish`: policy changes of a local APIOps folder (or one API folder) published
// as new API revisions, for pipelines. Signs in with @azure/identity (environment credentials, then
// the Azure CLI's login); prints the plan first, then each step's result; exits non-zero on failure.
// APIM_WORKBENCH_ARM_REDIRECT (tests only) sends every call to a local ARM emulator with a test token.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AzureCliCredential, ChainedTokenCredential, EnvironmentCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { createApimClient } from '../azure/apimClient';
import { LiveService } from '../azure/liveService';
import { serviceRef } from '../azure/scopes';
import { TEST_CREDENTIAL, testRedirect } from '../azure/testRedirect';
import { changesFromFolder, recordPublishedRevision } from '../publish/localRevisions';
import { applyPublish, deleteRevision, describeStep, formatPlan, planPublish, PublishError } from '../publish/revisionPublish';
import { currentApis } from '../workspace/apiopsModel';
import { loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';

import { CliError, EXIT, parseOptions, type Io } from './cliSupport';
import type { Command } from './command';

const PUBLISH_USAGE = 'publish <APIOps folder or API folder> --subscription <id> --resource-group <rg> --service <name> [--api <name>] [--description <text>] [--make-current] [--notes <text>] [--dry-run] [--delete-on-failure]';

const OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  service: { type: 'string' },
  api: { type: 'string' },
  description: { type: 'string' },
  'make-current': { type: 'boolean' },
  notes: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'delete-on-failure': { type: 'boolean' },
} as const;

export const publishCommand: Command = {
  name: 'publish',
  usage: PUBLISH_USAGE,
  summary: 'Publish the policy changes of an APIOps folder (or one API folder) as new API revisions: the plan first, then each step; --make-current releases them, --dry-run only reads. Signs in with environment credentials, then the Azure CLI.',
  run: publish,
};

/** Environment credentials, then the Azure CLI's login; the test-only redirect uses a fixed token. */
export function cliCredential(): { credential: TokenCredential; redirect?: string } {
  const redirect = testRedirect();
  if (redirect) return { credential: TEST_CREDENTIAL, redirect };
  return { credential: new ChainedTokenCredential(new EnvironmentCredential(), new AzureCliCredential()) };
}

async function publish(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('publish', args, OPTIONS);
  const folder = positionals[0] ? path.resolve(positionals[0]) : undefined;
  const missing = [!folder && 'a folder', !values.subscription && '--subscription', !values['resource-group'] && '--resource-group', !values.service && '--service'].filter(Boolean);
  if (missing.length) throw new CliError(`publish needs ${missing.join(', ')}. Usage: apim-workbench ${PUBLISH_USAGE}`);
  if (!existsSync(folder!)) throw new CliError(`No such folder: ${folder}`);
  // An API folder (apis/<api>) or a whole APIOps folder (every current API, or --api).
  let apiFolders: string[];
  if (existsSync(path.join(folder!, 'apiInformation.json'))) {
    if (/;rev=\d+$/.test(folder!)) {
      throw new CliError(`${folder} is a non-current revision: publish from the API's plain folder.`);
    }
    apiFolders = [folder!];
  } else {
    const service = await loadApiopsService(nodeFileSystem, folder!);
    const apis = currentApis(service.apis).filter((a) => !values.api || a.name === values.api);
    if (apis.length === 0) {
      throw new CliError(values.api ? `The folder has no API named '${values.api}'.` : `No API found in ${folder}.`);
    }
    apiFolders = apis.map((a) => a.folder);
  }
  const { credential: cred, redirect } = cliCredential();
  const client = createApimClient(cred, values.subscription!, redirect ? { redirectTo: redirect, retryDelayMs: 10, maxRetries: 1 } : {});
  const live = new LiveService(client, serviceRef(values.subscription!, values['resource-group']!, values.service!));
  const description = values.description ?? `Published with apim-workbench on ${new Date().toISOString().slice(0, 10)}`;
  let published = 0;
  for (const apiFolder of apiFolders) {
    const apiId = path.basename(apiFolder);
    let plan;
    try {
      plan = await planPublish(live, { apiId, changes: await changesFromFolder(apiFolder), description, makeCurrent: values['make-current'] === true, ...(values.notes ? { releaseNotes: values.notes } : {}) });
    } catch (e) {
      io.err(`Cannot plan the publish of ${apiId}: ${e instanceof Error ? e.message : String(e)}`);
      return EXIT.problems;
    }
    for (const line of formatPlan(plan, values.service!)) io.out(line);
    if (plan.changes.length === 0) {
      io.out(`  nothing to publish for ${apiId}: its policies are the same as in the current revision.`);
      continue;
    }
    if (values['dry-run']) {
      io.out('  dry run: nothing was changed.');
      continue;
    }
    try {
      await applyPublish(live, plan, { onStep: (step, i, state) => state === 'done' && io.out(`  ✔ step ${i + 1}: ${describeStep(step)}`) });
    } catch (e) {
      if (!(e instanceof PublishError)) throw e;
      io.err(`  ✖ ${e.message}`);
      if (e.revisionCreated && values['delete-on-failure']) {
        try {
          await deleteRevision(live, apiId, e.revisionCreated);
          io.err(`  revision ${e.revisionCreated} was deleted (--delete-on-failure).`);
        } catch (d) {
          io.err(`  revision ${e.revisionCreated} could not be deleted: ${d instanceof Error ? d.message : String(d)}`);
        }
      } else if (e.revisionCreated) io.err(`  revision ${e.revisionCreated} was kept (not current); --delete-on-failure deletes it.`);
      return EXIT.problems;
    }
    await recordPublishedRevision(apiFolder, plan);
    io.out(`  published ${apiId} revision ${plan.newRevision}${plan.request.makeCurrent ? ', now current' : ''}; the folder now lays out the revisions as the service has them.`);
    published++;
  }
  io.out(values['dry-run'] ? 'Dry run: no change was made.' : `${published} API${published === 1 ? '' : 's'} published.`);
  return EXIT.ok;
}
