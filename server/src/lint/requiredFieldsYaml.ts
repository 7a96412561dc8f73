/**
 * Where a detection lists its required fields: `tags.required_fields` (security_content) or a top-level
 * `required_fields`, with the file span of each item, for the required-fields rule (SPL151).
 */
import { isMap, isSeq, type Node } from 'yaml';
import type { Span } from '../text/span';
import { mapEntries, nodeSpan, parseYaml, resolveAlias, scalarText } from '../workspace/yamlDocument';

export interface RequiredFieldsList {
  /** The `required_fields` key. */
  keySpan: Span;
  items: Array<{ name: string; span: Span }>;
}

/** The list, or undefined when the file has none (or is not YAML that reads cleanly). */
export function readRequiredFields(text: string): RequiredFieldsList | undefined {
  const { doc } = parseYaml(text);
  if (!doc || doc.errors.length > 0) return undefined;
  const root = resolveAlias(doc, doc.contents);
  if (!isMap(root)) return undefined;
  const entries = mapEntries(root);
  const tags = resolveAlias(doc, entries.get('tags')?.value);
  const entry = (isMap(tags) ? mapEntries(tags).get('required_fields') : undefined) ?? entries.get('required_fields');
  const list = resolveAlias(doc, entry?.value);
  if (!entry || !isSeq(list)) return undefined;
  const items: RequiredFieldsList['items'] = [];
  for (const item of list.items) {
    const name = scalarText(doc, item as Node);
    const span = nodeSpan(item as Node);
    if (name !== undefined && span) items.push({ name: name.trim(), span });
  }
  return { keySpan: entry.keySpan, items };
}
