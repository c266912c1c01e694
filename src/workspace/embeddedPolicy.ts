// A policy kept inside a JSON file (an apiops-cli policy fragment: `properties.value` of
// policyFragmentInformation.json, apiops-cli-layout.md §2) read and written as if it were a file of
// its own: the editor opens the XML, and saving puts it back into the JSON with every other
// property, their order and the file's indentation kept.

import * as path from 'node:path';

/** The information file that holds a fragment's XML in the apiops-cli layout. */
export const EMBEDDED_POLICY_FILE = 'policyFragmentInformation.json';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `properties.value` of the JSON text, or an error that says what is wrong with the file. */
export function embeddedPolicyOf(jsonText: string, file: string): string {
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const value = isObject(json) && isObject(json['properties']) ? json['properties']['value'] : undefined;
  if (typeof value !== 'string') throw new Error(`${file} has no policy in properties.value.`);
  return value;
}

/**
 * The JSON text with `properties.value` replaced by `policy`; the other properties keep their
 * order, and the file keeps its indentation (two spaces, a tab or four, as its first indented line
 * has it) and whether it ends with a newline.
 */
export function withEmbeddedPolicy(jsonText: string, policy: string, file: string): string {
  embeddedPolicyOf(jsonText, file);
  const json = JSON.parse(jsonText) as { properties: Json };
  json.properties['value'] = policy;
  const indent = /\n([ \t]+)\S/.exec(jsonText)?.[1] ?? '  ';
  const eol = jsonText.includes('\r\n') ? '\r\n' : '\n';
  const body = JSON.stringify(json, null, indent).replace(/\n/g, eol);
  return /\r?\n$/.test(jsonText) ? body + eol : body;
}

/**
 * How a policy kept in a JSON file is named where a policy file's path goes (a trace entry's file,
 * a debugger source, a link): `apim-embedded:` and the JSON file's path. Offsets into it are
 * offsets into the policy (properties.value), as they are for a file.
 */
export const EMBEDDED_REF = 'apim-embedded:';

export function embeddedPolicyRef(jsonPath: string): string {
  return `${EMBEDDED_REF}${jsonPath}`;
}

/** The JSON file an embedded-policy reference names; undefined for a plain file path. */
export function embeddedJsonPath(ref: string): string | undefined {
  return ref.startsWith(EMBEDDED_REF) ? ref.slice(EMBEDDED_REF.length) : undefined;
}

/** A policy file or embedded-policy reference as shown: relative to `base` (when inside it), `/` separated. */
export function policyRefLabel(ref: string, base: string | undefined): string {
  const json = embeddedJsonPath(ref);
  const file = json ?? ref;
  const rel = base && !path.relative(base, file).startsWith('..') && !path.isAbsolute(path.relative(base, file)) ? path.relative(base, file) : file;
  return `${rel.split(path.sep).join('/')}${json !== undefined ? ' (properties.value)' : ''}`;
}
