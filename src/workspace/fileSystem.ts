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

/**
 * A FileSystem that reads only inside `realRoot` (a real path, symlinks resolved): a path that
 * leads out, itself or through a link, is refused (readFile and readDirectory reject, stat answers
 * nothing there). For servers that must not read beyond the folder they serve (the MCP server).
 */
export function confinedFileSystem(realRoot: string, base: FileSystem = nodeFileSystem): FileSystem {
  const inside = (p: string): boolean => {
    const rel = path.relative(realRoot, p);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  /** The real path, when it exists; undefined when it does not (the base then reports that). */
  const real = async (p: string): Promise<string | undefined> => fsp.realpath(p).catch(() => undefined);
  const check = async (p: string): Promise<void> => {
    const r = await real(p);
    if (r !== undefined && !inside(r)) throw new Error(`${p} leads outside ${realRoot}: it is not read.`);
  };
  return {
    async readDirectory(dir) {
      await check(dir);
      return base.readDirectory(dir);
    },
    async readFile(file) {
      await check(file);
      return base.readFile(file);
    },
    async stat(p) {
      const r = await real(p);
      if (r !== undefined && !inside(r)) return undefined;
      return base.stat(p);
    },
  };
}
