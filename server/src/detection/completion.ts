/**
 * Completion in a detection's YAML, from the model: the keys a mapping may still take (as snippets that
 * write the required keys inside `tags`, `tests`, `drilldown_searches`, `rba` ...), and values: enum
 * values, data source and story names of the repository, fields of the search's results for
 * observables and risk/threat objects, ATT&CK techniques when a bundle is configured.
 */
import type { FieldSet } from '../lint/fieldSet';
import type { Span } from '../text/span';
import type { Repository } from './contentIndex';
import { cursorPlace } from './lineContext';
import { DETECTION_MODEL, keysIn, mappingKeys, specAt, type KeySpec, type Layout, type Shape } from './model';
import { needsQuotes } from './yamlText';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'data-source' | 'story' | 'field' | 'technique';
  detail?: string;
  documentation?: string;
  /** Snippet syntax (`$1`, `${1|a,b|}`); lines after the first are relative to the cursor line's indentation. */
  insertText: string;
  /** Completion clients sort by this when it is given. */
  sortText?: string;
}

export interface DetectionCompletion {
  replace: Span;
  items: CompletionEntry[];
}

export interface CompletionInput {
  text: string;
  offset: number;
  layout: Layout;
  repository?: Repository;
  /** The fields of the search's final results (SPL141's field flow); unknown: none offered. */
  resultFields?: FieldSet;
}

/** Completions at `offset`; undefined where the model has nothing to offer (inside a search ...). */
export function detectionCompletions(input: CompletionInput): DetectionCompletion | undefined {
  const place = cursorPlace(input.text, input.offset);
  if (!place) return undefined;
  const parentKeys = place.path.length === 0 ? DETECTION_MODEL : mappingKeysAt(place.path, input.layout);
  if (place.kind === 'key') {
    if (!parentKeys) return undefined;
    const items = keysIn(parentKeys, input.layout)
      .filter((spec) => !place.present.includes(spec.key))
      .map((spec, i) => keyEntry(spec, input.layout, i));
    return items.length > 0 ? { replace: place.replace, items } : undefined;
  }
  if (place.kind === 'item') {
    const list = place.path.length > 0 ? specAt(place.path, input.layout) : undefined;
    if (!list || list.shape.kind !== 'list') return undefined;
    if (list.shape.item.kind === 'mapping') {
      const items = keysIn(list.shape.item.keys, input.layout).map((spec, i) => keyEntry(spec, input.layout, i));
      return { replace: place.replace, items };
    }
    const items = valueEntries(list.shape.item, input);
    return items.length > 0 ? { replace: place.replace, items } : undefined;
  }
  const spec = keysIn(parentKeys ?? [], input.layout).find((s) => s.key === place.key);
  if (!spec || spec.shape.kind === 'list' || spec.shape.kind === 'mapping') return undefined;
  const items = valueEntries(spec.shape, input);
  return items.length > 0 ? { replace: place.replace, items } : undefined;
}

function mappingKeysAt(path: readonly string[], layout: Layout): readonly KeySpec[] | undefined {
  const spec = specAt(path, layout);
  return spec && mappingKeys(spec.shape);
}

function keyEntry(spec: KeySpec, layout: Layout, index: number): CompletionEntry {
  return {
    label: spec.key,
    kind: 'key',
    detail: `${spec.required ? 'required' : 'optional'}: ${shapeName(spec.shape)}`,
    documentation: spec.doc,
    insertText: `${spec.key}:${valueSnippet(spec.shape, layout, { next: 1 })}`,
    // Required keys first, in the model's order.
    sortText: `${spec.required ? 0 : 1}${String(index).padStart(3, '0')}`,
  };
}

/** What follows `key:` in a snippet: a value placeholder, a list item, or the required keys of a mapping. */
function valueSnippet(shape: Shape, layout: Layout, tab: { next: number }, depth = 0): string {
  switch (shape.kind) {
    case 'enum':
      return ` \${${tab.next++}|${shape.values.map((v) => v.replace(/[,|\\$}]/g, (c) => `\\${c}`)).join(',')}|}`;
    case 'list': {
      const item = shape.item;
      if (item.kind === 'mapping' && depth < 2) {
        const keys = keysIn(item.keys, layout).filter((k) => k.required);
        const lines = keys.map((k, i) => `${i === 0 ? '- ' : '  '}${k.key}:${valueSnippet(k.shape, layout, tab, depth + 1).replace(/\n/g, '\n  ')}`);
        return `\n${lines.join('\n')}`;
      }
      return `\n- ${item.kind === 'enum' ? `\${${tab.next++}|${item.values.join(',')}|}` : `$${tab.next++}`}`;
    }
    case 'mapping': {
      if (depth >= 2) return `\n  $${tab.next++}`;
      const keys = keysIn(shape.keys, layout).filter((k) => k.required);
      return `\n${keys.map((k) => `  ${k.key}:${valueSnippet(k.shape, layout, tab, depth + 1).replace(/\n/g, '\n  ')}`).join('\n')}`;
    }
    case 'boolean':
      return ` \${${tab.next++}|true,false|}`;
    default:
      return ` $${tab.next++}`;
  }
}

function shapeName(shape: Shape): string {
  switch (shape.kind) {
    case 'list':
      return `list of ${shapeName(shape.item)}`;
    case 'mapping':
      return 'mapping';
    case 'enum':
      return shape.values.length <= 4 ? shape.values.join(' | ') : `one of ${shape.values.length} values`;
    case 'string':
      return shape.format ?? (shape.reference ? `${shape.reference} name` : 'string');
    default:
      return shape.kind;
  }
}

function scalar(value: string): string {
  return needsQuotes(value) ? `'${value.replace(/'/g, "''")}'` : value;
}

function valueEntries(shape: Shape, input: CompletionInput): CompletionEntry[] {
  const escape = (value: string) => scalar(value).replace(/[\\$}]/g, (c) => `\\${c}`);
  if (shape.kind === 'enum') return shape.values.map((value) => ({ label: value, kind: 'value', insertText: escape(value) }));
  if (shape.kind === 'boolean') return ['true', 'false'].map((value) => ({ label: value, kind: 'value', insertText: value }));
  if (shape.kind !== 'string') return [];
  if (shape.reference === 'data-source') {
    return (input.repository?.dataSources() ?? []).map((source) => ({
      label: source.name,
      kind: 'data-source',
      detail: [source.source, source.sourcetype].filter(Boolean).join(' · '),
      ...(source.description ? { documentation: source.description } : {}),
      insertText: escape(source.name),
    }));
  }
  if (shape.reference === 'story') {
    return (input.repository?.stories() ?? []).map((story) => ({
      label: story.name,
      kind: 'story',
      ...(story.description ? { documentation: story.description } : {}),
      insertText: escape(story.name),
    }));
  }
  const fields = input.resultFields;
  if (shape.resultField && fields?.kind === 'known') {
    const detail = `a field of the search's results (after \`${fields.producer.command}\`)`;
    return [...fields.names].sort().map((field) => ({ label: field, kind: 'field', detail, insertText: escape(field) }));
  }
  if (shape.format === 'attack-id' && input.repository?.attack) {
    return [...input.repository.attack.techniques.values()]
      .filter((t) => !t.retired)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((t) => ({ label: t.id, kind: 'technique', detail: t.name, ...(t.tactics.length ? { documentation: t.tactics.join(', ') } : {}), insertText: t.id }));
  }
  return [];
}
