/**
 * Building blocks for command arguments: words, strings, fields, keywords, `name=value` options,
 * macro calls and the generic fallback argument. Every `parse*` here consumes at least one token
 * when it returns a node.
 */
import type {
  EvalCallNode,
  FieldNode,
  GenericArgNode,
  KeywordNode,
  MacroCallNode,
  OptionNode,
  OptionValueNode,
  SearchGroupNode,
  StringNode,
  SubsearchNode,
  WordNode,
} from './ast';
import { ParseCode } from './codes';
import { unquote, type Token } from './lexer';
import { parseMacroCall } from './macroCall';
import { spanOf, type ParserCore } from './parserCore';

/** Hooks into parsers defined in other modules (kept here to avoid import cycles). */
export interface Parser extends ParserCore {
  /** `[ ... ]` whose first stage is a search (or a generating command). */
  parseSubsearch(): SubsearchNode;
  /** `[ ... ]` whose first stage is a command (`foreach`'s template, `appendpipe`'s subpipeline). */
  parseSubpipeline(): SubsearchNode;
  /** `( search expression )` as an option value. */
  parseSearchGroupValue(): SearchGroupNode;
  /** `eval(expression)` as an option value or aggregation argument; the current token is `eval`. */
  parseEvalCallValue(): EvalCallNode;
}

export function wordNode(token: Token): WordNode {
  return { kind: 'word', span: spanOf(token), text: token.text };
}

export function stringNode(token: Token): StringNode {
  const raw = token.text;
  return { kind: 'string', span: spanOf(token), raw, value: unquote(raw), terminated: isTerminated(raw) };
}

function isTerminated(raw: string): boolean {
  if (raw.length < 2 || raw[raw.length - 1] !== raw[0]) return false;
  let backslashes = 0;
  for (let i = raw.length - 2; i > 0 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** A field from a word, a "double quoted" or a 'single quoted' token. */
export function fieldNode(token: Token): FieldNode {
  if (token.kind === 'string' || token.kind === 'quotedField') {
    return { kind: 'field', span: spanOf(token), name: unquote(token.text), quoted: true };
  }
  return { kind: 'field', span: spanOf(token), name: token.text, quoted: false };
}

export function keywordNode(token: Token): KeywordNode {
  return { kind: 'keyword', span: spanOf(token), keyword: token.text.toUpperCase() };
}

export function macroNode(p: ParserCore, token: Token): MacroCallNode {
  return parseMacroCall(token, (d) => p.error(d.code, d.span, d.message));
}

/** True when `token` (the current peek, a word or string) is followed by `=`: an option or a comparison. */
export function isFollowedByEquals(p: ParserCore, token: Token): boolean {
  if (token.kind !== 'word') return false;
  const after = p.peekAfter(token, 'args');
  return after.kind === 'op' && after.text === '=';
}

/** Parses `name=value` when the current token starts one; otherwise consumes nothing. */
export function tryParseOption(p: Parser): OptionNode | null {
  const nameToken = p.peek('args');
  if (!isFollowedByEquals(p, nameToken)) return null;
  p.consume(nameToken);
  const equals = p.next('args');
  const value = parseOptionValue(p, `${nameToken.text}=`);
  const end = value ? value.span.end : equals.end;
  return { kind: 'option', span: { start: nameToken.start, end }, name: nameToken.text, nameSpan: spanOf(nameToken), value };
}

/** The value after `name=`; null (with a diagnostic) when nothing usable follows. */
export function parseOptionValue(p: Parser, after: string): OptionValueNode | null {
  const token = p.peek('args');
  switch (token.kind) {
    case 'word':
      if (token.text.toLowerCase() === 'eval' && p.peekAfter(token, 'args').kind === 'lparen' && !p.peekAfter(token, 'args').spaceBefore) {
        return p.parseEvalCallValue();
      }
      return wordNode(p.consume(token));
    case 'string':
      return stringNode(p.consume(token));
    case 'macro':
      return macroNode(p, p.consume(token));
    case 'lbracket':
      return p.parseSubsearch();
    case 'lparen':
      return p.parseSearchGroupValue();
    default:
      p.error(ParseCode.missingValue, p.at(token), `Expected a value after '${after}'`);
      return null;
  }
}

/** Reports and consumes a `)`, or a `]` outside any subsearch; false for any other token. */
export function consumeStrayCloser(p: ParserCore, token: Token): boolean {
  if (token.kind !== 'rparen' && token.kind !== 'rbracket') return false;
  p.consume(token);
  const open = token.kind === 'rparen' ? '(' : '[';
  p.error(ParseCode.unmatchedClosingBracket, spanOf(token), `Unexpected '${token.text}' with no matching '${open}'`);
  return true;
}

/**
 * Consumes one argument as written: an option, a word, a string, a macro call, a subsearch, or
 * any single punctuation token (kept as a word). Never reports anything itself.
 */
export function parseGenericArg(p: Parser): GenericArgNode {
  const option = tryParseOption(p);
  if (option) return option;
  const token = p.peek('args');
  switch (token.kind) {
    case 'string':
      return stringNode(p.consume(token));
    case 'macro':
      return macroNode(p, p.consume(token));
    case 'lbracket':
      return p.parseSubsearch();
    default:
      return wordNode(p.consume(token));
  }
}

/**
 * Files an argument a typed grammar did not expect under `extras`. A macro call or a subsearch
 * is accepted silently (a macro may expand to anything); other tokens get a warning.
 */
export function parseExtra(p: Parser, command: string, extras: GenericArgNode[]): void {
  const token = p.peek('args');
  if (consumeStrayCloser(p, token)) return;
  const errorsBefore = p.mark().diagnostics;
  const arg = token.kind === 'lparen' ? parseParenthesisedWord(p) : parseGenericArg(p);
  extras.push(arg);
  const reportedAlready = p.mark().diagnostics > errorsBefore;
  if (arg.kind !== 'macroCall' && arg.kind !== 'subsearch' && !reportedAlready) {
    const shown = p.text.slice(arg.span.start, arg.span.end);
    p.warning(ParseCode.unexpectedArgument, arg.span, `'${shown.length > 40 ? shown.slice(0, 37) + '...' : shown}' is not an argument '${command}' expects here`);
  }
}

/**
 * Offset just past `(...)` groups glued to `end` (no whitespace before or inside them), and the word
 * characters after each: `aceFlags(inheritance)`, `predicted(x)`, `*GetCurrent()*`. Splunk splits
 * command arguments at whitespace, so such a token is one name. Returns `end` when nothing is glued.
 */
export function gluedGroupEnd(text: string, end: number): number {
  let i = end;
  while (text[i] === '(') {
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (ch === '(') depth++;
      else if (ch === ')') {
        depth--;
        if (depth === 0) break;
      } else if (/[\s|[\]"`=<>]/.test(ch)) return i;
    }
    if (j >= text.length) return i;
    i = j + 1;
    while (i < text.length && !/[\s()[\]|"`=<>,]/.test(text[i])) i++;
  }
  return i;
}

/** Consumes a field-name token together with any `(...)` glued to it (see gluedGroupEnd). */
export function consumeField(p: ParserCore, token: Token): FieldNode {
  p.consume(token);
  if (token.kind !== 'word') return fieldNode(token);
  const end = gluedGroupEnd(p.text, token.end);
  if (end === token.end) return fieldNode(token);
  p.pos = end;
  return { kind: 'field', span: { start: token.start, end }, name: p.text.slice(token.start, end), quoted: false };
}

/** Consumes a word together with any `(...)` glued to it (see gluedGroupEnd). */
export function consumeWord(p: ParserCore, token: Token): WordNode {
  p.consume(token);
  const end = gluedGroupEnd(p.text, token.end);
  if (end === token.end) return wordNode(token);
  p.pos = end;
  return { kind: 'word', span: { start: token.start, end }, text: p.text.slice(token.start, end) };
}

/** A `( ... )` group kept as one word (up to the matching `)` or the end of the stage). */
function parseParenthesisedWord(p: Parser): WordNode {
  const open = p.next('args');
  let depth = 1;
  let token = p.peek('args');
  while (!p.atStageEnd(token) && token.kind !== 'rbracket') {
    if (token.kind === 'lparen') depth++;
    if (token.kind === 'rparen') depth--;
    if (token.kind === 'lbracket') p.parseSubsearch();
    else p.consume(token);
    if (depth === 0) break;
    token = p.peek('args');
  }
  if (depth > 0) p.reportUnclosed(open, ')', p.peek('args'));
  return { kind: 'word', span: { start: open.start, end: p.pos }, text: p.text.slice(open.start, p.pos) };
}

/**
 * Keeps a macro call found where the grammar wants something else (`AS `m``, `sort - `m``) in the
 * current command's `extras`, without a diagnostic: the macro may expand to exactly what is missing.
 * False when the token is not a macro call (or no command is being parsed).
 */
export function stashMacro(p: ParserCore, token: Token): boolean {
  if (token.kind !== 'macro' || !p.commandExtras) return false;
  p.commandExtras.push(macroNode(p, p.consume(token)));
  return true;
}
