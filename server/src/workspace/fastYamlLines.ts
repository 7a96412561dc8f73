// What the fast readers of detection YAML (fastCalls.ts, fastStatus.ts) share: they walk the file a
// line at a time and read only the shape security_content writes, giving up (the caller then parses
// the file in full) on anything that could make the full YAML reader see the file otherwise.

/** A key at the left margin: `name:`. */
export const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*)[ \t]*:/;

/** Whether the line-by-line reading may be trusted at all: no BOM, no tab (a tab may change what a line's indentation means). */
export function isFastReadable(text: string): boolean {
  return text.charCodeAt(0) !== 0xfeff && !text.includes('\t');
}

/** A line at the left margin that is neither a key, a comment, a blank nor a `-` item: a document marker, a flow collection, a stray scalar. */
export function isUnreadableMarginLine(line: string): boolean {
  return /^[^ #\r\n-]/.test(line) || line.startsWith('---') || line.startsWith('...');
}

/** The offset of the quote closing the scalar opened at `open` (`''` escapes in single quotes, `\` in double); -1 when none. */
export function closingQuote(text: string, open: number): number {
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

/** The end of the line holding `close` when nothing but blanks or a comment follows it there; -1 otherwise. */
export function lineEndAfter(text: string, close: number): number {
  let lineEnd = text.indexOf('\n', close);
  if (lineEnd < 0) lineEnd = text.length;
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(close + 1, lineEnd)) ? lineEnd : -1;
}
