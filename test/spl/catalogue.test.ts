/**
 * The command and function catalogue against the parser and the corpus: every typed command is
 * catalogued, and every command, option, eval function and aggregation the corpus uses is known,
 * with an argument count the catalogue accepts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS, findCommand, isGeneratingCommand } from '../../server/src/spl/catalogue/commands';
import { EVAL_FUNCTIONS, findEvalFunction, findStatsFunction } from '../../server/src/spl/catalogue/functions';
import { COMMAND_PARSERS } from '../../server/src/spl/commands/table';
import { parseSpl } from '../../server/src/spl/parser';
import { walk } from '../../server/src/spl/visit';
import { collectCorpus } from './corpusSearches';

/** Commands from Splunkbase apps, not Splunk itself: the catalogue does not know them. */
const THIRD_PARTY_COMMANDS = new Set(['cyberchef']);

test('every command with a typed grammar is in the catalogue', () => {
  for (const name of COMMAND_PARSERS.keys()) assert.ok(findCommand(name), name);
  assert.equal(findCommand('BUCKET')?.name, 'bin', 'aliases and case');
  assert.equal(findCommand('nosuchcommand'), undefined);
  assert.ok(isGeneratingCommand('tstats') && isGeneratingCommand('inputlookup') && !isGeneratingCommand('stats'));
});

test('catalogue entries are well formed and unique', () => {
  const names = COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]);
  assert.equal(new Set(names).size, names.length, 'duplicate command name');
  for (const command of COMMANDS) {
    assert.ok(command.doc.length > 10, command.name);
    for (const option of command.options) assert.ok(option.type !== 'enum' || (option.values?.length ?? 0) > 0, `${command.name} ${option.name}`);
  }
  const functions = EVAL_FUNCTIONS.map((fn) => fn.name);
  assert.equal(new Set(functions).size, functions.length, 'duplicate function name');
  for (const fn of EVAL_FUNCTIONS) assert.ok(fn.maxArgs === null || fn.maxArgs >= fn.minArgs, fn.name);
  assert.deepEqual([findStatsFunction('perc95')?.minArgs, findStatsFunction('exactperc99.9')?.name, findStatsFunction('p50')?.maxArgs], [1, 'exactperc99.9', 1]);
  assert.equal(findEvalFunction('IF')?.name, 'if');
});

test('the corpus uses only catalogued commands, options, functions and aggregations, with valid argument counts', () => {
  const unknown = new Set<string>();
  for (const search of collectCorpus().searches) {
    walk(parseSpl(search.text, { fragment: search.fragment }).ast, (node) => {
      if ('extras' in node && node.kind !== 'search') {
        const command = findCommand(node.name);
        if (!command) {
          if (!THIRD_PARTY_COMMANDS.has(node.name)) unknown.add(`command ${node.name}`);
          return;
        }
        const options = 'options' in node ? node.options : node.kind === 'generic' ? node.args.filter((arg) => arg.kind === 'option') : [];
        for (const option of options) {
          if (!command.options.some((known) => known.name.toLowerCase() === option.name.toLowerCase())) unknown.add(`option ${node.name} ${option.name}`);
        }
      }
      if (node.kind === 'evalCall' && node.name.toLowerCase() !== 'eval') {
        const fn = findEvalFunction(node.name);
        if (!fn) unknown.add(`function ${node.name}`);
        else if (node.args.length < fn.minArgs || (fn.maxArgs !== null && node.args.length > fn.maxArgs)) unknown.add(`arity ${node.name}/${node.args.length}`);
      }
      if (node.kind === 'aggregation') {
        const fn = findStatsFunction(node.func);
        const count = node.args?.length ?? 0;
        if (!fn) unknown.add(`aggregation ${node.func}`);
        else if (count < fn.minArgs || (fn.maxArgs !== null && count > fn.maxArgs)) unknown.add(`arity ${node.func}/${count}`);
      }
    });
  }
  assert.deepEqual([...unknown].sort(), []);
});
