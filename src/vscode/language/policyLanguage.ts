// Puts XML documents whose first line opens <policies> or <fragment> into the apim-policy
// language. VS Code matches file extensions before first lines, so the `firstLine` in
// package.json never wins against the built-in XML language for *.xml; this closes that gap
// for documents opened while the extension is active.

import * as vscode from 'vscode';
import { isPolicyFirstLine, POLICY_LANGUAGE_ID } from '../../policy/policyLanguage';

export function registerPolicyLanguageDetection(): vscode.Disposable {
  const check = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== 'xml' || doc.lineCount === 0) return;
    if (isPolicyFirstLine(doc.lineAt(0).text)) void vscode.languages.setTextDocumentLanguage(doc, POLICY_LANGUAGE_ID);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
