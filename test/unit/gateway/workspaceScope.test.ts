// Workspaces in the simulator: a workspace API runs global → workspace → product → API →
// operation, and inside the workspace its own named values, backends and fragments resolve before
// the service's; a service API is unaffected. Loaded from an APIOps folder with a workspace.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { Gateway, SimulatedClock } from '../../../src/gateway/pipeline';
import type { OutgoingCall } from '../../../src/gateway/transport';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';

const SPEC = "openapi: 3.0.1\ninfo: { title: x, version: '1' }\npaths:\n  /x:\n    get:\n      operationId: get-x\n      responses: { '200': { description: ok } }\n";
const API_POLICY = '<policies><inbound><base /><set-header name="x-greeting" exists-action="override"><value>{{greeting}}</value></set-header><include-fragment fragment-id="stamp" /><set-backend-service backend-id="b1" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>';

describe('the workspace scope in the simulator', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'apiops-ws-'));
    const w = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    w('policy.xml', '<policies><inbound><set-header name="x-order" exists-action="append"><value>global</value></set-header></inbound><backend><forward-request /></backend><outbound /><on-error /></policies>');
    w('named values/greeting/namedValueInformation.json', JSON.stringify({ properties: { displayName: 'greeting', value: 'hello from the service' } }));
    w('policy fragments/stamp/policy.xml', '<fragment><set-header name="x-stamp" exists-action="override"><value>service</value></set-header></fragment>');
    w('backends/b1/backendInformation.json', JSON.stringify({ properties: { url: 'https://service-backend.example.net', protocol: 'http' } }));
    w('apis/sapi/apiInformation.json', JSON.stringify({ properties: { displayName: 'Service API', path: 'sapi', subscriptionRequired: false } }));
    w('apis/sapi/specification.yaml', SPEC);
    w('apis/sapi/policy.xml', API_POLICY);
    const ws = 'workspaces/team-a/';
    w(`${ws}policy.xml`, '<policies><inbound><base /><set-header name="x-order" exists-action="append"><value>workspace</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>');
    w(`${ws}named values/greeting/namedValueInformation.json`, JSON.stringify({ properties: { displayName: 'greeting', value: 'hello from team A' } }));
    w(`${ws}policy fragments/stamp/policy.xml`, '<fragment><set-header name="x-stamp" exists-action="override"><value>team-a</value></set-header></fragment>');
    w(`${ws}backends/b1/backendInformation.json`, JSON.stringify({ properties: { url: 'https://team-a-backend.example.net', protocol: 'http' } }));
    w(`${ws}apis/wapi/apiInformation.json`, JSON.stringify({ properties: { displayName: 'Workspace API', path: 'wapi', subscriptionRequired: false } }));
    w(`${ws}apis/wapi/specification.yaml`, SPEC);
    w(`${ws}apis/wapi/policy.xml`, API_POLICY.replace('<base /><set-header name="x-greeting"', '<base /><set-header name="x-order" exists-action="append"><value>api</value></set-header><set-header name="x-greeting"'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a workspace API meets the workspace policy and resolves inside its workspace first; a service API does not', async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
    const calls: OutgoingCall[] = [];
    const gateway = new Gateway(config, { transport: { send: async (call) => { calls.push(call); return { kind: 'response', status: 200, headers: [], body: null, delayMs: 0 }; } }, clock: new SimulatedClock(0) });
    const headersOf = (call: OutgoingCall) => {
      const out: Record<string, string> = {};
      for (const [n, v] of call.headers) out[n.toLowerCase()] = out[n.toLowerCase()] ? `${out[n.toLowerCase()]},${v}` : v;
      return out;
    };

    const ws = await gateway.handle({ method: 'GET', url: '/wapi/x' });
    assert.equal(ws.response.status, 200);
    assert.deepEqual(headersOf(calls[0]!), { 'x-order': 'global,workspace,api', 'x-greeting': 'hello from team A', 'x-stamp': 'team-a' });
    assert.match(calls[0]!.url, /^https:\/\/team-a-backend\.example\.net/);
    assert.ok(ws.trace.some((e) => e.location?.scope === 'workspace'), 'the trace shows the workspace scope');

    const service = await gateway.handle({ method: 'GET', url: '/sapi/x' });
    assert.equal(service.response.status, 200);
    assert.deepEqual(headersOf(calls[1]!), { 'x-order': 'global', 'x-greeting': 'hello from the service', 'x-stamp': 'service' });
    assert.match(calls[1]!.url, /^https:\/\/service-backend\.example\.net/);
  });
});
