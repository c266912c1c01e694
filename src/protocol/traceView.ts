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
  /** The step the debugger holds the request at. */
  readonly current?: boolean;
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
  /** For a live trace compared with the simulator: the steps side by side. */
  readonly comparison?: TraceViewComparison;
  /** Which request of its file this is (0-based): what "Run against Azure" sends again. */
  readonly index?: number;
}

/** A live trace and a simulated one, aligned step by step (src/tracing/traceCompare.ts). */
export interface TraceViewComparison {
  readonly rows: readonly {
    readonly section: 'inbound' | 'backend' | 'outbound' | 'on-error';
    /** The live entry's label, when the live gateway ran the step. */
    readonly live?: string;
    /** The simulated entry's label, when the simulator ran it. */
    readonly simulated?: string;
    readonly difference?: string;
    readonly file?: string;
    readonly fileLabel?: string;
    readonly line?: number;
  }[];
  /** Response differences, one line each. */
  readonly response: readonly string[];
  /** The first difference: a row, or the response. */
  readonly first?: { readonly row: number | 'response'; readonly what: string };
  /** The simulated response, to read beside the live one. */
  readonly simulatedStatus: number;
}

export interface TraceViewMessage {
  readonly type: 'trace';
  /** What the trace is of: the simulator (default), a live gateway, or both compared. */
  readonly kind?: 'simulated' | 'live' | 'comparison';
  /** What was simulated: the .http file, or the policy and its operation. */
  readonly title: string;
  readonly subtitle?: string;
  /** One line worth knowing before reading (backends mocked, a key missing, …). */
  readonly notices?: readonly string[];
  readonly requests: readonly TraceViewRequest[];
}

export type ToWebview = TraceViewMessage;

export type FromWebview =
  | { readonly type: 'reveal'; readonly file: string; readonly line: number }
  | { readonly type: 'ready' }
  | { readonly type: 'openText' }
  /** A simulated request: send it through the live gateway ("Run against Azure"). */
  | { readonly type: 'runLive'; readonly index: number }
  /** A live trace: simulate the same request and compare ("Compare with Simulation"). */
  | { readonly type: 'compare' }
  /** A comparison: save it as a policy test file ("Export as Test"). */
  | { readonly type: 'exportTest' };
