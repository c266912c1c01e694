// Typed errors shared by the core and the adapters. Problems in user input are data
// (diagnostics, load problems); these are for failures a caller must handle or report.

export type WorkbenchErrorCode =
  | 'notFound'
  | 'invalidArgument'
  | 'io'
  | 'notImplemented';

export class WorkbenchError extends Error {
  constructor(
    readonly code: WorkbenchErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorkbenchError';
  }
}

/** One line for a user, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
