// SQL LIKE as eval's like() and LIKE operator use it: `%` any run, `_` one character, the rest
// literal and case-sensitive (Search Reference, "Comparison and Conditional functions": like).
import { RE2JS } from 're2js';

export function likeMatcher(pattern: string): (value: string) => boolean {
  let source = '';
  for (const ch of pattern) source += ch === '%' ? '.*' : ch === '_' ? '.' : RE2JS.quote(ch);
  const re = RE2JS.compile(`(?s)^${source}$`);
  return (value) => re.matcher(value).find();
}
