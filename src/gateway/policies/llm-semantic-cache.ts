// <llm-semantic-cache-lookup score-threshold embeddings-backend-id embeddings-backend-auth
// ignore-system-messages max-message-count><vary-by>…</vary-by></llm-semantic-cache-lookup> and
// <llm-semantic-cache-store duration />, with their azure-openai-* twins (apim-policies.md §6.21).
// The lookup asks the embeddings backend (through the transport) for the prompt's vector and
// returns a cached completion whose prompt is close enough; the store keeps the completion for
// `duration` seconds. Cache failures are silent, as in the gateway.
// https://learn.microsoft.com/azure/api-management/llm-semantic-cache-lookup-policy

import { ModelUrl, type ModelObject } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import { cosineDistance, promptMessages } from '../llm';
import { applyBackendCredentials, bodyText, cachedResponse, responseFrom, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';
import { simulatedToken } from './authentication-managed-identity';

/** The prompt's vector from the embeddings backend, or why there is none. */
async function embedding(run: PolicyRun, backendId: string, text: string): Promise<number[] | string> {
  const backend = run.config.backends.get(backendId);
  if (!backend?.url) return `the embeddings backend '${backendId}' is not defined (or has no url)`;
  const url = ModelUrl.parse(backend.url);
  const token = simulatedToken('https://cognitiveservices.azure.com', undefined, run.clock.now());
  run.addSecret(token);
  const headers: [string, string][] = [['Content-Type', 'application/json'], ['Authorization', `Bearer ${token}`]];
  applyBackendCredentials(run, backend, headers, url);
  const outcome = await run.transport.send({ method: 'POST', url: url.toString(), headers, body: JSON.stringify({ input: text }) }, 20_000);
  run.clock.advance(outcome.delayMs);
  if (outcome.kind === 'fault') return outcome.message;
  if (outcome.status < 200 || outcome.status > 299) return `the embeddings backend answered ${outcome.status}`;
  try {
    const v = (JSON.parse(outcome.body ?? '') as { data?: { embedding?: unknown }[] }).data?.[0]?.embedding;
    return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : 'the embeddings answer has no data[0].embedding';
  } catch {
    return 'the embeddings answer is not JSON';
  }
}

/**
 * The score compared with score-threshold is the cosine distance between the prompt vectors, so 0
 * is identical and a lower threshold is stricter, as the docs describe [U: the exact metric of the
 * external cache is not documented]. Change in llm.ts (cosineDistance).
 */
async function lookup(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: string): Promise<void> {
  const threshold = (await run.attrNumber(el, 'score-threshold')) ?? 0;
  const backendId = (await run.attrString(el, 'embeddings-backend-id')) ?? '';
  const ignoreSystem = await run.attrBool(el, 'ignore-system-messages', false);
  const maxMessages = await run.attrNumber(el, 'max-message-count');
  let messages = promptMessages(bodyText(run.request));
  if (ignoreSystem) messages = messages.filter((m) => m.role !== 'system');
  if (maxMessages !== undefined && messages.length > maxMessages) {
    run.traceAt(el, origin, source, { message: `The dialog has ${messages.length} messages, over max-message-count ${maxMessages}: not cached.` });
    return;
  }
  const varyBy: string[] = [];
  for (const v of run.children(el, 'vary-by')) varyBy.push(toDisplayString((await run.content(v)) ?? ''));
  const partition = `${toDisplayString((run.context.fields['Api'] as ModelObject).fields['Id'])}\u0000${varyBy.join('')}`;
  const vector = await embedding(run, backendId, messages.map((m) => m.text).join('\n'));
  if (typeof vector === 'string') {
    run.traceAt(el, origin, source, { message: `Cache lookup failed and was ignored: ${vector}.` });
    return;
  }
  const now = run.clock.now();
  const entries = (run.state.semantic.get(partition) ?? []).filter((e) => e.response.expiresMs > now);
  run.state.semantic.set(partition, entries);
  let best: { score: number; entry: (typeof entries)[number] } | undefined;
  for (const entry of entries) {
    const score = cosineDistance(vector, entry.embedding);
    if (!best || score < best.score) best = { score, entry };
  }
  if (best && best.score <= threshold) {
    const hit = best.entry.response;
    run.context.fields['Response'] = responseFrom(hit);
    run.cacheHit = 'semantic';
    run.traceAt(el, origin, source, { message: `Semantic cache hit with score ${best.score.toFixed(4)} (threshold ${threshold}): the cached completion is returned.` });
    return;
  }
  run.semanticMiss = { partition, embedding: vector };
  run.traceAt(el, origin, source, { message: best ? `Semantic cache miss: the closest entry scored ${best.score.toFixed(4)}, over the threshold ${threshold}.` : 'Semantic cache miss: no entry for this partition.' });
}

async function store(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: string): Promise<void> {
  const miss = run.semanticMiss;
  if (!miss) return;
  const status = Number(run.response.fields['StatusCode']);
  if (status !== 200) {
    run.traceAt(el, origin, source, { message: `Only successful completions are cached (status ${status}).` });
    return;
  }
  const duration = (await run.attrNumber(el, 'duration')) ?? 0;
  const entries = run.state.semantic.get(miss.partition) ?? [];
  entries.push({ embedding: miss.embedding, response: cachedResponse(run.response, run.clock.now() + duration * 1000) });
  run.state.semantic.set(miss.partition, entries);
  run.traceAt(el, origin, source, { message: `The completion was stored in the semantic cache for ${duration} seconds.` });
}

export const llmSemanticCacheLookup: PolicyHandler = (el, run, origin) => lookup(el, run, origin, 'llm-semantic-cache-lookup');
export const llmSemanticCacheStore: PolicyHandler = (el, run, origin) => store(el, run, origin, 'llm-semantic-cache-store');
export const azureOpenaiSemanticCacheLookup: PolicyHandler = (el, run, origin) => lookup(el, run, origin, 'azure-openai-semantic-cache-lookup');
export const azureOpenaiSemanticCacheStore: PolicyHandler = (el, run, origin) => store(el, run, origin, 'azure-openai-semantic-cache-store');
