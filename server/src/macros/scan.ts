import type { Span } from '../text/span';

export interface MacroArgument {
  /** The value Splunk substitutes: surrounding double quotes removed. */
  value: string;
  /** Where `value` sits in the scanned text (inside the quotes when quoted). */
  valueSpan: Span;
  /** The whole argument as written, `name=` and quotes included, trimmed. */
  span: Span;
  /** Set when written `name=value`; `value` is then the part after `=`. */
  name?: string;
  /** The value when the argument is bound by position (`name=` kept as part of it). */
  positional: { value: string; valueSpan: Span };
}

export interface MacroCall {
  name: string;
  /** The call with its backticks. */
  span: Span;
  nameSpan: Span;
  /** Undefined for `name` without parentheses; [] for `name()`. */
  args: MacroArgument[] | undefined;
  /** Set when the call text is malformed, e.g. a missing `)`; the call is still reported. */
  problem?: string;
}

export interface ScanProblem {
  span: Span;
  message: string;
}

export interface ScanResult {
  calls: MacroCall[];
  problems: ScanProblem[];
}

const NAME = /^[A-Za-z0-9_.:-]+$/;

/**
 * Finds the macro calls Splunk would expand in a search string. Splunk does not expand macros inside
 * double-quoted values ("Use search macros in searches", Knowledge Manager Manual), and a run of three
 * backticks opens or closes a comment, not a macro.
 */
export function scanMacroCalls(text: string): ScanResult {
  const calls: MacroCall[] = [];
  const problems: ScanProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && text[i + 1] !== '`') {
      // Outside quotes a backslash escapes the next character: `x=*\"a\":1*` is one term, no string.
      i += 2;
    } else if (ch === '"') {
      i = skipQuoted(text, i);
    } else if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      if (close < 0) {
        problems.push({ span: { start: i, end: text.length }, message: 'Unterminated comment: ``` is never closed' });
        return { calls, problems };
      }
      i = close + 3;
    } else if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) {
        problems.push({ span: { start: i, end: text.length }, message: 'Unterminated macro call: no closing backtick' });
        return { calls, problems };
      }
      calls.push(parseCall(text, i, close + 1));
      i = close + 1;
    } else {
      i++;
    }
  }
  return { calls, problems };
}

/** Returns the index just past the closing quote (or the end of text). `\"` and `\\` are escapes. */
function skipQuoted(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) i += 2;
    else if (ch === '"') return i + 1;
    else i++;
  }
  return text.length;
}

function parseCall(text: string, start: number, end: number): MacroCall {
  const innerStart = start + 1;
  const innerEnd = end - 1;
  const inner = text.slice(innerStart, innerEnd);
  const paren = inner.indexOf('(');
  const rawName = paren < 0 ? inner : inner.slice(0, paren);
  const leading = rawName.length - rawName.trimStart().length;
  const name = rawName.trim();
  const nameSpan = { start: innerStart + leading, end: innerStart + leading + name.length };
  const call: MacroCall = { name, span: { start, end }, nameSpan, args: undefined };
  if (name.length === 0) call.problem = 'Empty macro call: no name between the backticks';
  else if (!NAME.test(name)) call.problem = `'${name}' is not a valid macro name`;
  if (paren < 0) return call;
  const trailing = inner.trimEnd();
  if (!trailing.endsWith(')')) {
    call.problem ??= `Macro call '${name}(' is missing its closing ')'`;
    call.args = splitArguments(text, innerStart + paren + 1, innerEnd);
    return call;
  }
  const closeParen = innerStart + trailing.length - 1;
  call.args = splitArguments(text, innerStart + paren + 1, closeParen);
  return call;
}

/**
 * Splits `a, "b, c", d=e` at top-level commas. Commas inside double quotes or nested parentheses do
 * not split (our reading of Splunk's behaviour; see docs/semantics.md).
 */
function splitArguments(text: string, start: number, end: number): MacroArgument[] {
  if (text.slice(start, end).trim().length === 0) return [];
  const pieces: Span[] = [];
  let depth = 0;
  let pieceStart = start;
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === '"') {
      i = Math.min(skipQuoted(text, i), end);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      pieces.push({ start: pieceStart, end: i });
      pieceStart = i + 1;
    }
    i++;
  }
  pieces.push({ start: pieceStart, end });
  return pieces.map((piece) => toArgument(text, piece));
}

function toArgument(text: string, piece: Span): MacroArgument {
  let s = piece.start;
  let e = piece.end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  const span = { start: s, end: e };
  const positional = unquote(text, s, e);
  const named = /^([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*/.exec(text.slice(s, e));
  if (!named || text[s] === '"') return { ...positional, span, positional };
  return { ...unquote(text, s + named[0].length, e), span, name: named[1], positional };
}

function unquote(text: string, start: number, end: number): { value: string; valueSpan: Span } {
  if (end - start >= 2 && text[start] === '"' && text[end - 1] === '"') {
    const raw = text.slice(start + 1, end - 1);
    return { value: raw.replace(/\\(["\\])/g, '$1'), valueSpan: { start: start + 1, end: end - 1 } };
  }
  return { value: text.slice(start, end), valueSpan: { start, end } };
}
