/** The start of an SPL string or value on one line, for an outline's detail. */
export function summarize(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
