/**
 * Where a search holds regular expressions: `rex "..."` (and the regex part of `rex mode=sed
 * "s/regex/replacement/g"`), `regex field="..."`, and the pattern argument of match(), replace()
 * and mvfind(). Each site knows where every pattern character sits in the search text, so findings
 * can point at the offending character.
 */
import type { EvalCallNode, OptionNode, RegexCommandNode, RexCommandNode, StringNode, WordNode } from '../spl/ast';
import type { AnyNode } from '../spl/visit';
import type { Span } from '../text/span';
import { rawChars } from './rawString';

export interface RegexSite {
  /** The string (or unquoted word) holding the pattern. */
  node: StringNode | WordNode;
  /** The pattern as the regex engine sees it. */
  pattern: string;
  /** `rex`, `regex`, `match()` ... for messages. */
  where: string;
  /** The search-text span of pattern characters `start..end`. */
  spanOf(start: number, end: number): Span;
}

/** Eval functions and the index of their regular-expression argument. */
const REGEX_ARGUMENT: Record<string, number> = { match: 1, replace: 1, mvfind: 1 };

export interface SedExpression {
  command: 's' | 'y';
  /** The regex part of `s/regex/.../`, as offsets in the expression. */
  regex?: { start: number; end: number };
}

export type SedParse = { ok: true; sed: SedExpression } | { ok: false; reason: string; start: number; end: number; certain: boolean };

/** The regex sites a node introduces (a rex/regex command or an eval call); sed problems apart. */
export function regexSitesOf(node: AnyNode): { sites: RegexSite[]; sed?: { node: StringNode; parse: SedParse } } {
  if (node.kind === 'rex') return rexSites(node);
  if (node.kind === 'regex') return { sites: regexCommandSites(node) };
  if (node.kind === 'evalCall') return { sites: evalCallSites(node) };
  return { sites: [] };
}

function rexSites(node: RexCommandNode): { sites: RegexSite[]; sed?: { node: StringNode; parse: SedParse } } {
  const regex = node.regex;
  if (!regex || regex.kind !== 'string' || !regex.terminated) return { sites: [] };
  const mode = node.options.find((o: OptionNode) => o.name.toLowerCase() === 'mode');
  const modeValue = mode?.value?.kind === 'word' ? mode.value.text : mode?.value?.kind === 'string' ? mode.value.value : undefined;
  if (modeValue?.toLowerCase() !== 'sed') return { sites: [stringSite(regex, 'rex', 0, regex.value.length)] };
  const parse = parseSed(regex.value);
  const sites = parse.ok && parse.sed.regex ? [stringSite(regex, 'rex mode=sed', parse.sed.regex.start, parse.sed.regex.end)] : [];
  return { sites, sed: { node: regex, parse } };
}

function regexCommandSites(node: RegexCommandNode): RegexSite[] {
  const regex = node.regex;
  if (!regex) return [];
  if (regex.kind === 'string') return regex.terminated ? [stringSite(regex, 'regex', 0, regex.value.length)] : [];
  return [wordSite(regex, 'regex')];
}

function evalCallSites(node: EvalCallNode): RegexSite[] {
  const index = REGEX_ARGUMENT[node.name.toLowerCase()];
  const argument = index === undefined ? undefined : node.args[index];
  if (argument?.kind !== 'string' || !argument.terminated) return [];
  return [stringSite(argument, `${node.name.toLowerCase()}()`, 0, argument.value.length)];
}

/** A site for `value.slice(from, to)` of a double-quoted string. */
export function stringSite(node: StringNode, where: string, from: number, to: number): RegexSite {
  const chars = rawChars(node);
  const base = node.span.start;
  const closing = node.terminated ? node.raw.length - 1 : node.raw.length;
  const startOf = (i: number) => base + (from + i < chars.length ? chars[from + i].start : closing);
  const endOf = (i: number) => base + (from + i - 1 < chars.length && from + i > 0 ? chars[from + i - 1].end : closing);
  return {
    node,
    pattern: node.value.slice(from, to),
    where,
    spanOf: (start, end) => (end > start ? { start: startOf(start), end: endOf(end) } : { start: startOf(start), end: startOf(start) }),
  };
}

function wordSite(node: WordNode, where: string): RegexSite {
  const base = node.span.start;
  return {
    node,
    pattern: node.text,
    where,
    spanOf: (start, end) => ({ start: base + start, end: base + end }),
  };
}

/**
 * Splunk's sed expressions (rex command, "sed-expression"): `s/<regex>/<replacement>/<flags>` with
 * flags `g` or a number, or `y/<string1>/<string2>/`; "no other sed commands are implemented".
 * A delimiter other than `/` is not described, so it is not judged (uncertain).
 */
export function parseSed(expression: string): SedParse {
  const command = expression[0];
  if (command !== 's' && command !== 'y') {
    return { ok: false, reason: 'a sed expression starts with `s/` (replace) or `y/` (substitute characters)', start: 0, end: Math.min(1, expression.length), certain: true };
  }
  if (expression[1] !== '/') {
    return { ok: false, reason: `only \`${command}/.../.../\` is described; this delimiter was not checked`, start: 1, end: Math.min(2, expression.length), certain: false };
  }
  const separators: number[] = [];
  for (let i = 2; i < expression.length; i++) {
    if (expression[i] === '\\') i++;
    else if (expression[i] === '/') separators.push(i);
  }
  if (separators.length < 2) {
    return { ok: false, reason: `\`${command}/\` needs two more unescaped \`/\`: ${command}/<${command === 's' ? 'regex' : 'from'}>/<${command === 's' ? 'replacement' : 'to'}>/`, start: 0, end: expression.length, certain: true };
  }
  const flags = expression.slice(separators[1] + 1);
  if (separators.length > 2 || (command === 's' ? !/^(g|\d*)$/.test(flags) : flags !== '')) {
    const at = separators.length > 2 ? separators[2] : separators[1] + 1;
    const certain = separators.length > 2;
    return {
      ok: false,
      reason: certain
        ? 'an unescaped `/` after the replacement (write a `/` inside the regex or the replacement as `\\/`)'
        : command === 's'
          ? `the flags \`${flags}\` are not described (only \`g\` or a number are); not checked`
          : '`y/from/to/` takes no flags',
      start: at,
      end: certain ? at + 1 : expression.length,
      certain,
    };
  }
  return { ok: true, sed: { command, ...(command === 's' ? { regex: { start: 2, end: separators[0] } } : {}) } };
}
