// The body conversions of json-to-xml and xml-to-json. The gateway runs on .NET and the shapes
// below follow Newtonsoft.Json's XmlNodeConverter (JsonConvert.SerializeXmlNode /
// DeserializeXmlNode), which is what the documented examples look like: attributes as `@name`,
// mixed text as `#text`, repeated elements as arrays, an empty element as null.
//
// Unverified against a live gateway (apim-policies.md gives no conversion examples), each in one
// place below so it is easy to change:
//   - JSON_ROOT: a JSON object with one object-valued property becomes that root element;
//     anything else is wrapped in <Document> (Newtonsoft's usual deserializeRootElementName).
//   - JAVASCRIPT_FRIENDLY: `javascript-friendly` drops the XML declaration and the `@` in
//     attribute names; `direct` keeps both, as SerializeXmlNode does.
//   - Output XML is compact (no declaration, no indentation).

import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The root element a JSON document without a single object-valued property is wrapped in [U]. */
export const JSON_ROOT = 'Document';

/** How `javascript-friendly` differs from `direct` [U]. */
export const JAVASCRIPT_FRIENDLY = { declaration: false, attributePrefix: '' } as const;
const DIRECT = { declaration: true, attributePrefix: '@' } as const;

export interface JsonToXmlOptions {
  /** The character that stands for `:` in property names (`soap_Envelope`); default `_`. */
  readonly namespaceSeparator?: string;
  /** The prefix of namespace declarations (`xmlns`), if any. */
  readonly namespacePrefix?: string;
  /** A property whose object value holds the element's attributes (`#attrs`). */
  readonly attributeBlockName?: string;
}

export class ConversionError extends Error {}

/** JSON text → XML text; throws ConversionError when the text is not JSON. */
export function jsonToXml(json: string, options: JsonToXmlOptions = {}): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new ConversionError(`The body is not valid JSON: ${(e as Error).message}`);
  }
  const sep = options.namespaceSeparator || '_';
  const name = (n: string): string => encodeXmlName(sep === ':' ? n : n.split(sep).join(':'));
  const out: string[] = [];
  const element = (tag: string, v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) element(tag, item);
      return;
    }
    const n = name(tag);
    if (v === null || v === undefined) {
      out.push(`<${n} />`);
      return;
    }
    if (typeof v !== 'object') {
      out.push(`<${n}>${escapeText(scalar(v))}</${n}>`);
      return;
    }
    const attrs: string[] = [];
    const children: [string, unknown][] = [];
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (options.attributeBlockName && k === options.attributeBlockName && child && typeof child === 'object' && !Array.isArray(child)) {
        for (const [ak, av] of Object.entries(child as Record<string, unknown>)) attrs.push(` ${name(ak)}="${escapeAttr(scalar(av))}"`);
      } else if (k.startsWith('@')) {
        attrs.push(` ${name(k.slice(1))}="${escapeAttr(scalar(child))}"`);
      } else if (options.namespacePrefix && (k === options.namespacePrefix || k.startsWith(options.namespacePrefix + sep) || k.startsWith(options.namespacePrefix + ':')) && typeof child !== 'object') {
        attrs.push(` ${name(k)}="${escapeAttr(scalar(child))}"`);
      } else if (k === '#text') {
        children.push(['#text', child]);
      } else {
        children.push([k, child]);
      }
    }
    if (children.length === 0) {
      out.push(`<${n}${attrs.join('')} />`);
      return;
    }
    out.push(`<${n}${attrs.join('')}>`);
    for (const [k, child] of children) {
      if (k === '#text') out.push(escapeText(scalar(child)));
      else element(k, child);
    }
    out.push(`</${n}>`);
  };
  const entries = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [];
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only && only[1] !== null && typeof only[1] === 'object' && !Array.isArray(only[1])) element(only[0], only[1]);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) element(JSON_ROOT, value);
  else element(JSON_ROOT, Array.isArray(value) ? { item: value } : { '#text': value });
  return out.join('');
}

export interface XmlToJsonOptions {
  readonly kind: 'direct' | 'javascript-friendly';
  /** Every child element becomes an array, even a single one. */
  readonly alwaysArrayChildren?: boolean;
}

/** XML text → JSON text; throws ConversionError when the text is not well-formed XML. */
export function xmlToJson(xml: string, options: XmlToJsonOptions): string {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ConversionError(`The body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  const shape = options.kind === 'direct' ? DIRECT : JAVASCRIPT_FRIENDLY;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    attributesGroupName: false,
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: !shape.declaration,
    ignorePiTags: !shape.declaration,
    processEntities: true,
    isArray: (_name, jpath, _isLeaf, isAttribute) => Boolean(options.alwaysArrayChildren) && !isAttribute && String(jpath).includes('.'),
  });
  const parsed = parser.parse(xml) as unknown;
  return JSON.stringify(reshape(parsed, shape.attributePrefix));
}

/**
 * As Newtonsoft writes it: attributes first (with the kind's prefix), then children; an empty
 * element is null (fast-xml-parser gives '').
 */
function reshape(v: unknown, prefix: string): unknown {
  if (v === '') return null;
  if (Array.isArray(v)) return v.map((x) => reshape(x, prefix));
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    const o: Record<string, unknown> = {};
    for (const [k, x] of entries) if (k.startsWith('@')) o[prefix + k.slice(1)] = x;
    for (const [k, x] of entries) if (!k.startsWith('@')) o[k] = k === '#text' ? x : reshape(x, prefix);
    return o;
  }
  return v;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** XmlConvert.EncodeName: characters not allowed in an XML name become `_xHHHH_`. */
export function encodeXmlName(name: string): string {
  if (name === '') return '_';
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charAt(i);
    const ok = i === 0 ? /[A-Za-z_:\u00C0-\uFFEF]/.test(c) : /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFEF]/.test(c);
    out += ok ? c : `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  }
  return out;
}
