// Show Effective Policy: the composed policy of an operation (and, optionally, a product) as one
// document, the static twin of the debugger's call stack. Each section is the simulator's own
// composition (scopedPoliciesOf + effectiveSection); each scope's part and each included fragment
// is marked with comments in the portal's style (`<!--base: Begin Api scope-->`,
// `<!--include-fragment: Begin <id> policy fragment scope-->`), and every element written knows the
// file and offset it came from, for links.

import { childElements, SECTIONS, type PolicyElement, type SectionName } from '../policy/policyDocument';
import { effectiveSection, type PolicyScope } from '../policy/effectivePolicy';
import type { GatewayConfig, OperationConfig } from './gatewayConfig';
import { scopedPoliciesOf } from './pipeline';

export interface EffectivePolicyLink {
  /** Where the element is in the composed text. */
  readonly start: number;
  readonly end: number;
  /** Where it comes from. */
  readonly file?: string;
  readonly offset: number;
  readonly scope: PolicyScope;
  readonly fragment?: string;
}

export interface EffectivePolicy {
  readonly text: string;
  readonly links: readonly EffectivePolicyLink[];
}

export class EffectivePolicyError extends Error {}

/** Portal spelling of a scope in its comments. */
const SCOPE_LABEL: Record<PolicyScope, string> = { global: 'Global', workspace: 'Workspace', product: 'Product', api: 'Api', operation: 'Operation' };

/** The source text of an element re-indented to `indent`. */
function elementText(source: string, el: PolicyElement, indent: string): string {
  const raw = source.slice(el.span.start, el.span.end);
  const lineStart = source.lastIndexOf('\n', el.span.start - 1) + 1;
  const original = /^[ \t]*/.exec(source.slice(lineStart, el.span.start))?.[0] ?? '';
  return raw
    .split('\n')
    .map((line, i) => (i === 0 ? `${indent}${line}` : `${indent}${line.startsWith(original) ? line.slice(original.length) : line.trimStart()}`))
    .join('\n');
}

/**
 * @param operationId the operation; undefined: the API's own composition, as an operation without a
 * policy of its own meets it (the operation scope is then only `<base />`)
 */
/** An operation with no policy of its own: what an API's composition looks like from below. */
const ANY_OPERATION: OperationConfig = { id: '*', name: 'any operation', method: '*', urlTemplate: '/*' };

export function effectivePolicy(config: GatewayConfig, apiId: string, operationId: string | undefined, productId?: string): EffectivePolicy {
  const api = config.apis.find((a) => a.id === apiId || a.name === apiId);
  if (!api) throw new EffectivePolicyError(`No API '${apiId}': the APIs are ${config.apis.map((a) => a.id).join(', ') || '(none)'}.`);
  const operation = operationId === undefined ? ANY_OPERATION : api.operations.find((o) => o.id === operationId || o.name === operationId);
  if (!operation) throw new EffectivePolicyError(`API ${api.id} has no operation '${operationId}': its operations are ${api.operations.map((o) => o.id).join(', ') || '(none)'}.`);
  const product = productId === undefined ? undefined : config.products.find((p) => p.id === productId || p.name === productId);
  if (productId !== undefined && !product) throw new EffectivePolicyError(`No product '${productId}': the products are ${config.products.map((p) => p.id).join(', ') || '(none)'}.`);
  const scoped = scopedPoliciesOf(config, api, operation, product);
  const sources = new Map(scoped.map((s) => [s.document, s.document.text]));
  const what = operation === ANY_OPERATION ? `${api.id} (an operation without a policy of its own)` : `${api.id} › ${operation.id}`;
  let text = `<!-- The effective policy of ${what}${product ? ` through product ${product.id}` : ''}, composed as the simulator composes it. Read-only. -->\n<policies>\n`;
  const links: EffectivePolicyLink[] = [];
  const write = (source: string, el: PolicyElement, indent: string, scope: PolicyScope, file: string | undefined, fragment?: string): void => {
    // A top-level include-fragment is expanded in place, between comments.
    const fragmentId = el.name === 'include-fragment' ? el.attributes.find((a) => a.name === 'fragment-id')?.value : undefined;
    const fragmentSource = fragmentId !== undefined ? config.fragments.get(fragmentId) : undefined;
    if (fragmentId !== undefined && fragmentSource?.document.root) {
      text += `${indent}<!--include-fragment: Begin ${fragmentId} policy fragment scope-->\n`;
      for (const child of childElements(fragmentSource.document.root)) write(fragmentSource.document.text, child, indent, scope, fragmentSource.file, fragmentId);
      text += `${indent}<!--include-fragment: End ${fragmentId} policy fragment scope-->\n`;
      return;
    }
    const start = text.length + indent.length;
    text += `${elementText(source, el, indent)}\n`;
    links.push({ start, end: text.length - 1, ...(file ? { file } : {}), offset: el.span.start, scope, ...(fragment ? { fragment } : {}) });
  };
  for (const section of SECTIONS as readonly SectionName[]) {
    const statements = effectiveSection(section, scoped);
    text += `  <${section}>\n`;
    let current: PolicyScope | undefined;
    for (const s of statements) {
      if (s.scope !== current) {
        if (current) text += `    <!--base: End ${SCOPE_LABEL[current]} scope-->\n`;
        current = s.scope;
        text += `    <!--base: Begin ${SCOPE_LABEL[current]} scope-->\n`;
      }
      const doc = scoped.find((p) => p.scope === s.scope)?.document;
      write(doc ? (sources.get(doc) ?? '') : '', s.element, '    ', s.scope, s.file);
    }
    if (current) text += `    <!--base: End ${SCOPE_LABEL[current]} scope-->\n`;
    text += `  </${section}>\n`;
  }
  text += '</policies>\n';
  return { text, links };
}
