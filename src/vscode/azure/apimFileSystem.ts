// Live policies as files: `apim:/<subscription>/<resource group>/<service>/…/policy.xml` opens the
// policy's raw XML from Azure; saving sends it back with If-Match set to the ETag that was read.
// When someone else changed the policy meanwhile, nothing is overwritten: the user sees the two
// versions side by side and chooses to overwrite theirs or to cancel (the save then fails and the
// editor keeps the text).

import * as vscode from 'vscode';
import { isAzureRequestError, isResourceChanged } from '../../azure/azureErrors';
import { describeScope, type PolicyScopeRef, type ServiceRef } from '../../azure/scopes';
import { APIM_SCHEME, parsePolicyPath, policyPath } from '../../azure/policyUri';
import type { Log } from '../log';
import type { AzureAccount } from './azureAccount';

export type ConflictChoice = 'overwrite' | 'cancel';

/** The remote text of a conflicting save, shown read-only in the diff editor. */
export const REMOTE_SCHEME = 'apim-remote';

export function policyUri(service: ServiceRef, scope: PolicyScopeRef): vscode.Uri {
  return vscode.Uri.from({ scheme: APIM_SCHEME, path: policyPath(service, scope) });
}

export class ApimFileSystem implements vscode.FileSystemProvider, vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** What was read: the ETag to send back, and a stable mtime for VS Code's own dirty checks. */
  private readonly known = new Map<string, { etag: string | undefined; mtime: number; size: number }>();
  /** Remote texts of conflicts, for the diff editor. */
  private readonly remote = new Map<string, string>();
  /**
   * How a conflict is settled; by default the user is asked (compare, overwrite or cancel).
   * Tests replace it.
   */
  resolveConflict: (uri: vscode.Uri, theirs: string, mine: string) => Promise<ConflictChoice> = (uri, theirs) => this.askUser(uri, theirs);

  constructor(
    private readonly account: AzureAccount,
    private readonly log: Log,
  ) {}

  private target(uri: vscode.Uri): { service: ServiceRef; scope: PolicyScopeRef } {
    const t = parsePolicyPath(uri.path);
    if (!t) throw vscode.FileSystemError.FileNotFound(uri);
    return t;
  }

  private fail(e: unknown, uri: vscode.Uri): never {
    if (isAzureRequestError(e)) {
      this.log.error(e.message, e.detail);
      throw vscode.FileSystemError.Unavailable(e.message);
    }
    if (e instanceof vscode.FileSystemError) throw e;
    this.log.error(`apim: ${uri.path}`, e);
    throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    this.target(uri);
    let k = this.known.get(uri.toString());
    if (!k) {
      await this.readFile(uri);
      k = this.known.get(uri.toString())!;
    }
    return { type: vscode.FileType.File, ctime: 0, mtime: k.mtime, size: k.size };
  }

  /** Reads in flight, by URI: VS Code stats and reads a file at once when opening it; one GET serves both. */
  private readonly reading = new Map<string, Promise<Uint8Array>>();

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.read(uri).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async read(uri: vscode.Uri): Promise<Uint8Array> {
    const { service, scope } = this.target(uri);
    try {
      const policy = await this.account.service(service).getPolicy(scope);
      const bytes = Buffer.from(policy.text, 'utf8');
      const previous = this.known.get(uri.toString());
      this.known.set(uri.toString(), { etag: policy.etag, mtime: previous && previous.etag === policy.etag ? previous.mtime : Date.now(), size: bytes.length });
      return bytes;
    } catch (e) {
      this.fail(e, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { service, scope } = this.target(uri);
    const live = this.account.service(service);
    const mine = Buffer.from(content).toString('utf8');
    const read = this.known.get(uri.toString());
    try {
      let etag: string | undefined;
      try {
        etag = await live.putPolicy(scope, mine, read?.etag);
      } catch (e) {
        if (!isResourceChanged(e)) throw e;
        const theirs = await live.getPolicy(scope);
        this.log.warn(`${describeScope(scope)} of ${service.name} changed in Azure since it was opened (ETag ${read?.etag ?? 'none'} → ${theirs.etag ?? 'none'}).`);
        const choice = await this.resolveConflict(uri, theirs.text, mine);
        if (choice !== 'overwrite') throw vscode.FileSystemError.Unavailable(`Not saved: ${describeScope(scope)} was changed in Azure by someone else since you opened it. Compare, then save again to overwrite it, or reopen it to take theirs.`);
        etag = await live.putPolicy(scope, mine, theirs.etag);
      }
      this.known.set(uri.toString(), { etag, mtime: Date.now(), size: content.length });
      this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
      this.log.info(`Saved ${describeScope(scope)} of ${service.name} to Azure.`);
    } catch (e) {
      this.fail(e, uri);
    }
  }

  /** Compare, Overwrite or Cancel, with the diff of theirs against mine on request. */
  private async askUser(uri: vscode.Uri, theirs: string): Promise<ConflictChoice> {
    const t = parsePolicyPath(uri.path);
    const what = t ? `${describeScope(t.scope)} of ${t.service.name}` : uri.path;
    const choice = await vscode.window.showWarningMessage(`Someone changed ${what} in Azure since you opened it.`, { modal: true, detail: 'Saving now would overwrite their change. Compare the two versions first, or overwrite theirs with yours.' }, 'Compare', 'Overwrite');
    if (choice === 'Overwrite') return 'overwrite';
    // Compare shows theirs beside yours and cancels this save; saving again asks again.
    if (choice === 'Compare') await vscode.commands.executeCommand('vscode.diff', this.showText(uri.path, theirs), uri, `${what}: Azure ↔ yours`);
    return 'cancel';
  }

  /** A read-only view of a text (a revision's policy before a publish), for the diff editor. */
  showText(path: string, text: string): vscode.Uri {
    this.remote.set(path, text);
    return vscode.Uri.from({ scheme: REMOTE_SCHEME, path });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.remote.get(uri.path) ?? '';
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions('Live policies are opened from the APIM Workbench explorer.');
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Live policies cannot hold folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Deleting a policy in Azure is not supported from the editor.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('A live policy cannot be renamed.');
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
