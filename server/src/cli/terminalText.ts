// Text from logs and workspace files printed for people: a log value or a search may hold terminal
// escape sequences (`ESC ] 0 ; title BEL`, `ESC [ 2 J`) that retitle or clear the terminal of whoever
// reads the output, or a CI log page, and bidirectional overrides that show text in another order
// than it is. Human-readable output escapes them; JSON output escapes control characters already,
// and CSV stays byte-exact for the programs that read it.

/** C0 controls, DEL, C1 controls, bidirectional controls and the Unicode line separators. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One line of output: every unprintable character as an escape (`\x1b`, `\n`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? escapeOf(c.charCodeAt(0)));
}

/** Several lines: each line made printable, the line breaks kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

function escapeOf(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
