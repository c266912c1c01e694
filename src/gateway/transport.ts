// One way out for every outgoing HTTP call of the simulator (forward-request, send-request,
// token fetches): canned responses for tests, and later real local backends, implement it.

export type HeaderList = readonly (readonly [name: string, value: string])[];

export interface OutgoingCall {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body: string | null;
  /** The client certificate presented (thumbprint or certificate id), from authentication-certificate. */
  readonly clientCertificate?: string;
  /** The HTTP proxy the call goes through, from the proxy policy. */
  readonly proxy?: ProxySetting;
}

export interface ProxySetting {
  /** `http://host:port`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

export type CallOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly reason?: string; readonly headers: HeaderList; readonly body: string | null; readonly delayMs: number }
  | { readonly kind: 'fault'; readonly fault: 'timeout' | 'connection'; readonly delayMs: number; readonly message: string };

export interface BackendTransport {
  /** Sends a call; `timeoutMs` is how long the caller waits before it counts as a timeout. */
  send(call: OutgoingCall, timeoutMs: number): Promise<CallOutcome>;
}

/** A canned answer of a scenario step: the first whose `match` prefixes the URL is used. */
export interface CannedResponse {
  readonly match?: string;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly delayMs?: number;
  readonly fault?: 'timeout' | 'connection';
}

/**
 * Answers calls from a list, in order per matching entry group: each call takes the next response
 * whose `match` prefixes its URL (no `match` matches every URL); the last matching one repeats.
 * A call nothing matches gets a connection fault that says so.
 */
export class CannedTransport implements BackendTransport {
  private readonly used = new Set<number>();
  readonly calls: OutgoingCall[] = [];

  constructor(private readonly responses: readonly CannedResponse[]) {}

  async send(call: OutgoingCall, timeoutMs: number): Promise<CallOutcome> {
    this.calls.push(call);
    const matching = this.responses.map((r, i) => [r, i] as const).filter(([r]) => !r.match || call.url.startsWith(r.match));
    if (matching.length === 0) {
      return { kind: 'fault', fault: 'connection', delayMs: 0, message: `No canned response matches ${call.method} ${call.url}: add one to the step's responses.` };
    }
    const next = matching.find(([, i]) => !this.used.has(i)) ?? matching[matching.length - 1];
    const [r, i] = next as readonly [CannedResponse, number];
    this.used.add(i);
    const delayMs = r.delayMs ?? 0;
    if (r.fault === 'timeout' || delayMs > timeoutMs) {
      return { kind: 'fault', fault: 'timeout', delayMs: Math.min(delayMs, timeoutMs), message: `The backend did not answer within ${timeoutMs / 1000} seconds.` };
    }
    if (r.fault === 'connection') return { kind: 'fault', fault: 'connection', delayMs, message: 'Unable to connect to the remote server' };
    return { kind: 'response', status: r.status ?? 200, headers: Object.entries(r.headers ?? {}), body: r.body ?? null, delayMs };
  }
}
