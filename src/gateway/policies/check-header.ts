// <check-header name failed-check-httpcode failed-check-error-message ignore-case><value/>*</check-header>:
// refuses requests without the header (or with a value not listed).
// https://learn.microsoft.com/azure/api-management/check-header-policy

import { errorResponse, headersOf, PolicyFailure, type PolicyHandler } from '../policyRun';
import { valuesOf } from './set-header';

export const checkHeader: PolicyHandler = async (el, run, origin) => {
  const name = (await run.attrString(el, 'name')) ?? '';
  const status = (await run.attrNumber(el, 'failed-check-httpcode')) ?? 401;
  const message = (await run.attrString(el, 'failed-check-error-message')) ?? '';
  const ignoreCase = await run.attrBool(el, 'ignore-case', false);
  const allowed = await valuesOf(el, run);
  const got = headersOf(run.request).tryGet(name);
  const response = errorResponse(status, message);
  if (!got.found) throw new PolicyFailure('check-header', 'HeaderNotFound', `Header ${name} was not found in the request. Access denied.`, response);
  const values = got.value as string[];
  if (allowed.length) {
    const norm = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
    const ok = values.some((v) => allowed.some((a) => norm(a) === norm(v)));
    if (!ok) throw new PolicyFailure('check-header', 'HeaderValueNotAllowed', `Header ${name} value of ${values.join(',')} is not allowed. Access denied.`, response);
  }
  run.traceAt(el, origin, 'check-header', { message: 'Header validated.', header: { name, value: values.join(',') } });
};
