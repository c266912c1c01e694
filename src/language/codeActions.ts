// Quick fixes for policy diagnostics, as plain edits: add a missing required attribute, rename
// an unknown policy to the closest one, take the suggestion of any other "Did you mean" (members,
// types, attributes, backends, fragments, named values, values), add <base />, create a missing
// named value in the APIOps folder. The editor adapter turns them into WorkspaceEdits.

import * as path from 'node:path';
import type { Diagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import { allElements, type PolicyDocument, type PolicyElement } from '../policy/policyDocument';
import { COLLECTION_FOLDERS } from '../workspace/apiopsLoader';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface CodeAction {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** A file to create (absolute path) with its content. */
  readonly createFile?: { readonly path: string; readonly content: string };
  readonly isPreferred?: boolean;
}

export interface CodeActionContext {
  /** The APIOps service folder, for creating named values. */
  readonly serviceRoot?: string;
}

export function codeActionsFor(doc: PolicyDocument, d: Diagnostic, ctx: CodeActionContext = {}): CodeAction[] {
  const el = elementWithName(doc, d.span);
  switch (d.code) {
    case 'missingAttribute': {
      const name = d.data?.['attribute'];
      if (!el || !name) return [];
      const last = el.attributes[el.attributes.length - 1];
      const at = last ? last.span.end : el.nameSpan.end;
      return [{ title: `Add the attribute '${name}'`, edits: [{ span: { start: at, end: at }, newText: ` ${name}=""` }], isPreferred: true }];
    }
    case 'unknownPolicy': {
      const to = d.data?.['suggestion'];
      if (!el || !to) return [];
      const edits: TextEdit[] = [{ span: el.nameSpan, newText: to }];
      if (el.endTagSpan) edits.push({ span: { start: el.endTagSpan.start + 2, end: el.endTagSpan.start + 2 + el.name.length }, newText: to });
      return [{ title: `Change to <${to}>`, edits, isPreferred: true }];
    }
    case 'unknownNamedValue': {
      const actions = replaceWithSuggestion(doc, d);
      const name = d.data?.['name'];
      if (!name || !ctx.serviceRoot || !/^[A-Za-z0-9._-]+$/.test(name)) return actions;
      const file = path.join(ctx.serviceRoot, COLLECTION_FOLDERS.namedValues, name, 'namedValueInformation.json');
      const content = `${JSON.stringify({ properties: { displayName: name, value: '', secret: false } }, null, 2)}\n`;
      return [...actions, { title: `Create the named value '${name}' in the APIOps folder`, edits: [], createFile: { path: file, content } }];
    }
    case 'namedValueByName': {
      const to = d.data?.['replacement'];
      if (!to || !/^\{\{.*\}\}$/.test(doc.text.slice(d.span.start, d.span.end))) return [];
      return [{ title: `Change to ${to}`, edits: [{ span: d.span, newText: to }], isPreferred: true }];
    }
    case 'missingBase': {
      if (!el || !el.startTagClosed) return [];
      const indent = indentOf(doc.text, el.startTagSpan.start);
      const inner = `${indent}  `;
      if (el.selfClosing) {
        return [{ title: 'Add <base />', edits: [{ span: el.startTagSpan, newText: `<${el.name}>\n${inner}<base />\n${indent}</${el.name}>` }], isPreferred: true }];
      }
      return [{ title: 'Add <base />', edits: [{ span: { start: el.startTagSpan.end, end: el.startTagSpan.end }, newText: `\n${inner}<base />` }], isPreferred: true }];
    }
    default:
      // Every other "Did you mean": an unknown member, type, attribute, backend, fragment or value.
      return replaceWithSuggestion(doc, d);
  }
}

/** "Change to 'x'" for a diagnostic that suggests a name: its span, still holding what was found, becomes the suggestion. */
function replaceWithSuggestion(doc: PolicyDocument, d: Diagnostic): CodeAction[] {
  const to = d.data?.['suggestion'];
  const found = d.data?.['found'];
  if (to === undefined || found === undefined || doc.text.slice(d.span.start, d.span.end) !== found) return [];
  return [{ title: `Change to '${to}'`, edits: [{ span: d.span, newText: to }], isPreferred: true }];
}

/** The element whose name the diagnostic points at. */
function elementWithName(doc: PolicyDocument, span: Span): PolicyElement | undefined {
  return allElements(doc).find((e) => e.nameSpan.start === span.start && e.nameSpan.end === span.end);
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}
