// `apim-workbench trace`: the requests of a .http file sent through a live APIM gateway with a
// debug token, each response printed with the gateway's own trace, and with --compare the same
// request simulated over an APIOps folder's policies beside it, the first difference marked.
// Exit 0 when every request completed and was traced, 2 when tracing failed. Signs in like
// `publish`. The token and the subscription key are secrets: masked wherever they would show.

import * as path from 'node:path';
import { createApimClient } from '../azure/apimClient';
import { DebugTokens, LiveTraceError, liveTraceEntries } from '../tracing/liveTrace';
import { LiveService } from '../azure/liveService';
import { liveComparison } from '../tracing/liveGatewayConfig';
import { outcomeJson as jsonOutcome, traceRequests, type LiveTraceOutcome } from '../tracing/liveTraceSession';
import { serviceRef } from '../azure/scopes';
import { PROCESS_SECRETS, SecretSet } from '../common/secrets';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import type { GatewayConfig } from '../gateway/gatewayConfig';
import { HttpFileError, parseHttpFile } from '../gateway/httpFile';
import { entryLabel } from '../gateway/traceView';
import { findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { CliError, EXIT, parseOptions, readInputFile } from './cliSupport';
import type { Command } from './command';
import { cliCredential } from './publishCommand';

const OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  service: { type: 'string' },
  gateway: { type: 'string' },
  'gateway-url': { type: 'string' },
  request: { type: 'string', minInteger: 1 },
  format: { type: 'string', choices: ['text', 'json'] },
  compare: { type: 'string' },
  key: { type: 'string' },
  timeout: { type: 'string', minInteger: 1 },
} as const;

export const traceCommand: Command = {
  name: 'trace',
  usage: 'trace <file.http> --subscription <id> --resource-group <rg> --service <name> [--gateway managed|<self-hosted id> --gateway-url <url>] [--request N] [--format text|json] [--compare <APIOps folder>|live] [--key <subscription key>] [--timeout S]',
  summary:
    "Send the requests of a .http file through a live APIM gateway with a debug token (listDebugCredentials: needs Contributor on the service) and print each response with the gateway's trace; --compare runs the same request through the simulator over an APIOps folder's policies (or, with --compare live, the service's live policies) and marks the first step where they differ. The subscription key is found through the API's products unless --key gives one. Exit 2 when tracing failed. Signs in with environment credentials, then the Azure CLI.",
  async run(args, io) {
    const { values, positionals } = parseOptions('trace', args, OPTIONS);
    const missing = ['subscription', 'resource-group', 'service'].filter((k) => !values[k as keyof typeof values]);
    if (!positionals[0] || missing.length) throw new CliError(`trace needs ${!positionals[0] ? 'a .http file' : missing.map((m) => `--${m}`).join(', ')}. Usage: apim-workbench ${traceCommand.usage}`);
    const httpFile = path.resolve(positionals[0]);
    let requests;
    try {
      requests = parseHttpFile(await readInputFile(httpFile, 'the requests to trace'));
    } catch (e) {
      if (e instanceof HttpFileError) throw new CliError(`${positionals[0]}:${e.line}: ${e.message}`);
      throw e;
    }
    if (requests.length === 0) throw new CliError(`${positionals[0]} has no request.`);
    if (values.request) {
      const chosen = requests[Number(values.request) - 1];
      if (!chosen) throw new CliError(`${positionals[0]} has ${requests.length} request${requests.length === 1 ? '' : 's'}: there is no request ${values.request}.`);
      requests = [chosen];
    }
    const compareWithFolder = values.compare && values.compare !== 'live' ? await folderGateway(path.resolve(values.compare)) : undefined;
    const secrets = new SecretSet(PROCESS_SECRETS);
    if (values.key) secrets.add(values.key);
    const { credential, redirect } = cliCredential();
    const client = createApimClient(credential, values.subscription!, { ...(redirect ? { redirectTo: redirect, retryDelayMs: 10, maxRetries: 1 } : {}), ...(values.timeout ? { timeoutMs: Number(values.timeout) * 1000 } : {}) });
    const service = serviceRef(values.subscription!, values['resource-group']!, values.service!);
    const tokens = new DebugTokens(client, service, secrets);
    // --compare live: each request simulated over the live policies of the API it reached.
    const compareWith = values.compare === 'live' ? liveComparison(new LiveService(client, service), new Map(), (api, e) => io.err(secrets.maskText(`note: the live policies of ${api} could not be read for the comparison: ${e instanceof Error ? e.message : String(e)}`))) : compareWithFolder;
    const json = values.format === 'json';
    const outcomes: LiveTraceOutcome[] = [];
    try {
      await traceRequests(
        { client, service, tokens, gatewayId: values.gateway ?? 'managed', ...(values['gateway-url'] ? { gatewayUrl: values['gateway-url'] } : {}), ...(values.key ? { key: values.key } : {}), secrets, ...(compareWith ? { compareWith } : {}), progress: (step) => io.progress?.(secrets.maskText(step)) },
        requests,
        async (outcome) => {
          io.progress?.(undefined);
          outcomes.push(outcome);
          if (!json) for (const line of textReport(outcome)) io.out(secrets.maskText(line));
          await io.drain?.();
        },
      );
    } catch (e) {
      io.progress?.(undefined);
      if (e instanceof LiveTraceError) {
        io.err(secrets.maskText(`✖ ${e.message}`));
        return EXIT.usage;
      }
      throw e;
    }
    if (json) io.out(secrets.maskText(JSON.stringify(outcomes.map(jsonOutcome), null, 2)));
    const failed = outcomes.filter((o) => o.error);
    if (failed.length && !json) io.err(`${failed.length} of ${outcomes.length} request${outcomes.length === 1 ? '' : 's'} could not be traced.`);
    return failed.length ? EXIT.usage : EXIT.ok;
  },
};

async function folderGateway(folder: string): Promise<GatewayConfig> {
  const [root] = await findApiopsRoots(nodeFileSystem, folder, 0);
  if (!root) throw new CliError(`--compare: ${folder} is not an APIOps folder (no apis/, products/, named values/, … in it).`);
  return gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function textReport(o: LiveTraceOutcome): string[] {
  const out: string[] = [''];
  const r = o.result;
  if (!r) {
    out.push(`${o.request.method} ${o.request.url}`);
    if (o.error?.response) out.push(`  → ${o.error.response.status} ${o.error.response.reason}`);
    out.push(`  ✖ ${o.error?.message ?? 'not traced'}`);
    return out;
  }
  out.push(`${r.request.method} ${r.request.url} → ${r.response.status} ${r.response.reason}`);
  out.push(`  traced on gateway ${r.gatewayId} for API ${r.api}, trace ${r.traceId}${r.renewed ? ' (the debug token was renewed)' : ''}`);
  for (const [n, v] of r.response.headers) out.push(`  ${n}: ${v}`);
  if (r.response.body) out.push(`  ${short(r.response.body, 400)}`);
  const entries = liveTraceEntries(r.trace);
  const sim = o.simulated?.trace ?? [];
  const comparison = o.comparison;
  if (!comparison) {
    for (const e of entries) out.push(`  ${e.section.padEnd(9)} ${e.elapsed ?? ''}  ${entryLabel(e)}: ${short(typeof e.data === 'string' ? e.data : JSON.stringify(e.data ?? null), 200)}`);
    return out;
  }
  out.push('  live ⟷ simulated:');
  comparison.steps.forEach((s, i) => {
    const mark = comparison.first?.step === i ? '▶' : s.difference ? '≠' : ' ';
    const left = s.live !== undefined ? entryLabel(entries[s.live]!) : '—';
    const right = s.simulated !== undefined ? entryLabel(sim[s.simulated]!) : '—';
    const where = s.simulated !== undefined && sim[s.simulated]?.location?.file ? `  (${path.relative(process.cwd(), sim[s.simulated]!.location!.file!)})` : '';
    out.push(`  ${mark} ${s.section.padEnd(9)} ${left.padEnd(34)} ${right}${s.difference ? `   ${s.difference}` : ''}${where}`);
  });
  for (const d of comparison.response) out.push(`  ≠ response: ${d}`);
  out.push(comparison.first ? `  first difference: ${comparison.first.step === 'response' ? 'in the response' : `step ${comparison.first.step + 1}`}: ${comparison.first.what}` : '  the simulator agrees with the live gateway on every step and on the response');
  return out;
}

