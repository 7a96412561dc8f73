import type { Span } from '../text/span';
import type { ExpansionFrame } from './frames';

/**
 * Where a character of an expanded search came from: offset `offset` of the root search when `frame`
 * is undefined, otherwise offset `offset` of the definition text of the macro expanded by `frame`.
 */
export interface Origin {
  frame: ExpansionFrame | undefined;
  offset: number;
}

/** A run of characters [start, end) of a MappedText whose origins are consecutive from `origin`. */
export interface Segment {
  start: number;
  end: number;
  origin: Origin;
}

/** Text whose every character knows its origin, stored as runs rather than per character. */
export class MappedText {
  private constructor(
    readonly text: string,
    readonly segments: readonly Segment[],
  ) {}

  static fromSource(text: string, frame: ExpansionFrame | undefined, baseOffset = 0): MappedText {
    if (text.length === 0) return new MappedText('', []);
    return new MappedText(text, [{ start: 0, end: text.length, origin: { frame, offset: baseOffset } }]);
  }

  static empty(): MappedText {
    return new MappedText('', []);
  }

  get length(): number {
    return this.text.length;
  }

  /** The origin of text[offset]; offsets past the end map to just after the last character. */
  originAt(offset: number): Origin | undefined {
    if (this.segments.length === 0) return undefined;
    if (offset >= this.text.length) {
      const last = this.segments[this.segments.length - 1];
      return { frame: last.origin.frame, offset: last.origin.offset + (last.end - last.start) };
    }
    const segment = this.segmentAt(Math.max(0, offset));
    return { frame: segment.origin.frame, offset: segment.origin.offset + (Math.max(0, offset) - segment.start) };
  }

  private segmentAt(offset: number): Segment {
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.segments[mid].start <= offset) low = mid;
      else high = mid - 1;
    }
    return this.segments[low];
  }

  slice(start: number, end: number): MappedText {
    const from = Math.max(0, Math.min(start, this.text.length));
    const to = Math.max(from, Math.min(end, this.text.length));
    const segments: Segment[] = [];
    for (const segment of this.segments) {
      if (segment.end <= from || segment.start >= to) continue;
      const s = Math.max(segment.start, from);
      const e = Math.min(segment.end, to);
      segments.push({
        start: s - from,
        end: e - from,
        origin: { frame: segment.origin.frame, offset: segment.origin.offset + (s - segment.start) },
      });
    }
    return new MappedText(this.text.slice(from, to), segments);
  }

  static concat(parts: MappedText[]): MappedText {
    let text = '';
    const segments: Segment[] = [];
    for (const part of parts) {
      const base = text.length;
      text += part.text;
      for (const segment of part.segments) {
        segments.push({ start: segment.start + base, end: segment.end + base, origin: segment.origin });
      }
    }
    return new MappedText(text, segments);
  }
}

/** The span, in the root search, of a character's origin: exact when it came from the root. */
export function rootSpanOf(origin: Origin): Span {
  if (!origin.frame) return { start: origin.offset, end: origin.offset + 1 };
  return origin.frame.rootCallSpan;
}

/** Text produced by evaluation (an `iseval` macro): every character maps to the same origin. */
export function constantText(text: string, origin: Origin): MappedText {
  return MappedText.concat([...text].map((ch) => MappedText.fromSource(ch, origin.frame, origin.offset)));
}
