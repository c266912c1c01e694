// <llm-emit-token-metric namespace><dimension name value />…</llm-emit-token-metric> and
// <azure-openai-emit-token-metric>: once the model answered, the Total, Prompt and Completion
// token counts go to Azure Monitor with the dimensions (apim-policies.md §6.20). The simulator
// records them in the outbox; without a reported `usage` (streaming) the counts are estimated.
// https://learn.microsoft.com/azure/api-management/llm-emit-token-metric-policy

import type { ModelObject } from '../../expressions/builtins/context';
import { toDisplayString } from '../../expressions/runtime/operators';
import { completionText, estimateTokens, promptText, reportedUsage } from '../llm';
import { bodyText, type PolicyHandler, type PolicyRun, type StatementOrigin } from '../policyRun';
import type { PolicyElement } from '../../policy/policyDocument';
import { record } from './outbox';

/** The default dimensions a `<dimension name="…" />` without a value takes from the request. */
function defaultDimension(run: PolicyRun, name: string): string | undefined {
  const field = (model: string, f: string): string => {
    const o = run.context.fields[model] as ModelObject | null | undefined;
    return o ? toDisplayString(o.fields[f] ?? '') : '';
  };
  switch (name.toLowerCase()) {
    case 'api id':
      return field('Api', 'Id');
    case 'operation id':
      return field('Operation', 'Id');
    case 'product id':
      return field('Product', 'Id');
    case 'user id':
      return field('User', 'Id');
    case 'subscription id':
      return field('Subscription', 'Id');
    case 'location':
      return field('Deployment', 'Region');
    case 'gateway id':
      return field('Deployment', 'GatewayId');
    case 'backend id':
      return run.backendId ?? '';
    default:
      return undefined;
  }
}

async function emitTokens(el: PolicyElement, run: PolicyRun, origin: StatementOrigin, source: string): Promise<void> {
  const namespace = (await run.attrString(el, 'namespace')) ?? 'API Management';
  const dimensions: Record<string, string> = {};
  for (const d of run.children(el, 'dimension')) {
    const name = (await run.attrString(d, 'name')) ?? '';
    const value = d.attributes.some((a) => a.name === 'value') ? ((await run.attrString(d, 'value')) ?? '') : (defaultDimension(run, name) ?? '');
    dimensions[name] = value;
  }
  const prompt = bodyText(run.request);
  const dimensionsNote = Object.keys(dimensions);
  run.beforeOutbound.push(async () => {
    const answer = bodyText(run.response);
    const usage = reportedUsage(answer);
    const counts = usage ?? { prompt: estimateTokens(promptText(prompt)), completion: estimateTokens(completionText(answer)), total: 0 };
    const total = usage ? usage.total : counts.prompt + counts.completion;
    const estimated = usage === undefined;
    for (const [metric, value] of [['Total Tokens', total], ['Prompt Tokens', counts.prompt], ['Completion Tokens', counts.completion]] as const) {
      record(run, el, origin, source, `metric '${namespace}/${metric}'`, { name: metric, namespace, value, dimensions, ...(estimated ? { estimated: true } : {}) });
    }
  });
  run.traceAt(el, origin, source, { message: `Token metrics will be emitted when the model answers, with the dimensions ${dimensionsNote.join(', ') || '(none)'}.` });
}

export const llmEmitTokenMetric: PolicyHandler = (el, run, origin) => emitTokens(el, run, origin, 'llm-emit-token-metric');
export const azureOpenaiEmitTokenMetric: PolicyHandler = (el, run, origin) => emitTokens(el, run, origin, 'azure-openai-emit-token-metric');
