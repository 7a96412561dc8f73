/**
 * From a finding in the expanded search to a diagnostic in the file: through the macro source map
 * (a finding inside macro text is reported at the root call, `related` pointing into the macro's
 * file) and then through the search's place in the file. A fix survives only when every edit maps
 * exactly to text written in the file and its new text can be written there.
 */
import { mapExpandedSpan } from '../macros/sourceMap';
import type { Expansion } from '../macros/expand';
import type { Diagnostic, Fix, Severity } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { SplDocument } from '../workspace/documents';
import { spanToFile, type EmbeddedSearch } from '../text/embeddedSearch';
import { encodeForFile } from './fileText';
import type { Finding } from './rule';

export interface SearchPlace {
  document: SplDocument;
  search: EmbeddedSearch;
  /** Set when the linted text is the expansion of `search.text` (not the text itself). */
  expansion?: Expansion;
}

export function findingToDiagnostic(
  place: SearchPlace,
  finding: Finding,
  code: string,
  severity: Severity,
  message: string,
  docUrl: string | undefined,
): Diagnostic {
  const { search, expansion } = place;
  let rootSpan: Span = finding.span;
  let related: Diagnostic['related'];
  let exact = true;
  if (expansion) {
    const root = mapExpandedSpan(expansion, finding.span, message);
    rootSpan = root.span;
    related = root.related;
    exact = root.exact;
  }
  const fix = finding.fix && mapFix(place, finding.fix);
  return {
    span: spanToFile(search, rootSpan),
    severity,
    code,
    message: exact ? message : `${message} (in the expanded search)`,
    ...(related ? { related: related.map((r) => (r.file ? r : { ...r, span: spanToFile(search, r.span) })) } : {}),
    ...(fix ? { fix } : {}),
    ...(docUrl ? { docUrl } : {}),
  };
}

function mapFix(place: SearchPlace, fix: NonNullable<Finding['fix']>): Fix | undefined {
  const edits: Fix['edits'] = [];
  for (const edit of fix.edits) {
    const root = place.expansion ? exactRootSpan(place.expansion, edit.span) : edit.span;
    if (!root) return undefined;
    const newText = encodeForFile(place.document, place.search, edit.newText);
    if (newText === undefined) return undefined;
    edits.push({ span: spanToFile(place.search, root), newText });
  }
  return edits.length > 0 ? { title: fix.title, edits } : undefined;
}

/** The root-search span whose every character became `span`'s characters, in order; else undefined. */
export function exactRootSpan(expansion: Expansion, span: Span): Span | undefined {
  const mapped = expansion.mapped;
  if (span.end <= span.start) {
    if (span.start < mapped.length) {
      const origin = mapped.originAt(span.start);
      return origin && !origin.frame ? { start: origin.offset, end: origin.offset } : undefined;
    }
    const before = span.start > 0 ? mapped.originAt(span.start - 1) : undefined;
    if (!before) return undefined;
    if (!before.frame) return { start: before.offset + 1, end: before.offset + 1 };
    // The very end of a search that ends with a macro's text: just after the outermost call.
    let root = before.frame;
    while (root.parent) root = root.parent;
    return span.start === mapped.length ? { start: root.rootCallSpan.end, end: root.rootCallSpan.end } : undefined;
  }
  const first = mapped.originAt(span.start);
  if (!first || first.frame) return undefined;
  for (let i = span.start + 1; i < span.end; i++) {
    const origin = mapped.originAt(i);
    if (!origin || origin.frame || origin.offset !== first.offset + (i - span.start)) return undefined;
  }
  return { start: first.offset, end: first.offset + (span.end - span.start) };
}
