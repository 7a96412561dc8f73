/**
 * The scanner state of pcre.ts and the parts of a PCRE pattern read the same way in and out of
 * character classes: escapes PCRE rejects or spells its own way, and classes themselves.
 */
import type { PcreConstruct, PcreProblem, PcreSpan } from './pcre';

const POSIX_CLASSES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
export const FLAG_LETTERS = /^[imsxnJU]$/;
/** PCRE's limit on `{n,m}` numbers. */
export const MAX_REPEAT = 65535;

export type GroupKind = 'capture' | 'plain' | 'lookahead' | 'lookbehind';

interface Group {
  start: number;
  kind: GroupKind;
}

/** Where the scan would blame each kind of RegExp error; the first occurrence of each. */
export interface Blame {
  unmatchedClose?: PcreSpan;
  nothingToRepeat?: PcreSpan;
  rangeOutOfOrder?: PcreSpan;
  numbersOutOfOrder?: PcreSpan;
  invalidGroup?: PcreSpan;
  invalidName?: PcreSpan;
  duplicateName?: PcreSpan;
  unterminatedClass?: PcreSpan;
  unterminatedGroup?: PcreSpan;
}

export class Scan {
  out = '';
  flags = '';
  readonly errors: PcreProblem[] = [];
  readonly translated: PcreConstruct[] = [];
  readonly unchecked: PcreConstruct[] = [];
  readonly groupNames: string[] = [];
  readonly blame: Blame = {};
  readonly groups: Group[] = [];
  readonly backreferences: Array<{ number: number } & PcreSpan> = [];
  readonly namedReferences: Array<{ name: string } & PcreSpan> = [];
  captureCount = 0;
  /** Whether the last item can take a quantifier, and whether it is a lookbehind (JavaScript refuses those). */
  quantifiable = false;
  lastWasLookaround = false;
  extended = false;

  constructor(readonly pattern: string) {}

  note(list: PcreConstruct[], start: number, end: number, construct: string): void {
    list.push({ start, end, construct });
  }

  blameOnce(key: keyof Blame, start: number, end: number): void {
    this.blame[key] ??= { start, end };
  }
}

/**
 * Escapes with the same treatment inside and outside classes; returns the offset after the escape,
 * or 0 when the escape is not one of them.
 */
export function sharedEscape(scan: Scan, i: number, inClass: boolean): number {
  const p = scan.pattern;
  const next = p[i + 1];
  if (/[LlUuF]/.test(next) || (next === 'N' && p[i + 2] === '{')) {
    scan.errors.push({
      start: i,
      end: i + 2,
      certain: true,
      message: `PCRE does not support \`\\${next}\`${next === 'U' || next === 'u' ? ' (a Windows path such as C:\\Users needs its backslashes doubled)' : ''}`,
    });
    scan.out += inClass ? 'x' : '(?:)';
    return i + 2;
  }
  if (next === 'x' && p[i + 2] === '{') {
    const close = p.indexOf('}', i + 3);
    const hex = close < 0 ? '' : p.slice(i + 3, close);
    if (/^[0-9a-fA-F]{1,8}$/.test(hex)) {
      scan.note(scan.translated, i, close + 1, `code point \`\\x{${hex}}\``);
      scan.out += inClass ? 'x' : '.';
      return close + 1;
    }
  }
  if ((next === 'p' || next === 'P') && p[i + 2] === '{') {
    const close = p.indexOf('}', i + 3);
    if (close > 0) {
      scan.note(scan.translated, i, close + 1, `Unicode property \`${p.slice(i, close + 1)}\``);
      scan.out += '\\w';
      return close + 1;
    }
  }
  if ('hHvVRXCN'.includes(next)) {
    if (next === 'h' || next === 'H' || next === 'R' || next === 'X' || next === 'C' || next === 'N') {
      scan.note(scan.translated, i, i + 2, `escape \`\\${next}\``);
    }
    scan.out += inClass ? '\\s' : next === 'N' || next === 'C' || next === 'X' ? '.' : '\\s';
    return i + 2;
  }
  return 0;
}

/** `[...]` from `start` (at `[`); returns the offset after `]` (or the end when it is missing). */
export function characterClass(scan: Scan, start: number): number {
  const p = scan.pattern;
  let i = start + 1;
  scan.out += '[';
  if (p[i] === '^') {
    scan.out += '^';
    i++;
  }
  // PCRE: a `]` first in a class is a literal; JavaScript would read `[]` as an empty class.
  if (p[i] === ']') {
    scan.out += '\\]';
    i++;
  }
  let pendingRange: { from: number | undefined; start: number } | undefined;
  while (i < p.length && p[i] !== ']') {
    const itemStart = i;
    let value: number | undefined;
    if (p.startsWith('[:', i) || p.startsWith('[.', i) || p.startsWith('[=', i)) {
      const match = /^\[([:.=])(\^?)([a-z]*)\1\]/.exec(p.slice(i));
      if (match && match[1] === ':') {
        if (!POSIX_CLASSES.has(match[3])) {
          scan.errors.push({ start: i, end: i + match[0].length, certain: true, message: `\`${match[0]}\` is not a POSIX class name PCRE knows` });
        }
        scan.out += '\\w';
        i += match[0].length;
        pendingRange = undefined;
        continue;
      }
      if (match) {
        scan.errors.push({ start: i, end: i + match[0].length, certain: true, message: 'PCRE does not support POSIX collating elements `[.x.]` / `[=x=]`' });
        scan.out += '\\w';
        i += match[0].length;
        continue;
      }
    }
    if (p[i] === '\\') {
      if (i + 1 >= p.length) {
        i = p.length;
        break;
      }
      const shared = sharedEscape(scan, i, true);
      if (shared) {
        i = shared;
        pendingRange = undefined;
        continue;
      }
      value = classEscapeValue(p.slice(i));
      const length = escapeLength(p.slice(i));
      scan.out += p.slice(i, i + length);
      i += length;
    } else {
      value = p.codePointAt(i);
      scan.out += p[i];
      i++;
    }
    if (pendingRange) {
      if (pendingRange.from !== undefined && value !== undefined && value < pendingRange.from) {
        scan.blameOnce('rangeOutOfOrder', pendingRange.start, i);
      }
      pendingRange = undefined;
      continue;
    }
    if (p[i] === '-' && p[i + 1] !== ']' && i + 1 < p.length) {
      pendingRange = { from: value, start: itemStart };
      scan.out += '-';
      i++;
      continue;
    }
  }
  if (i >= p.length) {
    scan.blameOnce('unterminatedClass', start, start + 1);
    scan.errors.push({ start, end: start + 1, certain: true, message: 'a character class `[` is not closed with `]`' });
    return p.length;
  }
  scan.out += ']';
  scan.quantifiable = true;
  scan.lastWasLookaround = false;
  return i + 1;
}

/** The character an escape inside a class stands for, when it is one character. */
function classEscapeValue(text: string): number | undefined {
  const next = text[1];
  const simple: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11, a: 7, e: 27, b: 8 };
  if (next in simple) return simple[next];
  const hex = /^\\x([0-9a-fA-F]{1,2})/.exec(text);
  if (hex) return parseInt(hex[1], 16);
  const octal = /^\\([0-7]{1,3})/.exec(text);
  if (octal) return parseInt(octal[1], 8);
  if (/[dDsSwWhHvVpP]/.test(next)) return undefined;
  return text.codePointAt(1);
}

function escapeLength(text: string): number {
  const hex = /^\\x[0-9a-fA-F]{1,2}/.exec(text);
  if (hex) return hex[0].length;
  const octal = /^\\[0-7]{1,3}/.exec(text);
  if (octal) return octal[0].length;
  const control = /^\\c./.exec(text);
  if (control) return 3;
  return 2;
}
