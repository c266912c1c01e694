// <rewrite-uri template="/v2/orders/{orderId}" copy-unmatched-params="true" />: the backend path
// becomes the template with the operation's parameters filled in, after the backend base.
// https://learn.microsoft.com/azure/api-management/rewrite-uri-policy

import { ModelUrl, type ModelObject, type StringDictionary } from '../../expressions/builtins/context';
import { templateQueryNames } from '../urlTemplate';
import { requestUrl, type PolicyHandler } from '../policyRun';

export const rewriteUri: PolicyHandler = async (el, run, origin) => {
  const template = (await run.attrString(el, 'template')) ?? '/';
  const copy = await run.attrBool(el, 'copy-unmatched-params', true);
  const params = run.request.fields['MatchedParameters'] as StringDictionary;
  const used = new Set<string>();
  const filled = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    used.add(name.toLowerCase());
    const v = params.tryGet(name);
    return v.found ? encodeURIComponent(String(v.value)) : '';
  });
  const old = requestUrl(run);
  const base = run.backendBase.replace(/\/+$/, '');
  const next = ModelUrl.parse(`${base}${filled.startsWith('/') ? '' : '/'}${filled}`);
  if (copy) {
    // Query parameters the operation's template matched (`/get?a={b}` matches a) are not "unmatched":
    // with /get?a=b&c=d, template /put gives /put?c=d (rewrite-uri page).
    const operation = run.context.fields['Operation'] as ModelObject | null;
    const matched = new Set(templateQueryNames(String(operation?.fields['UrlTemplate'] ?? '')).map((n) => n.toLowerCase()));
    for (const kv of old.query) {
      const { key, value } = kv as { key: string; value: string[] };
      if (!used.has(key.toLowerCase()) && !matched.has(key.toLowerCase()) && !next.query.has(key)) next.query.set(key, value);
    }
  }
  run.request.fields['Url'] = next;
  run.traceAt(el, origin, 'rewrite-uri', { message: 'Updated request URL per specified rewrite template.', request: { url: next.toString() } });
};
