/** Helpers shared by the typed command parsers. */
import type { Span } from '../../text/span';
import type { FieldNode, GenericArgNode, KeywordNode, OptionNode } from '../ast';
import { consumeField, keywordNode, parseExtra, stashMacro, tryParseOption, type Parser } from '../args';
import { ParseCode } from '../codes';
import type { Token } from '../lexer';

/** What every command parser receives: the parser positioned after the command name. */
export interface CommandStart {
  name: Token;
  /** The command's `extras`, also reachable as `p.commandExtras` from nested parsers (see stashMacro). */
  extras: GenericArgNode[];
}

export interface CommandParts {
  name: string;
  nameSpan: Span;
  extras: GenericArgNode[];
}

export function commandParts(start: CommandStart): CommandParts {
  return { name: start.name.text, nameSpan: { start: start.name.start, end: start.name.end }, extras: start.extras };
}

/** Span from the command name to the end of the last consumed token. */
export function commandSpan(p: Parser, start: CommandStart): Span {
  return { start: start.name.start, end: Math.max(start.name.end, lastEnd(p)) };
}

/** End of the last consumed token (the parser's position may sit after trailing trivia only when scanned). */
export function lastEnd(p: Parser): number {
  return p.pos;
}

/** True for a word (any case) that is not the name of an option (`by` but not `by=x`). */
export function isKeywordWord(p: Parser, token: Token, ...words: string[]): boolean {
  if (!p.isWord(token, ...words)) return false;
  const after = p.peekAfter(token, 'args');
  return !(after.kind === 'op' && after.text === '=');
}

/** True for a token that can name a field: a word or a double-quoted string. */
export function isFieldToken(token: Token): boolean {
  return token.kind === 'word' || token.kind === 'string';
}

export function takeKeyword(p: Parser): KeywordNode {
  return keywordNode(p.next('args'));
}

/** Reads `AS <field>` when the current token is `as` (any case). */
export function parseAlias(p: Parser): { asKeyword: KeywordNode | null; alias: FieldNode | null } {
  const token = p.peek('args');
  if (!isKeywordWord(p, token, 'as')) return { asKeyword: null, alias: null };
  const asKeyword = takeKeyword(p);
  const target = p.peek('args');
  if (isFieldToken(target)) return { asKeyword, alias: consumeField(p, target) };
  if (stashMacro(p, target)) return { asKeyword, alias: null };
  p.error(ParseCode.missingValue, p.at(target), `Expected a field name after 'AS', found ${p.describe(target)}`);
  return { asKeyword, alias: null };
}

export interface FieldsAndOptions {
  options: OptionNode[];
  fields: FieldNode[];
  extras: GenericArgNode[];
}

/**
 * The common tail of many commands: fields (comma or space separated) and `name=value` options in any
 * order, until the stage ends or `stopAt` says so. Anything else goes to `extras`.
 */
export function parseFieldsAndOptions(
  p: Parser,
  command: string,
  into: FieldsAndOptions,
  stopAt: (token: Token) => boolean = () => false,
): void {
  for (;;) {
    const token = p.peek('args');
    if (p.atStageEnd(token) || stopAt(token)) return;
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = tryParseOption(p);
    if (option) {
      into.options.push(option);
      continue;
    }
    if (isFieldToken(token)) {
      into.fields.push(consumeField(p, token));
      continue;
    }
    parseExtra(p, command, into.extras);
  }
}

/** Consumes whatever is left of the stage into `extras` (with a warning per unexpected argument). */
export function parseRest(p: Parser, command: string, extras: GenericArgNode[]): void {
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    parseExtra(p, command, extras);
  }
}

/** Options only; stops at the first token that is not `name=value` (or a comma). */
export function parseLeadingOptions(p: Parser, options: OptionNode[]): void {
  for (;;) {
    const token = p.peek('args');
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    const option = tryParseOption(p);
    if (!option) return;
    options.push(option);
  }
}

export function reportMissingPart(p: Parser, start: CommandStart, message: string): void {
  const token = p.peek('args');
  const at = p.atStageEnd(token) || token.kind === 'rbracket' ? { start: start.name.start, end: start.name.end } : { start: token.start, end: token.end };
  p.error(ParseCode.missingCommandPart, at, message);
}

/** True when a macro call is among the extras: then a missing part may come from the macro. */
export function hasMacro(extras: GenericArgNode[]): boolean {
  return extras.some((arg) => arg.kind === 'macroCall');
}
