// `apim-workbench lint`: policy files checked as the editor checks them. A folder is searched for
// APIOps services (every policy.xml with its scope and the service's named values, backends and
// fragments); a single file is checked with the service it belongs to, when it has one.

import * as path from 'node:path';
import { lineColumn } from '../common/span';
import { lintFile, lintService, type FileDiagnostics } from '../language/lintWorkspace';
import { apiopsRootOf, findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { findEnvironments, loadEnvironment } from '../workspace/environments';
import { nodeFileSystem } from '../workspace/fileSystem';
import { CliError, EXIT, outColors, parseOptions } from './cliSupport';
import type { Command } from './command';

const OPTIONS = { format: { type: 'string', choices: ['text', 'json'] }, depth: { type: 'string', minInteger: 0 }, env: { type: 'string' } } as const;

export const lintCommand: Command = {
  name: 'lint',
  usage: 'lint [files or folders...] [--format text|json] [--depth N] [--env <environment>]',
  summary: 'Check policy files: a folder is searched for APIOps services (--depth levels, default 4) and every policy.xml is checked with its scope and the service’s named values, backends and fragments; a folder with no service has each of its policy files (*.policy.xml, and *.xml whose root is <policies> or <fragment>) checked on its own. Prints one line per problem and how many files were checked.',
  async run(args, io) {
    const { values, positionals } = parseOptions('lint', args, OPTIONS);
    const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(p));
    const results: FileDiagnostics[] = [];
    let looseCount = 0;
    for (const target of targets) {
      const stat = await nodeFileSystem.stat(target);
      if (!stat) throw new CliError(`No such file or folder: ${target}`);
      if (!stat.isDirectory) {
        const root = await apiopsRootOf(nodeFileSystem, target);
        results.push(await lintFile(target, root === undefined ? undefined : await loadApiopsService(nodeFileSystem, root)));
        continue;
      }
      const roots = await findApiopsRoots(nodeFileSystem, target, Number(values.depth ?? 4));
      if (roots.length === 0) {
        // Not an APIOps service: every policy file in it, each on its own.
        const loose = await loosePolicyFiles(target, Number(values.depth ?? 4));
        if (loose.length === 0) throw new CliError(`No APIOps folder and no policy file found under ${target} (looked ${values.depth ?? 4} levels down for apis/, products/, named values/, … and for *.xml files whose root is <policies> or <fragment>).`);
        for (const [i, file] of loose.entries()) {
          io.progress?.(`lint: ${i}/${loose.length} files`);
          results.push(await lintFile(file, undefined));
        }
        looseCount += loose.length;
        continue;
      }
      for (const root of roots) {
        // With --env, the folder as that environment has it; without, every environment's is compared.
        const service = await loadApiopsService(nodeFileSystem, root, values.env ? { environment: values.env } : {}).catch((e: unknown) => {
          throw new CliError(e instanceof Error ? e.message : String(e));
        });
        const environments = values.env ? [] : await Promise.all((await findEnvironments(nodeFileSystem, root)).map((e) => loadEnvironment(nodeFileSystem, e)));
        results.push(...(await lintService(service, (done, total) => io.progress?.(`lint: ${path.basename(root)} ${done}/${total} files`), { environments })));
      }
    }
    io.progress?.(undefined);
    let errors = 0;
    let warnings = 0;
    const report = results.map((f) => ({
      file: f.file,
      diagnostics: f.diagnostics.map((d) => {
        const s = lineColumn(f.text, d.span.start);
        const e = lineColumn(f.text, d.span.end);
        if (d.severity === 'error') errors++;
        else if (d.severity === 'warning') warnings++;
        return { code: d.code, severity: d.severity, message: d.message, line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1 };
      }),
    }));
    if (values.format === 'json') io.out(JSON.stringify(report, null, 2));
    else {
      const c = outColors(io);
      for (const f of report) {
        for (const d of f.diagnostics) {
          const severity = d.severity === 'error' ? c.red(d.severity) : d.severity === 'warning' ? c.yellow(d.severity) : c.blue(d.severity);
          io.out(`${c.bold(`${path.relative(process.cwd(), f.file)}:${d.line}:${d.column}`)}: ${severity} ${c.dim(d.code)}: ${d.message}`);
        }
      }
      // Said once, not per file: what a policy outside a service cannot be checked for.
      if (looseCount) io.out(c.dim(`${looseCount} policy file${looseCount === 1 ? ' is' : 's are'} outside an APIOps service: each was checked on its own, without a scope (where a policy may be used) and without the service's named values, backends and fragments.`));
      const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${report.length} file${report.length === 1 ? '' : 's'}`;
      io.out(errors ? c.red(summary) : warnings ? c.yellow(summary) : c.green(summary));
    }
    return errors > 0 ? EXIT.problems : EXIT.ok;
  },
};

const SKIPPED = new Set(['node_modules', '.git', 'out', 'dist']);

/** Policy files under a folder that is no APIOps service: `*.policy.xml`, and `*.xml` whose root is <policies> or <fragment>. */
async function loosePolicyFiles(folder: string, maxDepth: number): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await nodeFileSystem.readDirectory(dir);
    } catch {
      return;
    }
    for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory) {
        if (depth < maxDepth && !e.name.startsWith('.') && !SKIPPED.has(e.name)) await visit(full, depth + 1);
        continue;
      }
      if (!/\.xml$/i.test(e.name)) continue;
      if (/\.policy\.xml$/i.test(e.name)) {
        out.push(full);
        continue;
      }
      try {
        const head = (await nodeFileSystem.readFile(full)).slice(0, 4096).replace(/^\uFEFF/, '').replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*/, '');
        if (/^<(policies|fragment)[\s>/]/.test(head)) out.push(full);
      } catch {
        // unreadable: not a policy we can check
      }
    }
  };
  await visit(folder, 0);
  return out;
}
