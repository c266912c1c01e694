// <validate-graphql-request error-variable-name max-size max-depth><authorize><rule path action />
// </authorize></validate-graphql-request>: the GraphQL request is parsed and validated against the
// API's schema (graphql-js), its depth and size bounded, and field-level rules applied: `reject`
// fails the request, `remove` drops the field and reports a field error with the answer, `allow`
// passes, `ignore` defers to the next rule; the most specific path wins (`/Type/field`, then
// `/Type`, then `/__*` for introspection fields). A request error ends the request with an
// `errors` block and no `data` (apim-policies.md §6.14); every error is also in `GraphQLErrors`.
// https://learn.microsoft.com/azure/api-management/validate-graphql-request-policy

import { buildSchema, getNamedType, isCompositeType, Kind, parse, print, specifiedRules, TypeInfo, validate, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { MessageBody, ModelObject, MultiValueDictionary, type ModelUrl, type VariablesDictionary } from '../../expressions/builtins/context';
import { parseJson } from '../../expressions/builtins/json';
import { toDisplayString } from '../../expressions/runtime/operators';
import type { PolicyElement } from '../../policy/policyDocument';
import { bodyText, headersOf, reasonPhrase, setBody, type PolicyHandler, type PolicyRun } from '../policyRun';

/**
 * The status of a request error [U: the docs say only "the request being failed with an errors
 * block (but no data block)"; GraphQL over HTTP with application/json answers request errors with
 * 200]. Change here.
 */
export const GRAPHQL_REQUEST_ERROR_STATUS = 200;

const schemas = new WeakMap<object, GraphQLSchema | string>();

function schemaOf(run: PolicyRun): GraphQLSchema | string {
  const api = run.api;
  if (!api?.graphqlSchema) return `The API '${api?.id ?? ''}' has no GraphQL schema.`;
  let s = schemas.get(api);
  if (!s) {
    try {
      s = buildSchema(api.graphqlSchema);
    } catch (e) {
      s = `The API's GraphQL schema is not valid: ${(e as Error).message}`;
    }
    schemas.set(api, s);
  }
  return s;
}

interface GraphQLRequest {
  readonly query: string;
  readonly variables?: unknown;
  readonly operationName?: string;
  /** Where the query came from, to write it back after `remove`. */
  readonly from: 'json' | 'graphql' | 'query';
  readonly json?: Record<string, unknown>;
}

function readRequest(run: PolicyRun): GraphQLRequest | string {
  const body = bodyText(run.request);
  const type = (headersOf(run.request).tryGet('Content-Type').value as string[] | undefined)?.[0]?.toLowerCase() ?? '';
  if (body && body.trim()) {
    if (type.includes('application/graphql')) return { query: body, from: 'graphql' };
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      if (typeof json?.['query'] !== 'string') return 'The request body has no "query" string.';
      return { query: json['query'], variables: json['variables'], ...(typeof json['operationName'] === 'string' ? { operationName: json['operationName'] } : {}), from: 'json', json };
    } catch (e) {
      return `The request body is not JSON: ${(e as Error).message}`;
    }
  }
  const q = (run.request.fields['Url'] as ModelUrl).query.tryGet('query');
  if (q.found) return { query: (q.value as string[])[0] ?? '', from: 'query' };
  return 'The request has no GraphQL query.';
}

/** The deepest nesting of field selections, fragments followed. */
function depthOf(doc: DocumentNode): number {
  const fragments = new Map(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) max = Math.max(max, 1 + depth(sel.selectionSet, seen));
      else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depth(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) max = Math.max(max, depth(fragments.get(sel.name.value)?.selectionSet, new Set([...seen, sel.name.value])));
    }
    return max;
  };
  return Math.max(0, ...doc.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? depth(d.selectionSet, new Set()) : 0)));
}

/** The rules that apply to a field, most specific first. */
function candidates(rules: readonly { path: string; el: PolicyElement }[], type: string, field: string): { path: string; el: PolicyElement }[] {
  const at = (p: string): { path: string; el: PolicyElement }[] => rules.filter((r) => r.path.toLowerCase() === p.toLowerCase());
  return [...at(`/${type}/${field}`), ...at(`/${type}/*`), ...at(`/${type}`), ...(field.startsWith('__') ? at('/__*') : []), ...at('/*')];
}

async function actionOf(run: PolicyRun, el: PolicyElement): Promise<string> {
  const v = el.attributes.some((a) => a.name === 'action') ? toDisplayString((await run.attr(el, 'action')) ?? 'allow').toLowerCase() : 'allow';
  // The docs' second example writes "deny"; treated as reject [U].
  return v === 'deny' ? 'reject' : v;
}

export const validateGraphqlRequest: PolicyHandler = async (el, run, origin) => {
  const errorVariable = await run.attrString(el, 'error-variable-name');
  const maxSize = (await run.attrNumber(el, 'max-size')) ?? 102400;
  const maxDepth = (await run.attrNumber(el, 'max-depth')) ?? 6;
  const variables = run.context.fields['Variables'] as VariablesDictionary;
  const record = (errors: { message: string; path?: readonly (string | number)[] }[]): void => {
    const value = parseJson(JSON.stringify(errors));
    variables.set('GraphQLErrors', value);
    if (errorVariable) variables.set(errorVariable, value);
  };
  const requestError = (messages: string[]): void => {
    const errors = messages.map((message) => ({ message }));
    record(errors);
    run.context.fields['Response'] = new ModelObject('IResponse', {
      StatusCode: GRAPHQL_REQUEST_ERROR_STATUS,
      StatusReason: reasonPhrase(GRAPHQL_REQUEST_ERROR_STATUS),
      Headers: MultiValueDictionary.of([['Content-Type', 'application/json']]),
      Body: new MessageBody(JSON.stringify({ errors }), 'application/json'),
    });
    run.ended = true;
    run.traceAt(el, origin, 'validate-graphql-request', { message: 'The GraphQL request was refused (request error).', errors: messages }, { error: true });
  };

  const size = Buffer.byteLength(bodyText(run.request) ?? '', 'utf8');
  if (size > maxSize) return requestError([`The request is ${size} bytes long and it exceeds the limit of ${maxSize} bytes.`]);
  const schema = schemaOf(run);
  if (typeof schema === 'string') return requestError([schema]);
  const request = readRequest(run);
  if (typeof request === 'string') return requestError([request]);
  let doc: DocumentNode;
  try {
    doc = parse(request.query);
  } catch (e) {
    return requestError([(e as Error).message]);
  }
  const invalid = validate(schema, doc, specifiedRules);
  if (invalid.length) return requestError(invalid.map((e) => e.message));
  const depth = depthOf(doc);
  if (depth > maxDepth) return requestError([`The query depth ${depth} exceeds the maximum depth of ${maxDepth}.`]);

  // Field-level authorization: only for valid requests.
  const authorize = run.children(el, 'authorize')[0];
  const rules: { path: string; el: PolicyElement }[] = [];
  for (const r of authorize ? run.children(authorize, 'rule') : []) rules.push({ path: (await run.attrString(r, 'path')) ?? '', el: r });
  const fields: { type: string; field: string; node: object }[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(doc, visitWithTypeInfo(typeInfo, { Field: (node) => {
    const parent = typeInfo.getParentType();
    if (parent && isCompositeType(getNamedType(parent))) fields.push({ type: parent.name, field: node.name.value, node });
  } }));
  const removed = new Set<object>();
  const fieldErrors: { message: string }[] = [];
  for (const f of fields) {
    for (const rule of candidates(rules, f.type, f.field)) {
      const action = await actionOf(run, rule.el);
      if (action === 'ignore') continue;
      if (action === 'reject') return requestError([`The field ${f.type}.${f.field} is not authorized (rule ${rule.path}).`]);
      if (action === 'remove') {
        removed.add(f.node);
        fieldErrors.push({ message: `The field ${f.type}.${f.field} was removed (rule ${rule.path}).` });
      }
      break;
    }
  }
  if (removed.size) {
    const rewritten = print(visit(doc, { Field: (node) => (removed.has(node) ? null : undefined) }));
    if (request.from === 'json') setBody(run.request, JSON.stringify({ ...request.json, query: rewritten }));
    else if (request.from === 'graphql') setBody(run.request, rewritten);
    else (run.request.fields['Url'] as ModelUrl).query.set('query', [rewritten]);
    record(fieldErrors);
    // Field errors travel with the answer, in its `errors` block.
    run.beforeOutbound.push(async () => {
      const answer = bodyText(run.response);
      try {
        const json = JSON.parse(answer ?? '{}') as Record<string, unknown>;
        json['errors'] = [...(Array.isArray(json['errors']) ? json['errors'] : []), ...fieldErrors];
        setBody(run.response, JSON.stringify(json));
      } catch {
        // Not a JSON answer: nothing to add the field errors to.
      }
    });
  }
  run.traceAt(el, origin, 'validate-graphql-request', { message: removed.size ? `The request is valid; ${removed.size} field(s) removed by authorization rules.` : 'The request is valid.' });
};
