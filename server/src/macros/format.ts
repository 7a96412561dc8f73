/**
 * Lays out an expanded search one command per line, as Splunk's preview (Ctrl+Shift+E) does: a break
 * before every top-level `|`. Pipes inside quotes, comments and subsearch brackets stay inline.
 */
export function formatPipeline(text: string): string {
  const stages: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      i = close < 0 ? text.length : close + 3;
      continue;
    }
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === '|' && depth === 0) {
      stages.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  stages.push(text.slice(start));
  const lines = stages.map((s) => s.trim());
  const [first, ...rest] = lines;
  const out = first.length > 0 ? [first] : [];
  for (const line of rest) out.push(`| ${line}`);
  return out.join('\n');
}
