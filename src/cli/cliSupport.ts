// What every command of the command line shares: the output streams (with colours and a transient
// progress line on a terminal only), option parsing that refuses unknown options and values with
// "did you mean", the errors that map to exit codes, reading input files with one-line errors,
// and wrapping text to the terminal's width.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createColors } from 'picocolors';
import { didYouMean } from '../common/suggest';

/** Exit codes, the same for every command (and listed by --help). */
export const EXIT = {
  /** Done, nothing wrong found. */
  ok: 0,
  /** Done, and it found problems: lint errors, a failed test, an expression that throws, files that could not be read, a publish or extract that failed. */
  problems: 1,
  /** Could not start: an unknown command, option or value, a missing argument, a file or folder that is not there. */
  usage: 2,
} as const;

export type Colors = ReturnType<typeof createColors>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colours for what goes to `out` (identity functions when off). */
  readonly color?: Colors;
  /** Colours for what goes to `err`. */
  readonly errColor?: Colors;
  /** A transient status line (a terminal only); undefined clears it. */
  progress?(text: string | undefined): void;
  /** Resolves once what was written to `out` has gone (a slow pipe holds it in memory until then). */
  drain?(): Promise<void> | undefined;
}

const NO_COLORS = createColors(false);

export function outColors(io: Io): Colors {
  return io.color ?? NO_COLORS;
}

export function errColors(io: Io): Colors {
  return io.errColor ?? NO_COLORS;
}

/** A problem that stops a command; its message is printed as one line and `code` is the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** The values allowed (`--format text|json`). */
  readonly choices?: readonly string[];
  /** A whole number of at least this (`--depth N`). */
  readonly minInteger?: number;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]?: S[K]['multiple'] extends true ? (S[K]['type'] extends 'boolean' ? boolean[] : string[]) : S[K]['type'] extends 'boolean' ? boolean : string };

/**
 * Parses a command's arguments: an unknown option, an option without its value and a value not
 * among the choices are a CliError with "did you mean" and a pointer to the command's help.
 */
export function parseOptions<S extends OptionSpecs>(command: string, args: readonly string[], specs: S): { values: OptionValues<S>; positionals: string[] } {
  const help = `Run 'apim-workbench ${command} --help' for its options.`;
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) }])) });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'(-{1,2}[^'\s]+)'/.exec(message)?.[1] ?? message;
      const hint = didYouMean(option.replace(/^-+/, ''), Object.keys(specs), (n) => `--${n}`, (n) => `--${n}`);
      throw new CliError(`${command}: unknown option '${option}'.${hint.text} ${help}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = /'(-{1,2}[^'\s,]+)/.exec(message)?.[1] ?? '';
      const spec = specs[option.replace(/^-+/, '')];
      throw new CliError(spec?.type === 'boolean' ? `${command}: ${option} takes no value. ${help}` : `${command}: ${option} needs a value. ${help}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new CliError(`${command}: unexpected argument. ${help}`);
    throw new CliError(`${command}: ${message}`);
  }
  for (const [name, spec] of Object.entries(specs)) {
    const raw = (parsed.values as Record<string, unknown>)[name];
    for (const value of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') continue;
      if (spec.choices && !spec.choices.includes(value)) {
        const hint = didYouMean(value, spec.choices);
        throw new CliError(`${command}: --${name} must be ${orList(spec.choices)}, not '${value}'.${hint.text}`);
      }
      if (spec.minInteger !== undefined && !(/^\d+$/.test(value) && Number(value) >= spec.minInteger)) {
        throw new CliError(`${command}: --${name} must be a whole number of at least ${spec.minInteger}, not '${value}'.`);
      }
    }
  }
  return { values: parsed.values as OptionValues<S>, positionals: parsed.positionals };
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A text file the user named: a missing or unreadable one is one line naming it (what = "the request file"). */
export async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new CliError(code === 'ENOENT' ? `No such file: ${file} (${what}).` : code === 'EISDIR' ? `${file} is a folder, not a file (${what}).` : `Cannot read ${file} (${what}): ${(e as Error).message}`);
  }
}

/** A JSON file the user named, with the file in any error. */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  const text = await readInputFile(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${file} (${what}) is not valid JSON: ${(e as Error).message}.`);
  }
}

/** Words of `text` in lines of at most `width` characters, each starting with `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** `prefix` then `text` wrapped, the following lines indented to where the text started. */
export function hanging(prefix: string, text: string, width: number): string[] {
  const lines = wrap(text, width - prefix.length);
  return lines.map((l, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + l);
}

/**
 * A usage line wrapped at its options: `lint [files...] [--format text|json]` becomes several
 * lines, the continuation lines indented under the command's first argument.
 */
export function wrapUsage(usage: string, width: number, indent: string): string[] {
  // An option stays with its value (`--service <name>`), a repeatable one with its `...`.
  const parts = usage.match(/\[[^\]]*\](?:\.\.\.)?|--\S+ <[^>]*>|<[^>]*>|'[^']*'|\S+/g) ?? [usage];
  const first = parts[0] ?? '';
  const rest = parts.slice(1);
  const hang = `${indent}${' '.repeat(first.length + 1)}`;
  const lines: string[] = [];
  let line = `${indent}${first}`;
  for (const p of rest) {
    if (line.length + 1 + p.length > width && line.trim() !== first) {
      lines.push(line);
      line = `${hang}${p}`;
    } else line = `${line} ${p}`;
  }
  lines.push(line);
  return lines;
}
