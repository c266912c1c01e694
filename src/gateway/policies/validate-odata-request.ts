// <validate-odata-request error-variable-name default-odata-version min-odata-version
// max-odata-version max-size />: the OData version of the request (OData-Version, else the
// default) within the bounds, the payload size, and the system query options of the URL
// ($top, $skip, $count, … as the OData URL conventions define them for that version).
// https://learn.microsoft.com/azure/api-management/validate-odata-request-policy

import type { ModelUrl, VariablesDictionary } from '../../expressions/builtins/context';
import { parseJson } from '../../expressions/builtins/json';
import { bodyText, errorResponse, headersOf, PolicyFailure, type PolicyHandler } from '../policyRun';

/** The system query options of OData 4.0 / 4.01 (URL conventions §5). */
const SYSTEM_OPTIONS = new Set(['$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$count', '$search', '$format', '$compute', '$index', '$schemaversion', '$skiptoken', '$deltatoken', '$apply', '$levels', '$id']);

/**
 * The status and body of a refused request [U: the docs give neither; 400 with the gateway's
 * usual {statusCode, message} and the first error as the message]. Change here.
 */
export const ODATA_FAILURE_STATUS = 400;

const versionNumber = (v: string): number => {
  const [major, minor] = v.trim().split('.');
  return Number(major) * 100 + Number(minor ?? 0);
};

export const validateOdataRequest: PolicyHandler = async (el, run, origin) => {
  const errors: string[] = [];
  const headers = headersOf(run.request);
  const header = headers.tryGet('OData-Version');
  const version = header.found ? ((header.value as string[])[0] ?? '') : ((await run.attrString(el, 'default-odata-version')) ?? '4.0');
  if (!/^\d+\.\d+$/.test(version.trim())) errors.push(`The OData version '${version}' is not a version number.`);
  else {
    const min = await run.attrString(el, 'min-odata-version');
    const max = await run.attrString(el, 'max-odata-version');
    if (min && versionNumber(version) < versionNumber(min)) errors.push(`The OData version ${version} is lower than the minimum version ${min}.`);
    if (max && versionNumber(version) > versionNumber(max)) errors.push(`The OData version ${version} is higher than the maximum version ${max}.`);
  }
  const maxSize = await run.attrNumber(el, 'max-size');
  const size = Buffer.byteLength(bodyText(run.request) ?? '', 'utf8');
  if (maxSize !== undefined && size > maxSize) errors.push(`The request's body is ${size} bytes long and it exceeds the limit of ${maxSize} bytes.`);

  // 4.01 allows system query options without `$` and in any case; 4.0 wants `$` and lower case.
  const v401 = /^\d+\.\d+$/.test(version.trim()) && versionNumber(version) >= 401;
  const seen = new Set<string>();
  for (const kv of (run.request.fields['OriginalUrl'] as ModelUrl).query) {
    const { key, value } = kv as { key: string; value: string[] };
    const normalized = v401 ? (key.startsWith('$') ? key : `$${key}`).toLowerCase() : key;
    const isSystem = SYSTEM_OPTIONS.has(normalized);
    if (!isSystem) {
      if (key.startsWith('$') && (v401 || !SYSTEM_OPTIONS.has(key.toLowerCase()))) errors.push(`The query option '${key}' is not an OData system query option.`);
      else if (key.startsWith('$')) errors.push(`The query option '${key}' must be written in lower case in OData ${version}.`);
      continue;
    }
    if (seen.has(normalized) || value.length > 1) errors.push(`The query option '${key}' is given more than once.`);
    seen.add(normalized);
    const text = value[0] ?? '';
    if ((normalized === '$top' || normalized === '$skip') && !/^\d+$/.test(text)) errors.push(`The value '${text}' of '${key}' is not a non-negative integer.`);
    if (normalized === '$count' && !/^(true|false)$/.test(text)) errors.push(`The value '${text}' of '${key}' is not true or false.`);
  }
  const variable = await run.attrString(el, 'error-variable-name');
  if (variable) (run.context.fields['Variables'] as VariablesDictionary).set(variable, parseJson(JSON.stringify(errors.map((message) => ({ message })))));
  if (errors.length === 0) {
    run.traceAt(el, origin, 'validate-odata-request', { message: `The OData ${version} request is valid.` });
    return;
  }
  run.traceAt(el, origin, 'validate-odata-request', { message: 'The OData request is not valid.', errors }, { error: true });
  throw new PolicyFailure('validate-odata-request', 'Bad request', errors.join(' '), errorResponse(ODATA_FAILURE_STATUS, errors[0] ?? ''));
};
