// The `apim-workbench` command line: a thin adapter over the same core the extension uses.
// Commands are listed in COMMANDS (one module each); --help prints exactly those, wrapped to the
// terminal, with the exit codes every command keeps (EXIT in cliSupport.ts).

import { once } from 'node:events';
import { clearLine, cursorTo } from 'node:readline';
import { createColors } from 'picocolors';
import packageJson from '../../package.json';
import { PROCESS_SECRETS } from '../common/secrets';
import { didYouMean } from '../common/suggest';
import { CliError, EXIT, errColors, hanging, wrap, wrapUsage, type Io } from './cliSupport';
import type { Command } from './command';
import { evalCommand } from './evalCommand';
import { extractCommand } from './extractCommand';
import { lintCommand } from './lintCommand';
import { publishCommand } from './publishCommand';
import { simulateCommand } from './simulateCommand';
import { traceCommand } from './traceCommand';
import { effectiveCommand } from './effectiveCommand';
import { convertCommand } from './convertCommand';
import { testCommand } from './testCommand';
import { mcpCommand } from './mcpCommand';
import { rootsCommand, treeCommand } from './treeCommand';

const COMMANDS: readonly Command[] = [treeCommand, evalCommand, lintCommand, testCommand, simulateCommand, traceCommand, effectiveCommand, publishCommand, extractCommand, convertCommand, mcpCommand, rootsCommand];

/** Help is wrapped to the terminal's width (80 when not a terminal), never wider than 100. */
function helpWidth(): number {
  return Math.min(100, Math.max(60, process.stdout.columns ?? 80));
}

function helpText(width = helpWidth()): string {
  const lines = [`apim-workbench ${packageJson.version}: Azure API Management policies, offline.`, '', 'Usage: apim-workbench <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(...wrapUsage(c.usage, width, '  '), ...wrap(c.summary, width, '      '));
  lines.push(
    '',
    'Options:',
    '  --help, -h      Show this help, or a command’s (apim-workbench lint --help).',
    '  --version, -v   Show the version.',
    '',
    'Colours: on in a terminal; off when the output is piped or NO_COLOR is set.',
    '',
    'Exit codes (every command):',
    ...hanging(`  ${EXIT.ok}  `, 'done, nothing wrong found.', width),
    ...hanging(`  ${EXIT.problems}  `, 'done, and problems found: lint errors, a failed test, an expression that throws, files that could not be read (tree), a publish or extract that failed.', width),
    ...hanging(`  ${EXIT.usage}  `, 'could not start: an unknown command, option or value, a missing argument, a file or folder that is not there.', width),
  );
  return lines.join('\n');
}

function commandHelp(c: Command, width = helpWidth()): string {
  return ['Usage:', ...wrapUsage(`apim-workbench ${c.usage}`, width, '  '), '', ...wrap(c.summary, width)].join('\n');
}

export async function main(argv: readonly string[], output: Io): Promise<number> {
  // Everything printed goes through the one masking function: a secret any part of this run
  // learnt (a secret named value, a local value, a key, a token) never reaches stdout or stderr.
  const io: Io = { ...output, out: (t) => output.out(PROCESS_SECRETS.maskText(t)), err: (t) => output.err(PROCESS_SECRETS.maskText(t)) };
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(helpText());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    io.out(packageJson.version);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const hint = didYouMean(first, COMMANDS.map((c) => c.name));
    io.err(`Unknown command '${first}'.${hint.text} Run 'apim-workbench --help' for the list.`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.progress?.(undefined);
    if (error instanceof CliError) {
      io.err(`${errColors(io).red('error:')} ${error.message}`);
      return error.code;
    }
    io.err(`${errColors(io).red('error:')} apim-workbench ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.problems;
  }
}

/** Colours only on a terminal, and not when NO_COLOR is set (https://no-color.org) or TERM=dumb; FORCE_COLOR forces them. */
function colorsFor(stream: NodeJS.WriteStream): ReturnType<typeof createColors> {
  const env = process.env;
  const forced = !!env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false';
  const off = (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') || env['TERM'] === 'dumb';
  return createColors(forced || (!off && stream.isTTY === true));
}

/** The process's streams: colours and a progress line on stderr when it is a terminal. */
function processIo(): Io {
  let progressShown = false;
  const clear = (): void => {
    if (!progressShown) return;
    clearLine(process.stderr, 0);
    cursorTo(process.stderr, 0);
    progressShown = false;
  };
  return {
    out: (t) => {
      clear();
      console.log(t);
    },
    err: (t) => {
      clear();
      console.error(t);
    },
    drain: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : undefined),
    color: colorsFor(process.stdout),
    errColor: colorsFor(process.stderr),
    progress: (text) => {
      if (!process.stderr.isTTY) return;
      clear();
      if (text === undefined) return;
      const width = (process.stderr.columns ?? 80) - 1;
      process.stderr.write(text.length > width ? `${text.slice(0, width - 1)}…` : text);
      progressShown = true;
    },
  };
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT.problems;
    },
  );
}
