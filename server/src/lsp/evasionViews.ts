// How the evasion check of the last run shows in the editor: a CodeLens title on the search ("⚠ 2 of 33
// variants evade"), an inlay hint after each rejecting clause whose tooltip lists the variants it
// rejected, the same list on hover over the clause, and the certain fixes as quick fixes there.
import { CodeActionKind, InlayHintKind, MarkupKind, type CodeAction, type Hover, type InlayHint, type Position, type Range } from 'vscode-languageserver';
import type { ServerContext } from './context';
import type { EvadingVariantInfo, EvasionResult, RunRange } from './protocol';

export function evasionSummary(check: EvasionResult, stale: boolean): string {
  const mark = check.evading.length > 0 ? '⚠' : '✓';
  const unjudged = check.notes.length > 0 ? ` (${check.notes.length} not varied)` : '';
  return `${mark} ${check.evading.length} of ${check.variants} variants evade${unjudged}${stale ? ' (stale: edited since the run)' : ''}`;
}

function freshCheck(context: ServerContext, uri: string): EvasionResult | undefined {
  const document = context.documents.get(uri);
  return document ? context.evasions.fresh(uri, document.version) : undefined;
}

/** The evading variants grouped by the clause that rejected them (those without one are left out). */
function byClause(check: EvasionResult): Map<string, EvadingVariantInfo[]> {
  const groups = new Map<string, EvadingVariantInfo[]>();
  for (const variant of check.evading) {
    if (!variant.rejectedBy) continue;
    const key = JSON.stringify(variant.rejectedBy.range);
    groups.set(key, [...(groups.get(key) ?? []), variant]);
  }
  return groups;
}

function variantsMarkdown(variants: EvadingVariantInfo[]): string {
  const clause = variants[0].rejectedBy?.clause ?? '';
  const items = variants.map((v) => `- **${v.technique}** (log ${v.event}): ${v.title}\n\n  \`${v.field}\`: \`${v.value.replace(/`/g, "'")}\``);
  return [`**${variants.length} variant${variants.length === 1 ? '' : 's'} of the hits evade \`${clause}\`** (evasion check of the last run):`, '', ...items].join('\n');
}

export function evasionHints(context: ServerContext, uri: string, inRange: (range: RunRange) => boolean): InlayHint[] {
  const check = freshCheck(context, uri);
  if (!check) return [];
  return [...byClause(check).values()]
    .filter((variants) => inRange(variants[0].rejectedBy!.range))
    .map((variants) => ({
      position: variants[0].rejectedBy!.range.end,
      label: `⚠ ${variants.length} evade`,
      kind: InlayHintKind.Parameter,
      paddingLeft: true,
      tooltip: { kind: MarkupKind.Markdown, value: variantsMarkdown(variants) },
    }));
}

export function evasionHover(context: ServerContext, uri: string, position: Position): Hover | null {
  const check = freshCheck(context, uri);
  const variants = check && [...byClause(check).values()].find((group) => contains(group[0].rejectedBy!.range, position));
  if (!variants) return null;
  return { contents: { kind: MarkupKind.Markdown, value: variantsMarkdown(variants) }, range: variants[0].rejectedBy!.range };
}

export function evasionFixes(context: ServerContext, uri: string, range: Range): CodeAction[] {
  const check = freshCheck(context, uri);
  if (!check) return [];
  return check.fixes
    .filter((fix) => overlaps(fix.clause, range))
    .map((fix) => ({ title: fix.title, kind: CodeActionKind.QuickFix, edit: { changes: { [uri]: fix.edits } } }));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function contains(range: RunRange, position: Position): boolean {
  return before(range.start, position) && before(position, range.end);
}

function overlaps(a: RunRange, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}
