// The `apim-workbench` command line: a thin adapter over the same core the extension uses.
// Commands are listed in COMMANDS; --help prints exactly those.

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { readFile } from 'node:fs/promises';
import { lineColumn } from '../common/span';
import { childrenOf, present, type ExplorerNode } from '../explorer/explorerTree';
import { buildContext, type ContextSpec } from '../expressions/contextBuilder';
import { lintFile, lintService, type FileDiagnostics } from '../language/lintWorkspace';
import { evaluateExpression } from '../expressions/evaluate';
import { toDisplayString } from '../expressions/runtime/operators';
import { toPlainJson } from '../expressions/valueView';
import { apiopsRootOf, findApiopsRoots, loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { runScenarioFile, scenarioGateway, ScenarioError } from '../gateway/scenario';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import { HttpFileError } from '../gateway/httpFile';
import { simulateHttp } from '../gateway/simulateHttp';
import { formatSimulation, readPolicyText } from '../gateway/simulationReport';
import { publishCommand, PUBLISH_USAGE } from './publishCommand';
import { extractCommand, EXTRACT_USAGE } from './extractCommand';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: string[], io: Io): Promise<number>;
}

const COMMANDS: readonly Command[] = [
  {
    name: 'tree',
    usage: 'tree [folder] [--json] [--depth N]',
    summary: 'Show the APIOps services found under a folder as the explorer shows them (or as JSON).',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, depth: { type: 'string' } } });
      const folder = path.resolve(positionals[0] ?? '.');
      const roots = await findApiopsRoots(nodeFileSystem, folder, Number(values.depth ?? 4));
      if (roots.length === 0) {
        io.err(`No APIOps folder found under ${folder}.`);
        return 1;
      }
      const services = await Promise.all(roots.map((r) => loadApiopsService(nodeFileSystem, r)));
      if (values.json) {
        io.out(JSON.stringify(services, null, 2));
        return services.some((s) => s.problems.length > 0) ? 2 : 0;
      }
      for (const service of services) printTree({ kind: 'service', service }, '', io);
      const problems = services.flatMap((s) => s.problems);
      return problems.length > 0 ? 2 : 0;
    },
  },
  {
    name: 'eval',
    usage: "eval '<@(expression) or @{statements}>' [--context file.json] [--format text|json] [--now ISO] [--named-value name=value]... [--max-steps N]",
    summary: 'Evaluate a policy expression offline and print its value and .NET type, or the error with its position.',
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { context: { type: 'string' }, format: { type: 'string' }, now: { type: 'string' }, 'named-value': { type: 'string', multiple: true }, 'max-steps': { type: 'string' } },
      });
      let source = positionals[0];
      if (source === undefined) {
        io.err("eval needs an expression, e.g. apim-workbench eval '@(DateTime.UtcNow.ToString(\"o\"))'");
        return 1;
      }
      // A bare C# expression is accepted too: wrap it as the gateway would see it.
      if (!/^\s*@[({]/.test(source)) source = `@(${source})`;
      const spec = values.context ? (JSON.parse(await readFile(values.context, 'utf8')) as ContextSpec) : {};
      const now = values.now ? new Date(values.now) : new Date();
      if (Number.isNaN(now.getTime())) {
        io.err(`--now is not a date: ${values.now}`);
        return 1;
      }
      const namedValues = new Map(namedValueOptions(values['named-value']));
      const traces: string[] = [];
      const context = buildContext(spec, now, (m) => traces.push(m));
      const r = await evaluateExpression(source, {
        globals: { context },
        now: () => now,
        maxSteps: values['max-steps'] ? Number(values['max-steps']) : undefined,
        resolveNamedValue: (n) => namedValues.get(n),
      });
      const json = values.format === 'json';
      if (!r.ok) {
        const where = r.error.span ? lineColumn(source, r.error.span.start) : undefined;
        const kind = r.error.kind === 'exception' ? r.error.type : r.error.kind;
        if (json) io.out(JSON.stringify({ ok: false, error: { kind: r.error.kind, type: kind, message: r.error.message, span: r.error.span, line: where ? where.line + 1 : undefined, column: where ? where.column + 1 : undefined } }, null, 2));
        else io.err(`${where ? `(${where.line + 1}:${where.column + 1}) ` : ''}${kind}: ${r.error.message}`);
        return 1;
      }
      if (json) io.out(JSON.stringify({ ok: true, type: r.type, value: toPlainJson(r.value), text: toDisplayString(r.value), traces }, null, 2));
      else {
        for (const t of traces) io.err(`trace: ${t}`);
        io.out(`${toDisplayString(r.value)}\n(${r.type})`);
      }
      return 0;
    },
  },
  {
    name: 'lint',
    usage: 'lint [files or folders...] [--format text|json] [--depth N]',
    summary: 'Check policy files (an APIOps folder: every policy.xml with its scope and references); exit code 1 on errors.',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, depth: { type: 'string' } } });
      const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(p));
      const results: FileDiagnostics[] = [];
      for (const target of targets) {
        const stat = await nodeFileSystem.stat(target);
        if (!stat) {
          io.err(`No such file or folder: ${target}`);
          return 1;
        }
        if (!stat.isDirectory) {
          results.push(await lintFile(target, await serviceOf(target)));
          continue;
        }
        const roots = await findApiopsRoots(nodeFileSystem, target, Number(values.depth ?? 4));
        if (roots.length === 0) {
          io.err(`No APIOps folder found under ${target}.`);
          return 1;
        }
        for (const root of roots) results.push(...(await lintService(await loadApiopsService(nodeFileSystem, root))));
      }
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
        for (const f of report) for (const d of f.diagnostics) io.out(`${path.relative(process.cwd(), f.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
        io.out(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
      }
      return errors > 0 ? 1 : 0;
    },
  },
  {
    name: 'test',
    usage: 'test [files or folders...] [--format text|json]',
    summary: 'Run policy test files (*.apimtest.yaml) in the gateway simulator; exit code 1 when one fails.',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } });
      const files: string[] = [];
      for (const target of (positionals.length ? positionals : ['.']).map((p) => path.resolve(p))) {
        const stat = await nodeFileSystem.stat(target);
        if (!stat) {
          io.err(`No such file or folder: ${target}`);
          return 1;
        }
        files.push(...(stat.isDirectory ? await findScenarioFiles(target) : [target]));
      }
      if (files.length === 0) {
        io.err('No *.apimtest.yaml files found.');
        return 1;
      }
      let passed = 0;
      let failed = 0;
      const report: unknown[] = [];
      for (const file of files) {
        const rel = path.relative(process.cwd(), file);
        try {
          const r = await runScenarioFile(file, nodeFileSystem);
          for (const step of r.steps) {
            if (step.passed) passed++;
            else failed++;
            if (values.format !== 'json') {
              io.out(`${step.passed ? 'ok  ' : 'FAIL'} ${r.name} › ${step.name}`);
              for (const f of step.failures) io.out(`     ${rel}:${f.line}: ${f.expectation}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`);
            }
          }
          report.push({ file: rel, name: r.name, passed: r.passed, steps: r.steps.map((s) => ({ name: s.name, passed: s.passed, failures: s.failures, status: s.result.response.status })) });
        } catch (e) {
          failed++;
          const message = e instanceof ScenarioError ? e.message.replace(file, rel) : `${rel}: ${e instanceof Error ? e.message : String(e)}`;
          if (values.format !== 'json') io.out(`FAIL ${message}`);
          report.push({ file: rel, error: message });
        }
      }
      if (values.format === 'json') io.out(JSON.stringify({ passed, failed, files: report }, null, 2));
      else io.out(`${passed} passed, ${failed} failed`);
      return failed > 0 ? 1 : 0;
    },
  },
  {
    name: 'simulate',
    usage: 'simulate <APIOps folder or scenario file> --request <file.http> [--format text|json] [--backend mock|real] [--key KEY=PRODUCT]... [--named-value NAME=VALUE]...',
    summary: 'Run the requests of a .http file through the gateway simulator and print each response and its trace.',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { request: { type: 'string' }, format: { type: 'string' }, backend: { type: 'string' }, key: { type: 'string', multiple: true }, 'named-value': { type: 'string', multiple: true } } });
      const target = positionals[0] ? path.resolve(positionals[0]) : undefined;
      if (!target || !values.request) {
        io.err('Usage: apim-workbench simulate <APIOps folder or scenario file> --request <file.http>');
        return 1;
      }
      const stat = await nodeFileSystem.stat(target);
      if (!stat) {
        io.err(`No such file or folder: ${target}`);
        return 1;
      }
      const subscriptions = (values.key ?? []).map((k) => {
        const [key, product] = k.split('=');
        return { key: key ?? '', ...(product ? { product } : {}), state: 'active' };
      });
      let config;
      try {
        if (stat.isDirectory) {
          const roots = await findApiopsRoots(nodeFileSystem, target, 0);
          if (roots.length === 0) {
            io.err(`${target} is not an APIOps folder.`);
            return 1;
          }
          config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, roots[0] as string), nodeFileSystem);
        } else {
          config = await scenarioGateway(target, nodeFileSystem);
        }
      } catch (e) {
        io.err(e instanceof Error ? e.message : String(e));
        return 1;
      }
      const namedValues = Object.fromEntries(namedValueOptions(values['named-value']));
      const real = values.backend === 'real';
      let results;
      try {
        results = await simulateHttp(config, await readFile(path.resolve(values.request), 'utf8'), { subscriptions, namedValues, real });
      } catch (e) {
        io.err(e instanceof HttpFileError ? `${values.request}:${e.line}: ${e.message}` : `${values.request}: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }
      if (values.format === 'json') {
        io.out(JSON.stringify(results.map(({ request, result }) => ({ request: { name: request.name, line: request.line, method: request.method, url: request.url }, ...result })), null, 2));
        return 0;
      }
      io.out(formatSimulation(results, { baseDir: process.cwd(), fileText: readPolicyText, mockedBackends: !real }));
      return 0;
    },
  },
  {
    name: 'publish',
    usage: PUBLISH_USAGE,
    summary: 'Publish policy changes of an APIOps folder as new API revisions (plan first; --dry-run only reads).',
    run: publishCommand,
  },
  {
    name: 'extract',
    usage: EXTRACT_USAGE,
    summary: 'Write a live service (or one API) to a folder in the APIOps layout; secret values are never written.',
    run: extractCommand,
  },
  {
    name: 'roots',
    usage: 'roots [folder] [--depth N]',
    summary: 'List the APIOps service folders under a folder.',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { depth: { type: 'string' } } });
      const roots = await findApiopsRoots(nodeFileSystem, path.resolve(positionals[0] ?? '.'), Number(values.depth ?? 4));
      for (const r of roots) io.out(r);
      return roots.length > 0 ? 0 : 1;
    },
  },
];

/** `--named-value NAME=VALUE` options as pairs (the value may hold '=' itself). */
function namedValueOptions(options: readonly string[] | undefined): [name: string, value: string][] {
  return (options ?? []).map((nv) => {
    const eq = nv.indexOf('=');
    if (eq <= 0) throw new Error(`--named-value needs NAME=VALUE: '${nv}'`);
    return [nv.slice(0, eq), nv.slice(eq + 1)];
  });
}

/** Every *.apimtest.yaml under a folder (node_modules and dot folders skipped). */
async function findScenarioFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await nodeFileSystem.readDirectory(dir)) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory) out.push(...(await findScenarioFiles(full)));
    else if (e.name.endsWith('.apimtest.yaml') || e.name.endsWith('.apimtest.yml')) out.push(full);
  }
  return out.sort();
}

/** The APIOps service a single policy file belongs to, found by walking up its folders. */
async function serviceOf(file: string): Promise<Awaited<ReturnType<typeof loadApiopsService>> | undefined> {
  const root = await apiopsRootOf(nodeFileSystem, file);
  return root === undefined ? undefined : loadApiopsService(nodeFileSystem, root);
}

function printTree(node: ExplorerNode, indent: string, io: Io): void {
  const p = present(node);
  io.out(`${indent}${p.label}${p.description ? `  (${p.description})` : ''}`);
  for (const child of childrenOf(node)) printTree(child, `${indent}  `, io);
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    `apim-workbench ${packageJson.version}: Azure API Management policies, offline.`,
    '',
    'Usage: apim-workbench <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h      Show this help.',
    '  --version, -v   Show the version.',
    '',
    'Exit codes: 0 ok, 1 usage or nothing found, 2 loaded with problems (lint, tree) or failed (test, publish).',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(helpText());
    return first === undefined ? 1 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(packageJson.version);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.err(`Unknown command '${first}'. Run 'apim-workbench --help' for the list.`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: apim-workbench ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`apim-workbench ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
