/** A half-open range of UTF-16 code-unit offsets into one text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function spanContains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset < outer.end;
}
