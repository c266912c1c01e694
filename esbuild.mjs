// Bundles the extension and the CLI into dist/. `--production` minifies and drops source maps.
// Prints one line of bundle sizes; a bundle over its budget (set here, deliberately) is flagged.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  // Warnings and errors only: esbuild's per-file summary flags every bundle over 1 MB, which ours
  // are by design (the Azure SDK, tree-sitter, the CLI with everything); BUDGETS below say how big is too big.
  logLevel: 'warning',
  legalComments: 'none',
  // ESM dependencies (web-tree-sitter) read import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
};

const importMetaUrl = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";

// The C# grammar and the tree-sitter runtime are WebAssembly files loaded beside the bundle.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm');
copyFileSync('node_modules/tree-sitter-c-sharp/tree-sitter-c_sharp.wasm', 'dist/tree-sitter-c_sharp.wasm');

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: importMetaUrl } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
  // The Azure SDK part of the extension, loaded on first use (ESM builds: smaller, faster to load).
  { ...common, entryPoints: ['src/vscode/azure/azureRuntime.ts'], outfile: 'dist/azureRuntime.js', external: ['vscode'], mainFields: ['module', 'main'], banner: { js: importMetaUrl } },
  // The trace viewer's browser script, loaded by the webview.
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/traceViewer.ts'], outfile: 'dist/traceViewer.js', sourcemap: false, minify: production, logLevel: common.logLevel, legalComments: 'none' },
];

/** Bytes each bundle may reach (development build; production is minified and smaller). */
const BUDGETS = { 'dist/extension.js': 4e6, 'dist/azureRuntime.js': 4e6, 'dist/cli.js': 8e6, 'dist/traceViewer.js': 2e5 };

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const sizes = builds.map(({ outfile }) => [outfile, statSync(outfile).size]);
  const over = sizes.filter(([file, size]) => size > BUDGETS[file]);
  console.log(`built ${sizes.map(([file, size]) => `${file.replace('dist/', '')} ${size >= 1e6 ? `${(size / 1e6).toFixed(2)} MB` : `${Math.round(size / 1e3)} kB`}`).join(', ')}${production ? ' (production)' : ''}`);
  for (const [file, size] of over) console.log(`⚠ ${file} is ${(size / 1e6).toFixed(2)} MB, over its budget of ${(BUDGETS[file] / 1e6).toFixed(2)} MB (esbuild.mjs)`);
}
