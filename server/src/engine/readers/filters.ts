function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ENTITY_FORMS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };

/** A literal as a pattern that also accepts the XML entity form of `&`, `<`, `>`, `'` and `"`. */
function literalPattern(literal: string): string {
  return [...literal]
    .map((ch) => (ENTITY_FORMS[ch] ? `(?:${escapeRegExp(ch)}|${escapeRegExp(ENTITY_FORMS[ch])}|&#${ch.charCodeAt(0)};)` : escapeRegExp(ch)))
    .join('');
}

/**
 * A `lineFilter` keeping only lines that meet EVERY clause, a clause being met by a line that
 * contains at least one of its literals, ignoring case (as Splunk's search terms do):
 * `[["msiexec.exe"], ["/y", "-y"]]`. Literals are raw text as it appears in `_raw`; note that XML
 * escapes characters, so a literal holding `&`, `<`, `>`, `'` or `"` is also accepted in its entity
 * form. Returns undefined when there is nothing to require, so callers can pass it straight to
 * `ReadOptions.lineFilter`.
 */
export function requireLiterals(clauses: readonly (readonly string[])[]): ((rawLine: string) => boolean) | undefined {
  const wanted = clauses.filter((clause) => clause.length > 0 && clause.every((literal) => literal.length > 0));
  if (wanted.length === 0) return undefined;
  // One case-insensitive alternation per clause: V8 scans for it far faster than lower-casing each line.
  const patterns = wanted.map((clause) => new RegExp(clause.map(literalPattern).join('|'), 'i'));
  return (rawLine: string) => {
    for (const pattern of patterns) if (!pattern.test(rawLine)) return false;
    return true;
  };
}
