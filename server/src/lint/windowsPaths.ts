/**
 * What a Windows path looks like inside a value: the folder names that follow a separator, and the
 * other marks of a path (a drive, an environment variable, a UNC prefix). SPL107 and SPL110 use them
 * to tell a backslash meant as a separator from one meant as an escape.
 */

/** Windows folder names that follow a path separator (at the start of the text tested). */
export const PATH_WORD =
  /^(windows|system32|syswow64|users|programdata|program files|program files \(x86\)|appdata|local|roaming|temp|tmp|public|perflogs|inetpub|device|harddiskvolume\d*|sysvol|netlogon|startup|tasks|drivers)(?![A-Za-z0-9])/i;

/** Whether a text (as the engine sees it, backslashes single) reads as a Windows path. */
export function looksLikeWindowsPath(value: string): boolean {
  if (/(^|[^A-Za-z])[A-Za-z]:\\|%[A-Za-z_]+%\\|^\\\\[A-Za-z0-9]/.test(value)) return true;
  for (let at = value.indexOf('\\'); at >= 0; at = value.indexOf('\\', at + 1)) {
    if (PATH_WORD.test(value.slice(at + 1))) return true;
  }
  return false;
}

/** Whether the folder name ending at `end` (back to the last `\`, `*`, quote or the start) is one of PATH_WORD's. */
export function pathWordEndsAt(value: string, end: number): boolean {
  const word = /[^\\*"]*$/.exec(value.slice(0, end))![0];
  const match = PATH_WORD.exec(word);
  return match !== null && match[0].length === word.length;
}
