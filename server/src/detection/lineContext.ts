/**
 * Where the cursor is in a detection's YAML, read from the lines around it so that it works while the
 * file is half typed and does not parse: the keys leading to the cursor (`tags`, `observable`), and
 * whether it is at a key, at a key's value or at a list item.
 */
import type { Span } from '../text/span';

interface LineShape {
  /** Offset of the line's first character. */
  start: number;
  /** Column of the key or item text (after the indentation and any `- `). */
  column: number;
  /** Column of the `- ` that opens a list item, if the line has one. */
  dash?: number;
  key?: string;
  /** The key has nothing after its colon (it opens a block mapping or list). */
  opens: boolean;
  /** Offset where the text after the key's colon (or the item's text) starts. */
  valueStart: number;
  /** The line has text that is not a comment. */
  blank: boolean;
}

export type CursorPlace =
  /** At a key (possibly half typed) of the mapping `path` leads to. */
  | { kind: 'key'; path: string[]; column: number; replace: Span; present: string[]; listItem: boolean }
  /** At the value of `key` (after `key: `). */
  | { kind: 'value'; path: string[]; key: string; replace: Span }
  /** At a list item's text (after `- `) of the list `path` leads to. */
  | { kind: 'item'; path: string[]; replace: Span };

const KEY_LINE = /^([^\s:#'"-][^:#]*?|-[^\s:#][^:#]*?):(?=\s|$)/;

function shape(text: string, start: number, end: number): LineShape {
  const line = text.slice(start, end);
  const indent = /^[ \t]*/.exec(line)![0].length;
  let column = indent;
  let dash: number | undefined;
  for (let m = /^-(?:[ \t]+|$)/.exec(line.slice(column)); m; m = /^-(?:[ \t]+|$)/.exec(line.slice(column))) {
    dash = column;
    column += m[0].length;
    if (m[0] === '-') break;
  }
  const rest = line.slice(column);
  const blank = rest.trim() === '' || rest.trimStart().startsWith('#');
  const key = KEY_LINE.exec(rest);
  if (!key) return { start, column, ...(dash !== undefined ? { dash } : {}), opens: false, valueStart: start + column, blank };
  const after = rest.slice(key[0].length);
  const valueOffset = key[0].length + (/^[ \t]*/.exec(after)![0].length);
  const opens = after.trim() === '' || after.trimStart().startsWith('#');
  return { start, column, ...(dash !== undefined ? { dash } : {}), key: key[1].trim(), opens, valueStart: start + column + valueOffset, blank };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The keys of the block mappings that hold a line whose content starts at `column`, outermost first. */
function ancestors(lines: LineShape[], index: number, column: number): string[] {
  const path: string[] = [];
  let threshold = column;
  for (let i = index - 1; i >= 0 && threshold > 0; i--) {
    const line = lines[i];
    if (line.blank || line.key === undefined || line.column >= threshold) continue;
    // A key with a value at a lower column ends the nesting: the cursor's line is not inside it.
    if (!line.opens) break;
    path.unshift(line.key);
    threshold = line.column;
  }
  return path;
}

/** The keys already written in the mapping the cursor's line belongs to (its list item only, for an item). */
function presentKeys(lines: LineShape[], index: number, column: number): string[] {
  const keys: string[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i];
    if (line.blank) continue;
    if (line.column < column) break;
    if (line.column === column && line.key !== undefined) keys.push(line.key);
    if (line.column === column && line.dash !== undefined) break;
  }
  if (lines[index].dash !== undefined && lines[index].column === column) {
    // The cursor's line starts a new item: the keys above belong to the previous one.
    keys.length = 0;
  }
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.blank) continue;
    if (line.column < column || (line.column === column && line.dash !== undefined)) break;
    if (line.column === column && line.key !== undefined) keys.push(line.key);
  }
  return keys;
}

/** What the cursor at `offset` is on; undefined inside a comment or a multi-line value. */
export function cursorPlace(text: string, offset: number): CursorPlace | undefined {
  const starts = lineStarts(text);
  let index = starts.length - 1;
  while (index > 0 && starts[index] > offset) index--;
  const ends = starts.map((start, i) => (i + 1 < starts.length ? starts[i + 1] - 1 : text.length));
  const lines = starts.map((start, i) => shape(text, start, ends[i]));
  const line = lines[index];
  const before = text.slice(line.start + line.column, offset);
  if (before.includes('#')) return undefined;
  // Scans instead of `/\s+$/`-style expressions, which retry at every character of a long line.
  let end = ends[index];
  while (end > line.start && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '\r')) end--;
  let wordStart = before.length;
  while (wordStart > 0 && /[\w.-]/.test(before[wordStart - 1])) wordStart--;
  const word = before.slice(wordStart);
  if (line.key === undefined || offset <= line.start + line.column + line.key.length) {
    // At a key, or at the text of a list item (which is either a scalar or the first key of a mapping).
    if (offset < line.start + line.column) return undefined;
    const path = ancestors(lines, index, line.column);
    const replace = { start: offset - word.length, end: line.key !== undefined ? line.start + line.column + line.key.length : offset };
    if (line.dash !== undefined && line.key === undefined) {
      return { kind: 'item', path, replace: { start: line.start + line.column, end: Math.max(end, offset) } };
    }
    return { kind: 'key', path, column: line.column, replace, present: presentKeys(lines, index, line.column), listItem: line.dash !== undefined };
  }
  if (offset < line.valueStart) return undefined;
  return { kind: 'value', path: ancestors(lines, index, line.column), key: line.key, replace: { start: line.valueStart, end: Math.max(end, offset) } };
}
