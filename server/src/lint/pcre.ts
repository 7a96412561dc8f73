/**
 * Checks a regular expression the way Splunk reads it (PCRE) with JavaScript's RegExp (no `u` flag).
 * PCRE-only spellings are first translated into JavaScript spellings that are valid exactly when the
 * PCRE ones are: `(?P<n>` -> `(?<n>`, a leading `(?i)` -> flag i, `(?>` -> `(?:`, `a*+` -> `a*`,
 * `\A` -> `^`, `\x{263A}` -> `.` ... The translation only has to preserve validity, not meaning.
 * Constructs with no such translation (recursion, conditionals, `(?x)` ...) make the pattern
 * "not checkable": no error is reported for it. A scan beside the translation finds the offset of
 * the offending character when RegExp rejects the pattern, and the errors PCRE makes that
 * JavaScript does not (`\U`, a backreference to a group that does not exist, `{70000}`).
 */
import { FLAG_LETTERS, MAX_REPEAT, Scan, characterClass, sharedEscape, type GroupKind } from './pcreScan';

export interface PcreSpan {
  /** Offsets in the pattern (half-open). */
  start: number;
  end: number;
}

export interface PcreConstruct extends PcreSpan {
  /** What it is, for messages: "named group (?P<name>...)". */
  construct: string;
}

export interface PcreProblem extends PcreSpan {
  message: string;
  /** False for problems only some PCRE versions reject (variable-length lookbehind). */
  certain: boolean;
}

export interface PcreCheck {
  /** Problems that make Splunk reject the pattern; empty when it is valid or not checkable. */
  errors: PcreProblem[];
  /** PCRE spellings the check translated (valid PCRE that JavaScript writes differently or lacks). */
  translated: PcreConstruct[];
  /** Constructs the check cannot judge; when there is one, `errors` holds only scan-certain problems. */
  unchecked: PcreConstruct[];
  /** Named capture groups, in order. */
  groupNames: string[];
}

export function checkPcre(pattern: string): PcreCheck {
  const scan = new Scan(pattern);
  let i = leadingFlags(scan);
  const p = pattern;
  while (i < p.length) {
    const ch = p[i];
    if (scan.extended && /\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '\\') i = escapeOutside(scan, i);
    else if (ch === '(') i = openGroup(scan, i);
    else if (ch === ')') {
      const group = scan.groups.pop();
      if (!group) scan.blameOnce('unmatchedClose', i, i + 1);
      scan.out += ')';
      scan.quantifiable = true;
      scan.lastWasLookaround = group?.kind === 'lookahead' || group?.kind === 'lookbehind';
      i++;
    } else if (ch === '[') i = characterClass(scan, i);
    else if (ch === '*' || ch === '+' || ch === '?') i = quantifier(scan, i, i + 1);
    else if (ch === '{' && /^\{\d+(,\d*)?\}/.test(p.slice(i))) i = quantifier(scan, i, i + p.slice(i).indexOf('}') + 1);
    else if (ch === '|') {
      scan.out += '|';
      scan.quantifiable = false;
      i++;
    } else if (ch === '^' || ch === '$') {
      scan.out += ch;
      scan.quantifiable = false;
      i++;
    } else {
      scan.out += ch;
      scan.quantifiable = true;
      scan.lastWasLookaround = false;
      i++;
    }
  }
  const open = scan.groups[scan.groups.length - 1];
  if (open) scan.blameOnce('unterminatedGroup', open.start, open.start + 1);
  for (const ref of scan.backreferences) {
    if (ref.number > scan.captureCount) {
      scan.errors.push({ start: ref.start, end: ref.end, certain: true, message: `\\${ref.number} refers to capture group ${ref.number}, but the pattern has ${scan.captureCount === 0 ? 'no capture group' : `only ${scan.captureCount}`}` });
    }
  }
  for (const ref of scan.namedReferences) {
    if (!scan.groupNames.includes(ref.name)) {
      scan.errors.push({ start: ref.start, end: ref.end, certain: true, message: `the backreference names a group \`${ref.name}\` the pattern does not have` });
    }
  }
  const result: PcreCheck = { errors: [], translated: scan.translated, unchecked: scan.unchecked, groupNames: scan.groupNames };
  // In extended mode white space and `#` comments are not pattern text: nothing found can be trusted.
  if (scan.extended) return result;
  const certain = scan.errors.filter((e) => e.certain);
  if (certain.length > 0) {
    result.errors = [certain[0]];
    return result;
  }
  if (scan.unchecked.length > 0) return result;
  try {
    new RegExp(scan.out, scan.flags);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    result.errors = [{ ...locate(scan, message), message: explain(message), certain: true }];
    return result;
  }
  result.errors = scan.errors.slice(0, 1);
  return result;
}

/** `(?i)`, `(?is)`, `(?x)` ... at the very start become RegExp flags. */
function leadingFlags(scan: Scan): number {
  let i = 0;
  for (;;) {
    const match = /^\(\?([a-zA-Z]+)\)/.exec(scan.pattern.slice(i));
    if (!match || ![...match[1]].every((c) => FLAG_LETTERS.test(c))) return i;
    for (const letter of match[1]) {
      if (letter === 'x') {
        scan.extended = true;
        scan.note(scan.unchecked, i, i + match[0].length, 'extended mode `(?x)` (white space and # comments are ignored)');
      } else if ('ims'.includes(letter) && !scan.flags.includes(letter)) scan.flags += letter;
    }
    scan.note(scan.translated, i, i + match[0].length, `inline flags \`${match[0]}\` at the start`);
    i += match[0].length;
  }
}

function escapeOutside(scan: Scan, i: number): number {
  const p = scan.pattern;
  const next = p[i + 1];
  scan.quantifiable = true;
  scan.lastWasLookaround = false;
  if (next === undefined) {
    scan.out += '\\';
    return i + 1;
  }
  switch (next) {
    case 'A':
    case 'Z':
    case 'z':
    case 'G':
      scan.note(scan.translated, i, i + 2, `anchor \`\\${next}\``);
      scan.out += next === 'A' || next === 'G' ? '^' : '$';
      scan.quantifiable = false;
      return i + 2;
    case 'K':
      scan.note(scan.translated, i, i + 2, '`\\K` (reset match start)');
      scan.quantifiable = false;
      return i + 2;
    case 'Q': {
      const end = p.indexOf('\\E', i + 2);
      const literal = p.slice(i + 2, end < 0 ? p.length : end);
      scan.note(scan.translated, i, end < 0 ? p.length : end + 2, 'quoted literal `\\Q...\\E`');
      scan.out += literal.length > 0 ? `(?:${literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')})` : '(?:)';
      return end < 0 ? p.length : end + 2;
    }
    case 'E':
      scan.quantifiable = false;
      return i + 2;
  }
  const shared = sharedEscape(scan, i, false);
  if (shared) return shared;
  if (/[1-9]/.test(next) && !/\d/.test(p[i + 2] ?? '')) {
    scan.backreferences.push({ number: Number(next), start: i, end: i + 2 });
    scan.out += '(?:)';
    return i + 2;
  }
  if (next === 'g' || next === 'k') return namedBackreference(scan, i);
  if (next === 'b' || next === 'B') scan.quantifiable = false;
  scan.out += p.slice(i, i + 2);
  return i + 2;
}


/** `\g1`, `\g{-1}`, `\g{name}`, `\k{name}`, `\k'name'`, `\k<name>`. */
function namedBackreference(scan: Scan, i: number): number {
  const p = scan.pattern;
  const rest = p.slice(i);
  const match = /^\\[gk](?:\{([^}]*)\}|<([^>]*)>|'([^']*)'|(-?\d+))/.exec(rest);
  if (!match) {
    scan.out += rest.slice(0, 2);
    return i + 2;
  }
  const reference = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
  const span = { start: i, end: i + match[0].length };
  if (/^\d+$/.test(reference)) scan.backreferences.push({ number: Number(reference), ...span });
  else if (/^[A-Za-z_]\w*$/.test(reference)) scan.namedReferences.push({ name: reference, ...span });
  if (!match[0].startsWith('\\k<')) scan.note(scan.translated, span.start, span.end, `backreference \`${match[0]}\``);
  scan.out += '(?:)';
  return i + match[0].length;
}

function openGroup(scan: Scan, i: number): number {
  const p = scan.pattern;
  const rest = p.slice(i);
  scan.quantifiable = false;
  scan.lastWasLookaround = false;
  const push = (kind: GroupKind, out: string, length: number) => {
    scan.groups.push({ start: i, kind });
    scan.out += out;
    if (kind === 'capture') scan.captureCount++;
    return i + length;
  };
  if (!rest.startsWith('(?') && !rest.startsWith('(*')) return push('capture', '(', 1);
  if (rest.startsWith('(*')) {
    const close = p.indexOf(')', i);
    scan.note(scan.unchecked, i, close < 0 ? p.length : close + 1, `backtracking verb or option \`${p.slice(i, close < 0 ? p.length : close + 1)}\``);
    scan.out += '(?:)';
    return close < 0 ? p.length : close + 1;
  }
  const named = /^\(\?(P?<|')([^>'=!()]*)([>'])/.exec(rest);
  if (named) {
    const [whole, opener, name, closer] = named;
    const nameStart = i + whole.indexOf(name);
    if ((opener === "'") !== (closer === "'")) {
      scan.blameOnce('invalidGroup', i, i + whole.length);
      scan.out += '(?<>';
      scan.groups.push({ start: i, kind: 'capture' });
      return i + whole.length;
    }
    if (opener !== '<') scan.note(scan.translated, i, i + whole.length, `named group \`${whole}...)\``);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) scan.blameOnce('invalidName', nameStart, nameStart + Math.max(1, name.length));
    if (scan.groupNames.includes(name)) scan.blameOnce('duplicateName', nameStart, nameStart + name.length);
    scan.groupNames.push(name);
    return push('capture', `(?<${name}>`, whole.length);
  }
  const reference = /^\(\?P([=>])([A-Za-z0-9_]+)\)/.exec(rest);
  if (reference) {
    if (reference[1] === '=') {
      scan.note(scan.translated, i, i + reference[0].length, `named backreference \`${reference[0]}\``);
      scan.namedReferences.push({ name: reference[2], start: i, end: i + reference[0].length });
    } else scan.note(scan.unchecked, i, i + reference[0].length, `recursion \`${reference[0]}\``);
    scan.out += '(?:)';
    scan.quantifiable = true;
    return i + reference[0].length;
  }
  if (rest.startsWith('(?:')) return push('plain', '(?:', 3);
  if (rest.startsWith('(?=') || rest.startsWith('(?!')) return push('lookahead', rest.slice(0, 3), 3);
  if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) return push('lookbehind', rest.slice(0, 4), 4);
  if (rest.startsWith('(?>')) {
    scan.note(scan.translated, i, i + 3, 'atomic group `(?>...)`');
    return push('plain', '(?:', 3);
  }
  if (rest.startsWith('(?|')) {
    scan.note(scan.unchecked, i, i + 3, 'branch reset group `(?|...)`');
    return push('plain', '(?:', 3);
  }
  if (rest.startsWith('(?#')) {
    const close = p.indexOf(')', i);
    if (close < 0) {
      scan.errors.push({ start: i, end: i + 3, certain: true, message: 'the comment `(?#` is not closed with `)`' });
      return p.length;
    }
    scan.note(scan.translated, i, close + 1, 'comment `(?#...)`');
    scan.quantifiable = scan.out.length > 0;
    return close + 1;
  }
  const recursion = /^\(\?(R|[+-]?\d+|&[A-Za-z_]\w*)\)/.exec(rest);
  if (recursion) {
    scan.note(scan.unchecked, i, i + recursion[0].length, `recursion \`${recursion[0]}\``);
    scan.out += '(?:)';
    scan.quantifiable = true;
    return i + recursion[0].length;
  }
  if (rest.startsWith('(?(') || rest.startsWith('(?C')) {
    scan.note(scan.unchecked, i, i + 3, rest.startsWith('(?(') ? 'conditional group `(?(...)...)`' : 'callout `(?C...)`');
    return push('plain', '(?:', rest.startsWith('(?C') ? 3 : 2);
  }
  const flags = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
  if (flags && [...(flags[1] + (flags[2] ?? ''))].every((c) => FLAG_LETTERS.test(c)) && (flags[1] + (flags[2] ?? '')).length > 0) {
    const letters = flags[1] + (flags[2] ?? '');
    if (letters.includes('x')) scan.note(scan.unchecked, i, i + flags[0].length, `extended mode \`${flags[0]}\``);
    else scan.note(scan.translated, i, i + flags[0].length, `inline flags \`${flags[0]}${flags[3] === ':' ? '...)' : ''}\``);
    if (flags[3] === ':') return push('plain', '(?:', flags[0].length);
    return i + flags[0].length;
  }
  scan.blameOnce('invalidGroup', i, i + Math.min(3, rest.length));
  return push('plain', '(?', 2);
}

/** `*`, `+`, `?` or `{n,m}` at `start..end`, with an optional lazy `?` or possessive `+` after it. */
function quantifier(scan: Scan, start: number, end: number): number {
  const p = scan.pattern;
  const text = p.slice(start, end);
  if (!scan.quantifiable) scan.blameOnce('nothingToRepeat', start, end);
  const bounds = /^\{(\d+)(?:,(\d*))?\}$/.exec(text);
  let variable = text !== '{' && !/^\{(\d+)\}$/.test(text);
  if (bounds) {
    const min = Number(bounds[1]);
    const max = bounds[2] === undefined ? min : bounds[2] === '' ? Infinity : Number(bounds[2]);
    variable = min !== max;
    if (max < min) scan.blameOnce('numbersOutOfOrder', start, end);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      scan.errors.push({ start, end, certain: true, message: `PCRE allows at most ${MAX_REPEAT} in a {n,m} quantifier` });
    }
  }
  if (variable && scan.groups.some((g) => g.kind === 'lookbehind')) {
    const group = [...scan.groups].reverse().find((g) => g.kind === 'lookbehind')!;
    scan.errors.push({
      start: group.start,
      end: end,
      certain: false,
      message: 'the lookbehind has a variable length: PCRE (PCRE2 before 10.43) accepts only fixed-length lookbehind',
    });
  }
  let after = end;
  let suffix = '';
  if (p[after] === '?') {
    suffix = '?';
    after++;
  } else if (p[after] === '+') {
    scan.note(scan.translated, start, after + 1, `possessive quantifier \`${text}+\``);
    after++;
  }
  // JavaScript refuses a quantified lookbehind; PCRE repeats an assertion at most once.
  if (!scan.lastWasLookaround) scan.out += text + suffix;
  scan.quantifiable = false;
  return after;
}




function locate(scan: Scan, message: string): PcreSpan {
  const b = scan.blame;
  const whole = { start: 0, end: scan.pattern.length };
  const table: Array<[RegExp, PcreSpan | undefined]> = [
    [/Unterminated group/, b.unterminatedGroup],
    [/Unmatched '\)'/, b.unmatchedClose],
    [/Nothing to repeat|Invalid quantifier/, b.nothingToRepeat],
    [/Range out of order/, b.rangeOutOfOrder],
    [/numbers out of order/, b.numbersOutOfOrder],
    [/Invalid group/, b.invalidGroup],
    [/Invalid capture group name/, b.invalidName],
    [/Duplicate capture group name/, b.duplicateName],
    [/Unterminated character class/, b.unterminatedClass],
    [/at end of pattern/, { start: Math.max(0, scan.pattern.length - 1), end: scan.pattern.length }],
  ];
  for (const [test, span] of table) if (test.test(message)) return span ?? whole;
  return whole;
}

/** RegExp's message in PCRE's terms (the group syntax named as the user wrote it). */
function explain(message: string): string {
  const texts: Array<[RegExp, string]> = [
    [/Unterminated group/, 'a group `(` is not closed with `)`'],
    [/Unmatched '\)'/, 'a `)` closes no group'],
    [/Nothing to repeat|Invalid quantifier/, 'a quantifier (`*`, `+`, `?`, `{n}`) follows nothing it can repeat'],
    [/Range out of order/, 'a range in a character class runs backwards (e.g. `[z-a]`)'],
    [/numbers out of order/, 'the numbers of a `{n,m}` quantifier are out of order'],
    [/Invalid group/, 'unknown group syntax after `(?`'],
    [/Invalid capture group name/, 'a group name holds only letters, digits and `_`, and does not start with a digit'],
    [/Duplicate capture group name/, 'two groups have the same name'],
    [/Unterminated character class/, 'a character class `[` is not closed with `]`'],
    [/at end of pattern/, 'the pattern ends with a lone backslash'],
  ];
  for (const [test, text] of texts) if (test.test(message)) return text;
  return message;
}
