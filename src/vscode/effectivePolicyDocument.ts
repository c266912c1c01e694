// Show Effective Policy: the composed policy of an operation (src/gateway/effectivePolicyView.ts)
// as a read-only document, each element a link to its source file and line. From an operation of
// the explorer, or a policy file (the operations it applies to, picked); a product picked when the
// API is in any.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { policyRefUri } from './embeddedPolicyFileSystem';
import { lineColumn } from '../common/span';
import { gatewayFromApiops } from '../gateway/apiopsGateway';
import { effectivePolicy, type EffectivePolicyLink } from '../gateway/effectivePolicyView';
import { readPolicyText } from '../gateway/simulationReport';
import { simulationTargets } from '../gateway/simulationTargets';
import { loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import type { ExplorerNode } from '../explorer/explorerTree';
import { serviceRootFor } from './simulator';
import type { ExplorerTreeProvider } from './tree/explorerTreeProvider';

export const EFFECTIVE_SCHEME = 'apim-workbench-effective';

const documents = new Map<string, { text: string; links: readonly EffectivePolicyLink[] }>();

export function registerEffectivePolicyDocuments(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, { provideTextDocumentContent: (uri) => documents.get(uri.toString())?.text ?? '' }),
    vscode.languages.registerDocumentLinkProvider({ scheme: EFFECTIVE_SCHEME }, {
      provideDocumentLinks(doc) {
        const entry = documents.get(doc.uri.toString());
        if (!entry) return [];
        const texts = new Map<string, string | undefined>();
        return entry.links.flatMap((l) => {
          if (!l.file) return [];
          if (!texts.has(l.file)) texts.set(l.file, readPolicyText(l.file));
          const source = texts.get(l.file);
          if (source === undefined) return [];
          const at = lineColumn(source, l.offset);
          // The element's first line links to where it is written.
          const start = doc.positionAt(l.start);
          const link = new vscode.DocumentLink(new vscode.Range(start, doc.lineAt(start.line).range.end), policyRefUri(l.file).with({ fragment: `L${at.line + 1},${at.column + 1}` }));
          link.tooltip = `${l.scope} scope${l.fragment ? `, fragment ${l.fragment}` : ''}: ${vscode.workspace.asRelativePath(policyRefUri(l.file))}:${at.line + 1}`;
          return [link];
        });
      },
    }),
  );
}

export interface ShowEffectiveArgs {
  readonly api?: string;
  readonly operation?: string;
  /** A product id, or '' for none (skips the pick). */
  readonly product?: string;
}

export async function showEffectivePolicy(explorer: ExplorerTreeProvider, arg: unknown, args: ShowEffectiveArgs = {}): Promise<vscode.TextDocument | undefined> {
  const node = arg && typeof arg === 'object' && 'kind' in arg ? (arg as ExplorerNode) : undefined;
  const uri = arg instanceof vscode.Uri ? arg : node ? undefined : vscode.window.activeTextEditor?.document.uri;
  const anchor = node?.kind === 'operation' ? node.api.folder : uri?.fsPath;
  if (!anchor) throw new Error('Show Effective Policy works on an operation of the APIM explorer or on a policy file of an APIOps folder.');
  const root = await serviceRootFor(anchor, explorer);
  if (!root) throw new Error('No APIOps folder found: open a workspace with one, or set apimWorkbench.apiops.folders.');
  const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
  let api = args.api ?? (node?.kind === 'operation' ? node.api.name : undefined);
  let operation = args.operation ?? (node?.kind === 'operation' ? node.operation.name : undefined);
  if (!api || !operation) {
    const targets = uri ? simulationTargets(config, uri.fsPath) : [];
    if (targets.length === 0) throw new Error(`${uri ? path.basename(uri.fsPath) : 'This'} is not a policy of the APIs in ${path.basename(root)}.`);
    const picked = targets.length === 1 ? targets[0] : (await vscode.window.showQuickPick(targets.map((t) => ({ label: t.label, t })), { title: 'Show the effective policy of which operation?' }))?.t;
    if (!picked) return undefined;
    api = picked.apiId;
    operation = picked.operationId;
  }
  let product = args.product;
  if (product === undefined) {
    const products = config.products.filter((p) => !p.apis || p.apis.includes(api as string));
    if (products.length) {
      const picked = await vscode.window.showQuickPick([{ label: '(no product)', id: '' }, ...products.map((p) => ({ label: p.name ?? p.id, description: p.id, id: p.id }))], { title: `Through which product? (${api} is in ${products.length})` });
      if (!picked) return undefined;
      product = picked.id;
    } else product = '';
  }
  const result = effectivePolicy(config, api, operation, product || undefined);
  const docUri = vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: `/${api} ${operation}${product ? ` (${product})` : ''}.policy.xml` });
  documents.set(docUri.toString(), result);
  const doc = await vscode.workspace.openTextDocument(docUri);
  const shown = await vscode.languages.setTextDocumentLanguage(doc, 'apim-policy');
  await vscode.window.showTextDocument(shown, { preview: true });
  return shown;
}
