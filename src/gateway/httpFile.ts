// Requests written in the REST Client `.http` format: `METHOD url [HTTP/1.1]`, header lines, a
// blank line and the body; requests separated by `###`; `@name = value` variables used as
// {{name}}; `#` and `//` comment lines. Problems come back with their line.

export interface HttpFileRequest {
  readonly name: string;
  readonly line: number;
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
}

export class HttpFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)\s+(\S+)(?:\s+HTTP\/[\d.]+)?\s*$/i;

export function parseHttpFile(text: string): HttpFileRequest[] {
  const lines = text.split(/\r?\n/);
  const variables = new Map<string, string>();
  const expand = (s: string): string => s.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (m, n: string) => variables.get(n) ?? m);
  const requests: HttpFileRequest[] = [];
  let i = 0;
  while (i < lines.length) {
    // Skip to the next request line, reading variables and names on the way.
    let name: string | undefined;
    while (i < lines.length) {
      const l = (lines[i] as string).trim();
      const variable = /^@([\w.-]+)\s*=\s*(.*)$/.exec(l);
      const named = /^(?:#|\/\/)\s*@name\s+(.+)$/.exec(l);
      if (variable) variables.set(variable[1] as string, expand((variable[2] as string).trim()));
      else if (named) name = (named[1] as string).trim();
      else if (l && !l.startsWith('#') && !l.startsWith('//')) break;
      i++;
    }
    if (i >= lines.length) break;
    const start = i;
    const m = METHODS.exec(expand((lines[i] as string).trim()));
    if (!m) throw new HttpFileError(i + 1, `Expected a request line such as "GET /orders/1 HTTP/1.1", found "${(lines[i] as string).trim()}".`);
    try {
      new URL(m[2] as string, 'https://gateway.example');
    } catch {
      throw new HttpFileError(i + 1, `'${m[2]}' is not a URL or a path the gateway could be sent.`);
    }
    i++;
    const headers: [string, string][] = [];
    while (i < lines.length && (lines[i] as string).trim() !== '' && !(lines[i] as string).startsWith('###')) {
      const h = /^([^:\s]+)\s*:\s*(.*)$/.exec(lines[i] as string);
      if (!h) throw new HttpFileError(i + 1, `Expected a header "Name: value", found "${(lines[i] as string).trim()}".`);
      headers.push([h[1] as string, expand((h[2] as string).trim())]);
      i++;
    }
    const bodyLines: string[] = [];
    if (i < lines.length && (lines[i] as string).trim() === '') i++;
    while (i < lines.length && !(lines[i] as string).startsWith('###')) bodyLines.push(lines[i++] as string);
    if (i < lines.length) i++; // the ### separator
    const body = expand(bodyLines.join('\n').replace(/\s+$/, ''));
    requests.push({ name: name ?? `${(m[1] as string).toUpperCase()} ${m[2]}`, line: start + 1, method: (m[1] as string).toUpperCase(), url: m[2] as string, headers, body: body.length ? body : null });
  }
  if (requests.length === 0) throw new HttpFileError(1, 'No request found: write one as "GET /orders/1 HTTP/1.1".');
  return requests;
}
