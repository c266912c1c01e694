// What the trace viewer webview receives and sends. Type-only: shared by the extension and the
// browser script in webview/.

export interface TraceViewEntry {
  readonly section: 'inbound' | 'backend' | 'outbound' | 'on-error';
  readonly source: string;
  readonly elapsed: string;
  /** The entry's data as JSON (or plain) text: always shown as text, never as HTML. */
  readonly data: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  readonly notSimulated?: boolean;
  readonly error?: boolean;
  /** What the step changed, before → after. */
  readonly changes?: readonly { readonly what: string; readonly before: string | null; readonly after: string | null }[];
}

export interface TraceViewRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
  readonly entries: readonly TraceViewEntry[];
}

export type ToWebview = { readonly type: 'trace'; readonly title: string; readonly requests: readonly TraceViewRequest[] };

export type FromWebview = { readonly type: 'reveal'; readonly file: string; readonly line: number } | { readonly type: 'ready' };
