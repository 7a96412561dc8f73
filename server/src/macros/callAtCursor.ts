import type { EmbeddedSearch } from '../text/embeddedSearch';

/** The search holding a file offset, and the offset in that search's text. */
export function searchAtOffset(document: { readonly searches: readonly EmbeddedSearch[] }, fileOffset: number): { search: EmbeddedSearch; local: number } | undefined {
  for (const search of document.searches) {
    if (fileOffset < search.toFileOffset(0) || fileOffset > search.toFileOffset(search.text.length)) continue;
    return { search, local: localOffset(search, fileOffset) };
  }
  return undefined;
}

/** The last offset of the search text whose source starts at or before the file offset. */
function localOffset(search: EmbeddedSearch, fileOffset: number): number {
  let low = 0;
  let high = search.text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (search.toFileOffset(mid) <= fileOffset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The offset of an unclosed backtick before `offset` (outside quotes and comments), if any. */
export function openBacktickBefore(text: string, offset: number): number | undefined {
  let open: number | undefined;
  let i = 0;
  while (i < offset) {
    if (text[i] === '"' && open === undefined) {
      i = skipQuoted(text, i, offset);
    } else if (text.startsWith('```', i) && open === undefined) {
      const close = text.indexOf('```', i + 3);
      if (close < 0 || close >= offset) return undefined;
      i = close + 3;
    } else if (text[i] === '`') {
      open = open === undefined ? i : undefined;
      i++;
    } else {
      i++;
    }
  }
  return open;
}

/** A call whose argument list the cursor is in, read from the text before the cursor only. */
export interface CallBeingTyped {
  name: string;
  /** 0-based index of the argument the cursor is in (top-level commas before it). */
  argumentIndex: number;
  /** Where that argument starts in the search text (just after `(` or `,`). */
  argumentStart: number;
}

/**
 * Reads `name(a, b` back from the cursor to its opening backtick, so it also works while the call is
 * still unclosed (no `)` or closing backtick yet). Commas inside quotes or nested parentheses do not
 * separate arguments, as in scanMacroCalls.
 */
export function callBeingTyped(text: string, offset: number): CallBeingTyped | undefined {
  const open = openBacktickBefore(text, offset);
  if (open === undefined) return undefined;
  const head = /^\s*([A-Za-z0-9_.:-]+)\s*\(/.exec(text.slice(open + 1, offset));
  if (!head) return undefined;
  let argumentIndex = 0;
  let argumentStart = open + 1 + head[0].length;
  let depth = 0;
  let i = argumentStart;
  while (i < offset) {
    const ch = text[i];
    if (ch === '"') {
      i = skipQuoted(text, i, offset);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && depth === 0) return undefined;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      argumentIndex++;
      argumentStart = i + 1;
    }
    i++;
  }
  return { name: head[1], argumentIndex, argumentStart };
}

/** Index just past the closing quote, never past `limit`; `\"` and `\\` are escapes. */
function skipQuoted(text: string, open: number, limit: number): number {
  let i = open + 1;
  while (i < limit && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, limit);
}
