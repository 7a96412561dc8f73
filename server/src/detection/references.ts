/**
 * Names a detection gives to other content (`data_source` entries, `tags.analytic_story`), each
 * with where it is written, and the "did you mean" that SPL155 and SPL156 offer for an unknown one.
 */
import type { Span } from '../text/span';
import { entryOf, type YamlScalar, type YamlValue } from '../workspace/yamlTree';
import { locateInScalar } from './ruleSupport';
import { similarNames } from './similar';
import { scalarReplacement } from './yamlText';

export interface NamedReference {
  name: string;
  /** The name as written in the file. */
  span: Span;
  scalar: YamlScalar;
  /** The whole entry is this one name (an `A AND B` entry holds two). */
  whole: boolean;
}

/**
 * Each data source a detection names: every `data_source` entry, split at ` AND ` the way contentctl
 * splits entries that need several sources (detection_abstract.py).
 */
export function dataSourceReferences(fileText: string, tree: YamlValue): NamedReference[] {
  const list = entryOf(tree, 'data_source')?.value;
  if (list?.kind !== 'sequence') return [];
  const references: NamedReference[] = [];
  for (const item of list.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
    const parts = item.value.split(' AND ').map((part) => part.trim()).filter((part) => part !== '');
    const spans = locateInScalar(fileText, item.span, parts);
    parts.forEach((name, i) => references.push({ name, span: spans[i], scalar: item, whole: parts.length === 1 }));
  }
  return references;
}

/** Each `tags.analytic_story` entry. */
export function storyReferences(tree: YamlValue): NamedReference[] {
  const list = entryOf(entryOf(tree, 'tags')?.value, 'analytic_story')?.value;
  if (list?.kind !== 'sequence') return [];
  return list.items.flatMap((item) =>
    item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== ''
      ? [{ name: item.value.trim(), span: item.span, scalar: item, whole: true }]
      : [],
  );
}

/** The suggestion text and, when there is a best guess, a fix that writes it in place of the name. */
export function suggestionFor(reference: NamedReference, known: readonly string[]): { text: string; fix?: { title: string; edits: { span: Span; newText: string }[] } } {
  const similar = similarNames(reference.name, known);
  if (similar.length === 0) return { text: '' };
  const best = similar[0];
  const text = ` (did you mean ${similar.map((n) => `\`${n}\``).join(', ')}?)`;
  // A whole entry is rewritten with its quotes; a part of `A AND B` in place.
  const edit = reference.whole ? { span: reference.scalar.span, newText: scalarReplacement(reference.scalar, best) } : { span: reference.span, newText: best };
  return { text, fix: { title: `Change to \`${best}\``, edits: [edit] } };
}
