// The ARM client for API Management (@azure/arm-apimanagement 10.x), built from a TokenCredential
// the caller provides (VS Code's auth provider in the extension, @azure/identity in the CLI).
// `redirectTo` sends every call to another origin (the local ARM emulator) while keeping the
// production pipeline — bearer policy, retries, paging — as it is (arm-sdk.md §1.1, option C).

import { ApiManagementClient } from '@azure/arm-apimanagement';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, RestError, type HttpClient, type PipelinePolicy, type PipelineRequest } from '@azure/core-rest-pipeline';

export interface ApimClientOptions {
  /** `http://127.0.0.1:PORT`: every request goes there instead of Azure (tests, the emulator). */
  readonly redirectTo?: string;
  /** The Resource Manager endpoint of a sovereign cloud; default Azure public. */
  readonly endpoint?: string;
  /** Retries of 429/5xx by the pipeline (default 3, as the SDK). */
  readonly maxRetries?: number;
  /** The first retry's delay in ms (the SDK's default is 800; Retry-After wins when given). */
  readonly retryDelayMs?: number;
  /** How long one attempt of a call may take before it is abandoned (default 60 s). */
  readonly timeoutMs?: number;
}

/** The default time one ARM call may take: long enough for a slow API create, short enough for CI. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Every call gets a deadline: an attempt that Azure does not answer in `timeoutMs` is abandoned.
 * A read (GET, HEAD) is tried again, twice; a write is not (it may have been applied: the caller
 * re-reads the state). Either way the error says Azure did not answer, and the caller names the
 * step. Runs inside the SDK's retry policy, so each attempt has its own deadline.
 */
export function timeoutPolicy(timeoutMs: number, readRetries = 2): PipelinePolicy {
  return {
    name: 'apimWorkbenchTimeout',
    async sendRequest(request, next) {
      const idempotent = request.method === 'GET' || request.method === 'HEAD';
      const outer = request.abortSignal;
      for (let attempt = 0; ; attempt++) {
        // Our own deadline, always cleared: the HTTP client's own `timeout` leaves its timer running
        // when a connection fails, which would keep the process alive for the full minute.
        const controller = new AbortController();
        let timedOut = false;
        const onAbort = (): void => controller.abort();
        outer?.addEventListener('abort', onAbort);
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
        request.abortSignal = controller.signal;
        try {
          return await next(request);
        } catch (e) {
          if (!timedOut || outer?.aborted) throw e;
          if (idempotent && attempt < readRetries) continue;
          const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
          throw new RestError(`Azure did not answer within ${limit}${idempotent ? ` (tried ${attempt + 1} times)` : ''}`, { code: 'TIMEOUT', request });
        } finally {
          clearTimeout(timer);
          outer?.removeEventListener('abort', onAbort);
          request.abortSignal = outer;
        }
      }
    },
  };
}

/** An HTTP client that rewrites each request's origin, so https://management.azure.com/… reaches a local server. */
export function redirectingHttpClient(target: string, inner: HttpClient = createDefaultHttpClient()): HttpClient {
  const to = new URL(target);
  return {
    sendRequest(request: PipelineRequest) {
      const url = new URL(request.url);
      url.protocol = to.protocol;
      url.host = to.host;
      request.url = url.toString();
      request.allowInsecureConnection = to.protocol === 'http:';
      return inner.sendRequest(request);
    },
  };
}

export function createApimClient(credential: TokenCredential, subscriptionId: string, options: ApimClientOptions = {}): ApiManagementClient {
  const client = new ApiManagementClient(credential, subscriptionId, {
    ...(options.endpoint ? { endpoint: options.endpoint, credentialScopes: [`${options.endpoint.replace(/\/+$/, '')}/.default`] } : {}),
    ...(options.redirectTo ? { httpClient: redirectingHttpClient(options.redirectTo) } : {}),
    retryOptions: { maxRetries: options.maxRetries ?? 3, ...(options.retryDelayMs !== undefined ? { retryDelayInMs: options.retryDelayMs } : {}) },
  });
  client.pipeline.addPolicy(timeoutPolicy(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), { afterPhase: 'Retry' });
  return client;
}
