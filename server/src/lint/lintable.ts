import type { LintedSearch } from './rule';

/**
 * Whether a search can be linted: parsed without errors, and (when expanded) expanded completely.
 * A recovered tree or a half-expanded search would make rules guess.
 */
export function lintableParse(analyzed: LintedSearch): LintedSearch['parse'] | undefined {
  const parse = analyzed.expandedParse ?? analyzed.parse;
  if (analyzed.expansion && !analyzed.expansion.complete) return undefined;
  if (parse.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return parse;
}
