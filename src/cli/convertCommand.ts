// `apim-workbench convert`: an APIOps folder written in the other artifact layout (Azure/apiops v7
// ↔ Azure/apiops-cli), losslessly (src/workspace/convertLayout.ts).

import * as path from 'node:path';
import { ConvertError, convertLayout, nodeWritableFileSystem } from '../workspace/convertLayout';
import { CliError, EXIT, parseOptions } from './cliSupport';
import type { Command } from './command';

const OPTIONS = { to: { type: 'string', choices: ['v7', 'cli'] }, out: { type: 'string' } } as const;

export const convertCommand: Command = {
  name: 'convert',
  usage: 'convert <APIOps folder> --to v7|cli --out <folder>',
  summary: "Write an APIOps folder in the other artifact layout: Azure/apiops v7 (named values/, policy fragments/ with policy.xml, product API folders) or Azure/apiops-cli (namedValues/, a fragment's XML in its information file, apis.json, operationInformation.json). Lossless both ways; --out must be new or empty.",
  async run(args, io) {
    const { values, positionals } = parseOptions('convert', args, OPTIONS);
    if (!positionals[0] || !values.to || !values.out) throw new CliError(`convert needs a folder, --to and --out. Usage: apim-workbench ${convertCommand.usage}`);
    const from = path.resolve(positionals[0]);
    const to = path.resolve(values.out);
    try {
      const r = await convertLayout(nodeWritableFileSystem, from, to, values.to as 'v7' | 'cli');
      io.out(`${path.relative(process.cwd(), from) || '.'} (${r.source} layout) → ${path.relative(process.cwd(), to)} (${values.to} layout): ${r.files} files written.`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof ConvertError) throw new CliError(`convert: ${e.message}`);
      throw e;
    }
  },
};
