// Operation URL templates: `/orders/{id}`, `/files/{*rest}`, `/get?a={b}`, matched against a
// request's path and query (used for routing and by rewrite-uri).

const compiledTemplates = new Map<string, { readonly any: boolean; readonly re: RegExp; readonly names: readonly string[] }>();

/**
 * Matches a request path (and its query) against an operation's URL template: `/orders/{id}`,
 * `/files/{*rest}`, `/get?a={b}`. A template's query parameters are matched from the query
 * (`a={b}` takes b from the value of a) and must be present for the operation to match [U: APIM
 * treats a template's query parameters as required; not verified for absent ones].
 */
export function matchTemplate(template: string, path: string, query?: URLSearchParams): Record<string, string> | undefined {
  const queryPart = template.includes('?') ? template.slice(template.indexOf('?') + 1) : '';
  let queryParams: Record<string, string> = {};
  if (queryPart) {
    if (!query) return undefined;
    for (const pair of queryPart.split('&')) {
      const m = /^([^=]+)=\{([^}]+)\}$/.exec(pair);
      if (!m) continue;
      const value = query.get(m[1] as string);
      if (value === null) return undefined;
      queryParams[m[2] as string] = value;
    }
  }
  const pathParams = matchPath(template, path);
  if (!pathParams) return undefined;
  queryParams = { ...pathParams, ...queryParams };
  return queryParams;
}

/** The query parameter names an operation's URL template matches (`/get?a={b}` → a). */
export function templateQueryNames(template: string): string[] {
  const queryPart = template.includes('?') ? template.slice(template.indexOf('?') + 1) : '';
  return queryPart ? queryPart.split('&').map((p) => p.split('=')[0] as string).filter(Boolean) : [];
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  let c = compiledTemplates.get(template);
  if (!c) {
    const t = template.split('?')[0] ?? '/';
    const names: string[] = [];
    const pattern = t
      .replace(/\/+$/, '')
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const m = /^\{\*?([^}=]+)(?:=[^}]*)?\}$/.exec(part);
        if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1] as string);
        return part.startsWith('{*') ? '(.*)' : '([^/]+)';
      })
      .join('');
    c = { any: t === '/*' || t === '*', re: new RegExp(`^${pattern}/?$`, 'i'), names };
    compiledTemplates.set(template, c);
  }
  if (c.any) return {};
  const m = c.re.exec(path);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  c.names.forEach((n, i) => (out[n] = decodeURIComponent(m[i + 1] ?? '')));
  return out;
}

