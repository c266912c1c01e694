// `apim-workbench lint <folder>` on a folder that is no APIOps service: each policy file in it
// (*.policy.xml, *.xml whose root is <policies> or <fragment>) checked on its own, the missing scope
// said once; other XML left alone; a folder with neither is a clear error.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { repoRoot } from '../helpers';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lint on a folder of loose policy files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'apim-loose-'));
    mkdirSync(path.join(dir, 'sub'));
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'policies', '01-jwt-claims.xml'), path.join(dir, 'jwt.xml'));
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'policies', '09-fragment-aad.xml'), path.join(dir, 'sub', 'aad.xml'));
    writeFileSync(path.join(dir, 'pom.xml'), '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n');
    writeFileSync(path.join(dir, 'broken.policy.xml'), '<policies>\n  <inbound>\n    <set-header exists-action="override"><value>x</value></set-header>\n  </inbound>\n</policies>\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('checks each policy file on its own and says once what it could not check', async () => {
    const r = await run(['lint', dir]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /broken\.policy\.xml:3:\d+: error \w+: .*name/);
    assert.equal((r.out.match(/outside an APIOps service/g) ?? []).length, 1);
    assert.match(r.out, /3 policy files are outside an APIOps service: each was checked on its own, without a scope/);
    assert.match(r.out, /in 3 files$/m, 'pom.xml is not a policy');
    assert.doesNotMatch(r.out, /jwt\.xml|aad\.xml/, 'the good ones have no problems');
  });

  test('a loose policy.xml is not taken for the global policy: an API-style policy with <base /> gets no scope warnings', async () => {
    const loose = mkdtempSync(path.join(tmpdir(), 'apim-loose-policy-'));
    try {
      mkdirSync(path.join(loose, 'team-a'));
      copyFileSync(path.join(repoRoot, 'samples', 'contoso', 'apis', 'orders-api', 'policy.xml'), path.join(loose, 'team-a', 'policy.xml'));
      const r = await run(['lint', loose]);
      assert.equal(r.code, 0, r.out);
      assert.doesNotMatch(r.out, /baseAtGlobal/);
      assert.match(r.out, /0 errors, 0 warnings in 1 file/);
      const single = await run(['lint', path.join(loose, 'team-a', 'policy.xml')]);
      assert.doesNotMatch(single.out, /baseAtGlobal/, 'nor when the file is named on its own');
    } finally {
      rmSync(loose, { recursive: true, force: true });
    }
  });

  test('a folder with no service and no policy file is an error that says what was looked for', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'apim-empty-'));
    try {
      writeFileSync(path.join(empty, 'readme.xml'), '<root/>');
      const r = await run(['lint', empty]);
      assert.equal(r.code, 2);
      assert.match(r.err, /No APIOps folder and no policy file found under .*<policies> or <fragment>/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
