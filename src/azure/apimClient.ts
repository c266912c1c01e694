// The ARM client for API Management (@azure/arm-apimanagement 10.x), built from a TokenCredential
// the caller provides (VS Code's auth provider in the extension, @azure/identity in the CLI).
// `redirectTo` sends every call to another origin (the local ARM emulator) while keeping the
// production pipeline — bearer policy, retries, paging — as it is (arm-sdk.md §1.1, option C).

import { ApiManagementClient } from '@azure/arm-apimanagement';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';

export interface ApimClientOptions {
  /** `http://127.0.0.1:PORT`: every request goes there instead of Azure (tests, the emulator). */
  readonly redirectTo?: string;
  /** The Resource Manager endpoint of a sovereign cloud; default Azure public. */
  readonly endpoint?: string;
  /** Retries of 429/5xx by the pipeline (default 3, as the SDK). */
  readonly maxRetries?: number;
  /** The first retry's delay in ms (the SDK's default is 800; Retry-After wins when given). */
  readonly retryDelayMs?: number;
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
  return new ApiManagementClient(credential, subscriptionId, {
    ...(options.endpoint ? { endpoint: options.endpoint, credentialScopes: [`${options.endpoint.replace(/\/+$/, '')}/.default`] } : {}),
    ...(options.redirectTo ? { httpClient: redirectingHttpClient(options.redirectTo) } : {}),
    retryOptions: { maxRetries: options.maxRetries ?? 3, ...(options.retryDelayMs !== undefined ? { retryDelayInMs: options.retryDelayMs } : {}) },
  });
}
