import type { Span } from '../text/span';

/**
 * A decoded string with, for every UTF-16 code unit, the half-open range of file offsets it was
 * read from. `end` is where an insertion after the last character belongs.
 */
export interface MappedText {
  text: string;
  starts: number[];
  ends: number[];
  end: number;
}

/**
 * Builds a MappedText while a decoder walks its source. Characters a fold produces (a line break
 * read as a space, blank lines read as `\n`) are placed on the line breaks they stand for: a run
 * of k produced characters is given the last k line breaks seen since the previous literal
 * character, so the mapping stays in file order.
 */
export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
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
    for (let i = 0; i < text.length; i++) {
      this.starts.push(fileOffset + i);
      this.ends.push(fileOffset + i + 1);
    }
    this.cursor = fileOffset + text.length;
  }

  /** Characters that one escape sequence (`\n`, `''`, `\U0001F600`, `\` + line break) stands for. */
  escape(text: string, start: number, end: number): void {
    this.flush();
    if (text.length === 0) return;
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
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
    for (let i = 0; i < text.length; i++) {
      this.starts.push(-1);
      this.ends.push(-1);
    }
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
    const end = this.ends.length > 0 ? this.ends[this.ends.length - 1] : this.cursor;
    return { text, starts: this.starts, ends: this.ends, end };
  }

  private flush(): void {
    const count = this.deferred;
    const breaks = this.pendingBreaks;
    if (count > 0) {
      const first = this.starts.length - count;
      for (let j = 0; j < count; j++) {
        const index = breaks.length - count + j;
        const target = index >= 0 ? breaks[index] : breaks[0] ?? { start: this.cursor, end: this.cursor };
        this.starts[first + j] = target.start;
        this.ends[first + j] = target.end;
      }
      this.cursor = this.ends[this.ends.length - 1];
    }
    this.deferred = 0;
    this.pendingBreaks = [];
  }
}

/** A map in which every character stands for the whole `span` (used when exact mapping failed). */
export function coarseMappedText(text: string, span: Span): MappedText {
  const starts = new Array<number>(text.length).fill(span.start);
  const ends = new Array<number>(text.length).fill(span.end);
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
  const starts = mapped.starts.slice(start, end);
  const ends = mapped.ends.slice(start, end);
  const after = end > start ? ends[ends.length - 1] : start < mapped.text.length ? mapped.starts[start] : mapped.end;
  return { text: mapped.text.slice(start, end), starts, ends, end: after };
}
