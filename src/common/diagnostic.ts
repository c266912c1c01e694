// Problems in user input, as data. Every core checker returns these; adapters map them to the
// editor's diagnostics and the CLI prints them.

import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly severity: Severity;
  /** Facts a quick fix needs (the missing attribute, the suggested name, ...). */
  readonly data?: Readonly<Record<string, string>>;
}

export function error(code: string, message: string, span: Span): Diagnostic {
  return { code, message, span, severity: 'error' };
}
