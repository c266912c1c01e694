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

function count(text, pattern) {
  const m = pattern.exec(text);
  return m ? Number(m[1]) : undefined;
}

async function main() {
  const only = process.argv[2]; // 'unit', 'integration' or 'ui' to run one kind
  for (const [cmd, args] of [['node', ['esbuild.mjs']], ['npx', ['tsc', '-p', 'tsconfig.json']], ['npx', ['tsc', '-p', 'tsconfig.vscode.json']]]) {
    const r = await run(cmd, args);
    if (r.code !== 0) {
      console.log(`build: 0 passed, 1 failed`);
      return 1;
    }
  }
  const results = [];
  if (!only || only === 'unit') {
    const unit = await run('node', ['--enable-source-maps', '--test', '--test-reporter=spec', 'out/test/unit/'], { capture: true });
    const passed = count(unit.out, /ℹ pass (\d+)/) ?? 0;
    const failed = count(unit.out, /ℹ fail (\d+)/) ?? (unit.code === 0 ? 0 : 1);
    results.push(['unit', passed, unit.code !== 0 && failed === 0 ? 1 : failed]);
  }
  if (!only || only === 'integration') {
    const it = await run('bash', ['scripts/vscode-test.sh'], { capture: true });
    const m = /integration: (\d+) passed, (\d+) failed/.exec(it.out);
    const passed = m ? Number(m[1]) : 0;
    const failed = m ? Number(m[2]) : 0;
    // A harness failure (no VS Code, timeout) counts as a failure even when no test reported.
    results.push(['integration', passed, it.code !== 0 && failed === 0 ? 1 : failed]);
  }
  if (!only || only === 'ui') {
    const ui = await run('node', ['scripts/ui-test.js'], { capture: true });
    const m = /ui: (\d+) passed, (\d+) failed/.exec(ui.out);
    const passed = m ? Number(m[1]) : 0;
    const failed = m ? Number(m[2]) : 0;
    results.push(['ui', passed, ui.code !== 0 && failed === 0 ? 1 : failed]);
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
