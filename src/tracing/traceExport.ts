// A live trace kept as a regression test: a policy test file (*.apimtest.yaml) whose one step
// sends the traced request to the simulator over an APIOps folder, with the backend answering what
// the live trace shows the live backend answered, and expects what the live gateway answered. When
// the simulator and the gateway disagree, this is the test that fails until the simulator is right.
// The subscription key is never written: a made-up one stands in, for the product the live request
// went through. Secrets of the set are refused rather than written.

import * as path from 'node:path';
import { stringify } from 'yaml';
import type { SecretSet } from '../common/secrets';
import type { CannedResponse } from '../gateway/transport';
import { cannedFromLiveTrace, type LiveStep } from './traceCompare';

/** Response headers that are the gateway's or the transport's, not the policies': not expected. */
const NOT_EXPECTED = new Set(['date', 'content-length', 'apim-trace-id', 'request-context', 'transfer-encoding', 'connection', 'keep-alive', 'x-ms-request-id', 'server', 'strict-transport-security', 'vary', 'apim-request-id', 'ocp-apim-trace-location']);

export interface RegressionInput {
  readonly name: string;
  /** The test file's path: `config` is written relative to it. */
  readonly testFile: string;
  /** The APIOps folder the simulator runs. */
  readonly folder: string;
  readonly request: { readonly method: string; readonly url: string; readonly headers: readonly (readonly [string, string])[]; readonly body: string | null };
  readonly liveEntries: readonly LiveStep[];
  readonly liveResponse: { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: string | null };
  /** The product of the live request's subscription, when the trace names one. */
  readonly product?: string;
  readonly traceId?: string;
  /** The backend's answers, when they are known rather than read from a live trace (a simulated request). */
  readonly responses?: readonly CannedResponse[];
  /** The simulated clock's start, when the request was simulated at a given time. */
  readonly startTime?: string;
  /** Where the expected response comes from: the live gateway (default) or the simulator. */
  readonly origin?: 'live' | 'simulated';
}

export const PLACEHOLDER_KEY = 'regression-test-key';

export function regressionTestYaml(input: RegressionInput, secrets: SecretSet): string {
  const url = new URL(input.request.url, 'https://gateway.invalid');
  const headers: Record<string, string> = {};
  let keyed = false;
  for (const [n, v] of input.request.headers) {
    if (n.toLowerCase() === 'apim-debug-authorization') continue;
    if (n.toLowerCase() === 'ocp-apim-subscription-key') {
      headers[n] = PLACEHOLDER_KEY;
      keyed = true;
      continue;
    }
    headers[n] = v;
  }
  const query = new URLSearchParams(url.search);
  if (query.has('subscription-key')) {
    query.set('subscription-key', PLACEHOLDER_KEY);
    keyed = true;
  }
  const search = query.toString();
  const expectHeaders: Record<string, string> = {};
  for (const [n, v] of input.liveResponse.headers) if (!NOT_EXPECTED.has(n.toLowerCase())) expectHeaders[n] = v;
  const simulated = input.origin === 'simulated';
  const responses = input.responses ?? cannedFromLiveTrace(input.liveEntries, input.liveResponse.body);
  const step: Record<string, unknown> = {
    name: `${input.request.method} ${url.pathname} as the ${simulated ? 'simulator' : 'live gateway'} answered it${input.traceId ? ` (trace ${input.traceId})` : ''}`,
    request: { method: input.request.method, url: `${url.pathname}${search ? `?${search}` : ''}`, ...(Object.keys(headers).length ? { headers } : {}), ...(input.request.body !== null ? { body: input.request.body } : {}) },
    responses: responses.map((r) => ({ ...(r.match ? { match: r.match } : {}), ...(r.fault ? { fault: r.fault } : { status: r.status ?? 200 }), ...(r.headers && Object.keys(r.headers).length ? { headers: r.headers } : {}), ...(r.body !== undefined ? { body: r.body } : {}), ...(r.delayMs ? { delayMs: r.delayMs } : {}) })),
    expect: { status: input.liveResponse.status, ...(Object.keys(expectHeaders).length ? { headers: expectHeaders } : {}), ...(input.liveResponse.body !== null && input.liveResponse.body.length <= 4096 ? { body: input.liveResponse.body } : {}) },
  };
  if ((step['responses'] as unknown[]).length === 0) delete step['responses'];
  const doc = {
    name: input.name,
    config: path.relative(path.dirname(input.testFile), input.folder).split(path.sep).join('/') || '.',
    ...(input.startTime ? { startTime: input.startTime } : {}),
    ...(keyed ? { subscriptions: [{ key: PLACEHOLDER_KEY, ...(input.product ? { product: input.product } : {}) }] } : {}),
    steps: [step],
  };
  const header = simulated
    ? `# Written by APIM Workbench from a simulated request: the request, the backend's canned answers
# and what the simulator answered, as expectations. The subscription key is a made-up one.`
    : `# Exported from a live trace by APIM Workbench: the request, what the live backend answered
# (status and headers from the trace; its body as the live response's) and what the live gateway
# answered. The subscription key is a made-up one.`;
  const text = `${header} Run: apim-workbench test ${path.basename(input.testFile)}
${stringify(doc, { lineWidth: 0 })}`;
  if (secrets.inText(text)) throw new Error('The exported test would hold a secret (a key, a token or a secret named value seen in the trace): nothing was written.');
  return text;
}
