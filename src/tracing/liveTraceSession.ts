// The requests of a .http file traced through a live gateway, one after another, each optionally
// compared with the simulator running the same request over local policies (an APIOps folder):
// what `apim-workbench trace` and the editor's Trace commands share. The gateway URL, the API of
// each request (from its path) and a subscription key (unless given) are found through ARM.

import type { ApiManagementClient } from '@azure/arm-apimanagement';
import type { SecretSet } from '../common/secrets';
import type { GatewayConfig } from '../gateway/gatewayConfig';
import type { HttpFileRequest } from '../gateway/httpFile';
import { Gateway, SimulatedClock, type GatewayResult } from '../gateway/pipeline';
import { MOCK_BACKEND } from '../gateway/simulateHttp';
import { cannedFromLiveTrace, compareTraces, type TraceComparison } from './traceCompare';
import { CannedTransport } from '../gateway/transport';
import { azureError } from '../azure/azureErrors';
import { DebugTokens, LiveTraceError, apiForUrl, gatewayUrlOf, liveTraceEntries, subscriptionKeyFor, traceLiveRequest, type LiveTraceResult } from './liveTrace';
import type { ServiceRef } from '../azure/scopes';

export interface LiveTraceOutcome {
  readonly request: HttpFileRequest;
  readonly result?: LiveTraceResult;
  readonly error?: LiveTraceError;
  /** With a configuration to compare with: the simulator's result for the same request and the comparison. */
  readonly simulated?: GatewayResult;
  readonly comparison?: TraceComparison;
}

export interface TraceSessionOptions {
  readonly client: ApiManagementClient;
  readonly service: ServiceRef;
  readonly tokens: DebugTokens;
  /** `managed` or a self-hosted gateway's id. */
  readonly gatewayId: string;
  /** Where to send requests; default the service's gateway URL (the managed gateway). */
  readonly gatewayUrl?: string;
  /** A subscription key to send; default: one found for each request's API. */
  readonly key?: string;
  readonly secrets: SecretSet;
  /** Simulate each request over these policies too, and compare. */
  readonly compareWith?: GatewayConfig | ((result: LiveTraceResult) => Promise<GatewayConfig | undefined>);
  readonly signal?: AbortSignal;
  readonly progress?: (step: string) => void;
  readonly traceRetry?: { readonly firstDelayMs: number; readonly attempts: number };
}

/** The path and query of a request URL, for the simulator (whose host is its own). */
function pathAndQuery(url: string, base: string): string {
  const u = new URL(url, base.endsWith('/') ? base : `${base}/`);
  return `${u.pathname}${u.search}`;
}

/** Traces each request in turn; `onEach` gets each outcome as soon as it is known. A failed request does not stop the others. */
export async function traceRequests(o: TraceSessionOptions, requests: readonly HttpFileRequest[], onEach: (outcome: LiveTraceOutcome) => void | Promise<void>): Promise<void> {
  if (o.gatewayId.toLowerCase() !== 'managed' && !o.gatewayUrl) throw new LiveTraceError('unreachable', `A self-hosted gateway (${o.gatewayId}) is reached at an address of your own: give it (the CLI's --gateway-url).`);
  o.progress?.('Reading the service');
  const gatewayUrl = o.gatewayUrl ?? (await gatewayUrlOf(o.client, o.service, o.signal));
  let apis: { name: string; path: string }[];
  try {
    apis = [];
    for await (const a of o.client.api.listByService(o.service.resourceGroup, o.service.name, { abortSignal: o.signal })) if (a.name && a.isCurrent !== false) apis.push({ name: a.name, path: a.path ?? '' });
  } catch (e) {
    throw new LiveTraceError('arm', azureError(e, `listing the APIs of ${o.service.name}`).message);
  }
  const keys = new Map<string, string | undefined>();
  for (const request of requests) {
    const target = apiForUrl(apis, request.url, gatewayUrl);
    if (!target) {
      await onEach({ request: o.secrets.mask(request), error: new LiveTraceError('noApi', `No API of ${o.service.name} serves ${pathAndQuery(request.url, gatewayUrl).split('?')[0]}: the APIs' paths are ${apis.map((a) => `/${a.path}`).join(', ') || '(none)'}.`) });
      continue;
    }
    const api = target.revision ? `${target.api};rev=${target.revision}` : target.api;
    try {
      let key = o.key;
      if (key === undefined) {
        if (!keys.has(target.api)) {
          o.progress?.(`Finding a subscription key for API ${target.api}`);
          keys.set(target.api, (await subscriptionKeyFor(o.client, o.service, target.api, o.secrets, o.signal))?.key);
        }
        key = keys.get(target.api);
      }
      const result = await traceLiveRequest({ client: o.client, tokens: o.tokens, gatewayId: o.gatewayId, gatewayUrl, api, request, ...(key ? { subscriptionKey: key } : {}), secrets: o.secrets, ...(o.signal ? { signal: o.signal } : {}), ...(o.progress ? { progress: o.progress } : {}), ...(o.traceRetry ? { traceRetry: o.traceRetry } : {}) });
      let compared: Pick<LiveTraceOutcome, 'simulated' | 'comparison'> = {};
      if (o.compareWith) {
        o.progress?.('Simulating the same request');
        // A configuration per request (the live policies of the API it reached), or one for all.
        const config = typeof o.compareWith === 'function' ? await o.compareWith(result) : o.compareWith;
        if (config) compared = await compareWithSimulation(config, request, result, key, gatewayUrl, o.secrets);
      }
      await onEach({ request: o.secrets.mask(request), result, ...compared });
    } catch (e) {
      if (e instanceof LiveTraceError && e.failure === 'cancelled') throw e;
      if (!(e instanceof LiveTraceError)) throw e;
      await onEach({ request: o.secrets.mask(request), error: e });
    }
  }
}

/**
 * The same request through the simulator, its backends answering what the live trace shows the
 * live backend answered (status and headers; the body as the live response's), so a difference is
 * in the policies, not in the backend. The subscription key is accepted for the live product.
 */
export async function compareWithSimulation(config: GatewayConfig, request: Pick<HttpFileRequest, 'method' | 'url' | 'headers' | 'body'>, live: LiveTraceResult, key: string | undefined, gatewayUrl: string, secrets: SecretSet): Promise<{ simulated: GatewayResult; comparison: TraceComparison }> {
  const entries = liveTraceEntries(live.trace);
  const product = liveProductOf(entries);
  const canned = cannedFromLiveTrace(entries, live.response.body);
  const gateway = new Gateway({ ...config, subscriptions: [...config.subscriptions, ...(key ? [{ key, state: 'active', ...(product ? { product } : {}) }] : [])] }, { transport: canned.length ? new CannedTransport(canned) : MOCK_BACKEND, clock: new SimulatedClock(Date.now()) });
  const headers = request.headers.filter(([n]) => n.toLowerCase() !== 'apim-debug-authorization');
  const withKey = key && !headers.some(([n]) => n.toLowerCase() === 'ocp-apim-subscription-key') ? [...headers, ['Ocp-Apim-Subscription-Key', key] as const] : headers;
  const simulated = secrets.mask(gateway.secrets.mask(await gateway.handle({ method: request.method, url: pathAndQuery(request.url, gatewayUrl), headers: withKey, body: request.body ?? null })));
  const comparison = compareTraces({ entries, response: live.response }, { entries: simulated.trace, response: simulated.response });
  return { simulated, comparison };
}

export { DebugTokens };

/** A traced request as `apim-workbench trace --format json` prints it and the MCP server's trace_request returns it. */
export function outcomeJson(o: LiveTraceOutcome): unknown {
  return {
    request: { name: o.request.name, line: o.request.line, method: o.request.method, url: o.request.url },
    ...(o.result ? { traced: { api: o.result.api, gatewayId: o.result.gatewayId, traceId: o.result.traceId, renewed: o.result.renewed, timings: o.result.timings }, response: o.result.response, trace: o.result.trace } : {}),
    ...(o.error ? { error: { failure: o.error.failure, message: o.error.message, ...(o.error.response ? { response: o.error.response } : {}) } } : {}),
    ...(o.comparison ? { comparison: o.comparison, simulated: { response: o.simulated?.response, trace: o.simulated?.trace } } : {}),
  };
}

/** The product a live trace's configuration entry names (its id), if any. */
export function liveProductOf(entries: readonly { readonly source: string; readonly data?: unknown }[]): string | undefined {
  const configuration = entries.find((e) => e.source === 'api-inspector' && e.data && typeof e.data === 'object' && 'configuration' in e.data)?.data as { configuration?: { product?: unknown } } | undefined;
  const product = configuration?.configuration?.product;
  if (typeof product === 'string') return product !== '-' && product !== '' ? product : undefined;
  if (product && typeof product === 'object') return String((product as { id?: unknown; name?: unknown }).id ?? (product as { name?: unknown }).name ?? '') || undefined;
  return undefined;
}
