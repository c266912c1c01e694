// A command of the command line: its name, usage, one-paragraph summary and what it does.

import type { Io } from './cliSupport';

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Returns the exit code (EXIT); throws CliError for a problem that stops it. */
  run(args: readonly string[], io: Io): Promise<number>;
}
