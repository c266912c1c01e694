// Editor features for apim-policy documents: diagnostics (as you type, debounced) and hover, over
// the core's parser, catalog, expression checker and the APIOps service the file belongs to.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../common/diagnostic';
import { lineColumn } from '../../common/span';
import { loadCSharpParser } from '../../expressions/expressionParser';
import { completeAt, type CompletionKind } from '../../language/completion';
import { codeActionsFor } from '../../language/codeActions';
import { hoverAt } from '../../language/hover';
import { policyFilesOf, serviceContext } from '../../language/lintWorkspace';
import { definitionFile, documentSymbols, findReferences, foldingRanges, formatPolicy, referenceAt, variableDefinitions, type PolicySymbol } from '../../language/navigation';
import { validatePolicy, type PolicyContext } from '../../language/policyDiagnostics';
import { POLICY_LANGUAGE_ID } from '../../policy/policyLanguage';
import { parsePolicy } from '../../policy/policyParser';
import type { ApiopsService, NamedValueModel } from '../../workspace/apiopsModel';
import { scopeOfLooseOrServiceFile } from '../../workspace/policyScope';
import type { Scope } from '../../policy/catalog';
import type { Log } from '../log';
import { EMBEDDED_SCHEME, embeddedPolicyUri, localPolicyPath } from '../embeddedPolicyFileSystem';
import { EMBEDDED_POLICY_FILE } from '../../workspace/embeddedPolicy';
import { policyText } from '../../workspace/apiopsLoader';
import { nodeFileSystem } from '../../workspace/fileSystem';
import type { LiveResources } from '../azure/liveContext';

/** Finds the APIOps service a file belongs to (the explorer has them loaded). */
export interface ServiceLocator {
  serviceFor(fsPath: string): Promise<ApiopsService | undefined>;
  /** For a live policy (apim:): its scope and its service's named values, backends and fragments. */
  liveResources?(uri: vscode.Uri): Promise<LiveResources | undefined>;
}

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  policy: vscode.CompletionItemKind.Snippet,
  element: vscode.CompletionItemKind.Struct,
  attribute: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  closeTag: vscode.CompletionItemKind.Struct,
  namedValue: vscode.CompletionItemKind.Constant,
  method: vscode.CompletionItemKind.Method,
  property: vscode.CompletionItemKind.Property,
  type: vscode.CompletionItemKind.Class,
  variable: vscode.CompletionItemKind.Variable,
  keyword: vscode.CompletionItemKind.Keyword,
};

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function registerPolicyLanguageFeatures(services: ServiceLocator, log: Log): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(POLICY_LANGUAGE_ID);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // The C# parser (WebAssembly) loads with the first policy document, not at activation.
  let parserLoading: Promise<void> | undefined;
  const parserReady = (): Promise<void> =>
    (parserLoading ??= loadCSharpParser().then(
      () => undefined,
      (e: unknown) => log.error('Cannot load the C# parser; expression checks are off', e),
    ));

  const selector = { language: POLICY_LANGUAGE_ID };
  const range = (doc: vscode.TextDocument, span: { start: number; end: number }): vscode.Range => new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));

  // A file of an APIOps folder, or a policy kept in one of its JSON files (embeddedPolicyFileSystem).
  const serviceOf = (doc: vscode.TextDocument): Promise<ApiopsService | undefined> => {
    const file = localPolicyPath(doc.uri);
    return file === undefined ? Promise.resolve(undefined) : services.serviceFor(file);
  };
  // Outside an APIOps service a lone policy.xml has no known scope (scopeOfLooseOrServiceFile).
  const localScope = (doc: vscode.TextDocument, inService: boolean): Scope | undefined => (doc.uri.scheme === EMBEDDED_SCHEME ? 'fragment' : doc.uri.scheme === 'file' ? scopeOfLooseOrServiceFile(doc.uri.fsPath, inService) : undefined);

  const contextFor = async (doc: vscode.TextDocument): Promise<PolicyContext> => {
    if (doc.uri.scheme === 'apim') {
      const live = await services.liveResources?.(doc.uri);
      return live ? { scope: live.scope, namedValues: new Set(live.namedValues.map((n) => n.name)), backends: new Set(live.backends), fragments: new Set(live.fragments) } : {};
    }
    const service = await serviceOf(doc);
    const scope = localScope(doc, service !== undefined);
    return { ...(service ? serviceContext(service) : {}), scope };
  };

  const validate = async (doc: vscode.TextDocument): Promise<void> => {
    if (doc.languageId !== POLICY_LANGUAGE_ID) return;
    const version = doc.version;
    try {
      await parserReady();
      const ctx = await contextFor(doc);
      if (doc.version !== version || doc.isClosed) return; // a newer edit will validate
      const diagnostics = validatePolicy(parsePolicy(doc.getText()), ctx);
      collection.set(
        doc.uri,
        diagnostics.map((d) => {
          const vd = new vscode.Diagnostic(range(doc, d.span), d.message, SEVERITY[d.severity]);
          vd.code = d.code;
          vd.source = 'APIM Workbench';
          return vd;
        }),
      );
    } catch (e) {
      log.error(`Validating ${doc.uri.toString()} failed`, e);
    }
  };

  const schedule = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    const t = timers.get(key);
    if (t) clearTimeout(t);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void validate(doc);
      }, 250),
    );
  };

  const hover = vscode.languages.registerHoverProvider(
    selector,
    {
      async provideHover(doc, position, token) {
        try {
          await parserReady();
          if (token.isCancellationRequested) return undefined;
          const service = await serviceOf(doc);
          const namedValues = service ? new Map<string, NamedValueModel>([service, ...service.workspaces].flatMap((c) => c.namedValues.map((n) => [n.displayName, n] as const))) : undefined;
          const r = hoverAt(parsePolicy(doc.getText()), doc.offsetAt(position), { namedValues });
          if (!r) return undefined;
          const md = new vscode.MarkdownString(r.markdown);
          return new vscode.Hover(md, range(doc, r.span));
        } catch (e) {
          log.error('Hover failed', e);
          return undefined;
        }
      },
    },
  );

  const completion = vscode.languages.registerCompletionItemProvider(
    selector,
    {
      async provideCompletionItems(doc, position, token) {
        try {
          await parserReady();
          if (token.isCancellationRequested) return undefined;
          const service = await serviceOf(doc);
          const live = doc.uri.scheme === 'apim' ? await services.liveResources?.(doc.uri) : undefined;
          const all = service ? [service, ...service.workspaces] : [];
          const items = completeAt(parsePolicy(doc.getText()), doc.offsetAt(position), {
            scope: localScope(doc, service !== undefined) ?? live?.scope,
            namedValues: service ? all.flatMap((c) => c.namedValues.map((n) => ({ name: n.displayName, secret: n.secret || !!n.keyVaultSecretIdentifier, value: n.value }))) : live?.namedValues.map((n) => ({ name: n.name, secret: n.secret, value: n.value })),
            backends: service ? all.flatMap((c) => c.backends.map((b) => b.name)) : live?.backends,
            fragments: service ? all.flatMap((c) => c.fragments.map((f) => f.name)) : live?.fragments,
          });
          return items.map((i) => {
            const item = new vscode.CompletionItem(i.label, KINDS[i.kind]);
            item.detail = i.detail;
            if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
            item.insertText = new vscode.SnippetString(i.insertText ?? i.label.replace(/[$}\\]/g, '\\$&'));
            item.range = range(doc, i.replace);
            item.sortText = i.sortText;
            return item;
          });
        } catch (e) {
          log.error('Completion failed', e);
          return undefined;
        }
      },
    },
    '<',
    ' ',
    '"',
    '.',
    '{',
    '/',
    '[',
  );


  const codeActions = vscode.languages.registerCodeActionsProvider(
    selector,
    {
      async provideCodeActions(doc, _range, context) {
        const ours = context.diagnostics.filter((d) => d.source === 'APIM Workbench');
        if (!ours.length) return [];
        await parserReady();
        const parsed = parsePolicy(doc.getText());
        const service = await serviceOf(doc);
        const core = validatePolicy(parsed, await contextFor(doc));
        const out: vscode.CodeAction[] = [];
        for (const vd of ours) {
          const d = core.find((c) => c.code === vd.code && doc.positionAt(c.span.start).isEqual(vd.range.start));
          if (!d) continue;
          for (const a of codeActionsFor(parsed, d, { serviceRoot: service?.root })) {
            const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [vd];
            action.isPreferred = a.isPreferred;
            const edit = new vscode.WorkspaceEdit();
            for (const e of a.edits) edit.replace(doc.uri, range(doc, e.span), e.newText);
            if (a.createFile) edit.createFile(vscode.Uri.file(a.createFile.path), { ignoreIfExists: true, contents: new TextEncoder().encode(a.createFile.content) });
            action.edit = edit;
            out.push(action);
          }
        }
        return out;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );

  const toSymbol = (doc: vscode.TextDocument, s: PolicySymbol): vscode.DocumentSymbol => {
    const sym = new vscode.DocumentSymbol(s.name, s.detail ?? '', s.kind === 'section' ? vscode.SymbolKind.Namespace : s.kind === 'policy' ? vscode.SymbolKind.Function : vscode.SymbolKind.Field, range(doc, s.span), range(doc, s.selectionSpan));
    sym.children = s.children.map((c) => toSymbol(doc, c));
    return sym;
  };
  const symbols = vscode.languages.registerDocumentSymbolProvider(selector, {
    provideDocumentSymbols: (doc) => documentSymbols(parsePolicy(doc.getText())).map((s) => toSymbol(doc, s)),
  });
  const folding = vscode.languages.registerFoldingRangeProvider(selector, {
    provideFoldingRanges: (doc) => foldingRanges(parsePolicy(doc.getText())).map((r) => new vscode.FoldingRange(r.startLine, r.endLine, r.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined)),
  });
  const formatting = vscode.languages.registerDocumentFormattingEditProvider(selector, {
    provideDocumentFormattingEdits: (doc, options) => formatPolicy(parsePolicy(doc.getText()), { tabSize: options.tabSize, insertSpaces: options.insertSpaces }).map((e) => vscode.TextEdit.replace(range(doc, e.span), e.newText)),
  });

  const definition = vscode.languages.registerDefinitionProvider(selector, {
    async provideDefinition(doc, position) {
      const parsed = parsePolicy(doc.getText());
      const target = referenceAt(parsed, doc.offsetAt(position));
      if (!target) return undefined;
      if (target.kind === 'variable') return variableDefinitions(parsed, target.name).map((sp) => new vscode.Location(doc.uri, range(doc, sp)));
      const service = await serviceOf(doc);
      const file = service ? definitionFile(service, target) : undefined;
      if (!file) return undefined;
      // An apiops-cli fragment: its XML, inside its information file.
      const uri = target.kind === 'fragment' && path.basename(file) === EMBEDDED_POLICY_FILE ? embeddedPolicyUri(file) : vscode.Uri.file(file);
      return new vscode.Location(uri, new vscode.Position(0, 0));
    },
  });

  const references = vscode.languages.registerReferenceProvider(selector, {
    async provideReferences(doc, position) {
      const target = referenceAt(parsePolicy(doc.getText()), doc.offsetAt(position));
      if (!target) return [];
      if (target.kind === 'variable') return findReferences(doc.getText(), target).map((sp) => new vscode.Location(doc.uri, range(doc, sp)));
      const service = await serviceOf(doc);
      if (!service) return findReferences(doc.getText(), target).map((sp) => new vscode.Location(doc.uri, range(doc, sp)));
      const out: vscode.Location[] = [];
      for (const p of policyFilesOf(service)) {
        if (p.text !== undefined) continue; // an environment's policy lives in its configuration file
        const uri = p.embedded ? embeddedPolicyUri(p.path) : vscode.Uri.file(p.path);
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const text = open ? open.getText() : await policyText(nodeFileSystem, p);
        for (const sp of findReferences(text, target)) {
          const at = (o: number): vscode.Position => (open ? open.positionAt(o) : positionIn(text, o));
          out.push(new vscode.Location(uri, new vscode.Range(at(sp.start), at(sp.end))));
        }
      }
      return out;
    },
  });

  vscode.workspace.textDocuments.filter((d) => d.languageId === POLICY_LANGUAGE_ID).forEach((d) => void validate(d));
  return vscode.Disposable.from(
    collection,
    hover,
    completion,
    codeActions,
    symbols,
    folding,
    formatting,
    definition,
    references,
    vscode.workspace.onDidOpenTextDocument((d) => void validate(d)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      collection.delete(d.uri);
      const t = timers.get(d.uri.toString());
      if (t) clearTimeout(t);
    }),
    new vscode.Disposable(() => timers.forEach((t) => clearTimeout(t))),
  );
}

function positionIn(text: string, offset: number): vscode.Position {
  const { line, column } = lineColumn(text, offset);
  return new vscode.Position(line, column);
}
