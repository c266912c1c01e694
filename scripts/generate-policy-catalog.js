#!/usr/bin/env node
// Generates src/policy/generated/policyCatalog.generated.ts from the policy element table of the
// shared research reference (../shared/reference/apim-policies.md §2): every policy with its
// sections, scopes, attributes (required, expressions, default, enum values) and child elements.
// Run: npm run generate:catalog. The output is committed; a unit test checks it is current when
// the reference is present.
'use strict';

const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const REFERENCE = process.env.APIM_REFERENCE || path.resolve(root, '..', 'shared', 'reference', 'apim-policies.md');
const OUT = path.join(root, 'src', 'policy', 'generated', 'policyCatalog.generated.ts');

const SECTION = { I: 'inbound', B: 'backend', O: 'outbound', E: 'on-error' };
const SCOPE = { G: 'global', W: 'workspace', P: 'product', A: 'api', Op: 'operation', R: 'resolver' };

/** Gateway availability (§2.3). */
const GATEWAYS = {
  'rate-limit-by-key': 'Not in the Consumption tier.',
  'quota-by-key': 'Not in the Consumption tier.',
  'llm-token-limit': 'Not in the Consumption tier.',
  'azure-openai-token-limit': 'Not in the Consumption tier.',
  'sql-data-source': 'Not in the Consumption tier or the self-hosted gateway.',
  'cosmosdb-data-source': 'Not in the Consumption tier or the self-hosted gateway.',
  'http-data-source': 'Not in the self-hosted gateway.',
  'publish-event': 'Not in the self-hosted gateway.',
  'get-authorization-context': 'Not in the self-hosted gateway.',
  'publish-to-dapr': 'Self-hosted gateway with a Dapr sidecar only.',
  'invoke-dapr-binding': 'Self-hosted gateway with a Dapr sidecar only.',
  'send-service-bus-message': 'Preview; not in workspaces.',
};

/** Splits at top-level separators (outside (), [] and backticks). */
function splitTop(text, seps) {
  const out = [];
  let depth = 0;
  let tick = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') tick = !tick;
    if (!tick) {
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
      const sep = depth === 0 && seps.find((s) => text.startsWith(s, i));
      if (sep) {
        out.push(cur);
        cur = '';
        i += sep.length - 1;
        continue;
      }
    }
    cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** `name` (flags) sequences at the top level of a cell. */
function namedItems(text) {
  const items = [];
  let i = 0;
  let toolkitZone = false;
  while (i < text.length) {
    if (text.startsWith('Toolkit-only', i) || text.startsWith('toolkit also', i)) toolkitZone = true;
    if (text[i] === '(') {
      // Skip a parenthesised group that is not attached to a name.
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      i++;
      continue;
    }
    if (text[i] !== '`') {
      i++;
      continue;
    }
    const end = text.indexOf('`', i + 1);
    if (end < 0) break;
    const name = text.slice(i + 1, end);
    i = end + 1;
    let card = '';
    if ('*+?'.includes(text[i] ?? '')) card = text[i++];
    let flags = '';
    let j = i;
    while (text[j] === ' ') j++;
    if (text[j] === '(') {
      let depth = 0;
      let k = j;
      for (; k < text.length; k++) {
        if (text[k] === '(') depth++;
        else if (text[k] === ')' && --depth === 0) break;
      }
      flags = text.slice(j + 1, k);
      i = k + 1;
    }
    const rest = text.slice(i, i + 6);
    items.push({ name, card, flags, toolkit: toolkitZone || /^\s*\[T\]/.test(rest) });
  }
  return items;
}

function attributeOf(item) {
  const f = item.flags;
  const parts = f.split(';').map((s) => s.trim());
  const required = parts.some((p) => p === 'R' || /^R\b(?! unless)/.test(p));
  const expressions = parts.some((p) => /^¬x/.test(p)) ? false : parts.some((p) => /^x\b/.test(p)) ? true : undefined;
  const def = /=`([^`]*)`/.exec(f)?.[1] ?? /(?:^|;\s*)=\s*([^;`]+)/.exec(f)?.[1]?.trim();
  const enumMatch = /`[^`]+`(?:\s*\/\s*`[^`]+`)+/.exec(f);
  const values = enumMatch ? [...enumMatch[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]) : undefined;
  const note = parts.filter((p) => !/^(R|o|x|¬x)$/.test(p) && !/^=/.test(p) && p !== '').join('; ');
  const a = { name: item.name, required };
  if (expressions !== undefined) a.expressions = expressions;
  if (def !== undefined) a.default = def;
  if (values) a.values = values;
  if (note) a.note = note;
  if (item.toolkit) a.toolkitOnly = true;
  return a;
}

/** Attributes named in a child's note: "`url` R; `validate-connectivity` o" or "`name` R, `value` o". */
function childAttributes(note) {
  const out = [];
  for (const m of note.matchAll(/`([a-z][\w-]*)`(\s+(R|o)\b)?/g)) {
    const name = m[1];
    if (out.some((a) => a.name === name)) continue;
    // Values listed after '=' or '/' are enumeration values, not attribute names.
    const before = note.slice(Math.max(0, m.index - 2), m.index);
    if (/[=/]\s*$/.test(before)) continue;
    out.push({ name, required: m[3] === 'R' });
  }
  return out;
}

/** Children cell: `a`* (flags) › `b`+ › [`c`?, `d`*]; `e` ... */
function childrenOf(cell) {
  const text = cell.trim();
  if (text === '—' || text === '') return { children: [] };
  if (/^any policies/.test(text)) return { children: [], anyPolicy: true };
  const result = { children: [] };
  if (/^text content|^text = |^text \(/.test(text)) result.text = true;
  for (const seg of splitTop(text, [', ', '; '])) {
    const chain = splitTop(seg, [' › ']);
    let parents = null;
    for (const link of chain) {
      const inner = link.startsWith('[') ? link.slice(1, link.lastIndexOf(']')) : link;
      const items = namedItems(inner).map((it) => ({
        name: it.name,
        cardinality: it.card || (/^R\b(?! unless)/.test(it.flags) ? '1' : '?'),
        ...(it.flags ? { note: it.flags } : {}),
        ...(childAttributes(it.flags).length ? { attributes: childAttributes(it.flags) } : {}),
        children: [],
      }));
      const filtered = items.filter((it) => /^[a-z][\w:-]*$/.test(it.name));
      if (!parents) result.children.push(...filtered.slice(0, 1).concat(link.startsWith('[') ? filtered.slice(1) : []));
      else for (const p of parents) p.children.push(...filtered);
      parents = link.startsWith('[') ? filtered : filtered.slice(0, 1);
      if (!parents.length) break;
    }
  }
  // A child marked "any policies" (`when`+ (...) › any policies) holds policies.
  for (const c of result.children) if (/any policies/.test(text) && c.children.length === 0 && /(when|otherwise|http-request)/.test(c.name)) c.anyPolicy = true;
  return result;
}

function docsUrl(name, dapr) {
  return `https://learn.microsoft.com/azure/api-management/${name}${dapr ? '-dapr' : ''}-policy`;
}

function main() {
  const md = readFileSync(REFERENCE, 'utf8');
  const start = md.indexOf('## 2. Policy element table');
  const end = md.indexOf('### 2.1', start);
  const rows = md.slice(start, end).split('\n').filter((l) => /^\| \d+ \|/.test(l));
  const policies = rows.map((line) => {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const [, elementCell, category, sectionsCell, scopesCell, attrsCell, childrenCell, behavior] = cells;
    const name = /`([^`]+)`/.exec(elementCell)[1];
    const dapr = /\(Dapr\)/.test(elementCell);
    const head = sectionsCell.split('(')[0];
    // "resolver root" rows live only in GraphQL resolvers; "(… resolvers)" inside a note does not count.
    const sections = /^\s*resolver/.test(sectionsCell) ? [] : [...head.matchAll(/\b([IBOE])\b/g)].map((m) => SECTION[m[1]]);
    // `trace` reads "I, O, B (on-error per error-handling list)": the article's on-error list counts.
    if (/on-error per/.test(sectionsCell) && !sections.includes('on-error')) sections.push('on-error');
    // Unverified: set-body's page lists inbound/outbound/backend only, yet setting the error body
    // straight in on-error is everywhere in real policies and community samples. A false error here
    // is worse than a missed one (the incumbent's top complaint), so it is allowed. Change it here.
    if (name === 'set-body' && !sections.includes('on-error')) sections.push('on-error');
    const scopes = [...scopesCell.replace(/\(W\)/g, 'W').matchAll(/\b(Op|G|W|P|A|R)\b/g)].map((m) => SCOPE[m[1]]);
    const attributes = attrsCell === '—' ? [] : namedItems(attrsCell).filter((it) => /^[a-z][\w:-]*$/.test(it.name)).map(attributeOf);
    const kids = childrenOf(childrenCell);
    const p = {
      name,
      ...(dapr ? { variant: 'dapr' } : {}),
      category,
      description: behavior.replace(/\s*\(§[\d.]+\)/g, ''),
      docs: docsUrl(name, dapr),
      sections,
      ...(/also inside|and child of|and as child/.test(sectionsCell) ? { sectionsNote: sectionsCell.slice(sectionsCell.indexOf('(') + 1, sectionsCell.lastIndexOf(')')) } : {}),
      scopes: [...new Set(scopes)],
      attributes,
      children: kids.children,
      ...(kids.anyPolicy ? { containsPolicies: true } : {}),
      ...(kids.text ? { text: true } : {}),
      ...(GATEWAYS[name] ? { gateways: GATEWAYS[name] } : {}),
      ...(/once per (policy )?definition/.test(behavior) ? { oncePerDefinition: true } : /once per section/.test(behavior) ? { oncePerSection: true } : {}),
    };
    return p;
  });
  const header = `// Generated by scripts/generate-policy-catalog.js from shared/reference/apim-policies.md §2. Do not edit:
// change the generator (or the hand-written overrides in catalog.ts) and run npm run generate:catalog.

import type { PolicyInfo } from '../catalog';

export const GENERATED_POLICIES: readonly PolicyInfo[] = `;
  const content = `${header}${JSON.stringify(policies, null, 2)};\n`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== content) {
      console.error(`${path.relative(root, OUT)} is stale: run npm run generate:catalog`);
      process.exit(1);
    }
    console.log('catalog is current');
    return;
  }
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, content);
  console.log(`wrote ${path.relative(root, OUT)}: ${policies.length} policies`);
}

main();
