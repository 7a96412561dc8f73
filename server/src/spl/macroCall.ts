/**
 * Splits a macro call token `` `name(arg1, "arg 2", k=v)` `` into its name and arguments, each with
 * its span in the parsed text. Arguments are separated by top-level commas; commas inside double
 * quotes or parentheses stay in the argument.
 */
import type { Diagnostic } from '../text/diagnostic';
import type { MacroArgNode, MacroCallNode } from './ast';
import { ParseCode } from './codes';
import type { Token } from './lexer';
import { isWhitespace, unquote } from './lexer';

export function parseMacroCall(token: Token, report: (d: Diagnostic) => void): MacroCallNode {
  const text = token.text;
  const closed = text.length >= 2 && text.endsWith('`');
  const innerEnd = closed ? text.length - 1 : text.length;
  const paren = text.indexOf('(', 1);
  const nameEnd = paren >= 0 && paren < innerEnd ? paren : innerEnd;
  const rawName = text.slice(1, nameEnd);
  const leading = rawName.length - rawName.trimStart().length;
  const name = rawName.trim();
  const nameStart = token.start + 1 + leading;
  const nameSpan = { start: nameStart, end: nameStart + name.length };
  const span = { start: token.start, end: token.end };
  if (name.length === 0 && closed) {
    report({ span, severity: 'error', code: ParseCode.malformedMacroCall, message: 'Macro call without a name' });
  }
  if (paren < 0 || paren >= innerEnd) {
    return { kind: 'macroCall', span, name, nameSpan, args: null, signature: name };
  }
  let argsEnd = innerEnd;
  const trailing = text.slice(paren, innerEnd).trimEnd();
  if (trailing.endsWith(')')) {
    argsEnd = paren + trailing.length - 1;
  } else if (closed) {
    report({
      span,
      severity: 'error',
      code: ParseCode.malformedMacroCall,
      message: `Macro call '${name}' has no ')' to close its argument list`,
    });
  }
  const args = splitArguments(text, paren + 1, argsEnd).map((part) => toArgument(text, part.start, part.end, token.start));
  return { kind: 'macroCall', span, name, nameSpan, args, signature: `${name}(${args.length})` };
}

/** Offsets (within `text`) of the top-level comma-separated parts of text[start, end). */
function splitArguments(text: string, start: number, end: number): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  if (text.slice(start, end).trim() === '') return parts;
  let depth = 0;
  let inQuote = false;
  let partStart = start;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (inQuote) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuote = false;
    } else if (ch === '"') {
      inQuote = true;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
    } else if (ch === ',' && depth === 0) {
      parts.push({ start: partStart, end: i });
      partStart = i + 1;
    }
  }
  parts.push({ start: partStart, end });
  return parts;
}

function toArgument(text: string, start: number, end: number, base: number): MacroArgNode {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  const raw = text.slice(start, end);
  const named = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(raw);
  let name: string | null = null;
  let nameSpan = null;
  let valueStart = start;
  if (named && !raw.startsWith('"')) {
    name = named[1];
    nameSpan = { start: base + start, end: base + start + name.length };
    valueStart = start + named[0].length;
  }
  const valueRaw = text.slice(valueStart, end);
  const quoted = valueRaw.length >= 2 && valueRaw.startsWith('"') && valueRaw.endsWith('"');
  return {
    kind: 'macroArg',
    span: { start: base + start, end: base + end },
    name,
    nameSpan,
    value: quoted ? unquote(valueRaw) : valueRaw,
    valueSpan: { start: base + valueStart, end: base + end },
  };
}
