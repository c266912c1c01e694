// The MCP server in VS Code: the extension offers `apim-workbench mcp <folder>` for each workspace
// folder to agent mode (vscode.lm.registerMcpServerDefinitionProvider), with no setup. The server
// is the CLI's (dist/cli.js), run by VS Code's own Node (ELECTRON_RUN_AS_NODE). When the user is
// signed in to Azure here, the server gets the live tools through the token broker: the socket's
// path goes in its environment, never a token (src/mcp/tokenBroker.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { startTokenBroker, TOKEN_BROKER_ENV } from '../mcp/tokenBroker';
import type { AzureAccount } from './azure/azureAccount';
import type { Log } from './log';

export const MCP_PROVIDER_ID = 'apimWorkbench.mcp';

export class McpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private broker: Promise<{ readonly path: string; close(): Promise<void> }> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly version: string,
    private readonly azure: AzureAccount | undefined,
    private readonly log: Log,
  ) {
    this.subscriptions = [vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()), ...(azure ? [azure.onDidChange(() => this.changed.fire())] : [])];
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const cli = path.join(this.extensionUri.fsPath, 'dist', 'cli.js');
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return folders.map((f) => {
      const d = new vscode.McpStdioServerDefinition(folders.length === 1 ? 'APIM Workbench' : `APIM Workbench: ${f.name}`, process.execPath, [cli, 'mcp', f.uri.fsPath], { ELECTRON_RUN_AS_NODE: '1' }, this.version);
      d.cwd = f.uri;
      return d;
    });
  }

  /** When the server starts: the token broker's socket, if the user is signed in to Azure here. */
  async resolveMcpServerDefinition(server: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition> {
    if (!this.azure || !(await this.azure.isSignedIn())) return server;
    const azure = this.azure;
    this.broker ??= startTokenBroker({
      token: (scopes, subscription) => azure.token(scopes, subscription),
      subscriptions: async () => (await azure.listSubscriptions()).map((s) => s.id),
    }).catch((e: unknown) => {
      this.broker = undefined;
      throw e;
    });
    try {
      server.env = { ...server.env, [TOKEN_BROKER_ENV]: (await this.broker).path };
    } catch (e) {
      this.log.error('Cannot start the token broker for the MCP server: its live tools are off', e);
    }
    return server;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    void this.broker?.then((b) => b.close()).catch(() => undefined);
  }
}

/** Registers the provider when this VS Code has the MCP API (1.101+); says so in the log when not. */
export function registerMcpServerProvider(provider: McpServerProvider, log: Log): vscode.Disposable {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function') {
    log.warn('This VS Code has no MCP server API: the APIM Workbench tools are not offered to agents (run apim-workbench mcp yourself).');
    return provider;
  }
  return vscode.Disposable.from(lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider), provider);
}
