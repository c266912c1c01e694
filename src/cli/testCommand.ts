// `apim-workbench test`: policy test files (*.apimtest.yaml) run in the gateway simulator. One
// line per step; a failed step shows each expectation that differed ("expected 201, got 200") and
// why the simulator failed; a file that cannot run shows each of its problems with its line.

import * as path from 'node:path';
import { expectationText, runScenarioFile, ScenarioError } from '../gateway/scenario';
import { findScenarioFiles, stepJson } from '../gateway/scenarioFiles';
import { nodeFileSystem } from '../workspace/fileSystem';
import { CliError, EXIT, outColors, parseOptions } from './cliSupport';
import type { Command } from './command';

const OPTIONS = { format: { type: 'string', choices: ['text', 'json'] }, env: { type: 'string' } } as const;

export const testCommand: Command = {
  name: 'test',
  usage: 'test [files or folders...] [--format text|json] [--env <environment>]',
  summary: 'Run policy test files (*.apimtest.yaml; a folder is searched for them) in the gateway simulator and print one line per step, with why a step failed.',
  async run(args, io) {
    const { values, positionals } = parseOptions('test', args, OPTIONS);
    const files: string[] = [];
    for (const target of (positionals.length ? positionals : ['.']).map((p) => path.resolve(p))) {
      const stat = await nodeFileSystem.stat(target);
      if (!stat) throw new CliError(`No such file or folder: ${target}`);
      files.push(...(stat.isDirectory ? await findScenarioFiles(nodeFileSystem, target) : [target]));
    }
    if (files.length === 0) throw new CliError(`No *.apimtest.yaml files found under ${positionals.join(', ') || '.'}.`);
    const json = values.format === 'json';
    const c = outColors(io);
    let passed = 0;
    let failed = 0;
    const report: unknown[] = [];
    for (const [i, file] of files.entries()) {
      const rel = path.relative(process.cwd(), file);
      io.progress?.(`test: ${i + 1}/${files.length} ${rel}`);
      try {
        const r = await runScenarioFile(file, nodeFileSystem, values.env ? { environment: values.env } : {});
        io.progress?.(undefined);
        for (const step of r.steps) {
          if (step.passed) passed++;
          else failed++;
          if (json) continue;
          io.out(`${step.passed ? c.green('ok  ') : c.red('FAIL')} ${r.name} › ${step.name}`);
          for (const f of step.failures) io.out(`     ${rel}:${f.line}: ${expectationText(f)}`);
          if (step.reason) io.out(`     ${c.dim('why:')} ${step.reason}`);
        }
        report.push({ file: rel, name: r.name, passed: r.passed, steps: r.steps.map(stepJson) });
      } catch (e) {
        io.progress?.(undefined);
        failed++;
        const problems = e instanceof ScenarioError ? e.problems : [{ line: 1, message: e instanceof Error ? e.message : String(e) }];
        if (!json) {
          io.out(`${c.red('FAIL')} ${rel}: the file cannot run`);
          for (const p of problems) io.out(`     ${rel}:${p.line}: ${p.message}`);
        }
        report.push({ file: rel, error: problems.map((p) => `${rel}:${p.line}: ${p.message}`).join('\n'), problems });
      }
    }
    if (json) io.out(JSON.stringify({ passed, failed, files: report }, null, 2));
    else io.out(failed ? c.red(`${passed} passed, ${failed} failed`) : c.green(`${passed} passed, ${failed} failed`));
    return failed > 0 ? EXIT.problems : EXIT.ok;
  },
};
