// Liquid in set-body, as APIM runs it (apim-policies.md §3.7): "C# mode" PascalCase filters,
// .NET date formats, `body` bound to the message body (JSON, or XML as nested objects), and a
// `context` object with the request and response. Rendered with liquidjs.

import { XMLParser } from 'fast-xml-parser';
import { Liquid } from 'liquidjs';
import { DateTimeValue, formatDateTime } from '../expressions/builtins/datetime';

const engine = new Liquid({ strictFilters: true, ownPropertyOnly: true });

// The documented filters, by their C#-mode names, mapped onto liquidjs's own implementations.
const SAME: Readonly<Record<string, string>> = {
  Abs: 'abs', Append: 'append', AtLeast: 'at_least', AtMost: 'at_most', Capitalize: 'capitalize', Compact: 'compact', Default: 'default',
  DividedBy: 'divided_by', Downcase: 'downcase', Escape: 'escape', First: 'first', Join: 'join', Last: 'last', Lstrip: 'lstrip', Map: 'map',
  Minus: 'minus', Modulo: 'modulo', NewlineToBr: 'newline_to_br', Plus: 'plus', Prepend: 'prepend', Remove: 'remove', RemoveFirst: 'remove_first',
  Replace: 'replace', ReplaceFirst: 'replace_first', Round: 'round', Rstrip: 'rstrip', Size: 'size', Slice: 'slice', Sort: 'sort', Split: 'split',
  Strip: 'strip', StripHtml: 'strip_html', StripNewlines: 'strip_newlines', Times: 'times', Truncate: 'truncate', TruncateWords: 'truncatewords',
  Uniq: 'uniq', Upcase: 'upcase', UrlDecode: 'url_decode', UrlEncode: 'url_encode', H: 'escape',
};
for (const [cs, name] of Object.entries(SAME)) {
  const impl = (engine.filters as unknown as Record<string, unknown>)[name];
  if (impl) engine.registerFilter(cs, impl as never);
}
// Date takes a .NET format: {{ body.when | Date: "yyyy-MM-dd" }}.
engine.registerFilter('Date', (value: unknown, format: string) => {
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return value;
  const dt = DateTimeValue.fromDate(d);
  return formatDateTime(dt.ticks, 'Utc', format);
});
// Currency: invariant culture "¤1,234.50" [U: the gateway's culture]; kept simple.
engine.registerFilter('Currency', (value: unknown) => `¤${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** The `body` a template sees: parsed JSON or XML (by content type), else the text. */
export function liquidBody(text: string | null, contentType: string | undefined): unknown {
  if (text === null) return null;
  const type = (contentType ?? '').toLowerCase();
  try {
    if (/json/.test(type)) return JSON.parse(text);
    if (/xml/.test(type)) return xml.parse(text);
  } catch {
    return text;
  }
  return text;
}

export async function renderLiquid(template: string, scope: Record<string, unknown>): Promise<string> {
  return engine.parseAndRender(template, scope);
}
