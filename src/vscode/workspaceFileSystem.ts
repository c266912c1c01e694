// The core's FileSystem over vscode.workspace.fs, so the explorer reads whatever file system
// the workspace lives on (local or the remote extension host's). Paths are file-scheme paths.

import * as vscode from 'vscode';
import type { FileSystem } from '../workspace/fileSystem';

export const workspaceFileSystem: FileSystem = {
  async readDirectory(dir) {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(dir));
    return entries.map(([name, type]) => ({ name, isDirectory: (type & vscode.FileType.Directory) !== 0 }));
  },
  async readFile(file) {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  },
  async stat(p) {
    try {
      const s = await vscode.workspace.fs.stat(vscode.Uri.file(p));
      return { isDirectory: (s.type & vscode.FileType.Directory) !== 0 };
    } catch {
      return undefined;
    }
  },
};
