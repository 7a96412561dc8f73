/**
 * Readers for the content a detection refers to: `data_sources/*.yml` and `stories/*.yml`. Only what
 * checks, completion and hover need is kept, each with where it sits in its file.
 */
import type { Span } from '../text/span';
import { parseYaml } from '../workspace/yamlDocument';
import { repairedToFile, repairQuotedContinuations } from '../workspace/yamlLenient';
import { entryOf, mapYamlSpans, scalarString, toYamlValue, type YamlValue } from '../workspace/yamlTree';

export type ContentKind = 'data-source' | 'story';

export interface ContentFile {
  kind: ContentKind;
  path: string;
  name: string;
  /** The `name:` value in the file. */
  nameSpan: Span;
  description?: string;
}

export interface DataSourceFile extends ContentFile {
  kind: 'data-source';
  source?: string;
  sourcetype?: string;
  /** `fields:` (the fields its events have, as the add-on extracts them). */
  fields: string[];
  exampleLog?: string;
}

export interface StoryFile extends ContentFile {
  kind: 'story';
  narrative?: string;
}

/** By path: a `.yml`/`.yaml` file whose folder is `data_sources` or `stories`. */
export function classifyContentPath(path: string): ContentKind | undefined {
  const parts = path.split(/[\\/]+/);
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  if (!base.endsWith('.yml') && !base.endsWith('.yaml')) return undefined;
  const folder = (parts[parts.length - 2] ?? '').toLowerCase();
  if (folder === 'data_sources') return 'data-source';
  if (folder === 'stories') return 'story';
  return undefined;
}

/** Reads a data source or story file; undefined when it has no `name:`. Never throws. */
export function readContentFile(path: string, text: string): DataSourceFile | StoryFile | undefined {
  const kind = classifyContentPath(path);
  const root = kind && readTree(text);
  const nameEntry = entryOf(root, 'name');
  const name = scalarString(nameEntry?.value)?.trim();
  if (!kind || !nameEntry?.value || !name) return undefined;
  const description = scalarString(entryOf(root, 'description')?.value);
  const common = { path, name, nameSpan: nameEntry.value.span, ...(description !== undefined ? { description } : {}) };
  if (kind === 'story') {
    const narrative = scalarString(entryOf(root, 'narrative')?.value);
    return { ...common, kind, ...(narrative !== undefined ? { narrative } : {}) };
  }
  const fieldsValue = entryOf(root, 'fields')?.value;
  const fields = fieldsValue?.kind === 'sequence' ? fieldsValue.items.flatMap((item) => scalarString(item) ?? []) : [];
  const source = scalarString(entryOf(root, 'source')?.value);
  const sourcetype = scalarString(entryOf(root, 'sourcetype')?.value);
  const exampleLog = scalarString(entryOf(root, 'example_log')?.value);
  return {
    ...common,
    kind,
    fields,
    ...(source !== undefined ? { source } : {}),
    ...(sourcetype !== undefined ? { sourcetype } : {}),
    ...(exampleLog !== undefined ? { exampleLog } : {}),
  };
}

/** The YAML tree, read as PyYAML would when a quoted value continues under its key (workspace/yamlLenient.ts). */
function readTree(text: string): YamlValue | undefined {
  const strict = parseYaml(text);
  const tree = strict.doc ? toYamlValue(strict.doc, strict.doc.contents, text) : null;
  if (!strict.diagnostics.some((d) => d.severity === 'error')) return tree ?? undefined;
  const repair = repairQuotedContinuations(text);
  const lenient = repair.insertions.length > 0 ? parseYaml(repair.text) : undefined;
  const repaired = lenient?.doc ? toYamlValue(lenient.doc, lenient.doc.contents, repair.text) : null;
  if (!repaired) return tree ?? undefined;
  const toFile = repairedToFile(repair.insertions);
  return mapYamlSpans(repaired, (span) => ({ start: toFile(span.start), end: toFile(span.end) }));
}
