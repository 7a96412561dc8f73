import { MAX_DOCUMENT_LENGTH } from './documents';
import { closingQuote, isFastReadable, isUnreadableMarginLine, lineEndAfter, TOP_LEVEL_KEY } from './fastYamlLines';
/** `status: word`, bare or quoted, with an optional comment. */
const STATUS_LINE = /^status:[ \t]+(?:([A-Za-z_][\w-]*)|'([A-Za-z_][\w-]*)'|"([A-Za-z_][\w-]*)")[ \t]*(?:#.*)?\r?$/;

/**
 * A detection's top-level `status:` without parsing its YAML (~1 ms a file with the `yaml` package: a
 * hunt on worker threads lists 1,600 detections before the workers start, each reading its share in
 * full). Only the shape security_content writes is read: one `status:` line at the top level with a
 * one-word value. `null`: the file has no top-level status. Undefined whenever anything could make the
 * full reader see it otherwise (a tab, a BOM, a document marker, a line at the left margin that is not
 * a key, a quoted value running over several lines, a second `status:`): the caller reads the file
 * fully. test/workspace/fastStatus.test.ts checks both readers agree on every corpus file.
 */
export function fastStatus(text: string): string | null | undefined {
  if (text.length > MAX_DOCUMENT_LENGTH || !isFastReadable(text)) return undefined;
  let status: string | null = null;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    const top = TOP_LEVEL_KEY.exec(line);
    if (!top) {
      if (isUnreadableMarginLine(line)) return undefined;
      continue;
    }
    let valueAt = lineEnd - line.length + top[0].length;
    while (text[valueAt] === ' ') valueAt++;
    const quote = text[valueAt];
    if (quote === "'" || quote === '"') {
      // A quoted value may run over several lines, any of which may look like a key: skip to its end.
      const close = closingQuote(text, valueAt);
      const closeLineEnd = close < 0 ? -1 : lineEndAfter(text, close);
      if (closeLineEnd < 0) return undefined;
      lineStart = closeLineEnd + 1;
    }
    if (top[1] !== 'status') continue;
    if (status !== null) return undefined;
    const match = STATUS_LINE.exec(line);
    if (!match) return undefined;
    status = match[1] ?? match[2] ?? match[3];
  }
  return status;
}
