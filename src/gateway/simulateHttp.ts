// Runs the requests of a `.http` file against a gateway: what `apim-workbench simulate` and the
// "Simulate Requests" command share. Backend calls get 200 OK with no body unless `real` is set.

import type { GatewayConfig, SubscriptionConfig } from './gatewayConfig';
import { parseHttpFile, type HttpFileRequest } from './httpFile';
import { HttpTransport } from './httpTransport';
import { Gateway, SimulatedClock, type GatewayResult } from './pipeline';
import type { BackendTransport } from './transport';

export const MOCK_BACKEND: BackendTransport = { send: async () => ({ kind: 'response', status: 200, headers: [], body: null, delayMs: 0 }) };

export interface SimulateOptions {
  readonly subscriptions?: readonly SubscriptionConfig[];
  /** Values for named values (secrets are not in APIOps folders): kept secret in the trace. */
  readonly namedValues?: Readonly<Record<string, string>>;
  readonly real?: boolean;
  readonly now?: number;
  /** Run only the request at this index (0-based) of the file. */
  readonly only?: number;
}

export async function simulateHttp(config: GatewayConfig, httpText: string, options: SimulateOptions = {}): Promise<{ request: HttpFileRequest; result: GatewayResult }[]> {
  const out: { request: HttpFileRequest; result: GatewayResult }[] = [];
  await simulateHttpEach(config, httpText, options, (request, result) => {
    out.push({ request, result });
  });
  return out;
}

/**
 * The requests of a .http file, one at a time: `onResult` gets each (masked) request and its result
 * as soon as it is simulated, and nothing is kept after it returns, so a file of ten thousand
 * requests runs in the memory of one.
 */
export async function simulateHttpEach(config: GatewayConfig, httpText: string, options: SimulateOptions, onResult: (request: HttpFileRequest, result: GatewayResult) => void | Promise<void>): Promise<number> {
  const all = parseHttpFile(httpText);
  if (options.only !== undefined && !all[options.only]) throw new Error(`The file has ${all.length} request${all.length === 1 ? '' : 's'}: there is no request ${options.only + 1}.`);
  const requests = options.only === undefined ? all : [all[options.only] as HttpFileRequest];
  const namedValues = new Map(config.namedValues);
  for (const [name, value] of Object.entries(options.namedValues ?? {})) namedValues.set(name, { value, secret: true });
  const gateway = new Gateway(
    { ...config, namedValues, subscriptions: [...config.subscriptions, ...(options.subscriptions ?? [])] },
    { transport: options.real ? new HttpTransport() : MOCK_BACKEND, clock: new SimulatedClock(options.now ?? Date.now()) },
  );
  for (const request of requests) {
    const result = await gateway.handle({ method: request.method, url: request.url, headers: request.headers, body: request.body });
    // The request as shown (its URL may carry a subscription key, its headers a token) is masked like the trace.
    await onResult(gateway.secrets.mask(request), result);
  }
  return requests.length;
}

/**
 * For a request the gateway refused for its subscription key: whether the key was missing or
 * unknown, and the products a key can be given for. The editor and the CLI each say how to give
 * one (a setting, --key).
 */
export function subscriptionKeyProblem(result: GatewayResult, config: GatewayConfig): { readonly missing: boolean; readonly products: readonly string[] } | undefined {
  const reason = result.lastError?.source === 'authorization' ? result.lastError.reason : undefined;
  if (reason !== 'SubscriptionKeyNotFound' && reason !== 'SubscriptionKeyInvalid') return undefined;
  return { missing: reason === 'SubscriptionKeyNotFound', products: config.products.map((p) => p.id) };
}
