#!/usr/bin/env node
// UI tests in a real VS Code, as a user gets it: packages the .vsix, checks its size and contents,
// installs it into a throw-away code-server, opens samples/contoso in headless Chromium and drives
// the workbench: the APIM Workbench view, the tree, opening a policy, and the C# inside an
// expression as the editor itself sees it (Developer: Inspect Editor Tokens and Scopes).
// Prints `ui: N passed, N failed`. `--screenshot FILE` also writes the README's picture,
// `--debug-screenshot FILE` the debugger's.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { repoRoot, startCodeServer, launchBrowser } = require('./lib/codeServer');

const VSIX = path.join(repoRoot, 'apim-workbench.vsix');
const MAX_VSIX_BYTES = 5 * 1024 * 1024;
// dist/cli.js: the MCP server VS Code starts for agent mode runs it.
const ALLOWED_IN_VSIX = [/^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/(package\.json|readme\.md|LICENSE\.txt|language-configuration\.json)$/, /^extension\/dist\/(extension\.js|traceViewer\.js|azureRuntime\.js|cli\.js|tree-sitter(-c_sharp)?\.wasm)$/, /^extension\/(syntaxes|media|snippets|schemas)\//];

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`  ✔ ${name}`);
  } catch (error) {
    results.push([name, false]);
    console.log(`  ✖ ${name}\n    ${String(error && error.message ? error.message : error).split('\n').join('\n    ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  const screenshotArg = process.argv.indexOf('--screenshot');
  const screenshot = screenshotArg > 0 ? path.resolve(process.argv[screenshotArg + 1]) : undefined;
  const debugShotArg = process.argv.indexOf('--debug-screenshot');
  const debugScreenshot = debugShotArg > 0 ? path.resolve(process.argv[debugShotArg + 1]) : undefined;
  console.log('ui');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  await check('the .vsix is under 5 MB and holds only run-time files', () => {
    const size = fs.statSync(VSIX).size;
    assert(size < MAX_VSIX_BYTES, `${size} bytes`);
    const list = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).trim().split('\n');
    const extra = list.filter((f) => !ALLOWED_IN_VSIX.some((re) => re.test(f)));
    assert(extra.length === 0, `unexpected files: ${extra.join(', ')}`);
    assert(list.includes('extension/dist/extension.js'), 'no dist/extension.js');
    assert(list.includes('extension/dist/cli.js'), 'no dist/cli.js (the MCP server VS Code starts)');
  });

  const server = await startCodeServer({
    installVsix: VSIX,
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'git.openRepositoryInParentFolders': 'never' },
  });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  try {
    await page.goto(server.url(path.join(repoRoot, 'samples', 'contoso')));
    await page.locator('.activitybar').waitFor({ timeout: 60_000 });
    const tree = page.locator('[id="workbench.view.extension.apimWorkbench"]');
    const row = (label) => tree.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();

    await check('the activity bar opens the APIM Workbench view on the sample service', async () => {
      await page.locator('.activitybar [aria-label^="APIM Workbench"]').first().click();
      await row('contoso').waitFor({ timeout: 30_000 });
      await row('Global policy').waitFor();
    });

    await check('the APIs group lists the ten APIs', async () => {
      await row('APIs').click();
      for (const api of ['Customers API', 'Events API', 'Inventory API', 'Invoices API', 'Orders API', 'Partner API', 'Payments API', 'Products API', 'Shipping API', 'Webhooks API']) {
        await row(api).waitFor({ timeout: 10_000 });
      }
      await row('Orders API').click();
      await row('Get an order').waitFor();
    });

    await check('a product policy opens from the tree as APIM Policy', async () => {
      await row('Products').click();
      await row('Project 1').click();
      await row('Product policy').click();
      await page.locator('.tabs-container .tab.active', { hasText: 'policy.xml' }).waitFor({ timeout: 15_000 });
      await page.locator('.statusbar-item', { hasText: 'APIM Policy' }).first().waitFor({ timeout: 15_000 });
    });

    await check('the editor treats an expression as embedded C#', async () => {
      // Line 7: <set-variable name="apiId" value="@(context.Api.Id.Split(';')[0])" />; column 44 is in "context".
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('7:44');
      await page.keyboard.press('Enter');
      await page.keyboard.press('F1');
      await page.keyboard.type('Developer: Inspect Editor Tokens and Scopes');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Inspect Editor Tokens and Scopes' }).first().waitFor();
      await page.keyboard.press('Enter');
      const widget = page.locator('.token-inspect-widget');
      await widget.waitFor({ timeout: 10_000 });
      const text = await widget.innerText();
      assert(/language\s*csharp/i.test(text), `the inspector does not say csharp:\n${text}`);
      assert(text.includes('meta.embedded.expression.cs') && text.includes('source.cs'), `scopes:\n${text}`);
      await page.keyboard.press('Escape');
    });

    await check('hovers show the element names as VS Code renders them', async () => {
      // Line 20: <set-header name="Content-Type" exists-action="override">, in return-response.
      const line = '          <set-header name="Content-Type" exists-action="override">';
      const policyHover = await hoverAt(page, 20, line.indexOf('set-header') + 3);
      assert(policyHover.startsWith('<set-header> — Transformation'), `policy hover:\n${policyHover}`);
      const attributeHover = await hoverAt(page, 20, line.indexOf('exists-action') + 3);
      assert(attributeHover.startsWith('exists-action of <set-header> — optional, default override'), `attribute hover:\n${attributeHover}`);
      assert(attributeHover.includes('Values: override, skip, append, delete'), `attribute hover lists the values:\n${attributeHover}`);
      assert(attributeHover.split('skip').length === 2, `attribute hover lists the values once:\n${attributeHover}`);
    });

    if (screenshot) {
      await page.locator('.token-inspect-widget').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
      await page.keyboard.press('Control+Home');
      await page.waitForTimeout(1000); // let the tree and tokenisation settle before the picture
      await page.screenshot({ path: screenshot });
      console.log(`  wrote ${screenshot}`);
    }

    await check('the policy debugger: F9 on a policy, "Debug request" on a .http request, the stop with its call stack and variables, F5 to the end', async () => {
      // The product policy is open: line 7 is <set-variable name="apiId" …>.
      await page.keyboard.press('Escape');
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('7:5');
      await page.keyboard.press('Enter');
      await page.keyboard.press('F9');
      await page.locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Control+P');
      await page.keyboard.type('orders.http');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'orders.http' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'orders.http' }).waitFor({ timeout: 15_000 });
      const lens = page.locator('.codelens-decoration a', { hasText: 'Debug request' }).first();
      await lens.waitFor({ timeout: 20_000 });
      await lens.click();
      // Stopped: the call stack names the policy, the scope and the section; the variables show context.Variables.
      const stack = page.locator('.debug-call-stack');
      await stack.locator('.monaco-list-row', { hasText: '<set-variable name="apiId">' }).first().waitFor({ timeout: 30_000 });
      const frames = await stack.locator('.monaco-list-row').allInnerTexts();
      assert(frames.some((f) => f.includes('/products')) && frames.some((f) => f.includes('inbound')), `call stack: ${frames.join(' | ')}`);
      const variables = page.locator('.debug-variables');
      await variables.locator('.monaco-list-row', { hasText: 'context.Variables' }).first().waitFor({ timeout: 10_000 });
      await page.locator('.debug-top-stack-frame-column, .debug-top-stack-frame-line').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
      if (debugScreenshot) {
        // Variables opened, and time for the trace viewer beside to render the steps so far.
        await variables.locator('.monaco-list-row', { hasText: 'context.Variables' }).first().click();
        await variables.locator('.monaco-list-row', { hasText: 'Request' }).first().click();
        await page.waitForTimeout(3000);
        await page.screenshot({ path: debugScreenshot });
        console.log(`  wrote ${debugScreenshot}`);
      }
      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    });
    await checkTraceViewer(browser);
  } catch (error) {
    results.push(['ui session', false]);
    console.log(`  ✖ ui session: ${error.message}`);
  } finally {
    if (results.some(([, ok]) => !ok)) {
      fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'ui-failure.png') }).catch(() => undefined);
      console.log('  screenshot of the failure: test-results/ui-failure.png');
    }
    await browser.close();
    server.stop();
  }
  return summarize();
}

/** Prints `ui: N passed, N failed` over the checks run so far; returns the exit code. */
function summarize() {
  const passed = results.filter(([, ok]) => ok).length;
  const failed = results.length - passed;
  console.log(`ui: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

/** Puts the cursor at line:column of the active editor, shows the hover, returns its rendered text. */
async function hoverAt(page, line, column) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F1');
  await page.keyboard.type('Show or Focus Hover');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show or Focus Hover' }).first().waitFor();
  await page.keyboard.press('Enter');
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
  await hover.waitFor({ timeout: 10_000 });
  const text = (await hover.innerText()).trim();
  await page.keyboard.press('Escape');
  return text;
}

/**
 * The trace viewer's page in Chromium, as the webview loads it: the HTML shell with its CSP and
 * nonce, the bundled script, a stand-in for acquireVsCodeApi. Trace text must stay text.
 */
async function checkTraceViewer(browser) {
  const { traceViewerHtml } = require(path.join(repoRoot, 'out', 'src', 'gateway', 'traceView.js'));
  const origin = 'https://webview.test';
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route(`${origin}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/traceViewer.js')) return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(path.join(repoRoot, 'dist', 'traceViewer.js'), 'utf8') });
    return route.fulfill({ contentType: 'text/html', body: traceViewerHtml({ nonce: 'test-nonce-123', cspSource: origin, scriptUri: `${origin}/traceViewer.js` }) });
  });
  await page.addInitScript(() => {
    window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });
  });
  try {
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'), null, { timeout: 10_000 });
    const evil = '<img src=x onerror=alert(1)>';
    await page.evaluate((evilText) => {
      window.postMessage(
        {
          type: 'trace',
          title: 'Orders API › GET /orders/{orderId}',
          subtitle: 'apis/orders-api/operations/get-order/policy.xml in contoso',
          notices: ['Backend calls are answered with 200 OK and no body.'],
          requests: [
            {
              name: 'get an order',
              api: 'Orders API',
              operation: 'Get an order',
              product: 'Project 1',
              method: 'GET',
              url: '/orders/orders',
              status: 500,
              reason: 'Internal Server Error',
              headers: [['x-evil', evilText]],
              body: '<script>alert(2)</script>',
              entries: [
                { section: 'inbound', source: 'set-header', label: 'set-header', elapsed: '00:00:00.0000000', measuredMs: 0.42, data: JSON.stringify({ header: { name: 'x-evil', value: evilText } }), file: '/work/apis/orders-api/policy.xml', fileLabel: 'apis/orders-api/policy.xml', line: 7, changes: [{ what: 'request headers', before: '', after: `x-evil: ${evilText}` }] },
                { section: 'inbound', source: 'include-fragment', label: 'include-fragment: enter correlation-id', elapsed: '00:00:00.0000000', measuredMs: 0.5, data: "Entering policy fragment 'correlation-id'" },
                { section: 'backend', source: 'forward-request', label: 'forward-request', elapsed: '00:00:00.0100000', measuredMs: 12.5, data: 'Timeout', error: true },
              ],
            },
          ],
        },
        '*',
      );
    }, evil);
    await page.locator('h2').first().waitFor({ timeout: 5_000 });

    await check('the trace viewer shows sections and steps, errors opened and marked', async () => {
      const text = await page.locator('#root').innerText();
      assert(/GET \/orders\/orders → 500 Internal Server Error/.test(text), text);
      assert((await page.locator('h1').innerText()) === 'Orders API › GET /orders/{orderId}', 'the heading names the policy and operation');
      assert((await page.locator('.route').first().innerText()) === '“get an order” · Orders API › Get an order · product Project 1', 'the request says where it was routed');
      assert((await page.locator('.notice').first().innerText()).startsWith('Backend calls are answered'), 'notices are shown');
      assert((await page.locator('.section').allInnerTexts()).map((t) => t.toLowerCase()).join(',') === 'inbound,backend', 'sections');
      assert(await page.locator('details.entry.error').evaluate((d) => d.open), 'the failed step is open');
    });

    await check('trace text is rendered as text: a header like <img onerror> does not become HTML', async () => {
      await page.locator('details.entry').first().locator('summary').click();
      await page.locator('details.response summary').click();
      const html = await page.content();
      assert((await page.locator('img').count()) === 0, 'no img element');
      assert((await page.locator('#root script').count()) === 0, 'no script element from the body');
      assert((await page.locator('#root').innerText()).includes(evil), 'the value is shown literally');
      assert(html.includes("content=\"default-src 'none'; script-src 'nonce-test-nonce-123'"), 'strict CSP with the nonce');
      await page.waitForTimeout(200);
      assert(dialogs.length === 0, `a dialog opened: ${dialogs.join(', ')}`);
    });

    await check("a step shows what it changed, before and after, as text", async () => {
      const row = page.locator('details.entry').first().locator('table.changes tr').first();
      assert((await row.locator('td.what').innerText()) === 'request headers', 'the changed aspect');
      assert((await row.locator('pre.after').innerText()) === `x-evil: ${evil}`, 'the after value, literally');
      assert((await page.locator('img').count()) === 0, 'no img element');
    });

    await check('a step links back to its policy file and line, labelled from the APIOps folder', async () => {
      assert((await page.locator('a.where').first().innerText()) === 'apis/orders-api/policy.xml:7', 'one root for link labels');
      await page.locator('a.where').first().click();
      const posted = await page.evaluate(() => window.__posted);
      assert(posted.some((m) => m.type === 'reveal' && m.file === '/work/apis/orders-api/policy.xml' && m.line === 7), JSON.stringify(posted));
    });

    await check('steps show measured times and what they are (entering a fragment), not a column of zeros', async () => {
      const times = await page.locator('summary .elapsed').allInnerTexts();
      assert(JSON.stringify(times) === JSON.stringify(['0.42 ms', '0.50 ms', '12.5 ms']), JSON.stringify(times));
      const sources = await page.locator('summary .source').allInnerTexts();
      assert(sources.includes('include-fragment: enter correlation-id'), JSON.stringify(sources));
      assert((await page.locator('summary .simulated').count()) === 3, 'the simulated clock moved (10 ms), so it is shown beside');
    });

    await check('Open as Text asks the extension for the read-only report', async () => {
      await page.locator('button.open-text').click();
      const posted = await page.evaluate(() => window.__posted);
      assert(posted.some((m) => m.type === 'openText'), JSON.stringify(posted));
    });

    await check('a simulated request of a .http file offers Run against Azure, which asks for that request', async () => {
      await page.evaluate(() => {
        window.postMessage({ type: 'trace', kind: 'simulated', title: 'orders.http', requests: [{ method: 'GET', url: '/orders/orders', status: 200, reason: 'OK', headers: [], body: null, entries: [], index: 3 }] }, '*');
      });
      await page.locator('button.run-live').click();
      const posted = await page.evaluate(() => window.__posted);
      assert(posted.some((m) => m.type === 'runLive' && m.index === 3), JSON.stringify(posted));
    });

    await check('a live trace: hostile values stay text, a guessed link says "likely", Compare with Simulation asks for the comparison', async () => {
      await page.evaluate((evilText) => {
        window.postMessage(
          {
            type: 'trace',
            kind: 'live',
            title: 'GET /orders/orders (live)',
            subtitle: 'through apim-contoso, gateway managed',
            requests: [
              {
                method: 'GET',
                url: 'https://apim-contoso.azure-api.net/orders/orders',
                status: 200,
                reason: 'OK',
                headers: [['x-evil', evilText]],
                body: '<script>alert(3)</script>',
                entries: [
                  { section: 'inbound', source: 'api-inspector', label: 'api-inspector: request', elapsed: '00:00:00.0012345', data: JSON.stringify({ request: { headers: [{ name: 'x-evil', value: evilText }] } }) },
                  { section: 'inbound', source: 'set-header', label: 'set-header', elapsed: '00:00:00.0023456', data: evilText, file: '/work/apis/orders-api/policy.xml', fileLabel: 'apis/orders-api/policy.xml', line: 7, linkGuessed: true },
                ],
              },
            ],
          },
          '*',
        );
      }, evil);
      await page.locator('h1', { hasText: '(live)' }).waitFor({ timeout: 5_000 });
      assert((await page.locator('img').count()) === 0, 'no img element');
      assert((await page.locator('#root script').count()) === 0, 'no script element');
      assert((await page.locator('summary .elapsed').allInnerTexts()).join(',') === '00:00:00.0012345,00:00:00.0023456', 'the gateway\'s elapsed times');
      const link = page.locator('a.where').first();
      assert((await link.innerText()) === 'likely apis/orders-api/policy.xml:7', await link.innerText());
      assert((await link.getAttribute('title')).startsWith('A guess'), 'the guess says why');
      await page.locator('button.action', { hasText: 'Compare with Simulation' }).click();
      const posted = await page.evaluate(() => window.__posted);
      assert(posted.some((m) => m.type === 'compare'), JSON.stringify(posted));
    });

    await check('a comparison: live and simulated side by side, the first difference marked, hostile labels as text, Export as Test', async () => {
      await page.evaluate((evilText) => {
        window.postMessage(
          {
            type: 'trace',
            kind: 'comparison',
            title: 'GET /orders/orders (live ⟷ simulated)',
            requests: [
              {
                method: 'GET',
                url: 'https://apim-contoso.azure-api.net/orders/orders',
                status: 200,
                reason: 'OK',
                headers: [],
                body: null,
                entries: [],
                comparison: {
                  rows: [
                    { section: 'inbound', live: 'api-inspector: request', simulated: 'api-inspector: request' },
                    { section: 'inbound', simulated: 'set-query-parameter', difference: 'set-query-parameter ran in the simulator only', file: '/work/apis/orders-api/operations/list-orders/policy.xml', fileLabel: 'apis/orders-api/operations/list-orders/policy.xml', line: 5 },
                    { section: 'outbound', live: evilText, simulated: 'set-header', difference: `header x: ${evilText}` },
                  ],
                  response: ['status 200 live, 404 simulated'],
                  first: { row: 1, what: 'set-query-parameter ran in the simulator only' },
                  simulatedStatus: 404,
                },
              },
            ],
          },
          '*',
        );
      }, evil);
      await page.locator('table.comparison').waitFor({ timeout: 5_000 });
      const rows = page.locator('table.comparison tr');
      assert((await rows.count()) === 4, 'a header row and three steps');
      const first = page.locator('table.comparison tr.first-difference');
      assert((await first.count()) === 1, 'one first difference');
      assert((await first.locator('td.mark').innerText()) === '▶', 'marked ▶');
      assert((await first.getAttribute('aria-current')) === 'step', 'announced to screen readers');
      assert((await page.locator('.first-difference-summary').innerText()).includes('step 2: set-query-parameter ran in the simulator only'), 'the summary names it');
      assert((await page.locator('img').count()) === 0, 'no img element from a label');
      assert((await page.locator('#root').innerText()).includes(evil), 'the hostile label is shown literally');
      assert((await page.locator('.response-differences li').allInnerTexts()).join('|') === 'status 200 live, 404 simulated', 'response differences');
      await first.locator('a.where').click();
      await page.locator('button.action', { hasText: 'Export as Test' }).click();
      const posted = await page.evaluate(() => window.__posted);
      assert(posted.some((m) => m.type === 'reveal' && m.line === 5 && m.file.endsWith('list-orders/policy.xml')), 'the simulated step links to its policy');
      assert(posted.some((m) => m.type === 'exportTest'), JSON.stringify(posted));
    });

    await check('the viewer reads well at 320 px wide: nothing overflows sideways', async () => {
      await page.setViewportSize({ width: 320, height: 700 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `${overflow}px of horizontal overflow`);
    });
  } finally {
    await page.close();
  }
}

main().then((code) => process.exit(code), (error) => {
  // A failure outside a check (no code-server, no Chromium) still reports the checks that passed.
  console.log(`  ✖ ui session: ${error && error.code === 'SetupFailed' ? error.message : (error && error.stack) || error}`);
  results.push(['ui session', false]);
  process.exit(summarize());
});
