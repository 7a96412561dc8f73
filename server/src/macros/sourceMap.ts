import type { RelatedLocation } from '../text/diagnostic';
import type { Span } from '../text/span';
import { relatedForOrigin, type Expansion } from './expand';
import { macroKey } from './macroEntry';

export interface RootLocation {
  /** Where to report in the root search: the exact text when it was written there, else the call. */
  span: Span;
  /** True when `span` is the exact source of the expanded text, not a call site. */
  exact: boolean;
  /** The place in a macro definition the text came from, when it came from one with a file. */
  related?: RelatedLocation[];
}

/** Maps a span of the expanded search back to the root search (the text the user edits). */
export function mapExpandedSpan(expansion: Expansion, span: Span, message = 'from this macro definition'): RootLocation {
  const mapped = expansion.mapped;
  const first = mapped.originAt(span.start);
  if (!first) return { span: { start: 0, end: 0 }, exact: false };
  const lastIndex = Math.max(span.start, span.end - 1);
  const last = mapped.originAt(lastIndex)!;
  if (!first.frame && !last.frame) {
    const end = span.end > span.start ? last.offset + 1 : first.offset;
    return { span: { start: first.offset, end: Math.max(first.offset, end) }, exact: true };
  }
  const startSpan = first.frame ? first.frame.rootCallSpan : { start: first.offset, end: first.offset + 1 };
  const endSpan = last.frame ? last.frame.rootCallSpan : { start: last.offset, end: last.offset + 1 };
  const rootSpan = { start: Math.min(startSpan.start, endSpan.start), end: Math.max(startSpan.end, endSpan.end) };
  const frame = first.frame ?? last.frame!;
  const origin = first.frame ? first : last;
  const sourceEnd = first.frame && last.frame === first.frame ? last.offset + 1 : origin.offset + 1;
  const related = relatedForOrigin(origin, { start: origin.offset, end: Math.max(origin.offset, sourceEnd) }, message);
  const via = `expanded from \`${macroKey(frame.macro.name, frame.macro.arity)}\``;
  return { span: rootSpan, exact: false, related: related ?? [{ span: frame.rootCallSpan, message: via }] };
}
