import type { Span } from '../text/span';

/** Where an SPL string sits in its file. */
export type SearchRole =
  | 'search' // detection YAML `search:`
  | 'drilldown' // detection YAML `drilldown_searches[].search`
  | 'macro-definition' // macro YAML `definition:` or macros.conf `definition =`
  | 'spl-file' // the whole text of a .spl file
  | 'conf-search'; // savedsearches.conf `search =`

/**
 * One SPL string found in a file: its decoded text (what Splunk would see) and a map from
 * every offset of that text back to the file the user edits.
 */
export interface EmbeddedSearch {
  text: string;
  role: SearchRole;
  /** Human label: `search`, `drilldown_searches[1].search`, `macro process_msiexec` ... */
  label: string;
  /** Span of the whole value (for YAML: the scalar, quotes and block header included) in the file. */
  fileSpan: Span;
  /**
   * Maps an offset in `text` (0..text.length inclusive) to an offset in the file text.
   * The character text[i] was written at file offset toFileOffset(i) (an escape such as `''` or
   * `\n` starts there); toFileOffset(text.length) is just past the last character's source.
   */
  toFileOffset(offset: number): number;
  /** File offset just past the source of text[offset] (past the whole escape, e.g. `''`). */
  charEndInFile(offset: number): number;
}

/** Maps a span of the SPL text to the file: the start of its first char to the end of its last. */
export function spanToFile(search: EmbeddedSearch, splSpan: Span): Span {
  const start = search.toFileOffset(splSpan.start);
  if (splSpan.end <= splSpan.start) return { start, end: start };
  const end = search.charEndInFile(splSpan.end - 1);
  return { start, end: Math.max(start, end) };
}
