// Tokenises policies with this extension's TextMate grammar and the C# grammar of the VS Code
// it runs in (the built-in vscode.csharp extension), through vscode-textmate and oniguruma: the
// same engine the editor uses.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { EXTENSION_ID } from './support';

interface Token {
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar | undefined;

async function loadGrammar(): Promise<textmate.IGrammar> {
  if (grammar) return grammar;
  const ours = vscode.extensions.getExtension(EXTENSION_ID);
  const csharp = vscode.extensions.getExtension('vscode.csharp');
  assert.ok(ours && csharp, 'both extensions are present');
  const files: Record<string, string> = {
    'text.xml.apim-policy': path.join(ours.extensionPath, 'syntaxes', 'apim-policy.tmLanguage.json'),
    'source.cs': path.join(csharp.extensionPath, 'syntaxes', 'csharp.tmLanguage.json'),
  };
  await oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      const file = files[scope];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  const loaded = await registry.loadGrammar('text.xml.apim-policy');
  assert.ok(loaded);
  grammar = loaded;
  return loaded;
}

async function tokenize(text: string): Promise<Token[]> {
  const g = await loadGrammar();
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    for (const t of r.tokens) tokens.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
  }
  return tokens;
}

function scopesOf(tokens: Token[], text: string): string[] {
  const t = tokens.find((x) => x.text === text);
  assert.ok(t, `a token '${text}' in ${tokens.map((x) => x.text).join('|')}`);
  return t.scopes;
}

suite('grammar', () => {
  test('the apim-policy language uses this grammar', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'apim-policy', content: '<policies />' });
    assert.equal(doc.languageId, 'apim-policy');
  });

  test('tokenises an expression in an attribute as C#, raw quotes included', async () => {
    const tokens = await tokenize('<when condition="@(context.Request.Headers.GetValueOrDefault("x-a","") == "b" && 1 < 2)">');
    const method = scopesOf(tokens, 'GetValueOrDefault');
    assert.ok(method.includes('meta.embedded.expression.cs') && method.includes('source.cs'), method.join(' '));
    assert.ok(method.includes('entity.name.function.cs'), method.join(' '));
    assert.ok(scopesOf(tokens, '&&').includes('keyword.operator.logical.cs'));
    assert.ok(scopesOf(tokens, 'x-a').includes('string.quoted.double.cs'));
    // The attribute ends after the expression, not at the first raw quote.
    const last = tokens.filter((t) => t.text === '"').pop();
    assert.ok(last?.scopes.includes('punctuation.definition.string.end.xml'));
    assert.ok(scopesOf(tokens, '>').includes('punctuation.definition.tag.xml'));
  });

  test('tokenises a multi-line statement block in element text as C#', async () => {
    const tokens = await tokenize('<set-body>@{\n  var b = context.Request.Body.As<JObject>(preserveContent: true);\n  return b.ToString();\n}</set-body>\n<set-header name="x" />');
    assert.ok(scopesOf(tokens, 'var').includes('meta.embedded.block.cs'));
    assert.ok(scopesOf(tokens, 'return').includes('keyword.control.flow.return.cs'));
    assert.ok(scopesOf(tokens, 'JObject').includes('source.cs'), 'As<JObject> is a generic, not a tag');
    // XML resumes after the block.
    assert.ok(scopesOf(tokens, 'set-header').includes('entity.name.tag.localname.xml'));
  });

  test('tokenises named values, in text and inside C# strings', async () => {
    const tokens = await tokenize('<value>{{func-app-1-key}}</value>');
    assert.ok(scopesOf(tokens, 'func-app-1-key').includes('variable.other.named-value.apim-policy'));
  });

  test('every policy of the sample ends with XML scopes only', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'policy.xml') files.push(p);
      }
    };
    walk(root);
    assert.ok(files.length >= 20);
    for (const file of files) {
      const tokens = await tokenize(fs.readFileSync(file, 'utf8').trimEnd());
      const last = tokens[tokens.length - 1];
      // An expression that swallowed the rest of the file would leave C# scopes on the last tag.
      assert.deepEqual(last?.scopes, ['text.xml.apim-policy', 'meta.tag.xml', 'punctuation.definition.tag.xml'], file);
    }
  });
});
