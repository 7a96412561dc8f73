/**
 * Commands that mostly take fields: table, fields, rename, convert, fillnull, transaction, addtotals,
 * mvexpand, makemv, iplocation, xmlkv, fromjson, dedup, sort, bin/bucket.
 */
import type {
  BinCommandNode,
  ConvertCommandNode,
  ConvertFunctionNode,
  DedupCommandNode,
  FieldListCommandNode,
  FieldsCommandNode,
  RenameCommandNode,
  RenamePairNode,
  SingleFieldCommandNode,
  SortCommandNode,
  SortKeyNode,
  WordNode,
} from '../ast';
import { consumeField, fieldNode, keywordNode, parseExtra, stashMacro, stringNode, tryParseOption, wordNode, type Parser } from '../args';
import { ParseCode } from '../codes';
import type { Token } from '../lexer';
import { spanOf } from '../parserCore';
import {
  commandParts,
  commandSpan,
  hasMacro,
  isFieldToken,
  isKeywordWord,
  parseAlias,
  parseFieldsAndOptions,
  reportMissingPart,
  takeKeyword,
  type CommandStart,
} from './common';

export function parseFieldList(p: Parser, start: CommandStart, kind: FieldListCommandNode['kind']): FieldListCommandNode {
  const node: FieldListCommandNode = { kind, span: spanOf(start.name), ...commandParts(start), options: [], fields: [] };
  parseFieldsAndOptions(p, node.name, node);
  node.span = commandSpan(p, start);
  return node;
}

export function parseFields(p: Parser, start: CommandStart): FieldsCommandNode {
  const node: FieldsCommandNode = { kind: 'fields', span: spanOf(start.name), ...commandParts(start), mode: null, modeSpan: null, fields: [] };
  const first = p.peek('args');
  if (first.kind === 'word' && (first.text === '+' || first.text === '-')) {
    node.mode = first.text;
    node.modeSpan = spanOf(p.consume(first));
  } else if (first.kind === 'word' && /^[+-][^+-]/.test(first.text)) {
    // `fields -x`: the sign belongs to the command, the rest is the first field.
    p.consume(first);
    node.mode = first.text[0] as '+' | '-';
    node.modeSpan = { start: first.start, end: first.start + 1 };
    node.fields.push({ kind: 'field', span: { start: first.start + 1, end: first.end }, name: first.text.slice(1), quoted: false });
  }
  const options: FieldListCommandNode['options'] = [];
  parseFieldsAndOptions(p, node.name, { fields: node.fields, options, extras: node.extras });
  for (const option of options) node.extras.push(option);
  if (node.fields.length === 0 && !hasMacro(node.extras)) reportMissingPart(p, start, "'fields' needs at least one field name");
  node.span = commandSpan(p, start);
  return node;
}

export function parseSingleField(p: Parser, start: CommandStart, kind: SingleFieldCommandNode['kind'], required: boolean): SingleFieldCommandNode {
  const node: SingleFieldCommandNode = { kind, span: spanOf(start.name), ...commandParts(start), options: [], field: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) node.options.push(option);
    else if (isFieldToken(token) && !node.field) node.field = consumeField(p, token);
    else parseExtra(p, node.name, node.extras);
  }
  if (required && !node.field && !hasMacro(node.extras)) reportMissingPart(p, start, `'${node.name}' needs a field name`);
  node.span = commandSpan(p, start);
  return node;
}

export function parseRename(p: Parser, start: CommandStart): RenameCommandNode {
  const node: RenameCommandNode = { kind: 'rename', span: spanOf(start.name), ...commandParts(start), pairs: [] };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    if (!isFieldToken(token)) {
      parseExtra(p, node.name, node.extras);
      continue;
    }
    const previous = node.extras[node.extras.length - 1];
    if (isKeywordWord(p, token, 'as') && previous?.kind === 'macroCall' && previous.span.end <= token.start) {
      // `rename `old_name_macro` AS new`: the macro stands for the old name; keep `AS new` as written.
      node.extras.push(wordNode(p.consume(token)));
      const target = p.peek('args');
      if (isFieldToken(target)) node.extras.push(target.kind === 'string' ? stringNode(p.consume(target)) : wordNode(p.consume(target)));
      continue;
    }
    const from = consumeField(p, token);
    const { asKeyword, alias } = parseAlias(p);
    if (!asKeyword && p.peek('args').kind !== 'macro') {
      const found = p.peek('args');
      p.error(ParseCode.missingCommandPart, from.span, `Expected 'AS <new name>' after '${p.text.slice(from.span.start, from.span.end)}' in rename, found ${p.describe(found)}`);
    }
    const end = alias ? alias.span.end : asKeyword ? asKeyword.span.end : from.span.end;
    const pair: RenamePairNode = { kind: 'renamePair', span: { start: from.span.start, end }, from, asKeyword, to: alias };
    node.pairs.push(pair);
  }
  if (node.pairs.length === 0 && !hasMacro(node.extras)) reportMissingPart(p, start, "'rename' needs at least one 'field AS new_name'");
  node.span = commandSpan(p, start);
  return node;
}

export function parseConvert(p: Parser, start: CommandStart): ConvertCommandNode {
  const node: ConvertCommandNode = { kind: 'convert', span: spanOf(start.name), ...commandParts(start), options: [], conversions: [] };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = tryParseOption(p);
    if (option) {
      node.options.push(option);
      continue;
    }
    const open = p.peekAfter(token, 'args');
    if (token.kind === 'word' && open.kind === 'lparen' && !open.spaceBefore) {
      node.conversions.push(parseConversion(p));
      continue;
    }
    parseExtra(p, node.name, node.extras);
  }
  node.span = commandSpan(p, start);
  return node;
}

function parseConversion(p: Parser): ConvertFunctionNode {
  const func = p.next('args');
  const open = p.next('args');
  let field = null;
  let end = open.end;
  const inner = p.peek('args');
  if (isFieldToken(inner)) {
    field = fieldNode(p.consume(inner));
    end = inner.end;
  } else {
    stashMacro(p, inner);
  }
  const close = p.peek('args');
  if (close.kind === 'rparen') end = p.consume(close).end;
  else p.reportUnclosed(open, ')', close);
  const { asKeyword, alias } = parseAlias(p);
  if (alias) end = alias.span.end;
  return { kind: 'convertFunction', span: { start: func.start, end }, func: func.text, funcSpan: spanOf(func), field, asKeyword, alias };
}

/** A leading count such as `dedup 3 user` or `sort 0 -count`. */
function parseCount(p: Parser): WordNode | null {
  const token = p.peek('args');
  if (token.kind === 'word' && /^\d+$/.test(token.text)) return wordNode(p.consume(token));
  return null;
}

export function parseDedup(p: Parser, start: CommandStart): DedupCommandNode {
  const node: DedupCommandNode = { kind: 'dedup', span: spanOf(start.name), ...commandParts(start), count: null, options: [], fields: [], sortbyKeyword: null, sortKeys: [] };
  node.count = parseCount(p);
  parseFieldsAndOptions(p, node.name, node, (t) => isKeywordWord(p, t, 'sortby'));
  const token = p.peek('args');
  if (isKeywordWord(p, token, 'sortby')) {
    node.sortbyKeyword = takeKeyword(p);
    parseSortKeys(p, node.name, node.sortKeys, node.extras);
  }
  if (node.fields.length === 0 && !hasMacro(node.extras)) reportMissingPart(p, start, "'dedup' needs at least one field name");
  node.span = commandSpan(p, start);
  return node;
}

export function parseSort(p: Parser, start: CommandStart): SortCommandNode {
  const node: SortCommandNode = { kind: 'sort', span: spanOf(start.name), ...commandParts(start), count: null, options: [], keys: [], descKeyword: null };
  node.count = parseCount(p);
  const descKeyword = parseSortKeys(p, node.name, node.keys, node.extras, node.options);
  node.descKeyword = descKeyword;
  node.span = commandSpan(p, start);
  return node;
}

const SORT_FUNCTIONS = new Set(['auto', 'str', 'ip', 'num']);

/** `[+|-]field` or `[+|-]func(field)`, separated by commas or spaces; returns a trailing `d`/`desc`. */
function parseSortKeys(p: Parser, command: string, keys: SortKeyNode[], extras: SortCommandNode['extras'], options?: SortCommandNode['options']) {
  let desc = null;
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = options ? tryParseOption(p) : null;
    if (option && options) {
      options.push(option);
      continue;
    }
    if (isKeywordWord(p, token, 'd', 'desc') && isLastOfStage(p, token)) {
      desc = keywordNode(p.consume(token));
      continue;
    }
    if (isFieldToken(token)) keys.push(parseSortKey(p, token));
    else parseExtra(p, command, extras);
  }
  return desc;
}

function isLastOfStage(p: Parser, token: Token): boolean {
  return p.atStageEnd(p.peekAfter(token, 'args'));
}

function parseSortKey(p: Parser, token: Token): SortKeyNode {
  p.consume(token);
  let direction: SortKeyNode['direction'] = null;
  let directionSpan = null;
  let nameToken: Token | null = token;
  if (token.kind === 'word' && (token.text === '+' || token.text === '-')) {
    direction = token.text;
    directionSpan = spanOf(token);
    const next = p.peek('args');
    nameToken = isFieldToken(next) ? p.consume(next) : null;
  } else if (token.kind === 'word' && /^[+-]./.test(token.text)) {
    direction = token.text[0] as '+' | '-';
    directionSpan = { start: token.start, end: token.start + 1 };
    nameToken = { ...token, start: token.start + 1, text: token.text.slice(1) };
  }
  const start = directionSpan ? directionSpan.start : token.start;
  if (!nameToken) {
    const found = p.peek('args');
    if (!stashMacro(p, found)) p.error(ParseCode.missingValue, p.at(found), `Expected a field name after '${direction}', found ${p.describe(found)}`);
    const at = directionSpan!.end;
    return { kind: 'sortKey', span: directionSpan!, direction, directionSpan, func: null, field: { kind: 'field', span: { start: at, end: at }, name: '', quoted: false } };
  }
  const open = p.peek('args');
  if (nameToken.kind === 'word' && SORT_FUNCTIONS.has(nameToken.text.toLowerCase()) && open.kind === 'lparen' && !open.spaceBefore) {
    p.consume(open);
    const inner = p.peek('args');
    const field = isFieldToken(inner) ? fieldNode(p.consume(inner)) : { kind: 'field' as const, span: { start: open.end, end: open.end }, name: '', quoted: false };
    const close = p.peek('args');
    let end = field.span.end;
    if (close.kind === 'rparen') end = p.consume(close).end;
    else p.reportUnclosed(open, ')', close);
    return { kind: 'sortKey', span: { start, end }, direction, directionSpan, func: nameToken.text.toLowerCase(), field };
  }
  const field = fieldNode(nameToken);
  return { kind: 'sortKey', span: { start, end: field.span.end }, direction, directionSpan, func: null, field };
}

export function parseBin(p: Parser, start: CommandStart): BinCommandNode {
  const node: BinCommandNode = { kind: 'bin', span: spanOf(start.name), ...commandParts(start), options: [], field: null, asKeyword: null, alias: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) {
      node.options.push(option);
    } else if (isFieldToken(token) && !node.field && !isKeywordWord(p, token, 'as')) {
      node.field = consumeField(p, token);
    } else if (node.field && !node.asKeyword && isKeywordWord(p, token, 'as')) {
      const { asKeyword, alias } = parseAlias(p);
      node.asKeyword = asKeyword;
      node.alias = alias;
    } else {
      parseExtra(p, node.name, node.extras);
    }
  }
  if (!node.field && !hasMacro(node.extras)) reportMissingPart(p, start, `'${node.name}' needs the field to put into bins, e.g. '${node.name} _time span=1h'`);
  node.span = commandSpan(p, start);
  return node;
}

