import type { TextEdit } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { MacroReference, Project } from '../workspace/project';
import { spanToFile } from '../workspace/embeddedSearch';
import { implicitFilterMacro } from './builtins';
import { bindArguments, expandSearch } from './expand';
import { formatPipeline } from './format';
import { describeOrigin, macroKey, type MacroEntry } from './macroEntry';

/** A place in a file: absolute path and file offsets. */
export interface FileLocation {
  path: string;
  span: Span;
}

/** The macro call whose backticks contain the file offset (the closing backtick included). */
export function macroCallAt(project: Project, path: string, offset: number): MacroReference | undefined {
  return project.referencesIn(path).find((r) => offset >= r.span.start && offset <= r.span.end);
}

/** The definition a call resolves to, an implicit filter included. */
export function resolveCall(project: Project, reference: MacroReference): MacroEntry | undefined {
  const found = project.macros.resolve(reference.name, reference.arity);
  if (found) return found;
  if (reference.arity === 0 && reference.name.endsWith('_filter')) return implicitFilterMacro(reference.name);
  return undefined;
}

/** The macro a macro file defines at the offset (its `name:` value or stanza name). */
export function macroDefinedAt(project: Project, path: string, offset: number): MacroEntry | undefined {
  const document = project.document(path);
  const info = document?.macros?.find((m) => offset >= m.nameSpan.start && offset <= m.nameSpan.end);
  return info && project.macros.definitions(info.name, info.arity).find((e) => e.file === path);
}

/** The macro under the cursor, as a call or as a definition. */
export function macroAt(project: Project, path: string, offset: number): { entry?: MacroEntry; reference?: MacroReference; name: string; arity: number } | undefined {
  const reference = macroCallAt(project, path, offset);
  if (reference) return { reference, entry: resolveCall(project, reference), name: reference.name, arity: reference.arity };
  const entry = macroDefinedAt(project, path, offset);
  return entry && { entry, name: entry.name, arity: entry.arity };
}

export function definitionLocation(entry: MacroEntry): FileLocation | undefined {
  if (!entry.file) return undefined;
  const span = entry.definition ? spanToFile(entry.definition, { start: 0, end: entry.definition.text.length }) : entry.nameSpan;
  return span && { path: entry.file, span: entry.nameSpan ?? span };
}

/** Markdown for a hover on a macro call or definition: origin, description, arguments, expansions. */
export function macroHover(project: Project, path: string, offset: number, display: (file: string) => string): { span: Span; markdown: string } | undefined {
  const target = macroAt(project, path, offset);
  if (!target) return undefined;
  const span = target.reference?.span ?? target.entry?.nameSpan ?? { start: offset, end: offset };
  const { entry, reference } = target;
  if (!entry) {
    const overloads = project.macros.overloads(target.name).map((m) => '`' + macroKey(m.name, m.arity) + '`');
    const note = overloads.length ? `Defined only as ${overloads.join(', ')}.` : 'Not defined in this workspace.';
    return { span, markdown: `**\`${macroKey(target.name, target.arity)}\`**: undefined macro. ${note}` };
  }
  const lines: string[] = [`**\`${macroKey(entry.name, entry.arity)}\`** — ${whereDefined(project, entry, display)}`];
  if (entry.description) lines.push('', entry.description.trim());
  if (reference && entry.args.length > 0) {
    const bound = bindArguments(entry, reference.call);
    lines.push('', 'Arguments: ' + entry.args.map((a) => `\`${a}\` = \`${bound[a] ?? ''}\``).join(', '));
  }
  const callText = reference ? reference.search.text.slice(reference.call.span.start, reference.call.span.end) : '`' + entry.name + (entry.arity ? '(' + entry.args.map((a) => '$' + a + '$').join(',') + ')' : '') + '`';
  const expansion = expandSearch(callText, project.macros);
  const top = expansion.calls.find((c) => c.frame.depth === 1);
  if (top) lines.push('', 'Expands to:', '```spl', top.oneLevel, '```');
  if (top && top.expanded !== top.oneLevel) lines.push('', 'Fully expanded:', '```spl', formatPipeline(expansion.text), '```');
  for (const problem of expansion.diagnostics) lines.push('', `⚠ ${problem.code}: ${problem.message}`);
  return { span, markdown: lines.join('\n') };
}

function whereDefined(project: Project, entry: MacroEntry, display: (file: string) => string): string {
  if (!entry.file) return describeOrigin(entry);
  const document = project.document(entry.file);
  const line = document && entry.nameSpan ? lineOf(document.text, entry.nameSpan.start) : undefined;
  return `${display(entry.file)}${line ? ':' + line : ''} (${describeOrigin(entry)})`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every call of the macro under the cursor, and its definition(s) when asked. */
export function macroReferences(project: Project, path: string, offset: number, includeDefinition: boolean): FileLocation[] {
  const target = macroAt(project, path, offset);
  if (!target) return [];
  const locations: FileLocation[] = project.references(target.name, target.arity).map((r) => ({ path: r.path, span: r.nameSpan }));
  if (includeDefinition) {
    for (const entry of project.macros.definitions(target.name, target.arity)) {
      if (entry.file && entry.nameSpan) locations.unshift({ path: entry.file, span: entry.nameSpan });
    }
  }
  return locations;
}

const VALID_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/** Edits that rename a macro everywhere: every call with this arity and every definition's name. */
export function renameMacro(project: Project, path: string, offset: number, newName: string): { edits: Map<string, TextEdit[]> } | { error: string } {
  const target = macroAt(project, path, offset);
  if (!target) return { error: 'No macro at this position.' };
  if (!VALID_NAME.test(newName)) return { error: `'${newName}' is not a valid macro name (letters, digits, _ . : -).` };
  const edits = new Map<string, TextEdit[]>();
  const add = (file: string, span: Span) => {
    const list = edits.get(file) ?? [];
    list.push({ span, newText: newName });
    edits.set(file, list);
  };
  for (const reference of project.references(target.name, target.arity)) add(reference.path, reference.nameSpan);
  for (const entry of project.macros.definitions(target.name, target.arity)) {
    if (entry.file && entry.nameSpan) add(entry.file, entry.nameSpan);
  }
  return { edits };
}

export interface MacroCompletion {
  label: string;
  detail: string;
  documentation?: string;
  /** A snippet with `${n:arg}` placeholders for the arguments. */
  snippet: string;
}

/** Completions when the offset is inside an open backtick call's name. */
export function macroCompletions(project: Project, path: string, offset: number): { replace: Span; items: MacroCompletion[] } | undefined {
  const document = project.document(path);
  if (!document) return undefined;
  for (const search of document.searches) {
    const start = search.toFileOffset(0);
    const end = search.toFileOffset(search.text.length);
    if (offset < start || offset > end) continue;
    const local = localOffset(search, offset);
    const open = openBacktickBefore(search.text, local);
    if (open === undefined) return undefined;
    const typed = search.text.slice(open + 1, local);
    if (!/^[A-Za-z0-9_.:-]*$/.test(typed)) return undefined;
    const replace = spanToFile(search, { start: open + 1, end: local });
    const items = project.macros.all().map((entry) => ({
      label: macroKey(entry.name, entry.arity),
      detail: describeOrigin(entry),
      documentation: entry.description,
      snippet: entry.arity === 0 ? entry.name : `${entry.name}(${entry.args.map((a, i) => `\${${i + 1}:${a}}`).join(', ')})`,
    }));
    return { replace, items };
  }
  return undefined;
}

function localOffset(search: { text: string; toFileOffset(i: number): number }, fileOffset: number): number {
  let low = 0;
  let high = search.text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (search.toFileOffset(mid) <= fileOffset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The offset of an unclosed backtick before `offset` (outside quotes and comments), if any. */
function openBacktickBefore(text: string, offset: number): number | undefined {
  let open: number | undefined;
  let i = 0;
  while (i < offset) {
    if (text[i] === '"' && open === undefined) {
      i++;
      while (i < offset && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (text.startsWith('```', i) && open === undefined) {
      const close = text.indexOf('```', i + 3);
      if (close < 0 || close >= offset) return undefined;
      i = close + 3;
    } else if (text[i] === '`') {
      open = open === undefined ? i : undefined;
      i++;
    } else {
      i++;
    }
  }
  return open;
}

export interface MacroSignature {
  label: string;
  parameters: string[];
  activeParameter: number;
  documentation?: string;
}

/** Signature help inside the parentheses of a call: the overload for the arguments typed so far. */
export function macroSignature(project: Project, path: string, offset: number): MacroSignature | undefined {
  const reference = macroCallAt(project, path, offset);
  if (!reference || !reference.call.args) return undefined;
  const search = reference.search;
  const local = localOffset(search, offset);
  const args = reference.call.args;
  let active = args.findIndex((a) => local <= a.span.end);
  if (active < 0) active = Math.max(0, args.length - 1);
  const overloads = project.macros.overloads(reference.name).filter((m) => m.arity > 0);
  const entry = overloads.find((m) => m.arity === reference.arity) ?? overloads[overloads.length - 1];
  if (!entry) return undefined;
  return { label: `${entry.name}(${entry.args.join(', ')})`, parameters: entry.args, activeParameter: Math.min(active, entry.args.length - 1), documentation: entry.description };
}

/** A link from each macro call to the file that defines it. */
export function macroLinks(project: Project, path: string): { span: Span; target: FileLocation }[] {
  const links: { span: Span; target: FileLocation }[] = [];
  for (const reference of project.referencesIn(path)) {
    const entry = resolveCall(project, reference);
    const location = entry && definitionLocation(entry);
    if (location) links.push({ span: reference.nameSpan, target: location });
  }
  return links;
}

/** The search at the offset (or the document's main search), fully expanded, one command per line. */
export function expandedSearchAt(project: Project, path: string, offset?: number): { label: string; text: string; complete: boolean } | undefined {
  const document = project.document(path);
  if (!document || document.searches.length === 0) return undefined;
  const search =
    (offset !== undefined && document.searches.find((s) => offset >= s.fileSpan.start && offset <= s.fileSpan.end)) ||
    document.searches.find((s) => s.role === 'search' || s.role === 'spl-file') ||
    document.searches[0];
  const expansion = expandSearch(search.text, project.macros);
  return { label: search.label, text: formatPipeline(expansion.text), complete: expansion.complete };
}
