import type { Position, Range } from 'vscode-languageserver';
import type { LineIndex } from '../text/lineIndex';
import type { Span } from '../text/span';

/**
 * An offset as an LSP position. An offset between `\r` and `\n` is not a place on the line for the
 * LSP (the pair is one line break), so it becomes the end of that line.
 */
export function positionAt(lines: LineIndex, offset: number): Position {
  const position = lines.positionAt(offset);
  const lineEnd = lines.offsetAt({ line: position.line, character: Number.MAX_SAFE_INTEGER });
  const lineStart = lines.offsetAt({ line: position.line, character: 0 });
  return { line: position.line, character: Math.min(position.character, lineEnd - lineStart) };
}

export function spanToRange(lines: LineIndex, span: Span): Range {
  return { start: positionAt(lines, span.start), end: positionAt(lines, Math.max(span.start, span.end)) };
}

export function rangeToSpan(lines: LineIndex, range: Range): Span {
  const start = lines.offsetAt(range.start);
  return { start, end: Math.max(start, lines.offsetAt(range.end)) };
}
