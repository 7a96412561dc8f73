import { UsageError } from './cli/args';
import type { CliIo } from './cli/io';
import { checkUsage, runCheck } from './cli/checkCommand';
import { expandUsage, runExpand } from './cli/expandCommand';
import { explainUsage, runExplain } from './cli/explainCommand';
import { parseUsage, runParse } from './cli/parseCommand';

interface CliCommand {
  usage: string;
  run(argv: string[], io: CliIo): number;
}

const commands: Record<string, CliCommand> = {
  parse: { usage: parseUsage, run: runParse },
  expand: { usage: expandUsage, run: runExpand },
  check: { usage: checkUsage, run: runCheck },
  explain: { usage: explainUsage, run: runExplain },
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

/** Runs the CLI; returns the exit code (0 ok, 1 findings/errors, 2 bad usage). */
export function runCli(argv: string[], io: CliIo): number {
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
  try {
    return command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`spl-detect ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}

/** Entry point used by bin/spl-detect.js. */
export function main(): void {
  const io: CliIo = {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
  process.exitCode = runCli(process.argv.slice(2), io);
}
