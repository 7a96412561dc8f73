// Every command the local engine runs, by lower-case name. To add a command: write its CommandSpec
// (one file per command or family under commands/) and list it here; the runner needs no change.
import { binCommand } from './bin';
import { convertCommand } from './convert';
import { evalCommand } from './evalCommand';
import { fieldsCommand, renameCommand, tableCommand } from './fields';
import { regexCommand, rexCommand } from './regexCommands';
import { dedupCommand, fillnullCommand, headCommand, sortCommand } from './rows';
import { searchCommand } from './search';
import { eventstatsCommand, statsCommand } from './stats';
import { tstatsCommand } from './tstats';
import type { CommandSpec } from './types';
import { whereCommand } from './where';

const SPECS: CommandSpec[] = [
  binCommand,
  convertCommand,
  dedupCommand,
  evalCommand,
  eventstatsCommand,
  fieldsCommand,
  fillnullCommand,
  headCommand,
  regexCommand,
  renameCommand,
  rexCommand,
  searchCommand,
  sortCommand,
  statsCommand,
  tableCommand,
  tstatsCommand,
  whereCommand,
];

function buildTable(specs: CommandSpec[]): ReadonlyMap<string, CommandSpec> {
  const table = new Map<string, CommandSpec>();
  for (const spec of specs) {
    for (const name of spec.names) {
      if (table.has(name)) throw new Error(`command ${name} is registered twice`);
      table.set(name, spec);
    }
  }
  return new Map([...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The commands, sorted by name. */
export const COMMANDS: ReadonlyMap<string, CommandSpec> = buildTable(SPECS);

export function lookupCommand(name: string): CommandSpec | undefined {
  return COMMANDS.get(name.toLowerCase());
}
