// Running a synchronous piece of work (a regular expression, above all) under a time limit: a
// pattern with catastrophic backtracking is stopped instead of hanging the process. Node's vm runs
// the function with a timeout; the work itself runs unchanged.

import * as vm from 'node:vm';

const context = vm.createContext({});
const script = new vm.Script('__timeLimitedWork()');

export class TimeLimitExceeded extends Error {
  constructor(readonly ms: number) {
    super(`stopped after ${ms} ms`);
    this.name = 'TimeLimitExceeded';
  }
}

/** `fn()` when it finishes within `ms`; a TimeLimitExceeded otherwise. */
export function withTimeLimit<T>(fn: () => T, ms: number): T {
  const ctx = context as { __timeLimitedWork?: () => T };
  ctx.__timeLimitedWork = fn;
  try {
    return script.runInContext(context, { timeout: ms }) as T;
  } catch (e) {
    if ((e as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeLimitExceeded(ms);
    throw e;
  } finally {
    ctx.__timeLimitedWork = undefined;
  }
}
