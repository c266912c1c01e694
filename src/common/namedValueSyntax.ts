// How a named value is referenced in policy text: `{{name}}`, a display name of letters, digits,
// periods, dashes and underscores (the management API's rule for display names [U: recollection,
// apim-policies.md §4.1]). Anything else between double braces is not a reference: a C#
// dictionary initializer `{{"a", 1}}` or an interpolated string's `{{{x}}}` stays C#.

/** One reference at the start of the text: `{{name}}`. */
export const NAMED_VALUE_AT = /^\{\{([A-Za-z0-9._-]+)\}\}/;

/** Every reference in a text (global: use with matchAll). */
export function namedValueReferences(text: string): IterableIterator<RegExpMatchArray> {
  return text.matchAll(/\{\{([A-Za-z0-9._-]+)\}\}/g);
}
