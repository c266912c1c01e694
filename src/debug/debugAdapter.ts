// The Debug Adapter Protocol over the debug engine (debugEngine.ts), debug type `apim-policy`: the
// extension runs it inline (DebugAdapterInlineImplementation), tests drive it as a plain DAP
// server. One thread, "request"; the call stack, scopes, variables, console and completions come
// from the engine; a custom event `apimWorkbench.trace` carries the trace so far at each stop.

import * as path from 'node:path';
import { Breakpoint, DebugSession, Event, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parsePolicy } from '../policy/policyParser';
import { completeAt } from '../language/completion';
import { stepFailureLines } from '../gateway/scenario';
import type { TraceEntry } from '../gateway/trace';
import { nodeFileSystem, type FileSystem } from '../workspace/fileSystem';
import { DebugEngine, DebugTerminated, type LocalChanges } from './debugEngine';
import { readPolicyText } from '../gateway/simulationReport';
import { EMBEDDED_REF, embeddedJsonPath, embeddedPolicyRef } from '../workspace/embeddedPolicy';
import { describeTarget, runTarget, TargetError, type LaunchTarget, type TargetRun } from './debugTarget';

export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments, LaunchTarget {
  readonly stopOnEntry?: boolean;
}

/** What the custom trace event carries: the entries so far and which one is current. */
export interface TraceEventBody {
  readonly title: string;
  readonly request: string;
  readonly entries: readonly TraceEntry[];
  /** The policy (or statement) held: its location, name and section. */
  readonly current?: { readonly file?: string; readonly start: number; readonly name: string; readonly section: string };
  /** Where the gateway routed the request, once it has. */
  readonly api?: string;
  readonly operation?: string;
  readonly done?: boolean;
}

export const TRACE_EVENT = 'apimWorkbench.trace';
const THREAD = 1;

export class PolicyDebugSession extends DebugSession {
  private engine: DebugEngine;
  private launchArgs: LaunchArguments | undefined;
  private configured!: Promise<void>;
  private configurationDone!: () => void;
  private running: Promise<TargetRun | undefined> | undefined;
  private requestName = '';
  /** The simulated clock's start of the current run: a rerun keeps it, so the run repeats. */
  private runStart: number | undefined;
  private breakpoints = new Map<string, DebugProtocol.SourceBreakpoint[]>();
  private exceptionFilters: string[] = [];

  /** Where the target's files are read from (tests may give another). */
  fs: FileSystem = nodeFileSystem;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.engine = this.newEngine();
    this.resetConfigured();
  }

  private resetConfigured(): void {
    this.configured = new Promise((resolve) => {
      this.configurationDone = resolve;
    });
  }

  private newEngine(): DebugEngine {
    return new DebugEngine(
      {
        stopped: (reason, description) => {
          const e = new StoppedEvent(reason, THREAD) as DebugProtocol.StoppedEvent;
          if (description) e.body.description = description;
          this.sendTraceEvent(false);
          this.sendEvent(e);
        },
        output: (text, category) => this.sendEvent(new OutputEvent(text, category)),
        rerun: (plan) => this.rerun(plan),
      },
      // A policy file, or a policy kept in a JSON file (an apiops-cli fragment): its value's text.
      (file) => readPolicyText(file),
    );
  }

  private sendTraceEvent(done: boolean): void {
    const run = this.engine.run;
    if (!run) return;
    const current = this.engine.current();
    const body: TraceEventBody = { title: this.launchArgs ? describeTarget(this.launchArgs) : '', request: this.requestName, entries: run.trace.mask([...run.trace.entries]), ...(current ? { current: { ...(current.file ? { file: current.file } : {}), start: current.span.start, name: current.name, section: current.section } } : {}), ...(run.api ? { api: run.api.name ?? run.api.id } : {}), ...(run.operation ? { operation: run.operation.name ?? run.operation.id } : {}), ...(done ? { done } : {}) };
    this.sendEvent(new Event(TRACE_EVENT, body));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.'],
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: [
        { filter: 'error', label: 'Any policy error', description: 'Stop where a policy fails (before on-error runs)', default: false },
        { filter: 'onError', label: 'Entering on-error', description: 'Stop at the first policy of the on-error section', default: false },
      ],
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, given: LaunchArguments | undefined): Promise<void> {
    const args = given ?? ({} as LaunchArguments);
    this.launchArgs = args;
    try {
      describeTarget(args);
    } catch (e) {
      this.sendErrorResponse(response, 1, e instanceof Error ? e.message : String(e));
      return;
    }
    this.sendResponse(response);
    await this.configured;
    this.startRun();
  }

  /** Runs the target; the session ends when it does. `rerun`: the same clock as the run before. */
  private startRun(rerun = false): void {
    const args = this.launchArgs as LaunchArguments;
    if (!rerun || this.runStart === undefined) this.runStart = Date.now();
    this.engine.setStopOnEntry(args.stopOnEntry === true && !rerun);
    this.engine.setExceptionFilters(this.exceptionFilters);
    for (const [file, specs] of this.breakpoints) this.engine.setBreakpoints(file, specs.map(toSpec));
    const engine = this.engine;
    this.running = runTarget(
      args,
      engine,
      this.fs,
      (name) => {
        this.requestName = name;
      },
      { now: this.runStart },
    ).then(
      (run) => {
        if (engine !== this.engine || engine.wasTerminated) return run;
        this.sendTraceEvent(true);
        for (const line of summary(run)) this.sendEvent(new OutputEvent(`${engine.mask(line)}\n`, 'console'));
        this.sendEvent(new TerminatedEvent());
        return run;
      },
      (e: unknown) => {
        if (engine !== this.engine) return undefined;
        if (!(e instanceof DebugTerminated)) this.sendEvent(new OutputEvent(`${e instanceof TargetError ? '' : 'The simulation failed: '}${e instanceof Error ? e.message : String(e)}\n`, 'stderr'));
        this.sendEvent(new TerminatedEvent());
        return undefined;
      },
    );
  }

  /** The run's result once it ends (tests compare it with `apim-workbench test`). */
  result(): Promise<TargetRun | undefined> | undefined {
    return this.running;
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = sourceRef(args.source.path ?? '');
    const specs = args.breakpoints ?? [];
    this.breakpoints.set(file, specs);
    const bound = this.engine.setBreakpoints(file, specs.map(toSpec));
    response.body = {
      breakpoints: bound.map((b) => {
        const bp = new Breakpoint(b.verified, b.line, undefined, sourceOf(file)) as DebugProtocol.Breakpoint;
        bp.id = b.id;
        if (b.message) bp.message = b.message;
        return bp;
      }),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = [...args.filters];
    this.engine.setExceptionFilters(this.exceptionFilters);
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, this.requestName ? `request: ${this.requestName}` : 'request')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const frames = this.engine.frames().map((f) => new StackFrame(f.id, f.name, f.file ? sourceOf(f.file) : undefined, f.line, f.column));
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    response.body = { scopes: this.engine.scopes().map((s) => new Scope(s.name, s.variablesReference, s.expensive)) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.engine.variables(args.variablesReference).map((v) => ({ name: v.name, value: v.value, variablesReference: v.variablesReference, ...(v.type ? { type: v.type } : {}) })) };
    this.sendResponse(response);
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    try {
      response.body = { value: await this.engine.setVariable(args.variablesReference, args.name, args.value) };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, 2, e instanceof Error ? e.message : String(e));
    }
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    // Hovers evaluate what reads: an assignment is the console's only.
    if (args.context === 'hover' && /(^|[^=!<>])=($|[^=])/.test(args.expression)) {
      this.sendErrorResponse(response, 3, 'Not evaluated on hover: it assigns.');
      return;
    }
    const r = await this.engine.evaluate(args.expression);
    if (!r.ok) {
      this.sendErrorResponse(response, 3, r.value);
      return;
    }
    response.body = { result: r.value, variablesReference: r.variablesReference ?? 0, ...(r.type ? { type: r.type } : {}) };
    this.sendResponse(response);
  }

  /** Console completion: the editor's expression completion, on the text as the inside of `@( … )`. */
  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const prefix = '<policies><inbound><set-variable name="x" value="@(';
    const doc = parsePolicy(`${prefix}${args.text})" /></inbound></policies>`);
    const column = (args.column ?? args.text.length + 1) - 1;
    const items = completeAt(doc, prefix.length + column, { scope: 'operation' });
    response.body = {
      targets: items.map((i) => ({ label: i.label, text: i.label, start: i.replace.start - prefix.length, length: i.replace.end - i.replace.start, ...(i.detail ? { detail: i.detail } : {}) })),
    };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.engine.continue();
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.engine.next();
    this.sendResponse(response);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.engine.stepIn();
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.engine.stepOut();
    this.sendResponse(response);
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.engine.pause();
    this.sendResponse(response);
  }

  /** Restart: the held request is dropped and the target runs again from the start, same breakpoints. */
  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    const old = this.engine;
    this.engine = this.newEngine();
    old.terminate();
    await this.running?.catch(() => undefined);
    this.sendResponse(response);
    this.startRun();
  }

  /**
   * A C# local was changed at a statement that has run: after the setVariable answer, the held run
   * is dropped and the target runs again from the start (same clock, random numbers and canned
   * backends) with the local set before that statement, to a stop there.
   */
  private rerun(plan: LocalChanges): void {
    if (this.launchArgs?.backend === 'real') throw new Error('Changing a C# local runs the request again from the start to this statement; with real backends (backend: real) their requests would be sent again: not done. Set a variable or a header instead.');
    setImmediate(() => void this.rerunWith(plan));
  }

  private async rerunWith(plan: LocalChanges): Promise<void> {
    const old = this.engine;
    this.engine = this.newEngine();
    old.terminate();
    await this.running?.catch(() => undefined);
    this.engine.setLocalChanges(plan);
    this.startRun(true);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.engine.terminate();
    this.sendResponse(response);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.engine.terminate();
    this.sendResponse(response);
  }
}

/**
 * The policy a DAP source names: a file path, or (for an apiops-cli fragment's `apim-embedded:`
 * document, which VS Code sends as its URI) the embedded-policy reference the simulator uses.
 */
function sourceRef(p: string): string {
  if (!p.startsWith(EMBEDDED_REF)) return p;
  const decoded = decodeURIComponent(p.slice(EMBEDDED_REF.length));
  // A Windows path comes as /c:/…
  return embeddedPolicyRef(process.platform === 'win32' ? decoded.replace(/^\/([A-Za-z]:)/, '$1').replace(/\//g, '\\') : decoded);
}

/** A DAP source for a policy file or an embedded policy (VS Code opens the latter as its URI). */
function sourceOf(ref: string): Source {
  const json = embeddedJsonPath(ref);
  return json === undefined ? new Source(path.basename(ref), ref) : new Source(`${path.basename(path.dirname(json))} (fragment)`, ref);
}

function toSpec(b: DebugProtocol.SourceBreakpoint): { line: number; condition?: string; hitCondition?: string; logMessage?: string } {
  return { line: b.line, ...(b.condition ? { condition: b.condition } : {}), ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}), ...(b.logMessage !== undefined ? { logMessage: b.logMessage } : {}) };
}

/** What the console says at the end: each request's status, or each test step's outcome. */
function summary(run: TargetRun): string[] {
  if (run.scenario) {
    const lines = run.scenario.steps.slice(run.scenario.steps.length - run.results.length).flatMap((s) => [`${s.passed ? 'ok  ' : 'FAIL'} ${s.name}`, ...(s.passed ? [] : stepFailureLines(s))]);
    return lines;
  }
  return run.results.map((r) => `${r.name} → ${r.result.response.status} ${r.result.response.reason}${r.result.response.body ? `: ${r.result.response.body.length > 200 ? `${r.result.response.body.slice(0, 200)}…` : r.result.response.body}` : ''}`);
}
