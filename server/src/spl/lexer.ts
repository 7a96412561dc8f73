/**
 * SPL tokenizer. SPL has no single token grammar: `Processes.process_name=*\cmd.exe` is one field,
 * an operator and one wildcard term in a search, while `a-b*2` is arithmetic in eval. So the parser
 * asks for the next token in a mode:
 *   - `search`: search expressions; a word runs until whitespace, a bracket, a quote, a backtick,
 *     `|`, `=`, `!=`, `<` or `>`. Commas belong to the word (`a,b` is one term).
 *   - `args`: command arguments; like `search`, but `,` is its own token (field lists).
 *   - `eval`: numbers, identifiers (`Processes.process_name`, `parameters{}.x`), operators.
 * Whitespace and ```comments``` are trivia; comments are collected for the parse result.
 */
import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { ParseCode } from './codes';

export type ScanMode = 'search' | 'args' | 'eval';

export type TokenKind =
  | 'word'
  | 'string' // "double quoted"
  | 'quotedField' // 'single quoted' (eval field name)
  | 'number' // eval mode only
  | 'macro' // `name(args)`
  | 'pipe'
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'op' // = == != < <= > >= <> and, in eval mode, + - * / % . !
  | 'unknown' // a character eval mode has no use for
  | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Source text of the token. */
  text: string;
  /** True when whitespace or a comment precedes the token. */
  spaceBefore: boolean;
}

const PLACEHOLDER = /^<<[A-Za-z0-9_]+>>/;

export function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 64 || code === 123 || code === 125 || code > 127;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Scans tokens on demand. Lexical problems (unterminated strings, macros, comments) are kept in a map
 * keyed by code and offset, because the parser may scan the same text twice in different modes.
 */
export class Scanner {
  private readonly comments = new Map<number, Span>();
  private readonly problems = new Map<string, Diagnostic>();

  constructor(readonly text: string) {}

  commentSpans(): Span[] {
    return [...this.comments.values()].sort((a, b) => a.start - b.start);
  }

  lexicalDiagnostics(): Diagnostic[] {
    return [...this.problems.values()];
  }

  /** Offset of the first non-trivia character at or after `pos`. */
  skipTrivia(pos: number): number {
    const text = this.text;
    while (pos < text.length) {
      const code = text.charCodeAt(pos);
      if (isWhitespace(code)) {
        pos++;
      } else if (text.startsWith('```', pos)) {
        pos = this.scanComment(pos);
      } else {
        break;
      }
    }
    return pos;
  }

  /** The token that starts at the first non-trivia offset at or after `pos`. */
  scan(pos: number, mode: ScanMode): Token {
    const start = this.skipTrivia(pos);
    const spaceBefore = start > pos;
    const end = this.scanEnd(start, mode);
    const kind = end.kind;
    return { kind, start, end: end.end, text: this.text.slice(start, end.end), spaceBefore };
  }

  private scanEnd(start: number, mode: ScanMode): { kind: TokenKind; end: number } {
    const text = this.text;
    if (start >= text.length) return { kind: 'eof', end: start };
    const ch = text[start];
    switch (ch) {
      case '|':
        return { kind: 'pipe', end: start + 1 };
      case '[':
        return { kind: 'lbracket', end: start + 1 };
      case ']':
        return { kind: 'rbracket', end: start + 1 };
      case '(':
        return { kind: 'lparen', end: start + 1 };
      case ')':
        return { kind: 'rparen', end: start + 1 };
      case '"':
        return { kind: 'string', end: this.scanQuoted(start, '"') };
      case '`':
        return { kind: 'macro', end: this.scanMacro(start) };
    }
    if (ch === ',' && mode !== 'search') return { kind: 'comma', end: start + 1 };
    const comparison = this.scanComparison(start);
    if (comparison > start) return { kind: 'op', end: comparison };
    if (mode === 'eval') return this.scanEvalToken(start);
    return { kind: 'word', end: this.scanWord(start, mode) };
  }

  /** `=`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `<>`; `<<NAME>>` (a foreach placeholder) is not one. */
  private scanComparison(start: number): number {
    const text = this.text;
    const ch = text[start];
    const next = text[start + 1];
    if (ch === '<' && PLACEHOLDER.test(text.slice(start, start + 64))) return start;
    if (ch === '=') return next === '=' ? start + 2 : start + 1;
    if (ch === '!' && next === '=') return start + 2;
    if (ch === '<') return next === '=' || next === '>' ? start + 2 : start + 1;
    if (ch === '>') return next === '=' ? start + 2 : start + 1;
    return start;
  }

  private scanWord(start: number, mode: ScanMode): number {
    const text = this.text;
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (isWhitespace(code)) break;
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length && !isWhitespace(text.charCodeAt(i + 1))) {
        i += 2;
        continue;
      }
      if (ch === '<') {
        const placeholder = PLACEHOLDER.exec(text.slice(i, i + 64));
        if (placeholder) {
          i += placeholder[0].length;
          continue;
        }
        break;
      }
      if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === '|' || ch === '"' || ch === '`' || ch === '=' || ch === '>') break;
      if (ch === '!' && text[i + 1] === '=') break;
      if (ch === ',' && mode === 'args') break;
      i++;
    }
    return i;
  }

  private scanEvalToken(start: number): { kind: TokenKind; end: number } {
    const text = this.text;
    const code = text.charCodeAt(start);
    const ch = text[start];
    if (ch === "'") return { kind: 'quotedField', end: this.scanQuoted(start, "'") };
    if (ch === ',') return { kind: 'comma', end: start + 1 };
    if (isDigit(code) || (ch === '.' && isDigit(text.charCodeAt(start + 1)))) {
      const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(start, start + 400));
      const end = start + (number ? number[0].length : 1);
      // `1h`, `2fa_enabled`: a word that starts with digits is a name, not a number.
      if (end < text.length && isIdentChar(text.charCodeAt(end))) return { kind: 'word', end: this.scanIdentifier(end) };
      return { kind: 'number', end };
    }
    if (ch === '$') {
      const close = text.indexOf('$', start + 1);
      if (close > start + 1 && !/\s/.test(text.slice(start + 1, close))) return { kind: 'word', end: this.scanIdentifier(close + 1) };
    }
    if (isIdentChar(code) || PLACEHOLDER.test(text.slice(start, start + 64))) return { kind: 'word', end: this.scanIdentifier(start) };
    if ('+-*/%.!'.includes(ch)) return { kind: 'op', end: start + 1 };
    const width = code >= 0xd800 && code <= 0xdbff && start + 1 < text.length ? 2 : 1;
    return { kind: 'unknown', end: start + width };
  }

  /** Identifier characters, `$tokens$`, `<<PLACEHOLDERS>>`, and dots between them (`a.b`, not `a.`). */
  private scanIdentifier(start: number): number {
    const text = this.text;
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (isIdentChar(code)) {
        i++;
      } else if (text[i] === '<' && PLACEHOLDER.test(text.slice(i, i + 64))) {
        i += PLACEHOLDER.exec(text.slice(i, i + 64))![0].length;
      } else if (text[i] === '$') {
        const close = text.indexOf('$', i + 1);
        if (close < 0 || /\s/.test(text.slice(i + 1, close))) break;
        i = close + 1;
      } else if (text[i] === '.' && i + 1 < text.length && (isIdentChar(text.charCodeAt(i + 1)) || text[i + 1] === '$' || text[i + 1] === '<')) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /** End of a quoted string or field starting at `start`; reports a missing closing quote. */
  private scanQuoted(start: number, quote: '"' | "'"): number {
    const text = this.text;
    let i = start + 1;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length) {
        i += 2;
        continue;
      }
      if (ch === quote) return i + 1;
      i++;
    }
    const what = quote === '"' ? 'string' : "quoted field name";
    this.report(ParseCode.unterminatedString, { start, end: this.lineEnd(start) }, `Unterminated ${what}: no closing ${quote} before the end of the search`);
    return text.length;
  }

  /** End of a macro call `` `name(args)` ``; unterminated calls end at the next whitespace. */
  private scanMacro(start: number): number {
    const text = this.text;
    const close = text.indexOf('`', start + 1);
    if (close >= 0) return close + 1;
    let end = start + 1;
    while (end < text.length && !isWhitespace(text.charCodeAt(end)) && text[end] !== '|') end++;
    this.report(ParseCode.unterminatedMacro, { start, end }, 'Unterminated macro call: no closing backtick (`)');
    return end;
  }

  private scanComment(start: number): number {
    const close = this.text.indexOf('```', start + 3);
    const end = close >= 0 ? close + 3 : this.text.length;
    if (close < 0) {
      this.report(ParseCode.unterminatedComment, { start, end: this.lineEnd(start) }, 'Unterminated comment: no closing ``` before the end of the search');
    }
    this.comments.set(start, { start, end });
    return end;
  }

  /** End of the line containing `offset`: long unterminated tokens are underlined on their first line only. */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline < 0 ? this.text.length : newline;
  }

  private report(code: string, span: Span, message: string): void {
    const key = `${code}@${span.start}`;
    if (!this.problems.has(key)) this.problems.set(key, { span, severity: 'error', code, message });
  }
}

/**
 * The value Splunk sees in a double-quoted string (or a single-quoted eval field name):
 * `\"` (or `\'`) and `\\` are escapes; any other backslash is kept with the character after it.
 */
export function unquote(raw: string): string {
  const quote = raw[0];
  const terminated = raw.length >= 2 && raw.endsWith(quote) && !isEscapedAt(raw, raw.length - 1);
  const body = raw.slice(1, terminated ? raw.length - 1 : raw.length);
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length && (body[i + 1] === quote || body[i + 1] === '\\')) {
      value += body[i + 1];
      i++;
    } else {
      value += ch;
    }
  }
  return value;
}

/** True when the character at `index` is preceded by an odd number of backslashes (index > 0). */
function isEscapedAt(raw: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; i > 0 && raw[i] === '\\'; i--) count++;
  return count % 2 === 1;
}
