// The extension's log: one LogOutputChannel, created on first use so activation stays cheap.

import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  private channel: vscode.LogOutputChannel | undefined;

  private get out(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel('APIM Workbench', { log: true });
    return this.channel;
  }

  info(message: string): void {
    this.out.info(message);
  }

  warn(message: string): void {
    this.out.warn(message);
  }

  error(message: string, error?: unknown): void {
    this.out.error(error instanceof Error ? `${message}: ${error.stack ?? error.message}` : error === undefined ? message : `${message}: ${String(error)}`);
  }

  show(): void {
    this.out.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
