/**
 * "Did you mean" for names of content (data sources, stories): long names whose typos are often
 * whole words (`Windows Event Log Security 4728` for `Windows Security 4728`), where an edit
 * distance limit of two misses. The measure is difflib's (what contentctl's own suggestions use):
 * twice the common characters over both lengths, here with the longest common subsequence.
 */

/** Longer than this, a text is no name anyone misspelt: no suggestion (and no quadratic work on it). */
const LONGEST_NAME = 200;

/** Up to `count` known names most like `name`, best first, each at least `cutoff` alike (0..1). */
export function similarNames(name: string, known: readonly string[], count = 3, cutoff = 0.6): string[] {
  if (name.length > LONGEST_NAME) return [];
  const target = name.toLowerCase();
  return known
    .filter((candidate) => candidate.length <= LONGEST_NAME)
    .map((candidate) => ({ candidate, score: similarity(target, candidate.toLowerCase()) }))
    .filter((entry) => entry.score >= cutoff)
    .sort((a, b) => b.score - a.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((entry) => entry.candidate);
}

/** 2·LCS / (|a| + |b|): 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  // Names are short (under 100 characters): one row of the table suffices.
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    previous = current;
  }
  return (2 * previous[b.length]) / (a.length + b.length);
}
