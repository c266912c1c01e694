#!/usr/bin/env node
// Writes a synthetic APIM estate for scale tests: N APIs (default 2,000) with 5 operations each, in
// the v7 or the apiops-cli layout. Policies are real ones of various sizes: the sample's global,
// product, API and operation policies and the snippet scenario policies (test/scenarios/snippets),
// spread over the APIs and operations with their named values, backends and fragments renamed per
// API so references resolve; products (one per 50 APIs), named values, fragments, and two
// environments (configuration.dev.yaml, configuration.prod.yaml) beside the folder.
//
//   node scripts/generate-estate.js <out folder> [--apis 2000] [--layout v7|cli]
//
// The folder is the service root; the environment files go in its parent (as in an APIOps repo).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const out = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
if (!out) {
  console.error('usage: node scripts/generate-estate.js <out folder> [--apis 2000] [--layout v7|cli]');
  process.exit(2);
}
const N = Number(arg('apis', 2000));
const layout = arg('layout', 'v7');
const service = path.resolve(out);
if (fs.existsSync(service) && fs.readdirSync(service).length) {
  console.error(`${service} exists and is not empty.`);
  process.exit(2);
}
const folders = layout === 'cli' ? { nv: 'namedValues', frag: 'policyFragments' } : { nv: 'named values', frag: 'policy fragments' };
let files = 0;
const write = (rel, text) => {
  const p = path.join(service, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  files++;
};
const json = (v) => `${JSON.stringify(v, null, 2)}\n`;

const sample = path.join(root, 'samples', 'contoso');
const read = (p) => fs.readFileSync(p, 'utf8');
// Policies of various sizes, real ones: operation and API policies of the sample, the snippet scenarios'.
const opPolicies = [];
const apiPolicies = [];
for (const api of fs.readdirSync(path.join(sample, 'apis'))) {
  const dir = path.join(sample, 'apis', api);
  if (fs.existsSync(path.join(dir, 'policy.xml'))) apiPolicies.push(read(path.join(dir, 'policy.xml')));
  const ops = path.join(dir, 'operations');
  if (fs.existsSync(ops)) for (const op of fs.readdirSync(ops)) if (fs.existsSync(path.join(ops, op, 'policy.xml'))) opPolicies.push(read(path.join(ops, op, 'policy.xml')));
}
const snippetDir = path.join(root, 'test', 'scenarios', 'snippets');
for (const f of fs.readdirSync(snippetDir).filter((f) => f.endsWith('.xml')).sort()) opPolicies.push(read(path.join(snippetDir, f)));

// Named values, backends and fragments the policies name: made for the estate so references resolve.
const text = [...opPolicies, ...apiPolicies, read(path.join(sample, 'policy.xml')), read(path.join(sample, 'products', 'project-1', 'policy.xml'))].join('\n');
const namedValues = new Set([...text.matchAll(/\{\{([A-Za-z0-9._-]+)\}\}/g)].map((m) => m[1]));
const backends = new Set([...text.matchAll(/backend-id="([^"@{]+)"/g)].map((m) => m[1]));
const fragments = new Set([...text.matchAll(/fragment-id="([^"@{]+)"/g)].map((m) => m[1]));
for (const nv of namedValues) write(path.join(folders.nv, nv, 'namedValueInformation.json'), json({ properties: { displayName: nv, value: `value-of-${nv}`, secret: false } }));
for (const b of backends) write(path.join('backends', b, 'backendInformation.json'), json({ properties: { url: `https://${b}.example.net`, protocol: 'http' } }));
for (const f of fragments) {
  const src = path.join(sample, 'policy fragments', f, 'policy.xml');
  const xml = fs.existsSync(src) ? read(src) : `<fragment>\n  <set-header name="x-${f}" exists-action="override">\n    <value>${f}</value>\n  </set-header>\n</fragment>\n`;
  if (layout === 'cli') write(path.join(folders.frag, f, 'policyFragmentInformation.json'), json({ properties: { description: f, value: xml, format: 'rawxml' } }));
  else {
    write(path.join(folders.frag, f, 'policyFragmentInformation.json'), json({ properties: { description: f } }));
    write(path.join(folders.frag, f, 'policy.xml'), xml);
  }
}
write('policy.xml', read(path.join(sample, 'policy.xml')));

const METHODS = ['GET', 'GET', 'POST', 'PUT', 'DELETE'];
const productCount = Math.max(1, Math.ceil(N / 50));
for (let p = 0; p < productCount; p++) {
  const name = `product-${String(p).padStart(3, '0')}`;
  write(path.join('products', name, 'productInformation.json'), json({ properties: { displayName: `Product ${p}`, subscriptionRequired: true, state: 'published' } }));
  write(path.join('products', name, 'policy.xml'), read(path.join(sample, 'products', 'project-1', 'policy.xml')));
  const apis = [];
  for (let i = p * 50; i < Math.min(N, (p + 1) * 50); i++) apis.push(`api-${String(i).padStart(4, '0')}`);
  if (layout === 'cli') write(path.join('products', name, 'apis.json'), json(apis.map((a) => ({ name: a }))));
  else for (const a of apis) write(path.join('products', name, 'apis', a, 'productApiInformation.json'), '{}\n');
}
for (let i = 0; i < N; i++) {
  const api = `api-${String(i).padStart(4, '0')}`;
  write(path.join('apis', api, 'apiInformation.json'), json({ properties: { displayName: `API ${i}`, path: `svc${i}`, serviceUrl: `https://backend-${i}.example.net`, subscriptionRequired: true, protocols: ['https'], type: 'http', apiRevision: '1', isCurrent: true } }));
  const paths = {};
  for (let o = 0; o < 5; o++) {
    const op = `op-${o}`;
    const route = o === 0 ? '/items' : `/items/{id}/part${o}`;
    paths[route] = { ...(paths[route] ?? {}), [METHODS[o].toLowerCase()]: { operationId: op, summary: `Operation ${o}`, responses: { 200: { description: 'OK' } } } };
    const policy = opPolicies[(i * 5 + o) % opPolicies.length];
    write(path.join('apis', api, 'operations', op, 'policy.xml'), policy);
    if (layout === 'cli') write(path.join('apis', api, 'operations', op, 'operationInformation.json'), json({ properties: { displayName: `Operation ${o}`, method: METHODS[o], urlTemplate: route } }));
  }
  write(path.join('apis', api, 'specification.json'), json({ openapi: '3.0.1', info: { title: `API ${i}`, version: '1' }, paths }));
  write(path.join('apis', api, 'policy.xml'), apiPolicies[i % apiPolicies.length]);
}
const nvList = [...namedValues];
const env = (name) => `namedValues:\n${nvList.map((n) => `  - name: ${n}\n    properties:\n      value: ${name}-${n}\n`).join('')}backends:\n${[...backends].map((b) => `  - name: ${b}\n    properties:\n      url: https://${b}.${name}.example.net\n`).join('')}`;
fs.writeFileSync(path.join(path.dirname(service), 'configuration.dev.yaml'), env('dev'));
fs.writeFileSync(path.join(path.dirname(service), 'configuration.prod.yaml'), env('prod'));
console.log(`${service}: ${layout} layout, ${N} APIs × 5 operations, ${productCount} products, ${namedValues.size} named values, ${backends.size} backends, ${fragments.size} fragments, ${files} files; environments dev and prod beside it.`);
