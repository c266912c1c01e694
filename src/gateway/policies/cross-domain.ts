// <cross-domain>: a Flash/Silverlight cross-domain policy document the gateway serves at
// /crossdomain.xml (the pipeline answers that path from the global policy). In a request to an
// API it has no effect. https://learn.microsoft.com/azure/api-management/cross-domain-policy

import type { PolicyHandler } from '../policyRun';

export const crossDomain: PolicyHandler = async (el, run, origin) => {
  run.traceAt(el, origin, 'cross-domain', { message: 'The cross-domain policy document is served at /crossdomain.xml; it does not change API requests.' });
};
