// Starts a throw-away code-server (VS Code 1.139 in the browser, Node extension host) and a
// headless Chromium page on it. Used by the integration test harness, the sample launcher and the
// screenshot script. Facts behind every flag: ../shared/reference/vscode-tests.md.
'use strict';

const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * Runs the setup script (installs what is missing) and returns { node24, entry }; `npm test` runs
 * it once and hands the paths to its runners in APIM_WB_NODE24 and APIM_WB_CODE_SERVER_ENTRY.
 * A failed setup has already printed its one line: this throws a SetupFailed error saying so.
 */
function ensureCodeServer() {
  const { APIM_WB_NODE24: node24, APIM_WB_CODE_SERVER_ENTRY: entry } = process.env;
  if (node24 && entry && fs.existsSync(entry)) return { node24, entry };
  const setup = spawnSync('bash', [path.join(repoRoot, 'scripts', 'vscode-test-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (setup.status !== 0) throw Object.assign(new Error('The VS Code test setup failed (its message is above).'), { code: 'SetupFailed' });
  const out = setup.stdout;
  const vars = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=')).map(([k, ...v]) => [k, v.join('=')]));
  if (!vars.NODE24 || !vars.CODE_SERVER_ENTRY) throw new Error(`setup printed no paths:\n${out}`);
  return { node24: vars.NODE24, entry: vars.CODE_SERVER_ENTRY };
}

function freePort(preferred) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () => (preferred ? freePort(0).then(resolve, reject) : reject(new Error('no free port'))));
    server.listen(preferred ?? 0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * Starts code-server in its own process group with throw-away user data, extensions and XDG
 * folders. Returns { port, url(folder, payload), stop() }.
 */
async function startCodeServer({ env = {}, settings = {}, installVsix, port: preferredPort, log = () => {} } = {}) {
  const { node24, entry } = ensureCodeServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-wb-code-server-'));
  const dirs = { userData: path.join(tmp, 'user-data'), extensions: path.join(tmp, 'extensions'), xdgConfig: path.join(tmp, 'xdg-config'), xdgData: path.join(tmp, 'xdg-data') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      ...settings,
    }, null, 2),
  );
  const childEnv = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, ...env };
  if (installVsix) {
    execFileSync(node24, [entry, '--install-extension', installVsix, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const port = await freePort(preferredPort);
  const server = spawn(
    node24,
    [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions],
    { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.on('data', (d) => log(`[code-server] ${d}`));
  server.stderr.on('data', (d) => log(`[code-server] ${d}`));
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (process.env.KEEP_CODE_SERVER_DATA) console.error(`code-server data kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while ((await get(`http://127.0.0.1:${port}/healthz`)) !== 200) {
    if (server.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not come up on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = (folder, payload) => {
    let u = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
    if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return u;
  };
  return { port, url, stop, remote: (p) => `vscode-remote://127.0.0.1:${port}${p}` };
}

/** Headless Debian Chromium with the flags this machine needs. */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-features=LocalNetworkAccessChecks'],
  });
}

/**
 * VS Code 1.139's built web client honours the test payload only with the smoke-test driver
 * enabled; code-server's CLI has no flag for it, so the served page's settings are edited.
 */
async function enableSmokeTestDriver(page) {
  await page.route((u) => u.pathname === '/' && u.searchParams.has('folder'), async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('&quot;developmentOptions&quot;:{', '&quot;developmentOptions&quot;:{&quot;enableSmokeTestDriver&quot;:true,');
    await route.fulfill({ response, body });
  });
}

module.exports = { repoRoot, ensureCodeServer, startCodeServer, launchBrowser, enableSmokeTestDriver };
