// The policies the simulator runs, by element name. A policy not listed here is reported as not
// simulated in the trace and the result (never silently skipped).

import type { PolicyHandler } from '../policyRun';
import { authenticationBasic } from './authentication-basic';
import { authenticationCertificate } from './authentication-certificate';
import { authenticationManagedIdentity } from './authentication-managed-identity';
import { findAndReplace } from './find-and-replace';
import { ipFilter } from './ip-filter';
import { limitConcurrency } from './limit-concurrency';
import { mockResponse } from './mock-response';
import { emitMetric, invokeDaprBinding, logToEventhub, publishToDapr, sendServiceBusMessage } from './outbox';
import { quotaByKey, quotaPolicy } from './quota';
import { sendOneWayRequest, sendRequest } from './send-request';
import { validateAzureAdToken, validateJwt } from './validate-jwt';
import { wait } from './wait';
import { crossDomain } from './cross-domain';
import { jsonToXmlPolicy } from './json-to-xml';
import { jsonp } from './jsonp';
import { proxy } from './proxy';
import { redirectContentUrls } from './redirect-content-urls';
import { xmlToJsonPolicy } from './xml-to-json';
import { validateClientCertificate } from './validate-client-certificate';
import { validateContent } from './validate-content';
import { validateHeaders } from './validate-headers';
import { validateParameters } from './validate-parameters';
import { validateStatusCode } from './validate-status-code';
import { validateGraphqlRequest } from './validate-graphql-request';
import { validateOdataRequest } from './validate-odata-request';
import { getAuthorizationContext } from './get-authorization-context';
import { llmContentSafety } from './llm-content-safety';
import { azureOpenaiEmitTokenMetric, llmEmitTokenMetric } from './llm-emit-token-metric';
import { azureOpenaiSemanticCacheLookup, azureOpenaiSemanticCacheStore, llmSemanticCacheLookup, llmSemanticCacheStore } from './llm-semantic-cache';
import { azureOpenaiTokenLimit, llmTokenLimit } from './llm-token-limit';
import { checkHeader } from './check-header';
import { cacheLookup, cacheStore } from './cache-response';
import { cacheLookupValue, cacheRemoveValue, cacheStoreValue } from './cache-value';
import { choose } from './choose';
import { cors } from './cors';
import { forwardRequest } from './forward-request';
import { includeFragment } from './include-fragment';
import { rateLimit, rateLimitByKey } from './rate-limit';
import { retry } from './retry';
import { returnResponse } from './return-response';
import { rewriteUri } from './rewrite-uri';
import { setBackendService } from './set-backend-service';
import { setBody } from './set-body';
import { setHeader } from './set-header';
import { setMethod } from './set-method';
import { setQueryParameter } from './set-query-parameter';
import { setStatus } from './set-status';
import { setVariable } from './set-variable';
import { trace } from './trace';

export const POLICY_HANDLERS: ReadonlyMap<string, PolicyHandler> = new Map<string, PolicyHandler>([
  ['authentication-basic', authenticationBasic],
  ['authentication-certificate', authenticationCertificate],
  ['authentication-managed-identity', authenticationManagedIdentity],
  ['find-and-replace', findAndReplace],
  ['ip-filter', ipFilter],
  ['emit-metric', emitMetric],
  ['invoke-dapr-binding', invokeDaprBinding],
  ['log-to-eventhub', logToEventhub],
  ['limit-concurrency', limitConcurrency],
  ['mock-response', mockResponse],
  ['publish-to-dapr', publishToDapr],
  ['quota', quotaPolicy],
  ['quota-by-key', quotaByKey],
  ['send-service-bus-message', sendServiceBusMessage],
  ['send-one-way-request', sendOneWayRequest],
  ['send-request', sendRequest],
  ['wait', wait],
  ['cross-domain', crossDomain],
  ['json-to-xml', jsonToXmlPolicy],
  ['jsonp', jsonp],
  ['proxy', proxy],
  ['redirect-content-urls', redirectContentUrls],
  ['xml-to-json', xmlToJsonPolicy],
  ['validate-client-certificate', validateClientCertificate],
  ['validate-content', validateContent],
  ['validate-headers', validateHeaders],
  ['validate-parameters', validateParameters],
  ['validate-status-code', validateStatusCode],
  ['validate-graphql-request', validateGraphqlRequest],
  ['validate-odata-request', validateOdataRequest],
  ['get-authorization-context', getAuthorizationContext],
  ['llm-content-safety', llmContentSafety],
  ['llm-emit-token-metric', llmEmitTokenMetric],
  ['azure-openai-emit-token-metric', azureOpenaiEmitTokenMetric],
  ['llm-semantic-cache-lookup', llmSemanticCacheLookup],
  ['llm-semantic-cache-store', llmSemanticCacheStore],
  ['azure-openai-semantic-cache-lookup', azureOpenaiSemanticCacheLookup],
  ['azure-openai-semantic-cache-store', azureOpenaiSemanticCacheStore],
  ['llm-token-limit', llmTokenLimit],
  ['azure-openai-token-limit', azureOpenaiTokenLimit],
  ['check-header', checkHeader],
  ['cache-lookup', cacheLookup],
  ['cache-lookup-value', cacheLookupValue],
  ['cache-remove-value', cacheRemoveValue],
  ['cache-store', cacheStore],
  ['cache-store-value', cacheStoreValue],
  ['choose', choose],
  ['cors', cors],
  ['forward-request', forwardRequest],
  ['include-fragment', includeFragment],
  ['rate-limit', rateLimit],
  ['rate-limit-by-key', rateLimitByKey],
  ['retry', retry],
  ['return-response', returnResponse],
  ['rewrite-uri', rewriteUri],
  ['set-backend-service', setBackendService],
  ['set-body', setBody],
  ['set-header', setHeader],
  ['set-method', setMethod],
  ['set-query-parameter', setQueryParameter],
  ['set-status', setStatus],
  ['set-variable', setVariable],
  ['trace', trace],
  ['validate-azure-ad-token', validateAzureAdToken],
  ['validate-jwt', validateJwt],
]);

