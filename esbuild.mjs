// Bundles the extension and the CLI into dist/. `--production` minifies and drops source maps.
import { copyFileSync, mkdirSync } from 'node:fs';
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
  logLevel: production ? 'warning' : 'info',
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

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
