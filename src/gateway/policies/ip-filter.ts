// <ip-filter action="allow|forbid"><address/>*<address-range from to/>*</ip-filter>: refuses callers
// by IP address with 403 (apim-policies.md §1.4 errors).
// https://learn.microsoft.com/azure/api-management/ip-filter-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import { errorResponse, PolicyFailure, type PolicyHandler } from '../policyRun';

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return (((parts[0] as number) * 256 + (parts[1] as number)) * 256 + (parts[2] as number)) * 256 + (parts[3] as number);
}

export const ipFilter: PolicyHandler = async (el, run, origin) => {
  const action = ((await run.attrString(el, 'action')) ?? 'allow').toLowerCase();
  const callerText = String(run.request.fields['IpAddress'] ?? '');
  const caller = ipv4(callerText);
  // Every refusal is a 403 whose body repeats the message (§1.4).
  const refuse = (reason: string, message: string): PolicyFailure => new PolicyFailure('ip-filter', reason, message, errorResponse(403, message));
  if (caller === undefined) throw refuse('FailedToParseCallerIP', 'Failed to establish IP address for the caller. Access denied.');
  let listed = false;
  for (const a of run.children(el, 'address')) if (ipv4(toDisplayString((await run.content(a)) ?? '')) === caller) listed = true;
  for (const r of run.children(el, 'address-range')) {
    const from = ipv4((await run.attrString(r, 'from')) ?? '');
    const to = ipv4((await run.attrString(r, 'to')) ?? '');
    if (from !== undefined && to !== undefined && caller >= from && caller <= to) listed = true;
  }
  if (action === 'allow' && !listed) {
    throw refuse('CallerIpNotAllowed', `Caller IP address ${callerText} is not allowed. Access denied.`);
  }
  if (action === 'forbid' && listed) {
    throw refuse('CallerIpBlocked', 'Caller IP address is blocked. Access denied.');
  }
  run.traceAt(el, origin, 'ip-filter', { message: `Caller IP address ${callerText} was ${action === 'allow' ? 'allowed' : 'not forbidden'}.` });
};
