// <set-body>text or expression</set-body>: the request body (inbound, backend) or the response
// body (outbound, on-error). https://learn.microsoft.com/azure/api-management/set-body-policy

import { toDisplayString } from '../../expressions/runtime/operators';
import { attribute } from '../../policy/policyDocument';
import type { ModelObject, ModelUrl, MultiValueDictionary, StringDictionary } from '../../expressions/builtins/context';
import { liquidBody, renderLiquid } from '../liquid';
import { bodyText, headersOf, PolicyFailure, setBody as setMessageBody, type PolicyHandler, type PolicyRun } from '../policyRun';

export const setBody: PolicyHandler = async (el, run, origin) => {
  if (attribute(el, 'template')?.value?.toLowerCase() === 'liquid') {
    const template = toDisplayString((await run.content(el)) ?? '');
    const message = run.message;
    const type = headersOf(message).tryGet('Content-Type');
    // Inside return-response the template sees an empty body (§1.5).
    const body = run.messageOverride ? null : liquidBody(bodyText(message), type.found ? (type.value as string[])[0] : undefined);
    let text: string;
    try {
      text = await renderLiquid(template, { body, context: liquidContext(run) });
    } catch (e) {
      throw new PolicyFailure('set-body', 'LiquidTemplateFailure', `The Liquid template failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    setMessageBody(message, text);
    run.traceAt(el, origin, 'set-body', { message: 'The message body was set from the Liquid template.', length: text.length });
    return;
  }
  const value = await run.content(el);
  const text = value === null || value === undefined ? '' : toDisplayString(value);
  setMessageBody(run.message, text);
  run.traceAt(el, origin, 'set-body', { message: 'The message body was set.', length: text.length });
};

/** The `context` a Liquid template reads (§3.7): request and response, headers as name → value. */
function liquidContext(run: PolicyRun): Record<string, unknown> {
  const dict = (d: MultiValueDictionary | StringDictionary | null | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    if (d) for (const e of (d as unknown as { map: Map<unknown, { key: unknown; value: unknown }> }).map.values()) out[String(e.key)] = Array.isArray(e.value) ? e.value.join(',') : String(e.value);
    return out;
  };
  const url = (u: unknown): Record<string, unknown> => {
    const m = u as ModelUrl;
    return { Scheme: m.scheme, Host: m.host, Port: m.port, Path: m.path, Query: dict(m.query), QueryString: m.queryString(), ToString: m.toString() };
  };
  const req: ModelObject = run.request;
  const res: ModelObject = run.response;
  return {
    Request: {
      Url: url(req.fields['Url']),
      OriginalUrl: url(req.fields['OriginalUrl']),
      Method: req.fields['Method'],
      IpAddress: req.fields['IpAddress'],
      MatchedParameters: dict(req.fields['MatchedParameters'] as StringDictionary),
      HasBody: req.fields['Body'] !== null,
      Headers: dict(req.fields['Headers'] as MultiValueDictionary),
    },
    Response: { StatusCode: res.fields['StatusCode'], Headers: dict(res.fields['Headers'] as MultiValueDictionary) },
  };
}
