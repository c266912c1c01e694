#!/usr/bin/env node
// Takes the README's screenshot from a real run: installs the packaged .vsix into code-server,
// opens samples/contoso, shows the APIM Workbench explorer and opens a policy from it.
// Writes media/screenshot.png. Needs `npm run package` first.
'use strict';

const path = require('node:path');
const { repoRoot, startCodeServer, launchBrowser } = require('./lib/codeServer');

async function main() {
  const server = await startCodeServer({ installVsix: path.join(repoRoot, 'apim-workbench.vsix'), settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'git.openRepositoryInParentFolders': 'never' } });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    await page.goto(server.url(path.join(repoRoot, 'samples', 'contoso')));
    await page.locator('.activitybar').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="APIM Workbench"]').first().click();
    const tree = page.locator('[id="workbench.view.extension.apimWorkbench"]');
    const row = (label) => tree.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
    page.on('pageerror', () => undefined);
    try {
    await row('APIs').click();
    await row('Orders API').click();
    await row('Products').click();
    await row('Project 1').click();
    await row('Product policy').click();
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500); // let tokenisation and the tree settle before the picture
    const out = path.join(repoRoot, 'media', 'screenshot.png');
    await page.screenshot({ path: out });
    console.log(`Wrote ${out}`);
    } catch (e) { await page.screenshot({ path: '/tmp/fail.png' }); throw e; }
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
