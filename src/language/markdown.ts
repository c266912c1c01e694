// Markdown for hovers and completion documentation. VS Code renders it with raw HTML switched
// off, so an element name written as <set-header> is dropped as an unknown tag: every name goes
// in a code span and every piece of plain text is escaped. Tests read what VS Code renders.

/** Plain text, shown literally: every character Markdown could take as syntax is escaped. */
export function mdText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~&!]/g, '\\$&');
}

/** An inline code span holding `text` exactly, whatever backticks it contains. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** An element name as code: `<set-header>`. */
export function mdElement(name: string): string {
  return mdCode(`<${name}>`);
}

/**
 * Catalog prose (descriptions, notes), where `backticks` mark names and values: those stay code
 * spans, everything between them is escaped text.
 */
export function mdProse(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length >= 2 ? mdCode(part.slice(1, -1)) : mdText(part)))
    .join('');
}
