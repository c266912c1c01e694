// The policy debugger's engine over the simulator, without `vscode` and without the protocol: it
// holds a request at the simulator's StepHook, binds breakpoints to policy elements, steps over,
// into (a choose's branch, a fragment's policies, an expression's statements) and out, and answers
// what the call stack, the variables and the console ask. The interpreter runs an expression's
// statements synchronously and cannot be held between two of them, so they are recorded as they
// run (span and locals) and replayed afterwards, each a stop of its own: what you see is what
// happened, the context being as the policy left it. debugAdapter.ts speaks DAP over this.

import { lineColumn, type Span } from '../common/span';
import { evaluateExpression } from '../expressions/evaluate';
import { MessageBody, ModelObject, ModelUrl, VariablesDictionary } from '../expressions/builtins/context';
import { CsDictionary } from '../expressions/builtins/collections';
import { toDisplayString } from '../expressions/runtime/operators';
import { runtimeTypeName } from '../expressions/runtime/typeSystem';
import type { SectionName, PolicyElement } from '../policy/policyDocument';
import { parsePolicy } from '../policy/policyParser';
import { allElements } from '../policy/policyDocument';
import type { PolicyScope } from '../policy/effectivePolicy';
import type { PolicyFailure, PolicyRun, StatementOrigin, StepHook } from '../gateway/policyRun';
import { maskedHeaderValue } from '../gateway/trace';
import { POLICY_HANDLERS } from '../gateway/policies';

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception';

export interface BreakpointSpec {
  /** 1-based. */
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export interface BoundBreakpoint {
  readonly id: number;
  readonly verified: boolean;
  /** 1-based, where it was moved to. */
  readonly line?: number;
  readonly message?: string;
}

/** A frame of the call stack, innermost first. */
export interface DebugFrame {
  readonly id: number;
  readonly name: string;
  readonly file?: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly kind: 'statement' | 'policy' | 'fragment' | 'scope' | 'section';
}

export interface DebugVariable {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  /** > 0: expandable, its children through variables(). */
  readonly variablesReference: number;
  /** Where setVariable can write. */
  readonly settable?: boolean;
}

export interface EngineEvents {
  stopped(reason: StopReason, description: string): void;
  output(text: string, category: 'console' | 'stdout' | 'stderr'): void;
  /**
   * A C# local was changed: the target is to run again from the start with these changes, each
   * made before its statement runs, and stop at `stopAt` (see DebugEngine.setLocalChanges).
   */
  rerun?(plan: LocalChanges): void;
}

/** Changes to C# locals, by the run's statement number (1-based, counting every statement run). */
export interface LocalChanges {
  readonly changes: ReadonlyMap<number, { readonly name: string; readonly value: unknown; readonly shown: string }>;
  /** The statement to stop at when the run reaches it again. */
  readonly stopAt: number;
}

/** Thrown into the simulation when the session ends while it is held. */
export class DebugTerminated extends Error {
  constructor() {
    super('The debug session ended.');
    this.name = 'DebugTerminated';
  }
}

type Mode = { kind: 'run' } | { kind: 'in' } | { kind: 'over'; depth: number } | { kind: 'out'; depth: number; scope: PolicyScope; section: SectionName };

interface ElementFrame {
  readonly element: PolicyElement;
  readonly origin: StatementOrigin;
  readonly section: SectionName;
  /** Statements of this element's expressions, as they ran. */
  readonly statements: RecordedStatement[];
}

interface RecordedStatement {
  /** Its number in the run (every statement of every expression counts). */
  readonly seq: number;
  readonly span: Span;
  readonly kind: string;
  readonly locals: [string, unknown][];
  readonly file?: string;
}

interface FileBreakpoints {
  /** By element start offset, or (for lines inside an expression) by line. */
  readonly atElement: Map<number, Bp>;
  readonly atLine: Map<number, Bp>;
}

interface Bp extends BreakpointSpec {
  readonly id: number;
  hits: number;
}

const SCOPE_NAMES: Record<PolicyScope, string> = { global: '/tenant', workspace: '/workspaces', product: '/products', api: '/apis', operation: '/operations' };

/** The elements a breakpoint can bind to: the policies the simulator runs as statements. */
function policyElements(text: string): PolicyElement[] {
  const doc = parsePolicy(text);
  return allElements(doc).filter((e) => POLICY_HANDLERS.has(e.name) && e.parent !== undefined && !['policies', 'fragment', 'inbound', 'backend', 'outbound', 'on-error', 'when', 'otherwise'].includes(e.name));
}

export class DebugEngine implements StepHook {
  private readonly files = new Map<string, FileBreakpoints>();
  private readonly texts = new Map<string, string | undefined>();
  private nextBp = 1;
  private readonly exceptionFilters = new Set<string>();
  private readonly stack: ElementFrame[] = [];
  private mode: Mode = { kind: 'run' };
  private pauseRequested = false;
  private stopOnEntry = false;
  private terminated = false;
  private resume: ((m: Mode) => void) | undefined;
  private enteredOnError = false;
  /** The run held now (its context, trace, state). */
  run: PolicyRun | undefined;
  /** While replaying an expression: the statement shown. */
  private replaying: { frame: ElementFrame; index: number } | undefined;
  private frameIds: DebugFrame[] = [];
  private readonly handles = new Map<number, () => DebugVariable[]>();
  private readonly setters = new Map<number, (name: string, value: string) => Promise<string>>();
  private nextHandle = 1000;
  /** The last failure seen, for the exception stop's description. */
  failure: PolicyFailure | undefined;
  /** Statements run so far (their numbers identify them across reruns). */
  private seq = 0;
  /** Changes to C# locals made in earlier runs, applied again in this one; where to stop. */
  private localChanges: LocalChanges | undefined;
  /** While rerunning to a changed local: nothing stops before that statement. */
  private fastForward = false;

  constructor(
    private readonly events: EngineEvents,
    private readonly readFile: (file: string) => string | undefined,
  ) {}

  // ---------------------------------------------------------------- configuration

  setStopOnEntry(on: boolean): void {
    this.stopOnEntry = on;
  }

  /**
   * Runs with these changes to C# locals (each set before its statement runs) and stops at
   * `stopAt` without stopping before it. The target must run as it ran before (the same clock,
   * random numbers and backend answers): the adapter reruns it so.
   */
  setLocalChanges(plan: LocalChanges | undefined): void {
    this.localChanges = plan;
    this.fastForward = plan !== undefined;
  }

  setExceptionFilters(filters: readonly string[]): void {
    this.exceptionFilters.clear();
    for (const f of filters) this.exceptionFilters.add(f);
  }

  private text(file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, this.readFile(file));
    return this.texts.get(file);
  }

  /**
   * Binds line breakpoints of a policy file: each to the policy element starting on or after its
   * line (moved there), or, on a line inside a `@{ … }` block, to that line of the block.
   */
  setBreakpoints(file: string, specs: readonly BreakpointSpec[]): BoundBreakpoint[] {
    this.texts.delete(file);
    const text = this.text(file);
    const entry: FileBreakpoints = { atElement: new Map(), atLine: new Map() };
    this.files.set(file, entry);
    if (text === undefined) return specs.map(() => ({ id: this.nextBp++, verified: false, message: `${file} could not be read.` }));
    const elements = policyElements(text);
    const lineOf = (offset: number): number => lineColumn(text, offset).line + 1;
    const out: BoundBreakpoint[] = [];
    for (const spec of specs) {
      const id = this.nextBp++;
      // A line inside an element's @{ … } block (not its first line): a statement breakpoint.
      const inBlock = elements.find((e) => lineOf(e.span.start) < spec.line && lineOf(e.span.end) >= spec.line && blockCovers(text, e.span, spec.line, lineOf));
      if (inBlock && !elements.some((e) => lineOf(e.span.start) === spec.line)) {
        entry.atLine.set(spec.line, { ...spec, id, hits: 0 });
        out.push({ id, verified: true, line: spec.line });
        continue;
      }
      const target = elements.filter((e) => lineOf(e.span.start) >= spec.line).sort((a, b) => a.span.start - b.span.start)[0];
      if (!target) {
        out.push({ id, verified: false, message: 'No policy starts on or after this line.' });
        continue;
      }
      entry.atElement.set(target.span.start, { ...spec, id, line: lineOf(target.span.start), hits: 0 });
      out.push({ id, verified: true, line: lineOf(target.span.start), ...(lineOf(target.span.start) !== spec.line ? { message: `Moved to <${target.name}>, the next policy.` } : {}) });
    }
    return out;
  }

  // ---------------------------------------------------------------- control

  private go(mode: Mode): void {
    const r = this.resume;
    this.resume = undefined;
    this.invalidate();
    r?.(mode);
  }

  continue(): void {
    this.go({ kind: 'run' });
  }
  next(): void {
    this.go({ kind: 'over', depth: this.stack.length });
  }
  stepIn(): void {
    this.go({ kind: 'in' });
  }
  stepOut(): void {
    const top = this.stack[this.stack.length - 1];
    this.go({ kind: 'out', depth: this.stack.length, scope: top?.origin.scope ?? 'global', section: top?.section ?? 'inbound' });
  }
  pause(): void {
    this.pauseRequested = true;
  }
  /** Ends the session: a held request is released by DebugTerminated. */
  terminate(): void {
    this.terminated = true;
    this.go({ kind: 'run' });
  }

  /** Whether terminate() ended it. */
  get wasTerminated(): boolean {
    return this.terminated;
  }

  get isStopped(): boolean {
    return this.resume !== undefined;
  }

  private hold(reason: StopReason, description: string): Promise<Mode> {
    this.pauseRequested = false;
    return new Promise<Mode>((resolve) => {
      this.resume = resolve;
      this.events.stopped(reason, description);
    });
  }

  // ---------------------------------------------------------------- the hook

  async before(step: { readonly element: PolicyElement; readonly origin: StatementOrigin; readonly run: PolicyRun }): Promise<void> {
    if (this.terminated) throw new DebugTerminated();
    this.run = step.run;
    const frame: ElementFrame = { element: step.element, origin: step.origin, section: step.run.section, statements: [] };
    this.stack.push(frame);
    const depth = this.stack.length;
    if (this.fastForward) return;
    let stop: [StopReason, string] | undefined;
    if (this.stopOnEntry) {
      this.stopOnEntry = false;
      stop = ['entry', 'Stopped at the first policy.'];
    }
    if (!stop && frame.section === 'on-error' && !this.enteredOnError) {
      this.enteredOnError = true;
      if (this.exceptionFilters.has('onError')) stop = ['exception', `Entering on-error${this.failure ? `: ${this.failure.message}` : ''}`];
    }
    if (!stop) {
      const bp = step.origin.file ? this.files.get(step.origin.file)?.atElement.get(step.element.span.start) : undefined;
      if (bp && (await this.shouldBreak(bp))) stop = ['breakpoint', `Breakpoint at <${step.element.name}>`];
    }
    if (!stop) {
      const m = this.mode;
      if (m.kind === 'in') stop = ['step', ''];
      else if (m.kind === 'over' && depth <= m.depth) stop = ['step', ''];
      else if (m.kind === 'out' && (depth < m.depth || (m.depth === 1 && (frame.origin.scope !== m.scope || frame.section !== m.section)))) stop = ['step', ''];
    }
    if (!stop && this.pauseRequested) stop = ['pause', 'Paused'];
    if (stop) this.mode = await this.hold(stop[0], stop[1]);
    if (this.terminated) throw new DebugTerminated();
  }

  statement(event: { readonly span: Span; readonly kind: string; locals(): [string, unknown][]; setLocal?(name: string, value: unknown): boolean; readonly element: PolicyElement }): void {
    const seq = ++this.seq;
    const change = this.localChanges?.changes.get(seq);
    if (change && !event.setLocal?.(change.name, change.value)) this.events.output(`${change.name} is not a local of this statement any more: not changed.\n`, 'stderr');
    const top = this.stack[this.stack.length - 1];
    if (!top || top.element !== event.element) return;
    top.statements.push({ seq, span: event.span, kind: event.kind, locals: event.locals(), ...(top.origin.file ? { file: top.origin.file } : {}) });
  }

  async after(step: { readonly element: PolicyElement; readonly origin: StatementOrigin; readonly run: PolicyRun; readonly failure?: PolicyFailure }): Promise<void> {
    const frame = this.stack[this.stack.length - 1];
    try {
      if (this.terminated) throw new DebugTerminated();
      if (!frame || frame.element !== step.element) return;
      // Replay the statements of its expressions: after a step into, or to a breakpoint on one.
      const lines = frame.origin.file ? this.files.get(frame.origin.file)?.atLine : undefined;
      const text = frame.origin.file ? this.text(frame.origin.file) : undefined;
      let stepping = this.mode.kind === 'in' && this.stack.length >= 1;
      for (let i = 0; i < frame.statements.length; i++) {
        const s = frame.statements[i] as RecordedStatement;
        let reason: [StopReason, string] | undefined;
        if (this.fastForward) {
          // Rerun to a changed local: the first stop is that statement, as it ran this time.
          if (s.seq !== this.localChanges?.stopAt) continue;
          this.fastForward = false;
          const changed = [...(this.localChanges?.changes.values() ?? [])].map((c) => `${c.name} = ${c.shown}`).join(', ');
          reason = ['step', `Ran again from the start with ${changed}`];
        } else {
          const line = text !== undefined ? lineColumn(text, s.span.start).line + 1 : undefined;
          const bp = line !== undefined ? lines?.get(line) : undefined;
          if (bp && (await this.shouldBreak(bp))) reason = ['breakpoint', `Breakpoint in the expression of <${frame.element.name}>`];
          else if (stepping) reason = ['step', ''];
        }
        if (!reason) continue;
        this.replaying = { frame, index: i };
        const next = await this.hold(reason[0], reason[1]);
        this.replaying = undefined;
        if (this.terminated) throw new DebugTerminated();
        // In the statements: into and over go to the next statement; out leaves them.
        if (next.kind === 'in' || next.kind === 'over') {
          stepping = true;
          this.mode = { kind: 'over', depth: this.stack.length };
        } else {
          stepping = false;
          this.mode = next.kind === 'out' ? { kind: 'over', depth: this.stack.length - 1 } : next;
        }
      }
      // A failure passes through every enclosing policy's after(): it stops once, where it happened.
      if (step.failure && step.failure !== this.failure && !this.fastForward) {
        this.failure = step.failure;
        if (this.exceptionFilters.has('error')) this.mode = await this.hold('exception', `<${step.element.name}> failed: ${step.failure.reason}: ${step.failure.message}`);
      }
      // Stepping into a policy that holds no other: the next stop is the next policy.
      if (this.mode.kind === 'in' && frame.statements.length > 0) this.mode = { kind: 'over', depth: this.stack.length };
    } finally {
      if (frame && frame.element === step.element) this.stack.pop();
    }
  }

  /** Condition, hit count and logpoint of a breakpoint met: whether to stop. */
  private async shouldBreak(bp: Bp): Promise<boolean> {
    if (bp.condition) {
      const r = await this.evaluate(bp.condition);
      if (!r.ok) {
        this.events.output(`Breakpoint condition '${bp.condition}' failed: ${r.value}\n`, 'stderr');
        return true;
      }
      if (r.raw !== true) return false;
    }
    bp.hits++;
    if (bp.hitCondition && !hitMatches(bp.hitCondition, bp.hits)) return false;
    if (bp.logMessage !== undefined) {
      let out = '';
      const parts = bp.logMessage.split(/(\{[^{}]+\})/);
      for (const part of parts) {
        if (/^\{[^{}]+\}$/.test(part)) {
          const r = await this.evaluate(part.slice(1, -1));
          out += r.ok ? toDisplayString(r.raw) : `{${r.value}}`;
        } else out += part;
      }
      this.events.output(`${this.mask(out)}\n`, 'console');
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- inspection

  private invalidate(): void {
    this.frameIds = [];
    this.handles.clear();
    this.setters.clear();
    this.nextHandle = 1000;
  }

  private position(file: string | undefined, offset: number): { line: number; column: number } {
    const text = file ? this.text(file) : undefined;
    if (text === undefined) return { line: 1, column: 1 };
    const lc = lineColumn(text, offset);
    return { line: lc.line + 1, column: lc.column + 1 };
  }

  /** The call stack, innermost first: statement, nested policies, fragment, scope, section. */
  frames(): DebugFrame[] {
    if (this.frameIds.length) return this.frameIds;
    const out: DebugFrame[] = [];
    let id = 1;
    const push = (f: Omit<DebugFrame, 'id'>): void => {
      out.push({ id: id++, ...f });
    };
    if (this.replaying) {
      const s = this.replaying.frame.statements[this.replaying.index] as RecordedStatement;
      push({ name: `${s.kind} statement of <${this.replaying.frame.element.name}>`, ...(s.file ? { file: s.file } : {}), ...this.position(s.file, s.span.start), kind: 'statement' });
    }
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i] as ElementFrame;
      const inner = this.stack[i + 1];
      const kind = f.element.name === 'include-fragment' && inner && inner.origin.file !== f.origin.file ? 'fragment' : 'policy';
      const id = f.element.attributes.find((a) => ['fragment-id', 'name', 'id', 'backend-id', 'variable-name', 'response-variable-name'].includes(a.name));
      push({ name: kind === 'fragment' ? `fragment ${id?.value ?? ''}`.trim() : `<${f.element.name}${id ? ` ${id.name}="${id.value}"` : ''}>`, ...(f.origin.file ? { file: f.origin.file } : {}), ...this.position(f.origin.file, f.element.span.start), kind });
    }
    const outer = this.stack[0];
    if (outer) {
      push({ name: SCOPE_NAMES[outer.origin.scope], ...(outer.origin.file ? { file: outer.origin.file } : {}), ...this.position(outer.origin.file, outer.element.span.start), kind: 'scope' });
      push({ name: outer.section, ...(outer.origin.file ? { file: outer.origin.file } : {}), ...this.position(outer.origin.file, outer.element.span.start), kind: 'section' });
    }
    this.frameIds = out;
    return out;
  }

  /** Masks secrets as the trace does. */
  mask(text: string): string {
    return this.run ? this.run.trace.mask(text) : text;
  }

  private handle(children: () => DebugVariable[], setter?: (name: string, value: string) => Promise<string>): number {
    const h = this.nextHandle++;
    this.handles.set(h, children);
    if (setter) this.setters.set(h, setter);
    return h;
  }

  /** A value as the Variables view shows it: its text (masked) and, when it has parts, a handle. */
  describe(name: string, value: unknown, depth = 0): DebugVariable {
    const type = value === null || value === undefined ? undefined : safeTypeName(value);
    if (value === null || value === undefined) return { name, value: 'null', variablesReference: 0 };
    if (typeof value === 'string') return { name, value: this.mask(JSON.stringify(value)), type, variablesReference: 0 };
    if (depth > 8) return { name, value: this.mask(toDisplayString(value)), type, variablesReference: 0 };
    if (value instanceof MessageBody) {
      const text = value.text();
      return { name, value: this.mask(JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)), type: 'IMessageBody', variablesReference: this.handle(() => {
        const kids = [this.describe('text', text, depth + 1)];
        try {
          kids.push(this.describe('json', JSON.parse(text), depth + 1));
        } catch {
          // not JSON: the text is all there is
        }
        return kids;
      }) };
    }
    if (value instanceof ModelUrl) return { name, value: this.mask(value.toString()), type: 'IUrl', variablesReference: this.handle(() => [this.describe('Scheme', value.scheme), this.describe('Host', value.host), this.describe('Port', value.port), this.describe('Path', value.path), this.describe('Query', value.query, depth + 1)]) };
    if (value instanceof CsDictionary) {
      const entries = [...value.map.values()];
      return { name, value: `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`, type, variablesReference: entries.length ? this.handle(() => entries.map((e) => {
        const key = String(e.key);
        const v = Array.isArray(e.value) && e.value.every((x) => typeof x === 'string') ? (e.value as string[]).map((x) => maskedHeaderValue(key, x)).join(', ') : e.value;
        return this.describe(key, v, depth + 1);
      })) : 0 };
    }
    if (value instanceof ModelObject) {
      const fields = Object.entries(value.fields).filter(([k]) => !k.startsWith('__'));
      return { name, value: value.modelType, type: value.modelType, variablesReference: this.handle(() => fields.map(([k, v]) => this.describe(k, v, depth + 1))) };
    }
    if (Array.isArray(value)) return { name, value: `${safeTypeName(value)} (${value.length})`, type, variablesReference: value.length ? this.handle(() => value.map((v, i) => this.describe(`[${i}]`, v, depth + 1))) : 0 };
    if (value instanceof Map) return { name, value: `${value.size} entries`, type, variablesReference: value.size ? this.handle(() => [...value].map(([k, v]) => this.describe(String(k), v, depth + 1))) : 0 };
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const entries = Object.entries(value as Record<string, unknown>);
      return { name, value: `{${entries.length}}`, type: 'object', variablesReference: entries.length ? this.handle(() => entries.map(([k, v]) => this.describe(k, v, depth + 1))) : 0 };
    }
    return { name, value: this.mask(toDisplayString(value)), ...(type ? { type } : {}), variablesReference: 0 };
  }

  /** The scopes of a frame: locals (in an expression), variables, request, response, error, context, gateway state. */
  scopes(): { name: string; variablesReference: number; expensive: boolean }[] {
    const run = this.run;
    if (!run) return [];
    const ctx = run.context.fields;
    const out: { name: string; variablesReference: number; expensive: boolean }[] = [];
    if (this.replaying) {
      const statement = this.replaying.frame.statements[this.replaying.index];
      const locals = statement?.locals ?? [];
      out.push({
        name: 'Locals',
        variablesReference: this.handle(
          () => locals.map(([n, v]) => ({ ...this.describe(n, v), settable: this.events.rerun !== undefined })),
          async (n, v) => this.changeLocal(statement as RecordedStatement, n, v),
        ),
        expensive: false,
      });
    }
    const vars = ctx['Variables'] as VariablesDictionary;
    out.push({
      name: 'context.Variables',
      variablesReference: this.handle(
        () => [...vars.map.values()].map((e) => ({ ...this.describe(String(e.key), e.value), settable: true })),
        async (n, v) => {
          const r = await this.evaluate(v);
          if (!r.ok) throw new Error(r.value);
          vars.set(n, r.raw);
          return this.describe(n, r.raw).value;
        },
      ),
      expensive: false,
    });
    out.push({ name: 'Request', variablesReference: this.messageHandle(run.request, true), expensive: false });
    const response = run.response;
    if (response && run.section !== 'inbound') out.push({ name: 'Response', variablesReference: this.messageHandle(response, false), expensive: false });
    if (ctx['LastError']) out.push({ name: 'context.LastError', variablesReference: this.describe('LastError', ctx['LastError']).variablesReference, expensive: false });
    out.push({
      name: 'Context',
      variablesReference: this.handle(() => ['Api', 'Operation', 'Product', 'Subscription', 'User', 'Deployment'].map((k) => this.describe(k, ctx[k] ?? null))),
      expensive: false,
    });
    out.push({ name: 'Gateway state', variablesReference: this.handle(() => this.gatewayState()), expensive: true });
    return out;
  }

  private messageHandle(message: ModelObject, request: boolean): number {
    const f = message.fields;
    const headers = f['Headers'] as CsDictionary;
    return this.handle(() => [
      ...(request ? [this.describe('Method', f['Method']), this.describe('Url', f['Url'])] : [this.describe('StatusCode', f['StatusCode']), this.describe('StatusReason', f['StatusReason'])]),
      {
        ...this.describe('Headers', headers),
        variablesReference: this.handle(
          () => [...headers.map.values()].map((e) => ({ ...this.describe(String(e.key), (e.value as string[]).map((x) => maskedHeaderValue(String(e.key), x)).join(', ')), settable: true })),
          async (n, v) => {
            const r = await this.evaluate(v);
            const value = r.ok ? toDisplayString(r.raw) : v.replace(/^"|"$/g, '');
            headers.set(n, [value]);
            return this.mask(JSON.stringify(maskedHeaderValue(n, value)));
          },
        ),
      },
      this.describe('Body', f['Body'] ?? null),
    ]);
  }

  private gatewayState(): DebugVariable[] {
    const state = this.run?.state as unknown as Record<string, unknown> | undefined;
    if (!state) return [];
    return Object.entries(state).map(([k, v]) => this.describe(k, v));
  }

  variables(reference: number): DebugVariable[] {
    return this.handles.get(reference)?.() ?? [];
  }

  async setVariable(reference: number, name: string, value: string): Promise<string> {
    const set = this.setters.get(reference);
    if (!set) throw new Error(`${name} cannot be changed here.`);
    return set(name, value);
  }

  /**
   * A C# local changed at a replayed statement: the statement has run already (statements are
   * replayed after their policy), so the target runs again from the start with the local set just
   * before that statement runs, and stops there. The value is a C# expression, converted to the
   * local's current type as a cast would.
   */
  private async changeLocal(statement: RecordedStatement, name: string, text: string): Promise<string> {
    if (!this.events.rerun) throw new Error('C# locals cannot be changed in this session: it cannot run the target again.');
    const current = statement.locals.find(([n]) => n === name);
    if (!current) throw new Error(`${name} is not a local of this statement.`);
    const type = current[1] === null || current[1] === undefined ? undefined : safeTypeName(current[1]);
    const cast = type && type !== 'object' ? `(${type})(${text})` : text;
    const r = await this.evaluate(cast);
    if (!r.ok) throw new Error(`${name} = ${text}: ${r.value}`);
    const changes = new Map(this.localChanges?.changes ?? []);
    changes.set(statement.seq, { name, value: r.raw, shown: r.value });
    this.events.rerun({ changes, stopAt: statement.seq });
    return r.value;
  }

  /**
   * A C# expression against the held context (and, in a replayed statement, its locals). From the
   * console, `context.Variables["name"] = <expression>` sets a variable.
   */
  async evaluate(expression: string): Promise<{ ok: boolean; value: string; raw?: unknown; type?: string; variablesReference?: number }> {
    const run = this.run;
    if (!run) return { ok: false, value: 'No request is held.' };
    const assign = /^\s*context\.Variables\[\s*"([^"]+)"\s*\]\s*=\s*([\s\S]+?);?\s*$/.exec(expression);
    const source = assign ? (assign[2] as string) : expression;
    const locals = this.replaying ? Object.fromEntries(this.replaying.frame.statements[this.replaying.index]?.locals ?? []) : {};
    const trimmed = source.trim();
    const text = trimmed.startsWith('@(') || trimmed.startsWith('@{') ? trimmed : `@(${trimmed})`;
    const r = await evaluateExpression(text, { globals: { ...locals, context: run.context }, now: () => new Date(run.clock.now()), random: run.random, resolveNamedValue: (n) => run.namedValue(n), maxSteps: 100_000 });
    if (!r.ok) return { ok: false, value: this.mask(r.error.kind === 'exception' ? `${r.error.type}: ${r.error.message}` : r.error.message) };
    if (assign) (run.context.fields['Variables'] as VariablesDictionary).set(assign[1], r.value);
    const d = this.describe('result', r.value);
    return { ok: true, value: d.value, raw: r.value, type: r.type, variablesReference: d.variablesReference };
  }

  /** Where the held request is: the file and span of the innermost frame. */
  current(): { file?: string; span: Span; name: string; section: SectionName } | undefined {
    if (this.replaying) {
      const s = this.replaying.frame.statements[this.replaying.index] as RecordedStatement;
      return { ...(s.file ? { file: s.file } : {}), span: s.span, name: `${s.kind} statement of <${this.replaying.frame.element.name}>`, section: this.replaying.frame.section };
    }
    const top = this.stack[this.stack.length - 1];
    return top ? { ...(top.origin.file ? { file: top.origin.file } : {}), span: top.element.span, name: `<${top.element.name}>`, section: top.section } : undefined;
  }
}

function safeTypeName(v: unknown): string {
  try {
    return runtimeTypeName(v);
  } catch {
    return typeof v;
  }
}

/** Whether a line lies inside a `@{ … }` block of an element's text. */
function blockCovers(text: string, span: Span, line: number, lineOf: (offset: number) => number): boolean {
  const body = text.slice(span.start, span.end);
  for (let at = body.indexOf('@{'); at >= 0; at = body.indexOf('@{', at + 2)) {
    const start = span.start + at;
    // Its end: the matching brace (strings are rare enough in policy blocks not to matter here).
    let depth = 0;
    let end = span.end;
    for (let i = start + 1; i < span.end; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (lineOf(start) <= line && lineOf(end) >= line) return true;
  }
  return false;
}

/** "3" (the 3rd hit), ">= 3", "> 2", "== 3", "% 2" (every 2nd). */
function hitMatches(condition: string, hits: number): boolean {
  const m = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(condition);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return hits >= n;
    case '<=':
      return hits <= n;
    case '>':
      return hits > n;
    case '<':
      return hits < n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits === n;
  }
}
