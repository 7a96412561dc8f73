/**
 * Switches inside a regular expression (the pattern of match()): a bare prefix (`\s-enc`, `\/c`)
 * or a class of prefixes (`[\-\/]enc`) at a place a switch starts, followed by its letters. Only
 * these two shapes are read; an alternation of prefixes (`(-|/)enc`) is left alone.
 */
import { isSwitchPrefix, type SwitchPrefix } from './switches';

export interface RegexSwitch {
  /** The prefixes the pattern allows at this place. */
  prefixes: Set<SwitchPrefix>;
  /** The letters after the prefix (empty when a class of letters follows). */
  body: string;
  /** Pattern offsets of the prefix (`-`, `\-`) or of the whole class (`[...]`). */
  start: number;
  end: number;
  kind: 'bare' | 'class';
}

/** Where a switch may start: the pattern's start, whitespace (`\s`, ` `) or `.*`, a group or alternation opening, `^`. */
const BOUNDARY_BEFORE = /(^|\\s[+*?]?|[ ]|(?<!\\)[(|^]|\.[*+]\??)$/;

export function regexSwitches(pattern: string): RegexSwitch[] {
  const found: RegexSwitch[] = [];
  const flags = /^\(\?[a-zA-Z]+\)/.exec(pattern)?.[0].length ?? 0;
  const atBoundary = (at: number) => BOUNDARY_BEFORE.test(pattern.slice(flags, at));
  for (let i = flags; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '[') {
      const end = classEnd(pattern, i);
      if (end < 0) return found;
      const prefixes = classPrefixes(pattern.slice(i + 1, end));
      const after = end + 1;
      if (prefixes && atBoundary(i) && /^[A-Za-z[]/.test(pattern.slice(after))) {
        found.push({ prefixes, body: lettersAt(pattern, after), start: i, end: after, kind: 'class' });
      }
      i = end;
      continue;
    }
    const escaped = ch === '\\';
    const prefix = escaped ? pattern[i + 1] : ch;
    const length = escaped ? 2 : 1;
    if (prefix !== undefined && isSwitchPrefix(prefix) && atBoundary(i) && /^[A-Za-z]/.test(pattern.slice(i + length))) {
      found.push({ prefixes: new Set([prefix]), body: lettersAt(pattern, i + length), start: i, end: i + length, kind: 'bare' });
    }
    if (escaped) i++;
  }
  return found;
}

/** The offset of the `]` closing the class opened at `open`, or -1. */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

/** The prefixes of a class made of prefixes only (`\-|\/|–`, `-/`); undefined for any other class. */
function classPrefixes(content: string): Set<SwitchPrefix> | undefined {
  if (content.startsWith('^')) return undefined;
  const prefixes = new Set<SwitchPrefix>();
  for (let i = 0; i < content.length; i++) {
    let ch = content[i];
    if (ch === '\\') ch = content[++i];
    if (ch === '|' || ch === ' ') continue;
    if (ch === undefined || !isSwitchPrefix(ch)) return undefined;
    prefixes.add(ch);
  }
  return prefixes.size > 0 ? prefixes : undefined;
}

function lettersAt(pattern: string, at: number): string {
  return /^[A-Za-z][A-Za-z0-9]*/.exec(pattern.slice(at))?.[0] ?? '';
}
