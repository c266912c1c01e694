// `apim-workbench tree` and `roots`: the APIOps services under a folder, as the explorer shows
// them (or as JSON), and just their folders.

import * as path from 'node:path';
import { childrenOf, present, type ExplorerNode } from '../explorer/explorerTree';
import { findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { CliError, EXIT, outColors, parseOptions, type Io } from './cliSupport';
import type { Command } from './command';

async function rootsUnder(folder: string, depth: number): Promise<string[]> {
  const stat = await nodeFileSystem.stat(folder);
  if (!stat) throw new CliError(`No such folder: ${folder}`);
  if (!stat.isDirectory) throw new CliError(`${folder} is a file: give the folder that holds the APIOps service.`);
  return findApiopsRoots(nodeFileSystem, folder, depth);
}

export const treeCommand: Command = {
  name: 'tree',
  usage: 'tree [folder] [--json] [--depth N] [--env <environment>]',
  summary: 'Show the APIOps services found under a folder (--depth levels, default 4) as the explorer shows them, or as JSON.',
  async run(args, io) {
    const { values, positionals } = parseOptions('tree', args, { json: { type: 'boolean' }, depth: { type: 'string', minInteger: 0 }, env: { type: 'string' } });
    const folder = path.resolve(positionals[0] ?? '.');
    const roots = await rootsUnder(folder, Number(values.depth ?? 4));
    if (roots.length === 0) throw new CliError(`No APIOps folder found under ${folder} (looked ${values.depth ?? 4} levels down for apis/, products/, named values/, …).`);
    const services = await Promise.all(roots.map((r) => loadApiopsService(nodeFileSystem, r, values.env ? { environment: values.env } : {}).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e));
    })));
    if (values.json) io.out(JSON.stringify(services, null, 2));
    else for (const service of services) printTree({ kind: 'service', service }, '', io);
    return services.some((s) => s.problems.length > 0) ? EXIT.problems : EXIT.ok;
  },
};

export const rootsCommand: Command = {
  name: 'roots',
  usage: 'roots [folder] [--depth N]',
  summary: 'List the APIOps service folders under a folder (--depth levels, default 4).',
  async run(args, io) {
    const { values, positionals } = parseOptions('roots', args, { depth: { type: 'string', minInteger: 0 } });
    const folder = path.resolve(positionals[0] ?? '.');
    const roots = await rootsUnder(folder, Number(values.depth ?? 4));
    if (roots.length === 0) throw new CliError(`No APIOps folder found under ${folder}.`);
    for (const r of roots) io.out(r);
    return EXIT.ok;
  },
};

function printTree(node: ExplorerNode, indent: string, io: Io): void {
  const p = present(node);
  const c = outColors(io);
  io.out(`${indent}${p.label}${p.description ? `  ${c.dim(`(${p.description})`)}` : ''}`);
  for (const child of childrenOf(node)) printTree(child, `${indent}  `, io);
}
