// The AST of APIM policy expressions (the C# subset the gateway accepts). Built from the
// tree-sitter C# tree by astBuilder.ts; every node carries its span in document offsets.

import type { Span } from '../common/span';

/** A type as written: `string`, `List<int>`, `string[]`, `int?`, `Newtonsoft.Json.Linq.JObject`. */
export type TypeRef =
  | { readonly kind: 'named'; readonly name: string; readonly args: readonly TypeRef[]; readonly span: Span }
  | { readonly kind: 'array'; readonly element: TypeRef; readonly rank: number; readonly span: Span }
  | { readonly kind: 'nullable'; readonly inner: TypeRef; readonly span: Span };

export type LiteralType = 'int' | 'uint' | 'long' | 'ulong' | 'float' | 'double' | 'decimal' | 'string' | 'char' | 'bool' | 'null';

export interface Argument {
  readonly name?: string;
  readonly modifier?: 'out' | 'ref' | 'in';
  readonly value: Expr;
  /** `out var x` / `out string x`: declares a local. */
  readonly declares?: { readonly name: string; readonly type?: TypeRef };
  readonly span: Span;
}

export interface InterpolationPart {
  readonly expr: Expr;
  readonly alignment?: Expr;
  readonly format?: string;
  readonly span: Span;
}

export type Expr =
  | { readonly kind: 'literal'; readonly type: LiteralType; readonly value: string | number | bigint | boolean | null; readonly raw: string; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly typeArgs?: readonly TypeRef[]; readonly span: Span }
  | { readonly kind: 'namedValue'; readonly name: string; readonly span: Span }
  | { readonly kind: 'member'; readonly object: Expr; readonly name: string; readonly typeArgs?: readonly TypeRef[]; readonly nullConditional: boolean; readonly nameSpan: Span; readonly span: Span }
  | { readonly kind: 'typeAccess'; readonly type: TypeRef; readonly span: Span }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Argument[]; readonly span: Span }
  | { readonly kind: 'index'; readonly object: Expr; readonly args: readonly Argument[]; readonly nullConditional: boolean; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | '!' | '~' | '++' | '--'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'postfix'; readonly op: '++' | '--' | '!'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'assign'; readonly op: AssignOp; readonly target: Expr; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr; readonly span: Span }
  | { readonly kind: 'cast'; readonly type: TypeRef; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'as'; readonly operand: Expr; readonly type: TypeRef; readonly span: Span }
  | { readonly kind: 'is'; readonly operand: Expr; readonly pattern: Pattern; readonly span: Span }
  | { readonly kind: 'new'; readonly type?: TypeRef; readonly args: readonly Argument[]; readonly initializer?: Initializer; readonly span: Span }
  | { readonly kind: 'newArray'; readonly elementType?: TypeRef; readonly sizes: readonly Expr[]; readonly elements?: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'anonymousObject'; readonly members: readonly { readonly name: string; readonly value: Expr }[]; readonly span: Span }
  | { readonly kind: 'lambda'; readonly params: readonly { readonly name: string; readonly type?: TypeRef }[]; readonly body: Expr | Stmt; readonly span: Span }
  | { readonly kind: 'interpolated'; readonly parts: readonly (string | InterpolationPart)[]; readonly span: Span }
  | { readonly kind: 'typeof'; readonly type: TypeRef; readonly span: Span }
  | { readonly kind: 'nameof'; readonly name: string; readonly span: Span }
  | { readonly kind: 'default'; readonly type?: TypeRef; readonly span: Span }
  | { readonly kind: 'checked'; readonly checked: boolean; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'switch'; readonly subject: Expr; readonly arms: readonly { readonly pattern: Pattern; readonly when?: Expr; readonly value: Expr; readonly span: Span }[]; readonly span: Span }
  | { readonly kind: 'throw'; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'tuple'; readonly elements: readonly Expr[]; readonly span: Span };

/** Object initialiser `{ A = 1 }`, collection initialiser `{ 1, 2 }` or dictionary `{ ["k"] = v, { k, v } }`. */
export type Initializer =
  | { readonly kind: 'object'; readonly members: readonly { readonly name: string; readonly value: Expr | Initializer; readonly span: Span }[]; readonly span: Span }
  | { readonly kind: 'collection'; readonly items: readonly (Expr | readonly Expr[])[]; readonly span: Span }
  | { readonly kind: 'indexed'; readonly entries: readonly { readonly keys: readonly Expr[]; readonly value: Expr }[]; readonly span: Span };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||' | '&' | '|' | '^' | '<<' | '>>' | '>>>' | '??';
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | '??=';

export type Pattern =
  | { readonly kind: 'constant'; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'type'; readonly type: TypeRef; readonly name?: string; readonly span: Span }
  | { readonly kind: 'var'; readonly name: string; readonly span: Span }
  | { readonly kind: 'discard'; readonly span: Span }
  | { readonly kind: 'relational'; readonly op: '<' | '>' | '<=' | '>='; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly pattern: Pattern; readonly span: Span }
  | { readonly kind: 'and' | 'or'; readonly left: Pattern; readonly right: Pattern; readonly span: Span }
  | { readonly kind: 'property'; readonly type?: TypeRef; readonly properties: readonly { readonly name: string; readonly pattern: Pattern }[]; readonly name?: string; readonly span: Span };

export interface CatchClause {
  readonly type?: TypeRef;
  readonly name?: string;
  readonly when?: Expr;
  readonly body: Stmt;
  readonly span: Span;
}

export interface SwitchSection {
  /** `undefined` label is `default:`. */
  readonly labels: readonly ({ readonly pattern: Pattern; readonly when?: Expr } | undefined)[];
  readonly body: readonly Stmt[];
  readonly span: Span;
}

export type Stmt =
  | { readonly kind: 'block'; readonly body: readonly Stmt[]; readonly span: Span }
  | { readonly kind: 'local'; readonly type?: TypeRef; readonly declarators: readonly { readonly name: string; readonly init?: Expr; readonly span: Span }[]; readonly span: Span }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly span: Span }
  | { readonly kind: 'if'; readonly test: Expr; readonly then: Stmt; readonly otherwise?: Stmt; readonly span: Span }
  | { readonly kind: 'while'; readonly test: Expr; readonly body: Stmt; readonly span: Span }
  | { readonly kind: 'do'; readonly test: Expr; readonly body: Stmt; readonly span: Span }
  | { readonly kind: 'for'; readonly init: readonly Stmt[]; readonly test?: Expr; readonly update: readonly Expr[]; readonly body: Stmt; readonly span: Span }
  | { readonly kind: 'foreach'; readonly type?: TypeRef; readonly name: string; readonly iterable: Expr; readonly body: Stmt; readonly span: Span }
  | { readonly kind: 'break' | 'continue' | 'empty'; readonly span: Span }
  | { readonly kind: 'return'; readonly value?: Expr; readonly span: Span }
  | { readonly kind: 'throw'; readonly value?: Expr; readonly span: Span }
  | { readonly kind: 'try'; readonly block: Stmt; readonly catches: readonly CatchClause[]; readonly finally?: Stmt; readonly span: Span }
  | { readonly kind: 'switch'; readonly subject: Expr; readonly sections: readonly SwitchSection[]; readonly span: Span }
  | { readonly kind: 'using'; readonly resource: Stmt; readonly body: Stmt; readonly span: Span }
  | { readonly kind: 'checked'; readonly checked: boolean; readonly body: Stmt; readonly span: Span }
  /** A local function: `int F(int x) { ... }` or `short G(short h) => ...;`, callable anywhere in its block. */
  | {
      readonly kind: 'function';
      readonly name: string;
      readonly params: readonly { readonly name: string; readonly type: TypeRef }[];
      /** undefined: void. */
      readonly returns?: TypeRef;
      readonly body: Stmt | Expr;
      readonly nameSpan: Span;
      readonly span: Span;
    };

/** A parsed `@(...)` (an expression) or `@{...}` (a block of statements). */
export type ExpressionBody = { readonly kind: 'expression'; readonly expr: Expr } | { readonly kind: 'block'; readonly block: Stmt };
