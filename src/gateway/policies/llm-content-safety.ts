// <llm-content-safety backend-id shield-prompt enforce-on-completions window-size
// window-overlap-size><categories output-type><category name threshold />…</categories>
// <blocklists><id>…</id></blocklists></llm-content-safety>: the prompt (inbound) or completion
// (outbound) goes to Azure AI Content Safety through the named backend; a category at or over its
// threshold, a blocklist hit, a detected prompt attack or an over-long text gives 403
// (apim-policies.md §6.21). The calls go through the transport, so scenarios answer them.
// https://learn.microsoft.com/azure/api-management/llm-content-safety-policy

import { ModelUrl } from '../../expressions/builtins/context';
import { completionText, promptText } from '../llm';
import { applyBackendCredentials, bodyText, errorResponse, PolicyFailure, type PolicyHandler, type PolicyRun } from '../policyRun';

/** The Content Safety text APIs the gateway calls [U: API versions as documented by the service]. */
export const ANALYZE_PATH = '/contentsafety/text:analyze?api-version=2023-10-01';
export const SHIELD_PATH = '/contentsafety/text:shieldPrompt?api-version=2024-09-01';
/** The service's per-request character limit for text analysis. */
export const MAX_TEXT_CHARS = 10_000;
/** [U] the text of the 403: not documented. */
export const BLOCKED_MESSAGE = 'The request was blocked by the content safety policy.';

function windows(text: string, size: number | undefined, overlap: number): string[] {
  if (!size || size <= 0 || text.length <= size) return [text];
  const out: string[] = [];
  const step = Math.max(1, size - overlap);
  for (let i = 0; i < text.length; i += step) {
    out.push(text.slice(i, i + size));
    if (i + size >= text.length) break;
  }
  return out;
}

async function call(run: PolicyRun, backendId: string, path: string, payload: unknown): Promise<Record<string, unknown>> {
  const backend = run.config.backends.get(backendId);
  if (!backend?.url) throw new PolicyFailure('llm-content-safety', 'BackendNotFound', `The content safety backend '${backendId}' is not defined (or has no url).`);
  const url = ModelUrl.parse(`${backend.url.replace(/\/+$/, '')}${path}`);
  const headers: [string, string][] = [['Content-Type', 'application/json']];
  applyBackendCredentials(run, backend, headers, url);
  const outcome = await run.transport.send({ method: 'POST', url: url.toString(), headers, body: JSON.stringify(payload) }, 20_000);
  run.clock.advance(outcome.delayMs);
  if (outcome.kind === 'fault') throw new PolicyFailure('llm-content-safety', outcome.fault === 'timeout' ? 'Timeout' : 'BackendConnectionFailure', `Content safety call to ${url.toString()} failed: ${outcome.message}`);
  if (outcome.status < 200 || outcome.status > 299) throw new PolicyFailure('llm-content-safety', 'ContentSafetyError', `Content safety answered ${outcome.status} to ${url.toString()}.`);
  try {
    return JSON.parse(outcome.body ?? '{}') as Record<string, unknown>;
  } catch {
    throw new PolicyFailure('llm-content-safety', 'ContentSafetyError', `Content safety answered with a body that is not JSON (${url.toString()}).`);
  }
}

export const llmContentSafety: PolicyHandler = async (el, run, origin) => {
  const backendId = (await run.attrString(el, 'backend-id')) ?? '';
  const shield = await run.attrBool(el, 'shield-prompt', false);
  const windowSize = (await run.attrNumber(el, 'window-size')) || undefined;
  const overlap = (await run.attrNumber(el, 'window-overlap-size')) ?? 0;
  const categoriesEl = run.children(el, 'categories')[0];
  const outputType = (categoriesEl ? await run.attrString(categoriesEl, 'output-type') : undefined) ?? 'FourSeverityLevels';
  const thresholds = new Map<string, number>();
  for (const c of categoriesEl ? run.children(categoriesEl, 'category') : []) thresholds.set(((await run.attrString(c, 'name')) ?? '').toLowerCase(), (await run.attrNumber(c, 'threshold')) ?? 0);
  const blocklists = await run.childTexts(run.children(el, 'blocklists')[0], 'id');
  const inbound = run.section === 'inbound';
  const text = inbound ? promptText(bodyText(run.request)) : completionText(bodyText(run.response));
  const what = inbound ? 'prompt' : 'completion';
  const block = (reason: string): never => {
    run.traceAt(el, origin, 'llm-content-safety', { message: `The ${what} was blocked: ${reason}` }, { error: true });
    throw new PolicyFailure('llm-content-safety', 'ContentSafetyViolation', `The ${what} was blocked: ${reason}`, errorResponse(403, BLOCKED_MESSAGE));
  };
  const chunks = windows(text, windowSize, overlap);
  for (const chunk of chunks) {
    if (chunk.length > MAX_TEXT_CHARS) block(`the text is ${chunk.length} characters long, over the service's limit of ${MAX_TEXT_CHARS}.`);
    const result = await call(run, backendId, ANALYZE_PATH, { text: chunk, categories: [...thresholds.keys()].map((k) => k.charAt(0).toUpperCase() + k.slice(1)), blocklistNames: blocklists, haltOnBlocklistHit: blocklists.length > 0, outputType });
    const matches = (result['blocklistsMatch'] ?? []) as unknown[];
    if (Array.isArray(matches) && matches.length > 0) block(`a blocklist matched (${JSON.stringify(matches[0])}).`);
    for (const a of (result['categoriesAnalysis'] ?? []) as { category?: string; severity?: number }[]) {
      const threshold = thresholds.get(String(a.category ?? '').toLowerCase());
      if (threshold !== undefined && typeof a.severity === 'number' && a.severity >= threshold) block(`category ${a.category} has severity ${a.severity}, at or over the threshold ${threshold}.`);
    }
  }
  if (shield && inbound) {
    const result = await call(run, backendId, SHIELD_PATH, { userPrompt: text, documents: [] });
    if ((result['userPromptAnalysis'] as { attackDetected?: boolean } | undefined)?.attackDetected === true) block('Prompt Shields detected an attack in the prompt.');
  }
  run.traceAt(el, origin, 'llm-content-safety', { message: `The ${what} passed content safety (${chunks.length} ${chunks.length === 1 ? 'request' : 'windows'}${shield && inbound ? ', Prompt Shields' : ''}).` });
};
