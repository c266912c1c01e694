// The shape of a policy test file, checked against schemas/apimtest.schema.json before anything
// runs: a misspelled key (`stauts`, `expcet`, `reqest`) would otherwise assert nothing and pass.
// Each problem comes back with its line and, for an unknown key, the closest known one. The same
// schema is what the manifest gives YAML editors for completion (yamlValidation).

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import schema from '../../schemas/apimtest.schema.json';
import { didYouMean } from '../common/suggest';

export interface SchemaProblem {
  readonly line: number;
  readonly message: string;
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);
  return validator;
}

/** Problems of a parsed test file against the schema, sorted by line; [] when it conforms. */
export function scenarioSchemaProblems(data: unknown, doc: Document, lines: LineCounter): SchemaProblem[] {
  const check = validate();
  if (check(data)) return [];
  const errors = check.errors ?? [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  // A misspelled required key is reported once, as the unknown key with its suggestion.
  const suggested = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => `${e.instancePath}|${suggestionFor(e) ?? ''}`));
  for (const e of errors) {
    const path = pathOf(e.instancePath);
    let message: string | undefined;
    let line = yamlLineOf(doc, lines, path);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const hint = didYouMean(key, knownKeys(e));
        message = `Unknown key '${key}' in ${where(path)}.${hint.text}`;
        line = keyLine(doc, lines, path, key) ?? line;
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        if (suggested.has(`${e.instancePath}|${missing}`)) continue;
        message = `${capitalise(where(path))} needs \`${missing}\`.`;
        break;
      }
      case 'type':
        message = `${subject(path)} must be ${typeWords(String((e.params as { type: string | string[] }).type))}, not ${describeValue(e.data)}.`;
        break;
      case 'enum':
        message = `${subject(path)} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => String(v)).join(', ')}, not ${describeValue(e.data)}.${didYouMean(String(e.data), ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String)).text}`;
        break;
      case 'minItems':
        message = `${subject(path)} must list at least one item.`;
        break;
      case 'minProperties':
      case 'maxProperties':
        message = `${subject(path)} is text, or one of { matches: regex }, { contains: text }, { json: value }.`;
        break;
      default:
        message = `${subject(path)} ${e.message ?? 'is not valid'}.`;
    }
    const key = `${line}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ line, message });
  }
  return problems.sort((a, b) => a.line - b.line);
}

function suggestionFor(e: ErrorObject): string | undefined {
  const key = String((e.params as { additionalProperty: string }).additionalProperty);
  return didYouMean(key, knownKeys(e)).data?.suggestion;
}

function knownKeys(e: ErrorObject): string[] {
  const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parent?.properties ?? {});
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** "step 2's expect.calls[0]", "the test file", … */
function where(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the test file';
  let rest = path;
  let owner = '';
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    owner = `step ${path[1] + 1}`;
    rest = path.slice(2);
  }
  const dotted = rest.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  if (!owner) return `\`${dotted}\``;
  return dotted ? `\`${dotted}\` of ${owner}` : owner;
}

function subject(path: readonly (string | number)[]): string {
  return capitalise(where(path));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function typeWords(type: string): string {
  const words: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'null' };
  return type.split(',').map((t) => words[t] ?? t).join(' or ');
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

/** The line of the value at `path` in a YAML document, or of the nearest enclosing one that exists. */
export function yamlLineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/** The line of the key `key` in the mapping at `path`. */
function keyLine(doc: Document, lines: LineCounter, path: readonly (string | number)[], key: string): number | undefined {
  const map = (path.length ? doc.getIn(path, true) : doc.contents) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
  const pair = map?.items?.find((p) => p.key?.value === key);
  return pair?.key?.range ? lines.linePos(pair.key.range[0]).line : undefined;
}
