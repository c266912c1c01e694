// A compact S-expression view of the AST for table-driven parser tests.

import type { Expr, Pattern, Stmt, TypeRef, ExpressionBody, Initializer } from '../../../src/expressions/ast';

export function t(type: TypeRef | undefined): string {
  if (!type) return 'var';
  switch (type.kind) {
    case 'named':
      return type.args.length ? `${type.name}<${type.args.map(t).join(',')}>` : type.name;
    case 'array':
      return `${t(type.element)}[${','.repeat(type.rank - 1)}]`;
    case 'nullable':
      return `${t(type.inner)}?`;
  }
}

function init(i: Initializer): string {
  switch (i.kind) {
    case 'object':
      return `{${i.members.map((m) => `${m.name}=${'kind' in m.value && (m.value.kind === 'object' || m.value.kind === 'collection' || m.value.kind === 'indexed') ? init(m.value as Initializer) : e(m.value as Expr)}`).join(' ')}}`;
    case 'collection':
      return `{${i.items.map((x) => (Array.isArray(x) ? `{${(x as Expr[]).map(e).join(' ')}}` : e(x as Expr))).join(' ')}}`;
    case 'indexed':
      return `{${i.entries.map((x) => `[${x.keys.map(e).join(',')}]=${e(x.value)}`).join(' ')}}`;
  }
}

export function p(pat: Pattern): string {
  switch (pat.kind) {
    case 'constant':
      return e(pat.value);
    case 'type':
      return `(type ${t(pat.type)}${pat.name ? ` ${pat.name}` : ''})`;
    case 'var':
      return `(var ${pat.name})`;
    case 'discard':
      return '_';
    case 'relational':
      return `(${pat.op} ${e(pat.value)})`;
    case 'not':
      return `(not ${p(pat.pattern)})`;
    case 'and':
    case 'or':
      return `(${pat.kind} ${p(pat.left)} ${p(pat.right)})`;
    case 'property':
      return `(prop ${t(pat.type)} ${pat.properties.map((x) => `${x.name}:${p(x.pattern)}`).join(' ')})`;
  }
}

export function e(x: Expr): string {
  switch (x.kind) {
    case 'literal':
      return x.type === 'string' ? JSON.stringify(x.value) : x.type === 'char' ? `'${String(x.value)}'` : `${String(x.value)}:${x.type}`;
    case 'name':
      return x.typeArgs?.length ? `${x.name}<${x.typeArgs.map(t).join(',')}>` : x.name;
    case 'namedValue':
      return `{{${x.name}}}`;
    case 'member':
      return `(${x.nullConditional ? '?.' : '.'} ${e(x.object)} ${x.name}${x.typeArgs?.length ? `<${x.typeArgs.map(t).join(',')}>` : ''})`;
    case 'typeAccess':
      return `(type ${t(x.type)})`;
    case 'call':
      return `(call ${e(x.callee)}${x.args.map((a) => ` ${a.name ? `${a.name}:` : ''}${a.modifier ? `${a.modifier} ` : ''}${a.declares ? `(decl ${t(a.declares.type)} ${a.declares.name})` : e(a.value)}`).join('')})`;
    case 'index':
      return `(${x.nullConditional ? '?[]' : '[]'} ${e(x.object)} ${x.args.map((a) => e(a.value)).join(' ')})`;
    case 'unary':
      return `(${x.op} ${e(x.operand)})`;
    case 'postfix':
      return `(post${x.op} ${e(x.operand)})`;
    case 'binary':
      return `(${x.op} ${e(x.left)} ${e(x.right)})`;
    case 'assign':
      return `(${x.op} ${e(x.target)} ${e(x.value)})`;
    case 'conditional':
      return `(? ${e(x.test)} ${e(x.then)} ${e(x.otherwise)})`;
    case 'cast':
      return `(cast ${t(x.type)} ${e(x.operand)})`;
    case 'as':
      return `(as ${e(x.operand)} ${t(x.type)})`;
    case 'is':
      return `(is ${e(x.operand)} ${p(x.pattern)})`;
    case 'new':
      return `(new ${t(x.type)}${x.args.map((a) => ` ${e(a.value)}`).join('')}${x.initializer ? ` ${init(x.initializer)}` : ''})`;
    case 'newArray':
      return `(new[] ${x.elementType ? t(x.elementType) : '?'}${x.sizes.map((s) => ` #${e(s)}`).join('')}${x.elements ? ` {${x.elements.map(e).join(' ')}}` : ''})`;
    case 'anonymousObject':
      return `(anon ${x.members.map((m) => `${m.name}=${e(m.value)}`).join(' ')})`;
    case 'lambda':
      return `(=> (${x.params.map((q) => (q.type ? `${t(q.type)} ${q.name}` : q.name)).join(' ')}) ${'expr' in x.body || x.body.kind === 'block' || x.body.kind === 'return' ? s(x.body as Stmt) : e(x.body as Expr)})`;
    case 'interpolated':
      return `($ ${x.parts.map((q) => (typeof q === 'string' ? JSON.stringify(q) : `{${e(q.expr)}${q.alignment ? `,${e(q.alignment)}` : ''}${q.format ? `:${q.format}` : ''}}`)).join(' ')})`;
    case 'typeof':
      return `(typeof ${t(x.type)})`;
    case 'nameof':
      return `(nameof ${x.name})`;
    case 'default':
      return `(default ${t(x.type)})`;
    case 'checked':
      return `(${x.checked ? 'checked' : 'unchecked'} ${e(x.operand)})`;
    case 'switch':
      return `(switch ${e(x.subject)} ${x.arms.map((a) => `[${p(a.pattern)}${a.when ? ` when ${e(a.when)}` : ''} => ${e(a.value)}]`).join(' ')})`;
    case 'throw':
      return `(throw ${e(x.value)})`;
    case 'tuple':
      return `(tuple ${x.elements.map(e).join(' ')})`;
  }
}

export function s(x: Stmt): string {
  switch (x.kind) {
    case 'block':
      return `{${x.body.map(s).join(' ')}}`;
    case 'local':
      return `(local ${t(x.type)} ${x.declarators.map((d) => (d.init ? `${d.name}=${e(d.init)}` : d.name)).join(' ')})`;
    case 'expr':
      return e(x.expr);
    case 'if':
      return `(if ${e(x.test)} ${s(x.then)}${x.otherwise ? ` ${s(x.otherwise)}` : ''})`;
    case 'while':
    case 'do':
      return `(${x.kind} ${e(x.test)} ${s(x.body)})`;
    case 'for':
      return `(for (${x.init.map(s).join(' ')}) ${x.test ? e(x.test) : '_'} (${x.update.map(e).join(' ')}) ${s(x.body)})`;
    case 'foreach':
      return `(foreach ${t(x.type)} ${x.name} ${e(x.iterable)} ${s(x.body)})`;
    case 'break':
    case 'continue':
    case 'empty':
      return x.kind;
    case 'return':
    case 'throw':
      return x.value ? `(${x.kind} ${e(x.value)})` : x.kind;
    case 'try':
      return `(try ${s(x.block)}${x.catches.map((c) => ` (catch${c.type ? ` ${t(c.type)}` : ''}${c.name ? ` ${c.name}` : ''}${c.when ? ` when ${e(c.when)}` : ''} ${s(c.body)})`).join('')}${x.finally ? ` (finally ${s(x.finally)})` : ''})`;
    case 'switch':
      return `(switch ${e(x.subject)} ${x.sections.map((sec) => `[${sec.labels.map((l) => (l ? p(l.pattern) + (l.when ? ` when ${e(l.when)}` : '') : 'default')).join(',')}: ${sec.body.map(s).join(' ')}]`).join(' ')})`;
    case 'using':
      return `(using ${s(x.resource)} ${s(x.body)})`;
    case 'checked':
      return `(${x.checked ? 'checked' : 'unchecked'} ${s(x.body)})`;
    case 'function':
      return `(function ${x.returns ? t(x.returns) : 'void'} ${x.name} (${x.params.map((q) => `${t(q.type)} ${q.name}`).join(' ')}) ${x.body.kind === 'block' ? s(x.body as Stmt) : e(x.body as Expr)})`;
  }
}


export function body(b: ExpressionBody | undefined): string {
  if (!b) return '<none>';
  return b.kind === 'expression' ? e(b.expr) : s(b.block);
}
