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
import { changesFromFolder, reconcileFolder, recordPublishedRevision, withEnvironmentPolicies } from '../publish/localRevisions';
import { applyPublish, deleteRevision, describeStep, formatPlan, planPublish, policyLabel, PublishError } from '../publish/revisionPublish';
import { currentApis, type ApiopsService } from '../workspace/apiopsModel';
import { apiopsRootOf, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';

import { CliError, EXIT, parseOptions, type Io } from './cliSupport';
import type { Command } from './command';

const PUBLISH_USAGE = 'publish <APIOps folder or API folder> --subscription <id> --resource-group <rg> --service <name> [--api <name>] [--env <name>] [--description <text>] [--make-current] [--notes <text>] [--dry-run] [--delete-on-failure] [--keep-going] [--force] [--timeout SECONDS]';

const OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  service: { type: 'string' },
  api: { type: 'string' },
  env: { type: 'string' },
  description: { type: 'string' },
  'make-current': { type: 'boolean' },
  notes: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'delete-on-failure': { type: 'boolean' },
  'keep-going': { type: 'boolean' },
  force: { type: 'boolean' },
  timeout: { type: 'string', minInteger: 1 },
} as const;

export const publishCommand: Command = {
  name: 'publish',
  usage: PUBLISH_USAGE,
  summary:
    'Publish the policy changes of an APIOps folder (or one API folder) as new API revisions: the plan first, then each step; --make-current releases them, --dry-run only reads. --env publishes the API and operation policies as configuration.<env>.yaml has them (the folder is then not rewritten). A hotfix made meanwhile, a revision number taken by another publisher or a folder behind Azure stops it (--force publishes a folder behind Azure). After a failure the other APIs are skipped (--keep-going tries them). Each Azure call gives up after --timeout seconds (default 60). Signs in with environment credentials, then the Azure CLI.',
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
  // With --env, the service as that environment has it, for the policies it replaces.
  let envService: ApiopsService | undefined;
  const loadFor = async (root: string, environment?: string): Promise<ApiopsService> =>
    loadApiopsService(nodeFileSystem, root, environment ? { environment } : {}).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e));
    });
  if (existsSync(path.join(folder!, 'apiInformation.json'))) {
    if (/;rev=\d+$/.test(folder!)) throw new CliError(`${folder} is a non-current revision: publish from the API's plain folder.`);
    apiFolders = [folder!];
    if (values.env) {
      const root = await apiopsRootOf(nodeFileSystem, path.join(folder!, 'apiInformation.json'));
      if (!root) throw new CliError(`--env needs the API folder inside an APIOps folder (its configuration.<env>.yaml sits beside that): none found above ${folder}.`);
      envService = await loadFor(root, values.env);
    }
  } else {
    const service = await loadFor(folder!, values.env);
    if (values.env) envService = service;
    const apis = currentApis(service.apis).filter((a) => !values.api || a.name === values.api);
    if (apis.length === 0) throw new CliError(values.api ? `The folder has no API named '${values.api}'.` : `No API found in ${folder}.`);
    apiFolders = apis.map((a) => a.folder);
  }
  const { credential: cred, redirect } = cliCredential();
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : undefined;
  const client = createApimClient(cred, values.subscription!, { ...(redirect ? { redirectTo: redirect, retryDelayMs: 10, maxRetries: 1 } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
  const live = new LiveService(client, serviceRef(values.subscription!, values['resource-group']!, values.service!));
  const description = values.description ?? `Published with apim-workbench on ${new Date().toISOString().slice(0, 10)}`;
  // What happened to each API, for a closing summary that is true for all of them.
  const outcome: { api: string; result: 'published' | 'unchanged' | 'planned' | 'failed' | 'skipped'; detail: string }[] = [];
  let failed = false;
  for (const apiFolder of apiFolders) {
    const apiId = path.basename(apiFolder);
    if (failed && !values['keep-going']) {
      outcome.push({ api: apiId, result: 'skipped', detail: 'not tried after the failure above (--keep-going tries it)' });
      continue;
    }
    const result = await publishOne(apiFolder, apiId);
    outcome.push({ api: apiId, ...result });
    if (result.result === 'failed') failed = true;
  }
  if (outcome.length > 1 || failed) {
    io.out('');
    io.out('Summary:');
    for (const o of outcome) io.out(`  ${o.api}: ${o.result}${o.detail ? `, ${o.detail}` : ''}`);
  }
  const published = outcome.filter((o) => o.result === 'published').length;
  io.out(values['dry-run'] ? 'Dry run: no change was made.' : `${published} API${published === 1 ? '' : 's'} published${failed ? `; ${outcome.filter((o) => o.result === 'failed').length} failed, ${outcome.filter((o) => o.result === 'skipped').length} not tried` : ''}.`);
  return failed ? EXIT.problems : EXIT.ok;

  async function publishOne(apiFolder: string, apiId: string): Promise<{ result: 'published' | 'unchanged' | 'planned' | 'failed'; detail: string }> {
    let plan;
    try {
      let changes = await changesFromFolder(apiFolder);
      if (envService?.environment) {
        // The folder serves every environment and records the revisions of the one it was
        // extracted from: with --env it is neither reconciled with this service nor rewritten;
        // the publish itself still stops on a change made meanwhile (its checks and ETags).
        const api = envService.apis.find((a) => path.resolve(a.folder) === path.resolve(apiFolder));
        const applied = api ? withEnvironmentPolicies(changes, api) : { changes, replaced: [] };
        changes = applied.changes;
        io.out(`  environment ${envService.environment.name} (${path.basename(envService.environment.file)}): ${applied.replaced.length ? `${applied.replaced.map(policyLabel).join(', ')} as the environment file has ${applied.replaced.length === 1 ? 'it' : 'them'}` : `no policy of ${apiId} replaced`}; the folder will not be rewritten.`);
      } else {
        const state = await reconcileFolder(live, apiFolder, apiId);
        if (state.kind === 'caughtUp') io.out(`  ${apiId}: Azure's current revision ${state.to} already holds this folder's policies (a publish that stopped after its release?); the folder, which recorded revision ${state.from}, now lays out the revisions as the service has them.`);
        if (state.kind === 'behind' && !values.force) {
          io.err(`  ✖ ${apiId}: the folder records revision ${state.folder} as current, but Azure's current revision is ${state.azure}, and its ${state.differing.join(', ')} ${state.differing.length === 1 ? 'differs' : 'differ'} from the folder's. Publishing would replace that newer revision's policies with the folder's: bring the folder up to date (apim-workbench extract, or pull the team's changes), or pass --force.`);
          return { result: 'failed', detail: `the folder is behind Azure's revision ${state.azure}` };
        }
      }
      plan = await planPublish(live, { apiId, changes, description, makeCurrent: values['make-current'] === true, ...(values.notes ? { releaseNotes: values.notes } : {}) });
    } catch (e) {
      io.err(`  ✖ Cannot plan the publish of ${apiId}: ${e instanceof Error ? e.message : String(e)}`);
      return { result: 'failed', detail: 'planning failed; nothing was changed' };
    }
    for (const line of formatPlan(plan, values.service!)) io.out(line);
    if (plan.changes.length === 0) {
      io.out(`  nothing to publish for ${apiId}: its policies are the same as in the current revision.`);
      return { result: 'unchanged', detail: `the current revision ${plan.currentRevision} already has these policies` };
    }
    if (values['dry-run']) {
      io.out('  dry run: nothing was changed.');
      return { result: 'planned', detail: 'dry run' };
    }
    try {
      const result = await applyPublish(live, plan, { onStep: (step, i, state) => state === 'done' && io.out(`  ✔ step ${i + 1}: ${describeStep(step)}`), onNote: (n) => io.out(`  ! ${n}`) });
      if (envService) {
        io.out(`  published ${apiId} revision ${result.revision}${result.madeCurrent ? ', now current' : ''} to the ${envService.environment?.name} environment.`);
      } else {
        await recordPublishedRevision(apiFolder, plan, result);
        io.out(`  published ${apiId} revision ${result.revision}${result.madeCurrent ? ', now current' : ''}; the folder now lays out the revisions as the service has them.`);
      }
      return { result: 'published', detail: `revision ${result.revision}${result.madeCurrent ? ', current' : ', not current'}` };
    } catch (e) {
      if (!(e instanceof PublishError)) throw e;
      io.err(`  ✖ ${e.message}`);
      for (const c of e.conflicts) io.err(`  ${c.label}, as planned against (-) and as the current revision has it now (+):\n${c.diff.split('\n').map((l) => `    ${l}`).join('\n')}`);
      let detail = `failed while ${e.step}`;
      if (e.revisionCreated && values['delete-on-failure']) {
        try {
          await deleteRevision(live, apiId, e.revisionCreated, e.revisionEtag ? { ifMatch: e.revisionEtag } : {});
          io.err(`  revision ${e.revisionCreated} was deleted (--delete-on-failure).`);
          detail += `; revision ${e.revisionCreated} deleted`;
        } catch (d) {
          io.err(`  revision ${e.revisionCreated} could not be deleted: ${d instanceof Error ? d.message : String(d)}`);
          detail += `; revision ${e.revisionCreated} kept`;
        }
      } else if (e.revisionCreated) {
        io.err(`  revision ${e.revisionCreated} was kept (not current); --delete-on-failure deletes it.`);
        detail += `; revision ${e.revisionCreated} kept`;
      }
      return { result: 'failed', detail };
    }
  }
}
