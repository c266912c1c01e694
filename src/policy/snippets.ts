// The policy snippets: every backend authentication pattern and the common backend patterns, as
// data. One source feeds snippets/apim-policy.code-snippets (npm run generate:snippets), the
// "Add Backend Authentication…" command, the README table and the tests (each snippet is expanded
// with its defaults and linted, and a scenario proves what it does).
//
// Bodies use VS Code's snippet syntax: ${1:default}, ${1|a,b|} (choices), $1 (mirror), $0 (end).
// `{{name}}` is a named value reference, as in policies.

import type { Section } from './catalog';

export type SnippetCategory = 'authentication' | 'pattern';

/** A placeholder the Add Backend Authentication command asks for, offering what exists. */
export interface SnippetInput {
  /** The tab stop number in the body. */
  readonly tabStop: number;
  readonly kind: 'namedValue' | 'backend' | 'text';
  readonly prompt: string;
}

export interface PolicySnippet {
  /** The id, also the prefix typed in the editor. */
  readonly prefix: string;
  /** The name shown in completion and pickers. */
  readonly name: string;
  readonly category: SnippetCategory;
  /** Where the snippet goes. */
  readonly section: Section;
  /** What it does and when to use it (shown with the completion). */
  readonly description: string;
  readonly body: readonly string[];
  /** For the Add Backend Authentication command: the placeholders it asks for. */
  readonly inputs?: readonly SnippetInput[];
  /** The snippet that completes this one in another section (response cache, correlation id). */
  readonly pairedWith?: string;
}

const AUTH = 'authentication' as const;
const PATTERN = 'pattern' as const;

export const SNIPPETS: readonly PolicySnippet[] = [
  // ------------------------------------------------------------------ backend authentication
  {
    prefix: 'auth-function-key',
    name: 'Azure Functions key from a named value',
    category: AUTH,
    section: 'inbound',
    description: 'Sends the Function app key in x-functions-key, taken from a named value (make it a secret named value backed by Key Vault). Use for a Function with authLevel "function".',
    body: ['<set-header name="x-functions-key" exists-action="override">', '\t<value>{{${1:function-key}}}</value>', '</set-header>$0'],
    inputs: [{ tabStop: 1, kind: 'namedValue', prompt: 'The named value holding the function key' }],
  },
  {
    prefix: 'auth-managed-identity',
    name: 'Managed identity token for the backend',
    category: AUTH,
    section: 'inbound',
    description: "Gets a Microsoft Entra token for the backend's resource with the gateway's managed identity and sends it as Authorization: Bearer. Add client-id=\"…\" to use a user-assigned identity. Use for App Service, Functions with Easy Auth, Azure APIs.",
    body: ['<authentication-managed-identity resource="${1|https://management.azure.com/,https://vault.azure.net,https://storage.azure.com/,https://database.windows.net/,https://cognitiveservices.azure.com,api://backend-app-id|}" />$0'],
    inputs: [{ tabStop: 1, kind: 'text', prompt: "The backend's resource (application ID URI), e.g. api://<app-id>" }],
  },
  {
    prefix: 'auth-managed-identity-variable',
    name: 'Managed identity token into a variable and a custom header',
    category: AUTH,
    section: 'inbound',
    description: 'Gets a managed identity token into a variable, then sends it in a header you choose (for backends that read the token from a custom header, or need a prefix).',
    body: [
      '<authentication-managed-identity resource="${1:api://backend-app-id}" output-token-variable-name="${2:msi-access-token}" ignore-error="false" />',
      '<set-header name="${3:Authorization}" exists-action="override">',
      '\t<value>@("Bearer " + (string)context.Variables["$2"])</value>',
      '</set-header>$0',
    ],
    inputs: [{ tabStop: 1, kind: 'text', prompt: "The backend's resource (application ID URI)" }],
  },
  {
    prefix: 'auth-certificate-thumbprint',
    name: 'Client certificate by thumbprint (mTLS)',
    category: AUTH,
    section: 'inbound',
    description: 'Presents the client certificate with this thumbprint (uploaded to the service) in the TLS handshake with the backend. A rotated certificate changes its thumbprint: prefer the certificate id.',
    body: ['<authentication-certificate thumbprint="${1:3B5F2E1C9A0D4B6E8F7A1C2D3E4F5A6B7C8D9E0F}" />$0'],
    inputs: [{ tabStop: 1, kind: 'text', prompt: 'The certificate thumbprint (SHA-1, hex)' }],
  },
  {
    prefix: 'auth-certificate-id',
    name: 'Client certificate by certificate id (mTLS)',
    category: AUTH,
    section: 'inbound',
    description: 'Presents a client certificate of the service by its id (for example one linked to Key Vault, which rotates without policy changes) in the TLS handshake with the backend.',
    body: ['<authentication-certificate certificate-id="${1:backend-client-cert}" />$0'],
    inputs: [{ tabStop: 1, kind: 'text', prompt: 'The certificate id in API Management' }],
  },
  {
    prefix: 'auth-basic',
    name: 'Basic authentication from named values',
    category: AUTH,
    section: 'inbound',
    description: 'Sends Authorization: Basic with the user name and password from named values (the password a secret named value). Use for legacy backends.',
    body: ['<authentication-basic username="{{${1:backend-username}}}" password="{{${2:backend-password}}}" />$0'],
    inputs: [
      { tabStop: 1, kind: 'namedValue', prompt: 'The named value holding the user name' },
      { tabStop: 2, kind: 'namedValue', prompt: 'The named value holding the password' },
    ],
  },
  {
    prefix: 'auth-api-key-header',
    name: 'API key header from a named value',
    category: AUTH,
    section: 'inbound',
    description: 'Sends an API key header the backend expects, from a (secret) named value. Pick the header name the backend reads.',
    body: ['<set-header name="${1|api-key,x-api-key,Ocp-Apim-Subscription-Key|}" exists-action="override">', '\t<value>{{${2:backend-api-key}}}</value>', '</set-header>$0'],
    inputs: [{ tabStop: 2, kind: 'namedValue', prompt: 'The named value holding the API key' }],
  },
  {
    prefix: 'auth-oauth-client-credentials',
    name: 'OAuth 2.0 client credentials with a cached token',
    category: AUTH,
    section: 'inbound',
    description: "Gets a token from the token endpoint with the client credentials grant (client id and secret from named values), keeps it in the value cache until a minute before it expires, and sends it as Authorization: Bearer. Use when the backend trusts another identity provider's tokens.",
    body: [
      '<cache-lookup-value key="${1:backend-token}" variable-name="backendToken" />',
      '<choose>',
      '\t<when condition="@(!context.Variables.ContainsKey(&quot;backendToken&quot;))">',
      '\t\t<send-request mode="new" response-variable-name="tokenResponse" timeout="20" ignore-error="false">',
      '\t\t\t<set-url>${2:https://login.microsoftonline.com/{{tenant-id\\}\\}/oauth2/v2.0/token}</set-url>',
      '\t\t\t<set-method>POST</set-method>',
      '\t\t\t<set-header name="Content-Type" exists-action="override">',
      '\t\t\t\t<value>application/x-www-form-urlencoded</value>',
      '\t\t\t</set-header>',
      '\t\t\t<set-body>@("grant_type=client_credentials&client_id={{${3:backend-client-id}}}&client_secret=" + Uri.EscapeDataString("{{${4:backend-client-secret}}}") + "&scope=" + Uri.EscapeDataString("${5:api://backend-app-id/.default}"))</set-body>',
      '\t\t</send-request>',
      '\t\t<set-variable name="tokenJson" value="@(((IResponse)context.Variables[&quot;tokenResponse&quot;]).Body.As<JObject>())" />',
      '\t\t<set-variable name="backendToken" value="@((string)((JObject)context.Variables[&quot;tokenJson&quot;])[&quot;access_token&quot;])" />',
      '\t\t<cache-store-value key="$1" value="@((string)context.Variables[&quot;backendToken&quot;])" duration="@(((JObject)context.Variables[&quot;tokenJson&quot;]).Value<int>(&quot;expires_in&quot;) - 60)" />',
      '\t</when>',
      '</choose>',
      '<set-header name="Authorization" exists-action="override">',
      '\t<value>@("Bearer " + (string)context.Variables["backendToken"])</value>',
      '</set-header>$0',
    ],
    inputs: [
      { tabStop: 3, kind: 'namedValue', prompt: 'The named value holding the client id' },
      { tabStop: 4, kind: 'namedValue', prompt: 'The named value holding the client secret' },
      { tabStop: 5, kind: 'text', prompt: 'The scope to ask for, e.g. api://<app-id>/.default' },
    ],
  },
  {
    prefix: 'auth-named-backend',
    name: 'Named backend whose credentials carry the key',
    category: AUTH,
    section: 'inbound',
    description: "Routes to a backend entity whose credentials add the key (for a Function: header x-functions-key = {{function-key}} in the backend's credentials), so no policy holds the key. Use when several APIs call the same backend.",
    body: ['<set-backend-service backend-id="${1:function-app-backend}" />$0'],
    inputs: [{ tabStop: 1, kind: 'backend', prompt: 'The backend entity (its credentials carry the key)' }],
  },

  // ------------------------------------------------------------------ backend patterns
  {
    prefix: 'backend-named',
    name: 'Route to a named backend',
    category: PATTERN,
    section: 'inbound',
    description: 'Sends the request to a backend entity (URL, credentials, circuit breaker or pool defined once in the service) instead of the API\'s service URL.',
    body: ['<set-backend-service backend-id="${1:orders-backend}" />$0'],
  },
  {
    prefix: 'backend-route-by-path',
    name: 'Route by path',
    category: PATTERN,
    section: 'inbound',
    description: 'Sends requests whose path starts with a prefix to another backend; the others keep the default.',
    body: [
      '<choose>',
      '\t<when condition="@(context.Request.Url.Path.StartsWith(&quot;${1:/v2/}&quot;))">',
      '\t\t<set-backend-service base-url="${2:https://orders-v2.example.net/api}" />',
      '\t</when>',
      '</choose>$0',
    ],
  },
  {
    prefix: 'backend-route-by-header',
    name: 'Route by header',
    category: PATTERN,
    section: 'inbound',
    description: 'Sends requests with a header value (a tenant, a canary flag) to another backend.',
    body: [
      '<choose>',
      '\t<when condition="@(context.Request.Headers.GetValueOrDefault(&quot;${1:x-tenant}&quot;, &quot;&quot;) == &quot;${2:fabrikam}&quot;)">',
      '\t\t<set-backend-service base-url="${3:https://fabrikam.example.net/api}" />',
      '\t</when>',
      '</choose>$0',
    ],
  },
  {
    prefix: 'backend-route-by-version',
    name: 'Route by API version',
    category: PATTERN,
    section: 'inbound',
    description: 'Sends each version of a versioned API (context.Api.Version) to its own backend; useful in a policy shared by all versions (product or global).',
    body: [
      '<choose>',
      '\t<when condition="@(context.Api.Version == &quot;${1:v2}&quot;)">',
      '\t\t<set-backend-service base-url="${2:https://api-v2.example.net}" />',
      '\t</when>',
      '\t<otherwise>',
      '\t\t<set-backend-service base-url="${3:https://api-v1.example.net}" />',
      '\t</otherwise>',
      '</choose>$0',
    ],
  },
  {
    prefix: 'backend-route-by-api',
    name: 'Product-level routing by API id',
    category: PATTERN,
    section: 'inbound',
    description: 'In a product policy, routes each API of the product to its backend by context.Api.Id (the part before ";rev=", so revisions route alike) and refuses APIs that are not listed.',
    body: [
      '<set-variable name="apiId" value="@(context.Api.Id.Split(\';\')[0])" />',
      '<choose>',
      '\t<when condition="@(new[] { &quot;${1:orders-api}&quot;, &quot;${2:inventory-api}&quot; }.Contains((string)context.Variables[&quot;apiId&quot;]))">',
      '\t\t<set-backend-service backend-id="${3:function-app-1}" />',
      '\t</when>',
      '\t<otherwise>',
      '\t\t<return-response>',
      '\t\t\t<set-status code="404" reason="Not Found" />',
      '\t\t</return-response>',
      '\t</otherwise>',
      '</choose>$0',
    ],
  },
  {
    prefix: 'backend-pool',
    name: 'Backend pool with load balancing and retry',
    category: PATTERN,
    section: 'backend',
    description: 'Sends to a pool backend (members with priority and weight, defined as a backend entity) and retries on 429 or 5xx, so the retry can land on another member. The pool skips members whose circuit breaker tripped.',
    body: [
      '<set-backend-service backend-id="${1:backend-pool}" />',
      '<retry condition="@(context.Response.StatusCode == 429 || context.Response.StatusCode >= 500)" count="${2:2}" interval="0" first-fast-retry="true">',
      '\t<forward-request buffer-request-body="true" timeout="${3:30}" />',
      '</retry>$0',
    ],
  },
  {
    prefix: 'backend-fallback',
    name: 'Fallback to a secondary backend on timeout or 5xx',
    category: PATTERN,
    section: 'inbound',
    description: "Calls the API's backend first with a short timeout; when it times out, cannot be reached or answers 5xx, the request goes to the secondary backend instead. (A timeout in forward-request would go to on-error, so the first call is a send-request that ignores errors.)",
    body: [
      '<send-request mode="copy" response-variable-name="primaryResponse" timeout="${1:5}" ignore-error="true" />',
      '<choose>',
      '\t<when condition="@(context.Variables[&quot;primaryResponse&quot;] == null || ((IResponse)context.Variables[&quot;primaryResponse&quot;]).StatusCode >= 500)">',
      '\t\t<set-backend-service base-url="${2:https://secondary.example.net/api}" />',
      '\t</when>',
      '\t<otherwise>',
      '\t\t<return-response response-variable-name="primaryResponse" />',
      '\t</otherwise>',
      '</choose>$0',
    ],
  },
  {
    prefix: 'backend-retry',
    name: 'Timeout and retry',
    category: PATTERN,
    section: 'backend',
    description: 'Forwards with a timeout and retries while the backend answers 5xx (or 429), waiting between attempts. The body is buffered so it can be sent again.',
    body: [
      '<retry condition="@(context.Response.StatusCode >= 500 || context.Response.StatusCode == 429)" count="${1:3}" interval="${2:1}" first-fast-retry="false">',
      '\t<forward-request buffer-request-body="true" timeout="${3:20}" />',
      '</retry>$0',
    ],
  },
  {
    prefix: 'backend-rewrite-uri',
    name: 'Rewrite the backend URL',
    category: PATTERN,
    section: 'inbound',
    description: "Changes the path (and keeps the query) sent to the backend, when the backend's routes differ from the API's operations.",
    body: ['<rewrite-uri template="${1:/api/v2/orders/{orderId\\}}" copy-unmatched-params="${2|true,false|}" />$0'],
  },
  {
    prefix: 'transform-request-jobject',
    name: 'Transform the request body with JObject',
    category: PATTERN,
    section: 'inbound',
    description: 'Parses the JSON request body, sets a property and removes another before the backend sees it.',
    body: [
      '<set-body>@{',
      '\tvar body = context.Request.Body.As<JObject>(preserveContent: true);',
      '\tbody["${1:source}"] = "${2:apim}";',
      '\tbody.Remove("${3:debug}");',
      '\treturn body.ToString();',
      '}</set-body>$0',
    ],
  },
  {
    prefix: 'transform-response-jobject',
    name: 'Transform the response body with JObject',
    category: PATTERN,
    section: 'outbound',
    description: "Parses the backend's JSON answer, removes an internal property and adds one before the caller sees it.",
    body: [
      '<set-body>@{',
      '\tvar body = context.Response.Body.As<JObject>();',
      '\tbody.Remove("${1:internalId}");',
      '\tbody["${2:servedBy}"] = "${3:apim}";',
      '\treturn body.ToString();',
      '}</set-body>$0',
    ],
  },
  {
    prefix: 'cache-response-lookup',
    name: 'Response caching with vary-by (lookup)',
    category: PATTERN,
    section: 'inbound',
    description: 'Serves GET responses from the gateway cache, one entry per value of the listed query parameters and headers. Pair with cache-response-store in outbound.',
    body: [
      '<cache-lookup vary-by-developer="false" vary-by-developer-groups="false" downstream-caching-type="${1|none,private,public|}">',
      '\t<vary-by-header>${2:Accept-Language}</vary-by-header>',
      '\t<vary-by-query-parameter>${3:category}</vary-by-query-parameter>',
      '</cache-lookup>$0',
    ],
    pairedWith: 'cache-response-store',
  },
  {
    prefix: 'cache-response-store',
    name: 'Response caching (store)',
    category: PATTERN,
    section: 'outbound',
    description: 'Stores the response for the seconds given, for the cache-lookup in inbound (cache-response-lookup).',
    body: ['<cache-store duration="${1:300}" />$0'],
    pairedWith: 'cache-response-lookup',
  },
  {
    prefix: 'backend-health-check',
    name: 'Backend health check with send-request',
    category: PATTERN,
    section: 'inbound',
    description: "Asks the backend's health endpoint first and answers 503 with Retry-After when it is not healthy (or does not answer), instead of sending the request.",
    body: [
      '<send-request mode="new" response-variable-name="health" timeout="${2:5}" ignore-error="true">',
      '\t<set-url>${1:https://backend.example.net/health}</set-url>',
      '\t<set-method>GET</set-method>',
      '</send-request>',
      '<choose>',
      '\t<when condition="@(context.Variables[&quot;health&quot;] == null || ((IResponse)context.Variables[&quot;health&quot;]).StatusCode != 200)">',
      '\t\t<return-response>',
      '\t\t\t<set-status code="503" reason="Service Unavailable" />',
      '\t\t\t<set-header name="Retry-After" exists-action="override">',
      '\t\t\t\t<value>${3:30}</value>',
      '\t\t\t</set-header>',
      '\t\t</return-response>',
      '\t</when>',
      '</choose>$0',
    ],
  },
  {
    prefix: 'correlation-id-inbound',
    name: 'Correlation id to the backend',
    category: PATTERN,
    section: 'inbound',
    description: "Keeps the caller's correlation id header, or creates one from the request id, and sends it to the backend. Pair with correlation-id-outbound to return it.",
    body: [
      '<set-variable name="correlationId" value="@(context.Request.Headers.GetValueOrDefault(&quot;${1:x-correlation-id}&quot;, context.RequestId.ToString()))" />',
      '<set-header name="$1" exists-action="override">',
      '\t<value>@((string)context.Variables["correlationId"])</value>',
      '</set-header>$0',
    ],
    pairedWith: 'correlation-id-outbound',
  },
  {
    prefix: 'correlation-id-outbound',
    name: 'Correlation id back to the caller',
    category: PATTERN,
    section: 'outbound',
    description: 'Returns the correlation id kept by correlation-id-inbound on the response.',
    body: ['<set-header name="${1:x-correlation-id}" exists-action="override">', '\t<value>@((string)context.Variables["correlationId"])</value>', '</set-header>$0'],
    pairedWith: 'correlation-id-inbound',
  },
  {
    prefix: 'function-gateway-posture',
    name: 'Gateway posture in front of a Function',
    category: PATTERN,
    section: 'inbound',
    description: 'In front of an Azure Function: a valid Entra ID token for the API (with the subscription key the API requires), a per-caller rate limit and a weekly quota by the token\'s subject, and the function key from a named value. Turn on "Subscription required" on the API.',
    body: [
      '<validate-jwt header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized" require-scheme="Bearer" output-token-variable-name="jwt">',
      '\t<openid-config url="https://login.microsoftonline.com/{{${1:tenant-id}}}/v2.0/.well-known/openid-configuration" />',
      '\t<audiences>',
      '\t\t<audience>${2:api://orders-api}</audience>',
      '\t</audiences>',
      '</validate-jwt>',
      '<rate-limit-by-key calls="${3:100}" renewal-period="60" counter-key="@(((Jwt)context.Variables[&quot;jwt&quot;]).Subject)" />',
      '<quota-by-key calls="${4:10000}" renewal-period="604800" counter-key="@(((Jwt)context.Variables[&quot;jwt&quot;]).Subject)" />',
      '<set-header name="x-functions-key" exists-action="override">',
      '\t<value>{{${5:function-key}}}</value>',
      '</set-header>$0',
    ],
  },
  {
    prefix: 'cors-allow-origins',
    name: 'CORS for a browser app',
    category: PATTERN,
    section: 'inbound',
    description: "Answers preflights and adds the CORS headers for the listed origin. Put it first in the global or API inbound (a product-scope cors never sees preflights, which carry no subscription key).",
    body: [
      '<cors allow-credentials="${1|false,true|}">',
      '\t<allowed-origins>',
      '\t\t<origin>${2:https://app.contoso.com}</origin>',
      '\t</allowed-origins>',
      '\t<allowed-methods preflight-result-max-age="${3:300}">',
      '\t\t<method>GET</method>',
      '\t\t<method>POST</method>',
      '\t</allowed-methods>',
      '\t<allowed-headers>',
      '\t\t<header>*</header>',
      '\t</allowed-headers>',
      '</cors>$0',
    ],
  },
  {
    prefix: 'mock-response-not-ready',
    name: 'Mock the response while the backend is not ready',
    category: PATTERN,
    section: 'inbound',
    description: "Answers from the examples in the API's definition without calling the backend; remove it when the backend is ready.",
    body: ['<mock-response status-code="${1|200,201,202,204|}" content-type="${2|application/json,application/xml,text/plain|}" />$0'],
  },
];

export function snippetByPrefix(prefix: string): PolicySnippet | undefined {
  return SNIPPETS.find((s) => s.prefix === prefix);
}

/** The content of snippets/apim-policy.code-snippets, generated from SNIPPETS. */
export function renderSnippetsFile(): string {
  const out: Record<string, { prefix: string; description: string; body: readonly string[] }> = {};
  for (const s of SNIPPETS) out[s.name] = { prefix: s.prefix, description: s.description, body: s.body };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * The snippet text with some placeholders given values (`values[tabStop]`); other placeholders and
 * the syntax stay, for VS Code's snippet insertion. A given tab stop's mirrors ($n) get the value too.
 */
export function fillSnippet(body: string, values: Readonly<Record<number, string>>): string {
  const escape = (v: string): string => v.replace(/[\\$}]/g, (c) => `\\${c}`);
  return replacePlaceholders(body, (n, def) => (values[n] !== undefined ? escape(values[n]) : undefined) ?? def.raw);
}

/** The text a snippet inserts when every placeholder keeps its default (choices: the first). */
export function expandSnippet(body: string, values: Readonly<Record<number, string>> = {}): string {
  const defaults = new Map<number, string>();
  const text = replacePlaceholders(body, (n, def) => {
    const v = values[n] ?? def.value ?? defaults.get(n) ?? '';
    if (def.value !== undefined && !defaults.has(n)) defaults.set(n, values[n] ?? def.value);
    return v;
  });
  // Mirrors written before their placeholder: a second pass fills them.
  return text.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => values[Number(n)] ?? defaults.get(Number(n)) ?? '');
}

/** The default a tab stop is written with (`${2:backend-password}` → backend-password; a choice: its first option); '' when it has none. */
export function placeholderDefault(body: string, tabStop: number): string {
  let found: string | undefined;
  replacePlaceholders(body, (n, def) => {
    if (n === tabStop && found === undefined) found = def.value;
    return def.raw;
  });
  return found ?? '';
}

interface PlaceholderDefault {
  /** The default's text with nested placeholders expanded (undefined for a bare $n mirror). */
  readonly value: string | undefined;
  /** The placeholder as written. */
  readonly raw: string;
}

/** Walks a snippet body, replacing $n, ${n}, ${n:default} and ${n|a,b|}; handles \\ escapes. */
function replacePlaceholders(body: string, replace: (n: number, def: PlaceholderDefault) => string): string {
  let i = 0;
  const parse = (stopAt: string | undefined): string => {
    let out = '';
    while (i < body.length) {
      const c = body.charAt(i);
      if (stopAt !== undefined && c === stopAt) return out;
      if (c === '\\' && i + 1 < body.length && '\\$}|,'.includes(body.charAt(i + 1))) {
        out += body.charAt(i + 1);
        i += 2;
        continue;
      }
      if (c === '$') {
        const start = i;
        const bare = /^\$(\d+)/.exec(body.slice(i));
        if (bare) {
          i += bare[0].length;
          const n = Number(bare[1]);
          out += replace(n, { value: undefined, raw: bare[0] }) || (n === 0 ? '' : `\u0000${n}\u0000`);
          continue;
        }
        const choice = /^\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(body.slice(i));
        if (choice) {
          i += choice[0].length;
          const n = Number(choice[1]);
          // The first choice is the default; `\,` and `\|` are written escaped inside choices.
          const first = (choice[2] ?? '').split(/(?<!\\),/)[0] ?? '';
          const value = first.replace(/\\([\\$}|,])/g, '$1');
          out += n === 0 ? value : replace(n, { value, raw: choice[0] }) || '';
          continue;
        }
        const open = /^\$\{(\d+)([:}])/.exec(body.slice(i));
        if (open) {
          i += open[0].length;
          const n = Number(open[1]);
          let value: string | undefined;
          if (open[2] === ':') {
            value = parse('}');
            i++; // the closing }
          } else value = undefined;
          const written = body.slice(start, i);
          out += replace(n, { value, raw: written }) || (value === undefined && n !== 0 ? `\u0000${n}\u0000` : '');
          continue;
        }
      }
      out += c;
      i++;
    }
    return out;
  };
  return parse(undefined);
}

/**
 * Each snippet expanded with its defaults inside a policy document for the API scope, in its
 * section (with its pair, if it has one): what the scenario tests run and the lint test checks.
 */
export function snippetPolicies(): [prefix: string, xml: string][] {
  const out: [string, string][] = [];
  for (const s of SNIPPETS) {
    const parts: Partial<Record<Section, string>> = { [s.section]: expandSnippet(s.body.join('\n')) };
    const pair = s.pairedWith ? snippetByPrefix(s.pairedWith) : undefined;
    if (pair) parts[pair.section] = expandSnippet(pair.body.join('\n'));
    const indent = (text: string): string => text.replace(/\t/g, '  ').split('\n').map((l) => `    ${l}`).join('\n');
    const section = (name: Section): string => {
      const own = parts[name];
      // A backend snippet forwards itself; the others keep the inherited forward-request.
      const base = name === 'backend' && own !== undefined ? '' : '    <base />\n';
      return `  <${name}>\n${base}${own !== undefined ? `${indent(own)}\n` : ''}  </${name}>`;
    };
    const xml = [`<!-- Generated from the snippet "${s.prefix}" (src/policy/snippets.ts) by npm run generate:snippets. Do not edit. -->`, '<policies>', section('inbound'), section('backend'), section('outbound'), section('on-error'), '</policies>', ''].join('\n');
    out.push([s.prefix, xml]);
  }
  return out;
}
