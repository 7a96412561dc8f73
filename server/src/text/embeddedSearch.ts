import type { Span } from './span';
import type { MappedText } from './mappedText';

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
  /**
   * Set when the exact decoder disagreed with the YAML parser's value: `text` is the parser's
   * value and every offset maps to the whole `fileSpan`. Never expected; kept so a decoder gap
   * degrades positions instead of the text.
   */
  approximate?: boolean;
}

/** Maps a span of the SPL text to the file: the start of its first char to the end of its last. */
export function spanToFile(search: EmbeddedSearch, splSpan: Span): Span {
  const start = search.toFileOffset(splSpan.start);
  if (splSpan.end <= splSpan.start) return { start, end: start };
  const end = search.charEndInFile(splSpan.end - 1);
  return { start, end: Math.max(start, end) };
}

/** Wraps a decoded string and its offset map as an EmbeddedSearch. */
export function embeddedSearchFromMap(
  mapped: MappedText,
  role: SearchRole,
  label: string,
  fileSpan: Span,
  approximate = false,
): EmbeddedSearch {
  const { text, starts, ends, end } = mapped;
  const clamp = (offset: number) => Math.max(0, Math.min(Math.trunc(offset) || 0, text.length));
  return {
    text,
    role,
    label,
    fileSpan,
    toFileOffset(offset) {
      const i = clamp(offset);
      return i < text.length ? starts[i] : end;
    },
    charEndInFile(offset) {
      const i = clamp(offset);
      return i < text.length ? ends[i] : end;
    },
    ...(approximate ? { approximate: true } : {}),
  };
}
