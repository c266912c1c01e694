#!/usr/bin/env node
// `npm run sample`: builds the extension and opens it on samples/contoso. With a desktop `code`
// on PATH it starts an Extension Development Host; otherwise it installs the packaged .vsix into a
// throw-away code-server on 127.0.0.1 and prints the URL to open. Ctrl+C stops the server.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');
const { repoRoot, startCodeServer } = require('./lib/codeServer');

const sample = path.join(repoRoot, 'samples', 'contoso');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function main() {
  if (onPath('code') && !process.env.APIM_WB_FORCE_CODE_SERVER) {
    execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    console.log(`Opening ${sample} in VS Code with APIM Workbench loaded from ${repoRoot}`);
    execFileSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, sample], { stdio: 'inherit' });
    return;
  }
  console.log('No desktop `code` on PATH: using code-server (the first run installs it, ~3 minutes).');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await startCodeServer({ installVsix: path.join(repoRoot, 'apim-workbench.vsix'), port: Number(process.env.PORT || 8080) });
  console.log('');
  console.log(`APIM Workbench is running on the Contoso sample. Open this URL in a browser:`);
  console.log(`  ${server.url(sample)}`);
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
