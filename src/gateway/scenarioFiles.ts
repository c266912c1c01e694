// Policy test files as `apim-workbench test` and the MCP server's run_policy_tests find and report
// them: every *.apimtest.yaml under a folder, and a step's result as JSON (each failed expectation
// with its message, and why the simulator failed).

import * as path from 'node:path';
import type { FileSystem } from '../workspace/fileSystem';
import { expectationText, type StepResult } from './scenario';

/** Every *.apimtest.yaml (or .yml) under a folder, sorted; node_modules and dot folders skipped. */
export async function findScenarioFiles(fs: FileSystem, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readDirectory(dir)) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory) out.push(...(await findScenarioFiles(fs, full)));
    else if (/\.apimtest\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

/** A step's result as the JSON reports give it. */
export function stepJson(s: StepResult): Record<string, unknown> {
  return { name: s.name, line: s.line, passed: s.passed, status: s.result.response.status, failures: s.failures.map((f) => ({ ...f, message: expectationText(f) })), ...(s.reason ? { reason: s.reason } : {}) };
}
