// The apiops-cli artifact layout (shared/reference/apiops-cli-layout.md) read into the same model
// as the v7 one: test/fixtures/apiops-cli/contoso-orders is the sample's Orders API written in that
// layout by hand; loaded beside samples/contoso it gives the same API, operations, product
// association and fragment, the same lint results, simulations and policy test results.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { present as presentNode } from '../../../src/explorer/explorerTree';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { simulateHttp } from '../../../src/gateway/simulateHttp';
import { readPolicyText } from '../../../src/gateway/simulationReport';
import { traceViewRequests } from '../../../src/gateway/traceView';
import { runScenarioFile } from '../../../src/gateway/scenario';
import { lintService } from '../../../src/language/lintWorkspace';
import { detectLayout, loadApiopsService, policyText } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { repoRoot, sampleRoot } from '../helpers';

const CLI = path.join(repoRoot, 'test', 'fixtures', 'apiops-cli', 'contoso-orders');
const key = { key: 'fake-project-1-key', product: 'project-1', state: 'active' };

describe('the apiops-cli layout', () => {
  test('is told from the v7 layout by its folders; a folder of shared paths only reads as v7', async () => {
    assert.equal(await detectLayout(nodeFileSystem, sampleRoot), 'v7');
    assert.equal(await detectLayout(nodeFileSystem, CLI), 'cli');
    const shared = mkdtempSync(path.join(tmpdir(), 'apiops-shared-'));
    try {
      mkdirSync(path.join(shared, 'apis', 'echo'), { recursive: true });
      writeFileSync(path.join(shared, 'apis', 'echo', 'apiInformation.json'), '{"properties":{"path":"echo"}}');
      assert.equal(await detectLayout(nodeFileSystem, shared), 'v7');
      mkdirSync(path.join(shared, 'apis', 'echo', 'operations', 'get'), { recursive: true });
      writeFileSync(path.join(shared, 'apis', 'echo', 'operations', 'get', 'operationInformation.json'), '{"properties":{"method":"GET","urlTemplate":"/"}}');
      assert.equal(await detectLayout(nodeFileSystem, shared), 'cli', 'operationInformation.json is the cli\'s');
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test('loads to the same model: the API and its operations, the product\'s APIs, the fragment\'s policy, named values without secrets', async () => {
    const v7 = await loadApiopsService(nodeFileSystem, sampleRoot);
    const cli = await loadApiopsService(nodeFileSystem, CLI);
    assert.deepEqual(cli.problems, []);
    assert.equal(cli.layout, 'cli');
    const shape = (s: typeof v7) => {
      const api = s.apis.find((a) => a.name === 'orders-api')!;
      return { api: { ...api, folder: '', specificationPath: '', policy: !!api.policy, operations: api.operations.map((o) => ({ ...o, policy: !!o.policy })), resolvers: api.resolvers?.length } };
    };
    assert.deepEqual(shape(cli), shape(v7));
    assert.ok(cli.products.find((p) => p.name === 'project-1')?.apis.includes('orders-api'), 'products/project-1/apis.json');
    const fragment = cli.fragments.find((f) => f.name === 'correlation-id')!;
    assert.deepEqual(fragment.policy?.embedded, { format: 'rawxml' });
    assert.equal(await policyText(nodeFileSystem, fragment.policy!), readFileSync(path.join(sampleRoot, 'policy fragments', 'correlation-id', 'policy.xml'), 'utf8'));
    const secret = cli.namedValues.find((n) => n.name === 'func-app-1-key')!;
    assert.equal(secret.secret, true);
    assert.equal(secret.value, undefined, 'the redaction marker is not a value');
    assert.deepEqual(cli.namedValues.map((n) => n.displayName), v7.namedValues.map((n) => n.displayName));
    // The revision folder holds only its information file in this layout.
    assert.equal(cli.apis.find((a) => a.name === 'orders-api;rev=2')?.revision, '2');
  });

  test('the same simulation, trace step by step, and the same lint results', async () => {
    const http = readFileSync(path.join(sampleRoot, 'requests', 'orders.http'), 'utf8');
    const run = async (root: string) => {
      const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem, [key]);
      const [first] = await simulateHttp(config, http, { only: 0, now: 0, namedValues: { 'func-app-1-key': 'test-key' } });
      return { status: first!.result.response.status, headers: first!.result.response.headers, steps: first!.result.trace.map((e) => `${e.section} ${e.source}`) };
    };
    const [a, b] = [await run(sampleRoot), await run(CLI)];
    assert.equal(a.status, 200);
    assert.deepEqual(b, a);
    const lint = async (root: string) => (await lintService(await loadApiopsService(nodeFileSystem, root))).flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${path.basename(f.file)}: ${d.code}`));
    assert.deepEqual(await lint(CLI), []);
    const files = (await lintService(await loadApiopsService(nodeFileSystem, CLI))).map((f) => path.relative(CLI, f.file));
    assert.ok(files.includes('policyFragments/correlation-id/policyFragmentInformation.json (properties.value)'), files.join(', '));
  });

  test('the same policy test results, and the explorer says which layout', async () => {
    const scenario = readFileSync(path.join(sampleRoot, 'scenarios', 'orders.apimtest.yaml'), 'utf8');
    const dir = mkdtempSync(path.join(tmpdir(), 'apiops-cli-test-'));
    try {
      const file = path.join(dir, 'orders.apimtest.yaml');
      writeFileSync(file, scenario.replace(/^config: .*$/m, `config: ${JSON.stringify(CLI)}`));
      const [onCli, onV7] = [await runScenarioFile(file, nodeFileSystem), await runScenarioFile(path.join(sampleRoot, 'scenarios', 'orders.apimtest.yaml'), nodeFileSystem)];
      // apiops-cli writes a non-current revision's information file only (no operations, no
      // policies), so the step sent to /orders;rev=2 cannot pass on it: that is the layout, not us.
      const norev = (r: typeof onV7) => r.steps.filter((s) => !/rev=2/.test(s.name)).map((s) => [s.name, s.passed]);
      assert.deepEqual(norev(onCli), norev(onV7));
      assert.ok(norev(onCli).every(([, passed]) => passed));
      assert.equal(onCli.steps.find((s) => /rev=2/.test(s.name))?.failures[0]?.actual, 404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const service = await loadApiopsService(nodeFileSystem, CLI);
    assert.equal(presentNode({ kind: 'service', service }).description, 'APIOps folder · apiops-cli layout');
    assert.equal(presentNode({ kind: 'service', service: await loadApiopsService(nodeFileSystem, sampleRoot) }).description, 'APIOps folder · v7 layout');
  });

  test('trace entries of a fragment kept in JSON point into its properties.value, and are shown as such', async () => {
    const http = readFileSync(path.join(sampleRoot, 'requests', 'orders.http'), 'utf8');
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, CLI), nodeFileSystem, [key]);
    const [first] = await simulateHttp(config, http, { only: 0, now: 0, namedValues: { 'func-app-1-key': 'test-key' } });
    const json = path.join(CLI, 'policyFragments', 'correlation-id', 'policyFragmentInformation.json');
    const entry = first!.result.trace.find((e) => e.source === 'set-variable' && e.location?.file?.includes('policyFragments'));
    assert.ok(entry?.location?.file, 'the fragment\'s set-variable has a location');
    assert.equal(entry.location.file, `apim-embedded:${json}`);
    const text = readPolicyText(entry.location.file)!;
    assert.match(text.slice(entry.location.span.start), /^<set-variable name="correlationId"/, 'its offset is into the policy, not the JSON');
    const view = traceViewRequests([{ request: { method: 'GET', url: '/orders/orders' }, result: first!.result }], readPolicyText, { root: CLI });
    const shown = view[0]!.entries.find((e) => e.file === entry.location!.file);
    assert.deepEqual([shown?.fileLabel, shown?.line], ['policyFragments/correlation-id/policyFragmentInformation.json (properties.value)', 2]);
  });
});

