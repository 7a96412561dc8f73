/** Data-access commands: lookup, inputlookup, outputlookup, from. */
import type {
  FromCommandNode,
  InputlookupCommandNode,
  LookupCommandNode,
  LookupFieldNode,
  OutputlookupCommandNode,
  StringNode,
  WordNode,
} from '../ast';
import { consumeField, keywordNode, parseExtra, stringNode, tryParseOption, wordNode, type Parser } from '../args';
import type { Token } from '../lexer';
import { spanOf } from '../parserCore';
import { commandParts, commandSpan, hasMacro, isFieldToken, isKeywordWord, parseAlias, reportMissingPart, type CommandStart } from './common';
import { parseWhereClause } from './stats';

function tableNode(token: Token): WordNode | StringNode {
  return token.kind === 'string' ? stringNode(token) : wordNode(token);
}

export function parseLookup(p: Parser, start: CommandStart): LookupCommandNode {
  const node: LookupCommandNode = {
    kind: 'lookup',
    span: spanOf(start.name),
    ...commandParts(start),
    options: [],
    table: null,
    inputs: [],
    outputKeyword: null,
    outputs: [],
  };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = node.table ? null : tryParseOption(p);
    if (option) {
      node.options.push(option);
    } else if (isKeywordWord(p, token, 'output', 'outputnew') && node.table && !node.outputKeyword) {
      node.outputKeyword = keywordNode(p.consume(token));
    } else if (isFieldToken(token) && !node.table) {
      node.table = tableNode(p.consume(token));
    } else if (isFieldToken(token)) {
      (node.outputKeyword ? node.outputs : node.inputs).push(parseLookupField(p, token));
    } else {
      parseExtra(p, node.name, node.extras);
    }
  }
  if (!hasMacro(node.extras)) {
    if (!node.table) reportMissingPart(p, start, "'lookup' needs a lookup table name");
    else if (node.inputs.length === 0) reportMissingPart(p, start, "'lookup' needs at least one field to match on");
  }
  node.span = commandSpan(p, start);
  return node;
}

function parseLookupField(p: Parser, token: Token): LookupFieldNode {
  const field = consumeField(p, token);
  const { asKeyword, alias } = parseAlias(p);
  const end = alias ? alias.span.end : asKeyword ? asKeyword.span.end : field.span.end;
  return { kind: 'lookupField', span: { start: field.span.start, end }, field, asKeyword, alias };
}

export function parseInputlookup(p: Parser, start: CommandStart): InputlookupCommandNode {
  const node: InputlookupCommandNode = {
    kind: 'inputlookup',
    span: spanOf(start.name),
    ...commandParts(start),
    options: [],
    table: null,
    whereKeyword: null,
    where: null,
  };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) {
      node.options.push(option);
    } else if (node.table && isKeywordWord(p, token, 'where') && !node.whereKeyword) {
      const clause = parseWhereClause(p);
      node.whereKeyword = clause.keyword;
      node.where = clause.expr;
    } else if (isFieldToken(token) && !node.table) {
      node.table = tableNode(p.consume(token));
    } else {
      parseExtra(p, node.name, node.extras);
    }
  }
  if (!node.table && !hasMacro(node.extras)) reportMissingPart(p, start, "'inputlookup' needs a lookup table name");
  node.span = commandSpan(p, start);
  return node;
}

export function parseOutputlookup(p: Parser, start: CommandStart): OutputlookupCommandNode {
  const node: OutputlookupCommandNode = { kind: 'outputlookup', span: spanOf(start.name), ...commandParts(start), options: [], table: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) node.options.push(option);
    else if (isFieldToken(token) && !node.table) node.table = tableNode(p.consume(token));
    else parseExtra(p, node.name, node.extras);
  }
  if (!node.table && !hasMacro(node.extras)) reportMissingPart(p, start, "'outputlookup' needs a lookup table name");
  node.span = commandSpan(p, start);
  return node;
}

const DATASET_TYPES = new Set(['datamodel', 'lookup', 'inputlookup', 'savedsearch', 'dataset']);

/** `from datamodel Risk.All_Risk`, `from datamodel:Risk.All_Risk`, `from lookup:name` [where ...]. */
export function parseFrom(p: Parser, start: CommandStart): FromCommandNode {
  const node: FromCommandNode = {
    kind: 'from',
    span: spanOf(start.name),
    ...commandParts(start),
    datasetType: null,
    dataset: null,
    whereKeyword: null,
    where: null,
  };
  const first = p.peek('args');
  const colon = first.kind === 'word' ? first.text.indexOf(':') : -1;
  if (first.kind === 'word' && colon > 0 && DATASET_TYPES.has(first.text.slice(0, colon).toLowerCase())) {
    p.consume(first);
    node.datasetType = { kind: 'word', span: { start: first.start, end: first.start + colon }, text: first.text.slice(0, colon) };
    if (colon + 1 < first.text.length) {
      node.dataset = { kind: 'word', span: { start: first.start + colon + 1, end: first.end }, text: first.text.slice(colon + 1) };
    } else {
      const quoted = p.peek('args');
      if (quoted.kind === 'string' && !quoted.spaceBefore) node.dataset = stringNode(p.consume(quoted));
    }
  } else if (first.kind === 'word' && DATASET_TYPES.has(first.text.toLowerCase())) {
    node.datasetType = wordNode(p.consume(first));
    const dataset = p.peek('args');
    if (isFieldToken(dataset)) node.dataset = tableNode(p.consume(dataset));
  }
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (isKeywordWord(p, token, 'where') && !node.whereKeyword) {
      const clause = parseWhereClause(p);
      node.whereKeyword = clause.keyword;
      node.where = clause.expr;
    } else if (isFieldToken(token) && !node.dataset) {
      node.dataset = tableNode(p.consume(token));
    } else {
      parseExtra(p, node.name, node.extras);
    }
  }
  if (!node.dataset && !hasMacro(node.extras)) reportMissingPart(p, start, "'from' needs a dataset, e.g. 'from datamodel:Risk.All_Risk'");
  node.span = commandSpan(p, start);
  return node;
}
