/**
 * The statistics family: stats, eventstats, streamstats, chart, timechart, tstats, mstats, top, rare.
 * Aggregations are `func`, `func(args)` and either may be followed by `AS alias`.
 */
import type {
  AggregationNode,
  FieldNode,
  KeywordNode,
  MstatsCommandNode,
  OptionNode,
  SearchExprNode,
  StatsCommandNode,
  TopCommandNode,
  TstatsCommandNode,
  WordNode,
} from '../ast';
import { consumeField, fieldNode, macroNode, parseExtra, stringNode, tryParseOption, wordNode, type Parser } from '../args';
import { ParseCode } from '../codes';
import type { Token } from '../lexer';
import { spanOf } from '../parserCore';
import { isClauseWord, parseSearchExprRecovering, type SearchStop } from '../searchExpr';
import {
  commandParts,
  commandSpan,
  hasMacro,
  isFieldToken,
  isKeywordWord,
  parseAlias,
  parseFieldsAndOptions,
  takeKeyword,
  type CommandStart,
} from './common';

/** An aggregation at the current word token. */
export function parseAggregation(p: Parser): AggregationNode {
  const funcToken = p.next('args');
  let args: AggregationNode['args'] = null;
  let end = funcToken.end;
  const open = p.peek('args');
  if (open.kind === 'lparen' && !open.spaceBefore) {
    const list = parseAggregationArgs(p);
    args = list.args;
    end = list.end;
  }
  const { asKeyword, alias } = parseAlias(p);
  if (alias) end = alias.span.end;
  else if (asKeyword) end = asKeyword.span.end;
  return { kind: 'aggregation', span: { start: funcToken.start, end }, func: funcToken.text, funcSpan: spanOf(funcToken), args, asKeyword, alias };
}

function parseAggregationArgs(p: Parser): { args: NonNullable<AggregationNode['args']>; end: number } {
  const open = p.next('args');
  const args: NonNullable<AggregationNode['args']> = [];
  if (!p.enter(spanOf(open))) return { args, end: open.end };
  let end = open.end;
  let closed = false;
  for (;;) {
    const token = p.peek('args');
    if (token.kind === 'rparen') {
      end = p.consume(token).end;
      closed = true;
      break;
    }
    if (p.atStageEnd(token) || token.kind === 'rbracket') break;
    if (token.kind === 'comma') {
      end = p.consume(token).end;
      continue;
    }
    const after = p.peekAfter(token, 'args');
    if (token.kind === 'word' && token.text.toLowerCase() === 'eval' && after.kind === 'lparen') {
      const call = p.parseEvalCallValue();
      args.push(call);
      end = call.span.end;
      continue;
    }
    p.consume(token);
    end = token.end;
    if (token.kind === 'word') args.push(/^-?\d+(\.\d+)?$/.test(token.text) ? wordNode(token) : fieldNode(token));
    else if (token.kind === 'string') args.push(fieldNode(token));
    else if (token.kind === 'macro') args.push(wordNode(token));
    else p.error(ParseCode.unexpectedToken, spanOf(token), `Unexpected ${p.describe(token)} in the aggregation's arguments`);
  }
  p.leave();
  if (!closed) p.reportUnclosed(open, ')', p.peek('args'));
  return { args, end };
}

/** Fields after BY (and options such as `span=1h` among them) until the stage ends. */
function parseByClause(p: Parser, command: string, by: FieldNode[], options: OptionNode[], extras: StatsCommandNode['extras'], stopAt: (token: Token) => boolean = () => false): void {
  const keyword = p.lastConsumed();
  parseFieldsAndOptions(p, command, { fields: by, options, extras }, stopAt);
  if (by.length === 0 && !hasMacro(extras) && keyword) {
    p.error(ParseCode.missingValue, p.at(keyword), `Expected at least one field name after '${keyword.text}'`);
  }
}

export function parseStats(p: Parser, start: CommandStart, kind: StatsCommandNode['kind']): StatsCommandNode {
  const node: StatsCommandNode = {
    kind,
    span: spanOf(start.name),
    ...commandParts(start),
    options: [],
    aggregations: [],
    overKeyword: null,
    over: null,
    byKeyword: null,
    by: [],
  };
  for (;;) {
    const token = p.peek('args');
    if (p.atStageEnd(token)) break;
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    if (isKeywordWord(p, token, 'by') && !node.byKeyword) {
      node.byKeyword = takeKeyword(p);
      parseByClause(p, node.name, node.by, node.options, node.extras, (t) => isKeywordWord(p, t, 'over') && kind === 'chart');
      continue;
    }
    if (kind === 'chart' && isKeywordWord(p, token, 'over') && !node.overKeyword) {
      node.overKeyword = takeKeyword(p);
      const field = p.peek('args');
      if (isFieldToken(field)) node.over = consumeField(p, field);
      else p.error(ParseCode.missingValue, p.at(field), `Expected a field name after 'OVER', found ${p.describe(field)}`);
      continue;
    }
    const option = tryParseOption(p);
    if (option) {
      node.options.push(option);
      continue;
    }
    if (token.kind === 'word' && !node.byKeyword) {
      node.aggregations.push(parseAggregation(p));
      continue;
    }
    parseExtra(p, node.name, node.extras);
  }
  node.span = commandSpan(p, start);
  return node;
}

/** tstats' WHERE ends at its BY clause. */
const stopAtByClause: SearchStop = (p, token) => isClauseWord(p, token, 'by');

export function parseTstats(p: Parser, start: CommandStart): TstatsCommandNode {
  const node: TstatsCommandNode = {
    kind: 'tstats',
    span: spanOf(start.name),
    ...commandParts(start),
    options: [],
    aggregations: [],
    fromKeyword: null,
    source: null,
    whereKeyword: null,
    where: null,
    byKeyword: null,
    by: [],
  };
  parseIndexedStatsArgs(p, node);
  node.span = commandSpan(p, start);
  return node;
}

/**
 * The arguments of tstats and mstats, in any order: options, aggregations, `WHERE <search>`, `BY fields`,
 * and for tstats `FROM <data model>` or `datamodel=<data model>`.
 */
function parseIndexedStatsArgs(p: Parser, node: TstatsCommandNode | MstatsCommandNode): void {
  const tstats = node.kind === 'tstats' ? node : undefined;
  const byClauseEnds = tstats ? ['where', 'from'] : ['where'];
  for (;;) {
    const token = p.peek('args');
    if (p.atStageEnd(token)) break;
    if (token.kind === 'comma') {
      p.consume(token);
    } else if (tstats && isKeywordWord(p, token, 'from') && !tstats.fromKeyword) {
      tstats.fromKeyword = takeKeyword(p);
      tstats.source = parseTstatsSource(p);
    } else if (isKeywordWord(p, token, 'where') && !node.whereKeyword) {
      const clause = parseWhereClause(p, stopAtByClause);
      node.whereKeyword = clause.keyword;
      node.where = clause.expr;
    } else if (isKeywordWord(p, token, 'by') && !node.byKeyword) {
      node.byKeyword = takeKeyword(p);
      parseByClause(p, node.name, node.by, node.options, node.extras, (t) => isKeywordWord(p, t, ...byClauseEnds));
    } else if (token.kind === 'macro') {
      node.extras.push(macroNode(p, p.consume(token)));
    } else {
      const option = tryParseOption(p);
      if (option && tstats && option.name.toLowerCase() === 'datamodel' && !tstats.source) tstats.source = option;
      else if (option) node.options.push(option);
      else if (token.kind === 'word' && !node.byKeyword) node.aggregations.push(parseAggregation(p));
      else parseExtra(p, node.name, node.extras);
    }
  }
}

/** After FROM: `datamodel=X.Y`, or a namespace / `datamodel X` form. */
function parseTstatsSource(p: Parser): OptionNode | WordNode | null {
  const option = tryParseOption(p);
  if (option) return option;
  const token = p.peek('args');
  if (token.kind === 'word' && !isKeywordWord(p, token, 'where', 'by')) return wordNode(p.consume(token));
  if (token.kind === 'string') return { kind: 'word', span: spanOf(token), text: stringNode(p.consume(token)).value };
  if (token.kind === 'macro') return null;
  p.error(ParseCode.missingValue, p.at(token), `Expected a data model after 'FROM', found ${p.describe(token)}`);
  return null;
}

/** `WHERE <search expression>`; the current token is the WHERE word. */
export function parseWhereClause(p: Parser, stop?: SearchStop): { keyword: KeywordNode; expr: SearchExprNode | null } {
  const keyword = takeKeyword(p);
  const expr = parseSearchExprRecovering(p, stop);
  if (!expr) {
    const token = p.peek('search');
    p.error(ParseCode.missingValue, p.at(token), `Expected a search expression after 'WHERE', found ${p.describe(token)}`);
  }
  return { keyword, expr };
}

export function parseMstats(p: Parser, start: CommandStart): MstatsCommandNode {
  const node: MstatsCommandNode = {
    kind: 'mstats',
    span: spanOf(start.name),
    ...commandParts(start),
    options: [],
    aggregations: [],
    whereKeyword: null,
    where: null,
    byKeyword: null,
    by: [],
  };
  parseIndexedStatsArgs(p, node);
  node.span = commandSpan(p, start);
  return node;
}

export function parseTop(p: Parser, start: CommandStart, kind: 'top' | 'rare'): TopCommandNode {
  const node: TopCommandNode = { kind, span: spanOf(start.name), ...commandParts(start), options: [], fields: [], byKeyword: null, by: [] };
  parseFieldsAndOptions(p, node.name, node, (t) => isKeywordWord(p, t, 'by'));
  const token = p.peek('args');
  if (isKeywordWord(p, token, 'by')) {
    node.byKeyword = takeKeyword(p);
    parseByClause(p, node.name, node.by, node.options, node.extras);
  }
  node.span = commandSpan(p, start);
  return node;
}
