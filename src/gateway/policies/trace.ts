// <trace source severity><message/><metadata name value/>*</trace>: a custom trace entry.
// https://learn.microsoft.com/azure/api-management/trace-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyHandler } from '../policyRun';

export const trace: PolicyHandler = async (el, run, origin) => {
  const source = (await run.attrString(el, 'source')) ?? 'trace';
  const severity = (await run.attrString(el, 'severity')) ?? 'verbose';
  const messageEl = run.children(el, 'message')[0];
  const message = messageEl ? toDisplayString((await run.content(messageEl)) ?? '') : '';
  const metadata: Record<string, string> = {};
  for (const m of run.children(el, 'metadata')) metadata[(await run.attrString(m, 'name')) ?? ''] = (await run.attrString(m, 'value')) ?? '';
  // Unverified data shape (apim-policies.md §5.2): message, severity and metadata.
  run.traceAt(el, origin, source, { message, severity, ...(Object.keys(metadata).length ? { metadata } : {}) });
};
