import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { childrenOf, present, withCompleteModel, type ExplorerNode } from '../../../src/explorer/explorerTree';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';
import { sampleRoot, tempFolder } from '../helpers';

function labels(nodes: ExplorerNode[]): string[] {
  return nodes.map((n) => present(n).label);
}

function find(nodes: ExplorerNode[], label: string): ExplorerNode {
  const node = nodes.find((n) => present(n).label === label);
  assert.ok(node, `no node '${label}' among ${labels(nodes).join(', ')}`);
  return node;
}

function walk(node: ExplorerNode, visit: (n: ExplorerNode) => void): void {
  visit(node);
  for (const child of childrenOf(node)) walk(child, visit);
}

describe('explorerTree on the Contoso sample', async () => {
  const service = await loadApiopsService(nodeFileSystem, sampleRoot);
  const root: ExplorerNode = { kind: 'service', service };
  const top = childrenOf(root);

  test('shows the global policy and one group per collection', () => {
    assert.deepEqual(labels(top), ['Global policy', 'APIs', 'Backends', 'Products', 'Named values', 'Policy fragments']);
    assert.equal(present(find(top, 'APIs')).description, '10');
  });

  test('an API shows its policy, its revisions and its operations', () => {
    const orders = find(childrenOf(find(top, 'APIs')), 'Orders API');
    assert.equal(present(orders).description, '/orders · rev 1');
    const children = childrenOf(orders);
    assert.deepEqual(labels(children), ['API policy', 'Revisions', 'List orders', 'Create an order', 'Get an order', 'Cancel an order']);
    assert.deepEqual(labels(childrenOf(find(children, 'Revisions'))), ['Revision 2']);
    assert.equal(present(find(children, 'Get an order')).description, 'GET /orders/{orderId}');
    assert.equal(present(find(children, 'Cancel an order')).openPolicy, undefined);
  });

  test('policy nodes open their policy.xml', () => {
    const global = present(find(top, 'Global policy'));
    assert.ok(global.openPolicy?.endsWith('contoso/policy.xml'));
    const project1 = find(childrenOf(find(top, 'Products')), 'Project 1');
    assert.ok(present(find(childrenOf(project1), 'Product policy')).openPolicy?.endsWith('products/project-1/policy.xml'));
  });

  test('a backend pool shows its members and circuit breakers', () => {
    const pool = find(childrenOf(find(top, 'Backends')), 'aks-cluster');
    assert.equal(present(pool).description, 'pool of 2');
    assert.deepEqual(labels(childrenOf(pool)), ['aks-ingress-weu', 'aks-ingress-neu']);
    const weu = find(childrenOf(find(top, 'Backends')), 'aks-ingress-weu');
    assert.match(present(childrenOf(weu)[0] as ExplorerNode).description ?? '', /3 failures in PT30S on 502-504, trips PT30S/);
  });

  test('every node id is unique', () => {
    const ids = new Set<string>();
    walk(root, (n) => {
      const id = present(n).id;
      assert.ok(!ids.has(id), `duplicate id ${id}`);
      ids.add(id);
    });
    assert.ok(ids.size > 60);
  });
});

describe('explorerTree and secrets', () => {
  test('no node shows a secret value, from the extraction or the local override file', async () => {
    const t = tempFolder({
      'named values/fk/namedValueInformation.json': JSON.stringify({ properties: { displayName: 'fk', secret: true, value: 'EXTRACTED-SECRET' } }),
      'named values/plain/namedValueInformation.json': JSON.stringify({ properties: { displayName: 'plain', value: 'visible-value' } }),
      'backends/b/backendInformation.json': JSON.stringify({ properties: { url: 'https://b', credentials: { header: { 'x-functions-key': ['RAW-KEY'] } } } }),
      'named-values.local.json': JSON.stringify({ fk: 'LOCAL-SECRET' }),
    });
    try {
      const service = await loadApiopsService(nodeFileSystem, t.root);
      const shown: string[] = [];
      walk({ kind: 'service', service }, (n) => {
        const p = present(n);
        shown.push(p.label, p.description ?? '', p.tooltip ?? '');
      });
      const text = shown.join('\n');
      for (const secret of ['EXTRACTED-SECRET', 'LOCAL-SECRET', 'RAW-KEY']) assert.ok(!text.includes(secret), `${secret} is shown`);
      assert.ok(text.includes('visible-value'), 'plain values are shown');
      assert.ok(text.includes('A local value is set'), 'the tooltip says a local value exists');
    } finally {
      t.dispose();
    }
  });
});

describe('explorerTree from a first look (a folder read without operations)', () => {
  test('the tree above the operations is the same; an API listed from the first look expands with the complete model', async () => {
    const folder = tempFolder({});
    after(() => folder.dispose());
    const root = folder.root;
    cpSync(sampleRoot, root, { recursive: true });
    const ws = path.join(root, 'workspaces', 'team-a', 'apis', 'wapi');
    mkdirSync(ws, { recursive: true });
    writeFileSync(path.join(ws, 'apiInformation.json'), JSON.stringify({ properties: { displayName: 'Workspace API', path: 'wapi' } }));
    writeFileSync(path.join(ws, 'specification.yaml'), "openapi: 3.0.1\ninfo: { title: x, version: '1' }\npaths:\n  /x:\n    get:\n      operationId: get-x\n      summary: Get x\n      responses: { '200': { description: ok } }\n");

    const shallow = await loadApiopsService(nodeFileSystem, root, { operations: false });
    const full = await loadApiopsService(nodeFileSystem, root);
    assert.equal(shallow.operationsLoaded, false);
    assert.equal(full.operationsLoaded, undefined);
    assert.ok(shallow.apis.every((a) => a.operations.length === 0));
    const ids = (n: ExplorerNode): string[] => [present(n).id, ...childrenOf(n).filter((c) => c.kind !== 'api' && c.kind !== 'revisions').flatMap(ids)];
    assert.deepEqual(ids({ kind: 'service', service: shallow }), ids({ kind: 'service', service: full }), 'same nodes apart from what is below an API');

    const shallowTop = childrenOf({ kind: 'service', service: shallow });
    const orders = find(childrenOf(find(shallowTop, 'APIs')), 'Orders API');
    assert.deepEqual(labels(childrenOf(orders)), ['API policy', 'Revisions']);
    const completed = withCompleteModel(orders, [full]);
    assert.deepEqual(labels(childrenOf(completed)), ['API policy', 'Revisions', 'List orders', 'Create an order', 'Get an order', 'Cancel an order']);
    assert.equal(present(completed).id, present(orders).id);
    const revision2 = withCompleteModel(find(childrenOf(find(childrenOf(orders), 'Revisions')), 'Revision 2'), [full]);
    assert.ok(childrenOf(revision2).some((c) => c.kind === 'operation'), 'a revision listed from the first look expands with its operations');

    const workspace = find(childrenOf(find(shallowTop, 'Workspaces')), 'team-a');
    const wapi = find(childrenOf(find(childrenOf(workspace), 'APIs')), 'Workspace API');
    assert.deepEqual(labels(childrenOf(withCompleteModel(wapi, [full]))), ['Get x']);
    assert.equal(withCompleteModel(wapi, [shallow]), wapi, 'without a complete model the node stays as it is');
    const fullOrders = find(childrenOf(find(childrenOf({ kind: 'service', service: full }), 'APIs')), 'Orders API');
    assert.equal(withCompleteModel(fullOrders, [full]), fullOrders);
  });
});
