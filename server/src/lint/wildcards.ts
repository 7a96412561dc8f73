/**
 * Search-style wildcard patterns (`*` = any run of characters, everything else literal), as the
 * `search` command and search-time `IN` read them. Field values compare case-insensitively there
 * (Search Manual, "Use the search command": field values are not case-sensitive), so callers
 * lower-case both sides.
 */

/** Whether `pattern` matches the whole of `text` (no case folding here). */
export function globMatches(pattern: string, text: string): boolean {
  return matchFrom(pattern, text, (a, b) => a === b);
}

/**
 * Whether every text `narrow` matches is also matched by `broad` (so `narrow` adds nothing next to
 * `broad`). Sound, not complete: `narrow`'s `*` is treated as a symbol only a `*` of `broad` can
 * absorb, which proves inclusion whenever it succeeds.
 */
export function globSubsumes(broad: string, narrow: string): boolean {
  return matchFrom(broad, narrow, (p, t) => p === t && t !== '*');
}

/** Greedy-with-backtracking glob matching over UTF-16 units; linear memory, no recursion. */
function matchFrom(pattern: string, text: string, same: (p: string, t: string) => boolean): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && same(pattern[p], text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The literal runs of a pattern: `*-y*` gives [`-y`]. */
export function fixedParts(pattern: string): string[] {
  return pattern.split('*').filter((part) => part.length > 0);
}

/** A value that is only wildcards (`*`, `**`): an existence test, not a pattern worth linting. */
export function isOnlyWildcards(value: string): boolean {
  return /^\*+$/.test(value);
}
