// The text report of simulated requests: each response, then its trace, each step linked to the
// policy's file and line. The CLI prints it; the extension opens it in an editor.

import { readFileSync } from 'node:fs';
import { embeddedJsonPath, embeddedPolicyOf, policyRefLabel } from '../workspace/embeddedPolicy';
import { lineColumn } from '../common/span';
import type { GatewayResult } from './pipeline';
import { entryLabel } from './traceView';

export interface SimulatedRequest {
  readonly method: string;
  readonly url: string;
}

export interface ReportOptions {
  /** Files are shown relative to this folder. */
  readonly baseDir: string;
  /** The text of a policy file, to turn trace offsets into lines; undefined when unreadable. */
  readonly fileText: (file: string) => string | undefined;
  readonly mockedBackends: boolean;
}

export function formatSimulation(results: readonly { request: SimulatedRequest; result: GatewayResult }[], options: ReportOptions): string {
  const report = simulationReporter(options);
  return [...report.header(), ...results.flatMap(({ request, result }) => report.request(request, result))].join('\n');
}

/**
 * The report a piece at a time: its header, then each request as it is simulated, so a run of
 * thousands of requests is printed as it goes and no trace is kept once printed.
 */
export function simulationReporter(options: ReportOptions): { header(): string[]; request(request: SimulatedRequest, result: GatewayResult): string[] } {
  const texts = new Map<string, string | undefined>();
  const lineOf = (file: string, offset: number): string => {
    if (!texts.has(file)) texts.set(file, options.fileText(file));
    const text = texts.get(file);
    return text === undefined ? '' : `:${lineColumn(text, offset).line + 1}`;
  };
  return {
    header: () => (options.mockedBackends ? ['Backend calls are answered with 200 OK and no body; pass --backend real (or set apimWorkbench.simulator.backend) to call the real URLs.'] : []),
    request: (request, result) => {
      const out: string[] = [''];
      out.push(`${request.method} ${request.url} → ${result.response.status} ${result.response.reason}`);
      if (result.route) out.push(`  routed to ${result.route.apiName} › ${result.route.operationName}${result.route.product ? `, product ${result.route.product}` : ''}`);
      for (const [n, v] of result.response.headers) out.push(`  ${n}: ${v}`);
      if (result.response.body) out.push(`  ${result.response.body.length > 400 ? `${result.response.body.slice(0, 400)}…` : result.response.body}`);
      // The simulated clock only moves with simulated waits: its time is shown when it did.
      const clockMoved = result.trace.some((e) => !/^00:00:00\.0+$/.test(e.elapsed));
      for (const e of result.trace) {
        const where = e.location?.file ? `  (${policyRefLabel(e.location.file, options.baseDir)}${lineOf(e.location.file, e.location.span.start)})` : '';
        const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
        out.push(`  ${e.section.padEnd(9)} ${clockMoved ? `${e.elapsed}  ` : ''}${entryLabel(e)}${e.notSimulated ? ' [not simulated]' : ''}${e.error ? ' [error]' : ''}: ${data.length > 200 ? `${data.slice(0, 200)}…` : data}${where}`);
        for (const c of e.changes ?? []) {
          const short = (v: string | null): string => (v === null ? '(none)' : v.length > 80 ? `${v.slice(0, 80).replace(/\n/g, ' | ')}…` : v.replace(/\n/g, ' | '));
          out.push(`      ~ ${c.what}: ${short(c.before)} → ${short(c.after)}`);
        }
      }
      if (result.unsimulated.length) out.push(`  not simulated yet: ${result.unsimulated.join(', ')}`);
      return out;
    },
  };
}

/**
 * A policy file's text for turning trace offsets into lines (for a policy kept in a JSON file, its
 * properties.value); undefined when it cannot be read.
 */
export function readPolicyText(file: string): string | undefined {
  try {
    const json = embeddedJsonPath(file);
    return json === undefined ? readFileSync(file, 'utf8') : embeddedPolicyOf(readFileSync(json, 'utf8'), json);
  } catch {
    return undefined;
  }
}
