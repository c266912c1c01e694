// The expression engine's front door: parse, compile and run a policy expression with an
// injected clock, random source and step budget. Problems come back as data (EvaluationError)
// with the span they belong to; nothing here throws for bad user input.

import type { Span } from '../common/span';
import type { Diagnostic } from '../common/diagnostic';
import './builtins/index';
import { CompileError, compile, type CompiledExpression, type Globals } from './compiler';
import { loadCSharpParser, parsePolicyExpression } from './expressionParser';
import { DotNetException, LimitExceeded, NotSupportedByInterpreter, hostLimitException } from './runtime/exceptions';
import { runtimeTypeName, type Runtime } from './runtime/typeSystem';

export interface EvaluateOptions {
  /** Objects visible by name: `context` for policies. */
  readonly globals?: Globals;
  readonly now?: () => Date;
  readonly random?: () => number;
  /** Loop iterations, calls and lambda invocations allowed; default 1,000,000. */
  readonly maxSteps?: number;
  readonly regexTimeoutMs?: number;
  readonly resolveNamedValue?: (name: string) => string | undefined;
  /** Where the expression starts in its document, for spans. */
  readonly offset?: number;
  /** Before each statement of a block: the debugger's seam (see Runtime.onStatement). */
  readonly onStatement?: Runtime['onStatement'];
}

export type EvaluationError =
  | { readonly kind: 'syntax'; readonly diagnostics: readonly Diagnostic[]; readonly message: string; readonly span: Span }
  | { readonly kind: 'compile'; readonly code: string; readonly message: string; readonly span: Span }
  | { readonly kind: 'exception'; readonly type: string; readonly message: string; readonly span?: Span }
  | { readonly kind: 'limit'; readonly limit: string; readonly message: string; readonly span?: Span }
  | { readonly kind: 'unsupported'; readonly message: string; readonly span?: Span };

export type EvaluationResult = { readonly ok: true; readonly value: unknown; readonly type: string } | { readonly ok: false; readonly error: EvaluationError };

export const DEFAULT_MAX_STEPS = 1_000_000;

export function createRuntime(options: EvaluateOptions = {}): Runtime & { steps: number } {
  const max = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const rt = {
    steps: 0,
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
    regexTimeoutMs: options.regexTimeoutMs ?? 2000,
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
    step() {
      if (++rt.steps > max) throw new LimitExceeded('steps', `The expression ran more than ${max} steps; it is stopped so a runaway loop cannot hang the gateway simulation.`);
    },
  };
  return rt;
}

/** Parses and compiles; the result can run many times. */
export async function prepareExpression(source: string, options: EvaluateOptions = {}): Promise<{ ok: true; compiled: CompiledExpression } | { ok: false; error: EvaluationError }> {
  await loadCSharpParser();
  const parsed = parsePolicyExpression(source, options.offset ?? 0, options.resolveNamedValue);
  const whole = { start: options.offset ?? 0, end: (options.offset ?? 0) + source.length };
  if (!parsed) return { ok: false, error: { kind: 'syntax', diagnostics: [], message: 'Not an expression: it must start with @( or @{.', span: whole } };
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !parsed.body) {
    const first = errors[0];
    return { ok: false, error: { kind: 'syntax', diagnostics: errors, message: first?.message ?? 'The expression could not be parsed.', span: first?.span ?? whole } };
  }
  try {
    return { ok: true, compiled: compile(parsed.body, { globals: Object.keys(options.globals ?? { context: null }) }) };
  } catch (e) {
    if (e instanceof CompileError) return { ok: false, error: { kind: 'compile', code: e.code, message: e.message, span: e.span } };
    throw e;
  }
}

/** Runs a compiled expression; .NET exceptions and limits come back as errors. */
export function runExpression(compiled: CompiledExpression, options: EvaluateOptions = {}): EvaluationResult {
  const rt = createRuntime(options);
  try {
    const value = compiled.run(options.globals ?? {}, rt);
    return { ok: true, value, type: value === null || value === undefined ? 'null' : runtimeTypeName(value) };
  } catch (e) {
    if (e instanceof DotNetException) return { ok: false, error: { kind: 'exception', type: e.type, message: e.message, span: e.span } };
    if (e instanceof LimitExceeded) return { ok: false, error: { kind: 'limit', limit: e.limit, message: e.message, span: e.span } };
    if (e instanceof NotSupportedByInterpreter) return { ok: false, error: { kind: 'unsupported', message: e.message, span: e.span } };
    if (e instanceof CompileError) return { ok: false, error: { kind: 'compile', code: e.code, message: e.message, span: e.span } };
    const host = hostLimitException(e);
    if (host) return { ok: false, error: { kind: 'exception', type: host.type, message: host.message, span: host.span } };
    // Anything else is the simulator's own failure: reported as such, never thrown at the caller.
    return { ok: false, error: { kind: 'exception', type: 'System.Exception', message: `The simulator failed while running this expression: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

export async function evaluateExpression(source: string, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const prepared = await prepareExpression(source, options);
  if (!prepared.ok) return prepared;
  return runExpression(prepared.compiled, options);
}
