// A Windows command line read the way programs read it (CommandLineToArgvW's rules, simplified to what
// variants need): the program token, and the options that start an argument outside quotes.

export interface ProgramToken {
  start: number;
  end: number;
  /** The token without its quotes. */
  path: string;
  quoted: boolean;
}

export interface OptionToken {
  /** Offset of the option character. */
  start: number;
  /** Offset just past the option's name. */
  end: number;
  prefix: string;
  /** The option's name as written, without the option character (`y`, `EncodedCommand`, `l*`). */
  body: string;
}

export interface CommandLine {
  text: string;
  program: ProgramToken;
  options: OptionToken[];
}

const OPTION_CHARACTERS = new Set(['/', '-', '\u2013', '\u2014', '\u2015']);
const OPTION_BODY = /[A-Za-z][A-Za-z0-9*+!]*/y;

export function readCommandLine(text: string): CommandLine | undefined {
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (i >= text.length) return undefined;
  const program = readProgram(text, i);
  const options: OptionToken[] = [];
  let inQuotes = false;
  for (let at = program.end; at < text.length; at++) {
    const char = text[at];
    if (char === '"') inQuotes = !inQuotes;
    if (inQuotes || !OPTION_CHARACTERS.has(char) || !/\s/.test(text[at - 1] ?? ' ')) continue;
    OPTION_BODY.lastIndex = at + 1;
    const body = OPTION_BODY.exec(text);
    if (body) options.push({ start: at, end: at + 1 + body[0].length, prefix: char, body: body[0] });
  }
  return { text, program, options };
}

function readProgram(text: string, start: number): ProgramToken {
  if (text[start] === '"') {
    const close = text.indexOf('"', start + 1);
    const end = close < 0 ? text.length : close + 1;
    return { start, end, path: text.slice(start + 1, close < 0 ? text.length : close), quoted: true };
  }
  let end = start;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return { start, end, path: text.slice(start, end), quoted: false };
}

/** `text` with `[start, end)` replaced. */
export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** The file name of a Windows path (after the last `\` or `/`). */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

/** The folder of a Windows path, without the trailing separator ('' for a bare name). */
export function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'), 0));
}

/** A program's name as lint's table keys it: lower case, no folder, no `.exe`. */
export function programKey(path: string): string {
  return baseName(path).toLowerCase().replace(/\.exe$/, '');
}
