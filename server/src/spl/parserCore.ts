/**
 * The parser's cursor, diagnostics and recovery helpers, shared by the pipeline, expression and
 * command parsers. Positions only move forward, except for explicit `mark()`/`reset()` backtracking.
 */
import type { Diagnostic, RelatedLocation, Severity } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { GenericArgNode } from './astCommands';
import { ParseCode } from './codes';
import { Scanner, type ScanMode, type Token } from './lexer';
import { excerpt } from '../text/excerpt';

/** Deeper bracket nesting than this is reported once and the rest of the text is skipped. */
export const MAX_NESTING = 100;

export interface ParserOptions {
  fragment: boolean;
}

export class ParserCore {
  readonly scanner: Scanner;
  /** Offset just after the last consumed token. */
  pos = 0;
  /** Open `(` / `[` levels, for the nesting guard. */
  private nesting = 0;
  /** Open subsearches: a `]` ends a pipeline only inside one. */
  subsearchDepth = 0;
  /** `extras` of the command being parsed: where a macro call in an odd place is kept (stashMacro). */
  commandExtras: GenericArgNode[] | null = null;
  /** Set after the nesting guard fired: everything left is skipped and no more diagnostics are added. */
  abandoned = false;
  private readonly diagnostics: Diagnostic[] = [];
  private cache: { pos: number; mode: ScanMode; token: Token } | null = null;
  private lastToken: Token | null = null;
  /** Built on the first message that needs a line and column. */

  constructor(
    readonly text: string,
    readonly options: ParserOptions,
  ) {
    this.scanner = new Scanner(text);
  }

  peek(mode: ScanMode): Token {
    const cached = this.cache;
    if (cached && cached.pos === this.pos && cached.mode === mode) return cached.token;
    const token = this.scanner.scan(this.pos, mode);
    this.cache = { pos: this.pos, mode, token };
    return token;
  }

  /** The token after `token` (which must be the current peek), without consuming anything. */
  peekAfter(token: Token, mode: ScanMode): Token {
    return this.scanner.scan(token.end, mode);
  }

  next(mode: ScanMode): Token {
    return this.consume(this.peek(mode));
  }

  /** Consumes `token`, which must come from `peek` at the current position. */
  consume(token: Token): Token {
    this.pos = Math.max(this.pos, token.end);
    if (token.kind !== 'eof') this.lastToken = token;
    return token;
  }

  /** The last token consumed through `consume`/`next`. */
  lastConsumed(): Token | null {
    return this.lastToken;
  }

  /**
   * Where to report a problem found at `token`: the token itself, or at the end of the text the last
   * token before it (an empty span at the very end would be hard to see in an editor).
   */
  at(token: Token): Span {
    if (token.kind !== 'eof') return { start: token.start, end: token.end };
    if (this.lastToken) return { start: this.lastToken.start, end: this.lastToken.end };
    return { start: this.text.length, end: this.text.length };
  }

  mark(): { pos: number; diagnostics: number } {
    return { pos: this.pos, diagnostics: this.diagnostics.length };
  }

  reset(mark: { pos: number; diagnostics: number }): void {
    this.pos = mark.pos;
    this.diagnostics.length = mark.diagnostics;
  }

  /** True at `|`, at `]` inside a subsearch, and at the end of the text. */
  atStageEnd(token: Token): boolean {
    return token.kind === 'eof' || token.kind === 'pipe' || (token.kind === 'rbracket' && this.subsearchDepth > 0);
  }

  isWord(token: Token, ...lowerCaseWords: string[]): boolean {
    return token.kind === 'word' && lowerCaseWords.includes(token.text.toLowerCase());
  }

  /** Enters one bracket level; false (after one diagnostic) when nesting is too deep. */
  enter(open: Span): boolean {
    if (this.abandoned) return false;
    if (this.nesting >= MAX_NESTING) {
      this.error(ParseCode.nestingTooDeep, open, `Brackets are nested more than ${MAX_NESTING} levels deep; the rest of the search is not checked`);
      this.abandoned = true;
      this.pos = this.text.length;
      this.cache = null;
      return false;
    }
    this.nesting++;
    return true;
  }

  leave(): void {
    this.nesting = Math.max(0, this.nesting - 1);
  }

  error(code: string, span: Span, message: string, related?: RelatedLocation[]): void {
    this.report('error', code, span, message, related);
  }

  warning(code: string, span: Span, message: string): void {
    this.report('warning', code, span, message);
  }

  private report(severity: Severity, code: string, span: Span, message: string, related?: RelatedLocation[]): void {
    if (this.abandoned) return;
    const clamped = { start: clamp(span.start, this.text.length), end: clamp(Math.max(span.start, span.end), this.text.length) };
    const diagnostic: Diagnostic = { span: clamped, severity, code, message };
    if (related && related.length > 0) diagnostic.related = related;
    this.diagnostics.push(diagnostic);
  }

  /** Reports a missing closing bracket for the one opened at `open`. */
  reportUnclosed(open: Token, close: ')' | ']', found: Token): void {
    const at = found.kind === 'eof' ? { start: open.start, end: open.end } : { start: found.start, end: found.end };
    // No column in the message: the parsed text is a YAML value or an expanded search, whose columns
    // are not the file's. `related` carries the opening bracket's exact position instead.
    const message =
      found.kind === 'eof'
        ? `Unclosed '${open.text}': no '${close}' before the end of the search`
        : `Expected '${close}' to close the '${open.text}' opened earlier, found ${this.describe(found)}`;
    this.error(ParseCode.unclosedBracket, at, message, [
      { span: { start: open.start, end: open.end }, message: `'${open.text}' opened here` },
    ]);
  }

  allDiagnostics(): Diagnostic[] {
    const all = [...this.scanner.lexicalDiagnostics(), ...this.diagnostics];
    all.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return all;
  }

  /** Describes a token for a message: `'foo'`, `'|'`, `the end of the search`. */
  describe(token: Token): string {
    if (token.kind === 'eof') return 'the end of the search';
    return `'${excerpt(token.text)}'`;
  }
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}

export function spanOf(token: Token): Span {
  return { start: token.start, end: token.end };
}

export function joinSpans(first: Span, last: Span): Span {
  return { start: Math.min(first.start, last.start), end: Math.max(first.end, last.end) };
}
