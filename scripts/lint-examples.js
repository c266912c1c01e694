#!/usr/bin/env node
// Lints policy examples written by others and prints how many errors they get, by code, split into
// the real problems the examples have (listed, with why, in lint-examples-known.json) and the rest:
// false errors of ours, or new real problems to look at and list.
//
//   node scripts/lint-examples.js <folder or file>... [--json] [--verbose]
//
// Takes .xml files (linted whole, like Microsoft's policy snippet repository) and .md files (the
// ```xml blocks of a Microsoft Learn policy page, except its "Policy statement" template). A block
// that is a statement or a few, not a whole document, is put where a user would paste it: into
// the section where it gets the fewest problems (a section element alone is put into <policies>).
// Named values, backends and fragments are not known here, so references to them are not checked.
'use strict';

const { execFileSync } = require('node:child_process');
const { readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const verbose = args.includes('--verbose');
const targets = args.filter((a) => !a.startsWith('--'));
if (targets.length === 0) {
  console.error('usage: node scripts/lint-examples.js <folder or file>... [--json] [--verbose]');
  process.exit(2);
}
if (!process.env.LINT_EXAMPLES_NO_BUILD) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const out = (p) => require(path.join(root, 'out', 'src', p));
const { loadCSharpParser } = out('expressions/expressionParser.js');
const { parsePolicy } = out('policy/policyParser.js');
const { validatePolicy } = out('language/policyDiagnostics.js');
const { policyInfo } = out('policy/catalog.js');
const { lineColumn } = out('common/span.js');
const known = JSON.parse(readFileSync(path.join(__dirname, 'lint-examples-known.json'), 'utf8'));

const SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'];
const WHOLE = new Set(['policies', 'fragment', 'http-data-source', 'sql-data-source', 'cosmosdb-data-source']);

function files(target) {
  const s = statSync(target);
  if (!s.isDirectory()) return [target];
  return readdirSync(target)
    .sort()
    .flatMap((n) => (n.startsWith('.') ? [] : files(path.join(target, n))))
    .filter((f) => /\.(xml|md)$/i.test(f));
}

/** The ```xml blocks of a Markdown page, with the line each starts on; the policy statement template is skipped. */
function markdownBlocks(text) {
  const blocks = [];
  const lines = text.split(/\r?\n/);
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (h) heading = h[1];
    if (!/^\s*```\s*xml\b/i.test(lines[i])) continue;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```/.test(lines[j]); j++) body.push(lines[j]);
    if (!/policy statement/i.test(heading)) blocks.push({ line: i + 2, text: body.join('\n') });
    i = j;
  }
  return blocks;
}

function firstElementName(text) {
  const t = text.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  return /<([A-Za-z][\w:.-]*)/.exec(t)?.[1];
}

function check(text) {
  return validatePolicy(parsePolicy(text), {});
}

/**
 * Ways to place a block of statements: all in one section, or each statement in the first section
 * its policy allows ("copy this into inbound, that into outbound"). Each is the document's text and
 * a map from its offsets back to the block's.
 */
function placements(text) {
  const name = firstElementName(text);
  const whole = (prefix, suffix) => ({ text: prefix + text + suffix, toBlock: (o) => Math.min(Math.max(0, o - prefix.length), text.length) });
  if (WHOLE.has(name ?? '')) return [whole('', '')];
  if (SECTIONS.includes(name ?? '')) return [whole('<policies>', '</policies>')];
  const out = SECTIONS.map((s) => whole(`<policies><${s}>`, `</${s}></policies>`));
  // Distributed: split at the top-level elements (comments and text go with the next one).
  const top = parsePolicy(`<fragment>${text}</fragment>`).root?.children.filter((c) => c.kind === 'element') ?? [];
  if (top.length > 1) {
    const pieces = new Map(SECTIONS.map((s) => [s, []]));
    let from = 0;
    top.forEach((el, i) => {
      const end = i === top.length - 1 ? text.length : el.span.end - '<fragment>'.length;
      const section = policyInfo(el.name)?.sections.find((s) => SECTIONS.includes(s)) ?? 'inbound';
      pieces.get(section).push({ start: from, end });
      from = end;
    });
    let full = '<policies>';
    const segments = [];
    for (const s of SECTIONS) {
      const list = pieces.get(s);
      if (list.length === 0) continue;
      full += `<${s}>`;
      for (const p of list) {
        segments.push({ at: full.length, start: p.start, length: p.end - p.start });
        full += text.slice(p.start, p.end);
      }
      full += `</${s}>`;
    }
    full += '</policies>';
    const toBlock = (o) => {
      for (const g of segments) if (o >= g.at && o <= g.at + g.length) return g.start + (o - g.at);
      return 0;
    };
    out.push({ text: full, toBlock });
  }
  return out;
}

/** Lints one example as a user would use it; returns the diagnostics with lines relative to the block. */
function lintBlock(text) {
  let best;
  for (const c of placements(text)) {
    const diagnostics = check(c.text);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (!best || errors < best.errors) best = { ...c, diagnostics, errors };
  }
  return best.diagnostics.map((d) => {
    const at = lineColumn(text, best.toBlock(d.span.start));
    return { code: d.code, severity: d.severity, message: d.message, line: at.line + 1, column: at.column + 1 };
  });
}

async function main() {
  await loadCSharpParser();
  const results = [];
  const base = targets.length === 1 && statSync(targets[0]).isDirectory() ? path.resolve(targets[0]) : process.cwd();
  for (const t of targets) {
    for (const file of files(path.resolve(t))) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(base, file).split(path.sep).join('/');
      const blocks = /\.md$/i.test(file) ? markdownBlocks(text) : [{ line: 1, text }];
      blocks.forEach((b, i) => {
        const id = /\.md$/i.test(file) ? `${rel}#${i + 1}` : rel;
        const diagnostics = lintBlock(b.text).map((d) => ({ ...d, line: d.line + b.line - 1 }));
        const expected = new Set(known[id]?.codes ?? []);
        results.push({ id, file: rel, diagnostics: diagnostics.map((d) => ({ ...d, known: d.severity === 'error' && expected.has(d.code) })) });
      });
    }
  }
  const byCode = new Map();
  let examples = 0;
  let withFalse = 0;
  for (const r of results) {
    examples++;
    let falseHere = false;
    for (const d of r.diagnostics) {
      if (d.severity !== 'error') continue;
      const row = byCode.get(d.code) ?? { code: d.code, known: 0, unexpected: 0 };
      if (d.known) row.known++;
      else {
        row.unexpected++;
        falseHere = true;
      }
      byCode.set(d.code, row);
    }
    if (falseHere) withFalse++;
  }
  // Known real problems in the files looked at that are no longer reported (fixed in the source, or no longer found).
  const scanned = new Set(results.map((r) => r.file));
  const stale = Object.keys(known).filter((id) => scanned.has(id.replace(/#\d+$/, '')) && !results.some((r) => r.id === id && r.diagnostics.some((d) => d.known)));
  const summary = { examples, examplesWithUnexpectedErrors: withFalse, rate: examples ? withFalse / examples : 0, byCode: [...byCode.values()].sort((a, b) => b.unexpected - a.unexpected || b.known - a.known) };
  if (json) {
    console.log(JSON.stringify({ summary, results }, null, 2));
    return;
  }
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error' && (!d.known || verbose)) console.log(`${r.id}:${d.line}:${d.column}: ${d.known ? 'known ' : ''}error ${d.code}: ${d.message}`);
      else if (verbose && d.severity === 'warning') console.log(`${r.id}:${d.line}:${d.column}: warning ${d.code}: ${d.message}`);
    }
  }
  console.log('');
  console.log('code                        known  unexpected');
  for (const row of summary.byCode) console.log(`${row.code.padEnd(26)} ${String(row.known).padStart(6)} ${String(row.unexpected).padStart(11)}`);
  console.log(`\n${examples} examples; ${withFalse} with an error not known to be real (${(summary.rate * 100).toFixed(1)}%)`);
  if (stale.length) console.log(`listed in lint-examples-known.json as real problems but not reported now: ${stale.join(', ')}`);
  process.exitCode = withFalse ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
