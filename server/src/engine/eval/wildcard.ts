// Splunk's `*` wildcard for search-time values (search, tstats where, search IN): `*` matches any
// run of characters (none too), every other character is literal, matching ignores case.
// A two-pointer matcher without regexes: O(value x pattern) in the worst case, never exponential.

export interface WildcardPattern {
  /** The pattern as written. */
  text: string;
  hasWildcard: boolean;
  test(value: string): boolean;
}

/** Case folding used for search-time matching (Unicode simple lower case, as `toLowerCase`). */
export function fold(text: string): string {
  return text.toLowerCase();
}

/**
 * `fold` remembering its last answer: the patterns of one search share one, so a value tested
 * against several patterns in a row (`process_name=a OR process_name=b ...`) is folded once.
 */
export class CaseFolder {
  private lastText = '';
  private lastFolded = '';

  fold(text: string): string {
    if (text !== this.lastText) {
      this.lastFolded = fold(text);
      this.lastText = text;
    }
    return this.lastFolded;
  }
}

export function compileWildcard(pattern: string, caseSensitive = false, folder?: CaseFolder): WildcardPattern {
  const folded = caseSensitive ? pattern : fold(pattern);
  const hasWildcard = folded.includes('*');
  const foldValue = caseSensitive ? (value: string) => value : folder ? (value: string) => folder.fold(value) : fold;
  if (!hasWildcard) {
    return { text: pattern, hasWildcard, test: (value) => foldValue(value) === folded };
  }
  const pieces = folded.split('*');
  return {
    text: pattern,
    hasWildcard,
    test: (value) => globMatch(pieces, foldValue(value)),
  };
}

/**
 * `pieces` are the literal parts between stars: the first must start the value, the last must end
 * it, the ones between must occur in order. Leftmost placement of each middle piece is optimal.
 */
function globMatch(pieces: string[], value: string): boolean {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const limit = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i];
    if (piece.length === 0) continue;
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > limit) return false;
    at = found + piece.length;
  }
  return true;
}

/** The literal runs of a pattern (what every match must contain), longest first. */
export function literalPieces(pattern: string): string[] {
  return pattern
    .split('*')
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
}

/**
 * What each `*` of a case-sensitive field-name pattern matched in `name` (rename's and stats'
 * `X.* AS *`), or undefined when the name does not match.
 */
export function wildcardCaptures(pattern: string, name: string): string[] | undefined {
  const pieces = pattern.split('*');
  if (!name.startsWith(pieces[0])) return undefined;
  const caught: string[] = [];
  let at = pieces[0].length;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i];
    const last = i === pieces.length - 1;
    const found = last ? (name.endsWith(piece) && name.length - piece.length >= at ? name.length - piece.length : -1) : name.indexOf(piece, at);
    if (found < 0) return undefined;
    caught.push(name.slice(at, found));
    at = found + piece.length;
  }
  return at === name.length ? caught : undefined;
}

/** `template` with its `*`s replaced, in order, by what a pattern's `*`s matched (missing ones by nothing). */
export function withCaptures(template: string, caught: string[]): string {
  let i = 0;
  return template.replace(/\*/g, () => caught[i++] ?? '');
}
