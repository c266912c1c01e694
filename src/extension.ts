// Composition root: builds the services and registers the VS Code adapters, nothing else.
// Activation is cheap by design: the explorer loads APIOps folders only when it is shown.

import * as vscode from 'vscode';
import { CommandIds, registerCommands } from './vscode/commands';
import { POLICY_LANGUAGE_ID } from './policy/policyLanguage';
import { registerPolicyLanguageDetection } from './vscode/language/policyLanguage';
import { registerPolicyLanguageFeatures } from './vscode/language/policyLanguageFeatures';
import { Log } from './vscode/log';
import { registerHttpCodeLens, registerPolicyCodeLens } from './vscode/httpCodeLens';
import { PolicyTests } from './vscode/policyTests';
import { addBackendAuthentication, type AddBackendAuthenticationArgs } from './vscode/addBackendAuthentication';
import { simulatePolicy, simulateRequests, type SimulatePolicyArgs, type SimulateRequestsArgs } from './vscode/simulator';
import { handleViewerMessage, openReportText, registerReportDocuments, traceOnShow } from './vscode/traceViewerPanel';
import type { FromWebview, TraceViewMessage } from './protocol/traceView';
import { EXPLORER_VIEW_ID, ExplorerTreeProvider, isLiveNode, type TreeNode, watchApiopsFiles } from './vscode/tree/explorerTreeProvider';
import { AzureAccount } from './vscode/azure/azureAccount';
import { ApimFileSystem, REMOTE_SCHEME } from './vscode/azure/apimFileSystem';
import { EMBEDDED_SCHEME, EmbeddedPolicyFileSystem } from './vscode/embeddedPolicyFileSystem';
import { McpServerProvider, registerMcpServerProvider } from './vscode/mcpServerProvider';
import { selectSubscriptions, selectTenant } from './vscode/azure/pickers';
import { compareWithCurrent, deleteRevisionNode, makeCurrent, publishRevision, type PublishArgs } from './vscode/azure/publishRevision';
import { LiveContext } from './vscode/azure/liveContext';
import { revealNamedValue, saveNamedValue, type SaveNamedValueArgs } from './vscode/azure/namedValues';
import { compareWithAzure, extractToFolder, type CompareArgs, type ExtractArgs } from './vscode/azure/extractCompare';
import { APIM_SCHEME } from './azure/policyUri';
import { LiveTracing, type TraceLiveArgs } from './vscode/azure/liveTracing';
import { debugConfiguration, registerPolicyDebugging } from './vscode/debug/policyDebugging';
import { registerEffectivePolicyDocuments, showEffectivePolicy, type ShowEffectiveArgs } from './vscode/effectivePolicyDocument';
import { convertLayoutCommand, type ConvertArgs } from './vscode/convertLayoutCommand';
import { onDidChangeEnvironment, registerEnvironmentStatus, selectEnvironment } from './vscode/environment';

/** What activate() returns; the integration tests read the live explorer through it. */
export interface WorkbenchApi {
  readonly explorer: ExplorerTreeProvider;
  readonly policyTests: PolicyTests;
  /** The live policies' file system (tests settle save conflicts through it). */
  readonly apimFileSystem: ApimFileSystem;
  readonly azure: AzureAccount;
  /** The extension's log (its recent lines, for checks). */
  readonly log: Log;
  /** What the trace viewer's "Open as Text" does: the report on show as a read-only document. */
  readonly openTraceAsText: () => Promise<vscode.TextDocument>;
  /** The trace the viewer shows, as posted to it (masked). */
  readonly traceOnShow: () => TraceViewMessage | undefined;
  /** Handles a message as if the viewer's script sent it (a link followed, a button pressed). */
  readonly traceViewerMessage: (m: FromWebview) => Promise<void>;
  /** The MCP server definitions offered to agent mode. */
  readonly mcp: McpServerProvider;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const log = new Log();
  const azure = new AzureAccount(context.globalState);
  const apimFileSystem = new ApimFileSystem(azure, log);
  const embeddedPolicies = new EmbeddedPolicyFileSystem();
  const mcp = new McpServerProvider(context.extensionUri, String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0'), azure, log);
  const explorer = new ExplorerTreeProvider(log, azure);
  const liveContext = new LiveContext(azure);
  const treeView = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true });
  const policyTests = new PolicyTests();
  const liveTracing = new LiveTracing(context.extensionUri, azure, explorer, log, context.workspaceState);
  context.subscriptions.push(
    log,
    azure,
    liveTracing,
    apimFileSystem,
    vscode.workspace.registerFileSystemProvider(APIM_SCHEME, apimFileSystem, { isCaseSensitive: false }),
    embeddedPolicies,
    registerMcpServerProvider(mcp, log),
    vscode.workspace.registerFileSystemProvider(EMBEDDED_SCHEME, embeddedPolicies, { isCaseSensitive: process.platform === 'linux' }),
    vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, apimFileSystem),
    explorer,
    treeView,
    watchApiopsFiles(explorer),
    registerPolicyLanguageDetection(),
    registerPolicyLanguageFeatures({ serviceFor: (p) => explorer.serviceFor(p), liveResources: (uri) => liveContext.resources(uri) }, log),
    registerHttpCodeLens(),
    registerPolicyCodeLens(),
    registerReportDocuments(),
    registerPolicyDebugging(context.extensionUri),
    registerEffectivePolicyDocuments(),
    registerEnvironmentStatus(context.workspaceState, CommandIds.selectEnvironment),
    // A new environment changes named values, backends and policies: everything is read again.
    onDidChangeEnvironment(() => explorer.refresh()),
    policyTests,
    registerCommands(
      {
        [CommandIds.refreshExplorer]: () => explorer.refresh(),
        [CommandIds.openPolicy]: (arg) => openPolicy(arg),
        [CommandIds.showLog]: () => log.show(),
        [CommandIds.simulateRequests]: async (arg, args) => {
          const shown = await simulateRequests(context.extensionUri, explorer, arg, (args ?? {}) as SimulateRequestsArgs);
          // The viewer's "Run against Azure" sends these requests through the live gateway.
          liveTracing.simulatedFrom(shown.file);
          return shown;
        },
        // On a live API or operation, or a .http file (the node's place holds its Uri then).
        [CommandIds.traceRequest]: (arg, args) => (arg && typeof arg === 'object' && 'kind' in arg ? liveTracing.traceNode(arg as never, (args ?? {}) as TraceLiveArgs) : liveTracing.traceHttp(arg, (args ?? {}) as TraceLiveArgs)),
        [CommandIds.compareWithSimulation]: (args) => liveTracing.compare((args ?? {}) as TraceLiveArgs),
        [CommandIds.exportTraceAsTest]: (args) => liveTracing.exportTest((args ?? {}) as { file?: string }),
        [CommandIds.stopTracing]: () => liveTracing.stop(),
        // A request of a .http file in the policy debugger (its CodeLens); args add launch options.
        [CommandIds.debugRequest]: (arg, args) => {
          const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
          if (!uri || !uri.fsPath.endsWith('.http')) throw new Error('Debug request runs a request of a .http file in the policy debugger: open one.');
          const options = (args ?? {}) as { requestNumber?: number; stopOnEntry?: boolean };
          return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), debugConfiguration({ name: `Debug ${uri.path.split('/').pop()} request ${options.requestNumber ?? 1}`, httpFile: uri.fsPath, requestNumber: options.requestNumber ?? 1, ...(options.stopOnEntry ? { stopOnEntry: true } : {}) }));
        },
        [CommandIds.showEffectivePolicy]: (arg, args) => showEffectivePolicy(explorer, arg, (args ?? {}) as ShowEffectiveArgs),
        [CommandIds.convertLayout]: (arg, args) => convertLayoutCommand(arg, (args ?? {}) as ConvertArgs),
        [CommandIds.selectEnvironment]: async (args) => selectEnvironment(await explorer.serviceRoots(), (args ?? {}) as { name?: string | null }),
        [CommandIds.simulatePolicy]: (arg, args) => simulatePolicy(context.extensionUri, explorer, arg, (args ?? {}) as SimulatePolicyArgs),
        [CommandIds.addBackendAuthentication]: (arg) => addBackendAuthentication(explorer, (arg ?? {}) as AddBackendAuthenticationArgs),
        [CommandIds.signIn]: () => azure.signIn(),
        [CommandIds.signOut]: async () => {
          azure.signOut();
          void vscode.window.showInformationMessage('APIM Workbench no longer uses your Azure account. To remove the account from VS Code as well, use the Accounts menu.');
        },
        [CommandIds.loadMore]: (node) => explorer.loadMore(node as never),
        [CommandIds.retry]: (node) => {
          const n = node as TreeNode;
          if (isLiveNode(n) && n.kind === 'liveError' && n.retry) explorer.refreshNode(n.retry);
          else explorer.refreshAzure();
        },
        [CommandIds.refreshNode]: (node) => (node ? explorer.refreshNode(node as TreeNode) : explorer.refreshAzure()),
        [CommandIds.extractToFolder]: (node, args) => extractToFolder(azure, node as TreeNode, (args ?? {}) as ExtractArgs),
        [CommandIds.compareWithAzure]: async (node, args) => {
          const n = node as TreeNode | undefined;
          const root = n && n.kind === 'service' ? n.service.root : (await explorer.serviceRoots())[0];
          return compareWithAzure(azure, root, (args ?? {}) as CompareArgs);
        },
        [CommandIds.selectTenant]: (args) => selectTenant(azure, (args ?? {}) as { tenantId?: string }),
        [CommandIds.selectSubscriptions]: (args) => selectSubscriptions(azure, (args ?? {}) as { ids?: readonly string[] }),
        [CommandIds.publishRevision]: (arg, args) => publishRevision(azure, apimFileSystem, () => explorer.refreshAzure(), arg, (args ?? {}) as PublishArgs, (node) => treeView.reveal(node, { select: true, focus: false, expand: false })),
        [CommandIds.makeRevisionCurrent]: (node, args) => makeCurrent(azure, () => explorer.refreshAzure(), node as TreeNode, (args ?? {}) as { notes?: string }),
        [CommandIds.compareRevision]: (node) => compareWithCurrent(node as TreeNode),
        [CommandIds.deleteRevision]: (node, args) => deleteRevisionNode(azure, () => explorer.refreshAzure(), node as TreeNode, (args ?? {}) as { confirm?: boolean }),
        [CommandIds.addNamedValue]: async (node, args) => {
          const saved = await saveNamedValue(azure, node as TreeNode, (args ?? {}) as SaveNamedValueArgs);
          if (saved) explorer.refreshNode(node as TreeNode);
          return saved;
        },
        [CommandIds.editNamedValue]: (node, args) => saveNamedValue(azure, node as TreeNode, (args ?? {}) as SaveNamedValueArgs),
        [CommandIds.revealNamedValue]: (node, args) => revealNamedValue(azure, node as TreeNode, args as { show?: (value: string) => Promise<void> } | undefined),
      },
      log,
    ),
  );
  return { explorer, policyTests, apimFileSystem, azure, log, openTraceAsText: openReportText, traceOnShow, traceViewerMessage: handleViewerMessage, mcp };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function openPolicy(arg: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
  if (!uri) throw new Error('Open Policy needs a policy file: run it from the APIM Workbench explorer.');
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== POLICY_LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, POLICY_LANGUAGE_ID);
  await vscode.window.showTextDocument(doc, { preview: true });
}
