// Positions written in the text itself, as rust-analyzer's tests do: `$0` marks the cursor inside a
// snippet of a file, so a test says "on `security_content_c$0time`" instead of "line 12, character 340".
import assert from 'node:assert/strict';
import type { Position, Range } from 'vscode-languageserver-protocol';

export const CURSOR = '$0';

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The position of `$0` in `snippet`; the snippet without the marker must occur exactly once in `text`. */
export function cursorIn(text: string, snippet: string): Position {
  const marker = snippet.indexOf(CURSOR);
  assert.ok(marker >= 0, `no ${CURSOR} in ${JSON.stringify(snippet)}`);
  return positionAt(text, uniqueIndex(text, snippet.replace(CURSOR, '')) + marker);
}

/** Text written with one `$0`: the text without it and the position of the marker. */
export function withCursor(marked: string): { text: string; position: Position } {
  const marker = marked.indexOf(CURSOR);
  assert.ok(marker >= 0 && marked.indexOf(CURSOR, marker + 1) < 0, `expected exactly one ${CURSOR}`);
  return { text: marked.replace(CURSOR, ''), position: positionAt(marked, marker) };
}

/** The range of `needle` inside the one occurrence of `context` in `text` (context defaults to the needle). */
export function rangeOf(text: string, needle: string, context = needle): Range {
  const start = uniqueIndex(text, context) + context.indexOf(needle);
  assert.ok(context.includes(needle), `${JSON.stringify(needle)} is not in ${JSON.stringify(context)}`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

/** The text a range covers (single- or multi-line). */
export function textIn(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

function uniqueIndex(text: string, snippet: string): number {
  const at = text.indexOf(snippet);
  assert.ok(at >= 0, `${JSON.stringify(snippet)} is not in the text`);
  assert.ok(text.indexOf(snippet, at + 1) < 0, `${JSON.stringify(snippet)} occurs more than once`);
  return at;
}
