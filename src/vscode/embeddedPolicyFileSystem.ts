// A policy kept inside a JSON file (an apiops-cli fragment's `properties.value`) as a file of its
// own: `apim-embedded:/…/policyFragmentInformation.json` reads as the fragment's XML, and saving
// writes it back into the JSON (other properties, order and indentation kept). Changes made to the
// JSON by other tools come through a file watcher.

import { readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { embeddedJsonPath, embeddedPolicyOf, withEmbeddedPolicy } from '../workspace/embeddedPolicy';

export const EMBEDDED_SCHEME = 'apim-embedded';

/** The virtual policy document of a JSON file that holds a policy. */
export function embeddedPolicyUri(jsonPath: string): vscode.Uri {
  return vscode.Uri.file(jsonPath).with({ scheme: EMBEDDED_SCHEME });
}

/** The document of a policy reference: a live policy (`apim:`), an embedded one, or a file. */
export function policyRefUri(ref: string): vscode.Uri {
  if (ref.startsWith('apim:')) return vscode.Uri.parse(ref);
  const json = embeddedJsonPath(ref);
  return json !== undefined ? embeddedPolicyUri(json) : vscode.Uri.file(ref);
}

/** The file a policy document lives in: itself, or the JSON that holds it. */
export function localPolicyPath(uri: vscode.Uri): string | undefined {
  return uri.scheme === 'file' || uri.scheme === EMBEDDED_SCHEME ? uri.fsPath : undefined;
}

export class EmbeddedPolicyFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly watchers = new Map<string, { watcher: vscode.FileSystemWatcher; count: number }>();

  private async read(uri: vscode.Uri): Promise<{ json: string; policy: string }> {
    let json: string;
    try {
      json = await readFile(uri.fsPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
    }
    try {
      return { json, policy: embeddedPolicyOf(json, uri.fsPath) };
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const s = await stat(uri.fsPath).catch(() => {
      throw vscode.FileSystemError.FileNotFound(uri);
    });
    const { policy } = await this.read(uri);
    return { type: vscode.FileType.File, ctime: s.ctimeMs, mtime: s.mtimeMs, size: Buffer.byteLength(policy) };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new TextEncoder().encode((await this.read(uri)).policy);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    if (options.create && !options.overwrite) throw vscode.FileSystemError.NoPermissions('A policy kept in a JSON file is written through that file: create the fragment first.');
    const { json } = await this.read(uri);
    await writeFile(uri.fsPath, withEmbeddedPolicy(json, new TextDecoder().decode(content), uri.fsPath), 'utf8');
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    const key = uri.fsPath;
    let w = this.watchers.get(key);
    if (!w) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(key)), path.basename(key)));
      const changed = (): void => this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
      watcher.onDidChange(changed);
      watcher.onDidCreate(changed);
      watcher.onDidDelete(() => this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]));
      w = { watcher, count: 0 };
      this.watchers.set(key, w);
    }
    w.count++;
    return new vscode.Disposable(() => {
      const x = this.watchers.get(key);
      if (x && --x.count === 0) {
        x.watcher.dispose();
        this.watchers.delete(key);
      }
    });
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions('apim-embedded: holds single policies, not folders');
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('apim-embedded: holds single policies, not folders');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete the fragment (its folder) instead of its policy.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename the fragment (its folder) instead of its policy.');
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.watcher.dispose();
    this.watchers.clear();
    this.emitter.dispose();
  }
}
