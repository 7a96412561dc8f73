// The fixes that are certain, for evading variants:
// - option variants rejected by an IN value `"*/y*"` match once the list also holds the value with each
//   option as the variants write it (`"*/ʸ*"`): same pattern, same wildcards, the rest of the value
//   already held for the original event;
// - option variants rejected by a comparison `CommandLine="*/y*"` of search or tstats (where `*` is a
//   wildcard and IN (...) lists values) match once it reads `CommandLine IN ("*/y*", "*-y*", "*/ʸ*")`;
// - a variant in another case rejected by a case-sensitive comparison (`where like(Image, ...)`) matches
//   once the comparison is lower-cased: lint's SPL111 fix for that comparison, found inside the clause.
import type { Diagnostic, TextEdit } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { RejectingClause, VariantVerdict } from './checkEvasion';
import type { TechniqueId } from './facts';

export interface EvasionFix {
  title: string;
  /** The rejecting clause the fix is about, where an editor offers it. */
  at: Span;
  /** In the detection's file. */
  edits: TextEdit[];
}

const CASE_TECHNIQUES: ReadonlySet<TechniqueId> = new Set(['option-case', 'image-name-case']);
const CASE_SENSITIVE_COMPARISON = 'SPL111';
/** Commands whose `field="value"` is a wildcard match and that take `field IN (...)`. */
const WILDCARD_COMMANDS = new Set(['search', 'tstats']);

/** The certain fixes of a check's evading variants: one per rejecting clause and kind; `fileText` is the detection's file, `diagnostics` its analysis'. */
export function certainFixes(verdicts: readonly VariantVerdict[], fileText: string, diagnostics: readonly Diagnostic[] = []): EvasionFix[] {
  const evading = verdicts.filter((v) => v.evades && v.rejectedBy?.exact);
  const byClause = new Map<number, VariantVerdict[]>();
  for (const verdict of evading) byClause.set(verdict.rejectedBy!.span.start, [...(byClause.get(verdict.rejectedBy!.span.start) ?? []), verdict]);
  const fixes: EvasionFix[] = [];
  for (const group of byClause.values()) {
    const clause = group[0].rejectedBy!;
    const listed = listFix(clause, group, fileText);
    if (listed) fixes.push(listed);
    const cased = group.find((v) => CASE_TECHNIQUES.has(v.technique));
    const comparison = cased && diagnostics.find((d) => d.code === CASE_SENSITIVE_COMPARISON && d.fix && !d.fix.renameTo && d.span.start >= clause.span.start && d.span.end <= clause.span.end);
    if (cased && comparison?.fix) fixes.push({ title: `${comparison.fix.title}: the ${cased.technique} variant evades it`, at: clause.span, edits: comparison.fix.edits });
  }
  return fixes;
}

/** The fixes that concern one evading variant (what the CLI prints under it). */
export function fixesFor(verdict: VariantVerdict, fixes: readonly EvasionFix[]): EvasionFix[] {
  const clause = verdict.rejectedBy;
  return clause ? fixes.filter((fix) => fix.at.start === clause.span.start && fix.at.end === clause.span.end && fix.title.includes(verdict.technique)) : [];
}

/** The values with each option variant's form, added to the IN list or turning the comparison into one. */
function listFix(clause: RejectingClause, group: VariantVerdict[], fileText: string): EvasionFix | undefined {
  const written = fileText.slice(clause.span.start, clause.span.end);
  const inValue = clause.predicate === 'in-value' ? /^"([^"\\]*)"$/.exec(written) : null;
  const comparison = clause.predicate === 'compare' && WILDCARD_COMMANDS.has(clause.command) ? /^([A-Za-z_][\w.]*)="([^"\\]*)"$/.exec(written) : null;
  const value = inValue?.[1] ?? comparison?.[2];
  if (value === undefined) return undefined;
  const techniques: string[] = [];
  const added: string[] = [];
  for (const verdict of group) {
    // search and tstats compare without regard to case: "*-Y*" adds nothing to "*-y*".
    const form = withVariantOption(verdict, value);
    if (form === undefined || [value, ...added].some((known) => known.toLowerCase() === form.toLowerCase())) continue;
    added.push(form);
    if (!techniques.includes(verdict.technique)) techniques.push(verdict.technique);
  }
  if (added.length === 0) return undefined;
  const quoted = added.map((v) => `"${v}"`).join(', ');
  const because = `the ${techniques.join(' and ')} variant${added.length === 1 ? '' : 's'} evade${added.length === 1 ? 's' : ''} ${written}`;
  if (inValue) return { title: `Add ${quoted} to the list: ${because}`, at: clause.span, edits: [{ span: { start: clause.span.end, end: clause.span.end }, newText: `, ${quoted}` }] };
  return { title: `List ${quoted} too: ${because}`, at: clause.span, edits: [{ span: clause.span, newText: `${comparison![1]} IN ("${value}", ${quoted})` }] };
}

/** The value with the variant's option form in the place of the original's; undefined when the value does not hold it. */
function withVariantOption(verdict: VariantVerdict, value: string): string | undefined {
  if (!verdict.option || /["\\]/.test(verdict.option.to)) return undefined;
  const at = value.toLowerCase().indexOf(verdict.option.from.toLowerCase());
  return at < 0 ? undefined : value.slice(0, at) + verdict.option.to + value.slice(at + verdict.option.from.length);
}
