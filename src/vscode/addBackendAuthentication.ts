// "Add Backend Authentication…": picks an authentication pattern, asks for the named values,
// backend or resource it needs (offering those of the policy's APIOps folder), and inserts the
// snippet at the end of its section of the open policy, its remaining tab stops live.

import * as vscode from 'vscode';
import { serviceContext } from '../language/lintWorkspace';
import { snippetEdit } from '../policy/snippetInsertion';
import { fillSnippet, placeholderDefault, SNIPPETS, snippetByPrefix, type PolicySnippet, type SnippetInput } from '../policy/snippets';
import { parsePolicy } from '../policy/policyParser';
import { loadApiopsService } from '../workspace/apiopsLoader';
import { nodeFileSystem } from '../workspace/fileSystem';
import { serviceRootFor } from './simulator';
import type { ExplorerTreeProvider } from './tree/explorerTreeProvider';

export interface AddBackendAuthenticationArgs {
  /** The snippet prefix (skips the pick; for tests and callers that know it). */
  readonly pattern?: string;
  /** Values for the snippet's inputs, by tab stop (skips those questions). */
  readonly values?: Readonly<Record<number, string>>;
}

async function ask(snippet: PolicySnippet, input: SnippetInput, known: { namedValues: string[]; backends: string[] }): Promise<string | undefined> {
  const fallback = placeholderDefault(snippet.body.join('\n'), input.tabStop);
  const existing = input.kind === 'namedValue' ? known.namedValues : input.kind === 'backend' ? known.backends : [];
  if (existing.length > 0) {
    const enter = { label: '$(edit) Enter a name…', name: undefined as string | undefined };
    const picked = await vscode.window.showQuickPick([...existing.map((name) => ({ label: name, name })), enter], { title: `${snippet.name}: ${input.prompt}`, placeHolder: input.kind === 'namedValue' ? 'A named value of this APIOps folder' : 'A backend of this APIOps folder' });
    if (!picked) return undefined;
    if (picked.name !== undefined) return picked.name;
  }
  return vscode.window.showInputBox({ title: snippet.name, prompt: input.prompt, value: fallback, validateInput: (v) => (v.trim() ? undefined : 'A value is needed') });
}

export async function addBackendAuthentication(explorer: ExplorerTreeProvider, args: AddBackendAuthenticationArgs = {}): Promise<{ text: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error('Add Backend Authentication works on the open policy: open a policy file and run it again.');
  const doc = editor.document;
  let snippet: PolicySnippet | undefined;
  if (args.pattern !== undefined) {
    snippet = snippetByPrefix(args.pattern);
    if (!snippet) throw new Error(`There is no snippet '${args.pattern}'.`);
  } else {
    const picked = await vscode.window.showQuickPick(
      SNIPPETS.filter((s) => s.category === 'authentication').map((s) => ({ label: s.name, description: s.prefix, detail: s.description, snippet: s })),
      { title: 'Add Backend Authentication', placeHolder: 'How the gateway authenticates to the backend', matchOnDescription: true, matchOnDetail: true },
    );
    snippet = picked?.snippet;
  }
  if (!snippet) return undefined;

  // What the policy's APIOps folder has, to offer instead of typing.
  const known = { namedValues: [] as string[], backends: [] as string[] };
  if (doc.uri.scheme === 'file') {
    const root = await serviceRootFor(doc.uri.fsPath, explorer);
    if (root) {
      const ctx = serviceContext(await loadApiopsService(nodeFileSystem, root));
      known.namedValues = [...(ctx.namedValues ?? [])].sort();
      known.backends = [...(ctx.backends ?? [])].sort();
    }
  }
  const values: Record<number, string> = {};
  for (const input of snippet.inputs ?? []) {
    const given = args.values?.[input.tabStop];
    const value = given ?? (await ask(snippet, input, known));
    if (value === undefined) return undefined;
    values[input.tabStop] = value.trim();
  }
  const edit = snippetEdit(parsePolicy(doc.getText()), snippet.section, fillSnippet(snippet.body.join('\n'), values));
  if ('error' in edit) throw new Error(edit.error);
  const range = new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length));
  const ok = await editor.insertSnippet(new vscode.SnippetString(edit.text), range, { undoStopBefore: true, undoStopAfter: true, keepWhitespace: true });
  if (!ok) throw new Error('The editor did not accept the snippet (the document changed meanwhile): try again.');
  return { text: doc.getText() };
}
