import { UsageError } from './cli/args';
import type { CliIo } from './cli/io';
import { printable } from './cli/terminalText';
import { checkUsage, runCheck } from './cli/checkCommand';
import { evadeUsage, runEvade } from './cli/evadeCommand';
import { expandUsage, runExpand } from './cli/expandCommand';
import { explainUsage, runExplain } from './cli/explainCommand';
import { newUsage, runNew } from './cli/newCommand';
import { parseUsage, runParse } from './cli/parseCommand';
import { huntUsage, runHunt } from './cli/hunt';
import { runUsage, runRun } from './cli/runCommand';
import { testUsage, runTestCommand } from './cli/testCommand';

interface CliCommand {
  usage: string;
  run(argv: string[], io: CliIo): number | Promise<number>;
}

const commands: Record<string, CliCommand> = {
  parse: { usage: parseUsage, run: runParse },
  expand: { usage: expandUsage, run: runExpand },
  check: { usage: checkUsage, run: runCheck },
  explain: { usage: explainUsage, run: runExplain },
  new: { usage: newUsage, run: runNew },
  run: { usage: runUsage, run: runRun },
  hunt: { usage: huntUsage, run: runHunt },
  test: { usage: testUsage, run: runTestCommand },
  evade: { usage: evadeUsage, run: runEvade },
};

function mainUsage(): string {
  return [
    'spl-detect: parse, expand, lint, run and test Splunk SPL detections locally.',
    '',
    'Usage:',
    ...Object.values(commands).map((c) => '  ' + c.usage.split('\n')[0]),
    '',
    'Run `spl-detect COMMAND --help` for details.',
  ].join('\n');
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 findings/errors, 2 bad usage). */
export async function runCliAsync(argv: string[], io: CliIo): Promise<number> {
  return dispatch(argv, io);
}

/** The synchronous commands only (every command but `run`); returns the exit code. */
export function runCli(argv: string[], io: CliIo): number {
  const code = dispatch(argv, io);
  if (typeof code !== 'number') throw new Error(`spl-detect ${argv[0]} is asynchronous: call runCliAsync`);
  return code;
}

function dispatch(argv: string[], io: CliIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainUsage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`spl-detect: unknown command '${name}'\n\n${mainUsage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage + '\n');
    return 0;
  }
  const usage = (error: unknown): number => {
    if (error instanceof UsageError) {
      io.err(`spl-detect ${name}: ${printable(error.message)}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  };
  try {
    const code = command.run(rest, io);
    return typeof code === 'number' ? code : code.catch(usage);
  } catch (error) {
    return usage(error);
  }
}

/** Entry point used by bin/spl-detect.js. */
export function main(): void {
  const io: CliIo = {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
    ...(process.stderr.isTTY ? { errColumns: process.stderr.columns } : {}),
    onInterrupt: (onInterrupt) => {
      process.once('SIGINT', onInterrupt);
      return () => process.off('SIGINT', onInterrupt);
    },
  };
  runCliAsync(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`spl-detect: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
