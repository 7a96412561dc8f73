function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A `lineFilter` keeping only lines that contain EVERY literal, ignoring case (as Splunk's search
 * terms do). Literals are raw text as it appears in `_raw`; note that XML escapes characters, so a
 * literal holding `&`, `<`, `>`, `'` or `"` is also accepted in its entity form. Returns undefined
 * when there is nothing to require, so callers can pass it straight to `ReadOptions.lineFilter`.
 */
export function requireLiterals(literals: readonly string[]): ((rawLine: string) => boolean) | undefined {
  const wanted = literals.filter((l) => l.length > 0);
  if (wanted.length === 0) return undefined;
  const patterns = wanted.map((literal) => {
    const entityForms: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };
    const source = [...literal]
      .map((ch) => (entityForms[ch] ? `(?:${escapeRegExp(ch)}|${escapeRegExp(entityForms[ch])}|&#${ch.charCodeAt(0)};)` : escapeRegExp(ch)))
      .join('');
    return new RegExp(source, 'i');
  });
  return (rawLine: string) => {
    for (const pattern of patterns) if (!pattern.test(rawLine)) return false;
    return true;
  };
}
