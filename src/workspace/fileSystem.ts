// The narrow file-system interface the workspace loader reads through. The CLI and unit tests use
// the Node implementation below; the extension passes an adapter over vscode.workspace.fs.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

export interface FileSystem {
  /** Entries of a directory; rejects when it does not exist. */
  readDirectory(dir: string): Promise<DirEntry[]>;
  readFile(file: string): Promise<string>;
  /** undefined when nothing is there. */
  stat(p: string): Promise<{ isDirectory: boolean } | undefined>;
}

export const nodeFileSystem: FileSystem = {
  async readDirectory(dir) {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
  },
  async readFile(file) {
    return fsp.readFile(file, 'utf8');
  },
  async stat(p) {
    try {
      const s = await fsp.stat(p);
      return { isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  },
};

export function joinPath(...parts: string[]): string {
  return path.join(...parts);
}
