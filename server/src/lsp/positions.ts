import type { Range } from 'vscode-languageserver';
import { LineIndex } from '../text/lineIndex';
import type { Span } from '../text/span';

export function spanToRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(Math.max(span.start, span.end)) };
}

export function rangeToSpan(lines: LineIndex, range: Range): Span {
  const start = lines.offsetAt(range.start);
  return { start, end: Math.max(start, lines.offsetAt(range.end)) };
}
