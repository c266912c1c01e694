// <proxy url username password />: the backend request (or, inside send-request, that request)
// goes through an HTTP proxy. The simulator records the proxy on the call; the real-HTTP
// transport sends through it. https://learn.microsoft.com/azure/api-management/proxy-policy

import { PolicyFailure, type PolicyHandler } from '../policyRun';

export const proxy: PolicyHandler = async (el, run, origin) => {
  const url = (await run.attrString(el, 'url')) ?? '';
  const username = await run.attrString(el, 'username');
  const password = await run.attrString(el, 'password');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PolicyFailure('proxy', 'InvalidProxyUrl', `The proxy url '${url}' is not an absolute URL (http://host:port).`);
  }
  if (password) run.addSecret(password);
  run.requestTarget.fields['__proxy'] = { url: parsed.toString().replace(/\/$/, ''), ...(username ? { username } : {}), ...(password ? { password } : {}) };
  run.traceAt(el, origin, 'proxy', { message: `The request will be sent through the proxy ${parsed.host}${username ? ` as '${username}'` : ''}.` });
};
