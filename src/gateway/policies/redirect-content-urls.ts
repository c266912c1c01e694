// <redirect-content-urls />: in outbound, backend URLs in the response body become gateway URLs;
// in inbound, gateway URLs in the request body become backend URLs. Headers are left alone.
// https://learn.microsoft.com/azure/api-management/redirect-content-urls-policy

import type { ModelObject, ModelUrl } from '../../expressions/builtins/context';
import { bodyText, setBody, type PolicyHandler } from '../policyRun';

export const redirectContentUrls: PolicyHandler = async (el, run, origin) => {
  const original = run.request.fields['OriginalUrl'] as ModelUrl;
  const api = run.context.fields['Api'] as ModelObject;
  const path = String(api.fields['Path'] ?? '').replace(/^\/+|\/+$/g, '');
  const port = (original.scheme === 'https' && original.port === 443) || (original.scheme === 'http' && original.port === 80) ? '' : `:${original.port}`;
  const gateway = `${original.scheme}://${original.host}${port}${path ? `/${path}` : ''}`;
  const backend = run.backendBase.replace(/\/+$/, '');
  const [from, to] = run.section === 'inbound' ? [gateway, backend] : [backend, gateway];
  const body = bodyText(run.message);
  if (body === null || !from || !body.includes(from)) {
    run.traceAt(el, origin, 'redirect-content-urls', { message: `The body has no '${from}' to replace.` });
    return;
  }
  const count = body.split(from).length - 1;
  setBody(run.message, body.split(from).join(to));
  run.traceAt(el, origin, 'redirect-content-urls', { message: `Replaced ${count} occurrence${count === 1 ? '' : 's'} of '${from}' with '${to}'.` });
};
