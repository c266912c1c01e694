// `apim-workbench simulate`: the requests of a .http file run through the gateway simulator (an
// APIOps folder, or the gateway a policy test file describes), each response printed with its
// trace. A request refused for its subscription key says how to give one (--key).

import * as path from 'node:path';
import { apisServingHttp, gatewayFromApiops } from '../gateway/apiopsGateway';
import type { GatewayConfig } from '../gateway/gatewayConfig';
import { HttpFileError } from '../gateway/httpFile';
import { scenarioGateway, ScenarioError } from '../gateway/scenario';
import { simulateHttpEach, subscriptionKeyProblem } from '../gateway/simulateHttp';
import { readPolicyText, simulationReporter } from '../gateway/simulationReport';
import { findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { CliError, EXIT, errColors, parseOptions, readInputFile } from './cliSupport';
import type { Command } from './command';
import { namedValueOptions } from './evalCommand';

const OPTIONS = {
  request: { type: 'string' },
  format: { type: 'string', choices: ['text', 'json'] },
  backend: { type: 'string', choices: ['mock', 'real'] },
  key: { type: 'string', multiple: true },
  'named-value': { type: 'string', multiple: true },
  env: { type: 'string' },
} as const;

export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'simulate <APIOps folder or test file> --request <file.http> [--format text|json] [--backend mock|real] [--key KEY=PRODUCT]... [--named-value NAME=VALUE]... [--env <environment>]',
  summary: 'Run the requests of a .http file through the gateway simulator and print each response and its trace. Backends answer 200 OK unless --backend real; --key adds a subscription key for a product.',
  async run(args, io) {
    const { values, positionals } = parseOptions('simulate', args, OPTIONS);
    if (!positionals[0] || !values.request) throw new CliError(`simulate needs ${!positionals[0] ? 'an APIOps folder or a policy test file' : 'a .http file (--request file.http)'}. Usage: apim-workbench ${simulateCommand.usage}`);
    const target = path.resolve(positionals[0]);
    const stat = await nodeFileSystem.stat(target);
    if (!stat) throw new CliError(`No such file or folder: ${target}`);
    const subscriptions = (values.key ?? []).map((k) => {
      const eq = k.indexOf('=');
      const [key, product] = eq < 0 ? [k, undefined] : [k.slice(0, eq), k.slice(eq + 1)];
      if (!key) throw new CliError(`simulate: --key needs KEY or KEY=PRODUCT, not '${k}'.`);
      return { key, ...(product ? { product } : {}), state: 'active' };
    });
    const httpText = await readInputFile(path.resolve(values.request), 'the requests to simulate');
    const config = await gatewayOf(target, stat.isDirectory, values.env, httpText);
    const namedValues = Object.fromEntries(namedValueOptions('simulate', values['named-value']));
    const real = values.backend === 'real';
    const json = values.format === 'json';
    // Each request is printed as soon as it is simulated, and nothing of it is kept after.
    const report = simulationReporter({ baseDir: process.cwd(), fileText: readPolicyText, mockedBackends: !real });
    let keyProblem: ReturnType<typeof subscriptionKeyProblem>;
    let count = 0;
    try {
      await simulateHttpEach(config, httpText, { subscriptions, namedValues, real }, async (request, result) => {
        // The file parsed (a bad one is an error before any output): the report begins.
        if (count === 0) {
          if (json) io.out('[');
          else for (const line of report.header()) io.out(line);
        }
        keyProblem ??= subscriptionKeyProblem(result, config);
        if (json) io.out(`${count > 0 ? ',' : ''}${JSON.stringify({ request: { name: request.name, line: request.line, method: request.method, url: request.url }, ...result }, null, 2)}`);
        else io.out(report.request(request, result).join('\n'));
        count++;
        // A slow reader (a pipe, a CI log) must not make the report pile up in memory.
        await io.drain?.();
      });
    } catch (e) {
      if (e instanceof HttpFileError) throw new CliError(`${values.request}:${e.line}: ${e.message}`);
      throw e;
    }
    if (json) {
      io.out(']');
      return EXIT.ok;
    }
    if (keyProblem) {
      const products = keyProblem.products.length ? keyProblem.products : ['PRODUCT'];
      io.err(`${errColors(io).yellow('hint:')} ${keyProblem.missing ? 'a request had no subscription key' : 'a request had a subscription key the simulator does not know'}: give one with --key (for example --key my-test-key=${products[0]}; products: ${products.join(', ')}) and send it in an Ocp-Apim-Subscription-Key header.`);
    }
    return EXIT.ok;
  },
};

async function gatewayOf(target: string, isFolder: boolean, environment: string | undefined, httpText: string): Promise<GatewayConfig> {
  if (isFolder) {
    const [root] = await findApiopsRoots(nodeFileSystem, target, 0);
    if (!root) throw new CliError(`${target} is not an APIOps folder (no apis/, products/, named values/, … in it).`);
    const service = await loadApiopsService(nodeFileSystem, root, environment ? { environment } : {}).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e));
    });
    // Only the APIs the file's requests could reach are read (a large estate has thousands).
    return gatewayFromApiops(service, nodeFileSystem, [], { apis: apisServingHttp(httpText) });
  }
  if (environment) throw new CliError('simulate: --env applies to an APIOps folder; a policy test file names its folder in `config:` (use apim-workbench test --env).');
  try {
    return await scenarioGateway(target, nodeFileSystem);
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(e.message, EXIT.problems);
    throw e;
  }
}
