// What the trace viewer webview receives and sends. Type-only: shared by the extension and the
// browser script in webview/.

export interface TraceViewEntry {
  readonly section: 'inbound' | 'backend' | 'outbound' | 'on-error';
  readonly source: string;
  /** What the row says: the source, and its role where one source has several (entering or leaving a fragment). */
  readonly label: string;
  /** The gateway's elapsed time ("hh:mm:ss.fffffff"); for the simulator, simulated time. */
  readonly elapsed: string;
  /** Real time since the request started, measured, in milliseconds. */
  readonly measuredMs?: number;
  /** The entry's data as JSON (or plain) text: always shown as text, never as HTML. */
  readonly data: string;
  readonly file?: string;
  /** The file as the link shows it: relative to the APIOps folder. */
  readonly fileLabel?: string;
  /** 1-based. */
  readonly line?: number;
  /** A live trace's entry linked to its policy by name and order only (not by a matching simulated step): the link is a guess. */
  readonly linkGuessed?: boolean;
  readonly notSimulated?: boolean;
  readonly error?: boolean;
  /** What the step changed, before → after. */
  readonly changes?: readonly { readonly what: string; readonly before: string | null; readonly after: string | null }[];
}

export interface TraceViewRequest {
  /** The request's name in its .http file (`# @name`). */
  readonly name?: string;
  /** Where the gateway routed it: API and operation display names, the subscription's product. */
  readonly api?: string;
  readonly operation?: string;
  readonly product?: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
  readonly entries: readonly TraceViewEntry[];
}

export interface TraceViewMessage {
  readonly type: 'trace';
  /** What was simulated: the .http file, or the policy and its operation. */
  readonly title: string;
  readonly subtitle?: string;
  /** One line worth knowing before reading (backends mocked, a key missing, …). */
  readonly notices?: readonly string[];
  readonly requests: readonly TraceViewRequest[];
}

export type ToWebview = TraceViewMessage;

export type FromWebview = { readonly type: 'reveal'; readonly file: string; readonly line: number } | { readonly type: 'ready' } | { readonly type: 'openText' };
