// Convert Layout: the sample (v7) written in the apiops-cli layout and back, byte for byte; the
// hand-made apiops-cli fixture written in v7 and back, byte for byte; the converted folder detected
// as the other layout, loading to the same model and passing the same policy tests; --out must be
// new or empty.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { childrenOf, present, type ExplorerNode } from '../../../src/explorer/explorerTree';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { runScenarioFile } from '../../../src/gateway/scenario';
import { simulateHttp } from '../../../src/gateway/simulateHttp';
import { lintService } from '../../../src/language/lintWorkspace';
import { detectLayout, loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { repoRoot, sampleRoot } from '../helpers';

const CLI_FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'apiops-cli', 'contoso-orders');

function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((n) => (statSync(path.join(dir, rel, n)).isDirectory() ? files(dir, path.join(rel, n)) : [path.join(rel, n)])).sort();
}

function sameTree(a: string, b: string): void {
  assert.deepEqual(files(b), files(a));
  for (const f of files(a)) assert.equal(readFileSync(path.join(b, f), 'utf8'), readFileSync(path.join(a, f), 'utf8'), f);
}

async function convert(from: string, to: string, layout: string): Promise<void> {
  const out: string[] = [];
  const code = await main(['convert', from, '--to', layout, '--out', to], { out: (t) => out.push(t), err: (t) => out.push(t) });
  assert.equal(code, 0, out.join('\n'));
}

describe('converting between the two layouts', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'apiops-convert-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the sample to apiops-cli and back is byte-identical; the cli folder reads as the same service', async () => {
    const cli = path.join(tmp, 'sample-cli');
    const back = path.join(tmp, 'sample-back');
    await convert(sampleRoot, cli, 'cli');
    assert.equal(await detectLayout(nodeFileSystem, cli), 'cli');
    // The fragment's XML is inside its information file; products list their APIs in apis.json.
    const fragment = JSON.parse(readFileSync(path.join(cli, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json'), 'utf8')) as { properties: { value: string; format: string } };
    assert.equal(fragment.properties.value, readFileSync(path.join(sampleRoot, 'policy fragments', 'correlation-id', 'policy.xml'), 'utf8'));
    assert.equal(fragment.properties.format, 'rawxml');
    assert.deepEqual(JSON.parse(readFileSync(path.join(cli, 'products', 'project-2', 'apis.json'), 'utf8')), [{ name: 'events-api' }, { name: 'partner-api' }, { name: 'webhooks-api' }]);
    assert.ok(statSync(path.join(cli, 'apis', 'orders-api', 'operations', 'cancel-order', 'operationInformation.json')).isFile(), 'every operation gets its information file');
    const [v7Model, cliModel] = [await loadApiopsService(nodeFileSystem, sampleRoot), await loadApiopsService(nodeFileSystem, cli)];
    const summary = (s: typeof v7Model) => ({ apis: s.apis.map((a) => [a.name, a.operations.map((o) => [o.name, o.method, o.urlTemplate, !!o.policy])]), products: s.products.map((p) => [p.name, p.apis]), namedValues: s.namedValues.map((n) => n.displayName), fragments: s.fragments.map((f) => f.name), backends: s.backends.map((b) => b.url) });
    assert.deepEqual(summary(cliModel), summary(v7Model));
    // The sample's own policy tests pass on the converted folder (they name it as config: ..).
    for (const f of readdirSync(path.join(cli, 'scenarios')).filter((n) => n.endsWith('.apimtest.yaml'))) {
      const r = await runScenarioFile(path.join(cli, 'scenarios', f), nodeFileSystem);
      assert.ok(r.passed, `${f}: ${r.steps.filter((s) => !s.passed).map((s) => s.name).join(', ')}`);
    }
    await convert(cli, back, 'v7');
    sameTree(sampleRoot, back);
  });

  test('the converted sample gives the same explorer tree, lint results and simulations as the sample', async () => {
    const cli = path.join(tmp, 'sample-cli-compare');
    await convert(sampleRoot, cli, 'cli');
    const [v7Model, cliModel] = [await loadApiopsService(nodeFileSystem, sampleRoot), await loadApiopsService(nodeFileSystem, cli)];
    // The explorer: every node's label, description and icon, in order, below the service node
    // (its own description names the layout; ids and paths name the folder).
    const tree = (node: ExplorerNode, depth = 0): string[] => {
      const p = present(node);
      const line = `${'  '.repeat(depth)}${p.label} | ${p.description ?? ''} | ${p.icon} | ${p.openPolicy ? 'opens a policy' : ''}`;
      return [...(depth === 0 ? [] : [line]), ...childrenOf(node).flatMap((c) => tree(c, depth + 1))];
    };
    const v7Tree = tree({ kind: 'service', service: v7Model });
    assert.ok(v7Tree.length > 60);
    assert.deepEqual(tree({ kind: 'service', service: cliModel }), v7Tree);
    // Lint: the same diagnostics, on the same policies (a fragment's lives in its JSON in the cli layout).
    const lint = async (root: string, model: typeof v7Model) =>
      (await lintService(model)).flatMap((f) => f.diagnostics.map((d) => `${path.relative(root, f.file).replace(/^policy fragments\/([^/]+)\/policy\.xml$/, 'fragment $1').replace(/^policyFragments\/([^/]+)\/policyFragmentInformation\.json \(properties\.value\)$/, 'fragment $1')}: ${d.severity} ${d.code} ${d.message}`)).sort();
    const v7Lint = await lint(sampleRoot, v7Model);
    assert.deepEqual(await lint(cli, cliModel), v7Lint);
    // Every request of the sample's .http files: the same response and the same steps.
    const key = { key: 'fake-project-1-key', product: 'project-1', state: 'active' } as const;
    for (const file of readdirSync(path.join(sampleRoot, 'requests')).filter((n) => n.endsWith('.http'))) {
      const http = readFileSync(path.join(sampleRoot, 'requests', file), 'utf8');
      const run = async (model: typeof v7Model) => {
        const config = await gatewayFromApiops(model, nodeFileSystem, [key]);
        return (await simulateHttp(config, http, { now: 0, namedValues: { 'func-app-1-key': 'test-key' } })).map((r) => ({ status: r.result.response.status, headers: r.result.response.headers, body: r.result.response.body, steps: r.result.trace.map((e) => `${e.section} ${e.source} ${e.location?.scope ?? ""} ${JSON.stringify(e.data)}`) }));
      };
      assert.deepEqual(await run(cliModel), await run(v7Model), file);
    }
  });

  test('the hand-made apiops-cli folder to v7 and back is byte-identical', async () => {
    const v7 = path.join(tmp, 'fixture-v7');
    const back = path.join(tmp, 'fixture-back');
    await convert(CLI_FIXTURE, v7, 'v7');
    assert.equal(await detectLayout(nodeFileSystem, v7), 'v7');
    assert.ok(statSync(path.join(v7, 'policy fragments', 'correlation-id', 'policy.xml')).isFile());
    assert.ok(statSync(path.join(v7, 'products', 'project-1', 'apis', 'orders-api', 'productApiInformation.json')).isFile());
    await convert(v7, back, 'cli');
    sameTree(CLI_FIXTURE, back);
  });

  test('--out must be new or empty: nothing is written over a folder', async () => {
    const busy = path.join(tmp, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    const err: string[] = [];
    assert.equal(await main(['convert', sampleRoot, '--to', 'cli', '--out', busy], { out: () => undefined, err: (t) => err.push(t) }), 2);
    assert.match(err.join('\n'), /exists and is not empty: nothing was written/);
    assert.deepEqual(readdirSync(busy), ['keep.txt']);
  });
});
