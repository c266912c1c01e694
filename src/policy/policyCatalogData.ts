// The policy catalog's data: every APIM policy with its sections, scopes, attributes (with their
// value types) and child elements, as the Microsoft Learn policy reference documents them. Edited by
// hand; first generated from the research reference (apim-policies.md §2). Corrections that need
// code are in catalog.ts; the reference pages each row follows are linked by its `docs`.

import type { PolicyInfo } from './catalog';

export const POLICY_DATA: readonly PolicyInfo[] = [
  {
    "name": "rate-limit",
    "category": "Rate limiting & quotas",
    "description": "Per-subscription sliding-window call limit; exceeded ⇒ 429 + Retry-After; product/API/operation limits counted independently; only applies when a subscription key is used; once per policy definition.",
    "docs": "https://learn.microsoft.com/azure/api-management/rate-limit-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "calls",
        "required": true,
        "expressions": false,
        "type": "integer",
        "min": 0
      },
      {
        "name": "renewal-period",
        "required": true,
        "expressions": false,
        "type": "integer",
        "min": 0,
        "unit": "seconds",
        "max": 300,
        "note": "A sliding window."
      },
      {
        "name": "retry-after-header-name",
        "required": false,
        "expressions": false,
        "default": "Retry-After",
        "type": "string"
      },
      {
        "name": "retry-after-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-calls-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-calls-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "total-calls-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "api",
        "cardinality": "*",
        "note": "`name` or `id`, `id` wins; `calls` R; `renewal-period` R",
        "attributes": [
          {
            "name": "name",
            "required": false,
            "type": "string"
          },
          {
            "name": "id",
            "required": false,
            "type": "string"
          },
          {
            "name": "calls",
            "required": true,
            "type": "integer",
            "min": 0
          },
          {
            "name": "renewal-period",
            "required": true,
            "type": "integer",
            "min": 0,
            "unit": "seconds",
            "max": 300,
            "note": "A sliding window."
          }
        ],
        "children": [
          {
            "name": "operation",
            "cardinality": "*",
            "note": "`name` or `id`; `calls` R; `renewal-period` R",
            "attributes": [
              {
                "name": "name",
                "required": false,
                "type": "string"
              },
              {
                "name": "id",
                "required": false,
                "type": "string"
              },
              {
                "name": "calls",
                "required": true,
                "type": "integer",
                "min": 0
              },
              {
                "name": "renewal-period",
                "required": true,
                "type": "integer",
                "min": 0,
                "unit": "seconds",
                "max": 300,
                "note": "A sliding window."
              }
            ],
            "children": []
          }
        ]
      }
    ],
    "oncePerDefinition": true
  },
  {
    "name": "rate-limit-by-key",
    "category": "Rate limiting & quotas",
    "description": "Sliding-window limit per arbitrary key; one counter per key value shared by every scope using that key; 429. Not in Consumption tier.",
    "docs": "https://learn.microsoft.com/azure/api-management/rate-limit-by-key-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "calls",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0
      },
      {
        "name": "renewal-period",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds",
        "max": 300,
        "note": "A sliding window."
      },
      {
        "name": "counter-key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "increment-condition",
        "required": false,
        "expressions": true,
        "type": "boolean"
      },
      {
        "name": "increment-count",
        "required": false,
        "expressions": true,
        "default": "1",
        "type": "integer",
        "min": 0
      },
      {
        "name": "retry-after-header-name",
        "required": false,
        "expressions": false,
        "default": "Retry-After",
        "type": "string"
      },
      {
        "name": "retry-after-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-calls-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-calls-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "total-calls-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "increment-after-response",
        "required": false,
        "type": "boolean",
        "toolkitOnly": true
      },
      {
        "name": "flexible-retry-window",
        "required": false,
        "type": "boolean",
        "toolkitOnly": true
      }
    ],
    "children": [],
    "gateways": "Not in the Consumption tier."
  },
  {
    "name": "quota",
    "category": "Rate limiting & quotas",
    "description": "Per-subscription call/bandwidth quota; exceeded ⇒ 403 + Retry-After; only with subscription key; once per definition.",
    "docs": "https://learn.microsoft.com/azure/api-management/quota-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "product"
    ],
    "attributes": [
      {
        "name": "calls",
        "required": false,
        "expressions": false,
        "type": "integer",
        "min": 0
      },
      {
        "name": "bandwidth",
        "required": false,
        "expressions": false,
        "type": "integer",
        "min": 0,
        "unit": "kilobytes"
      },
      {
        "name": "renewal-period",
        "required": true,
        "expressions": false,
        "type": "integer",
        "min": 0,
        "unit": "seconds",
        "note": "A fixed window from the subscription's start; `0`: never resets."
      }
    ],
    "children": [
      {
        "name": "api",
        "cardinality": "*",
        "note": "`name`/`id`, `calls`, `bandwidth`, `renewal-period`",
        "attributes": [
          {
            "name": "name",
            "required": false,
            "type": "string"
          },
          {
            "name": "calls",
            "required": false,
            "type": "integer",
            "min": 0
          },
          {
            "name": "bandwidth",
            "required": false,
            "type": "integer",
            "min": 0,
            "unit": "kilobytes"
          },
          {
            "name": "renewal-period",
            "required": false,
            "type": "integer",
            "min": 0,
            "unit": "seconds",
            "note": "A fixed window from the subscription's start; `0`: never resets."
          }
        ],
        "children": [
          {
            "name": "operation",
            "cardinality": "*",
            "note": "same",
            "children": []
          }
        ]
      }
    ],
    "oncePerDefinition": true,
    "requiresOneOf": [
      [
        "calls",
        "bandwidth"
      ]
    ]
  },
  {
    "name": "quota-by-key",
    "category": "Rate limiting & quotas",
    "description": "Keyed quota; same key incremented once per request even if several policies use it; 403 + Retry-After. 2024 page: classic & self-hosted; newer policy index: classic, v2, self-hosted, workspace; never Consumption.",
    "docs": "https://learn.microsoft.com/azure/api-management/quota-by-key-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "calls",
        "required": false,
        "expressions": false,
        "type": "integer",
        "min": 0
      },
      {
        "name": "bandwidth",
        "required": false,
        "expressions": false,
        "type": "integer",
        "min": 0,
        "unit": "kilobytes"
      },
      {
        "name": "counter-key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "increment-condition",
        "required": false,
        "expressions": true,
        "type": "boolean"
      },
      {
        "name": "renewal-period",
        "required": true,
        "expressions": false,
        "type": "integer",
        "min": 0,
        "unit": "seconds",
        "note": "At least 300, or `0` for a window that never resets; windows start at `first-period-start`."
      },
      {
        "name": "first-period-start",
        "required": false,
        "expressions": false,
        "default": "0001-01-01T00:00:00Z",
        "type": "datetime"
      },
      {
        "name": "increment-count",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "toolkitOnly": true
      }
    ],
    "children": [],
    "gateways": "Not in the Consumption tier.",
    "requiresOneOf": [
      [
        "calls",
        "bandwidth"
      ]
    ],
    "changes": [
      {
        "since": "2025-05",
        "what": "Available in the v2 tiers."
      }
    ]
  },
  {
    "name": "limit-concurrency",
    "category": "Rate limiting & quotas",
    "description": "At most `max-count` requests execute the enclosed policies concurrently per key; excess fails immediately with 429.",
    "docs": "https://learn.microsoft.com/azure/api-management/limit-concurrency-policy",
    "sections": [
      "inbound",
      "backend",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "max-count",
        "required": true,
        "expressions": false,
        "type": "integer",
        "min": 1
      }
    ],
    "children": [],
    "containsPolicies": true
  },
  {
    "name": "azure-openai-token-limit",
    "category": "Rate limiting (AI)",
    "description": "Token-per-minute limit for Azure OpenAI calls per key; 429; usable multiple times; streaming requests always estimate prompt (and completion) tokens.",
    "docs": "https://learn.microsoft.com/azure/api-management/azure-openai-token-limit-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "counter-key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "tokens-per-minute",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0
      },
      {
        "name": "estimate-prompt-tokens",
        "required": true,
        "type": "boolean"
      },
      {
        "name": "retry-after-header-name",
        "required": false,
        "expressions": false,
        "default": "Retry-After",
        "type": "string"
      },
      {
        "name": "retry-after-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-tokens-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-tokens-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "tokens-consumed-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "tokens-consumed-variable-name",
        "required": false,
        "type": "string"
      },
      {
        "name": "token-quota",
        "required": false,
        "type": "integer",
        "min": 0,
        "toolkitOnly": true
      },
      {
        "name": "token-quota-period",
        "required": false,
        "type": "enum",
        "values": [
          "Hourly",
          "Daily",
          "Weekly",
          "Monthly",
          "Yearly"
        ],
        "toolkitOnly": true
      },
      {
        "name": "remaining-quota-tokens-header-name",
        "required": false,
        "type": "string",
        "toolkitOnly": true
      },
      {
        "name": "remaining-quota-tokens-variable-name",
        "required": false,
        "type": "string",
        "toolkitOnly": true
      }
    ],
    "children": [],
    "gateways": "Not in the Consumption tier."
  },
  {
    "name": "llm-token-limit",
    "category": "Rate limiting (AI)",
    "description": "Provider-agnostic token rate limit (429) and/or token quota (403) per key.",
    "docs": "https://learn.microsoft.com/azure/api-management/llm-token-limit-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "counter-key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "tokens-per-minute",
        "required": false,
        "type": "integer",
        "min": 0,
        "note": "Required unless `token-quota` and `token-quota-period` are given."
      },
      {
        "name": "token-quota",
        "required": false,
        "expressions": false,
        "type": "integer",
        "min": 0
      },
      {
        "name": "token-quota-period",
        "required": false,
        "type": "enum",
        "values": [
          "Hourly",
          "Daily",
          "Weekly",
          "Monthly",
          "Yearly"
        ],
        "expressions": true,
        "since": "2026-03"
      },
      {
        "name": "estimate-prompt-tokens",
        "required": true,
        "type": "boolean",
        "omittedInExamples": true,
        "note": "The reference marks it required, but the page's own token-quota example leaves it out."
      },
      {
        "name": "retry-after-header-name",
        "required": false,
        "expressions": false,
        "default": "Retry-After",
        "type": "string"
      },
      {
        "name": "retry-after-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-quota-tokens-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-quota-tokens-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-tokens-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "remaining-tokens-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "tokens-consumed-header-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "tokens-consumed-variable-name",
        "required": false,
        "type": "string"
      }
    ],
    "children": [],
    "gateways": "Not in the Consumption tier.",
    "requiresOneOf": [
      [
        "tokens-per-minute",
        "token-quota"
      ]
    ],
    "changes": [
      {
        "since": "2026-03",
        "what": "token-quota-period takes policy expressions."
      },
      {
        "since": "2026-06",
        "what": "Allowed in policy fragments, and validated at the global and product scopes."
      }
    ]
  },
  {
    "name": "check-header",
    "category": "AuthN/AuthZ",
    "description": "Header must exist (and equal one of the values); else error response with given status and message.",
    "docs": "https://learn.microsoft.com/azure/api-management/check-header-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "name",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "failed-check-httpcode",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 100,
        "max": 599
      },
      {
        "name": "failed-check-error-message",
        "required": true,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      },
      {
        "name": "ignore-case",
        "required": true,
        "expressions": true,
        "type": "boolean"
      }
    ],
    "children": [
      {
        "name": "value",
        "cardinality": "*",
        "note": "any match passes",
        "children": []
      }
    ]
  },
  {
    "name": "get-authorization-context",
    "category": "AuthN/AuthZ",
    "description": "Gets token(s) from a credential-manager connection into a variable of type `Authorization {AccessToken, Claims}`; failure ⇒ 500 unless `ignore-error` (then variable = null). Not self-hosted.",
    "docs": "https://learn.microsoft.com/azure/api-management/get-authorization-context-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "provider-id",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "authorization-id",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "context-variable-name",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "identity-type",
        "required": false,
        "expressions": true,
        "default": "managed",
        "type": "enum",
        "values": [
          "managed",
          "jwt"
        ]
      },
      {
        "name": "identity",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "A JWT, when `identity-type` is `jwt`."
      },
      {
        "name": "ignore-error",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": [],
    "gateways": "Not in the self-hosted gateway."
  },
  {
    "name": "ip-filter",
    "category": "AuthN/AuthZ",
    "description": "Allow-list or deny-list on `context.Request.IpAddress`; failure ⇒ error (403 [U]; reasons CallerIpNotAllowed / CallerIpBlocked / FailedToParseCallerIP). Applied in effective-policy order when present at several scopes.",
    "docs": "https://learn.microsoft.com/azure/api-management/ip-filter-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "allow",
          "forbid"
        ]
      }
    ],
    "children": [
      {
        "name": "address",
        "cardinality": "*",
        "note": "text; x",
        "children": []
      },
      {
        "name": "address-range",
        "cardinality": "*",
        "note": "`from` R, `to` R",
        "attributes": [
          {
            "name": "from",
            "required": true,
            "type": "string"
          },
          {
            "name": "to",
            "required": true,
            "type": "string"
          }
        ],
        "children": []
      }
    ],
    "requiresOneChildOf": [
      [
        "address",
        "address-range"
      ]
    ]
  },
  {
    "name": "validate-azure-ad-token",
    "category": "AuthN/AuthZ",
    "description": "Validates a Microsoft Entra-issued JWT (signing keys from the tenant's OpenID metadata).",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-azure-ad-token-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "tenant-id",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "header-name",
        "required": false,
        "expressions": true,
        "default": "Authorization",
        "type": "string"
      },
      {
        "name": "query-parameter-name",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "token-value",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "Without a `Bearer ` prefix."
      },
      {
        "name": "authentication-endpoint",
        "required": false,
        "type": "url",
        "note": "For sovereign clouds (seen on docs.azure.cn)."
      },
      {
        "name": "failed-validation-httpcode",
        "required": false,
        "expressions": true,
        "default": "401",
        "type": "integer",
        "min": 100,
        "max": 599
      },
      {
        "name": "failed-validation-error-message",
        "required": false,
        "expressions": true,
        "type": "string",
        "allowEmpty": true,
        "note": "The default depends on the failure, for example \"JWT not present.\""
      },
      {
        "name": "output-token-variable-name",
        "required": false,
        "expressions": false,
        "type": "string",
        "note": "The variable receives the validated token as a `Jwt`."
      }
    ],
    "children": [
      {
        "name": "client-application-ids",
        "cardinality": "?",
        "note": "Optional since March 2024.",
        "children": [
          {
            "name": "application-id",
            "cardinality": "+",
            "children": []
          }
        ],
        "since": "2024-03"
      },
      {
        "name": "backend-application-ids",
        "cardinality": "?",
        "children": [
          {
            "name": "application-id",
            "cardinality": "+",
            "children": []
          }
        ]
      },
      {
        "name": "audiences",
        "cardinality": "?",
        "children": [
          {
            "name": "audience",
            "cardinality": "+",
            "children": []
          }
        ]
      },
      {
        "name": "required-claims",
        "cardinality": "?",
        "children": [
          {
            "name": "claim",
            "cardinality": "*",
            "note": "`name` R; `match` =`all`/`any`; `separator`",
            "attributes": [
              {
                "name": "name",
                "required": true,
                "type": "string"
              },
              {
                "name": "match",
                "required": false,
                "type": "enum",
                "values": [
                  "all",
                  "any"
                ]
              },
              {
                "name": "separator",
                "required": false,
                "type": "string"
              }
            ],
            "children": [
              {
                "name": "value",
                "cardinality": "+",
                "children": []
              }
            ]
          }
        ]
      },
      {
        "name": "decryption-keys",
        "cardinality": "?",
        "children": [
          {
            "name": "key",
            "cardinality": "?",
            "note": "`certificate-id`",
            "attributes": [
              {
                "name": "certificate-id",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      }
    ],
    "changes": [
      {
        "since": "2024-03",
        "what": "client-application-ids is optional."
      }
    ]
  },
  {
    "name": "validate-jwt",
    "category": "AuthN/AuthZ",
    "description": "Validates existence, signature, lifetime, audience, issuer and claims of a JWT; failure ⇒ 401 (default) with reasons in §1.4.",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-jwt-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "header-name",
        "required": false,
        "type": "string",
        "expressions": true
      },
      {
        "name": "query-parameter-name",
        "required": false,
        "type": "string",
        "expressions": true
      },
      {
        "name": "token-value",
        "required": false,
        "type": "string",
        "expressions": true
      },
      {
        "name": "failed-validation-httpcode",
        "required": false,
        "expressions": true,
        "default": "401",
        "type": "integer",
        "min": 100,
        "max": 599
      },
      {
        "name": "failed-validation-error-message",
        "required": false,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      },
      {
        "name": "require-expiration-time",
        "required": false,
        "expressions": true,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "require-scheme",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "For example `Bearer`; ignored when a custom `header-name` is used."
      },
      {
        "name": "require-signed-tokens",
        "required": false,
        "expressions": true,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "clock-skew",
        "required": false,
        "expressions": true,
        "default": "0",
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "output-token-variable-name",
        "required": false,
        "expressions": false,
        "type": "string",
        "note": "The variable receives the validated token as a `Jwt`."
      }
    ],
    "children": [
      {
        "name": "openid-config",
        "cardinality": "*",
        "note": "`url` R; `validate-connectivity` o",
        "attributes": [
          {
            "name": "url",
            "required": true,
            "type": "url"
          },
          {
            "name": "validate-connectivity",
            "required": false,
            "type": "boolean"
          }
        ],
        "children": []
      },
      {
        "name": "issuer-signing-keys",
        "cardinality": "?",
        "children": [
          {
            "name": "key",
            "cardinality": "*",
            "note": "text = base64 key; `id` ↔ `kid`; `certificate-id`; `n` & `e` (¬x)",
            "attributes": [
              {
                "name": "id",
                "required": false,
                "type": "string"
              },
              {
                "name": "kid",
                "required": false,
                "type": "string"
              },
              {
                "name": "certificate-id",
                "required": false,
                "type": "string"
              },
              {
                "name": "n",
                "required": false,
                "type": "string"
              },
              {
                "name": "e",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "decryption-keys",
        "cardinality": "?",
        "children": [
          {
            "name": "key",
            "cardinality": "*",
            "note": "text or `certificate-id`",
            "attributes": [
              {
                "name": "certificate-id",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "audiences",
        "cardinality": "?",
        "children": [
          {
            "name": "audience",
            "cardinality": "*",
            "children": []
          }
        ]
      },
      {
        "name": "issuers",
        "cardinality": "?",
        "children": [
          {
            "name": "issuer",
            "cardinality": "*",
            "children": []
          }
        ]
      },
      {
        "name": "required-claims",
        "cardinality": "?",
        "children": [
          {
            "name": "claim",
            "cardinality": "*",
            "note": "`name`; `match` =`all`/`any`; `separator`",
            "attributes": [
              {
                "name": "name",
                "required": false,
                "type": "string"
              },
              {
                "name": "match",
                "required": false,
                "type": "enum",
                "values": [
                  "all",
                  "any"
                ]
              },
              {
                "name": "separator",
                "required": false,
                "type": "string"
              }
            ],
            "children": [
              {
                "name": "value",
                "cardinality": "*",
                "children": []
              }
            ]
          }
        ]
      }
    ],
    "requiresOneOf": [
      [
        "header-name",
        "query-parameter-name",
        "token-value"
      ]
    ]
  },
  {
    "name": "validate-client-certificate",
    "category": "AuthN/AuthZ",
    "description": "Client certificate must pass all top-level checks and match all claims of at least one identity; else error (or continue if `ignore-error`).",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-client-certificate-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "validate-revocation",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "validate-trust",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "validate-not-before",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "validate-not-after",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "ignore-error",
        "required": false,
        "expressions": false,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": [
      {
        "name": "identities",
        "cardinality": "?",
        "children": [
          {
            "name": "identity",
            "cardinality": "*",
            "note": "`thumbprint`, `serial-number`, `common-name`, `subject` (DN), `dns-name` (SAN), `issuer-subject`, `issuer-thumbprint`, `issuer-certificate-id` — the last is exclusive with other issuer attributes",
            "attributes": [
              {
                "name": "thumbprint",
                "required": false,
                "type": "string"
              },
              {
                "name": "serial-number",
                "required": false,
                "type": "string"
              },
              {
                "name": "common-name",
                "required": false,
                "type": "string"
              },
              {
                "name": "subject",
                "required": false,
                "type": "string"
              },
              {
                "name": "dns-name",
                "required": false,
                "type": "string"
              },
              {
                "name": "issuer-subject",
                "required": false,
                "type": "string"
              },
              {
                "name": "issuer-thumbprint",
                "required": false,
                "type": "string"
              },
              {
                "name": "issuer-certificate-id",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      }
    ]
  },
  {
    "name": "authentication-basic",
    "category": "AuthN (backend)",
    "description": "Sets `Authorization: Basic base64(username:password)` on the backend request.",
    "docs": "https://learn.microsoft.com/azure/api-management/authentication-basic-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "username",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "password",
        "required": true,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      }
    ],
    "children": []
  },
  {
    "name": "authentication-certificate",
    "category": "AuthN (backend)",
    "description": "Presents a client certificate on the backend TLS connection (prefer `certificate-id` for Key Vault certs; thumbprint changes on rotation).",
    "docs": "https://learn.microsoft.com/azure/api-management/authentication-certificate-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "thumbprint",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "certificate-id",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "body",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "The certificate as a byte array, from an expression."
      },
      {
        "name": "password",
        "required": false,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      }
    ],
    "children": [],
    "requiresOneOf": [
      [
        "thumbprint",
        "certificate-id",
        "body"
      ]
    ]
  },
  {
    "name": "authentication-managed-identity",
    "category": "AuthN (backend)",
    "description": "Acquires an Entra token for `resource` with the instance identity; sets `Authorization: Bearer <token>` (or stores it in the variable); token cached until expiry.",
    "docs": "https://learn.microsoft.com/azure/api-management/authentication-managed-identity-policy",
    "sections": [
      "inbound"
    ],
    "sectionsNote": "also inside `send-request`",
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "resource",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "client-id",
        "required": false,
        "expressions": false,
        "type": "string",
        "note": "Default: the system-assigned identity."
      },
      {
        "name": "output-token-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "ignore-error",
        "required": false,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "authentication-provider",
        "required": false,
        "type": "string",
        "note": "`WorkloadIdentity` on a self-hosted gateway: the token comes from the gateway's Entra Workload ID, not the instance's managed identity; leave out `client-id` then (2025 page)."
      }
    ],
    "children": []
  },
  {
    "name": "llm-content-safety",
    "category": "Content safety (AI)",
    "description": "Sends prompt (inbound) or completion (outbound) text to Azure AI Content Safety; violation or oversize ⇒ 403; usable multiple times.",
    "docs": "https://learn.microsoft.com/azure/api-management/llm-content-safety-policy",
    "sections": [
      "inbound",
      "outbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api"
    ],
    "attributes": [
      {
        "name": "backend-id",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "shield-prompt",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "enforce-on-completions",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean",
        "note": "Inbound only.",
        "since": "2025-09"
      },
      {
        "name": "window-size",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 1,
        "unit": "characters",
        "since": "2026-06"
      },
      {
        "name": "window-overlap-size",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "characters",
        "since": "2026-06"
      }
    ],
    "children": [
      {
        "name": "categories",
        "cardinality": "?",
        "note": "`output-type` o; x; =`FourSeverityLevels`/`EightSeverityLevels`",
        "attributes": [
          {
            "name": "output-type",
            "required": false,
            "type": "enum",
            "values": [
              "FourSeverityLevels",
              "EightSeverityLevels"
            ]
          }
        ],
        "children": [
          {
            "name": "category",
            "cardinality": "*",
            "note": "`name` R: `Hate`/`SelfHarm`/`Sexual`/`Violence`; `threshold` R: 0–7",
            "attributes": [
              {
                "name": "name",
                "required": true,
                "type": "enum",
                "values": [
                  "Hate",
                  "SelfHarm",
                  "Sexual",
                  "Violence"
                ]
              },
              {
                "name": "threshold",
                "required": true,
                "type": "integer",
                "min": 0,
                "max": 7
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "blocklists",
        "cardinality": "?",
        "children": [
          {
            "name": "id",
            "cardinality": "*",
            "children": []
          }
        ]
      }
    ],
    "changes": [
      {
        "since": "2025-09",
        "what": "enforce-on-completions checks the completions too."
      },
      {
        "since": "2026-06",
        "what": "The outbound section; window-size and window-overlap-size for long payloads; MCP and agent-to-agent traffic."
      }
    ]
  },
  {
    "name": "validate-content",
    "category": "Content validation",
    "description": "Validates body size and body against API or named schemas; actions per §6.14; API schema ≤ 4 MB.",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-content-policy",
    "sections": [
      "inbound",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "unspecified-content-type-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "max-size",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "bytes",
        "max": 102400,
        "note": "Compared with Content-Length or the decompressed size."
      },
      {
        "name": "size-exceeded-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "errors-variable-name",
        "required": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "content-type-map",
        "cardinality": "?",
        "note": "`any-content-type-value`, `missing-content-type-value`",
        "attributes": [
          {
            "name": "any-content-type-value",
            "required": false,
            "type": "string"
          },
          {
            "name": "missing-content-type-value",
            "required": false,
            "type": "string"
          }
        ],
        "children": [
          {
            "name": "type",
            "cardinality": "*",
            "note": "`from` or `when` (expression), `to`",
            "attributes": [
              {
                "name": "from",
                "required": false,
                "type": "string"
              },
              {
                "name": "when",
                "required": false,
                "type": "string"
              },
              {
                "name": "to",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "content",
        "cardinality": "*",
        "note": "`type`; `validate-as` R `json`/`xml`/`soap`; `schema-id`; `schema-ref`; `action`; `allow-additional-properties`; `case-insensitive-property-names` [T]",
        "attributes": [
          {
            "name": "type",
            "required": false,
            "type": "string"
          },
          {
            "name": "validate-as",
            "required": true,
            "type": "enum",
            "values": [
              "json",
              "xml",
              "soap"
            ]
          },
          {
            "name": "schema-id",
            "required": false,
            "type": "string"
          },
          {
            "name": "schema-ref",
            "required": false,
            "type": "string"
          },
          {
            "name": "action",
            "required": false,
            "type": "enum",
            "values": [
              "ignore",
              "prevent",
              "detect"
            ]
          },
          {
            "name": "allow-additional-properties",
            "required": false,
            "type": "boolean"
          },
          {
            "name": "case-insensitive-property-names",
            "required": false,
            "type": "boolean"
          }
        ],
        "children": []
      }
    ]
  },
  {
    "name": "validate-graphql-request",
    "category": "Content validation",
    "description": "Validates a GraphQL request against the schema and field-level authorization; most specific path wins; ≤250 fields; errors also in variable `GraphQLErrors`; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-graphql-request-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api"
    ],
    "attributes": [
      {
        "name": "error-variable-name",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "max-size",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "bytes",
        "max": 102400
      },
      {
        "name": "max-depth",
        "required": false,
        "expressions": true,
        "default": "6",
        "type": "integer",
        "min": 1
      }
    ],
    "children": [
      {
        "name": "authorize",
        "cardinality": "?",
        "children": [
          {
            "name": "rule",
            "cardinality": "*",
            "note": "`path` R, `/type/field`, `/__*` = introspection; `action` o; x; =`allow`; `allow`/`remove`/`reject`/`ignore`",
            "attributes": [
              {
                "name": "path",
                "required": true,
                "type": "string"
              },
              {
                "name": "action",
                "required": false,
                "type": "enum",
                "values": [
                  "allow",
                  "remove",
                  "reject",
                  "ignore"
                ],
                "expressions": true,
                "default": "allow"
              }
            ],
            "children": []
          }
        ]
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "validate-odata-request",
    "category": "Content validation",
    "description": "Checks URL, headers and parameters of an OData request; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-odata-request-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api"
    ],
    "attributes": [
      {
        "name": "error-variable-name",
        "required": false,
        "type": "string"
      },
      {
        "name": "default-odata-version",
        "required": false,
        "default": "4.0",
        "type": "string"
      },
      {
        "name": "min-odata-version",
        "required": false,
        "type": "string"
      },
      {
        "name": "max-odata-version",
        "required": false,
        "type": "string"
      },
      {
        "name": "max-size",
        "required": false,
        "type": "integer",
        "min": 0,
        "unit": "bytes"
      }
    ],
    "children": [],
    "oncePerSection": true
  },
  {
    "name": "validate-parameters",
    "category": "Content validation",
    "description": "Validates header/query/path parameters against the API schema; child actions override parent; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-parameters-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "specified-parameter-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "unspecified-parameter-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "errors-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "headers",
        "cardinality": "?",
        "note": "`specified-parameter-action`, `unspecified-parameter-action`",
        "attributes": [
          {
            "name": "specified-parameter-action",
            "required": false,
            "type": "enum",
            "values": [
              "ignore",
              "prevent",
              "detect"
            ]
          },
          {
            "name": "unspecified-parameter-action",
            "required": false,
            "type": "enum",
            "values": [
              "ignore",
              "prevent",
              "detect"
            ]
          }
        ],
        "children": [
          {
            "name": "parameter",
            "cardinality": "*",
            "note": "`name`, `action`",
            "attributes": [
              {
                "name": "name",
                "required": false,
                "type": "string"
              },
              {
                "name": "action",
                "required": false,
                "type": "enum",
                "values": [
                  "ignore",
                  "prevent",
                  "detect"
                ]
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "query",
        "cardinality": "?",
        "note": "same two attrs",
        "children": [
          {
            "name": "parameter",
            "cardinality": "*",
            "children": []
          }
        ]
      },
      {
        "name": "path",
        "cardinality": "?",
        "note": "`specified-parameter-action` only",
        "attributes": [
          {
            "name": "specified-parameter-action",
            "required": false,
            "type": "enum",
            "values": [
              "ignore",
              "prevent",
              "detect"
            ]
          }
        ],
        "children": [
          {
            "name": "parameter",
            "cardinality": "*",
            "children": []
          }
        ]
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "validate-headers",
    "category": "Content validation",
    "description": "Validates response headers against the schema; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-headers-policy",
    "sections": [
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "specified-header-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "unspecified-header-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "errors-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "header",
        "cardinality": "*",
        "note": "`name` R, `action` R",
        "attributes": [
          {
            "name": "name",
            "required": true,
            "type": "string"
          },
          {
            "name": "action",
            "required": true,
            "type": "enum",
            "values": [
              "ignore",
              "prevent",
              "detect"
            ]
          }
        ],
        "children": []
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "validate-status-code",
    "category": "Content validation",
    "description": "Validates response status codes against the schema (hides backend errors).",
    "docs": "https://learn.microsoft.com/azure/api-management/validate-status-code-policy",
    "sections": [
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "unspecified-status-code-action",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "ignore",
          "prevent",
          "detect"
        ]
      },
      {
        "name": "errors-variable-name",
        "required": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "status-code",
        "cardinality": "*",
        "note": "`code` R, `action` R; override only for codes not in schema",
        "attributes": [
          {
            "name": "code",
            "required": true,
            "type": "integer",
            "min": 100,
            "max": 599
          },
          {
            "name": "action",
            "required": true,
            "type": "enum",
            "values": [
              "ignore",
              "prevent",
              "detect"
            ]
          }
        ],
        "children": []
      }
    ]
  },
  {
    "name": "forward-request",
    "category": "Routing",
    "description": "Sends `context.Request` to `context.Request.Url`; response becomes `context.Response`; timeout ⇒ error `Timeout`; with `fail-on-error-status-code` 400–599 ⇒ on-error.",
    "docs": "https://learn.microsoft.com/azure/api-management/forward-request-policy",
    "sections": [
      "backend"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "http-version",
        "required": false,
        "expressions": false,
        "default": "1",
        "type": "enum",
        "values": [
          "1",
          "2or1",
          "2"
        ]
      },
      {
        "name": "timeout",
        "required": false,
        "expressions": true,
        "default": "300",
        "type": "integer",
        "min": 0,
        "unit": "seconds",
        "note": "Values over 240 may not be honored."
      },
      {
        "name": "timeout-ms",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "milliseconds"
      },
      {
        "name": "continue-timeout",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds",
        "note": "How long to wait for `100 Continue`."
      },
      {
        "name": "follow-redirects",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "buffer-request-body",
        "required": false,
        "expressions": false,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "buffer-response",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean",
        "note": "8 KB chunk buffering."
      },
      {
        "name": "fail-on-error-status-code",
        "required": false,
        "expressions": false,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": []
  },
  {
    "name": "set-backend-service",
    "category": "Routing",
    "description": "Replaces the backend base URL (keeps operation path/query) or routes to a backend entity (single or pool, with circuit breaker).",
    "docs": "https://learn.microsoft.com/azure/api-management/set-backend-service-policy",
    "sections": [
      "inbound",
      "backend"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "base-url",
        "required": false,
        "expressions": true,
        "type": "url"
      },
      {
        "name": "backend-id",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "sf-resolve-condition",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "sf-service-instance-name",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "sf-partition-key",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "sf-replica-type",
        "required": false,
        "expressions": true,
        "type": "enum",
        "values": [
          "primary",
          "secondary"
        ]
      },
      {
        "name": "sf-listener-name",
        "required": false,
        "expressions": true,
        "type": "string"
      }
    ],
    "children": [],
    "requiresOneOf": [
      [
        "base-url",
        "backend-id"
      ]
    ]
  },
  {
    "name": "set-backend-service",
    "variant": "dapr",
    "category": "Integration (Dapr)",
    "description": "Sets URL to `http://localhost:3500/v1.0/invoke/{app-id}[.{ns}]/method/{method}`; self-hosted gateway with Dapr sidecar only.",
    "docs": "https://learn.microsoft.com/azure/api-management/set-backend-service-dapr-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "backend-id",
        "required": true,
        "type": "enum",
        "values": [
          "dapr"
        ],
        "note": "Must be `dapr`."
      },
      {
        "name": "dapr-app-id",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "dapr-method",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "dapr-namespace",
        "required": false,
        "expressions": true,
        "type": "string"
      }
    ],
    "children": []
  },
  {
    "name": "proxy",
    "category": "Routing",
    "description": "Routes the backend request via an HTTP proxy (HTTP to the proxy only; Basic and NTLM).",
    "docs": "https://learn.microsoft.com/azure/api-management/proxy-policy",
    "sections": [
      "inbound"
    ],
    "sectionsNote": "also inside `send-request` / `send-one-way-request`",
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "url",
        "required": true,
        "expressions": true,
        "type": "url",
        "note": "`http://host:port`"
      },
      {
        "name": "username",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "password",
        "required": false,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      }
    ],
    "children": []
  },
  {
    "name": "cache-lookup",
    "category": "Caching",
    "description": "Looks up a cached response for GET requests; hit ⇒ serve cached response; once per section; must pair with `cache-store`.",
    "docs": "https://learn.microsoft.com/azure/api-management/cache-lookup-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "vary-by-developer",
        "required": true,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "vary-by-developer-groups",
        "required": true,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "caching-type",
        "required": false,
        "expressions": false,
        "default": "prefer-external",
        "type": "enum",
        "values": [
          "internal",
          "external",
          "prefer-external"
        ]
      },
      {
        "name": "downstream-caching-type",
        "required": false,
        "expressions": true,
        "default": "none",
        "type": "enum",
        "values": [
          "none",
          "private",
          "public"
        ]
      },
      {
        "name": "must-revalidate",
        "required": false,
        "expressions": true,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "allow-private-response-caching",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": [
      {
        "name": "vary-by-header",
        "cardinality": "*",
        "children": []
      },
      {
        "name": "vary-by-query-parameter",
        "cardinality": "*",
        "note": "text; `;`-separated list allowed",
        "children": []
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "cache-store",
    "category": "Caching",
    "description": "Stores the response (GET only) under the key computed by the matching `cache-lookup`; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/cache-store-policy",
    "sections": [
      "outbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "duration",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "cache-response",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean",
        "note": "When false, only 200 OK responses are cached."
      }
    ],
    "children": [],
    "oncePerSection": true
  },
  {
    "name": "cache-lookup-value",
    "category": "Caching",
    "description": "Reads a cached value by key into a variable; miss ⇒ `default-value` (doc also says \"variable will not be set\"; see §6.6).",
    "docs": "https://learn.microsoft.com/azure/api-management/cache-lookup-value-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "variable-name",
        "required": true,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "default-value",
        "required": false,
        "expressions": true,
        "default": "null",
        "type": "string",
        "allowEmpty": true
      },
      {
        "name": "caching-type",
        "required": false,
        "expressions": false,
        "default": "prefer-external",
        "type": "enum",
        "values": [
          "internal",
          "external",
          "prefer-external"
        ]
      }
    ],
    "children": []
  },
  {
    "name": "cache-store-value",
    "category": "Caching",
    "description": "Stores a value by key, asynchronously (may not be visible immediately). (Its page says once per section, copied from cache-store; Microsoft’s own snippets store several values in one section.)",
    "docs": "https://learn.microsoft.com/azure/api-management/cache-store-value-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "value",
        "required": true,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      },
      {
        "name": "duration",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "caching-type",
        "required": false,
        "expressions": false,
        "default": "prefer-external",
        "type": "enum",
        "values": [
          "internal",
          "external",
          "prefer-external"
        ]
      }
    ],
    "children": []
  },
  {
    "name": "cache-remove-value",
    "category": "Caching",
    "description": "Removes a cached value by key.",
    "docs": "https://learn.microsoft.com/azure/api-management/cache-remove-value-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "key",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "caching-type",
        "required": false,
        "expressions": false,
        "default": "prefer-external",
        "type": "enum",
        "values": [
          "internal",
          "external",
          "prefer-external"
        ]
      }
    ],
    "children": [],
    "changes": [
      {
        "since": "2026-06",
        "what": "No error when the value cannot be removed, unless configured to report one."
      }
    ]
  },
  {
    "name": "azure-openai-semantic-cache-lookup",
    "category": "Caching (AI)",
    "description": "Semantic (vector-similarity) lookup of cached Azure OpenAI responses in the external cache; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/azure-openai-semantic-cache-lookup-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "score-threshold",
        "required": true,
        "type": "number",
        "min": 0,
        "max": 1
      },
      {
        "name": "embeddings-backend-id",
        "required": true,
        "type": "string"
      },
      {
        "name": "embeddings-backend-auth",
        "required": true,
        "type": "enum",
        "values": [
          "system-assigned"
        ],
        "note": "Must be `system-assigned`"
      },
      {
        "name": "ignore-system-messages",
        "required": false,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "max-message-count",
        "required": false,
        "type": "integer",
        "min": 1
      },
      {
        "name": "cache-id",
        "required": false,
        "type": "string",
        "toolkitOnly": true
      }
    ],
    "children": [
      {
        "name": "vary-by",
        "cardinality": "*",
        "note": "expression; values concatenated",
        "children": []
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "azure-openai-semantic-cache-store",
    "category": "Caching (AI)",
    "description": "Stores Azure OpenAI responses for semantic lookup; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/azure-openai-semantic-cache-store-policy",
    "sections": [
      "outbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "duration",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      }
    ],
    "children": [],
    "oncePerSection": true
  },
  {
    "name": "llm-semantic-cache-lookup",
    "category": "Caching (AI)",
    "description": "Provider-agnostic semantic cache lookup (OpenAI chat/Responses, Anthropic Messages (v2), Google Vertex).",
    "docs": "https://learn.microsoft.com/azure/api-management/llm-semantic-cache-lookup-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation",
      "workspace"
    ],
    "attributes": [
      {
        "name": "score-threshold",
        "required": true,
        "type": "number",
        "min": 0,
        "max": 1
      },
      {
        "name": "embeddings-backend-id",
        "required": true,
        "type": "string"
      },
      {
        "name": "embeddings-backend-auth",
        "required": true,
        "type": "enum",
        "values": [
          "system-assigned"
        ],
        "note": "Must be `system-assigned`"
      },
      {
        "name": "ignore-system-messages",
        "required": false,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "max-message-count",
        "required": false,
        "type": "integer",
        "min": 1
      }
    ],
    "children": [
      {
        "name": "vary-by",
        "cardinality": "*",
        "children": []
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "llm-semantic-cache-store",
    "category": "Caching (AI)",
    "description": "Provider-agnostic semantic cache store; cache failures are silent.",
    "docs": "https://learn.microsoft.com/azure/api-management/llm-semantic-cache-store-policy",
    "sections": [
      "outbound"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "duration",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      }
    ],
    "children": [],
    "oncePerSection": true,
    "changes": [
      {
        "since": "2026-06",
        "what": "Caches only 200 responses by default, as cache-store does."
      }
    ]
  },
  {
    "name": "set-method",
    "category": "Transformation",
    "description": "Changes the request method.",
    "docs": "https://learn.microsoft.com/azure/api-management/set-method-policy",
    "sections": [
      "inbound",
      "on-error"
    ],
    "sectionsNote": "and as child of `send-request`, `send-one-way-request`, `http-data-source/http-request`",
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [],
    "children": []
  },
  {
    "name": "set-status",
    "category": "Transformation",
    "description": "Sets `context.Response` status code and reason phrase.",
    "docs": "https://learn.microsoft.com/azure/api-management/set-status-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "sectionsNote": "and child of `return-response`",
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "code",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 100,
        "max": 599
      },
      {
        "name": "reason",
        "required": true,
        "expressions": true,
        "type": "string",
        "allowEmpty": true,
        "omittedInExamples": true,
        "note": "The reference marks it required, but microsoft's own examples and policy snippets leave it out; the gateway then uses the standard reason phrase."
      }
    ],
    "children": []
  },
  {
    "name": "set-variable",
    "category": "Transformation",
    "description": "Creates/overwrites `context.Variables[name]`; literal ⇒ `System.String`; expression result must be an allowed type.",
    "docs": "https://learn.microsoft.com/azure/api-management/set-variable-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "name",
        "required": true,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "value",
        "required": true,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      }
    ],
    "children": []
  },
  {
    "name": "set-body",
    "category": "Transformation",
    "description": "Replaces the request body (inbound/backend) or response body (outbound).",
    "docs": "https://learn.microsoft.com/azure/api-management/set-body-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "sectionsNote": "and child of `return-response`, `send-request`, `send-one-way-request`, resolvers",
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "template",
        "required": false,
        "type": "string",
        "note": "`liquid` for a Liquid template (`none` also appears in examples)."
      },
      {
        "name": "xsi-nil",
        "required": false,
        "expressions": false,
        "default": "blank",
        "type": "enum",
        "values": [
          "blank",
          "null"
        ]
      },
      {
        "name": "parse-date",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean"
      }
    ],
    "children": [],
    "text": true
  },
  {
    "name": "set-header",
    "category": "Transformation",
    "description": "Sets/appends/removes a request header (inbound/backend) or response header (outbound/on-error).",
    "docs": "https://learn.microsoft.com/azure/api-management/set-header-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "sectionsNote": "and child of `return-response`, `send-request`, …",
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "name",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "exists-action",
        "required": false,
        "expressions": true,
        "default": "override",
        "type": "enum",
        "values": [
          "override",
          "skip",
          "append",
          "delete"
        ]
      }
    ],
    "children": [
      {
        "name": "value",
        "cardinality": "*",
        "note": "x; one per header value",
        "children": []
      }
    ]
  },
  {
    "name": "set-query-parameter",
    "category": "Transformation",
    "description": "Adds/replaces/appends/deletes a query parameter of the backend URL.",
    "docs": "https://learn.microsoft.com/azure/api-management/set-query-parameter-policy",
    "sections": [
      "inbound",
      "backend"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "name",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "exists-action",
        "required": false,
        "expressions": true,
        "default": "override",
        "type": "enum",
        "values": [
          "override",
          "skip",
          "append",
          "delete"
        ]
      }
    ],
    "children": [
      {
        "name": "value",
        "cardinality": "+",
        "note": "x",
        "children": []
      }
    ]
  },
  {
    "name": "rewrite-uri",
    "category": "Transformation",
    "description": "Rewrites the backend path/query from the matched operation parameters.",
    "docs": "https://learn.microsoft.com/azure/api-management/rewrite-uri-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "template",
        "required": true,
        "type": "string",
        "note": "A URI template with `{param}` placeholders, or a whole-value expression."
      },
      {
        "name": "copy-unmatched-params",
        "required": false,
        "default": "true",
        "type": "boolean"
      }
    ],
    "children": []
  },
  {
    "name": "json-to-xml",
    "category": "Transformation",
    "description": "Converts a JSON body to XML.",
    "docs": "https://learn.microsoft.com/azure/api-management/json-to-xml-policy",
    "sections": [
      "inbound",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "apply",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "always",
          "content-type-json"
        ]
      },
      {
        "name": "consider-accept-header",
        "required": false,
        "expressions": true,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "parse-date",
        "required": false,
        "expressions": false,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "namespace-separator",
        "required": false,
        "expressions": true,
        "default": "_",
        "type": "string"
      },
      {
        "name": "namespace-prefix",
        "required": false,
        "expressions": true,
        "type": "string",
        "allowEmpty": true
      },
      {
        "name": "attribute-block-name",
        "required": false,
        "expressions": true,
        "type": "string"
      }
    ],
    "children": []
  },
  {
    "name": "xml-to-json",
    "category": "Transformation",
    "description": "Converts an XML body to JSON.",
    "docs": "https://learn.microsoft.com/azure/api-management/xml-to-json-policy",
    "sections": [
      "inbound",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "kind",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "javascript-friendly",
          "direct"
        ]
      },
      {
        "name": "apply",
        "required": true,
        "expressions": true,
        "type": "enum",
        "values": [
          "always",
          "content-type-xml"
        ]
      },
      {
        "name": "consider-accept-header",
        "required": false,
        "expressions": true,
        "default": "true",
        "type": "boolean"
      },
      {
        "name": "always-array-child-elements",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": []
  },
  {
    "name": "find-and-replace",
    "category": "Transformation",
    "description": "Replaces all occurrences of a substring in the current body.",
    "docs": "https://learn.microsoft.com/azure/api-management/find-and-replace-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "from",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "to",
        "required": true,
        "expressions": true,
        "type": "string",
        "allowEmpty": true,
        "note": "Empty: the text found is deleted."
      }
    ],
    "children": []
  },
  {
    "name": "redirect-content-urls",
    "category": "Transformation",
    "description": "Outbound: rewrites backend URLs in the response body to gateway URLs; inbound: the reverse; headers untouched; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/redirect-content-urls-policy",
    "sections": [
      "inbound",
      "outbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [],
    "children": [],
    "oncePerSection": true
  },
  {
    "name": "xsl-transform",
    "category": "Transformation",
    "description": "Applies XSLT 1.0 to an XML body.",
    "docs": "https://learn.microsoft.com/azure/api-management/xsl-transform-policy",
    "sections": [
      "inbound",
      "outbound"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [],
    "children": [
      {
        "name": "parameter",
        "cardinality": "*",
        "note": "`name`; text x — the statement shows `parameter-name`, the example `name`",
        "attributes": [
          {
            "name": "name",
            "required": false,
            "type": "string"
          },
          {
            "name": "parameter-name",
            "required": false,
            "type": "string"
          }
        ],
        "children": []
      },
      {
        "name": "xsl:stylesheet",
        "cardinality": "1",
        "note": "R",
        "children": []
      }
    ]
  },
  {
    "name": "return-response",
    "category": "Transformation / flow",
    "description": "Ends the pipeline and sends the response.",
    "docs": "https://learn.microsoft.com/azure/api-management/return-response-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "response-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "set-status",
        "cardinality": "?",
        "children": []
      },
      {
        "name": "set-header",
        "cardinality": "*",
        "children": []
      },
      {
        "name": "set-body",
        "cardinality": "?",
        "children": []
      }
    ]
  },
  {
    "name": "mock-response",
    "category": "Transformation / flow",
    "description": "Ends the pipeline with a response built from API examples or schema; none ⇒ empty body.",
    "docs": "https://learn.microsoft.com/azure/api-management/mock-response-policy",
    "sections": [
      "inbound",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "status-code",
        "required": false,
        "expressions": false,
        "default": "200",
        "type": "integer",
        "min": 100,
        "max": 599
      },
      {
        "name": "content-type",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "index",
        "required": false,
        "expressions": false,
        "type": "integer",
        "min": 0,
        "note": "Which of the definition's examples to use.",
        "toolkitOnly": true
      }
    ],
    "children": []
  },
  {
    "name": "cross-domain",
    "category": "Cross-domain",
    "description": "Serves a Flash/Silverlight cross-domain policy.",
    "docs": "https://learn.microsoft.com/azure/api-management/cross-domain-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global"
    ],
    "attributes": [],
    "children": [
      {
        "name": "cross-domain-policy",
        "cardinality": "?",
        "children": []
      }
    ]
  },
  {
    "name": "cors",
    "category": "Cross-domain",
    "description": "Answers preflights and adds CORS headers; once per section; put first in inbound.",
    "docs": "https://learn.microsoft.com/azure/api-management/cors-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "allow-credentials",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "terminate-unmatched-request",
        "required": false,
        "expressions": true,
        "default": "true",
        "type": "boolean",
        "note": "Default `true` per toolkit & doc troubleshooting text; one doc table says false."
      }
    ],
    "children": [
      {
        "name": "allowed-origins",
        "cardinality": "1",
        "note": "R",
        "children": [
          {
            "name": "origin",
            "cardinality": "+",
            "note": "`*` alone or `scheme://host[:port]`",
            "children": []
          }
        ]
      },
      {
        "name": "allowed-methods",
        "cardinality": "?",
        "note": "o; `preflight-result-max-age` o; x; =0",
        "attributes": [
          {
            "name": "preflight-result-max-age",
            "required": false,
            "type": "integer",
            "min": 0,
            "unit": "seconds"
          }
        ],
        "children": [
          {
            "name": "method",
            "cardinality": "+",
            "note": "x; `*`; absent ⇒ GET, POST",
            "children": []
          }
        ]
      },
      {
        "name": "allowed-headers",
        "cardinality": "1",
        "note": "R",
        "children": [
          {
            "name": "header",
            "cardinality": "+",
            "note": "`*`",
            "children": []
          }
        ]
      },
      {
        "name": "expose-headers",
        "cardinality": "?",
        "note": "o",
        "children": [
          {
            "name": "header",
            "cardinality": "+",
            "children": []
          }
        ]
      }
    ],
    "oncePerSection": true
  },
  {
    "name": "jsonp",
    "category": "Cross-domain",
    "description": "If the query has `<param>=fn`, wraps the JSON response as `fn(<json>)`; once per section.",
    "docs": "https://learn.microsoft.com/azure/api-management/jsonp-policy",
    "sections": [
      "outbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "callback-parameter-name",
        "required": true,
        "expressions": true,
        "type": "string"
      }
    ],
    "children": [],
    "oncePerSection": true
  },
  {
    "name": "send-request",
    "category": "Integration",
    "description": "Makes an HTTP call and stores the `IResponse` in a variable.",
    "docs": "https://learn.microsoft.com/azure/api-management/send-request-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "mode",
        "required": false,
        "expressions": true,
        "default": "new",
        "type": "enum",
        "values": [
          "new",
          "copy"
        ]
      },
      {
        "name": "response-variable-name",
        "required": true,
        "expressions": true,
        "type": "string",
        "omittedInExamples": true,
        "note": "The reference marks it required, but learn's own examples leave it out (a request whose response is not needed)."
      },
      {
        "name": "timeout",
        "required": false,
        "expressions": true,
        "default": "60",
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "ignore-error",
        "required": false,
        "expressions": false,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": [
      {
        "name": "set-url",
        "cardinality": "?",
        "note": "R unless copy; x",
        "children": []
      },
      {
        "name": "set-method",
        "cardinality": "?",
        "note": "R unless copy; ¬x",
        "children": []
      },
      {
        "name": "set-header",
        "cardinality": "*",
        "children": []
      },
      {
        "name": "set-body",
        "cardinality": "?",
        "children": []
      },
      {
        "name": "authentication-certificate",
        "cardinality": "?",
        "children": []
      },
      {
        "name": "authentication-managed-identity",
        "cardinality": "?",
        "children": []
      },
      {
        "name": "proxy",
        "cardinality": "?",
        "children": []
      }
    ]
  },
  {
    "name": "send-one-way-request",
    "category": "Integration",
    "description": "Fire-and-forget HTTP call; does not wait for the response.",
    "docs": "https://learn.microsoft.com/azure/api-management/send-one-way-request-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "mode",
        "required": false,
        "expressions": true,
        "default": "new",
        "type": "enum",
        "values": [
          "new",
          "copy"
        ]
      },
      {
        "name": "timeout",
        "required": false,
        "expressions": true,
        "default": "60",
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      }
    ],
    "children": [
      {
        "name": "set-url",
        "cardinality": "?",
        "note": "R unless copy; x",
        "children": []
      },
      {
        "name": "set-method",
        "cardinality": "?",
        "note": "R unless copy; ¬x",
        "children": []
      },
      {
        "name": "set-header",
        "cardinality": "*",
        "children": []
      },
      {
        "name": "set-body",
        "cardinality": "?",
        "children": []
      },
      {
        "name": "authentication-certificate",
        "cardinality": "?",
        "children": []
      },
      {
        "name": "authentication-managed-identity",
        "cardinality": "?",
        "note": "Since the 2025 page: a token for the request from the managed identity.",
        "children": []
      },
      {
        "name": "proxy",
        "cardinality": "?",
        "children": []
      }
    ]
  },
  {
    "name": "log-to-eventhub",
    "category": "Integration / logging",
    "description": "Sends a string to an Event Hubs logger; >200 KB truncated; not sampled.",
    "docs": "https://learn.microsoft.com/azure/api-management/log-to-eventhub-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "logger-id",
        "required": true,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "partition-id",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "partition-key",
        "required": false,
        "expressions": true,
        "type": "string"
      }
    ],
    "children": [],
    "text": true
  },
  {
    "name": "send-service-bus-message",
    "category": "Integration",
    "description": "Sends a message to Service Bus with managed identity (preview; not in workspaces).",
    "docs": "https://learn.microsoft.com/azure/api-management/send-service-bus-message-policy",
    "sections": [
      "inbound",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "queue-name",
        "required": false,
        "type": "string",
        "expressions": true
      },
      {
        "name": "topic-name",
        "required": false,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "namespace",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "The Service Bus namespace's host name (FQDN)."
      },
      {
        "name": "client-id",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "The user-assigned identity to use; default: the system-assigned identity."
      },
      {
        "name": "message-id",
        "required": false,
        "expressions": true,
        "type": "string",
        "since": "2026-06",
        "note": "[U] Named after the changelog's wording; the reference page read does not list it yet."
      },
      {
        "name": "session-id",
        "required": false,
        "expressions": true,
        "type": "string",
        "since": "2026-06",
        "note": "[U] Named after the changelog's wording; the reference page read does not list it yet."
      },
      {
        "name": "time-to-live",
        "required": false,
        "expressions": true,
        "type": "string",
        "since": "2026-06",
        "note": "How long the message lives. [U] Named after the changelog's wording; the reference page read does not list it yet."
      },
      {
        "name": "ignore-error",
        "required": false,
        "expressions": false,
        "type": "boolean",
        "since": "2026-06",
        "default": "false",
        "note": "true: a failure to send does not fail the request. [U] Named after the changelog's wording; the reference page read does not list it yet."
      }
    ],
    "children": [
      {
        "name": "payload",
        "cardinality": "1",
        "note": "R; x",
        "children": []
      },
      {
        "name": "message-properties",
        "cardinality": "?",
        "children": [
          {
            "name": "message-property",
            "cardinality": "*",
            "note": "`name`; text x",
            "attributes": [
              {
                "name": "name",
                "required": true,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      }
    ],
    "gateways": "Preview; not in workspaces.",
    "anyOrder": true,
    "requiresOneOf": [
      [
        "queue-name",
        "topic-name"
      ]
    ],
    "changes": [
      {
        "since": "2026-06",
        "what": "message-id, session-id, time-to-live, variables for the sent message, and ignore-error to continue on failure."
      }
    ]
  },
  {
    "name": "publish-to-dapr",
    "category": "Integration (Dapr)",
    "description": "POSTs to `http://localhost:3500/v1.0/publish/{pubsub}/{topic}`; Dapr error ⇒ on-error unless `ignore-error`; self-hosted only.",
    "docs": "https://learn.microsoft.com/azure/api-management/publish-to-dapr-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "pubsub-name",
        "required": false,
        "expressions": true,
        "type": "string",
        "note": "Without it, `topic` is written `pubsub/topic`."
      },
      {
        "name": "topic",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "ignore-error",
        "required": false,
        "expressions": false,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "response-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "timeout",
        "required": false,
        "expressions": true,
        "default": "5",
        "type": "integer",
        "min": 1,
        "unit": "seconds",
        "max": 240
      },
      {
        "name": "template",
        "required": false,
        "type": "string",
        "note": "`Liquid` for a Liquid template."
      },
      {
        "name": "content-type",
        "required": false,
        "type": "string"
      }
    ],
    "children": [],
    "text": true,
    "gateways": "Self-hosted gateway with a Dapr sidecar only."
  },
  {
    "name": "invoke-dapr-binding",
    "category": "Integration (Dapr)",
    "description": "POSTs to `http://localhost:3500/v1.0/bindings/{name}`; self-hosted only.",
    "docs": "https://learn.microsoft.com/azure/api-management/invoke-dapr-binding-policy",
    "sections": [
      "inbound",
      "outbound",
      "on-error"
    ],
    "scopes": [
      "global",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "name",
        "required": true,
        "expressions": true,
        "type": "string"
      },
      {
        "name": "operation",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "ignore-error",
        "required": false,
        "expressions": false,
        "default": "false",
        "type": "boolean"
      },
      {
        "name": "response-variable-name",
        "required": false,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "timeout",
        "required": false,
        "expressions": true,
        "default": "5",
        "type": "integer",
        "min": 1,
        "unit": "seconds",
        "max": 240
      },
      {
        "name": "template",
        "required": false,
        "type": "string",
        "note": "`Liquid` for a Liquid template."
      },
      {
        "name": "content-type",
        "required": false,
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "metadata",
        "cardinality": "?",
        "children": [
          {
            "name": "item",
            "cardinality": "*",
            "note": "`key`; text",
            "attributes": [
              {
                "name": "key",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "data",
        "cardinality": "?",
        "note": "x",
        "children": []
      }
    ],
    "gateways": "Self-hosted gateway with a Dapr sidecar only."
  },
  {
    "name": "trace",
    "category": "Logging",
    "description": "Adds a custom entry to request traces, an App Insights Trace telemetry (if severity ≥ verbosity) and resource logs; not sampled.",
    "docs": "https://learn.microsoft.com/azure/api-management/trace-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "source",
        "required": true,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "severity",
        "required": false,
        "expressions": false,
        "default": "verbose",
        "type": "enum",
        "values": [
          "verbose",
          "information",
          "error"
        ]
      }
    ],
    "children": [
      {
        "name": "message",
        "cardinality": "1",
        "note": "R; x",
        "children": []
      },
      {
        "name": "metadata",
        "cardinality": "*",
        "note": "`name` R, `value` R; x",
        "attributes": [
          {
            "name": "name",
            "required": true,
            "type": "string"
          },
          {
            "name": "value",
            "required": true,
            "type": "string"
          }
        ],
        "children": []
      }
    ]
  },
  {
    "name": "emit-metric",
    "category": "Logging",
    "description": "Emits a custom metric to Application Insights.",
    "docs": "https://learn.microsoft.com/azure/api-management/emit-metric-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "name",
        "required": true,
        "expressions": false,
        "type": "string"
      },
      {
        "name": "namespace",
        "required": false,
        "expressions": false,
        "default": "API Management",
        "type": "string"
      },
      {
        "name": "value",
        "required": false,
        "expressions": true,
        "default": "1",
        "type": "number"
      }
    ],
    "children": [
      {
        "name": "dimension",
        "cardinality": "+",
        "note": "1–10; `name` R, `value` o — omit only for default dimensions",
        "attributes": [
          {
            "name": "name",
            "required": true,
            "type": "string"
          },
          {
            "name": "value",
            "required": false,
            "type": "string"
          }
        ],
        "children": []
      }
    ]
  },
  {
    "name": "azure-openai-emit-token-metric",
    "category": "Logging (AI)",
    "description": "Emits Total/Prompt/Completion token metrics for Azure OpenAI calls.",
    "docs": "https://learn.microsoft.com/azure/api-management/azure-openai-emit-token-metric-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "namespace",
        "required": false,
        "expressions": false,
        "default": "API Management",
        "type": "string"
      },
      {
        "name": "value",
        "required": false,
        "expressions": true,
        "default": "1",
        "type": "number"
      }
    ],
    "children": [
      {
        "name": "dimension",
        "cardinality": "+",
        "note": "1–10; `name` R, `value` o — omit only for default dimensions",
        "attributes": [
          {
            "name": "name",
            "required": true,
            "type": "string"
          },
          {
            "name": "value",
            "required": false,
            "type": "string"
          }
        ],
        "children": []
      }
    ]
  },
  {
    "name": "llm-emit-token-metric",
    "category": "Logging (AI)",
    "description": "Emits token metrics (total/prompt/completion; preview: cached, reasoning, …) for LLM APIs; streaming ⇒ estimated.",
    "docs": "https://learn.microsoft.com/azure/api-management/llm-emit-token-metric-policy",
    "sections": [
      "inbound"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "namespace",
        "required": false,
        "expressions": false,
        "default": "API Management",
        "type": "string"
      }
    ],
    "children": [
      {
        "name": "dimension",
        "cardinality": "+",
        "note": "1–5 custom dimensions; `name` R, `value` o — omit only for default dimensions",
        "attributes": [
          {
            "name": "name",
            "required": true,
            "type": "string"
          },
          {
            "name": "value",
            "required": false,
            "type": "string"
          }
        ],
        "children": []
      }
    ]
  },
  {
    "name": "http-data-source",
    "category": "GraphQL resolver",
    "description": "Resolves one GraphQL field with an HTTP call; no `http-response` ⇒ raw string result. Classic, v2, consumption.",
    "docs": "https://learn.microsoft.com/azure/api-management/http-data-source-policy",
    "sections": [],
    "scopes": [
      "resolver"
    ],
    "attributes": [],
    "children": [
      {
        "name": "http-request",
        "cardinality": "1",
        "note": "R",
        "children": [
          {
            "name": "get-authorization-context",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "set-backend-service",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "include-fragment",
            "cardinality": "*",
            "children": []
          },
          {
            "name": "set-method",
            "cardinality": "1",
            "note": "R",
            "children": []
          },
          {
            "name": "set-url",
            "cardinality": "1",
            "note": "R",
            "children": []
          },
          {
            "name": "set-header",
            "cardinality": "*",
            "children": []
          },
          {
            "name": "set-body",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "authentication-certificate",
            "cardinality": "?",
            "children": []
          }
        ]
      },
      {
        "name": "backend",
        "cardinality": "?",
        "children": [
          {
            "name": "forward-request",
            "cardinality": "?",
            "children": []
          }
        ]
      },
      {
        "name": "http-response",
        "cardinality": "?",
        "children": [
          {
            "name": "set-body",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "xml-to-json",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "find-and-replace",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "publish-event",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "include-fragment",
            "cardinality": "*",
            "children": []
          }
        ]
      }
    ],
    "gateways": "Not in the self-hosted gateway."
  },
  {
    "name": "sql-data-source",
    "category": "GraphQL resolver",
    "description": "Resolves a field with a T-SQL statement against Azure SQL; result JSON (last sub-statement). Not Consumption.",
    "docs": "https://learn.microsoft.com/azure/api-management/sql-data-source-policy",
    "sections": [],
    "scopes": [
      "resolver"
    ],
    "attributes": [],
    "children": [
      {
        "name": "connection-info",
        "cardinality": "1",
        "note": "R",
        "children": [
          {
            "name": "connection-string",
            "cardinality": "1",
            "note": "R; `use-managed-identity` o; x; =false",
            "attributes": [
              {
                "name": "use-managed-identity",
                "required": false,
                "type": "boolean"
              }
            ],
            "children": []
          },
          {
            "name": "include-fragment",
            "cardinality": "*",
            "children": []
          },
          {
            "name": "authentication-certificate",
            "cardinality": "?",
            "children": []
          }
        ]
      },
      {
        "name": "include-fragment",
        "cardinality": "*",
        "children": []
      },
      {
        "name": "request",
        "cardinality": "1",
        "note": "R; `single-result` o; x; =false",
        "attributes": [
          {
            "name": "single-result",
            "required": false,
            "type": "boolean"
          }
        ],
        "children": [
          {
            "name": "include-fragment",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "set-body",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "sql-statement",
            "cardinality": "1",
            "note": "R",
            "children": []
          },
          {
            "name": "parameters",
            "cardinality": "?",
            "children": [
              {
                "name": "parameter",
                "cardinality": "*",
                "note": "`name` R, `sql-type` o",
                "attributes": [
                  {
                    "name": "name",
                    "required": true,
                    "type": "string"
                  },
                  {
                    "name": "sql-type",
                    "required": false,
                    "type": "string"
                  }
                ],
                "children": []
              }
            ]
          }
        ]
      },
      {
        "name": "response",
        "cardinality": "?",
        "children": [
          {
            "name": "include-fragment",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "set-body",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "publish-event",
            "cardinality": "?",
            "children": []
          }
        ]
      }
    ],
    "gateways": "Not in the Consumption tier or the self-hosted gateway."
  },
  {
    "name": "cosmosdb-data-source",
    "category": "GraphQL resolver",
    "description": "Resolves a field against a Cosmos DB container. Not Consumption.",
    "docs": "https://learn.microsoft.com/azure/api-management/cosmosdb-data-source-policy",
    "sections": [],
    "scopes": [
      "resolver"
    ],
    "attributes": [],
    "children": [
      {
        "name": "connection-info",
        "cardinality": "1",
        "children": [
          {
            "name": "connection-string",
            "cardinality": "1",
            "note": "AccountEndpoint=...;[AccountKey=...;] (no key with a managed identity)",
            "attributes": [
              {
                "name": "use-managed-identity",
                "required": false,
                "type": "boolean",
                "default": "false",
                "expressions": true
              }
            ],
            "children": []
          },
          {
            "name": "database-name",
            "cardinality": "1",
            "children": []
          },
          {
            "name": "container-name",
            "cardinality": "1",
            "children": []
          }
        ]
      },
      {
        "name": "query-request",
        "cardinality": "?",
        "attributes": [
          {
            "name": "enable-low-precision-order-by",
            "required": false,
            "type": "boolean"
          }
        ],
        "children": [
          {
            "name": "sql-statement",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "parameters",
            "cardinality": "?",
            "children": [
              {
                "name": "parameter",
                "cardinality": "*",
                "attributes": [
                  {
                    "name": "name",
                    "required": true,
                    "type": "string"
                  }
                ],
                "children": []
              }
            ]
          },
          {
            "name": "partition-key",
            "cardinality": "?",
            "attributes": [
              {
                "name": "data-type",
                "required": false,
                "type": "enum",
                "values": [
                  "string",
                  "number",
                  "bool",
                  "none",
                  "null"
                ],
                "default": "string"
              },
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "paging",
            "cardinality": "?",
            "children": [
              {
                "name": "max-item-count",
                "cardinality": "1",
                "attributes": [
                  {
                    "name": "template",
                    "required": false,
                    "type": "enum",
                    "values": [
                      "liquid"
                    ],
                    "note": "`liquid`: the value is a Liquid template."
                  }
                ],
                "children": []
              },
              {
                "name": "continuation-token",
                "cardinality": "1",
                "attributes": [
                  {
                    "name": "template",
                    "required": false,
                    "type": "enum",
                    "values": [
                      "liquid"
                    ],
                    "note": "`liquid`: the value is a Liquid template."
                  }
                ],
                "children": []
              }
            ]
          }
        ]
      },
      {
        "name": "read-request",
        "cardinality": "?",
        "children": [
          {
            "name": "id",
            "cardinality": "1",
            "attributes": [
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "partition-key",
            "cardinality": "?",
            "attributes": [
              {
                "name": "data-type",
                "required": false,
                "type": "enum",
                "values": [
                  "string",
                  "number",
                  "bool",
                  "none",
                  "null"
                ],
                "default": "string"
              },
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          }
        ]
      },
      {
        "name": "delete-request",
        "cardinality": "?",
        "note": "The page lists etag first in its statement and last in its table: either order.",
        "attributes": [
          {
            "name": "consistency-level",
            "required": false,
            "type": "enum",
            "values": [
              "bounded-staleness",
              "consistent-prefix",
              "eventual",
              "session",
              "strong"
            ]
          },
          {
            "name": "pre-trigger",
            "required": false,
            "type": "string"
          },
          {
            "name": "post-trigger",
            "required": false,
            "type": "string"
          }
        ],
        "children": [
          {
            "name": "etag",
            "cardinality": "?",
            "attributes": [
              {
                "name": "type",
                "required": false,
                "type": "enum",
                "values": [
                  "match",
                  "no-match"
                ],
                "default": "match"
              },
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "id",
            "cardinality": "1",
            "attributes": [
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "partition-key",
            "cardinality": "?",
            "attributes": [
              {
                "name": "data-type",
                "required": false,
                "type": "enum",
                "values": [
                  "string",
                  "number",
                  "bool",
                  "none",
                  "null"
                ],
                "default": "string"
              },
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          }
        ],
        "anyOrder": true
      },
      {
        "name": "write-request",
        "cardinality": "?",
        "attributes": [
          {
            "name": "type",
            "required": false,
            "type": "enum",
            "values": [
              "insert",
              "replace",
              "upsert"
            ],
            "default": "upsert"
          },
          {
            "name": "consistency-level",
            "required": false,
            "type": "enum",
            "values": [
              "bounded-staleness",
              "consistent-prefix",
              "eventual",
              "session",
              "strong"
            ]
          },
          {
            "name": "indexing-directive",
            "required": false,
            "type": "enum",
            "values": [
              "default",
              "include",
              "exclude"
            ],
            "default": "default"
          },
          {
            "name": "pre-trigger",
            "required": false,
            "type": "string"
          },
          {
            "name": "post-trigger",
            "required": false,
            "type": "string"
          }
        ],
        "children": [
          {
            "name": "id",
            "cardinality": "?",
            "note": "Required when type is replace.",
            "attributes": [
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "partition-key",
            "cardinality": "?",
            "attributes": [
              {
                "name": "data-type",
                "required": false,
                "type": "enum",
                "values": [
                  "string",
                  "number",
                  "bool",
                  "none",
                  "null"
                ],
                "default": "string"
              },
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "etag",
            "cardinality": "?",
            "attributes": [
              {
                "name": "type",
                "required": false,
                "type": "enum",
                "values": [
                  "match",
                  "no-match"
                ],
                "default": "match"
              },
              {
                "name": "template",
                "required": false,
                "type": "enum",
                "values": [
                  "liquid"
                ],
                "note": "`liquid`: the value is a Liquid template."
              }
            ],
            "children": []
          },
          {
            "name": "set-body",
            "cardinality": "?",
            "children": []
          }
        ],
        "anyOrder": true
      },
      {
        "name": "response",
        "cardinality": "?",
        "children": [
          {
            "name": "set-body",
            "cardinality": "?",
            "children": []
          },
          {
            "name": "publish-event",
            "cardinality": "?",
            "children": []
          }
        ]
      }
    ],
    "gateways": "Not in the Consumption tier or the self-hosted gateway.",
    "requiresOneChildOf": [
      [
        "query-request",
        "read-request",
        "delete-request",
        "write-request"
      ]
    ]
  },
  {
    "name": "publish-event",
    "category": "GraphQL resolver",
    "description": "Publishes the resolver result to GraphQL subscriptions.",
    "docs": "https://learn.microsoft.com/azure/api-management/publish-event-policy",
    "sections": [],
    "scopes": [
      "resolver"
    ],
    "attributes": [],
    "children": [
      {
        "name": "targets",
        "cardinality": "1",
        "note": "R",
        "children": [
          {
            "name": "graphql-subscription",
            "cardinality": "+",
            "note": "`id` = subscription field",
            "attributes": [
              {
                "name": "id",
                "required": false,
                "type": "string"
              }
            ],
            "children": []
          }
        ]
      }
    ],
    "gateways": "Not in the self-hosted gateway."
  },
  {
    "name": "choose",
    "category": "Control flow",
    "description": "First `when` whose condition is true runs; else `otherwise`.",
    "docs": "https://learn.microsoft.com/azure/api-management/choose-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [],
    "children": [
      {
        "name": "when",
        "cardinality": "+",
        "note": "`condition` R; bool expression or constant",
        "attributes": [
          {
            "name": "condition",
            "required": true,
            "type": "boolean"
          }
        ],
        "children": [],
        "anyPolicy": true
      },
      {
        "name": "otherwise",
        "cardinality": "?",
        "children": [],
        "anyPolicy": true
      }
    ]
  },
  {
    "name": "include-fragment",
    "category": "Control flow",
    "description": "Inserts a policy fragment's content as-is.",
    "docs": "https://learn.microsoft.com/azure/api-management/include-fragment-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "fragment-id",
        "required": true,
        "expressions": false,
        "type": "string"
      }
    ],
    "children": []
  },
  {
    "name": "retry",
    "category": "Control flow",
    "description": "Runs children once, then re-runs while `condition` is true and retries remain.",
    "docs": "https://learn.microsoft.com/azure/api-management/retry-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend",
      "on-error"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "condition",
        "required": true,
        "expressions": true,
        "type": "boolean"
      },
      {
        "name": "count",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 1,
        "max": 50
      },
      {
        "name": "interval",
        "required": true,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "max-interval",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "delta",
        "required": false,
        "expressions": true,
        "type": "integer",
        "min": 0,
        "unit": "seconds"
      },
      {
        "name": "first-fast-retry",
        "required": false,
        "expressions": true,
        "default": "false",
        "type": "boolean"
      }
    ],
    "children": [],
    "containsPolicies": true
  },
  {
    "name": "wait",
    "category": "Control flow",
    "description": "Runs immediate children in parallel; waits for all or the first (then cancels the rest).",
    "docs": "https://learn.microsoft.com/azure/api-management/wait-policy",
    "sections": [
      "inbound",
      "outbound",
      "backend"
    ],
    "scopes": [
      "global",
      "workspace",
      "product",
      "api",
      "operation"
    ],
    "attributes": [
      {
        "name": "for",
        "required": false,
        "expressions": true,
        "default": "all",
        "type": "enum",
        "values": [
          "all",
          "any"
        ]
      }
    ],
    "children": [],
    "containsPolicies": true,
    "allowedPolicies": [
      "send-request",
      "cache-lookup-value",
      "choose"
    ]
  }
];
