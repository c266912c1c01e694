#!/usr/bin/env node
// `npm test`: builds, runs the unit tests (node --test, plain Node), the integration tests (inside
// a real VS Code's extension host) and the UI tests (the packaged .vsix in a real VS Code driven
// through Chromium), then prints one closing line `total: N passed, N failed`.
// Between them, the C# oracle (scripts/oracle.js) compares the expression interpreter with Mono.
// Exits non-zero when any step or any test fails. `npm test -- unit|oracle|integration|ui` runs one kind.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Runs a command; `capture` keeps its stdout (and echoes it, unless 'quiet'). */
function run(command, args, { capture = false, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: env ?? process.env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        out += d;
        if (capture !== 'quiet') process.stdout.write(d);
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

/**
 * Passed and failed counts of a runner: its closing summary line when it printed one; otherwise
 * (it crashed, timed out or could not start) the checks it reported passing before that (`✔`
 * lines, as mocha's spec reporter and the UI runner print them) and one failure for the runner.
 */
function countResults(out, summary, exitCode) {
  const m = summary.exec(out);
  if (m) {
    const failed = Number(m[2]);
    return [Number(m[1]), exitCode !== 0 && failed === 0 ? 1 : failed];
  }
  const passed = (out.match(/^\s*✔ /gm) ?? []).length;
  return [passed, exitCode !== 0 || passed === 0 ? Math.max(1, (out.match(/^\s*✖ /gm) ?? []).length) : 0];
}

async function main() {
  const only = process.argv[2]; // 'unit', 'integration' or 'ui' to run one kind
  for (const [cmd, args] of [['node', ['esbuild.mjs']], ['npx', ['tsc', '-p', 'tsconfig.json']], ['npx', ['tsc', '-p', 'tsconfig.vscode.json']], ['npx', ['tsc', '-p', 'webview/tsconfig.json']]]) {
    const r = await run(cmd, args);
    if (r.code !== 0) {
      console.log(`build: 0 passed, 1 failed`);
      return 1;
    }
  }
  const results = [];
  // Each kind: its command, how its output reports passed and failed tests, and whether it runs in
  // a real VS Code (code-server and Chromium, installed once below for both kinds).
  const kinds = [
    ['unit', 'node', ['--enable-source-maps', '--test', '--test-reporter=spec', 'out/test/unit/'], /ℹ pass (\d+)[\s\S]*ℹ fail (\d+)/, false],
    // The interpreter against a real C# compiler (Debian's Mono, installed by the script when missing).
    ['oracle', 'node', ['scripts/oracle.js', '--seed', '1', '--count', '6000', '--no-build'], /oracle: (\d+) passed, (\d+) failed/, false],
    ['integration', 'node', ['scripts/run-vscode-tests.js'], /integration: (\d+) passed, (\d+) failed/, true],
    ['ui', 'node', ['scripts/ui-test.js'], /ui: (\d+) passed, (\d+) failed/, true],
  ];
  let vscodeEnv; // undefined: not set up yet; null: the setup failed
  for (const [kind, cmd, args, summary, needsVsCode] of kinds) {
    if (only && only !== kind) continue;
    if (needsVsCode && vscodeEnv === undefined) vscodeEnv = await setUpVsCode();
    if (needsVsCode && vscodeEnv === null) {
      console.log(`${kind}: not run (the VS Code test setup failed, see above)`);
      results.push([kind, 0, 1]);
      continue;
    }
    const r = await run(cmd, args, { capture: true, env: needsVsCode ? vscodeEnv : undefined });
    results.push([kind, ...countResults(r.out, summary, r.code)]);
  }
  console.log('');
  for (const [kind, passed, failed] of results) console.log(`${kind}: ${passed} passed, ${failed} failed`);
  const passed = results.reduce((n, r) => n + r[1], 0);
  const failed = results.reduce((n, r) => n + r[2], 0);
  console.log(`total: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

/** Installs what is missing for the VS Code runs, once; returns their environment, or null. */
async function setUpVsCode() {
  const r = await run('bash', [path.join(root, 'scripts', 'vscode-test-setup.sh')], { capture: 'quiet' });
  if (r.code !== 0) return null;
  const vars = Object.fromEntries(r.out.trim().split('\n').map((l) => l.split('=')).map(([k, ...v]) => [k, v.join('=')]));
  return { ...process.env, APIM_WB_NODE24: vars.NODE24, APIM_WB_CODE_SERVER_ENTRY: vars.CODE_SERVER_ENTRY };
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { countResults };
