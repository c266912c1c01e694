// Converts tree-sitter's C# tree into our AST (ast.ts), with spans in document offsets, and turns
// ERROR/MISSING nodes and constructs the gateway does not accept into diagnostics.
// Node and field names follow tree-sitter-c-sharp 0.23 (src/node-types.json in that package).

import type { Node } from 'web-tree-sitter';
import { error, type Diagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import type { Argument, BinaryOp, AssignOp, Expr, ExpressionBody, Initializer, InterpolationPart, LiteralType, Pattern, Stmt, SwitchSection, TypeRef, CatchClause } from './ast';
import { loadedCSharpParser } from './csharpTreeSitter';
import type { NamedValueUse, ProcessedExpression } from './expressionSource';
import { interpolationsNeedingLexer, type LexedInterpolation } from './interpolation';

export interface ParseResult {
  /** Undefined only when nothing usable could be built. */
  readonly body?: ExpressionBody;
  readonly diagnostics: readonly Diagnostic[];
  readonly namedValues: readonly NamedValueUse[];
}

/** C# has no expression start rule: a single expression is parsed as a variable initialiser. */
const SINGLE_PREFIX = 'var __r = ';

/**
 * How deep the C# syntax tree of one expression may go. Past it the expression is reported rather
 * than checked: the checker, compiler and interpreter walk the tree recursively, and 2,000 nested
 * parentheses (a 4 KB file) would overflow the stack. A chain of 200 calls or a 400-term
 * concatenation stays well under it.
 */
export const MAX_SYNTAX_DEPTH = 500;

/** The first node deeper than `limit` in the tree (walked with a cursor, no recursion), if any. */
function tooDeep(root: Node, limit: number): Node | undefined {
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > limit) return cursor.currentNode;
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Parses a processed expression (see expressionSource.ts). The C# parser must be loaded. */
export function parseProcessed(p: ProcessedExpression): ParseResult {
  // Tree text: for `@( e )` → `var __r = ( e );`, for `@{ s }` → `{ s }`. The `@` is dropped.
  const prefix = p.form === 'single' ? SINGLE_PREFIX : '';
  const suffix = p.form === 'single' ? ';' : '';
  const { text: body, lexed } = withLexedInterpolations(p.text.slice(1), 1);
  const text = prefix + body + suffix;
  const tree = loadedCSharpParser().parse(text);
  if (!tree) return { diagnostics: [error('syntax', 'The expression could not be parsed.', p.map.span(0, p.text.length))], namedValues: p.namedValues };
  try {
    const b = new Builder(p, prefix.length - 1, text.length - suffix.length, lexed);
    const deep = tooDeep(tree.rootNode, MAX_SYNTAX_DEPTH);
    if (deep) return { diagnostics: [error('tooDeep', `The expression is nested more than ${MAX_SYNTAX_DEPTH} levels deep here (parentheses, calls or operators): it is not checked or run.`, b.span(deep))], namedValues: p.namedValues };
    const body = b.build(tree.rootNode);
    return { body, diagnostics: b.diagnostics, namedValues: p.namedValues };
  } finally {
    tree.delete();
  }
}

/**
 * Parses many expressions with one tree-sitter call (one C# statement per expression), which
 * saves the per-call overhead when a whole policy is analysed. When the joined text has any
 * syntax error the statements cannot be trusted to line up, so each is parsed on its own.
 */
export function parseProcessedMany(all: readonly ProcessedExpression[]): ParseResult[] {
  // An interpolated string tree-sitter misreads is lexed by us (interpolation.ts): those
  // expressions are parsed on their own, the rest together.
  const alone = all.map((p) => p.text.includes('$') && interpolationsNeedingLexer(p.text.slice(1)).length > 0);
  if (!alone.some(Boolean)) return parseBatch(all);
  const batch = parseBatch(all.filter((_, i) => !alone[i]));
  let next = 0;
  return all.map((p, i) => (alone[i] ? parseProcessed(p) : (batch[next++] as ParseResult)));
}

function parseBatch(list: readonly ProcessedExpression[]): ParseResult[] {
  if (list.length < 2) return list.map(parseProcessed);
  const segments: { p: ProcessedExpression; start: number; prefix: string; suffix: string; text: string }[] = [];
  let joined = '';
  for (const p of list) {
    const prefix = p.form === 'single' ? SINGLE_PREFIX : '';
    const suffix = p.form === 'single' ? ';' : '';
    const text = prefix + p.text.slice(1) + suffix;
    segments.push({ p, start: joined.length, prefix, suffix, text });
    joined += `${text}\n`;
  }
  const tree = loadedCSharpParser().parse(joined);
  if (!tree) return list.map(parseProcessed);
  try {
    const statements = tree.rootNode.namedChildren.filter((c) => c?.type === 'global_statement');
    if (tree.rootNode.hasError || statements.length !== list.length || tooDeep(tree.rootNode, MAX_SYNTAX_DEPTH + 1)) return list.map(parseProcessed);
    return segments.map((seg, i) => {
      const b = new Builder(seg.p, seg.start + seg.prefix.length - 1, seg.start + seg.text.length - seg.suffix.length);
      const body = b.buildStatement(statements[i] as Node);
      return { body, diagnostics: b.diagnostics, namedValues: seg.p.namedValues };
    });
  } finally {
    tree.delete();
  }
}

/**
 * Replaces each interpolated string that tree-sitter would misread (see interpolation.ts) by an
 * identifier of the same length, so the rest of the tree keeps its offsets; the Builder expands
 * the identifier from the lexed string. `base`: the processed offset `text` starts at.
 */
function withLexedInterpolations(text: string, base: number): { text: string; lexed: Map<number, LexedInterpolation> } {
  const lexed = new Map<number, LexedInterpolation>();
  const found = interpolationsNeedingLexer(text);
  if (found.length === 0) return { text, lexed };
  let out = '';
  let at = 0;
  found.forEach((l, i) => {
    const length = l.end - l.start;
    const id = `__${i.toString(36)}`.padEnd(length, '_').slice(0, Math.max(length, 3));
    out += text.slice(at, l.start) + id;
    at = l.end;
    lexed.set(base + l.start, { start: base + l.start, end: base + l.end, parts: l.parts.map((x) => (typeof x === 'string' ? x : { ...x, start: base + x.start, end: base + x.end, outer: { start: base + x.outer.start, end: base + x.outer.end }, ...(x.alignment ? { alignment: { start: base + x.alignment.start, end: base + x.alignment.end } } : {}) })) });
  });
  return { text: out + text.slice(at), lexed };
}

/** C# binary operator precedence, higher binds tighter (C# spec §12.4.2). */
const PRECEDENCE: Record<string, number> = {
  '??': 1, '||': 2, '&&': 3, '|': 4, '^': 5, '&': 6, '==': 7, '!=': 7, '<': 8, '>': 8, '<=': 8, '>=': 8, '<<': 9, '>>': 9, '>>>': 9, '+': 10, '-': 10, '*': 11, '/': 11, '%': 11,
};

class Builder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly placeholders: Map<number, string>;
  /**
   * tree-sitter-c-sharp 0.23 parses `a && b?.c` as `(a && b)?.c`. Binaries we re-associated to
   * undo that are remembered here, so member accesses and higher-precedence operators applied to
   * them are pushed down to their right operand, where C# puts them.
   */
  private readonly rotated = new WeakSet<object>();

  constructor(
    private readonly p: ProcessedExpression,
    /** tree offset - delta = processed offset */
    private readonly delta: number,
    private readonly contentEnd: number,
    /** Interpolated strings lexed by interpolation.ts, by their processed start offset. */
    private readonly lexed: ReadonlyMap<number, LexedInterpolation> = new Map(),
  ) {
    // Named values replaced by underscores, keyed by their processed offset.
    this.placeholders = new Map();
    for (const nv of p.namedValues) {
      if (nv.inString) continue;
      for (let i = 0; i < p.text.length; i++) {
        if (p.map.toDocument(i) === nv.span.start && p.text[i] === '_') {
          this.placeholders.set(i, nv.name);
          break;
        }
      }
    }
  }

  span(n: Node): Span {
    const start = Math.max(0, n.startIndex - this.delta);
    const end = Math.max(start, Math.min(n.endIndex, this.contentEnd) - this.delta);
    return this.p.map.span(start, end);
  }

  /** The user's text under a node: what the wrapper (`var __r = (…);`) added is left out. */
  private userText(n: Node): string {
    const start = Math.max(1, n.startIndex - this.delta);
    const end = Math.max(start, Math.min(n.endIndex, this.contentEnd) - this.delta);
    return this.p.text.slice(start, end);
  }

  private fail(n: Node, message: string, code = 'syntax'): void {
    this.diagnostics.push(error(code, message, this.span(n)));
  }

  private unsupported(n: Node, what: string): Expr {
    this.fail(n, `${what} is not supported in policy expressions.`, 'unsupportedSyntax');
    return { kind: 'literal', type: 'null', value: null, raw: 'null', span: this.span(n) };
  }

  build(root: Node): ExpressionBody | undefined {
    this.collectSyntaxErrors(root);
    const global = root.namedChildren.find((c) => c?.type === 'global_statement');
    return global ? this.buildStatement(global, false) : undefined;
  }

  /** The expression of one global statement (`var __r = (...);` or `{ ... }`). */
  buildStatement(global: Node, collect = true): ExpressionBody | undefined {
    if (collect) this.collectSyntaxErrors(global);
    const stmt = global.namedChild(0);
    if (this.p.form === 'single') {
      // local_declaration_statement > variable_declaration > variable_declarator > initializer
      const declarator = stmt?.type === 'local_declaration_statement' ? stmt.namedChild(0)?.namedChildren.find((c) => c?.type === 'variable_declarator') : undefined;
      const init = declarator?.namedChildren.find((c) => c !== null && c.type !== 'identifier');
      if (!init) return undefined;
      const inner = init.type === 'parenthesized_expression' ? init.namedChild(0) : init;
      return inner ? { kind: 'expression', expr: this.expr(inner) } : undefined;
    }
    if (!stmt || stmt.type !== 'block') return undefined;
    return { kind: 'block', block: this.stmt(stmt) };
  }

  private collectSyntaxErrors(n: Node): void {
    // web-tree-sitter 0.25 does not always flag inserted nodes as missing: a zero-width node
    // where the tree has an error is one too.
    if (n.isMissing || (n.startIndex === n.endIndex && n.childCount === 0 && n.type !== 'ERROR')) {
      this.fail(n, n.isNamed ? `Expected ${n.type === 'identifier' ? 'a name' : `a ${n.type.replace(/_/g, ' ')}`}.` : `Expected '${n.type}'.`);
      return;
    }
    if (n.type === 'ERROR') {
      const text = this.userText(n).trim();
      this.fail(n, text ? `Unexpected '${text.length > 30 ? `${text.slice(0, 30)}…` : text}'.` : 'Syntax error.');
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) if (c) this.collectSyntaxErrors(c);
  }

  // ---------------------------------------------------------------- types

  type(n: Node): TypeRef {
    const span = this.span(n);
    switch (n.type) {
      case 'predefined_type':
      case 'identifier':
        return { kind: 'named', name: n.text, args: [], span };
      case 'generic_name': {
        const id = n.namedChildren.find((c) => c?.type === 'identifier');
        const list = n.namedChildren.find((c) => c?.type === 'type_argument_list');
        return { kind: 'named', name: id?.text ?? '?', args: list ? list.namedChildren.filter(isNode).map((t) => this.type(t)) : [], span };
      }
      case 'qualified_name': {
        const q = n.childForFieldName('qualifier');
        const nm = n.childForFieldName('name');
        const inner = nm ? this.type(nm) : undefined;
        const qual = q ? this.typeName(q) : '';
        return { kind: 'named', name: `${qual}.${inner?.kind === 'named' ? inner.name : (nm?.text ?? '')}`, args: inner?.kind === 'named' ? inner.args : [], span };
      }
      case 'array_type': {
        const el = n.childForFieldName('type');
        const rank = n.childForFieldName('rank');
        const commas = rank ? rank.children.filter((c) => c?.type === ',').length : 0;
        return { kind: 'array', element: el ? this.type(el) : { kind: 'named', name: 'object', args: [], span }, rank: commas + 1, span };
      }
      case 'nullable_type': {
        const inner = n.childForFieldName('type');
        return { kind: 'nullable', inner: inner ? this.type(inner) : { kind: 'named', name: 'object', args: [], span }, span };
      }
      case 'implicit_type':
        return { kind: 'named', name: 'var', args: [], span };
      default:
        this.fail(n, `Unsupported type syntax '${n.text}'.`, 'unsupportedSyntax');
        return { kind: 'named', name: n.text, args: [], span };
    }
  }

  private typeName(n: Node): string {
    const t = this.type(n);
    return t.kind === 'named' ? t.name : n.text;
  }

  /** `var` declarations carry no type. */
  private declaredType(n: Node | null): TypeRef | undefined {
    if (!n || n.type === 'implicit_type') return undefined;
    return this.type(n);
  }

  // ---------------------------------------------------------------- statements

  stmt(n: Node): Stmt {
    const span = this.span(n);
    switch (n.type) {
      case 'block':
        return { kind: 'block', body: n.namedChildren.filter(isNode).filter((c) => c.type !== 'comment').map((c) => this.stmt(c)), span };
      case 'local_declaration_statement': {
        const decl = n.namedChildren.find((c) => c?.type === 'variable_declaration');
        return decl ? this.localDeclaration(decl, span) : { kind: 'empty', span };
      }
      case 'expression_statement': {
        const e = n.namedChild(0);
        return { kind: 'expr', expr: e ? this.expr(e) : this.unsupported(n, 'An empty expression'), span };
      }
      case 'if_statement': {
        const then = n.childForFieldName('consequence');
        const alt = n.childForFieldName('alternative');
        return { kind: 'if', test: this.field(n, 'condition'), then: then ? this.stmt(then) : { kind: 'empty', span }, otherwise: alt ? this.stmt(alt) : undefined, span };
      }
      case 'while_statement':
      case 'do_statement': {
        const body = n.childForFieldName('body');
        return { kind: n.type === 'while_statement' ? 'while' : 'do', test: this.field(n, 'condition'), body: body ? this.stmt(body) : { kind: 'empty', span }, span };
      }
      case 'for_statement': {
        const init: Stmt[] = [];
        const update: Expr[] = [];
        for (const c of n.childrenForFieldName('initializer')) {
          if (!c || !c.isNamed) continue;
          init.push(c.type === 'variable_declaration' ? this.localDeclaration(c, this.span(c)) : { kind: 'expr', expr: this.expr(c), span: this.span(c) });
        }
        for (const c of n.childrenForFieldName('update')) if (c?.isNamed) update.push(this.expr(c));
        const cond = n.childForFieldName('condition');
        const body = n.childForFieldName('body');
        return { kind: 'for', init, test: cond ? this.expr(cond) : undefined, update, body: body ? this.stmt(body) : { kind: 'empty', span }, span };
      }
      case 'foreach_statement': {
        const left = n.childForFieldName('left');
        const body = n.childForFieldName('body');
        if (left && left.type !== 'identifier') this.fail(left, 'Deconstruction in foreach is not supported in policy expressions.', 'unsupportedSyntax');
        return { kind: 'foreach', type: this.declaredType(n.childForFieldName('type')), name: left?.text ?? '_', iterable: this.field(n, 'right'), body: body ? this.stmt(body) : { kind: 'empty', span }, span };
      }
      case 'break_statement':
        return { kind: 'break', span };
      case 'continue_statement':
        return { kind: 'continue', span };
      case 'empty_statement':
        return { kind: 'empty', span };
      case 'return_statement': {
        const v = n.namedChild(0);
        return { kind: 'return', value: v ? this.expr(v) : undefined, span };
      }
      case 'throw_statement': {
        const v = n.namedChild(0);
        return { kind: 'throw', value: v ? this.expr(v) : undefined, span };
      }
      case 'try_statement':
        return this.tryStatement(n, span);
      case 'switch_statement':
        return this.switchStatement(n, span);
      case 'using_statement': {
        const body = n.childForFieldName('body');
        const res = n.namedChildren.find((c) => c !== null && !same(c, body));
        const resource: Stmt = !res ? { kind: 'empty', span } : res.type === 'variable_declaration' ? this.localDeclaration(res, this.span(res)) : { kind: 'expr', expr: this.expr(res), span: this.span(res) };
        return { kind: 'using', resource, body: body ? this.stmt(body) : { kind: 'empty', span }, span };
      }
      case 'local_function_statement':
        return this.localFunction(n, span);
      case 'checked_statement': {
        const body = n.namedChildren.find((c) => c?.type === 'block');
        return { kind: 'checked', checked: n.child(0)?.type !== 'unchecked', body: body ? this.stmt(body) : { kind: 'empty', span }, span };
      }
      case 'ERROR':
        return { kind: 'empty', span };
      default:
        this.unsupported(n, `The statement '${n.type.replace(/_/g, ' ')}'`);
        return { kind: 'empty', span };
    }
  }

  private localFunction(n: Node, span: Span): Stmt {
    const name = n.childForFieldName('name');
    if (n.childForFieldName('type_parameters')) this.fail(n, 'A generic local function is not supported in policy expressions.', 'unsupportedSyntax');
    const returnsNode = n.childForFieldName('type');
    const params = (n.childForFieldName('parameters')?.namedChildren ?? [])
      .filter((c): c is Node => c?.type === 'parameter')
      .map((p) => {
        const t = p.childForFieldName('type');
        if (!t) this.fail(p, 'A local function parameter needs its type.', 'unsupportedSyntax');
        return { name: p.childForFieldName('name')?.text ?? '_', type: t ? this.type(t) : { kind: 'named' as const, name: 'object', args: [], span: this.span(p) } };
      });
    const bodyNode = n.childForFieldName('body');
    let body: Stmt | Expr = { kind: 'empty', span };
    if (bodyNode?.type === 'block') body = this.stmt(bodyNode);
    else if (bodyNode?.type === 'arrow_expression_clause') {
      const e = bodyNode.namedChild(0);
      body = e ? this.expr(e) : this.unsupported(bodyNode, 'An empty expression body');
    }
    const isVoid = returnsNode?.type === 'predefined_type' && returnsNode.text === 'void';
    return { kind: 'function', name: name?.text ?? '_', params, returns: returnsNode && !isVoid ? this.type(returnsNode) : undefined, body, nameSpan: name ? this.span(name) : span, span };
  }

  private localDeclaration(decl: Node, span: Span): Stmt {
    const type = this.declaredType(decl.childForFieldName('type'));
    const declarators = decl.namedChildren
      .filter((c): c is Node => c?.type === 'variable_declarator')
      .map((d) => {
        const name = d.childForFieldName('name') ?? d.namedChild(0);
        const init = d.namedChildren.find((c) => c !== null && !same(c, name) && c.type !== 'bracketed_argument_list');
        return { name: name?.text ?? '_', init: init ? this.expr(init) : undefined, span: this.span(d) };
      });
    return { kind: 'local', type, declarators, span };
  }

  private tryStatement(n: Node, span: Span): Stmt {
    const body = n.childForFieldName('body');
    const catches: CatchClause[] = [];
    let fin: Stmt | undefined;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'catch_clause') {
        const decl = c.namedChildren.find((x) => x?.type === 'catch_declaration');
        const filter = c.namedChildren.find((x) => x?.type === 'catch_filter_clause')?.namedChild(0);
        const cbody = c.childForFieldName('body');
        const t = decl?.childForFieldName('type');
        catches.push({ type: t ? this.type(t) : undefined, name: decl?.childForFieldName('name')?.text, when: filter ? this.expr(filter) : undefined, body: cbody ? this.stmt(cbody) : { kind: 'empty', span }, span: this.span(c) });
      } else if (c.type === 'finally_clause') {
        const b = c.namedChild(0);
        if (b) fin = this.stmt(b);
      }
    }
    return { kind: 'try', block: body ? this.stmt(body) : { kind: 'empty', span }, catches, finally: fin, span };
  }

  private switchStatement(n: Node, span: Span): Stmt {
    const subject = this.field(n, 'value');
    const body = n.childForFieldName('body');
    const sections: SwitchSection[] = [];
    // tree-sitter gives `case 1: case 2: stmts` as two sections; C# sees one with two labels.
    let pendingLabels: SwitchSection['labels'][number][] = [];
    for (const sec of body?.namedChildren ?? []) {
      if (!sec || sec.type !== 'switch_section') continue;
      const labels: SwitchSection['labels'][number][] = [];
      const stmts: Stmt[] = [];
      let last: { pattern: Pattern; when?: Expr } | undefined;
      for (const c of sec.children) {
        if (!c) continue;
        if (c.type === 'default') labels.push(undefined);
        else if (!c.isNamed) continue;
        else if (c.type === 'when_clause') {
          const w = c.namedChild(0);
          if (last && w) labels[labels.length - 1] = { ...last, when: this.expr(w) };
        } else if (isPatternNode(c.type)) {
          last = { pattern: this.pattern(c) };
          labels.push(last);
        } else if (isStatementNode(c.type)) stmts.push(this.stmt(c));
        else {
          last = { pattern: { kind: 'constant', value: this.expr(c), span: this.span(c) } };
          labels.push(last);
        }
      }
      pendingLabels = [...pendingLabels, ...labels];
      if (stmts.length > 0) {
        sections.push({ labels: pendingLabels, body: stmts, span: this.span(sec) });
        pendingLabels = [];
      }
    }
    if (pendingLabels.length > 0) sections.push({ labels: pendingLabels, body: [], span });
    return { kind: 'switch', subject, sections, span };
  }

  // ---------------------------------------------------------------- expressions

  /** `a.b.c` written where a type could stand, as the member-access expression it also is. */
  /** A prefix_unary_expression the cast rule above turned into a binary operator (read without its prefix). */
  private unwrapPrefix: number | undefined;

  private dottedName(text: string, span: Span): Expr {
    const parts = text.split('.');
    let offset = span.start;
    let e: Expr = { kind: 'name', name: parts[0] as string, span: { start: offset, end: offset + (parts[0] as string).length } };
    offset += (parts[0] as string).length + 1;
    for (const p of parts.slice(1)) {
      const nameSpan = { start: offset, end: offset + p.length };
      e = { kind: 'member', object: e, name: p, nullConditional: false, nameSpan, span: { start: span.start, end: nameSpan.end } };
      offset += p.length + 1;
    }
    return e;
  }

  private field(n: Node, name: string): Expr {
    const c = n.childForFieldName(name);
    return c ? this.expr(c) : { kind: 'literal', type: 'null', value: null, raw: '', span: this.span(n) };
  }

  expr(n: Node): Expr {
    const span = this.span(n);
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = n.namedChild(0);
        return inner ? this.expr(inner) : this.unsupported(n, 'An empty expression');
      }
      case 'identifier': {
        const lexed = this.lexed.get(n.startIndex - this.delta);
        if (lexed) return this.lexedInterpolation(lexed, span);
        const name = this.placeholders.get(n.startIndex - this.delta);
        if (name !== undefined && /^_+$/.test(n.text)) return { kind: 'namedValue', name, span };
        return { kind: 'name', name: n.text, span };
      }
      case 'generic_name': {
        const t = this.type(n);
        return { kind: 'name', name: t.kind === 'named' ? t.name : n.text, typeArgs: t.kind === 'named' ? t.args : [], span };
      }
      case 'predefined_type':
      case 'qualified_name':
      case 'array_type':
      case 'nullable_type':
        return { kind: 'typeAccess', type: this.type(n), span };
      case 'integer_literal':
        return this.integerLiteral(n, span);
      case 'real_literal':
        return this.realLiteral(n, span);
      case 'boolean_literal':
        return { kind: 'literal', type: 'bool', value: n.text === 'true', raw: n.text, span };
      case 'null_literal':
        return { kind: 'literal', type: 'null', value: null, raw: 'null', span };
      case 'character_literal':
        return { kind: 'literal', type: 'char', value: this.stringContent(n, false), raw: n.text, span };
      case 'string_literal':
        return { kind: 'literal', type: 'string', value: this.stringContent(n, false), raw: n.text, span };
      case 'verbatim_string_literal':
        return { kind: 'literal', type: 'string', value: n.text.slice(2, -1).replace(/""/g, '"'), raw: n.text, span };
      case 'raw_string_literal':
        return { kind: 'literal', type: 'string', value: rawStringValue(n.text), raw: n.text, span };
      case 'interpolated_string_expression':
        return this.interpolated(n, span);
      case 'member_access_expression': {
        const obj = n.childForFieldName('expression');
        const nameNode = n.childForFieldName('name');
        const member = this.memberName(nameNode);
        const object = obj ? this.expr(obj) : this.unsupported(n, 'A member access without an object');
        return this.onRight(object, (o) => ({ kind: 'member', object: o, name: member.name, typeArgs: member.typeArgs, nullConditional: false, nameSpan: nameNode ? this.span(nameNode) : span, span: { start: o.span.start, end: span.end } }));
      }
      case 'conditional_access_expression': {
        const cond = n.childForFieldName('condition');
        const object = cond ? this.expr(cond) : this.unsupported(n, 'A conditional access without an object');
        if (cond?.type === 'binary_expression' && object.kind === 'binary') {
          // `a && b?.c` misparsed as `(a && b)?.c`: the ?. belongs to b.
          const access = this.conditionalAccess(n, object.right, span);
          return this.pushDown(object, access);
        }
        return this.conditionalAccess(n, object, span);
      }
      case 'invocation_expression': {
        const fn = n.childForFieldName('function');
        const argList = n.childForFieldName('arguments');
        if (fn?.type === 'identifier' && fn.text === 'nameof') {
          const a = argList?.namedChild(0)?.namedChild(0);
          const last = a?.type === 'member_access_expression' ? a.childForFieldName('name')?.text : a?.text;
          return { kind: 'nameof', name: last ?? '', span };
        }
        const callee = fn ? this.expr(fn) : this.unsupported(n, 'A call without a target');
        const args = argList ? this.args(argList) : [];
        return this.onRight(callee, (c) => ({ kind: 'call', callee: c, args, span: { start: c.span.start, end: span.end } }));
      }
      case 'element_access_expression': {
        const obj = n.childForFieldName('expression');
        const sub = n.childForFieldName('subscript');
        const object = obj ? this.expr(obj) : this.unsupported(n, 'An index without an object');
        const args = sub ? this.args(sub) : [];
        return this.onRight(object, (o) => ({ kind: 'index', object: o, args, nullConditional: false, span: { start: o.span.start, end: span.end } }));
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text as BinaryOp | undefined;
        const left = this.field(n, 'left');
        const right = this.field(n, 'right');
        if (!op) return this.unsupported(n, 'This operator');
        // Undo the `(a && b)?.c` misparse for operators that bind tighter than the rotated one.
        if (left.kind === 'binary' && this.rotated.has(left) && (PRECEDENCE[op] ?? 0) > (PRECEDENCE[left.op] ?? 0)) {
          const inner: Expr = { kind: 'binary', op, left: left.right, right, span: { start: left.right.span.start, end: right.span.end } };
          return this.pushDown(left, inner);
        }
        return { kind: 'binary', op, left, right, span };
      }
      case 'prefix_unary_expression': {
        const op = n.child(0)?.text;
        const operand = n.namedChild(0);
        if (n.id === this.unwrapPrefix && operand) return this.expr(operand);
        if (op === '&' || op === '*' || op === '^') return this.unsupported(n, `The operator '${op}'`);
        // C# §6.4.5.3: -2147483648 is an int and -9223372036854775808 (or ...L) a long, though
        // 2147483648 alone is a uint and 9223372036854775808 a ulong.
        if (op === '-' && operand?.type === 'integer_literal') {
          const raw = operand.text.replace(/_/g, '');
          if (raw === '2147483648') return { kind: 'literal', type: 'int', value: -2147483648, raw: `-${raw}`, span };
          if (/^9223372036854775808[lL]?$/.test(raw)) return { kind: 'literal', type: 'long', value: -9223372036854775808n, raw: `-${raw}`, span };
        }
        return { kind: 'unary', op: (op ?? '+') as '-' | '+' | '!' | '~' | '++' | '--', operand: operand ? this.expr(operand) : this.unsupported(n, 'A missing operand'), span };
      }
      case 'postfix_unary_expression': {
        const op = n.child(n.childCount - 1)?.text;
        const operand = n.namedChild(0);
        return { kind: 'postfix', op: (op ?? '++') as '++' | '--' | '!', operand: operand ? this.expr(operand) : this.unsupported(n, 'A missing operand'), span };
      }
      case 'assignment_expression': {
        const left = n.childForFieldName('left');
        const op = (n.childForFieldName('operator')?.text ?? '=') as AssignOp;
        return { kind: 'assign', op, target: left ? this.expr(left) : this.unsupported(n, 'An assignment without a target'), value: this.field(n, 'right'), span };
      }
      case 'conditional_expression':
        return { kind: 'conditional', test: this.field(n, 'condition'), then: this.field(n, 'consequence'), otherwise: this.field(n, 'alternative'), span };
      case 'cast_expression': {
        const t = n.childForFieldName('type');
        // C# reads `(x.Y) + z`, `(a) - b.C()`, `(x.Length) * 2` and `(n) & 1` as arithmetic, not a
        // cast: a parenthesized name followed by + - * & ^ is a cast only when the name is a keyword
        // type such as (int) (C# spec, cast expressions). Tree-sitter does not apply that rule and
        // reads the operator as a prefix on the leftmost operand (-b of -b.C(), the pointer *x):
        // that prefix becomes the binary operator.
        const raw = n.childForFieldName('value');
        const prefix = raw ? leftmostPrefix(raw) : undefined;
        const prefixOp = prefix?.child(0)?.text;
        if (t && prefix && (prefixOp === '+' || prefixOp === '-' || prefixOp === '*' || prefixOp === '&' || prefixOp === '^') && /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(t.text) && !KEYWORD_TYPES.has(t.text)) {
          const left = this.dottedName(t.text, this.span(t));
          this.unwrapPrefix = prefix.id;
          const right = this.expr(raw as Node);
          this.unwrapPrefix = undefined;
          return { kind: 'binary', op: prefixOp as '+' | '-' | '*' | '&' | '^', left, right, span };
        }
        const operand = this.field(n, 'value');
        return { kind: 'cast', type: t ? this.type(t) : this.anyType(span), operand, span };
      }
      case 'as_expression': {
        const t = n.childForFieldName('right');
        return { kind: 'as', operand: this.field(n, 'left'), type: t ? this.type(t) : this.anyType(span), span };
      }
      case 'is_expression': {
        const t = n.childForFieldName('right');
        return { kind: 'is', operand: this.field(n, 'left'), pattern: { kind: 'type', type: t ? this.type(t) : this.anyType(span), span: t ? this.span(t) : span }, span };
      }
      case 'is_pattern_expression': {
        const p = n.childForFieldName('pattern');
        return { kind: 'is', operand: this.field(n, 'expression'), pattern: p ? this.pattern(p) : { kind: 'discard', span }, span };
      }
      case 'object_creation_expression': {
        const t = n.childForFieldName('type');
        const a = n.childForFieldName('arguments');
        const init = n.childForFieldName('initializer');
        return { kind: 'new', type: t ? this.type(t) : undefined, args: a ? this.args(a) : [], initializer: init ? this.initializer(init) : undefined, span };
      }
      case 'implicit_object_creation_expression': {
        const a = n.namedChildren.find((c) => c?.type === 'argument_list');
        const init = n.namedChildren.find((c) => c?.type === 'initializer_expression');
        return { kind: 'new', type: undefined, args: a ? this.args(a) : [], initializer: init ? this.initializer(init) : undefined, span };
      }
      case 'array_creation_expression': {
        const t = n.childForFieldName('type');
        const init = n.namedChildren.find((c) => c?.type === 'initializer_expression');
        const rank = t?.childForFieldName('rank');
        const sizes = rank ? rank.namedChildren.filter(isNode).map((c) => this.expr(c)) : [];
        const el = t?.childForFieldName('type');
        return { kind: 'newArray', elementType: el ? this.type(el) : undefined, sizes, elements: init ? init.namedChildren.filter(isNode).map((c) => this.expr(c)) : undefined, span };
      }
      case 'implicit_array_creation_expression': {
        const init = n.namedChildren.find((c) => c?.type === 'initializer_expression');
        return { kind: 'newArray', sizes: [], elements: init ? init.namedChildren.filter(isNode).map((c) => this.expr(c)) : [], span };
      }
      case 'anonymous_object_creation_expression':
        return this.anonymousObject(n, span);
      case 'lambda_expression': {
        const params = n.childForFieldName('parameters');
        const body = n.childForFieldName('body');
        const list =
          params?.type === 'implicit_parameter'
            ? [{ name: params.text }]
            : (params?.namedChildren ?? [])
                .filter((c): c is Node => c?.type === 'parameter')
                .map((p) => {
                  const t = p.childForFieldName('type');
                  return { name: p.childForFieldName('name')?.text ?? '_', type: t ? this.type(t) : undefined };
                });
        return { kind: 'lambda', params: list, body: !body ? this.unsupported(n, 'A lambda without a body') : body.type === 'block' ? this.stmt(body) : this.expr(body), span };
      }
      case 'typeof_expression': {
        const t = n.childForFieldName('type');
        return { kind: 'typeof', type: t ? this.type(t) : this.anyType(span), span };
      }
      case 'default_expression': {
        const t = n.childForFieldName('type');
        return { kind: 'default', type: t ? this.type(t) : undefined, span };
      }
      case 'checked_expression': {
        const inner = n.namedChild(0);
        return { kind: 'checked', checked: n.child(0)?.text === 'checked', operand: inner ? this.expr(inner) : this.unsupported(n, 'An empty checked expression'), span };
      }
      case 'switch_expression': {
        const [subjectNode, ...rest] = n.namedChildren.filter(isNode);
        const arms = rest
          .filter((c) => c.type === 'switch_expression_arm')
          .map((arm) => {
            const parts = arm.namedChildren.filter(isNode);
            const pat = parts[0];
            const when = parts.find((c) => c.type === 'when_clause')?.namedChild(0);
            const value = parts[parts.length - 1];
            return {
              pattern: pat ? this.pattern(pat) : ({ kind: 'discard', span } as Pattern),
              when: when ? this.expr(when) : undefined,
              value: value && !same(value, pat ?? null) ? this.expr(value) : this.unsupported(arm, 'A switch arm without a value'),
              span: this.span(arm),
            };
          });
        return { kind: 'switch', subject: subjectNode ? this.expr(subjectNode) : this.unsupported(n, 'A switch without a subject'), arms, span };
      }
      case 'throw_expression': {
        const v = n.namedChild(0);
        return { kind: 'throw', value: v ? this.expr(v) : this.unsupported(n, 'throw without a value'), span };
      }
      case 'tuple_expression':
        return { kind: 'tuple', elements: n.namedChildren.filter(isNode).map((a) => this.expr(a.type === 'argument' ? (a.namedChild(0) ?? a) : a)), span };
      case 'declaration_expression':
        return this.unsupported(n, 'A declaration outside an out argument');
      case 'query_expression':
        return this.unsupported(n, 'LINQ query syntax (use method syntax: .Where(...).Select(...))');
      case 'await_expression':
        return this.unsupported(n, 'await');
      case 'this_expression':
      case 'base_expression':
        return this.unsupported(n, `'${n.text}'`);
      case 'ERROR':
        return { kind: 'literal', type: 'null', value: null, raw: '', span };
      default:
        return this.unsupported(n, `The expression '${n.type.replace(/_/g, ' ')}'`);
    }
  }

  private conditionalAccess(n: Node, object: Expr, span: Span): Expr {
    const binding = n.namedChildren.find((c) => c?.type === 'member_binding_expression' || c?.type === 'element_binding_expression');
    if (binding?.type === 'member_binding_expression') {
      const nameNode = binding.childForFieldName('name');
      const member = this.memberName(nameNode);
      return { kind: 'member', object, name: member.name, typeArgs: member.typeArgs, nullConditional: true, nameSpan: nameNode ? this.span(nameNode) : span, span: { start: object.span.start, end: span.end } };
    }
    if (binding?.type === 'element_binding_expression') {
      return { kind: 'index', object, args: this.args(binding), nullConditional: true, span: { start: object.span.start, end: span.end } };
    }
    return this.unsupported(n, 'This conditional access');
  }

  /** Replaces the right operand of a re-associated binary with `right`, keeping it marked. */
  private pushDown(bin: Extract<Expr, { kind: 'binary' }>, right: Expr): Expr {
    const out: Expr = { ...bin, right, span: { start: bin.span.start, end: Math.max(bin.span.end, right.span.end) } };
    this.rotated.add(out);
    return out;
  }

  /** A member access, call or index built on a re-associated binary applies to its right operand. */
  private onRight(object: Expr, build: (o: Expr) => Expr): Expr {
    if (object.kind === 'binary' && this.rotated.has(object)) return this.pushDown(object, this.onRight(object.right, build));
    return build(object);
  }

  private anyType(span: Span): TypeRef {
    return { kind: 'named', name: 'object', args: [], span };
  }

  private memberName(n: Node | null): { name: string; typeArgs?: TypeRef[] } {
    if (!n) return { name: '' };
    if (n.type === 'generic_name') {
      const t = this.type(n);
      return t.kind === 'named' ? { name: t.name, typeArgs: [...t.args] } : { name: n.text };
    }
    return { name: n.text };
  }

  private args(list: Node): Argument[] {
    return list.namedChildren
      .filter((c): c is Node => c?.type === 'argument')
      .map((a) => {
        // Most arguments are plain values: only look for a name or a modifier when the text has one.
        const text = a.text;
        const named = a.namedChildren;
        const nameNode = named.length > 1 && /^\s*@?[A-Za-z_]\w*\s*:/.test(text) ? a.childForFieldName('name') : null;
        const modifier = /^\s*(out|ref|in)\b/.exec(text)?.[1] as Argument['modifier'];
        const valueNode = nameNode ? named.find((c) => c !== null && !same(c, nameNode)) : named[0];
        const span = this.span(a);
        if (valueNode?.type === 'declaration_expression') {
          const t = valueNode.childForFieldName('type');
          const nm = valueNode.childForFieldName('name')?.text ?? '_';
          return { name: nameNode?.text, modifier, value: { kind: 'name', name: nm, span: this.span(valueNode) } as Expr, declares: { name: nm, type: this.declaredType(t) }, span };
        }
        return { name: nameNode?.text, modifier, value: valueNode ? this.expr(valueNode) : this.unsupported(a, 'An empty argument'), span };
      });
  }

  private initializer(n: Node): Initializer {
    const span = this.span(n);
    const items = n.namedChildren.filter(isNode);
    if (items.length > 0 && items.every((c) => c.type === 'assignment_expression')) {
      const first = items[0]?.childForFieldName('left');
      if (first?.type === 'element_binding_expression' || first?.type === 'implicit_element_access') {
        return {
          kind: 'indexed',
          entries: items.map((c) => ({ keys: this.args(c.childForFieldName('left') as Node).map((a) => a.value), value: this.field(c, 'right') })),
          span,
        };
      }
      return {
        kind: 'object',
        members: items.map((c) => {
          const right = c.childForFieldName('right');
          return { name: c.childForFieldName('left')?.text ?? '?', value: right?.type === 'initializer_expression' ? this.initializer(right) : this.field(c, 'right'), span: this.span(c) };
        }),
        span,
      };
    }
    return { kind: 'collection', items: items.map((c) => (c.type === 'initializer_expression' ? c.namedChildren.filter(isNode).map((x) => this.expr(x)) : this.expr(c))), span };
  }

  private anonymousObject(n: Node, span: Span): Expr {
    const members: { name: string; value: Expr }[] = [];
    const kids = n.children.filter(isNode);
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i] as Node;
      if (!c.isNamed) continue;
      if (c.type === 'identifier' && kids[i + 1]?.type === '=') {
        const v = kids[i + 2];
        members.push({ name: c.text, value: v ? this.expr(v) : this.unsupported(c, 'A member without a value') });
        i += 2;
      } else {
        const e = this.expr(c);
        members.push({ name: e.kind === 'member' ? e.name : e.kind === 'name' ? e.name : `Item${members.length + 1}`, value: e });
      }
    }
    return { kind: 'anonymousObject', members, span };
  }

  private integerLiteral(n: Node, span: Span): Expr {
    const raw = n.text;
    const m = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|[0-9_]+)([uUlL]*)$/.exec(raw);
    if (!m) {
      this.fail(n, `Invalid number '${raw}'.`);
      return { kind: 'literal', type: 'int', value: 0, raw, span };
    }
    const digits = (m[1] as string).replace(/_/g, '');
    const suffix = (m[2] as string).toLowerCase();
    const v = BigInt(digits);
    const fits = (t: LiteralType): boolean =>
      t === 'int' ? v <= 0x7fffffffn : t === 'uint' ? v <= 0xffffffffn : t === 'long' ? v <= 0x7fffffffffffffffn : v <= 0xffffffffffffffffn;
    const candidates: LiteralType[] = suffix === '' ? ['int', 'uint', 'long', 'ulong'] : suffix === 'u' ? ['uint', 'ulong'] : suffix === 'l' ? ['long', 'ulong'] : ['ulong'];
    const type = candidates.find(fits);
    if (!type) {
      this.fail(n, `Integral constant '${raw}' is too large.`, 'numberTooLarge');
      return { kind: 'literal', type: 'ulong', value: 0n, raw, span };
    }
    return { kind: 'literal', type, value: type === 'int' || type === 'uint' ? Number(v) : v, raw, span };
  }

  private realLiteral(n: Node, span: Span): Expr {
    const raw = n.text.replace(/_/g, '');
    const suffix = /[fFdDmM]$/.exec(raw)?.[0].toLowerCase();
    const body = suffix ? raw.slice(0, -1) : raw;
    if (suffix === 'm') return { kind: 'literal', type: 'decimal', value: body, raw: n.text, span };
    return { kind: 'literal', type: suffix === 'f' ? 'float' : 'double', value: suffix === 'f' ? Math.fround(Number(body)) : Number(body), raw: n.text, span };
  }

  /** Decodes a regular string or char literal from its content and escape children. */
  /** Decodes a regular string or char literal from its text (no child nodes: they cost). */
  private stringContent(n: Node, _verbatim: boolean): string {
    const raw = n.text;
    const inner = raw.length >= 2 && (raw.endsWith('"') || raw.endsWith("'")) ? raw.slice(1, -1) : raw.slice(1);
    return inner.includes('\\') ? inner.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{1,4}|.)/g, (seq) => unescape(seq)) : inner;
  }

  /** An interpolated string lexed by interpolation.ts: each hole parsed on its own. */
  private lexedInterpolation(l: LexedInterpolation, span: Span): Expr {
    const verbatim = /^(\$@|@\$)/.test(this.p.text.slice(l.start, l.start + 2));
    const parts: (string | InterpolationPart)[] = l.parts.map((x) => {
      if (typeof x === 'string') return verbatim ? x : x.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{1,4}|.)/g, (m) => unescape(m));
      return {
        expr: this.subExpression(x.start, x.end),
        alignment: x.alignment ? this.subExpression(x.alignment.start, x.alignment.end) : undefined,
        format: x.format,
        span: this.p.map.span(x.outer.start, x.outer.end),
      };
    });
    return { kind: 'interpolated', parts, span };
  }

  /** The expression at processed offsets [start, end), parsed on its own (a hole of an interpolated string). */
  private subExpression(start: number, end: number): Expr {
    const { text: body, lexed } = withLexedInterpolations(this.p.text.slice(start, end), start);
    const text = `${SINGLE_PREFIX}(${body});`;
    const tree = loadedCSharpParser().parse(text);
    if (!tree) return { kind: 'literal', type: 'null', value: null, raw: '', span: this.p.map.span(start, end) };
    try {
      const sub = new Builder({ ...this.p, form: 'single' }, SINGLE_PREFIX.length + 1 - start, SINGLE_PREFIX.length + 1 + body.length, lexed);
      const built = sub.build(tree.rootNode);
      this.diagnostics.push(...sub.diagnostics);
      if (built?.kind === 'expression') return built.expr;
      this.diagnostics.push(error('syntax', 'Expected an expression in this interpolation.', this.p.map.span(start, end)));
      return { kind: 'literal', type: 'null', value: null, raw: '', span: this.p.map.span(start, end) };
    } finally {
      tree.delete();
    }
  }

  private interpolated(n: Node, span: Span): Expr {
    const start = n.namedChildren.find((c) => c?.type === 'interpolation_start')?.text ?? '$';
    const verbatim = start.includes('@');
    const raw = start.includes('"""') || n.text.includes('"""');
    const parts: (string | InterpolationPart)[] = [];
    const pushText = (t: string): void => {
      const last = parts[parts.length - 1];
      if (typeof last === 'string') parts[parts.length - 1] = last + t;
      else parts.push(t);
    };
    for (const c of n.children) {
      if (!c) continue;
      if (c.type === 'string_content') {
        let t = raw ? c.text : c.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        if (verbatim) t = t.replace(/""/g, '"');
        pushText(t);
      } else if (c.type === 'escape_sequence') pushText(verbatim ? c.text : unescape(c.text));
      else if (c.type === 'interpolation') {
        const exprNode = c.namedChildren.find((x) => x !== null && x.type !== 'interpolation_brace' && x.type !== 'interpolation_alignment_clause' && x.type !== 'interpolation_format_clause');
        const align = c.namedChildren.find((x) => x?.type === 'interpolation_alignment_clause')?.namedChild(0);
        const format = c.namedChildren.find((x) => x?.type === 'interpolation_format_clause');
        parts.push({ expr: exprNode ? this.expr(exprNode) : this.unsupported(c, 'An empty interpolation'), alignment: align ? this.expr(align) : undefined, format: format ? format.text.slice(1) : undefined, span: this.span(c) });
      }
    }
    return { kind: 'interpolated', parts, span };
  }

  pattern(n: Node): Pattern {
    const span = this.span(n);
    switch (n.type) {
      case 'constant_pattern': {
        const v = n.namedChild(0);
        return { kind: 'constant', value: v ? this.expr(v) : this.unsupported(n, 'An empty pattern'), span };
      }
      case 'declaration_pattern': {
        const t = n.childForFieldName('type');
        const name = n.childForFieldName('name')?.text;
        return { kind: 'type', type: t ? this.type(t) : this.anyType(span), name: name === '_' ? undefined : name, span };
      }
      case 'type_pattern': {
        const t = n.childForFieldName('type');
        return { kind: 'type', type: t ? this.type(t) : this.anyType(span), span };
      }
      case 'var_pattern':
        return { kind: 'var', name: n.childForFieldName('name')?.text ?? '_', span };
      case 'discard':
        return { kind: 'discard', span };
      case 'relational_pattern': {
        const op = n.child(0)?.text as '<' | '>' | '<=' | '>=';
        const v = n.namedChild(0);
        return { kind: 'relational', op, value: v ? this.expr(v) : this.unsupported(n, 'An empty pattern'), span };
      }
      case 'negated_pattern': {
        const inner = n.namedChild(0);
        // tree-sitter-c-sharp 0.23 parses `not a and b` as not(a and b); in C# `not` binds tighter
        // (explicit parentheses would show up as a parenthesized_pattern), so rebalance.
        if (inner && (inner.type === 'and_pattern' || inner.type === 'or_pattern')) {
          const l = inner.childForFieldName('left');
          const r = inner.childForFieldName('right');
          const left: Pattern = { kind: 'not', pattern: l ? this.pattern(l) : { kind: 'discard', span }, span: l ? { start: span.start, end: this.span(l).end } : span };
          return { kind: inner.type === 'and_pattern' ? 'and' : 'or', left, right: r ? this.pattern(r) : { kind: 'discard', span }, span };
        }
        return { kind: 'not', pattern: inner ? this.pattern(inner) : { kind: 'discard', span }, span };
      }
      case 'and_pattern':
      case 'or_pattern': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        return { kind: n.type === 'and_pattern' ? 'and' : 'or', left: l ? this.pattern(l) : { kind: 'discard', span }, right: r ? this.pattern(r) : { kind: 'discard', span }, span };
      }
      case 'parenthesized_pattern': {
        const inner = n.namedChild(0);
        return inner ? this.pattern(inner) : { kind: 'discard', span };
      }
      case 'recursive_pattern': {
        const t = n.childForFieldName('type');
        const clause = n.namedChildren.find((c) => c?.type === 'property_pattern_clause');
        if (n.namedChildren.some((c) => c?.type === 'positional_pattern_clause')) this.fail(n, 'Positional patterns are not supported in policy expressions.', 'unsupportedSyntax');
        const properties = (clause?.namedChildren ?? []).filter((c): c is Node => c?.type === 'subpattern').map((sp) => {
          const kids = sp.namedChildren.filter(isNode);
          const name = kids.length > 1 ? (kids[0]?.text ?? '') : '';
          const pat = kids[kids.length - 1];
          return { name, pattern: pat ? this.pattern(pat) : ({ kind: 'discard', span } as Pattern) };
        });
        return { kind: 'property', type: t ? this.type(t) : undefined, properties, name: n.childForFieldName('name')?.text, span };
      }
      default:
        // An expression in pattern position is a constant (a bare type name is resolved later).
        if (isPatternNode(n.type)) return { kind: 'discard', span };
        return { kind: 'constant', value: this.expr(n), span };
    }
  }
}

/** web-tree-sitter hands out a new wrapper object per access: compare nodes by id. */
const KEYWORD_TYPES = new Set(['bool', 'byte', 'sbyte', 'char', 'decimal', 'double', 'float', 'int', 'uint', 'long', 'ulong', 'short', 'ushort', 'object', 'string', 'dynamic']);

function same(a: Node | null, b: Node | null): boolean {
  return a !== null && b !== null && a.id === b.id;
}

function isNode(n: Node | null): n is Node {
  return n !== null;
}

function isPatternNode(type: string): boolean {
  return /_pattern$/.test(type) || type === 'discard';
}

function isStatementNode(type: string): boolean {
  return /_statement$/.test(type) || type === 'block';
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

function unescape(seq: string): string {
  const c = seq[1] ?? '';
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c] as string;
  if (c === 'u' || c === 'x') return String.fromCharCode(parseInt(seq.slice(2), 16));
  if (c === 'U') return String.fromCodePoint(parseInt(seq.slice(2), 16));
  return seq;
}

/** C# 11 raw strings: `"""text"""` on one line, or multi-line with the closing line's indentation removed. */
function rawStringValue(text: string): string {
  const quotes = /^"+/.exec(text)?.[0].length ?? 3;
  const inner = text.slice(quotes, text.length - quotes);
  if (!inner.includes('\n')) return inner;
  const lines = inner.split('\n');
  const last = lines[lines.length - 1] ?? '';
  const indent = /^\s*$/.test(last) ? last.length : 0;
  return lines
    .slice(1, -1)
    .map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)?.[0].length ?? 0)))
    .join('\n')
    .replace(/\r$/, '');
}

/** The prefix expression at the start of a postfix chain (`-b` in `-b.C(1)[0]`), if there is one. */
function leftmostPrefix(n: Node): Node | undefined {
  let cur: Node | null = n;
  while (cur) {
    switch (cur.type) {
      case 'prefix_unary_expression':
        return cur;
      case 'member_access_expression':
      case 'element_access_expression':
        cur = cur.childForFieldName('expression');
        break;
      case 'invocation_expression':
        cur = cur.childForFieldName('function');
        break;
      case 'postfix_unary_expression':
        cur = cur.namedChild(0);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}
