/** Commands built around a subsearch: join, append, appendpipe, foreach, map. */
import type { AppendCommandNode, ForeachCommandNode, JoinCommandNode, MapCommandNode, SubsearchNode } from '../ast';
import { consumeField, parseExtra, tryParseOption, type Parser } from '../args';
import { spanOf } from '../parserCore';
import { commandParts, commandSpan, hasMacro, isFieldToken, reportMissingPart, type CommandStart } from './common';

/** `join [type=..] [max=..] [fields] [subsearch]`. */
export function parseJoin(p: Parser, start: CommandStart): JoinCommandNode {
  const node: JoinCommandNode = { kind: 'join', span: spanOf(start.name), ...commandParts(start), options: [], fields: [], subsearch: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = node.subsearch ? null : tryParseOption(p);
    if (option) node.options.push(option);
    else if (token.kind === 'lbracket' && !node.subsearch) node.subsearch = p.parseSubsearch();
    else if (isFieldToken(token) && !node.subsearch) node.fields.push(consumeField(p, token));
    else parseExtra(p, node.name, node.extras);
  }
  if (!node.subsearch && !hasMacro(node.extras)) reportMissingPart(p, start, "'join' needs a subsearch in square brackets, e.g. join user [search ...]");
  node.span = commandSpan(p, start);
  return node;
}

/** Options, then the one subsearch the command is about. */
function parseOptionsAndSubsearch(p: Parser, command: string, into: { options: AppendCommandNode['options']; extras: AppendCommandNode['extras'] }, commandLike: boolean): SubsearchNode | null {
  let subsearch: SubsearchNode | null = null;
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = subsearch ? null : tryParseOption(p);
    if (option) into.options.push(option);
    else if (token.kind === 'lbracket' && !subsearch) subsearch = commandLike ? p.parseSubpipeline() : p.parseSubsearch();
    else parseExtra(p, command, into.extras);
  }
  return subsearch;
}

export function parseAppend(p: Parser, start: CommandStart, kind: 'append' | 'appendpipe'): AppendCommandNode {
  const node: AppendCommandNode = { kind, span: spanOf(start.name), ...commandParts(start), options: [], subsearch: null };
  node.subsearch = parseOptionsAndSubsearch(p, node.name, node, kind === 'appendpipe');
  if (!node.subsearch && !hasMacro(node.extras)) reportMissingPart(p, start, `'${node.name}' needs a subsearch in square brackets`);
  node.span = commandSpan(p, start);
  return node;
}

/** `map search="..." [maxsearches=N]` or `map [subsearch]`. */
export function parseMap(p: Parser, start: CommandStart): MapCommandNode {
  const node: MapCommandNode = { kind: 'map', span: spanOf(start.name), ...commandParts(start), options: [], subsearch: null };
  node.subsearch = parseOptionsAndSubsearch(p, node.name, node, false);
  const hasSearch = node.options.some((option) => option.name.toLowerCase() === 'search');
  if (!node.subsearch && !hasSearch && !hasMacro(node.extras)) reportMissingPart(p, start, "'map' needs search=\"...\" or a subsearch in square brackets");
  node.span = commandSpan(p, start);
  return node;
}

/** `foreach [options] fields [ template ]`; the template's first word is a command (`[eval ...]`). */
export function parseForeach(p: Parser, start: CommandStart): ForeachCommandNode {
  const node: ForeachCommandNode = { kind: 'foreach', span: spanOf(start.name), ...commandParts(start), options: [], fields: [], template: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = node.template ? null : tryParseOption(p);
    if (option) node.options.push(option);
    else if (token.kind === 'lbracket' && !node.template) node.template = p.parseSubpipeline();
    else if (isFieldToken(token) && !node.template) node.fields.push(consumeField(p, token));
    else parseExtra(p, node.name, node.extras);
  }
  if (!node.template && !hasMacro(node.extras)) reportMissingPart(p, start, "'foreach' needs a template in square brackets, e.g. foreach * [eval <<FIELD>>=...]");
  node.span = commandSpan(p, start);
  return node;
}
