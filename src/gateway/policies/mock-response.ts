// <mock-response status-code content-type index />: ends the pipeline with a mocked response built
// from the operation's response in the API definition (§6.15): its example for the status code and
// content type (the first type when none is given; `index` picks among several examples), else a
// sample generated from the schema; no definition, or no content for the status, gives an empty body.
// https://learn.microsoft.com/azure/api-management/mock-response-policy

import { MessageBody, ModelObject, MultiValueDictionary } from '../../expressions/builtins/context';
import { reasonPhrase, type PolicyHandler } from '../policyRun';

export const mockResponse: PolicyHandler = async (el, run, origin) => {
  const status = (await run.attrNumber(el, 'status-code')) ?? 200;
  const type = await run.attrString(el, 'content-type');
  const index = await run.attrNumber(el, 'index');
  const spec = run.api?.specification;
  const op = spec && run.operation ? spec.operationFor(run.operation) : undefined;
  const example = spec && op ? spec.responseExample(op, String(status), type, index) : undefined;
  const contentType = type ?? example?.contentType;
  run.context.fields['Response'] = new ModelObject('IResponse', {
    StatusCode: status,
    StatusReason: reasonPhrase(status),
    Headers: contentType ? MultiValueDictionary.of([['Content-Type', contentType]]) : new MultiValueDictionary(),
    Body: example && example.body !== '' ? new MessageBody(example.body, contentType) : null,
  });
  run.ended = true;
  const why = !spec ? 'the API has no definition' : !op ? 'the operation is not in the API definition' : !example || example.from === 'none' ? `the definition has no ${type ? `${type} ` : ''}example or schema for ${status}` : undefined;
  const source = example?.from === 'example' ? 'example' : 'schema (a generated sample)';
  run.traceAt(el, origin, 'mock-response', { message: why ? `A mocked ${status} response was returned with an empty body: ${why}.` : `A mocked ${status} response was returned from the API definition's ${example?.contentType} ${source}.` });
};
