/** Extraction commands: rex, regex, spath. */
import type { RegexCommandNode, RexCommandNode, SpathCommandNode } from '../ast';
import { fieldNode, parseExtra, stringNode, tryParseOption, wordNode, type Parser } from '../args';
import { ParseCode } from '../codes';
import { spanOf } from '../parserCore';
import { commandParts, commandSpan, hasMacro, isFieldToken, reportMissingPart, type CommandStart } from './common';

/** `rex [field=x] [mode=sed] [max_match=n] [offset_field=f] "regex"`; options may follow the regex too. */
export function parseRex(p: Parser, start: CommandStart): RexCommandNode {
  const node: RexCommandNode = { kind: 'rex', span: spanOf(start.name), ...commandParts(start), options: [], regex: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) node.options.push(option);
    else if (token.kind === 'string' && !node.regex) node.regex = stringNode(p.consume(token));
    else parseExtra(p, node.name, node.extras);
  }
  if (!node.regex && !hasMacro(node.extras)) reportMissingPart(p, start, `'rex' needs a regular expression in double quotes, e.g. rex field=x "(?<name>\\w+)"`);
  node.span = commandSpan(p, start);
  return node;
}

/** `regex "re"`, `regex field="re"`, `regex field!="re"`. */
export function parseRegex(p: Parser, start: CommandStart): RegexCommandNode {
  const node: RegexCommandNode = { kind: 'regex', span: spanOf(start.name), ...commandParts(start), field: null, operator: null, operatorSpan: null, regex: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (node.regex) {
      parseExtra(p, node.name, node.extras);
      continue;
    }
    const after = p.peekAfter(token, 'args');
    if (token.kind === 'word' && after.kind === 'op' && (after.text === '=' || after.text === '!=')) {
      node.field = fieldNode(p.consume(token));
      node.operator = after.text;
      node.operatorSpan = spanOf(p.consume(after));
      const value = p.peek('args');
      if (value.kind === 'string') node.regex = stringNode(p.consume(value));
      else if (value.kind === 'word') node.regex = wordNode(p.consume(value));
      else {
        p.error(ParseCode.missingValue, p.at(value), `Expected a regular expression after '${token.text}${after.text}', found ${p.describe(value)}`);
        break;
      }
    } else if (token.kind === 'string' || token.kind === 'word') {
      node.regex = token.kind === 'string' ? stringNode(p.consume(token)) : wordNode(p.consume(token));
    } else {
      parseExtra(p, node.name, node.extras);
    }
  }
  if (!node.regex && !hasMacro(node.extras)) reportMissingPart(p, start, `'regex' needs a regular expression, e.g. regex process="(?i)cmd\\.exe"`);
  node.span = commandSpan(p, start);
  return node;
}

/** `spath [input=f] [output=f] [path=p | p]`. */
export function parseSpath(p: Parser, start: CommandStart): SpathCommandNode {
  const node: SpathCommandNode = { kind: 'spath', span: spanOf(start.name), ...commandParts(start), options: [], path: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) node.options.push(option);
    else if (isFieldToken(token) && !node.path) node.path = token.kind === 'string' ? stringNode(p.consume(token)) : wordNode(p.consume(token));
    else parseExtra(p, node.name, node.extras);
  }
  node.span = commandSpan(p, start);
  return node;
}
