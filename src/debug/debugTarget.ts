// What a debug session runs, as Simulate and `apim-workbench test` run it: a request of a .http
// file against its APIOps folder (backends mocked, or real), a policy file with a request line, or
// a policy test file (one step, with the steps before it run first for the state they leave, or
// all of them). The debugger's hook goes in through the simulator's StepHook; nothing else differs.

import * as path from 'node:path';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import type { SubscriptionConfig } from '../gateway/gatewayConfig';
import { parseHttpFile, type HttpFileRequest } from '../gateway/httpFile';
import { HttpTransport } from '../gateway/httpTransport';
import { Gateway, SimulatedClock, type GatewayResult } from '../gateway/pipeline';
import type { StepHook } from '../gateway/policyRun';
import { listScenarioSteps, runScenarioFile, seeded, type ScenarioResult } from '../gateway/scenario';
import { MOCK_BACKEND } from '../gateway/simulateHttp';
import { simulationTargets } from '../gateway/simulationTargets';
import { apiopsRootOf, loadApiopsService } from '../workspace/apiopsLoader';
import type { FileSystem } from '../workspace/fileSystem';

/** The launch configuration's target (package.json's `apim-policy` debug type describes it). */
export interface LaunchTarget {
  /** A .http file: run its request number `requestNumber` (1-based; default 1). (Not `request`: that is "launch" in every configuration.) */
  readonly httpFile?: string;
  readonly requestNumber?: number;
  /** A policy test file: debug step `step` (1-based, or its name); all steps when left out. */
  readonly testFile?: string;
  readonly step?: number | string;
  /** A policy file of an APIOps folder, and the request line to send (`GET /orders/orders/42`). */
  readonly policyFile?: string;
  readonly requestLine?: string;
  /** The APIOps folder; default: the one the file is in. */
  readonly folder?: string;
  /** Backends answer 200 with no body (`mock`, the default) or are called (`real`). */
  readonly backend?: 'mock' | 'real';
  /** Subscription keys the simulated gateway accepts. */
  readonly subscriptions?: readonly SubscriptionConfig[];
}

export interface TargetRun {
  /** What is being debugged, for the session's name. */
  readonly title: string;
  /** Each request's result, in order. */
  readonly results: { readonly name: string; readonly result: GatewayResult }[];
  /** For a test file: its result as `apim-workbench test` reports it. */
  readonly scenario?: ScenarioResult;
}

export class TargetError extends Error {}

/** Checks a target and says what it is, before anything runs. */
export function describeTarget(t: LaunchTarget): string {
  if (t.testFile) return `${path.basename(t.testFile)}${t.step !== undefined ? `, step ${t.step}` : ''}`;
  if (t.httpFile) return `${path.basename(t.httpFile)}, request ${t.requestNumber ?? 1}`;
  if (t.policyFile) return `${t.requestLine ?? ''} (${path.basename(path.dirname(t.policyFile))}/${path.basename(t.policyFile)})`.trim();
  throw new TargetError('The launch configuration needs one of httpFile, testFile or policyFile (with requestLine).');
}

async function folderOf(fs: FileSystem, file: string, given: string | undefined): Promise<string> {
  const root = given ?? (await apiopsRootOf(fs, file));
  if (!root) throw new TargetError(`${file} is not in an APIOps folder: give the launch configuration a "folder".`);
  return root;
}

export interface RunOptions {
  /** The simulated clock's start for a request target (a test file has its own): the same on a rerun. */
  readonly now?: number;
}

/**
 * Runs the target with the hook; `onRequest` tells which request (or test step) begins. A request
 * target runs with a seeded random source and the given clock, so it runs the same way again (a
 * rerun after a C# local is changed); a test file is deterministic of itself.
 */
export async function runTarget(t: LaunchTarget, hook: StepHook, fs: FileSystem, onRequest?: (name: string) => void, options: RunOptions = {}): Promise<TargetRun> {
  const title = describeTarget(t);
  if (t.testFile) {
    const steps = listScenarioSteps(await fs.readFile(t.testFile));
    let index: number | undefined;
    if (t.step !== undefined) {
      index = typeof t.step === 'number' ? t.step - 1 : steps.findIndex((s) => s.name === t.step);
      if (index === undefined || index < 0 || index >= steps.length) throw new TargetError(`${path.basename(t.testFile)} has no step ${JSON.stringify(t.step)}: its steps are ${steps.map((s, i) => `${i + 1} "${s.name}"`).join(', ')}.`);
    }
    const target = index;
    const scenario = await runScenarioFile(t.testFile, fs, { ...(target !== undefined ? { lastStep: target, hookSteps: (i) => i === target } : {}), hook, onStep: (i, name) => (target === undefined || i === target ? onRequest?.(name) : undefined) });
    return { title, scenario, results: scenario.steps.slice(target ?? 0).map((s) => ({ name: s.name, result: s.result })) };
  }
  let requests: HttpFileRequest[];
  let anchor: string;
  if (t.httpFile) {
    anchor = t.httpFile;
    const all = parseHttpFile(await fs.readFile(t.httpFile));
    const n = t.requestNumber ?? 1;
    const one = all[n - 1];
    if (!one) throw new TargetError(`${path.basename(t.httpFile)} has ${all.length} request${all.length === 1 ? '' : 's'}: there is no request ${n}.`);
    requests = [one];
  } else if (t.policyFile) {
    anchor = t.policyFile;
    const m = /^([A-Za-z]+)\s+(\S+)$/.exec((t.requestLine ?? '').trim());
    if (!m) throw new TargetError('requestLine must be a method and a path: GET /orders/orders/42.');
    requests = [{ name: '', line: 1, method: (m[1] as string).toUpperCase(), url: m[2] as string, headers: [], body: null }];
  } else throw new TargetError(describeTarget(t));
  const root = await folderOf(fs, anchor, t.folder);
  const config = await gatewayFromApiops(await loadApiopsService(fs, root), fs, t.subscriptions ?? []);
  if (t.policyFile) {
    // As Simulate a Request: the request carries a key of the subscriptions given for the operation's API.
    const targets = simulationTargets(config, t.policyFile, t.subscriptions ?? []);
    const headers = (targets[0]?.http.split('\n').slice(1) ?? []).map((l) => /^([^:]+):\s*(.*)$/.exec(l)).filter((x): x is RegExpExecArray => !!x).map((x) => [x[1] as string, x[2] as string] as const);
    requests = requests.map((r) => ({ ...r, headers }));
  }
  const gateway = new Gateway(config, { transport: t.backend === 'real' ? new HttpTransport() : MOCK_BACKEND, clock: new SimulatedClock(options.now ?? Date.now()), random: seeded(1), hook });
  const results: TargetRun['results'][number][] = [];
  for (const r of requests) {
    onRequest?.(r.name || `${r.method} ${r.url}`);
    results.push({ name: r.name || `${r.method} ${r.url}`, result: await gateway.handle({ method: r.method, url: r.url, headers: r.headers, body: r.body }) });
  }
  return { title, results };
}
