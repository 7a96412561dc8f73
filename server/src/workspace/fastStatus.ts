import { MAX_DOCUMENT_LENGTH } from './documents';

const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*)[ \t]*:/;
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
  if (text.length > MAX_DOCUMENT_LENGTH || text.charCodeAt(0) === 0xfeff || text.includes('\t')) return undefined;
  let status: string | null = null;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    const top = TOP_LEVEL_KEY.exec(line);
    if (!top) {
      if (/^[^ #\r\n-]/.test(line) || line.startsWith('---') || line.startsWith('...')) return undefined;
      continue;
    }
    let valueAt = lineEnd - line.length + top[0].length;
    while (text[valueAt] === ' ') valueAt++;
    const quote = text[valueAt];
    if (quote === "'" || quote === '"') {
      // A quoted value may run over several lines, any of which may look like a key: skip to its end.
      const close = closingQuote(text, valueAt);
      if (close < 0) return undefined;
      let closeLineEnd = text.indexOf('\n', close);
      if (closeLineEnd < 0) closeLineEnd = text.length;
      if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(close + 1, closeLineEnd))) return undefined;
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

/** The offset of the quote closing the scalar opened at `open` (`''` escapes in single quotes, `\\` in double); -1 when none. */
function closingQuote(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let i = open + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote === 34 && code === 92) i++;
    else if (code === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return -1;
}
