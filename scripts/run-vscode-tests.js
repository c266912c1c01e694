#!/usr/bin/env node
// Runs the integration tests inside a real VS Code: code-server's Node extension host loads this
// extension from its folder (extensionDevelopmentPath) and runs out/test/integration/index.js
// (extensionTestsPath); the workbench reports the result through window.codeAutomationExit.
// Exit code: the tests' (0 pass, 1 fail), 124 on timeout (with a screenshot in test-results/).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { repoRoot, startCodeServer, launchBrowser, enableSmokeTestDriver } = require('./lib/codeServer');

const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 300_000);
const workspace = path.resolve(repoRoot, process.env.TEST_WORKSPACE || 'samples/contoso');
const testsPath = path.resolve(repoRoot, process.env.TEST_SUITE || 'out/test/integration/index.js');

/**
 * What the workbench logs that says nothing about our tests: code-server's connection chatter, its
 * unreachable extension gallery, built-in features waking up. Dropped from the output.
 */
const NOISE = [
  'open-vsx.org',
  'ENOTFOUND',
  '[AccountPolicyGate]',
  'Resolving connection token',
  'Resolved connection token',
  'Creating a socket',
  '[reconnection-grace-time]',
  'Updating additional builtin extensions cache',
  '[Service Worker]',
  '[AgentHost',
  "Timed out waiting for authentication provider 'github'",
];

/** Errors the tests cause on purpose: printed once, labelled, so they do not read as failures. */
const EXPECTED = [
  { match: /handleSaveError.*was changed in Azure by someone else/, label: 'expected: the conflict test refuses to save over a remote edit' },
];

async function main() {
  if (!fs.existsSync(testsPath)) throw new Error(`No compiled tests at ${testsPath}: run npm run compile-tests first.`);
  const serverLog = [];
  const server = await startCodeServer({ log: (l) => serverLog.push(l), env: { APIM_WB_TEST: '1', ...(process.env.TEST_ENV ? JSON.parse(process.env.TEST_ENV) : {}) } });
  const browser = await launchBrowser();
  let code = 124;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (NOISE.some((n) => text.includes(n))) return;
      const expected = EXPECTED.find((e) => e.match.test(text));
      if (expected) {
        process.stdout.write(`    (${expected.label})\n`);
        return;
      }
      (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => resolveExit(exitCode));
    await enableSmokeTestDriver(page);
    const payload = [
      ['extensionDevelopmentPath', server.remote(repoRoot)],
      ['extensionTestsPath', server.remote(testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(server.url(workspace, payload));
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs));
    const result = await Promise.race([exited, timer]);
    if (result === 'timeout') {
      fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
      const shot = path.join(repoRoot, 'test-results', 'integration-timeout.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`Integration tests gave no result within ${timeoutMs} ms; screenshot: ${shot}`);
      console.error(serverLog.join('').slice(-4000));
      code = 124;
    } else {
      code = Number(result);
    }
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error && error.code === 'SetupFailed' ? error.message : error);
    process.exit(1);
  },
);
