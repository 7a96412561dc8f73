import type { TextEdit } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { MacroReference, Project } from './project';
import { spanToFile, type EmbeddedSearch } from '../text/embeddedSearch';
import { filterMacroName, implicitFilterMacro } from '../macros/builtins';
import { callBeingTyped, openBacktickBefore, searchAtOffset, type CallBeingTyped } from '../macros/callAtCursor';
import { bindArguments, expandSearch } from '../macros/expand';
import { formatPipeline } from '../macros/format';
import { describeOrigin, macroKey, type MacroEntry } from '../macros/macroEntry';

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
  const span = nameOnly(entry) ?? (entry.definition && spanToFile(entry.definition, { start: 0, end: entry.definition.text.length }));
  return span && { path: entry.file, span };
}

/** The macro's name where it is defined: a conf stanza's nameSpan also covers the `(N)` after it. */
function nameOnly(entry: MacroEntry): Span | undefined {
  const span = entry.nameSpan;
  return span && { start: span.start, end: Math.min(span.end, span.start + entry.name.length) };
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
  if (!reference) return { span, markdown: [...lines, ...definitionHover(project, entry, display)].join('\n') };
  const expansion = expandSearch(reference.search.text.slice(reference.call.span.start, reference.call.span.end), project.macros);
  const top = expansion.calls.find((c) => c.frame.depth === 1);
  if (top) lines.push('', 'Expands to:', '```spl', top.oneLevel, '```');
  if (top && top.expanded !== top.oneLevel) lines.push('', 'Fully expanded:', ...expandedBlock(expansion.text));
  for (const problem of expansion.diagnostics) lines.push('', `⚠ ${problem.code}: ${problem.message}`);
  return { span, markdown: lines.join('\n') };
}

/**
 * On a definition the hover shows that definition's own text (a default/ stanza may be overridden
 * by local/: searches then use the other one, and the hover says so).
 */
function definitionHover(project: Project, entry: MacroEntry, display: (file: string) => string): string[] {
  const lines: string[] = [];
  const winner = project.macros.resolve(entry.name, entry.arity);
  if (winner && winner !== entry) lines.push('', `Overridden by ${whereDefined(project, winner, display)}: searches use that definition.`);
  if (entry.args.length > 0) lines.push('', 'Arguments: ' + entry.args.map((a) => `\`${a}\``).join(', '));
  lines.push('', 'Definition:', '```spl', entry.definitionText, '```');
  const expansion = expandSearch(entry.definitionText, project.macros);
  if (expansion.calls.length > 0) lines.push('', 'Fully expanded:', ...expandedBlock(expansion.text));
  for (const problem of expansion.diagnostics) lines.push('', `⚠ ${problem.code}: ${problem.message}`);
  return lines;
}

/** A hover shows at most this much of an expansion; the Expand Macros command shows all of it. */
export const HOVER_EXPANSION_LENGTH = 10_000;

function expandedBlock(text: string): string[] {
  const formatted = formatPipeline(text);
  if (formatted.length <= HOVER_EXPANSION_LENGTH) return ['```spl', formatted, '```'];
  const more = formatted.length - HOVER_EXPANSION_LENGTH;
  return ['```spl', formatted.slice(0, HOVER_EXPANSION_LENGTH), '```', `(${more} more characters: Expand Macros shows the whole search)`];
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
      const span = nameOnly(entry);
      if (entry.file && span) locations.unshift({ path: entry.file, span });
    }
  }
  return locations;
}

const VALID_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/**
 * The name a rename at the offset would change (a call's name or a definition's name, without a
 * stanza's `(N)`), or why it cannot be renamed: built-in and implicit filter macros are not defined
 * in the workspace, so renaming their calls would only break them. Undefined: no macro there.
 */
export function renameTarget(project: Project, path: string, offset: number): { span: Span; name: string; arity: number } | { error: string } | undefined {
  const target = macroAt(project, path, offset);
  if (!target) return undefined;
  const key = macroKey(target.name, target.arity);
  if (target.entry?.origin === 'builtin') return { error: `\`${key}\` is built in (Splunk CIM / ES app), not defined in this workspace: it cannot be renamed here.` };
  if (target.entry?.origin === 'implicit-filter') {
    return { error: `\`${key}\` is a detection's filter macro: contentctl derives its name from the detection's name.` };
  }
  const span = target.reference?.nameSpan ?? (target.entry && nameOnly(target.entry));
  return span && { span, name: target.name, arity: target.arity };
}

/** Edits that rename a macro everywhere: every call with this arity and every definition's name. */
export function renameMacro(project: Project, path: string, offset: number, newName: string): { edits: Map<string, TextEdit[]> } | { error: string } {
  const target = renameTarget(project, path, offset);
  if (!target) return { error: 'No macro at this position.' };
  if ('error' in target) return target;
  if (!VALID_NAME.test(newName)) return { error: `'${newName}' is not a valid macro name (letters, digits, _ . : -).` };
  if (newName !== target.name && project.macros.definitions(newName, target.arity).length > 0) {
    return { error: `\`${macroKey(newName, target.arity)}\` is already defined (${describeOrigin(project.macros.resolve(newName, target.arity)!)}).` };
  }
  const edits = new Map<string, TextEdit[]>();
  const add = (file: string, span: Span) => {
    const list = edits.get(file) ?? [];
    list.push({ span, newText: newName });
    edits.set(file, list);
  };
  for (const reference of project.references(target.name, target.arity)) add(reference.path, reference.nameSpan);
  for (const entry of project.macros.definitions(target.name, target.arity)) {
    const span = nameOnly(entry);
    if (entry.file && span) add(entry.file, span);
  }
  return { edits };
}

export interface MacroCompletion {
  label: string;
  /** A macro name, or an argument name for `name=value` (Splunk binds arguments by name too). */
  kind: 'macro' | 'argument';
  detail: string;
  documentation?: string;
  /** A snippet with `${n:arg}` placeholders for the arguments. */
  snippet: string;
}

/**
 * Completions at the offset: macro names inside an open backtick call's name, argument names at
 * the start of an argument of a call with parentheses. `replace` is the text typed so far.
 */
export function macroCompletions(project: Project, path: string, offset: number): { replace: Span; items: MacroCompletion[] } | undefined {
  const document = project.document(path);
  const at = document && searchAtOffset(document, offset);
  if (!document || !at) return undefined;
  const { search, local } = at;
  const call = callBeingTyped(search.text, local);
  if (call) return argumentCompletions(project, search, local, call);
  const open = openBacktickBefore(search.text, local);
  if (open === undefined) return undefined;
  if (!/^[A-Za-z0-9_.:-]*$/.test(search.text.slice(open + 1, local))) return undefined;
  const entries = project.macros.all();
  const filter = document.kind === 'detection' && document.detection?.name ? filterMacroName(document.detection.name) : undefined;
  if (filter && !entries.some((e) => e.name === filter && e.arity === 0)) entries.push(implicitFilterMacro(filter));
  const items = entries.map((entry): MacroCompletion => ({
    label: macroKey(entry.name, entry.arity),
    kind: 'macro',
    detail: describeOrigin(entry),
    documentation: entry.description,
    snippet: entry.arity === 0 ? entry.name : `${entry.name}(${parameterNames(entry).map((a, i) => `\${${i + 1}:${a}}`).join(', ')})`,
  }));
  return { replace: spanToFile(search, { start: open + 1, end: local }), items };
}

/** `name=` items while the argument typed so far could still be an argument name. */
function argumentCompletions(project: Project, search: EmbeddedSearch, local: number, call: CallBeingTyped): { replace: Span; items: MacroCompletion[] } | undefined {
  const typed = search.text.slice(call.argumentStart, local);
  const start = call.argumentStart + (typed.length - typed.trimStart().length);
  if (!/^[A-Za-z_]?[A-Za-z0-9_-]*$/.test(search.text.slice(start, local))) return undefined;
  const entry = signatureEntry(project, call);
  if (!entry) return undefined;
  const items = entry.args.map((arg, i): MacroCompletion => ({
    label: `${arg}=`,
    kind: 'argument',
    detail: `argument ${i + 1} of ${macroKey(entry.name, entry.arity)}`,
    documentation: entry.description,
    snippet: `${arg}=\${1}`,
  }));
  return { replace: spanToFile(search, { start, end: local }), items };
}

export interface MacroSignature {
  label: string;
  parameters: string[];
  activeParameter: number;
  documentation?: string;
}

/**
 * Signature help inside the parentheses of a call, closed or still being typed: the overload for the
 * arguments typed so far; a `name=` argument makes its parameter the active one.
 */
export function macroSignature(project: Project, path: string, offset: number): MacroSignature | undefined {
  const document = project.document(path);
  const at = document && searchAtOffset(document, offset);
  const call = at && callBeingTyped(at.search.text, at.local);
  if (!at || !call) return undefined;
  const reference = macroCallAt(project, path, offset);
  const entry = signatureEntry(project, call, reference?.name === call.name ? reference.arity : undefined);
  if (!entry) return undefined;
  const named = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=/.exec(at.search.text.slice(call.argumentStart, at.local));
  const byName = named ? entry.args.indexOf(named[1]) : -1;
  const parameters = parameterNames(entry);
  const active = byName >= 0 ? byName : Math.min(call.argumentIndex, parameters.length - 1);
  return { label: `${entry.name}(${parameters.join(', ')})`, parameters, activeParameter: active, documentation: entry.description };
}

/** One name per argument: a stanza `[name(2)]` without (enough) `args` gets `arg1`, `arg2` for the missing ones. */
function parameterNames(entry: MacroEntry): string[] {
  return Array.from({ length: entry.arity }, (_, i) => entry.args[i] ?? `arg${i + 1}`);
}

/** The written arity when the call is complete, else the first overload with room for the argument at the cursor. */
function signatureEntry(project: Project, call: CallBeingTyped, arity?: number): MacroEntry | undefined {
  const overloads = project.macros.overloads(call.name).filter((m) => m.arity > 0);
  return (
    overloads.find((m) => m.arity === arity) ?? overloads.find((m) => m.arity > call.argumentIndex) ?? overloads[overloads.length - 1]
  );
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
