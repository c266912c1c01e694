// The requests a policy file can be tried with: the operations its policy applies to (an
// operation policy: that operation; an API policy: the API's operations; a product, workspace,
// global or fragment policy: every operation), each written as a `.http` request the simulator
// runs, addressed the way the gateway routes it (revision, version segment, query or header).

import * as path from 'node:path';
import type { ApiConfig, GatewayConfig, OperationConfig, SubscriptionConfig } from './gatewayConfig';

export interface SimulationTarget {
  /** `Orders API › GET /orders/{orderId}`. */
  readonly label: string;
  /** The request in the REST Client format, with `{parameters}` left for the user to fill in. */
  readonly http: string;
  /** The API and operation it reaches, by id. */
  readonly apiId: string;
  readonly operationId: string;
}

const same = (a: string | undefined, b: string): boolean => a !== undefined && path.resolve(a) === path.resolve(b);

/** The request line (and version header) that reaches an operation of an API. */
export function requestFor(api: ApiConfig, op: OperationConfig, headers: readonly (readonly [string, string])[] = []): string {
  const method = op.method === '*' ? 'GET' : op.method;
  const template = op.urlTemplate === '/*' ? '/' : op.urlTemplate;
  let prefix = `/${api.path.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  if (api.isCurrent === false && api.revision) prefix += `;rev=${api.revision}`;
  const lines: string[] = [];
  let query = '';
  const version = api.version ?? '';
  if (api.versionSet && version) {
    if (api.versionSet.scheme === 'Segment') prefix += `/${version}`;
    else if (api.versionSet.scheme === 'Query') query = `${template.includes('?') ? '&' : '?'}${api.versionSet.queryName ?? 'api-version'}=${encodeURIComponent(version)}`;
    else lines.push(`${api.versionSet.headerName ?? 'Api-Version'}: ${version}`);
  }
  for (const [n, v] of headers) lines.push(`${n}: ${v}`);
  return [`${method} ${prefix}${template}${query}`, ...lines].join('\n');
}

/**
 * The subscription key to send to an API: one for a product that has the API, else one for a
 * product whose APIs are not known, else the first one.
 */
export function keyFor(config: GatewayConfig, api: ApiConfig, subscriptions: readonly SubscriptionConfig[]): string | undefined {
  const active = subscriptions.filter((s) => (s.state ?? 'active') === 'active');
  const productOf = (s: SubscriptionConfig) => config.products.find((p) => p.id === s.product);
  const covers = active.find((s) => productOf(s)?.apis?.includes(api.id.split(';')[0] as string));
  return (covers ?? active.find((s) => !productOf(s)?.apis) ?? active[0])?.key;
}

/** The operations a policy file applies to, as requests; [] when the file is no policy of the config. */
export function simulationTargets(config: GatewayConfig, file: string, subscriptions: readonly SubscriptionConfig[] = []): SimulationTarget[] {
  const target = (api: ApiConfig, op: OperationConfig): SimulationTarget => {
    const key = api.subscriptionRequired ? keyFor(config, api, subscriptions) : undefined;
    return {
      label: `${api.name ?? api.id}${api.isCurrent === false ? ` (revision ${api.revision})` : ''}${api.version ? ` ${api.version}` : ''} › ${op.method === '*' ? 'any' : op.method} ${op.urlTemplate}`,
      http: requestFor(api, op, key ? [['Ocp-Apim-Subscription-Key', key]] : []),
      apiId: api.id,
      operationId: op.id,
    };
  };
  for (const api of config.apis) {
    for (const op of api.operations) if (same(op.policy?.file, file)) return [target(api, op)];
    if (same(api.policy?.file, file)) return api.operations.map((op) => target(api, op));
  }
  const everywhere = same(config.global?.file, file) || same(config.workspace?.file, file) || config.products.some((p) => same(p.policy?.file, file)) || [...config.fragments.values()].some((f) => same(f.file, file));
  if (!everywhere) return [];
  return config.apis.filter((a) => a.isCurrent !== false).flatMap((api) => api.operations.map((op) => target(api, op)));
}
