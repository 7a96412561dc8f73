/**
 * Inline suppression: an SPL comment ```` ```spl-detect-disable SPL101 SPL103``` ```` anywhere in a
 * search turns those rules off for that search; ```` ```spl-detect-disable``` ```` alone turns every
 * rule off. Rules may be named by id or name, separated by spaces or commas; text after ` -- ` is a
 * free reason (`spl-detect-disable SPL103 -- /y is bounded by the parent process check`).
 */
import type { Span } from '../text/span';
import type { RuleMeta } from './rule';

export interface Suppressions {
  all: boolean;
  /** Upper-cased ids and lower-cased names. */
  rules: Set<string>;
}

const DIRECTIVE = /^\s*spl-detect-disable(?=\s|$)([^]*)$/i;

export function noSuppressions(): Suppressions {
  return { all: false, rules: new Set() };
}

/** Reads every disable directive in the comments (spans include the triple backticks) of `text`. */
export function readSuppressions(text: string, comments: readonly Span[]): Suppressions {
  const found = noSuppressions();
  for (const comment of comments) {
    const body = text.slice(comment.start, comment.end).replace(/^`{3}/, '').replace(/`{3}$/, '');
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const list = match[1].split(/\s--\s/)[0];
    const names = list.split(/[\s,]+/).filter((n) => n.length > 0);
    if (names.length === 0) found.all = true;
    for (const name of names) found.rules.add(/^spl\d+$/i.test(name) ? name.toUpperCase() : name.toLowerCase());
  }
  return found;
}

export function mergeSuppressions(a: Suppressions, b: Suppressions): Suppressions {
  return { all: a.all || b.all, rules: new Set([...a.rules, ...b.rules]) };
}

export function isSuppressed(suppressions: Suppressions, meta: RuleMeta): boolean {
  return suppressions.all || suppressions.rules.has(meta.id.toUpperCase()) || suppressions.rules.has(meta.name.toLowerCase());
}
