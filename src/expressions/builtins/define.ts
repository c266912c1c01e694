// A small DSL for declaring builtin members from their C# signature text, so that each member is
// written once: `method('string Substring(int startIndex, int length)', 'doc', impl)`.
// The signature text is what completion and hover show.

import type { CallInfo, ConstructorDef, IndexerDef, MemberDef, MethodDef, ParamDef, PropertyDef, TypeDef } from '../runtime/typeSystem';
import { DotNetException } from '../runtime/exceptions';
import { defineType } from '../runtime/typeSystem';
import type { RefCell } from '../runtime/values';

/** Splits on commas that are not inside <>, () or []. */
export function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function parseParams(text: string): ParamDef[] {
  return splitTop(text).map((p) => {
    let rest = p;
    let out = false;
    if (rest.startsWith('out ')) {
      out = true;
      rest = rest.slice(4);
    }
    if (rest.startsWith('this ')) rest = rest.slice(5);
    const eq = rest.indexOf('=');
    const optional = eq >= 0;
    if (optional) rest = rest.slice(0, eq).trim();
    const sp = rest.lastIndexOf(' ');
    return { name: rest.slice(sp + 1), type: rest.slice(0, sp).trim(), optional: optional || undefined, out: out || undefined };
  });
}

/** `static string Join(string separator, params object[] values)` */
export function method(signature: string, doc: string, call: (self: any, args: any, info: CallInfo) => unknown): MethodDef {
  const m = /^(static\s+)?(.+?)\s+(\w+)(?:<([^>]+)>)?\((.*)\)$/.exec(signature.trim());
  if (!m) throw new Error(`Bad method signature: ${signature}`);
  return {
    kind: 'method',
    static: m[1] ? true : undefined,
    returns: (m[2] as string).trim(),
    name: m[3] as string,
    typeParams: m[4] ? m[4].split(',').map((s) => s.trim()) : undefined,
    params: parseParams(m[5] as string),
    doc,
    call,
  };
}

/** `static DateTime UtcNow` or `int Length`; add `{ set; }` handling through the `set` argument. */
export function prop(signature: string, doc: string, get: (self: any, info: CallInfo) => unknown, set?: (self: any, value: unknown, info: CallInfo) => void): PropertyDef {
  const m = /^(static\s+)?(.+?)\s+(\w+)$/.exec(signature.trim());
  if (!m) throw new Error(`Bad property signature: ${signature}`);
  return { kind: 'property', static: m[1] ? true : undefined, type: (m[2] as string).trim(), name: m[3] as string, doc, get, set };
}

/** `string this[string name]` */
export function indexer(signature: string, doc: string, get: (self: any, args: any, info: CallInfo) => unknown, set?: (self: any, args: any, value: unknown, info: CallInfo) => void): IndexerDef {
  const m = /^(.+?)\s+this\[(.*)\]$/.exec(signature.trim());
  if (!m) throw new Error(`Bad indexer signature: ${signature}`);
  return { kind: 'indexer', type: (m[1] as string).trim(), params: parseParams(m[2] as string), doc, get, set };
}

/** `JObject(params object[] content)` */
export function ctor(signature: string, doc: string, create: (args: any, info: CallInfo) => unknown): ConstructorDef {
  const m = /^\w+(?:<[^>]+>)?\((.*)\)$/.exec(signature.trim());
  if (!m) throw new Error(`Bad constructor signature: ${signature}`);
  return { kind: 'constructor', params: parseParams(m[1] as string), doc, create };
}

export interface TypeSpec {
  readonly fullName: string;
  readonly alias?: string;
  readonly doc: string;
  readonly typeParams?: readonly string[];
  readonly base?: string;
  readonly interfaces?: readonly string[];
  readonly allowed?: TypeDef['allowed'];
  readonly isInstance?: (v: unknown) => boolean;
  readonly valueType?: boolean;
  readonly notSimulated?: string;
  readonly members: MemberDef[];
}

/** Declares a type. `fullName` may carry generic arity: `System.Collections.Generic.List\`1`. */
export function type(spec: TypeSpec): TypeDef {
  const simple = spec.fullName.slice(spec.fullName.lastIndexOf('.') + 1).replace(/`\d+$/, '');
  const def: TypeDef & { valueType?: boolean } = {
    fullName: spec.fullName,
    name: simple,
    alias: spec.alias,
    doc: spec.doc,
    typeParams: spec.typeParams,
    base: spec.base,
    interfaces: spec.interfaces,
    allowed: spec.allowed ?? 'all',
    members: spec.members,
    isInstance: spec.isInstance ?? (() => false),
    valueType: spec.valueType,
    notSimulated: spec.notSimulated,
  };
  return defineType(def);
}

/**
 * The TryParse pattern: runs `parse`, stores the result in the out cell and returns true, or
 * stores `fallback` and returns false when it raised a .NET exception.
 */
export function tryParseInto(parse: () => unknown, out: RefCell, fallback: unknown): boolean {
  try {
    out.value = parse();
    return true;
  } catch (e) {
    if (!(e instanceof DotNetException)) throw e;
    out.value = fallback;
    return false;
  }
}
