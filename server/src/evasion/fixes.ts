// The one fix that is certain: an option variant rejected by an IN value `"*/y*"` matches once the
// list also holds the value with the option as the variant writes it (`"*/ʸ*"`): same pattern, same
// wildcards, the rest of the value already held for the original event.
import type { Span } from '../text/span';
import type { VariantVerdict } from './checkEvasion';

export interface EvasionFix {
  title: string;
  /** Where to insert (an empty span just after the rejecting IN value), in the detection's file. */
  span: Span;
  newText: string;
}

/** The fix for an evading variant, when certain; `fileText` is the detection's file. */
export function certainFix(verdict: VariantVerdict, fileText: string): EvasionFix | undefined {
  const rejected = verdict.rejectedBy;
  if (!verdict.evades || !verdict.option || !rejected || !rejected.exact || rejected.predicate !== 'in-value') return undefined;
  // Only a plain double-quoted value as written in the file: its quoting is then known for the new one.
  const written = /^"([^"\\]*)"$/.exec(fileText.slice(rejected.span.start, rejected.span.end));
  if (!written) return undefined;
  const value = written[1];
  const at = value.toLowerCase().indexOf(verdict.option.from.toLowerCase());
  if (at < 0 || /["\\]/.test(verdict.option.to)) return undefined;
  const added = value.slice(0, at) + verdict.option.to + value.slice(at + verdict.option.from.length);
  return { title: `Add "${added}" to the list: the ${verdict.technique} variant evades "${value}"`, span: { start: rejected.span.end, end: rejected.span.end }, newText: `, "${added}"` };
}

/** The fixes of a hit's evading variants, one per inserted text and place. */
export function certainFixes(verdicts: readonly VariantVerdict[], fileText: string): EvasionFix[] {
  const fixes = new Map<string, EvasionFix>();
  for (const verdict of verdicts) {
    const fix = certainFix(verdict, fileText);
    if (fix) fixes.set(`${fix.span.start}\u0000${fix.newText}`, fix);
  }
  return [...fixes.values()];
}
