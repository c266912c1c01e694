// `apim-workbench simulate`: the requests of a .http file run through the gateway simulator (an
// APIOps folder, or the gateway a policy test file describes), each response printed with its
// trace. A request refused for its subscription key says how to give one (--key).

import * as path from 'node:path';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import type { GatewayConfig } from '../gateway/gatewayConfig';
import { HttpFileError } from '../gateway/httpFile';
import { scenarioGateway, ScenarioError } from '../gateway/scenario';
import { simulateHttp, subscriptionKeyProblem } from '../gateway/simulateHttp';
import { formatSimulation, readPolicyText } from '../gateway/simulationReport';
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
} as const;

export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'simulate <APIOps folder or test file> --request <file.http> [--format text|json] [--backend mock|real] [--key KEY=PRODUCT]... [--named-value NAME=VALUE]...',
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
    const config = await gatewayOf(target, stat.isDirectory);
    const namedValues = Object.fromEntries(namedValueOptions('simulate', values['named-value']));
    const real = values.backend === 'real';
    let results;
    try {
      results = await simulateHttp(config, httpText, { subscriptions, namedValues, real });
    } catch (e) {
      if (e instanceof HttpFileError) throw new CliError(`${values.request}:${e.line}: ${e.message}`);
      throw e;
    }
    if (values.format === 'json') {
      io.out(JSON.stringify(results.map(({ request, result }) => ({ request: { name: request.name, line: request.line, method: request.method, url: request.url }, ...result })), null, 2));
      return EXIT.ok;
    }
    io.out(formatSimulation(results, { baseDir: process.cwd(), fileText: readPolicyText, mockedBackends: !real }));
    const keyProblem = results.map((r) => subscriptionKeyProblem(r.result, config)).find((p) => p !== undefined);
    if (keyProblem) {
      const products = keyProblem.products.length ? keyProblem.products : ['PRODUCT'];
      io.err(`${errColors(io).yellow('hint:')} ${keyProblem.missing ? 'a request had no subscription key' : 'a request had a subscription key the simulator does not know'}: give one with --key (for example --key my-test-key=${products[0]}; products: ${products.join(', ')}) and send it in an Ocp-Apim-Subscription-Key header.`);
    }
    return EXIT.ok;
  },
};

async function gatewayOf(target: string, isFolder: boolean): Promise<GatewayConfig> {
  if (isFolder) {
    const [root] = await findApiopsRoots(nodeFileSystem, target, 0);
    if (!root) throw new CliError(`${target} is not an APIOps folder (no apis/, products/, named values/, … in it).`);
    return gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
  }
  try {
    return await scenarioGateway(target, nodeFileSystem);
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(e.message, EXIT.problems);
    throw e;
  }
}
