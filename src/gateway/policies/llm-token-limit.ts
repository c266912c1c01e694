// <llm-token-limit counter-key tokens-per-minute token-quota token-quota-period
// estimate-prompt-tokens …/> and <azure-openai-token-limit …/>: tokens per minute (429 +
// Retry-After) and a token quota per period (403) by counter key (apim-policies.md §6.21).
// With estimate-prompt-tokens (or a streaming request) the prompt is estimated and checked before
// the backend is called; otherwise the reported `usage` counts after the fact, and later requests
// are refused until the window frees up.
// https://learn.microsoft.com/azure/api-management/llm-token-limit-policy

import type { VariablesDictionary } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import { estimateTokens, isStreaming, promptText, reportedUsage } from '../llm';
import { bodyText, errorResponse, PolicyFailure, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';

const MINUTE = 60_000;

/** The fixed period a token quota counts in (UTC): its index and when it ends. */
export function quotaPeriod(period: string, now: number): { index: number; endsMs: number } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period.toLowerCase()) {
    case 'hourly':
      return { index: Math.floor(now / 3_600_000), endsMs: (Math.floor(now / 3_600_000) + 1) * 3_600_000 };
    case 'daily':
      return { index: Math.floor(now / 86_400_000), endsMs: (Math.floor(now / 86_400_000) + 1) * 86_400_000 };
    case 'weekly': {
      // Weeks start on Monday [U]; 1970-01-01 was a Thursday.
      const index = Math.floor((now / 86_400_000 + 3) / 7);
      return { index, endsMs: ((index + 1) * 7 - 3) * 86_400_000 };
    }
    case 'yearly':
      return { index: y, endsMs: Date.UTC(y + 1, 0, 1) };
    default: // Monthly
      return { index: y * 12 + m, endsMs: Date.UTC(y, m + 1, 1) };
  }
}

async function tokenLimit(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: string): Promise<void> {
  const key = toDisplayString((await run.attr(el, 'counter-key')) ?? '');
  const tpm = await run.attrNumber(el, 'tokens-per-minute');
  const quota = await run.attrNumber(el, 'token-quota');
  const period = (await run.attrString(el, 'token-quota-period')) ?? 'Monthly';
  const body = bodyText(run.request);
  const estimate = (await run.attrBool(el, 'estimate-prompt-tokens', false)) || isStreaming(body);
  const names = {
    retryHeader: (await run.attrString(el, 'retry-after-header-name')) ?? 'Retry-After',
    retryVariable: await run.attrString(el, 'retry-after-variable-name'),
    remainingHeader: await run.attrString(el, 'remaining-tokens-header-name'),
    remainingVariable: await run.attrString(el, 'remaining-tokens-variable-name'),
    remainingQuotaHeader: await run.attrString(el, 'remaining-quota-tokens-header-name'),
    remainingQuotaVariable: await run.attrString(el, 'remaining-quota-tokens-variable-name'),
    consumedHeader: await run.attrString(el, 'tokens-consumed-header-name'),
    consumedVariable: await run.attrString(el, 'tokens-consumed-variable-name'),
  };
  const variables = run.context.fields['Variables'] as VariablesDictionary;
  const now = run.clock.now();
  const counter = `${source}|${key}`;
  const window = (run.state.tokens.get(counter) ?? []).filter((e) => e.t > now - MINUTE);
  run.state.tokens.set(counter, window);
  const used = window.reduce((sum, e) => sum + e.n, 0);
  const prompt = estimate ? estimateTokens(promptText(body)) : 0;
  const { index, endsMs } = quotaPeriod(period, now);
  let q = run.state.tokenQuotas.get(counter);
  if (!q || q.window !== index) {
    q = { window: index, used: 0 };
    run.state.tokenQuotas.set(counter, q);
  }

  if (tpm !== undefined && (estimate ? used + prompt > tpm : used >= tpm)) {
    // Seconds until the oldest counted request leaves the one-minute window [U].
    const retryAfter = Math.max(1, Math.ceil(((window[0]?.t ?? now) + MINUTE - now) / 1000));
    if (names.retryVariable) variables.set(names.retryVariable, retryAfter);
    const headers: [string, string][] = [[names.retryHeader, String(retryAfter)]];
    if (names.remainingHeader) headers.push([names.remainingHeader, '0']);
    // [U] body text: the reference gives none for the LLM limits (§8: {statusCode, message}).
    throw new PolicyFailure(source, 'TokenLimitExceeded', 'Token limit is exceeded', errorResponse(429, `Token limit is exceeded. Try again in ${retryAfter} seconds.`, headers));
  }
  if (quota !== undefined && (estimate ? q.used + prompt > quota : q.used >= quota)) {
    const retryAfter = Math.max(1, Math.ceil((endsMs - now) / 1000));
    if (names.retryVariable) variables.set(names.retryVariable, retryAfter);
    const headers: [string, string][] = [[names.retryHeader, String(retryAfter)]];
    if (names.remainingQuotaHeader) headers.push([names.remainingQuotaHeader, '0']);
    throw new PolicyFailure(source, 'TokenQuotaExceeded', 'Token quota is exceeded', errorResponse(403, `Token quota is exceeded. Try again in ${retryAfter} seconds.`, headers));
  }

  const entry = { t: now, n: prompt };
  window.push(entry);
  const remaining = tpm === undefined ? undefined : Math.max(0, tpm - used - prompt);
  const remainingQuota = quota === undefined ? undefined : Math.max(0, quota - q.used - prompt);
  if (remaining !== undefined && names.remainingVariable) variables.set(names.remainingVariable, remaining);
  if (remaining !== undefined && names.remainingHeader) run.responseHeaders.push([names.remainingHeader, String(remaining)]);
  if (remainingQuota !== undefined && names.remainingQuotaVariable) variables.set(names.remainingQuotaVariable, remainingQuota);
  if (remainingQuota !== undefined && names.remainingQuotaHeader) run.responseHeaders.push([names.remainingQuotaHeader, String(remainingQuota)]);
  // Initialised to the prompt estimate (or 0) and updated with the reported count (§6.21).
  if (names.consumedVariable) variables.set(names.consumedVariable, prompt);
  const quotaState = q;
  run.beforeOutbound.push(async () => {
    const usage = reportedUsage(bodyText(run.response));
    // Without a reported usage (streaming), the estimate stands.
    if (usage) entry.n = usage.total;
    quotaState.used += entry.n;
    if (names.consumedVariable) variables.set(names.consumedVariable, entry.n);
    if (names.consumedHeader) run.responseHeaders.push([names.consumedHeader, String(entry.n)]);
  });
  run.traceAt(el, origin, source, {
    message: [
      tpm !== undefined ? `${used} of ${tpm} tokens used in the last minute${estimate ? `; ${prompt} estimated for this prompt` : ''}.` : undefined,
      quota !== undefined ? `${q.used} of ${quota} tokens of the ${period.toLowerCase()} quota used.` : undefined,
    ].filter(Boolean),
    counter: key,
  });
}

export const llmTokenLimit: PolicyHandler = (el, run, origin) => tokenLimit(el, run, origin, 'llm-token-limit');
export const azureOpenaiTokenLimit: PolicyHandler = (el, run, origin) => tokenLimit(el, run, origin, 'azure-openai-token-limit');
