// Named values by display name: APIM resolves {{…}} by display name. Where a named value's
// resource name differs from it, a reference by display name is clean, one by resource name is
// warned about (with a fix to the display name), completion offers the display name, and the
// simulator resolves both.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCSharpParser } from '../../../src/expressions/expressionParser';
import { gatewayFromApiops } from '../../../src/gateway/apiopsGateway';
import { Gateway, SimulatedClock } from '../../../src/gateway/pipeline';
import { MOCK_BACKEND } from '../../../src/gateway/simulateHttp';
import { codeActionsFor } from '../../../src/language/codeActions';
import { lintService } from '../../../src/language/lintWorkspace';
import { parsePolicy } from '../../../src/policy/policyParser';
import { loadApiopsService } from '../../../src/workspace/apiopsLoader';
import { nodeFileSystem } from '../../../src/workspace/fileSystem';

describe('named values referenced by display name', () => {
  let root: string;
  const policy = '<policies>\n  <inbound>\n    <set-header name="x-a" exists-action="override"><value>{{Backend-Key}}</value></set-header>\n    <set-header name="x-b" exists-action="override"><value>{{6512a0f1c3d4e5f6a7b8c9d0}}</value></set-header>\n  </inbound>\n  <backend><forward-request /></backend>\n  <outbound />\n  <on-error />\n</policies>\n';
  before(async () => {
    await loadCSharpParser();
    root = mkdtempSync(path.join(tmpdir(), 'apiops-display-'));
    const w = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    // An auto-generated resource name, as APIM gives a named value created by the portal.
    w('named values/6512a0f1c3d4e5f6a7b8c9d0/namedValueInformation.json', JSON.stringify({ properties: { displayName: 'Backend-Key', value: 'k-123', secret: false } }));
    w('apis/echo/apiInformation.json', JSON.stringify({ properties: { displayName: 'Echo', path: 'echo', serviceUrl: 'https://b.example.net', subscriptionRequired: false } }));
    w('apis/echo/policy.xml', policy);
    w('apis/echo/specification.yaml', "openapi: 3.0.1\ninfo: { title: Echo, version: '1' }\npaths:\n  /x:\n    get:\n      operationId: get-x\n      responses: { '200': { description: ok } }\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a reference by display name is clean; by resource name it is a warning with a fix', async () => {
    const [file] = await lintService(await loadApiopsService(nodeFileSystem, root));
    const d = file!.diagnostics.filter((x) => x.code.startsWith('namedValue') || x.code === 'unknownNamedValue');
    assert.deepEqual(d.map((x) => [x.code, x.severity, file!.text.slice(x.span.start, x.span.end)]), [['namedValueByName', 'warning', '{{6512a0f1c3d4e5f6a7b8c9d0}}']]);
    assert.match(d[0]!.message, /resolves \{\{…\}\} by display name, so write \{\{Backend-Key\}\}/);
    const [fix] = codeActionsFor(parsePolicy(file!.text), d[0]!);
    assert.equal(fix?.title, 'Change to {{Backend-Key}}');
    assert.deepEqual(fix?.edits, [{ span: d[0]!.span, newText: '{{Backend-Key}}' }]);
  });

  test('the simulator resolves both', async () => {
    const config = await gatewayFromApiops(await loadApiopsService(nodeFileSystem, root), nodeFileSystem);
    const calls: { headers: readonly (readonly [string, string])[] }[] = [];
    const gateway = new Gateway(config, { transport: { send: async (call) => { calls.push(call); return MOCK_BACKEND.send(call, 1000); } }, clock: new SimulatedClock(0) });
    assert.equal((await gateway.handle({ method: 'GET', url: '/echo/x' })).response.status, 200);
    const headers = Object.fromEntries(calls[0]!.headers.map(([n, v]) => [n.toLowerCase(), v]));
    assert.equal(headers['x-a'], 'k-123');
    assert.equal(headers['x-b'], 'k-123');
  });
});
