// The tolerant parser of the policy dialect ("rawxml"): XML whose attribute values and text may
// hold raw `"`, `<`, `>` and `&&` inside @(...) and @{...} expressions. It skips expressions with
// the C#-aware scanner, never throws, reports problems as diagnostics, and on half-typed input
// still builds the tree up to the cursor. Model: vscode-html-languageservice's scanner/parser.

import { error, type Diagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import { findExpressionEnd } from '../expressions/expressionScanner';
import type { PolicyAttribute, PolicyDocument, PolicyElement, PolicyNode } from './policyDocument';

/** Character tests by code: the parser runs on every keystroke, and regexes per character cost. */
function isNameStartCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
}
function isNameCode(c: number): boolean {
  return isNameStartCode(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
const NAME_START = { test: (ch: string): boolean => isNameStartCode(ch.charCodeAt(0)) };
const isSpace = (text: string, i: number): boolean => isSpaceCode(text.charCodeAt(i));

/** How deep elements may nest before the parser stops: real policies stay under 30 levels. */
export const MAX_ELEMENT_DEPTH = 100;

interface MutableElement extends PolicyElement {
  children: PolicyNode[];
}

export function parsePolicy(text: string): PolicyDocument {
  const problems: Diagnostic[] = [];
  const top: PolicyNode[] = [];
  const stack: MutableElement[] = [];
  const len = text.length;
  let i = 0;
  let tooDeep = false;

  const problem = (code: string, message: string, start: number, end: number): void => {
    problems.push(error(code, message, { start: Math.max(0, Math.min(start, len)), end: Math.max(0, Math.min(Math.max(end, start), len)) }));
  };
  const current = (): MutableElement | undefined => stack[stack.length - 1];
  const append = (n: PolicyNode): void => {
    const parent = current();
    if (parent) parent.children.push(n);
    else top.push(n);
  };
  const closeElement = (el: MutableElement, end: number, endTag?: Span): void => {
    el.span = { start: el.span.start, end };
    if (endTag) el.endTagSpan = endTag;
  };

  while (i < len) {
    const c = text[i];
    if (c === '<') {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        const stop = end < 0 ? len : end + 3;
        if (end < 0) problem('unclosedComment', 'The comment is not closed with -->.', i, len);
        append({ kind: 'comment', text: text.slice(i + 4, end < 0 ? len : end), span: { start: i, end: stop }, parent: current() });
        i = stop;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        const stop = end < 0 ? len : end + 3;
        if (end < 0) problem('unclosedCData', 'The CDATA section is not closed with ]]>.', i, len);
        append({ kind: 'cdata', text: text.slice(i + 9, end < 0 ? len : end), contentSpan: { start: i + 9, end: end < 0 ? len : end }, span: { start: i, end: stop }, parent: current() });
        i = stop;
        continue;
      }
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        i = end < 0 ? len : end + 2;
        continue;
      }
      if (text.startsWith('<!', i)) {
        const end = text.indexOf('>', i + 2);
        problem('doctype', 'Declarations (<!...>) are not allowed in policies.', i, end < 0 ? len : end + 1);
        i = end < 0 ? len : end + 1;
        continue;
      }
      if (text[i + 1] === '/') {
        i = endTag(i);
        continue;
      }
      if (i + 1 < len && NAME_START.test(text[i + 1] as string)) {
        i = startTag(i);
        continue;
      }
      // A bare '<' (often while typing): an element with no name, so completion knows where it is.
      problem('unexpectedLessThan', i + 1 >= len ? 'An element name is expected after <.' : `'<' must start an element; write &lt; for a literal '<'.`, i, i + 1);
      append({ kind: 'element', name: '', nameSpan: { start: i + 1, end: i + 1 }, startTagSpan: { start: i, end: i + 1 }, span: { start: i, end: i + 1 }, selfClosing: true, startTagClosed: false, attributes: [], children: [], parent: current() });
      i++;
      continue;
    }
    i = textNode(i);
  }

  for (const el of stack.reverse()) {
    if (!tooDeep) problem('unclosedElement', `<${el.name}> is not closed.`, el.nameSpan.start - 1, el.nameSpan.end);
    closeElement(el, len);
  }

  const root = top.find((n): n is PolicyElement => n.kind === 'element');
  for (const n of top) {
    if (n.kind === 'element' && n !== root) problem('multipleRoots', `Only one root element is allowed; <${n.name}> follows <${root?.name}>.`, n.startTagSpan.start, n.startTagSpan.end);
    if (n.kind === 'text' && n.text.trim()) problem('textOutsideRoot', 'Text is not allowed outside the root element.', n.span.start, n.span.end);
  }
  return { text, nodes: top, root, problems };

  function textNode(start: number): number {
    let j = start;
    // An expression at the start of the text (after white space) may hold raw '<' and '>'.
    while (j < len && isSpace(text, j)) j++;
    let expression = false;
    let next: number | undefined;
    if (text[j] === '@' && (text[j + 1] === '(' || text[j + 1] === '{')) {
      const end = findExpressionEnd(text, j);
      if (end > 0) {
        expression = true;
        j = end;
      } else {
        // Unclosed while typing: the expression (raw '<' included) runs to the next end tag.
        problem('unclosedExpression', `The expression is not closed: ${text[j + 1] === '(' ? ')' : '}'} is missing.`, j, Math.min(len, j + 2));
        const endTag = text.indexOf('</', j);
        next = endTag < 0 ? len : endTag;
      }
    }
    next ??= text.indexOf('<', j);
    const end = next < 0 ? len : next;
    const raw = text.slice(start, end);
    if (expression && text.slice(j, end).trim() !== '') expression = false; // more text after the expression: plain text
    if (raw.length > 0) append({ kind: 'text', text: raw, span: { start, end }, expression, parent: current() });
    return end > start ? end : start + 1;
  }

  function readName(j: number): number {
    while (j < len && isNameCode(text.charCodeAt(j))) j++;
    return j;
  }

  function startTag(lt: number): number {
    const nameStart = lt + 1;
    const nameEnd = readName(nameStart);
    const name = text.slice(nameStart, nameEnd);
    const attributes: PolicyAttribute[] = [];
    let j = nameEnd;
    let closed = false;
    let selfClosing = false;
    for (;;) {
      while (j < len && isSpace(text, j)) j++;
      if (j >= len) {
        problem('unclosedStartTag', `The start tag of <${name}> is not closed with >.`, lt, len);
        break;
      }
      if (text.startsWith('/>', j)) {
        closed = true;
        selfClosing = true;
        j += 2;
        break;
      }
      if (text[j] === '>') {
        closed = true;
        j++;
        break;
      }
      if (text[j] === '<') {
        problem('unclosedStartTag', `The start tag of <${name}> is not closed with >.`, lt, j);
        break;
      }
      if (!NAME_START.test(text[j] as string)) {
        problem('unexpectedCharacter', `Unexpected '${text[j]}' in the start tag of <${name}>.`, j, j + 1);
        j++;
        continue;
      }
      j = attributeAt(j, attributes);
    }
    const el: MutableElement = {
      kind: 'element',
      name,
      nameSpan: { start: nameStart, end: nameEnd },
      startTagSpan: { start: lt, end: j },
      span: { start: lt, end: j },
      selfClosing,
      startTagClosed: closed,
      attributes,
      children: [],
      parent: current(),
    };
    if (attributes.length > 1) {
      const seen = new Set<string>();
      for (const a of attributes) {
        if (seen.has(a.name)) problem('duplicateAttribute', `The attribute '${a.name}' is written twice.`, a.nameSpan.start, a.nameSpan.end);
        seen.add(a.name);
      }
    }
    append(el);
    if (closed && !selfClosing) {
      if (stack.length >= MAX_ELEMENT_DEPTH) {
        // Far deeper than any policy: checking it would take the checker (and the editor) down.
        problem('tooDeep', `Elements are nested more than ${MAX_ELEMENT_DEPTH} levels deep here; the rest of the document is not checked.`, el.startTagSpan.start, el.startTagSpan.end);
        tooDeep = true;
        return len;
      }
      stack.push(el);
    }
    return j;
  }

  function attributeAt(j: number, into: PolicyAttribute[]): number {
    const nameStart = j;
    const nameEnd = readName(j);
    const name = text.slice(nameStart, nameEnd);
    let k = nameEnd;
    while (k < len && isSpace(text, k)) k++;
    if (text[k] !== '=') {
      problem('missingAttributeValue', `The attribute '${name}' has no value: write ${name}="...".`, nameStart, nameEnd);
      into.push({ name, nameSpan: { start: nameStart, end: nameEnd }, span: { start: nameStart, end: nameEnd } });
      return nameEnd;
    }
    k++;
    while (k < len && isSpace(text, k)) k++;
    const quote = text[k];
    if (quote !== '"' && quote !== "'") {
      // Unquoted: read to white space or the end of the tag.
      const vs = k;
      while (k < len && !isSpace(text, k) && text[k] !== '>' && !text.startsWith('/>', k)) k++;
      problem('unquotedAttribute', `The value of '${name}' must be in quotes.`, vs, Math.max(k, vs + 1));
      into.push({ name, nameSpan: { start: nameStart, end: nameEnd }, value: text.slice(vs, k), valueSpan: { start: vs, end: k }, span: { start: nameStart, end: k } });
      return k;
    }
    const vs = k + 1;
    let ve = -1;
    if (text[vs] === '@' && (text[vs + 1] === '(' || text[vs + 1] === '{')) {
      // An expression: raw quotes inside it do not end the value.
      const end = findExpressionEnd(text, vs);
      if (end > 0) {
        let q = end;
        while (q < len && text[q] !== quote && isSpace(text, q)) q++;
        if (text[q] === quote) ve = q;
      }
    }
    if (ve < 0) {
      const close = text.indexOf(quote, vs);
      const lt = text.indexOf('<', vs);
      if (close < 0 || (lt >= 0 && lt < close && !(text[vs] === '@'))) {
        // Not closed (typing): the value runs to the end of the line or the next '<'.
        const nl = text.indexOf('\n', vs);
        const stops = [nl, lt, close].filter((x) => x >= 0);
        const stop = stops.length ? Math.min(...stops) : len;
        problem('unclosedAttributeValue', `The value of '${name}' is not closed with ${quote}.`, k, stop);
        into.push({ name, nameSpan: { start: nameStart, end: nameEnd }, value: text.slice(vs, stop), valueSpan: { start: vs, end: stop }, quote, span: { start: nameStart, end: stop } });
        return stop;
      }
      ve = close;
    }
    into.push({ name, nameSpan: { start: nameStart, end: nameEnd }, value: text.slice(vs, ve), valueSpan: { start: vs, end: ve }, quote, span: { start: nameStart, end: ve + 1 } });

    return ve + 1;
  }

  function endTag(lt: number): number {
    const nameStart = lt + 2;
    const nameEnd = readName(nameStart);
    const name = text.slice(nameStart, nameEnd);
    let j = nameEnd;
    while (j < len && isSpace(text, j)) j++;
    if (text[j] === '>') j++;
    else problem('unclosedEndTag', `The end tag </${name}> is not closed with >.`, lt, j);
    const tag = { start: lt, end: j };
    let at = stack.length - 1;
    while (at >= 0 && (stack[at] as MutableElement).name !== name) at--;
    if (at < 0) {
      problem('unexpectedEndTag', name ? `</${name}> has no matching <${name}>.` : 'An element name is expected after </.', lt, j);
      return j;
    }
    // Elements opened after the matching one were never closed.
    while (stack.length - 1 > at) {
      const open = stack.pop() as MutableElement;
      problem('unclosedElement', `<${open.name}> is not closed before </${name}>.`, open.nameSpan.start - 1, open.nameSpan.end);
      closeElement(open, lt);
    }
    const el = stack.pop() as MutableElement;
    closeElement(el, j, tag);
    return j;
  }
}
