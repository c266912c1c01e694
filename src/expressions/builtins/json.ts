// Newtonsoft.Json.Linq (JToken, JObject, JArray, JProperty, JValue) and JsonConvert, as APIM
// exposes them. Faithful to Newtonsoft's defaults where policies notice them: property order is
// kept, integers and floats stay distinct (1 vs 1.0), ISO date strings become Date tokens when
// parsed (DateParseHandling.DateTime), ToString() is indented with two spaces, and the reader
// is lenient (comments, single quotes, unquoted names, trailing commas).

import { Decimal } from '../runtime/decimal';
import { DotNetException, argumentNull, invalidCast } from '../runtime/exceptions';
import { iterate } from '../runtime/iteration';
import { doubleToString } from '../runtime/numberFormat';
import { equals, toDisplayString } from '../runtime/operators';
import { NO_CONVERSION, bindClass, castTo, findType, numericValue, registerExplicitConversion, registerImplicitConversion, runtimeTypeName, type CallInfo, type TypeDef } from '../runtime/typeSystem';
import { AnonymousObject, CsChar, EnumValue, Num, RefCell, double } from '../runtime/values';
import { CsDictionary, CsList, KeyValuePair } from './collections';
import { enumType, enumValue, Guid } from './core';
import { DateTimeValue, formatDateTime } from './datetime';
import { ctor, indexer, method, prop, type } from './define';

export type JTokenTypeName = 'None' | 'Object' | 'Array' | 'Property' | 'Integer' | 'Float' | 'String' | 'Boolean' | 'Null' | 'Date' | 'Guid' | 'Uri' | 'TimeSpan' | 'Bytes' | 'Raw' | 'Undefined' | 'Comment' | 'Constructor';

enumType('Newtonsoft.Json.Linq.JTokenType', ['None', 'Object', 'Array', 'Constructor', 'Property', 'Comment', 'Integer', 'Float', 'String', 'Boolean', 'Null', 'Undefined', 'Date', 'Raw', 'Bytes', 'Guid', 'Uri', 'TimeSpan'], 'The kind of a JToken.');
enumType('Newtonsoft.Json.Formatting', ['None', 'Indented'], 'Whether JSON text is indented.');

export abstract class JToken {
  parent: JContainer | undefined;
  abstract get tokenType(): JTokenTypeName;
  abstract clone(): JToken;
}

export abstract class JContainer extends JToken {
  abstract children(): JToken[];
}

export class JValue extends JToken {
  constructor(
    public value: unknown,
    private readonly kind: JTokenTypeName,
  ) {
    super();
  }
  get tokenType(): JTokenTypeName {
    return this.kind;
  }
  clone(): JValue {
    return new JValue(this.value, this.kind);
  }
  equals(o: unknown): boolean {
    return o instanceof JValue && this.kind === o.kind && equals(this.value, o.value);
  }
}

export class JProperty extends JContainer {
  constructor(
    readonly name: string,
    private val: JToken,
  ) {
    super();
    val.parent = this;
  }
  get tokenType(): JTokenTypeName {
    return 'Property';
  }
  get value(): JToken {
    return this.val;
  }
  set value(v: JToken) {
    v.parent = this;
    this.val = v;
  }
  children(): JToken[] {
    return [this.val];
  }
  clone(): JProperty {
    return new JProperty(this.name, this.val.clone());
  }
}

export class JObject extends JContainer {
  readonly props: JProperty[] = [];
  get tokenType(): JTokenTypeName {
    return 'Object';
  }
  get(name: string): JToken | undefined {
    return this.props.find((p) => p.name === name)?.value;
  }
  set(name: string, value: JToken): void {
    const p = this.props.find((x) => x.name === name);
    if (p) p.value = value;
    else this.addProperty(new JProperty(name, value));
  }
  addProperty(p: JProperty): void {
    if (this.props.some((x) => x.name === p.name)) throw new DotNetException('System.ArgumentException', `Can not add property ${p.name} to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.`);
    p.parent = this;
    this.props.push(p);
  }
  remove(name: string): boolean {
    const i = this.props.findIndex((p) => p.name === name);
    if (i < 0) return false;
    this.props.splice(i, 1);
    return true;
  }
  children(): JToken[] {
    return this.props;
  }
  clone(): JObject {
    const o = new JObject();
    for (const p of this.props) o.addProperty(p.clone());
    return o;
  }
  *[Symbol.iterator](): Iterator<unknown> {
    for (const p of this.props) yield new KeyValuePair(p.name, p.value);
  }
}

export class JArray extends JContainer {
  readonly items: JToken[] = [];
  get tokenType(): JTokenTypeName {
    return 'Array';
  }
  add(t: JToken): void {
    t.parent = this;
    this.items.push(t);
  }
  children(): JToken[] {
    return this.items;
  }
  clone(): JArray {
    const a = new JArray();
    for (const t of this.items) a.add(t.clone());
    return a;
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.items[Symbol.iterator]();
  }
}

// ------------------------------------------------------------------ reading

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

function readerError(message: string, text: string, pos: number): DotNetException {
  let line = 1;
  let col = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 0;
    } else col++;
  }
  return new DotNetException('Newtonsoft.Json.JsonReaderException', `${message} Path '', line ${line}, position ${col}.`);
}

/** Parses JSON text the way JToken.Parse does (lenient reader, dates parsed). */
export function parseJson(text: string): JToken {
  let i = 0;
  const ws = (): void => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      if (text.startsWith('//', i)) {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 2;
      } else return;
    }
  };
  const str = (): string => {
    const q = text[i];
    i++;
    let out = '';
    while (i < text.length && text[i] !== q) {
      const c = text[i] as string;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[e ?? ''] ?? e ?? '';
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
    if (i >= text.length) throw readerError('Unterminated string. Expected delimiter: ".', text, i);
    i++;
    return out;
  };
  const value = (): JToken => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o = new JObject();
      ws();
      while (text[i] !== '}') {
        ws();
        let name: string;
        if (text[i] === '"' || text[i] === "'") name = str();
        else {
          const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i));
          if (!m) throw readerError(`Invalid property identifier character: ${text[i] ?? 'end of text'}.`, text, i);
          name = m[0];
          i += name.length;
        }
        ws();
        if (text[i] !== ':') throw readerError(`Invalid character after parsing property name. Expected ':' but got: ${text[i] ?? 'end of text'}.`, text, i);
        i++;
        const v = value();
        o.set(name, v); // duplicate names: the last one wins, as JObject.Parse does by default
        ws();
        if (text[i] === ',') {
          i++;
          ws();
        } else if (text[i] !== '}') throw readerError(`After parsing a value an unexpected character was encountered: ${text[i] ?? 'end of text'}.`, text, i);
      }
      i++;
      return o;
    }
    if (c === '[') {
      i++;
      const a = new JArray();
      ws();
      while (text[i] !== ']') {
        if (i >= text.length) throw readerError('Unexpected end of content while loading JArray.', text, i);
        a.add(value());
        ws();
        if (text[i] === ',') {
          i++;
          ws();
        } else if (text[i] !== ']') throw readerError(`After parsing a value an unexpected character was encountered: ${text[i] ?? 'end of text'}.`, text, i);
      }
      i++;
      return a;
    }
    if (c === '"' || c === "'") {
      const s = str();
      if (ISO_DATE.test(s)) return new JValue(parseIsoDate(s), 'Date');
      return new JValue(s, 'String');
    }
    const m = /^(-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|undefined|NaN|-?Infinity)/.exec(text.slice(i));
    if (!m) throw readerError(`Unexpected character encountered while parsing value: ${c ?? 'end of text'}.`, text, i);
    i += m[0].length;
    const t = m[0];
    if (t === 'true' || t === 'false') return new JValue(t === 'true', 'Boolean');
    if (t === 'null') return new JValue(null, 'Null');
    if (t === 'undefined') return new JValue(null, 'Undefined');
    if (/[.eE]|NaN|Infinity/.test(t)) return new JValue(double(Number(t)), 'Float');
    const big = BigInt(t);
    return new JValue(big >= -9223372036854775808n && big <= 9223372036854775807n ? big : double(Number(t)), big >= -9223372036854775808n && big <= 9223372036854775807n ? 'Integer' : 'Float');
  };
  if (text === null || text === undefined) throw argumentNull('json');
  const result = value();
  ws();
  if (i < text.length) throw readerError(`Additional text encountered after finished reading JSON content: ${text[i]}.`, text, i);
  return result;
}

function parseIsoDate(s: string): DateTimeValue {
  const parse = findType('DateTime')?.members.find((m) => m.kind === 'method' && m.name === 'Parse' && m.params.length === 1);
  const dt = parse && parse.kind === 'method' ? (parse.call(undefined, [s], undefined as never) as DateTimeValue) : new DateTimeValue(0n);
  // Newtonsoft keeps UTC ("Z") as Utc and an explicit offset as Local time.
  return s.endsWith('Z') ? new DateTimeValue(dt.ticks, 'Utc') : dt;
}

// ------------------------------------------------------------------ writing

function quote(s: string): string {
  return `"${s.replace(/[\\"\u0000-\u001f]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function writeValue(v: JValue): string {
  const x = v.value;
  switch (v.tokenType) {
    case 'Null':
    case 'Undefined':
      return 'null';
    case 'Boolean':
      return x ? 'true' : 'false';
    case 'Integer':
      return String(numericValue(x));
    case 'Float': {
      if (x instanceof Decimal) {
        const s = x.toString();
        return s.includes('.') ? s : `${s}.0`;
      }
      const n = Number(numericValue(x));
      if (Number.isNaN(n)) return '"NaN"';
      if (!Number.isFinite(n)) return n > 0 ? '"Infinity"' : '"-Infinity"';
      const s = doubleToString(n);
      return /[.E]/.test(s) ? s : `${s}.0`;
    }
    case 'Date': {
      const d = x as DateTimeValue;
      return `"${formatDateTime(d.ticks, d.kind, "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK")}"`;
    }
    case 'Guid':
      return `"${(x as Guid).format('D')}"`;
    default:
      return quote(toDisplayString(x));
  }
}

/** JToken.ToString(Formatting): indented by default, two spaces, `"name": value`. */
export function writeJson(t: JToken, indented: boolean, depth = 0): string {
  const nl = indented ? '\n' : '';
  const pad = (d: number): string => (indented ? '  '.repeat(d) : '');
  if (t instanceof JValue) return writeValue(t);
  if (t instanceof JProperty) return `${quote(t.name)}:${indented ? ' ' : ''}${writeJson(t.value, indented, depth)}`;
  if (t instanceof JObject) {
    if (t.props.length === 0) return '{}';
    return `{${nl}${t.props.map((p) => pad(depth + 1) + writeJson(p, indented, depth + 1)).join(`,${nl}`)}${nl}${pad(depth)}}`;
  }
  if (t instanceof JArray) {
    if (t.items.length === 0) return '[]';
    return `[${nl}${t.items.map((x) => pad(depth + 1) + writeJson(x, indented, depth + 1)).join(`,${nl}`)}${nl}${pad(depth)}]`;
  }
  return '';
}

// ------------------------------------------------------------------ conversions

/** JToken.FromObject and the implicit conversions to JToken (strings, numbers, ...). */
export function toToken(v: unknown): JToken {
  if (v instanceof JToken) return v;
  if (v === null || v === undefined) return new JValue(null, 'Null');
  if (typeof v === 'string') return new JValue(v, 'String');
  if (typeof v === 'boolean') return new JValue(v, 'Boolean');
  if (typeof v === 'number' || typeof v === 'bigint') return new JValue(BigInt(v), 'Integer');
  if (v instanceof Num) return v.kind === 'double' || v.kind === 'float' ? new JValue(v, 'Float') : new JValue(BigInt(v.value), 'Integer');
  if (v instanceof Decimal) return new JValue(v, 'Float');
  if (v instanceof CsChar) return new JValue(v.toString(), 'String');
  if (v instanceof DateTimeValue) return new JValue(v, 'Date');
  if (v instanceof Guid) return new JValue(v, 'Guid');
  if (v instanceof AnonymousObject) {
    const o = new JObject();
    for (const [k, x] of v.members) o.set(k, toToken(x));
    return o;
  }
  if (v instanceof CsDictionary) {
    const o = new JObject();
    for (const kv of v) o.set(toDisplayString((kv as KeyValuePair).key), toToken((kv as KeyValuePair).value));
    return o;
  }
  if (Array.isArray(v) || v instanceof CsList) {
    const a = new JArray();
    for (const x of iterate(v)) a.add(toToken(x));
    return a;
  }
  return new JValue(toDisplayString(v), 'String');
}

/** The .NET value of a JValue converted to type `to`, as (T)token and Value<T>() do. */
export function convertToken(t: JToken | null | undefined, to: TypeDef | undefined): unknown {
  if (t === null || t === undefined) return null;
  if (!to || to.fullName === 'System.Object') return t instanceof JValue ? t.value : t;
  if (to.fullName.startsWith('Newtonsoft.Json.Linq.')) {
    if (!to.isInstance(t)) throw invalidCast(runtimeTypeName(t), to.fullName);
    return t;
  }
  if (!(t instanceof JValue)) throw new DotNetException('System.ArgumentException', `Can not convert ${t.tokenType} to ${to.name}.`);
  const v = t.value;
  if (v === null) {
    if (to.alias && to.alias !== 'string') throw new DotNetException('System.ArgumentException', `Can not convert Null to ${to.name}.`);
    return null;
  }
  switch (to.alias) {
    case 'string':
      return t.tokenType === 'Date' ? formatDateTime((v as DateTimeValue).ticks, (v as DateTimeValue).kind, undefined) : toDisplayString(v);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') {
        if (/^true$/i.test(v)) return true;
        if (/^false$/i.test(v)) return false;
      }
      return Number(numericValue(v)) !== 0;
    default:
      break;
  }
  if (to.alias && ['int', 'long', 'double', 'float', 'decimal', 'short', 'byte', 'uint', 'ulong'].includes(to.alias)) {
    const src = typeof v === 'string' ? parseNumberText(v, to) : v;
    return castTo(src, to, false, true, false);
  }
  if (to.fullName === 'System.DateTime') {
    if (v instanceof DateTimeValue) return v;
    const parse = to.members.find((m) => m.kind === 'method' && m.name === 'Parse' && m.params.length === 1);
    if (parse && parse.kind === 'method') return parse.call(undefined, [toDisplayString(v)], undefined as never);
  }
  if (to.fullName === 'System.Guid' && typeof v === 'string') {
    const g = Guid.parse(v);
    if (g) return g;
  }
  if (to.isInstance(v)) return v;
  throw invalidCast(runtimeTypeName(v), to.fullName);
}

function parseNumberText(s: string, to: TypeDef): unknown {
  const parse = to.members.find((m) => m.kind === 'method' && m.name === 'Parse' && m.params.length === 1);
  return parse && parse.kind === 'method' ? parse.call(undefined, [s], undefined as never) : s;
}

// Newtonsoft's implicit operators: string, bool, numbers, char, DateTime and Guid become a JValue
// wherever a JToken is expected (o.Add("k", "v"), array.Insert(0, 1)).
for (const target of ['Newtonsoft.Json.Linq.JToken', 'Newtonsoft.Json.Linq.JValue']) {
  registerImplicitConversion(target, (v) =>
    typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || v instanceof Num || v instanceof Decimal || v instanceof CsChar || v instanceof DateTimeValue || v instanceof Guid
      ? toToken(v)
      : NO_CONVERSION,
  );
}

for (const target of ['System.String', 'System.Int32', 'System.Int64', 'System.Double', 'System.Decimal', 'System.Boolean', 'System.DateTime', 'System.Guid', 'System.Single']) {
  registerExplicitConversion(target, (v) => (v instanceof JToken ? convertToken(v, findType(target)) : NO_CONVERSION));
}

/** Index into a token: JObject by name, JArray by position, as token[key] does. */
function tokenIndex(t: JToken, key: unknown): JToken | null {
  if (t instanceof JObject) {
    if (typeof key !== 'string') throw new DotNetException('System.ArgumentException', `Accessed JObject values with invalid key value: ${toDisplayString(key)}. Object property name expected.`);
    return t.get(key) ?? null;
  }
  if (t instanceof JArray) {
    const i = Number(numericValue(key));
    if (typeof key === 'string' || Number.isNaN(i)) throw new DotNetException('System.ArgumentException', `Accessed JArray values with invalid key value: "${toDisplayString(key)}". Int32 array index expected.`);
    if (i < 0 || i >= t.items.length) throw new DotNetException('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')");
    return t.items[i] ?? null;
  }
  if (t instanceof JProperty) return tokenIndex(t.value, key);
  throw new DotNetException('System.InvalidOperationException', `Cannot access child value on ${runtimeTypeName(t)}.`);
}

/** JSONPath subset used by SelectToken: $.a.b, a.b[0], ['name'], [*] (first match). */
export function selectTokens(t: JToken, path: string): JToken[] {
  let current: JToken[] = [t];
  const re = /\$|\.\.?([A-Za-z_$][\w$-]*|\*)|\[\s*(?:'([^']*)'|"([^"]*)"|(-?\d+)|\*)\s*\]|^([A-Za-z_$][\w$-]*)/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(path)) !== null) {
    if (m.index !== last) throw new DotNetException('Newtonsoft.Json.JsonException', `Unexpected character while parsing path: ${path[last]}`);
    last = re.lastIndex;
    if (m[0] === '$') continue;
    const name = m[1] ?? m[2] ?? m[3] ?? m[5];
    const recursive = m[0].startsWith('..');
    const next: JToken[] = [];
    for (const c of current) {
      const scope = recursive ? descendants(c) : [c];
      for (const s of scope) {
        if (name === '*' || (m[0].includes('*') && name === undefined)) next.push(...(s instanceof JObject ? s.props.map((p) => p.value) : s instanceof JArray ? s.items : []));
        else if (name !== undefined) {
          if (s instanceof JObject) {
            const v = s.get(name);
            if (v) next.push(v);
          }
        } else if (m[4] !== undefined && s instanceof JArray) {
          const i = Number(m[4]);
          const v = s.items[i < 0 ? s.items.length + i : i];
          if (v) next.push(v);
        }
      }
    }
    current = next;
  }
  if (last !== path.length) throw new DotNetException('Newtonsoft.Json.JsonException', `Unexpected character while parsing path: ${path[last]}`);
  return current;
}

function descendants(t: JToken): JToken[] {
  const out: JToken[] = [t];
  if (t instanceof JObject) for (const p of t.props) out.push(...descendants(p.value));
  if (t instanceof JArray) for (const x of t.items) out.push(...descendants(x));
  return out;
}

function path(t: JToken): string {
  const parts: string[] = [];
  let cur: JToken | undefined = t;
  while (cur?.parent) {
    const p: JContainer = cur.parent;
    if (p instanceof JProperty) {
      parts.unshift(/^[A-Za-z_]\w*$/.test(p.name) ? p.name : `['${p.name}']`);
      cur = p.parent;
      continue;
    }
    if (p instanceof JArray) parts.unshift(`[${p.items.indexOf(cur)}]`);
    cur = p;
  }
  return parts.join('.').replace(/\.\[/g, '[');
}

function valueOf(t: JToken, key: unknown, info: CallInfo): unknown {
  return convertToken(tokenIndex(t, key), info.typeArgs[0]);
}

function tokenMembers(): ReturnType<typeof method>[] {
  return [
    prop('JTokenType Type', 'Object, Array, String, Integer, Float, Boolean, Null, Date, ...', (self: JToken) => enumValue('Newtonsoft.Json.Linq.JTokenType', self.tokenType)) as never,
    prop('JContainer Parent', 'The containing token, or null.', (self: JToken) => self.parent ?? null) as never,
    prop('JToken Root', 'The top token.', (self: JToken) => {
      let r = self;
      while (r.parent) r = r.parent;
      return r;
    }) as never,
    prop('string Path', 'The JSONPath of this token.', (self: JToken) => path(self)) as never,
    prop('bool HasValues', 'Whether the token has children.', (self: JToken) => self instanceof JContainer && self.children().length > 0) as never,
    prop('JToken First', 'The first child, or null.', (self: JToken) => (self instanceof JContainer ? (self.children()[0] ?? null) : null)) as never,
    prop('JToken Last', 'The last child, or null.', (self: JToken) => (self instanceof JContainer ? (self.children().at(-1) ?? null) : null)) as never,
    prop('JToken Next', 'The next sibling, or null.', (self: JToken) => sibling(self, 1)) as never,
    prop('JToken Previous', 'The previous sibling, or null.', (self: JToken) => sibling(self, -1)) as never,
    indexer('JToken this[object key]', 'A child by property name (JObject) or index (JArray); null when a property is missing.', (self: JToken, [k]) => tokenIndex(self, k), (self: JToken, [k], v) => {
      if (self instanceof JObject) self.set(String(k), toToken(v));
      else if (self instanceof JArray) {
        const i = Number(numericValue(k));
        const t = toToken(v);
        t.parent = self;
        self.items[i] = t;
      } else if (self instanceof JProperty && self.value instanceof JContainer) {
        (self.value as JObject).set(String(k), toToken(v));
      } else throw new DotNetException('System.InvalidOperationException', `Cannot set child value on ${runtimeTypeName(self)}.`);
    }) as never,
    method('T Value<T>(object key)', 'A child converted to T: token.Value<string>("name").', (self: JToken, [k], info) => valueOf(self, k, info)),
    method('T Value<T>()', 'This token converted to T: token["price"].Value<decimal>().', (self: JToken, _a, info) => convertToken(self, info.typeArgs[0])),
    method('IEnumerable<T> Values<T>()', 'The children converted to T.', (self: JToken, _a, info) => new CsList((self instanceof JContainer ? self.children() : []).map((c) => convertToken(c instanceof JProperty ? c.value : c, info.typeArgs[0])))),
    method('T ToObject<T>()', 'The token converted to a .NET type (string, int, Dictionary<string, object>, ...).', (self: JToken, _a, info) => toObject(self, info.typeArgs[0])),
    method('JToken SelectToken(string path)', 'The token at a JSONPath ($.a.b[0]), or null.', (self: JToken, [p]) => selectTokens(self, p)[0] ?? null),
    method('JToken SelectToken(string path, bool errorWhenNoMatch)', 'The token at a JSONPath; JsonException when none and asked.', (self: JToken, [p, strict]) => {
      const r = selectTokens(self, p)[0];
      if (!r && strict) throw new DotNetException('Newtonsoft.Json.JsonException', `Path returned no tokens: ${p as string}`);
      return r ?? null;
    }),
    method('IEnumerable<JToken> SelectTokens(string path)', 'Every token at a JSONPath.', (self: JToken, [p]) => new CsList(selectTokens(self, p))),
    method('JEnumerable<JToken> Children()', 'The direct children.', (self: JToken) => new CsList(self instanceof JContainer ? [...self.children()] : [])),
    method('JToken DeepClone()', 'A deep copy.', (self: JToken) => self.clone()),
    method('void Remove()', 'Removes this token from its parent.', (self: JToken) => removeFromParent(self)),
    method('void Replace(JToken value)', 'Replaces this token in its parent.', (self: JToken, [v]) => replaceInParent(self, toToken(v))),
    method('string ToString()', 'Indented JSON text (for a JValue: its value’s text).', (self: JToken) => (self instanceof JValue ? jvalueText(self) : writeJson(self, true))),
    method('string ToString(Formatting formatting)', 'JSON text, indented or not: ToString(Formatting.None).', (self: JToken, [f]: [EnumValue]) => (self instanceof JValue ? writeValue(self) : writeJson(self, f?.name === 'Indented'))),
    method('static JToken Parse(string json)', 'Parses JSON text; JsonReaderException when it is not JSON.', (_s, [j]) => parseJson(j)),
    method('static JToken FromObject(object o)', 'A token for a .NET value.', (_s, [o]) => toToken(o)),
    method('static bool DeepEquals(JToken t1, JToken t2)', 'Whether two tokens have equal content.', (_s, [a, b]) => writeJson(toToken(a), false) === writeJson(toToken(b), false)),
  ];
}

function jvalueText(v: JValue): string {
  if (v.tokenType === 'Null' || v.tokenType === 'Undefined') return '';
  if (v.tokenType === 'Date') return formatDateTime((v.value as DateTimeValue).ticks, (v.value as DateTimeValue).kind, undefined);
  return toDisplayString(v.value);
}

function sibling(t: JToken, d: number): JToken | null {
  const p = t.parent;
  if (!p) return null;
  if (p instanceof JProperty) {
    const o = p.parent;
    if (!(o instanceof JObject)) return null;
    return o.props[o.props.indexOf(p) + d] ?? null;
  }
  const list = p.children();
  return list[list.indexOf(t) + d] ?? null;
}

function removeFromParent(t: JToken): void {
  const p = t.parent;
  if (!p) throw new DotNetException('System.InvalidOperationException', 'The parent is missing.');
  if (p instanceof JObject && t instanceof JProperty) p.remove(t.name);
  else if (p instanceof JArray) p.items.splice(p.items.indexOf(t), 1);
  else if (p instanceof JProperty) {
    const o = p.parent;
    if (o instanceof JObject) o.remove(p.name);
  }
  t.parent = undefined;
}

function replaceInParent(t: JToken, v: JToken): void {
  const p = t.parent;
  if (!p) throw new DotNetException('System.InvalidOperationException', 'The parent is missing.');
  if (p instanceof JProperty) p.value = v;
  else if (p instanceof JArray) {
    v.parent = p;
    p.items[p.items.indexOf(t)] = v;
  }
}

function toObject(t: JToken, to: TypeDef | undefined): unknown {
  if (!to) return t;
  if (to.fullName === 'System.Collections.Generic.Dictionary`2' && t instanceof JObject) {
    const d = new CsDictionary();
    for (const p of t.props) d.set(p.name, convertToken(p.value, to.typeArgs?.[1]));
    return d;
  }
  if ((to.fullName === 'System.Collections.Generic.List`1' || to.fullName === 'System.Array') && t instanceof JArray) {
    return new CsList(t.items.map((x) => convertToken(x, to.typeArgs?.[0])));
  }
  return convertToken(t, to);
}

function contentTokens(args: unknown[], forObject: boolean): JToken[] {
  const out: JToken[] = [];
  for (const a of args) {
    if (a === null || a === undefined) continue;
    if (forObject && a instanceof JObject) for (const p of a.props) out.push(p.clone());
    else if (a instanceof JToken) out.push(a);
    else if (!forObject && (Array.isArray(a) || a instanceof CsList)) for (const x of iterate(a)) out.push(toToken(x));
    else out.push(toToken(a));
  }
  return out;
}

type({
  fullName: 'Newtonsoft.Json.Linq.JToken',
  doc: 'A JSON value: object, array, property or primitive.',
  interfaces: ['System.Collections.Generic.IEnumerable`1'],
  isInstance: (v) => v instanceof JToken,
  members: tokenMembers(),
});

type({
  fullName: 'Newtonsoft.Json.Linq.JContainer',
  doc: 'A token with children: JObject, JArray, JProperty.',
  base: 'Newtonsoft.Json.Linq.JToken',
  isInstance: (v) => v instanceof JContainer,
  members: [
    prop('int Count', 'The number of children.', (self: JContainer) => self.children().length),
    method('void Add(object content)', 'Adds a child (a property to an object, an element to an array).', (self: JContainer, [c]) => addContent(self, c)),
    method('void RemoveAll()', 'Removes every child.', (self: JContainer) => {
      if (self instanceof JObject) self.props.length = 0;
      if (self instanceof JArray) self.items.length = 0;
    }),
  ],
});

function addContent(self: JContainer, c: unknown): void {
  if (self instanceof JObject) {
    for (const t of contentTokens([c], true)) {
      if (!(t instanceof JProperty)) throw new DotNetException('System.ArgumentException', `Can not add ${runtimeTypeName(t)} to Newtonsoft.Json.Linq.JObject.`);
      self.addProperty(t);
    }
  } else if (self instanceof JArray) self.add(toToken(c));
  else throw new DotNetException('System.InvalidOperationException', `Cannot add content to ${runtimeTypeName(self)}.`);
}

bindClass(
  JObject,
  type({
    fullName: 'Newtonsoft.Json.Linq.JObject',
    doc: 'A JSON object: JObject.Parse(text), obj["name"], obj.Property("name").',
    base: 'Newtonsoft.Json.Linq.JContainer',
    interfaces: ['System.Collections.Generic.IEnumerable`1'],
    isInstance: (v) => v instanceof JObject,
    members: [
      ctor('JObject()', 'An empty object.', () => new JObject()),
      ctor('JObject(params object[] content)', 'An object of properties: new JObject(new JProperty("a", 1)).', ([content]) => {
        const o = new JObject();
        for (const t of contentTokens(content, true)) {
          if (!(t instanceof JProperty)) throw new DotNetException('System.ArgumentException', `Can not add ${runtimeTypeName(t)} to Newtonsoft.Json.Linq.JObject.`);
          o.addProperty(t);
        }
        return o;
      }),
      method('static JObject Parse(string json)', 'Parses a JSON object; JsonReaderException when the text is not one.', (_s, [j]) => {
        const t = parseJson(j);
        if (!(t instanceof JObject)) throw new DotNetException('Newtonsoft.Json.JsonReaderException', `Error reading JObject from JsonReader. Current JsonReader item is not an object: ${t.tokenType}. Path '', line 1, position 1.`);
        return t;
      }),
      method('static JObject FromObject(object o)', 'An object for a .NET value.', (_s, [o]) => toToken(o)),
      indexer('JToken this[string propertyName]', 'A property value, or null.', (self: JObject, [k]) => self.get(k) ?? null, (self: JObject, [k], v) => self.set(k, toToken(v))),
      method('void Add(string propertyName, JToken value)', 'Adds a property; ArgumentException when it exists.', (self: JObject, [n, v]) => self.addProperty(new JProperty(n, toToken(v)))),
      method('bool Remove(string propertyName)', 'Removes a property; false when it was missing.', (self: JObject, [n]) => self.remove(n)),
      method('bool ContainsKey(string propertyName)', 'Whether the property exists.', (self: JObject, [n]) => self.get(n) !== undefined),
      method('bool TryGetValue(string propertyName, out JToken value)', 'A property value and whether it exists.', (self: JObject, [n, out]: [string, RefCell]) => {
        const v = self.get(n);
        out.value = v ?? null;
        return v !== undefined;
      }),
      method('JToken GetValue(string propertyName)', 'A property value, or null.', (self: JObject, [n]) => self.get(n) ?? null),
      method('JToken GetValue(string propertyName, StringComparison comparison)', 'A property value matched with a comparison rule.', (self: JObject, [n, c]: [string, EnumValue]) => {
        const ic = c?.name.endsWith('IgnoreCase');
        return self.props.find((p) => (ic ? p.name.toLowerCase() === n.toLowerCase() : p.name === n))?.value ?? null;
      }),
      method('IEnumerable<JProperty> Properties()', 'The properties, in order.', (self: JObject) => new CsList([...self.props])),
      method('JProperty Property(string name)', 'A property by name, or null.', (self: JObject, [n]) => self.props.find((p) => p.name === n) ?? null),
    ],
  }),
);

bindClass(
  JArray,
  type({
    fullName: 'Newtonsoft.Json.Linq.JArray',
    doc: 'A JSON array: JArray.Parse(text), arr[0], arr.Add(x).',
    base: 'Newtonsoft.Json.Linq.JContainer',
    interfaces: ['System.Collections.Generic.IEnumerable`1'],
    isInstance: (v) => v instanceof JArray,
    members: [
      ctor('JArray()', 'An empty array.', () => new JArray()),
      ctor('JArray(params object[] content)', 'An array of values.', ([content]) => {
        const a = new JArray();
        for (const t of contentTokens(content, false)) a.add(t);
        return a;
      }),
      method('static JArray Parse(string json)', 'Parses a JSON array.', (_s, [j]) => {
        const t = parseJson(j);
        if (!(t instanceof JArray)) throw new DotNetException('Newtonsoft.Json.JsonReaderException', `Error reading JArray from JsonReader. Current JsonReader item is not an array: ${t.tokenType}. Path '', line 1, position 1.`);
        return t;
      }),
      method('static JArray FromObject(object o)', 'An array for a .NET sequence.', (_s, [o]) => toToken(o)),
      indexer('JToken this[int index]', 'The element at a position.', (self: JArray, [i]) => tokenIndex(self, i), (self: JArray, [i], v) => {
        const t = toToken(v);
        t.parent = self;
        self.items[i] = t;
      }),
      method('void Insert(int index, JToken item)', 'Inserts an element.', (self: JArray, [i, v]) => {
        const t = toToken(v);
        t.parent = self;
        self.items.splice(i, 0, t);
      }),
      method('void RemoveAt(int index)', 'Removes the element at a position.', (self: JArray, [i]) => void self.items.splice(i, 1)),
      method('bool Remove(JToken item)', 'Removes an element.', (self: JArray, [v]) => {
        const i = self.items.indexOf(v);
        if (i < 0) return false;
        self.items.splice(i, 1);
        return true;
      }),
      method('void Clear()', 'Removes every element.', (self: JArray) => void (self.items.length = 0)),
      method('int IndexOf(JToken item)', 'The position of an element.', (self: JArray, [v]) => self.items.indexOf(v)),
    ],
  }),
);

bindClass(
  JProperty,
  type({
    fullName: 'Newtonsoft.Json.Linq.JProperty',
    doc: 'A name and value in a JObject.',
    base: 'Newtonsoft.Json.Linq.JContainer',
    isInstance: (v) => v instanceof JProperty,
    members: [
      ctor('JProperty(string name, object content)', 'A property.', ([n, c]) => {
        if (n === null) throw argumentNull('name');
        return new JProperty(n, toToken(c));
      }),
      prop('string Name', 'The property name.', (self: JProperty) => self.name),
      prop('JToken Value', 'The property value.', (self: JProperty) => self.value, (self: JProperty, v) => {
        self.value = toToken(v);
      }),
    ],
  }),
);

bindClass(
  JValue,
  type({
    fullName: 'Newtonsoft.Json.Linq.JValue',
    doc: 'A primitive JSON value: string, number, bool, null or date.',
    base: 'Newtonsoft.Json.Linq.JToken',
    isInstance: (v) => v instanceof JValue,
    members: [
      ctor('JValue(object value)', 'A value.', ([v]) => toToken(v)),
      prop('object Value', 'The .NET value (long for integers, double for floats, DateTime for dates).', (self: JValue) => self.value, (self: JValue, v) => {
        self.value = (toToken(v) as JValue).value;
      }),
      method('static JValue CreateNull()', 'A JSON null.', () => new JValue(null, 'Null')),
      method('static JValue CreateString(string value)', 'A JSON string.', (_s, [v]) => new JValue(v, 'String')),
    ],
  }),
);

type({
  fullName: 'Newtonsoft.Json.JsonConvert',
  doc: 'Serializes .NET values to JSON text and back.',
  allowed: ['SerializeObject', 'DeserializeObject'],
  members: [
    method('static string SerializeObject(object value)', 'Compact JSON text of a value.', (_s, [v]) => (v instanceof JToken ? writeJson(v, false) : writeJson(toToken(v), false))),
    method('static string SerializeObject(object value, Formatting formatting)', 'JSON text, indented or not.', (_s, [v, f]: [unknown, EnumValue]) => writeJson(toToken(v), f?.name === 'Indented')),
    method('static object DeserializeObject(string value)', 'Parses JSON into a JToken.', (_s, [j]) => parseJson(j)),
    method('static T DeserializeObject<T>(string value)', 'Parses JSON into a .NET type (JObject, Dictionary<string, object>, string, int, ...).', (_s, [j], info) => toObject(parseJson(j), info.typeArgs[0])),
  ],
});

export { tokenIndex };
