/**
 * Entry point of the SPL parser: `parseSpl(text)` returns a typed AST with exact spans, diagnostics
 * and comment spans. It never throws and always terminates: every loop consumes input, bracket
 * nesting is bounded (MAX_NESTING), and errors are reported and recovered from at the next `|`, `]`
 * or `)`.
 */
import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { CommandNode, EvalCallNode, GenericArgNode, PipelineNode, SearchGroupNode, SubsearchNode } from './ast';
import { parseGenericArg, type Parser } from './args';
import { findCommand, isGeneratingCommand } from './catalogue/commands';
import { ParseCode } from './codes';
import { parseGeneric, parseImplicitSearch, parseMacroCommand } from './commands/basic';
import { COMMAND_PARSERS } from './commands/table';
import { parseCall } from './evalExpr';
import type { Token } from './lexer';
import { ParserCore, spanOf } from './parserCore';
import { parseGroup } from './searchExpr';

export interface ParseOptions {
  /** Parse a macro definition: a search expression, options, a string or commands, not a whole search. */
  fragment?: boolean;
}

export interface ParseResult {
  ast: PipelineNode;
  diagnostics: Diagnostic[];
  /** Spans of ```comments```, backticks included. */
  comments: Span[];
}

/**
 * A longer search is not parsed (SPL016), so that what one search costs stays bounded wherever it
 * is checked or run (docs/limits.md). A 1,000,000-character search parses, lints and runs in a few
 * seconds; real detections are under 20,000 characters.
 */
export const MAX_SEARCH_LENGTH = 1_000_000;

export function parseSpl(text: string, options: ParseOptions = {}): ParseResult {
  if (text.length > MAX_SEARCH_LENGTH) {
    const empty = parseSpl('', options);
    const message = `The search is ${text.length} characters long, past the bound of ${MAX_SEARCH_LENGTH}; it is not checked or run`;
    return { ...empty, diagnostics: [{ span: { start: 0, end: text.length }, severity: 'error', code: ParseCode.searchTooLong, message }] };
  }
  const parser = new SplParser(text, { fragment: options.fragment ?? false });
  const ast = parser.parsePipeline(options.fragment ? 'fragment' : 'top');
  return { ast, diagnostics: parser.allDiagnostics(), comments: parser.scanner.commentSpans() };
}

/**
 * How the first stage of a pipeline is read when it has no leading `|`:
 * - `top`: an implicit search (a leading `search` word is the search command);
 * - `subsearch`: the same, but a generating command name starts that command (`[inputlookup x]`);
 * - `command`: a command (`foreach ... [eval ...]`, `appendpipe [stats count]`);
 * - `fragment`: a command when the first word names any known command and is not a field
 *   (`eval x=1`, `lookup t f OUTPUT g`), else an implicit search (`(a=1 OR b=2)`, `"-70m@m"`).
 */
type FirstStage = 'top' | 'subsearch' | 'command' | 'fragment';

const COMPARISON_AFTER_WORD = new Set(['=', '!=', '<', '<=', '>', '>=', '==']);

class SplParser extends ParserCore implements Parser {
  parsePipeline(first: FirstStage): PipelineNode {
    const stages: CommandNode[] = [];
    const begin = this.pos;
    let start: number | null = null;
    let pendingPipe: Token | null = null;
    let atStart = true;
    for (;;) {
      const token = this.peek('args');
      if (token.kind === 'eof' || (token.kind === 'rbracket' && this.subsearchDepth > 0)) {
        if (pendingPipe) this.error(ParseCode.emptyStage, spanOf(pendingPipe), "Empty pipeline stage: nothing after '|'");
        break;
      }
      start ??= token.start;
      if (token.kind === 'pipe') {
        this.consume(token);
        if (pendingPipe) {
          this.error(ParseCode.emptyStage, { start: pendingPipe.start, end: token.end }, "Empty pipeline stage: nothing between '|' and '|'");
        }
        pendingPipe = token;
        atStart = false;
        continue;
      }
      let stage: CommandNode | null = null;
      if (pendingPipe) stage = this.parseCommand();
      else if (atStart) stage = this.parseFirstStage(first);
      else this.reportStray(token);
      pendingPipe = null;
      atStart = false;
      if (stage) stages.push(stage);
    }
    if (start === null) return { kind: 'pipeline', span: { start: begin, end: begin }, stages };
    return { kind: 'pipeline', span: { start, end: Math.max(start, this.pos) }, stages };
  }

  /** A token where a stage should have ended: an unmatched `]` or `)`, or leftovers. */
  private reportStray(token: Token): void {
    if (token.kind === 'rbracket' || token.kind === 'rparen') {
      this.consume(token);
      const open = token.kind === 'rbracket' ? '[' : '(';
      this.error(ParseCode.unmatchedClosingBracket, spanOf(token), `Unexpected '${token.text}' with no matching '${open}'`);
      return;
    }
    const arg = parseGenericArg(this);
    this.error(ParseCode.unexpectedToken, arg.span, `Expected '|' before ${this.describe(token)}`);
  }

  private parseFirstStage(first: FirstStage): CommandNode | null {
    const token = this.peek('args');
    if (first === 'command') return this.parseCommand();
    if (token.kind === 'word' && !this.isFieldLike(token)) {
      const name = token.text.toLowerCase();
      if (name === 'search') return this.parseCommand();
      if (first === 'subsearch' && isGeneratingCommand(name)) return this.parseCommand();
      if (first === 'fragment' && findCommand(name)) return this.parseCommand();
    }
    return parseImplicitSearch(this);
  }

  /** True when a word is followed by a comparison or `IN (`: it is a field, not a command name. */
  private isFieldLike(token: Token): boolean {
    const after = this.peekAfter(token, 'search');
    if (after.kind === 'op' && COMPARISON_AFTER_WORD.has(after.text)) return true;
    return after.kind === 'word' && after.text === 'IN';
  }

  private parseCommand(): CommandNode | null {
    const token = this.peek('args');
    if (token.kind === 'macro') return parseMacroCommand(this, token);
    if (token.kind !== 'word') {
      this.error(ParseCode.missingCommandName, this.at(token), `Expected a command name after '|', found ${this.describe(token)}`);
      for (let next = this.peek('args'); !this.atStageEnd(next); next = this.peek('args')) {
        if (next.kind === 'rbracket') break;
        parseGenericArg(this);
      }
      return null;
    }
    this.consume(token);
    const parse = COMMAND_PARSERS.get(token.text.toLowerCase()) ?? parseGeneric;
    const outer = this.commandExtras;
    const extras: GenericArgNode[] = [];
    this.commandExtras = extras;
    const command = parse(this, { name: token, extras });
    this.commandExtras = outer;
    return command;
  }

  parseSubsearch(): SubsearchNode {
    return this.parseBracketed('subsearch');
  }

  parseSubpipeline(): SubsearchNode {
    return this.parseBracketed('command');
  }

  private parseBracketed(first: FirstStage): SubsearchNode {
    const open = this.next('args');
    const emptyPipeline: PipelineNode = { kind: 'pipeline', span: { start: open.end, end: open.end }, stages: [] };
    if (!this.enter(spanOf(open))) return { kind: 'subsearch', span: spanOf(open), pipeline: emptyPipeline, closed: false };
    this.subsearchDepth++;
    const pipeline = this.parsePipeline(first);
    this.subsearchDepth--;
    this.leave();
    const close = this.peek('args');
    if (close.kind !== 'rbracket') {
      this.reportUnclosed(open, ']', close);
      return { kind: 'subsearch', span: { start: open.start, end: Math.max(open.end, this.pos) }, pipeline, closed: false };
    }
    this.consume(close);
    const span = { start: open.start, end: close.end };
    if (pipeline.stages.length === 0) this.error(ParseCode.emptyGroup, span, 'Empty subsearch: expected a search between [ and ]');
    return { kind: 'subsearch', span, pipeline, closed: true };
  }

  parseSearchGroupValue(): SearchGroupNode {
    return parseGroup(this);
  }

  parseEvalCallValue(): EvalCallNode {
    return parseCall(this);
  }
}
