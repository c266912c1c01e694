// An API's OpenAPI definition (3.x, or Swagger 2.0) as the validation policies read it: the
// operation's parameters, request body and responses with their schemas, and JSON Schema
// validation through Ajv. OpenAPI 3.0 schemas are turned into JSON Schema first (`nullable`,
// boolean `exclusiveMinimum`/`exclusiveMaximum`); `$ref`s resolve inside the whole document.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type Schema = Record<string, unknown> | boolean;

export interface SpecParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** A JSON pointer into the document, for validation. */
  readonly pointer: string | undefined;
  readonly schema: Schema | undefined;
}

export interface SpecContent {
  /** Media type → pointer of its schema (undefined when the media type has no schema). */
  readonly [mediaType: string]: string | undefined;
}

export interface SpecResponse {
  /** Where the response object is written (after a `$ref`). */
  readonly pointer: string;
  readonly headers: ReadonlyMap<string, { readonly pointer: string | undefined; readonly schema: Schema | undefined }>;
  readonly content: SpecContent;
}

export interface SpecOperation {
  readonly operationId: string | undefined;
  readonly parameters: readonly SpecParameter[];
  readonly requestBody: SpecContent | undefined;
  /** By status code as written: `200`, `4XX`, `default`. */
  readonly responses: ReadonlyMap<string, SpecResponse>;
}

/** The response a status code falls under: its own, its range (`4XX`), or `default`. */
export function responseFor(op: SpecOperation, status: string): SpecResponse | undefined {
  return op.responses.get(status) ?? op.responses.get(`${status[0]}XX`) ?? op.responses.get('default');
}

export interface SchemaError {
  /** `/lines/0/qty must be >= 1`. */
  readonly message: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const BASE = 'https://apim-workbench.invalid/api.json';

const pointerPart = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class ApiSpecification {
  private readonly doc: Record<string, unknown>;
  private ajvInstance: Ajv | undefined;
  private coercingInstance: Ajv | undefined;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: unknown) {
    if (!document || typeof document !== 'object' || Array.isArray(document)) throw new Error('An API definition is a JSON or YAML mapping.');
    this.doc = toJsonSchema(structuredClone(document)) as Record<string, unknown>;
  }

  // The validators are made on the first validation, not with the specification: a gateway built
  // from a large estate reads thousands of specifications and validates against a few.
  private static readonly AJV_OPTIONS = { strict: false, allErrors: true, validateSchema: false, logger: false } as const;

  private get ajv(): Ajv {
    if (!this.ajvInstance) {
      this.ajvInstance = addOpenApiFormats(new Ajv(ApiSpecification.AJV_OPTIONS));
      this.ajvInstance.addSchema({ ...this.doc, $id: BASE });
    }
    return this.ajvInstance;
  }

  /** Parameters arrive as text: "42" is an integer, "a,b" an array. */
  private get coercing(): Ajv {
    if (!this.coercingInstance) {
      this.coercingInstance = addOpenApiFormats(new Ajv({ ...ApiSpecification.AJV_OPTIONS, coerceTypes: 'array' }));
      this.coercingInstance.addSchema({ ...this.doc, $id: BASE });
    }
    return this.coercingInstance;
  }

  static parse(text: string): ApiSpecification {
    return new ApiSpecification(parse(text, { logLevel: 'error' }));
  }

  get isSwagger2(): boolean {
    return typeof this.doc['swagger'] === 'string';
  }

  /** The definition's operation for a gateway operation (one that takes every method reads as GET). */
  operationFor(operation: { readonly method: string; readonly urlTemplate: string; readonly id: string }): SpecOperation | undefined {
    return this.operation(operation.method === '*' ? 'get' : operation.method, operation.urlTemplate, operation.id);
  }

  /** The operation with this method and URL template (parameter names ignored), or this operationId. */
  operation(method: string, urlTemplate: string, operationId?: string): SpecOperation | undefined {
    const paths = (this.doc['paths'] ?? {}) as Record<string, Record<string, unknown>>;
    const shape = (t: string): string => t.split('?')[0]!.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '').toLowerCase() || '/';
    let found: [string, string] | undefined;
    for (const [path, item] of Object.entries(paths)) {
      for (const m of METHODS) {
        if (!item || typeof item[m] !== 'object') continue;
        if (m === method.toLowerCase() && shape(path) === shape(urlTemplate)) found = [path, m];
        else if (!found && operationId && (item[m] as Record<string, unknown>)['operationId'] === operationId) found = [path, m];
      }
    }
    return found ? this.read(found[0], found[1]) : undefined;
  }

  private read(path: string, method: string): SpecOperation {
    const item = (this.doc['paths'] as Record<string, Record<string, unknown>>)[path]!;
    const op = item[method] as Record<string, unknown>;
    const opPointer = `/paths/${pointerPart(path)}/${method}`;
    const params = new Map<string, SpecParameter>();
    let swaggerBody: string | undefined;
    const addParams = (list: unknown, pointer: string): void => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, i) => {
        let p = raw as Record<string, unknown>;
        let at = `${pointer}/${i}`;
        if (typeof p['$ref'] === 'string') {
          at = p['$ref'].replace(/^#/, '');
          p = (this.resolve(at) ?? {}) as Record<string, unknown>;
        }
        const where = String(p['in']);
        if (where === 'body') {
          swaggerBody = `${at}/schema`;
          return;
        }
        if (where === 'formData') return;
        // Swagger 2 puts type/format on the parameter itself.
        const schemaPointer = p['schema'] !== undefined ? `${at}/schema` : this.isSwagger2 ? at : undefined;
        const schema = schemaPointer ? (this.resolve(schemaPointer) as Schema | undefined) : undefined;
        params.set(`${where}:${String(p['name']).toLowerCase()}`, { name: String(p['name']), in: where as SpecParameter['in'], required: p['required'] === true || where === 'path', pointer: schemaPointer, schema });
      });
    };
    addParams(item['parameters'], `/paths/${pointerPart(path)}/parameters`);
    addParams(op['parameters'], `${opPointer}/parameters`);

    let requestBody: SpecContent | undefined;
    if (this.isSwagger2) {
      if (swaggerBody) requestBody = Object.fromEntries(this.mediaTypes(op['consumes'] ?? this.doc['consumes']).map((t) => [t, swaggerBody]));
    } else if (op['requestBody'] && typeof op['requestBody'] === 'object') {
      let rb = op['requestBody'] as Record<string, unknown>;
      let at = `${opPointer}/requestBody`;
      if (typeof rb['$ref'] === 'string') {
        at = rb['$ref'].replace(/^#/, '');
        rb = (this.resolve(at) ?? {}) as Record<string, unknown>;
      }
      requestBody = this.content(rb['content'], `${at}/content`);
    }

    const responses = new Map<string, SpecResponse>();
    for (const [code, raw] of Object.entries((op['responses'] ?? {}) as Record<string, unknown>)) {
      let r = raw as Record<string, unknown>;
      let at = `${opPointer}/responses/${pointerPart(code)}`;
      if (typeof r?.['$ref'] === 'string') {
        at = r['$ref'].replace(/^#/, '');
        r = (this.resolve(at) ?? {}) as Record<string, unknown>;
      }
      const headers = new Map<string, { pointer: string | undefined; schema: Schema | undefined }>();
      for (const [name, h] of Object.entries((r?.['headers'] ?? {}) as Record<string, Record<string, unknown>>)) {
        const pointer = this.isSwagger2 ? `${at}/headers/${pointerPart(name)}` : h?.['schema'] !== undefined ? `${at}/headers/${pointerPart(name)}/schema` : undefined;
        headers.set(name.toLowerCase(), { pointer, schema: pointer ? (this.resolve(pointer) as Schema) : undefined });
      }
      const content = this.isSwagger2
        ? Object.fromEntries(this.mediaTypes(op['produces'] ?? this.doc['produces']).map((t) => [t, r?.['schema'] !== undefined ? `${at}/schema` : undefined]))
        : this.content(r?.['content'], `${at}/content`);
      responses.set(code, { pointer: at, headers, content });
    }
    return { operationId: typeof op['operationId'] === 'string' ? op['operationId'] : undefined, parameters: [...params.values()], requestBody, responses };
  }

  private content(content: unknown, pointer: string): SpecContent {
    const out: Record<string, string | undefined> = {};
    for (const [type, media] of Object.entries((content ?? {}) as Record<string, Record<string, unknown>>)) out[type.toLowerCase()] = media && media['schema'] !== undefined ? `${pointer}/${pointerPart(type)}/schema` : undefined;
    return out;
  }

  private mediaTypes(v: unknown): string[] {
    return Array.isArray(v) && v.length ? v.map((x) => String(x).toLowerCase()) : ['application/json'];
  }

  /** The value at a JSON pointer of the document. */
  resolve(pointer: string): unknown {
    let v: unknown = this.doc;
    for (const part of pointer.split('/').slice(1)) {
      if (!v || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return v;
  }

  /**
   * The body mock-response returns (§6.15): the example of the response for `status` in
   * `contentType` (the first content type when omitted) — `example`, the `index`-th of `examples`
   * (the first without `index`), the schema's `example` — else a sample generated from the schema;
   * undefined when the response has no content, or is not in the definition.
   */
  responseExample(op: SpecOperation, status: string, contentType: string | undefined, index: number | undefined): { contentType: string; body: string; from: 'example' | 'schema' | 'none' } | undefined {
    const response = op.responses.get(status);
    if (!response) return undefined;
    const types = Object.keys(response.content);
    const type = contentType ? types.find((t) => t === contentType.toLowerCase()) : types[0];
    if (!type) return undefined;
    const serialize = (v: unknown): string => (typeof v === 'string' && !type.includes('json') ? v : JSON.stringify(v));
    const schemaPointer = response.content[type];
    if (this.isSwagger2) {
      const examples = this.resolve(`${response.pointer}/examples`) as Record<string, unknown> | undefined;
      if (examples && type in examples) return { contentType: type, body: serialize(examples[type]), from: 'example' };
    } else {
      const media = (this.resolve(`${response.pointer}/content/${pointerPart(type)}`) ?? {}) as Record<string, unknown>;
      if (media['example'] !== undefined) return { contentType: type, body: serialize(media['example']), from: 'example' };
      const named = media['examples'] as Record<string, unknown> | undefined;
      if (named && typeof named === 'object') {
        const list = Object.values(named).map((e) => {
          const ex = e as Record<string, unknown>;
          return typeof ex?.['$ref'] === 'string' ? (this.resolve(ex['$ref'].slice(1)) as Record<string, unknown>) : ex;
        });
        const chosen = list[index ?? 0];
        if (chosen && chosen['value'] !== undefined) return { contentType: type, body: serialize(chosen['value']), from: 'example' };
      }
    }
    if (!schemaPointer) return { contentType: type, body: '', from: 'none' };
    return { contentType: type, body: serialize(this.sample(this.resolve(schemaPointer), new Set())), from: 'schema' };
  }

  /**
   * A sample value from a schema: its `example`, `default` or first `enum` value, else by type
   * (objects with every property, arrays with one item, "string", 0, true, formats as ISO
   * values) [U: the gateway's generator is not documented]. Recursive `$ref`s stop at null.
   */
  sample(schema: unknown, seen: Set<string>): unknown {
    if (!schema || typeof schema !== 'object') return null;
    let s = schema as Record<string, unknown>;
    if (typeof s['$ref'] === 'string') {
      const ref = s['$ref'];
      if (seen.has(ref)) return null;
      seen = new Set([...seen, ref]);
      s = (this.resolve(ref.replace(/^#/, '')) ?? {}) as Record<string, unknown>;
    }
    if (s['example'] !== undefined) return s['example'];
    if (Array.isArray(s['examples']) && s['examples'].length) return s['examples'][0];
    if (s['default'] !== undefined) return s['default'];
    if (Array.isArray(s['enum']) && s['enum'].length) return s['enum'][0];
    for (const key of ['allOf', 'oneOf', 'anyOf']) {
      const list = s[key];
      if (Array.isArray(list) && list.length) {
        if (key !== 'allOf') return this.sample(list[0], seen);
        return Object.assign({}, ...list.map((x) => this.sample(x, seen)).filter((x) => x && typeof x === 'object'));
      }
    }
    const type = Array.isArray(s['type']) ? (s['type'] as unknown[]).find((t) => t !== 'null') : s['type'];
    if (type === 'object' || (type === undefined && s['properties'])) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((s['properties'] ?? {}) as Record<string, unknown>)) out[k] = this.sample(v, seen);
      return out;
    }
    if (type === 'array') return [this.sample(s['items'], seen)];
    if (type === 'integer' || type === 'number') return typeof s['minimum'] === 'number' ? s['minimum'] : 0;
    if (type === 'boolean') return true;
    if (type === 'string') {
      switch (s['format']) {
        case 'date-time':
          return '2026-01-01T00:00:00Z';
        case 'date':
          return '2026-01-01';
        case 'uuid':
          return '00000000-0000-0000-0000-000000000000';
        case 'email':
          return 'user@example.com';
        case 'uri':
          return 'https://example.com';
        default:
          return 'string';
      }
    }
    return null;
  }

  /** The definition name the gateway reports: the `$ref`'d schema's name, else where it is written. */
  definitionName(pointer: string | undefined): string {
    const s = pointer ? this.resolve(pointer) : undefined;
    const ref = s && typeof s === 'object' ? (s as Record<string, unknown>)['$ref'] : undefined;
    if (typeof ref === 'string') return ref.split('/').pop() ?? ref;
    return pointer ?? '(none)';
  }

  /** Validates a value against the schema at `pointer`; parameters are coerced from text. */
  validate(pointer: string, value: unknown, options: { coerce?: boolean; allowAdditionalProperties?: boolean } = {}): SchemaError[] {
    const key = `${options.coerce ? 'c' : 'v'}${options.allowAdditionalProperties ?? ''}${pointer}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      if (options.coerce) {
        // Coercion replaces values in their parent: parameters are validated through a holder.
        fn = this.coercing.compile({ type: 'object', properties: { value: { $ref: `${BASE}#${pointer}` } } });
      } else if (options.allowAdditionalProperties === undefined) {
        fn = this.ajv.compile({ $ref: `${BASE}#${pointer}` });
      } else {
        // allow-additional-properties overrides every object schema the body schema reaches.
        const schema = overrideAdditionalProperties(structuredClone(this.inlineRefs(this.resolve(pointer), new Set())), options.allowAdditionalProperties);
        fn = this.ajv.compile(typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>) : schema === false ? { not: {} } : {});
      }
      this.compiled.set(key, fn);
    }
    if (fn(options.coerce ? { value } : value)) return [];
    return (fn.errors ?? []).map((e) => ({ message: describe(e, options.coerce ? '/value' : '') }));
  }

  /** The schema with local `$ref`s replaced by their targets (cycles left as `{}`). */
  private inlineRefs(s: unknown, seen: Set<string>): unknown {
    if (Array.isArray(s)) return s.map((x) => this.inlineRefs(x, seen));
    if (!s || typeof s !== 'object') return s;
    const o = s as Record<string, unknown>;
    if (typeof o['$ref'] === 'string' && o['$ref'].startsWith('#')) {
      if (seen.has(o['$ref'])) return {};
      return this.inlineRefs(this.resolve(o['$ref'].slice(1)), new Set([...seen, o['$ref']]));
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, this.inlineRefs(v, seen)]));
  }
}

function describe(e: ErrorObject, prefix: string): string {
  const path = e.instancePath.startsWith(prefix) ? e.instancePath.slice(prefix.length) : e.instancePath;
  const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : e.keyword === 'enum' ? `: ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}` : '';
  return `${path || '(root)'} ${e.message ?? e.keyword}${extra}`;
}

function overrideAdditionalProperties(s: unknown, allow: boolean): unknown {
  if (Array.isArray(s)) return s.map((x) => overrideAdditionalProperties(x, allow));
  if (!s || typeof s !== 'object') return s;
  const o = Object.fromEntries(Object.entries(s as Record<string, unknown>).map(([k, v]) => [k, overrideAdditionalProperties(v, allow)]));
  if (o['type'] === 'object' || o['properties'] !== undefined) o['additionalProperties'] = allow;
  return o;
}

/** OpenAPI 3.0 schema keywords as JSON Schema: `nullable`, boolean exclusive bounds. */
function toJsonSchema(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toJsonSchema);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) o[k] = toJsonSchema(o[k]);
  if (o['nullable'] === true && typeof o['type'] === 'string') o['type'] = [o['type'], 'null'];
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof o[flag] === 'boolean') {
      if (o[flag] === true && typeof o[bound] === 'number') {
        o[flag] = o[bound];
        delete o[bound];
      } else delete o[flag];
    }
  }
  return o;
}

/** JSON Schema formats plus OpenAPI's own (int32, int64, float, double, byte, binary, password). */
function addOpenApiFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  return ajv;
}
