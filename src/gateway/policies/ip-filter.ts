// <ip-filter action="allow|forbid"><address/>*<address-range from to/>*</ip-filter>: refuses callers
// by IP address with 403 (apim-policies.md §1.4 errors).
// https://learn.microsoft.com/azure/api-management/ip-filter-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import { PolicyFailure, type PolicyHandler } from '../policyRun';

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
  const response = { status: 403, body: '' };
  if (caller === undefined) throw new PolicyFailure('ip-filter', 'FailedToParseCallerIP', 'Failed to establish IP address for the caller. Access denied.', { ...response, body: JSON.stringify({ statusCode: 403, message: 'Failed to establish IP address for the caller. Access denied.' }) });
  let listed = false;
  for (const a of run.children(el, 'address')) if (ipv4(toDisplayString((await run.content(a)) ?? '')) === caller) listed = true;
  for (const r of run.children(el, 'address-range')) {
    const from = ipv4((await run.attrString(r, 'from')) ?? '');
    const to = ipv4((await run.attrString(r, 'to')) ?? '');
    if (from !== undefined && to !== undefined && caller >= from && caller <= to) listed = true;
  }
  if (action === 'allow' && !listed) {
    const message = `Caller IP address ${callerText} is not allowed. Access denied.`;
    throw new PolicyFailure('ip-filter', 'CallerIpNotAllowed', message, { status: 403, body: JSON.stringify({ statusCode: 403, message }) });
  }
  if (action === 'forbid' && listed) {
    const message = 'Caller IP address is blocked. Access denied.';
    throw new PolicyFailure('ip-filter', 'CallerIpBlocked', message, { status: 403, body: JSON.stringify({ statusCode: 403, message }) });
  }
  run.traceAt(el, origin, 'ip-filter', { message: `Caller IP address ${callerText} was ${action === 'allow' ? 'allowed' : 'not forbidden'}.` });
};
