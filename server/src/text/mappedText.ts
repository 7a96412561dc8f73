import type { Span } from './span';

/**
 * A decoded string with, for every UTF-16 code unit, the half-open range of file offsets it was
 * read from. `end` is where an insertion after the last character belongs.
 */
export interface MappedText {
  text: string;
  /**
   * Typed arrays, never written once built (slices share them): a plain array per character made
   * reading a 2 MB conf file mostly garbage collection.
   */
  starts: Int32Array;
  ends: Int32Array;
  end: number;
}

/**
 * Builds a MappedText while a decoder walks its source. Characters a fold produces (a line break
 * read as a space, blank lines read as `\n`) are placed on the line breaks they stand for: a run
 * of k produced characters is given the last k line breaks seen since the previous literal
 * character, so the mapping stays in file order.
 */
const NONE = new Int32Array(0);

export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private starts = NONE;
  private ends = NONE;
  private length = 0;
  private pendingBreaks: Span[] = [];
  private deferred = 0;
  private cursor: number;

  constructor(startOffset: number) {
    this.cursor = startOffset;
  }

  /** Characters written as themselves, starting at `fileOffset`. */
  literal(text: string, fileOffset: number): void {
    this.flush();
    if (text.length === 0) return;
    this.parts.push(text);
    const at = this.grow(text.length);
    for (let i = 0; i < text.length; i++) {
      this.starts[at + i] = fileOffset + i;
      this.ends[at + i] = fileOffset + i + 1;
    }
    this.cursor = fileOffset + text.length;
  }

  /** Characters that one escape sequence (`\n`, `''`, `\U0001F600`, `\` + line break) stands for. */
  escape(text: string, start: number, end: number): void {
    this.flush();
    if (text.length === 0) return;
    this.parts.push(text);
    const at = this.grow(text.length);
    this.starts.fill(start, at, at + text.length);
    this.ends.fill(end, at, at + text.length);
    this.cursor = end;
  }

  /** A line break in the file that the next produced characters may stand for. */
  lineBreak(start: number, end: number): void {
    this.pendingBreaks.push({ start, end });
  }

  /** Characters a fold produces (a space or newlines), placed once the run is complete. */
  produced(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    const at = this.grow(text.length);
    this.starts.fill(-1, at, at + text.length);
    this.ends.fill(-1, at, at + text.length);
    this.deferred += text.length;
  }

  /** Whether the text so far ends with `suffix` (a single character). */
  endsWith(suffix: string): boolean {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const part = this.parts[i];
      if (part.length > 0) return part[part.length - 1] === suffix;
    }
    return false;
  }

  build(): MappedText {
    this.flush();
    const text = this.parts.join('');
    const end = this.length > 0 ? this.ends[this.length - 1] : this.cursor;
    const exact = this.length === this.starts.length;
    return { text, starts: exact ? this.starts : this.starts.slice(0, this.length), ends: exact ? this.ends : this.ends.slice(0, this.length), end };
  }

  /** Room for `count` more characters; returns where they go. */
  private grow(count: number): number {
    const at = this.length;
    this.length += count;
    if (this.length > this.starts.length) {
      const capacity = Math.max(this.length, this.starts.length * 2);
      const starts = new Int32Array(capacity);
      const ends = new Int32Array(capacity);
      starts.set(this.starts.subarray(0, at));
      ends.set(this.ends.subarray(0, at));
      this.starts = starts;
      this.ends = ends;
    }
    return at;
  }

  private flush(): void {
    const count = this.deferred;
    const breaks = this.pendingBreaks;
    if (count > 0) {
      const first = this.length - count;
      for (let j = 0; j < count; j++) {
        const index = breaks.length - count + j;
        const target = index >= 0 ? breaks[index] : breaks[0] ?? { start: this.cursor, end: this.cursor };
        this.starts[first + j] = target.start;
        this.ends[first + j] = target.end;
      }
      this.cursor = this.ends[this.length - 1];
    }
    this.deferred = 0;
    this.pendingBreaks = [];
  }
}

/** A map in which every character stands for the whole `span` (used when exact mapping failed). */
export function coarseMappedText(text: string, span: Span): MappedText {
  const starts = new Int32Array(text.length).fill(span.start);
  const ends = new Int32Array(text.length).fill(span.end);
  return { text, starts, ends, end: span.end };
}

/** The identity map of `text` read from `fileOffset` onwards. */
export function identityMappedText(text: string, fileOffset: number): MappedText {
  const builder = new MappedTextBuilder(fileOffset);
  builder.literal(text, fileOffset);
  return builder.build();
}

/** The part [from, to) of a mapped text, with its map. */
export function sliceMappedText(mapped: MappedText, from: number, to: number): MappedText {
  const start = Math.max(0, Math.min(from, mapped.text.length));
  const end = Math.max(start, Math.min(to, mapped.text.length));
  // Views, not copies: a mapped text's offsets are never written once built.
  const starts = mapped.starts.subarray(start, end);
  const ends = mapped.ends.subarray(start, end);
  const after = end > start ? ends[ends.length - 1] : start < mapped.text.length ? mapped.starts[start] : mapped.end;
  return { text: mapped.text.slice(start, end), starts, ends, end: after };
}
