// The extension's log: one LogOutputChannel, created on first use so activation stays cheap.
// Every line goes through the process's masking: no secret the extension has seen is logged.

import * as vscode from 'vscode';
import { PROCESS_SECRETS } from '../common/secrets';

export class Log implements vscode.Disposable {
  private channel: vscode.LogOutputChannel | undefined;
  /** The last lines written, as written (masked): for "what just happened" checks. */
  private readonly tail: string[] = [];

  private get out(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel('APIM Workbench', { log: true });
    return this.channel;
  }

  info(message: string): void {
    this.out.info(this.keep(message));
  }

  warn(message: string): void {
    this.out.warn(this.keep(message));
  }

  error(message: string, error?: unknown): void {
    this.out.error(this.keep(error instanceof Error ? `${message}: ${error.stack ?? error.message}` : error === undefined ? message : `${message}: ${String(error)}`));
  }

  /** The last lines logged (at most 200), masked as they were written. */
  recent(): readonly string[] {
    return this.tail;
  }

  private keep(message: string): string {
    const masked = PROCESS_SECRETS.maskText(message);
    this.tail.push(masked);
    if (this.tail.length > 200) this.tail.shift();
    return masked;
  }

  show(): void {
    this.out.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
