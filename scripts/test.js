#!/usr/bin/env node
// `npm test`: builds, runs the unit tests (node --test, plain Node), the integration tests (inside
// a real VS Code's extension host) and the UI tests (the packaged .vsix in a real VS Code driven
// through Chromium), then prints one closing line `total: N passed, N failed`.
// Exits non-zero when any step or any test fails.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        out += d;
        process.stdout.write(d);
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
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
  // Each kind: its command and how its output reports passed and failed tests.
  const kinds = [
    ['unit', 'node', ['--enable-source-maps', '--test', '--test-reporter=spec', 'out/test/unit/'], /ℹ pass (\d+)[\s\S]*ℹ fail (\d+)/],
    ['integration', 'bash', ['scripts/vscode-test.sh'], /integration: (\d+) passed, (\d+) failed/],
    ['ui', 'node', ['scripts/ui-test.js'], /ui: (\d+) passed, (\d+) failed/],
  ];
  for (const [kind, cmd, args, summary] of kinds) {
    if (only && only !== kind) continue;
    const r = await run(cmd, args, { capture: true });
    const m = summary.exec(r.out);
    const passed = m ? Number(m[1]) : 0;
    const failed = m ? Number(m[2]) : 0;
    // A runner that failed without reporting a failed test (a crash, no VS Code, a timeout)
    // still counts as one failure.
    results.push([kind, passed, r.code !== 0 && failed === 0 ? 1 : failed]);
  }
  console.log('');
  for (const [kind, passed, failed] of results) console.log(`${kind}: ${passed} passed, ${failed} failed`);
  const passed = results.reduce((n, r) => n + r[1], 0);
  const failed = results.reduce((n, r) => n + r[2], 0);
  console.log(`total: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
