/** Which parser handles which command name (lower-cased). Names not listed parse generically. */
import type { CommandNode } from '../ast';
import type { Parser } from '../args';
import { parseEval, parseHead, parseSearchCommand, parseWhere } from './basic';
import type { CommandStart } from './common';
import { parseBin, parseConvert, parseDedup, parseFieldList, parseFields, parseRename, parseSingleField, parseSort } from './fieldCommands';
import { parseFrom, parseInputlookup, parseLookup, parseOutputlookup } from './lookups';
import { parseMstats, parseStats, parseTop, parseTstats } from './stats';
import { parseAppend, parseForeach, parseJoin, parseMap } from './subsearchCommands';
import { parseRegex, parseRex, parseSpath } from './textCommands';

type CommandParser = (p: Parser, start: CommandStart) => CommandNode;

export const COMMAND_PARSERS: ReadonlyMap<string, CommandParser> = new Map<string, CommandParser>([
  ['search', parseSearchCommand],
  ['where', parseWhere],
  ['eval', parseEval],
  ['head', parseHead],
  ['stats', (p, s) => parseStats(p, s, 'stats')],
  ['eventstats', (p, s) => parseStats(p, s, 'eventstats')],
  ['streamstats', (p, s) => parseStats(p, s, 'streamstats')],
  ['chart', (p, s) => parseStats(p, s, 'chart')],
  ['timechart', (p, s) => parseStats(p, s, 'timechart')],
  ['tstats', parseTstats],
  ['mstats', parseMstats],
  ['top', (p, s) => parseTop(p, s, 'top')],
  ['rare', (p, s) => parseTop(p, s, 'rare')],
  ['rename', parseRename],
  ['convert', parseConvert],
  ['table', (p, s) => parseFieldList(p, s, 'table')],
  ['fillnull', (p, s) => parseFieldList(p, s, 'fillnull')],
  ['transaction', (p, s) => parseFieldList(p, s, 'transaction')],
  ['addtotals', (p, s) => parseFieldList(p, s, 'addtotals')],
  ['fields', parseFields],
  ['mvexpand', (p, s) => parseSingleField(p, s, 'mvexpand', true)],
  ['makemv', (p, s) => parseSingleField(p, s, 'makemv', true)],
  ['iplocation', (p, s) => parseSingleField(p, s, 'iplocation', true)],
  ['xmlkv', (p, s) => parseSingleField(p, s, 'xmlkv', false)],
  ['fromjson', (p, s) => parseSingleField(p, s, 'fromjson', true)],
  ['lookup', parseLookup],
  ['inputlookup', parseInputlookup],
  ['outputlookup', parseOutputlookup],
  ['from', parseFrom],
  ['rex', parseRex],
  ['regex', parseRegex],
  ['spath', parseSpath],
  ['bin', parseBin],
  ['bucket', parseBin],
  ['join', parseJoin],
  ['dedup', parseDedup],
  ['sort', parseSort],
  ['foreach', parseForeach],
  ['append', (p, s) => parseAppend(p, s, 'append')],
  ['appendpipe', (p, s) => parseAppend(p, s, 'appendpipe')],
  ['map', parseMap],
]);
