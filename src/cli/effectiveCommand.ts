// `apim-workbench effective`: the composed policy of an operation of an APIOps folder (optionally
// through a product), with the portal's scope comments, as the simulator composes it; with
// --links, where each element comes from (file:line).

import * as path from 'node:path';
import { lineColumn } from '../common/span';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import { EffectivePolicyError, effectivePolicy } from '../gateway/effectivePolicyView';
import { readPolicyText } from '../gateway/simulationReport';
import { findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { CliError, EXIT, parseOptions } from './cliSupport';
import type { Command } from './command';

const OPTIONS = {
  api: { type: 'string' },
  operation: { type: 'string' },
  product: { type: 'string' },
  links: { type: 'boolean' },
  env: { type: 'string' },
} as const;

export const effectiveCommand: Command = {
  name: 'effective',
  usage: 'effective <APIOps folder> --api <api> [--operation <operation>] [--product <product>] [--links] [--env <environment>]',
  summary: "Print the effective policy of an operation (or, without --operation, of the API as an operation without a policy of its own meets it): the global, product, API and operation policies composed (fragments expanded) as the simulator composes them, each scope marked with the portal's comments; --links adds where each element comes from.",
  async run(args, io) {
    const { values, positionals } = parseOptions('effective', args, OPTIONS);
    if (!positionals[0] || !values.api) throw new CliError(`effective needs an APIOps folder and --api. Usage: apim-workbench ${effectiveCommand.usage}`);
    const folder = path.resolve(positionals[0]);
    const [root] = await findApiopsRoots(nodeFileSystem, folder, 0);
    if (!root) throw new CliError(`${folder} is not an APIOps folder (no apis/, products/, named values/, … in it).`);
    const service = await loadApiopsService(nodeFileSystem, root, values.env ? { environment: values.env } : {}).catch((e: unknown) => {
      throw new CliError(`effective: ${e instanceof Error ? e.message : String(e)}`);
    });
    // Only the API asked about is read (a large estate has thousands).
    const config = await gatewayFromApiops(service, nodeFileSystem, [], { apis: (a) => a.name === values.api || a.apiId === values.api });
    let result;
    try {
      result = effectivePolicy(config, values.api, values.operation, values.product);
    } catch (e) {
      if (e instanceof EffectivePolicyError) throw new CliError(`effective: ${e.message}`, EXIT.problems);
      throw e;
    }
    io.out(result.text.replace(/\n$/, ''));
    if (values.links) {
      io.out('');
      const texts = new Map<string, string | undefined>();
      for (const l of result.links) {
        const at = result.text.slice(0, l.start).split('\n').length;
        if (!l.file) continue;
        if (!texts.has(l.file)) texts.set(l.file, readPolicyText(l.file));
        const t = texts.get(l.file);
        io.out(`line ${at}: ${path.relative(process.cwd(), l.file)}${t !== undefined ? `:${lineColumn(t, l.offset).line + 1}` : ''}`);
      }
    }
    return EXIT.ok;
  },
};
