/**
 * Letter case in literals and regular expressions: whether a text or a pattern can only match one
 * case of some letter, and the lower-cased spelling of a string as the file writes it.
 */
import type { StringNode } from '../spl/ast';
import { rawChars } from './rawString';

/** Whether a text holds a letter that has an upper and a lower case. */
export function hasCasedLetter(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}

/** Whether a text holds an upper-case letter (lower() never gives it) or a lower-case one (upper() never does). */
export function hasLetterOfCase(text: string, wanted: 'upper' | 'lower'): boolean {
  return wanted === 'upper' ? text !== text.toLowerCase() : text !== text.toUpperCase();
}

/** Whether a regular expression sets the `i` flag, at its start or inside (`(?i)`, `(?i:`, `(?si)`). */
export function regexIgnoresCase(pattern: string): boolean {
  return /\(\?[a-zA-Z]*i[a-zA-Z-]*[:)]/.test(pattern);
}

/**
 * Whether a regular expression matches some letter in one case only: a letter outside escapes and
 * group names, or in a class that lacks its other case (`[a-z]`; `[Ss]` and `[0-9a-fA-F]` are fine).
 */
export function regexHasCasedLetter(pattern: string): boolean {
  const plain = pattern
    .replace(/\\[pP]\{[^}]*\}|\\x\{[0-9a-fA-F]+\}|\\x[0-9a-fA-F]{2}|\\[cN]\w?|\\./g, '#')
    .replace(/\(\?(P?<[A-Za-z_]\w*>|P=\w+\)|P>\w+\)|[a-zA-Z-]*[:)])/g, '(');
  const outside = plain.replace(/\[\^?([^\]]*)\]/g, (_whole, body: string) => (caseComplete(body) ? '#' : body));
  return hasCasedLetter(outside.replace(/\{\d*,?\d*\}/g, ''));
}

/** Whether every letter of a class body comes with its other case (ranges such as `a-f` included). */
function caseComplete(body: string): boolean {
  const letters = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    if (body[i + 1] === '-' && i + 2 < body.length) {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c++) letters.add(String.fromCharCode(c));
      i += 2;
    } else letters.add(body[i]);
  }
  for (const letter of letters) {
    if (!hasCasedLetter(letter)) continue;
    const other = letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
    if (!letters.has(other)) return false;
  }
  return true;
}

/**
 * The string as written in the other case, when that is certain to give the value in that case: a
 * single backslash before a letter (`\T`) would become another escape (`\t`, a tab).
 */
export function recasedRaw(node: StringNode, wanted: 'lower' | 'upper'): string | undefined {
  const singleBeforeLetter = rawChars(node).some((c) => c.char === '\\' && c.end - c.start === 1 && /[A-Za-z]/.test(node.raw[c.end] ?? ''));
  if (singleBeforeLetter) return undefined;
  return wanted === 'lower' ? node.raw.toLowerCase() : node.raw.toUpperCase();
}

/** The same text in the other case, to show what a comparison misses. */
export function otherCase(text: string): string {
  const upper = text.toUpperCase();
  return upper !== text ? upper : text.toLowerCase();
}
