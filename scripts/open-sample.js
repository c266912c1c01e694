#!/usr/bin/env node
// `npm run sample`: builds the extension and opens it on a scratch copy of samples/contoso (your
// experiments never change the repository's sample). With a desktop `code` on PATH it starts an
// Extension Development Host; otherwise it installs the packaged .vsix into a throw-away
// code-server on 127.0.0.1 and prints the URL to open. Ctrl+C stops the server.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { repoRoot, startCodeServer } = require('./lib/codeServer');

const sample = path.join(repoRoot, 'samples', 'contoso');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** A fresh copy of the sample (its .vscode settings with the simulator's made-up keys included). */
function scratchCopy() {
  const dir = path.join(os.tmpdir(), 'apim-workbench-sample', 'contoso');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(sample, dir, { recursive: true });
  return dir;
}

async function main() {
  const folder = scratchCopy();
  console.log(`A scratch copy of samples/contoso is at ${folder}: edit it freely, the repository's sample stays as it is.`);
  if (onPath('code') && !process.env.APIM_WB_FORCE_CODE_SERVER) {
    execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    console.log(`Opening it in VS Code with APIM Workbench loaded from ${repoRoot}`);
    execFileSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
    return;
  }
  console.log('No desktop `code` on PATH: using code-server (VS Code in the browser).');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await startCodeServer({
    installVsix: path.join(repoRoot, 'apim-workbench.vsix'),
    port: Number(process.env.PORT || 8080),
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'git.openRepositoryInParentFolders': 'never' },
  });
  console.log('');
  console.log(`APIM Workbench is running on the Contoso sample. Open this URL in a browser:`);
  console.log(`  ${server.url(folder)}`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
