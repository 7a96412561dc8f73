/**
 * Where each character of a double-quoted SPL string's value was written in its raw text: `\\` and
 * `\"` are one value character written as two (the lexer's `unquote`), everything else is one to one.
 */
import type { StringNode } from '../spl/ast';

export interface RawChar {
  /** The value character. */
  char: string;
  /** Offset of its source in `raw` (quotes included), and the offset just past it. */
  start: number;
  end: number;
}

export function rawChars(node: StringNode): RawChar[] {
  const raw = node.raw;
  const end = node.terminated ? raw.length - 1 : raw.length;
  const chars: RawChar[] = [];
  for (let i = 1; i < end; i++) {
    if (raw[i] === '\\' && i + 1 < end && (raw[i + 1] === '"' || raw[i + 1] === '\\')) {
      chars.push({ char: raw[i + 1], start: i, end: i + 2 });
      i++;
    } else {
      chars.push({ char: raw[i], start: i, end: i + 1 });
    }
  }
  return chars;
}
