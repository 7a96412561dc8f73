// Every command the local engine runs, by lower-case name. To add a command: write its CommandSpec
// (one file per command or family under commands/) and list it here; the runner needs no change.
import { addtotalsCommand } from './addtotals';
import { appendCommand, appendpipeCommand } from './append';
import { binCommand } from './bin';
import { convertCommand } from './convert';
import { evalCommand } from './evalCommand';
import { extractCommand } from './extract';
import { fieldsCommand, renameCommand, tableCommand } from './fields';
import { foreachCommand } from './foreach';
import { fromCommand } from './from';
import { iplocationCommand } from './iplocation';
import { joinCommand } from './join';
import { fieldLookupCommand, inputlookupCommand, outputlookupCommand } from './lookup';
import { makeresultsCommand } from './makeresults';
import { mapCommand } from './map';
import { makemvCommand, mvexpandCommand } from './mvCommands';
import { regexCommand, rexCommand } from './regexCommands';
import { replaceCommand } from './replace';
import { returnCommand } from './return';
import { dedupCommand, fillnullCommand, headCommand, sortCommand } from './rows';
import { searchCommand } from './search';
import { fromjsonCommand, spathCommand, xmlkvCommand } from './spath';
import { eventstatsCommand, statsCommand } from './stats';
import { streamstatsCommand } from './streamstats';
import { timechartCommand } from './timechart';
import { rareCommand, topCommand } from './topRare';
import { transactionCommand } from './transaction';
import { tstatsCommand } from './tstats';
import type { CommandSpec } from './types';
import { mstatsCommand } from './unavailable';
import { whereCommand } from './where';

const SPECS: CommandSpec[] = [
  addtotalsCommand,
  appendCommand,
  appendpipeCommand,
  binCommand,
  convertCommand,
  dedupCommand,
  evalCommand,
  eventstatsCommand,
  extractCommand,
  fieldsCommand,
  fillnullCommand,
  foreachCommand,
  fromCommand,
  fromjsonCommand,
  headCommand,
  inputlookupCommand,
  iplocationCommand,
  joinCommand,
  fieldLookupCommand,
  makemvCommand,
  makeresultsCommand,
  mapCommand,
  mstatsCommand,
  mvexpandCommand,
  outputlookupCommand,
  rareCommand,
  regexCommand,
  renameCommand,
  replaceCommand,
  returnCommand,
  rexCommand,
  searchCommand,
  sortCommand,
  spathCommand,
  statsCommand,
  streamstatsCommand,
  tableCommand,
  timechartCommand,
  topCommand,
  transactionCommand,
  tstatsCommand,
  whereCommand,
  xmlkvCommand,
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
