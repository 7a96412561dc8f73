// Editor queries on lookup table names (`lookup NAME ...`, `| inputlookup NAME`, `outputlookup NAME`):
// what the name resolves to in the workspace's `lookups/` folder, the same folder a run reads
// (runDetection's default), for hover and go to definition.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { walk, type AnyNode } from '../../spl/visit';
import type { Span } from '../../text/span';
import { spanToFile } from '../../text/embeddedSearch';
import { searchAtOffset } from '../../macros/callAtCursor';
import type { Project } from '../../workspace/project';
import { findLookupsFolder } from '../../workspace/root';
import { LookupError, LookupFolder, parseCsv, type LookupDefinition } from './lookupTables';

const LOOKUP_COMMANDS = new Set(['lookup', 'inputlookup', 'outputlookup']);
/** The CSV header is read from the file's start only: a hover never reads a whole table. */
const HEADER_BYTES = 64 * 1024;

/** A lookup table name written in a search, with its span in the file. */
export interface LookupNameAt {
  name: string;
  span: Span;
}

/** The table name of a lookup command under the file offset (searches as written, not expanded). */
export function lookupNameAt(project: Project, path: string, offset: number): LookupNameAt | undefined {
  for (const analyzed of project.analyze(path)?.searches ?? []) {
    let found: LookupNameAt | undefined;
    walk(analyzed.parse.ast, (node: AnyNode) => {
      if (found || !('table' in node) || !LOOKUP_COMMANDS.has(node.kind)) return;
      const table = node.table as { kind: string; span: Span; text?: string; value?: string } | null;
      if (!table || (table.kind !== 'word' && table.kind !== 'string')) return;
      const span = spanToFile(analyzed.search, table.span);
      if (offset >= span.start && offset <= span.end) found = { name: table.kind === 'string' ? table.value! : table.text!, span };
    });
    if (found) return found;
  }
  return undefined;
}

function folderFor(path: string): LookupFolder {
  return new LookupFolder(findLookupsFolder(path));
}

interface LookupAt {
  at: LookupNameAt;
  folder: LookupFolder;
  definition?: LookupDefinition;
  problem?: string;
}

/** The lookup name under the offset and its definition, or why the name has none. */
function lookupAt(project: Project, path: string, offset: number): LookupAt | undefined {
  const at = lookupNameAt(project, path, offset);
  if (!at) return undefined;
  const folder = folderFor(path);
  try {
    return { at, folder, definition: folder.definition(at.name) };
  } catch (error) {
    if (!(error instanceof LookupError)) throw error;
    return { at, folder, problem: error.message };
  }
}

/** Markdown for a hover on a lookup table name: its definition, file and fields, or why it cannot be read. */
export function lookupHover(project: Project, path: string, offset: number, display: (file: string) => string): { span: Span; markdown: string } | undefined {
  const found = lookupAt(project, path, offset);
  if (!found) return undefined;
  const { at, definition } = found;
  if (!definition) return { span: at.span, markdown: `**\`${at.name}\`**: ${found.problem}` };
  const lines = [`**\`${definition.name}\`** — lookup${definition.source ? ` defined in \`${display(definition.source)}\`` : ''}`];
  if (definition.description) lines.push('', definition.description.trim());
  lines.push('', ...facts(found.folder, definition, display));
  return { span: at.span, markdown: lines.join('\n') };
}

function facts(folder: LookupFolder, definition: LookupDefinition, display: (file: string) => string): string[] {
  const out: string[] = [];
  const file = folder.readable(definition.file, `lookup '${definition.name}'`);
  const header = file.ok ? readHeader(file.path) : undefined;
  if (definition.collection) {
    out.push(`- KV store collection \`${definition.collection.name}\`: ` + (header ? `local rows from \`${display(definition.file)}\`` : `no local data (a run reads it as empty; rows may be put in \`${basename(definition.file)}\`)`));
  } else out.push(`- file: \`${display(definition.file)}\`` + (header ? '' : file.ok ? ' (cannot be read)' : ` (${file.reason})`));
  const fields = header ?? definition.collection?.fields;
  if (fields) out.push(`- fields: ${fields.map((f) => `\`${f}\``).join(', ')}`);
  const matches = [...definition.matchTypes].map(([field, type]) => `${type}(${field})`);
  if (matches.length > 0) out.push(`- match_type: ${matches.join(', ')}`);
  out.push(`- matching: ${definition.caseSensitive ? 'case-sensitive' : 'ignores case'}, at most ${definition.maxMatches} row(s)` + (definition.defaultMatch !== '' ? `, default \`${definition.defaultMatch}\` below ${definition.minMatches} match(es)` : ''));
  return out;
}

/** The CSV's header row, or undefined when the file cannot be read. */
function readHeader(file: string): string[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(HEADER_BYTES);
    const read = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    const text = buffer.subarray(0, read).toString('utf8');
    const end = text.search(/\r?\n/);
    const header = parseCsv(end >= 0 ? text.slice(0, end) : text)[0];
    return header?.map((h) => h.trim());
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Where a lookup name is defined: the `name:` value of its definition, or the CSV a bare file name reads. */
export function lookupDefinitionAt(project: Project, path: string, offset: number): { path: string; span: Span; text: string } | undefined {
  const found = lookupAt(project, path, offset);
  const definition = found?.definition;
  if (!found || !definition) return undefined;
  const target = definition.source ?? definition.file;
  const readable = found.folder.readable(target, `lookup '${definition.name}'`);
  if (!readable.ok) return undefined;
  let text: string;
  try {
    text = readFileSync(readable.path, 'utf8');
  } catch {
    return undefined;
  }
  return { path: target, span: nameSpan(definition, text), text };
}

/** The name where the definition file writes it: a YAML `name:` value or a transforms.conf `[stanza]`. */
function nameSpan(definition: LookupDefinition, text: string): Span {
  if (!definition.source) return { start: 0, end: 0 };
  if (/\.conf$/i.test(definition.source)) {
    const header = new RegExp(`^[ \\t]*\\[(${definition.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\]`, 'm').exec(text);
    const start = header ? header.index + header[0].indexOf('[') + 1 : 0;
    return { start, end: start + (header ? definition.name.length : 0) };
  }
  const name = /^name:[ \t]*['"]?([^'"\r\n]*?)['"]?[ \t]*$/m.exec(text);
  const start = name ? name.index + name[0].indexOf(name[1], 'name:'.length) : 0;
  return { start, end: start + (name ? name[1].length : 0) };
}

export interface LookupCompletion {
  label: string;
  detail: string;
  documentation?: string;
}

/** The table name being typed after `lookup` / `inputlookup` / `outputlookup` (and their options). */
const TABLE_BEING_TYPED = /(?:^|[|[])\s*(?:lookup|inputlookup|outputlookup)((?:\s+[A-Za-z_]+\s*=\s*[^\s|\]]+)*)\s+([A-Za-z0-9_.:-]*)$/i;

/** Lookup names from the workspace's `lookups/` while the cursor is at a lookup command's table name. */
export function lookupCompletions(project: Project, path: string, offset: number): { replace: Span; items: LookupCompletion[] } | undefined {
  const document = project.document(path);
  const at = document && searchAtOffset(document, offset);
  if (!at) return undefined;
  const before = at.search.text.slice(Math.max(0, at.local - 500), at.local);
  const typed = TABLE_BEING_TYPED.exec(before);
  if (!typed) return undefined;
  const start = at.local - typed[2].length;
  const items = folderFor(path)
    .names()
    .map(({ name, definition, problem }): LookupCompletion => ({
      label: name,
      detail: problem ?? (definition?.collection ? `KV store collection ${definition.collection.name}` : definition ? basename(definition.file) : 'CSV file'),
      ...(definition?.description ? { documentation: definition.description.trim() } : {}),
    }));
  return { replace: spanToFile(at.search, { start, end: at.local }), items };
}
