// Loads tree-sitter and its C# grammar (both WebAssembly) once, lazily: the first policy
// expression pays about 60 ms, nothing else does. The .wasm files sit beside the bundle in
// dist/ (copied by esbuild.mjs) or, for tests run from out/, in node_modules.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const RUNTIME_WASM = 'tree-sitter.wasm';
const CSHARP_WASM = 'tree-sitter-c_sharp.wasm';

let loading: Promise<Parser> | undefined;
let loaded: Parser | undefined;

function locate(file: string, packageDir: string): string {
  const candidates = [path.join(__dirname, file)];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'node_modules', packageDir, file));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Cannot find ${file} (looked in ${candidates.slice(0, 3).join(', ')}, ...)`);
  return found;
}

/** The C# parser, loading it on first use. */
export function loadCSharpParser(): Promise<Parser> {
  loading ??= (async () => {
    const runtime = locate(RUNTIME_WASM, 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(locate(CSHARP_WASM, 'tree-sitter-c-sharp'));
    const parser = new Parser();
    parser.setLanguage(language);
    loaded = parser;
    return parser;
  })();
  return loading;
}

/** The parser if it has loaded; callers that cannot wait use this after loadCSharpParser(). */
export function loadedCSharpParser(): Parser {
  if (!loaded) throw new Error('The C# parser is not loaded yet: await loadCSharpParser() first.');
  return loaded;
}
