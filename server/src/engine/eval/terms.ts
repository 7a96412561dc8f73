// Matching a search term against `_raw` the way Splunk's index does: the raw text is split into
// segments at breaker characters (segmenters.conf defaults), and a term matches when it occurs
// aligned on segment boundaries, ignoring case. `error` matches `Error:` and `error.log` but not
// `errors`; `msiexec.exe` matches `C:\Windows\msiexec.exe`. Documented in docs/semantics.md.
import { RE2JS } from 're2js';

/** Default MAJOR and MINOR breakers of segmenters.conf (both end a segment for term matching). */
const BREAKERS = new Set([..." \t\n\r[]<>(){}|!;,'\"*&?+/:=@.-$#%\\_"]);

export function isBreaker(ch: string | undefined): boolean {
  return ch === undefined || BREAKERS.has(ch);
}

export interface TermMatcher {
  /** Tests the lower-cased raw text. */
  test(lowerRaw: string): boolean;
}

function escapeRe2(text: string): string {
  return RE2JS.quote(text);
}

const BREAKER_CLASS = '[\\s\\[\\]<>(){}|!;,\'"*&?+/:=@.\\-$#%\\\\_]';

/**
 * A term (or quoted phrase) as written; `*` is a wildcard. Without a wildcard, an indexOf scan with
 * boundary checks; with one, a linear-time RE2 pattern.
 */
export function compileTerm(term: string, caseSensitive = false): TermMatcher {
  const folded = caseSensitive ? term : term.toLowerCase();
  if (!folded.includes('*')) {
    if (folded.length === 0) return { test: () => true };
    const needsBefore = !isBreaker(folded[0]);
    const needsAfter = !isBreaker(folded[folded.length - 1]);
    return {
      test(raw) {
        for (let at = raw.indexOf(folded); at >= 0; at = raw.indexOf(folded, at + 1)) {
          const beforeOk = !needsBefore || at === 0 || isBreaker(raw[at - 1]);
          const end = at + folded.length;
          const afterOk = !needsAfter || end === raw.length || isBreaker(raw[end]);
          if (beforeOk && afterOk) return true;
        }
        return false;
      },
    };
  }
  const pieces = folded.split('*');
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const before = first.length > 0 && !isBreaker(first[0]) ? `(?:^|${BREAKER_CLASS})` : '';
  const after = last.length > 0 && !isBreaker(last[last.length - 1]) ? `(?:$|${BREAKER_CLASS})` : '';
  const body = pieces.map(escapeRe2).join('.*');
  const re = RE2JS.compile(`(?s)${before}${body}${after}`);
  return { test: (raw) => re.matcher(raw).find() };
}

/** The raw text's case-sensitive test for CASE(term). */
export function compileCaseTerm(term: string): { test(raw: string): boolean } {
  return compileTerm(term, true);
}
