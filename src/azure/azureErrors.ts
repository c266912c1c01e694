// Errors from Azure as one clear line for the user, with the detail (status, code, request id,
// body) kept for the log. A changed resource (412 on If-Match) is its own error, so callers can
// offer to compare and overwrite instead of failing.

export class AzureRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    /** Everything known about the failure, for the log (never shown as the message). */
    readonly detail: string,
  ) {
    super(message);
    this.name = 'AzureRequestError';
  }
}

/** The resource changed since it was read: its ETag no longer matches (HTTP 412). */
export class ResourceChangedError extends AzureRequestError {
  constructor(message: string, status: number | undefined, code: string | undefined, detail: string) {
    super(message, status, code, detail);
    this.name = 'ResourceChangedError';
  }
}

// The SDK part of the extension is bundled apart (dist/azureRuntime.js) with its own copy of these
// classes, so callers across that boundary test the name, not instanceof.
export function isAzureRequestError(e: unknown): e is AzureRequestError {
  return e instanceof Error && (e.name === 'AzureRequestError' || e.name === 'ResourceChangedError') && 'detail' in e;
}

export function isResourceChanged(e: unknown): e is ResourceChangedError {
  return e instanceof Error && e.name === 'ResourceChangedError';
}

interface RestErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: { readonly headers?: { get(name: string): string | undefined }; readonly bodyAsText?: string | null };
}

/** What a request was doing, for the message: "reading the policy of API orders". */
export function azureError(e: unknown, doing: string): AzureRequestError {
  if (isAzureRequestError(e)) return e;
  const r = (e ?? {}) as RestErrorLike;
  const status = r.statusCode;
  let code = r.code;
  let serverMessage = r.message ?? String(e);
  const body = r.response?.bodyAsText ?? undefined;
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
      code = parsed.error?.code ?? code;
      serverMessage = parsed.error?.message ?? serverMessage;
    } catch {
      // not JSON: keep the client's message
    }
  }
  const requestId = r.response?.headers?.get('x-ms-request-id');
  const detail = [`${doing}: ${r.request?.method ?? ''} ${r.request?.url ?? ''}`.trim(), status !== undefined ? `status ${status}` : undefined, code ? `code ${code}` : undefined, requestId ? `request id ${requestId}` : undefined, body ? `body ${body}` : undefined, e instanceof Error && e.stack ? e.stack : undefined]
    .filter(Boolean)
    .join('\n');
  const what = code === 'TIMEOUT' ? serverMessage : status === 401 || status === 403 ? 'not allowed (sign in again, or check your role on the service)' : status === 404 ? 'not found' : status === 429 ? 'throttled by Azure (too many requests); try again in a moment' : status !== undefined && status >= 500 ? `Azure answered ${status}; try again later` : serverMessage.split('\n')[0];
  const message = `Azure API Management: ${doing} failed: ${what}${code && status !== undefined && status < 500 && status !== 429 ? ` (${code})` : ''}.`;
  if (status === 412) return new ResourceChangedError(`Azure API Management: ${doing} failed: someone else changed it since it was read.`, status, code, detail);
  return new AzureRequestError(message, status, code, detail);
}
