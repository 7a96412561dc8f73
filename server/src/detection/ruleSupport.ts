/**
 * What the detection rules (server/src/detection/rules/) share: the document's tree, layout and
 * shape issues, key paths for messages, positions of text inside a YAML value, and the fields of
 * the search's final results.
 */
import { applyStage } from '../lint/fieldFlow';
import { UNKNOWN, type FieldSet } from '../lint/fieldSet';
import { lintableParse } from '../lint/lintable';
import type { DocumentRuleContext, LintedSearch } from '../lint/rule';
import type { Span } from '../text/span';
import type { YamlMapping, YamlValue } from '../workspace/yamlTree';
import type { Repository } from './contentIndex';
import { layoutOf } from './layout';
import { DETECTION_MODEL, type Layout } from './model';
import { validateDetection, type KeyPath, type ShapeIssue } from './validate';

export interface DetectionFacts {
  tree: YamlMapping;
  layout: Layout;
  repository: Repository | undefined;
  text: string;
  path: string;
}

/** The facts of a detection file; undefined for other files and for a top that is not a mapping. */
export function detectionFacts(context: DocumentRuleContext): DetectionFacts | undefined {
  const { document } = context;
  const tree = document.detection?.tree;
  if (document.kind !== 'detection' || tree?.kind !== 'mapping') return undefined;
  return { tree, layout: layoutOf(tree, context.repository?.layout), repository: context.repository, text: document.text, path: document.path };
}

/** The model's findings on the document (SPL152 and SPL153 each take their kinds). */
export function shapeIssues(context: DocumentRuleContext, facts: DetectionFacts): ShapeIssue[] {
  const firstLineEnd = facts.text.search(/\r?\n|$/);
  return validateDetection(facts.tree, DETECTION_MODEL, { layout: facts.layout, today: context.today, rootSpan: { start: 0, end: Math.max(0, firstLineEnd) } });
}

/** `tags.observable[0].name` */
export function pathText(path: KeyPath): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/** The value at a key path, undefined when the document has none. */
export function valueAtPath(root: YamlValue, path: KeyPath): YamlValue | undefined {
  let current: YamlValue | undefined = root;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = current.kind === 'sequence' ? current.items[step] : undefined;
    else if (current.kind === 'mapping') {
      const entry: { value: YamlValue | null } | undefined = [...current.entries].reverse().find((e) => e.key === step);
      current = entry?.value ?? undefined;
    } else current = undefined;
  }
  return current;
}

/**
 * Where each of `needles` (texts of a scalar's value, in the order the value holds them) is written in
 * the file. Tokens and names hold no character YAML escapes or folds, so they appear verbatim and in
 * order inside the scalar's span: one pass finds them all. One that cannot be found gets the whole span.
 */
export function locateInScalar(fileText: string, span: Span, needles: readonly string[]): Span[] {
  const raw = fileText.slice(span.start, span.end);
  let from = 0;
  return needles.map((needle) => {
    const at = raw.indexOf(needle, from);
    if (at < 0) return span;
    from = at + needle.length;
    return { start: span.start + at, end: span.start + at + needle.length };
  });
}

/** Every `$token$` of a text, with its offset in the text (the message and drilldown convention). */
export function dollarTokens(text: string): { name: string; at: number; raw: string }[] {
  const tokens: { name: string; at: number; raw: string }[] = [];
  for (const match of text.matchAll(/\$([^\s$]+)\$/g)) tokens.push({ name: match[1], at: match.index, raw: match[0] });
  return tokens;
}

/**
 * The fields of the detection search's final results, from the field flow behind SPL141; UNKNOWN
 * when the search cannot be linted or a command's output is not known (checks then say nothing).
 */
export function resultFields(searches: readonly LintedSearch[]): FieldSet {
  const main = searches.find((s) => s.search.role === 'search');
  const parse = main && lintableParse(main);
  if (!parse) return UNKNOWN;
  // applyStage, not fieldSteps: the fields a command reads (a walk of a search expression) are not needed here.
  return parse.ast.stages.reduce((set: FieldSet, stage) => applyStage(stage, set), UNKNOWN);
}
