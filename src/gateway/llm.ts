// What the AI gateway policies read from model requests and responses: the prompt and completion
// text (OpenAI chat completions, completions, Responses API, embeddings; Anthropic messages), the
// `usage` section, and a token estimate where the gateway estimates.

/**
 * Tokens in a text when the gateway estimates (estimate-prompt-tokens, streaming) [U: the gateway
 * uses the model's tokenizer; the simulator uses the common rule of thumb of 4 characters per
 * token, so limits hit a little earlier or later than in Azure]. Change here.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

function parse(body: string | null): Record<string, unknown> | undefined {
  if (!body) return undefined;
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function contentText(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' ? String((p as Record<string, unknown>)['text'] ?? (p as Record<string, unknown>)['content'] ?? '') : '')).filter(Boolean).join('\n');
  return '';
}

export interface PromptMessage {
  readonly role: string;
  readonly text: string;
}

/** The prompt messages of a model request, in order; [] when the body is not a model request. */
export function promptMessages(body: string | null): PromptMessage[] {
  const o = parse(body);
  if (!o) return [];
  const out: PromptMessage[] = [];
  if (typeof o['system'] === 'string') out.push({ role: 'system', text: o['system'] });
  if (Array.isArray(o['messages'])) for (const m of o['messages'] as Record<string, unknown>[]) out.push({ role: String(m?.['role'] ?? 'user'), text: contentText(m?.['content']) });
  if (typeof o['prompt'] === 'string') out.push({ role: 'user', text: o['prompt'] });
  if (typeof o['input'] === 'string') out.push({ role: 'user', text: o['input'] });
  else if (Array.isArray(o['input'])) for (const m of o['input'] as unknown[]) out.push(typeof m === 'string' ? { role: 'user', text: m } : { role: String((m as Record<string, unknown>)?.['role'] ?? 'user'), text: contentText((m as Record<string, unknown>)?.['content']) });
  if (typeof o['instructions'] === 'string') out.unshift({ role: 'system', text: o['instructions'] });
  return out;
}

export function promptText(body: string | null): string {
  return promptMessages(body).map((m) => m.text).join('\n');
}

export function isStreaming(body: string | null): boolean {
  return parse(body)?.['stream'] === true;
}

/** The completion text of a model response (chat, completions, Responses API, Anthropic). */
export function completionText(body: string | null): string {
  const o = parse(body);
  if (!o) return '';
  const parts: string[] = [];
  for (const c of (Array.isArray(o['choices']) ? o['choices'] : []) as Record<string, unknown>[]) {
    const message = c?.['message'] as Record<string, unknown> | undefined;
    parts.push(message ? contentText(message['content']) : String(c?.['text'] ?? ''));
  }
  if (typeof o['output_text'] === 'string') parts.push(o['output_text']);
  for (const item of (Array.isArray(o['output']) ? o['output'] : []) as Record<string, unknown>[]) parts.push(contentText(item?.['content']));
  if (Array.isArray(o['content'])) parts.push(contentText(o['content']));
  return parts.filter(Boolean).join('\n');
}

export interface TokenUsage {
  readonly prompt: number;
  readonly completion: number;
  readonly total: number;
}

/** The `usage` a model reported: prompt/completion (OpenAI) or input/output (Responses, Anthropic). */
export function reportedUsage(body: string | null): TokenUsage | undefined {
  const u = parse(body)?.['usage'] as Record<string, unknown> | undefined;
  if (!u || typeof u !== 'object') return undefined;
  const num = (k: string): number | undefined => (typeof u[k] === 'number' ? (u[k] as number) : undefined);
  const prompt = num('prompt_tokens') ?? num('input_tokens') ?? 0;
  const completion = num('completion_tokens') ?? num('output_tokens') ?? 0;
  const total = num('total_tokens') ?? prompt + completion;
  return { prompt, completion, total };
}

/** Cosine distance (1 − cosine similarity): 0 for the same direction; what score-threshold bounds [U]. */
export function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
}
