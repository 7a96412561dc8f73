// Splunk's regexes (rex, regex, match(), replace()) are PCRE. The engine runs them with re2js, a
// linear-time engine, so no pattern can hang a run. RE2 already reads the PCRE spellings the corpus
// uses (`(?P<name>...)`, `(?<name>...)`, a leading `(?i)`, `\d \w \s`, classes, lazy quantifiers);
// captureless lookbehind runs with re2js' LOOKBEHINDS flag. Constructs RE2 cannot run linearly
// (backreferences, lookahead, atomic groups, possessive quantifiers, `\K`, recursion, `(?x)`) fail
// the run with a message naming the construct (docs/semantics.md, "Regular expressions").
import { RE2JS } from 're2js';

export interface CompiledRegex {
  source: string;
  re: RE2JS;
  /** Capture group names in order of their group number (unnamed groups are not listed). */
  names: Map<string, number>;
}

export type RegexOutcome = { ok: true; regex: CompiledRegex } | { ok: false; message: string };

/** Explains a construct RE2 refuses, from the PCRE source (more useful than RE2's own message). */
function unsupportedConstruct(pattern: string): string | undefined {
  const checks: Array<[RegExp, string]> = [
    [/\(\?[=!]/, 'lookahead `(?=` / `(?!`'],
    [/\(\?>/, 'atomic group `(?>`'],
    [/\(\?P=\w+\)|\\k<\w+>|\\k\{\w+\}|\\g\{?-?\d+\}?/, 'named or relative backreference'],
    [/(?<!\\)(?:\\\\)*\\[1-9]/, 'backreference `\\1`'],
    [/[*+?}]\+/, 'possessive quantifier'],
    [/(?<!\\)(?:\\\\)*\\K/, '`\\K`'],
    [/\(\?R\)|\(\?\d+\)|\(\?&\w+\)/, 'recursion'],
    [/\(\?[a-zA-Z]*x[a-zA-Z]*[):]/, 'extended mode `(?x)`'],
  ];
  for (const [test, name] of checks) if (test.test(pattern)) return name;
  return undefined;
}

/** Compiles a PCRE pattern for re2js; never throws. */
export function compileRegex(pattern: string): RegexOutcome {
  const construct = unsupportedConstruct(pattern);
  if (construct) {
    return { ok: false, message: `regular expression uses ${construct}, which the local engine (RE2, linear time) cannot run: ${pattern}` };
  }
  try {
    const re = RE2JS.compile(pattern, RE2JS.LOOKBEHINDS);
    const names = new Map<string, number>(Object.entries(re.namedGroups() as Record<string, number>));
    return { ok: true, regex: { source: pattern, re, names } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `invalid or unsupported regular expression ${JSON.stringify(pattern)}: ${reason}` };
  }
}

/** Compiled regexes of one run, by pattern (owned by the run, so nothing outlives it). */
export class RegexCache {
  private readonly compiled = new Map<string, RegexOutcome>();

  get(pattern: string): RegexOutcome {
    let outcome = this.compiled.get(pattern);
    if (!outcome) {
      outcome = compileRegex(pattern);
      if (this.compiled.size < 10_000) this.compiled.set(pattern, outcome);
    }
    return outcome;
  }
}

export function regexTest(regex: CompiledRegex, text: string): boolean {
  return regex.re.matcher(text).find();
}

/**
 * Splunk's replace(): every match replaced; in the replacement `\N` is group N (`\0` the match),
 * `\\` a backslash; everything else is literal.
 */
export function regexReplace(regex: CompiledRegex, text: string, replacement: string): string {
  const matcher = regex.re.matcher(text);
  let out = '';
  let cursor = 0;
  let searchFrom = 0;
  while (searchFrom <= text.length && matcher.find(searchFrom)) {
    const start = matcher.start();
    const end = matcher.end();
    out += text.slice(cursor, start);
    out += replacement.replace(/\\(\d|\\)/g, (_, what: string) => (what === '\\' ? '\\' : (matcher.group(Number(what)) ?? '')));
    cursor = end;
    if (end === start) {
      if (end < text.length) out += text[end];
      cursor = end + 1;
    }
    searchFrom = cursor;
  }
  if (cursor < text.length) out += text.slice(cursor);
  return out;
}

/** Named-group captures of up to `maxMatch` matches (0 = unlimited), for rex. */
export function regexCaptures(regex: CompiledRegex, text: string, maxMatch: number): Array<Map<string, string>> {
  const matcher = regex.re.matcher(text);
  const found: Array<Map<string, string>> = [];
  let from = 0;
  while (from <= text.length && matcher.find(from)) {
    const groups = new Map<string, string>();
    for (const [name, index] of regex.names) {
      const value = matcher.group(index);
      if (value !== null && value !== undefined) groups.set(name, value);
    }
    found.push(groups);
    if (maxMatch > 0 && found.length >= maxMatch) break;
    from = matcher.end() === matcher.start() ? matcher.end() + 1 : matcher.end();
  }
  return found;
}
