import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { DOC } from './docCodes';
import type { MacroDefinitionInfo, SplDocument } from './documents';
import { summarize } from './outline';
import { diag, mapEntries, nodeSpan, parseYaml, resolveAlias, scalarText, searchFromEntry, type MapEntry } from './yamlDocument';

/** `name(2)` written as a macro's name: the bare name and the count. */
export function splitMacroName(written: string): { name: string; arity?: number } {
  const match = /^(.*?)\s*\(\s*(\d+)\s*\)$/.exec(written.trim());
  return match ? { name: match[1], arity: Number(match[2]) } : { name: written.trim() };
}

export function macroDisplayName(name: string, arity: number): string {
  return arity === 0 ? name : `${name}(${arity})`;
}

/** Reads a security_content macro YAML: `name`, `definition`, `arguments`, `description`. */
export function readMacroYaml(path: string, text: string): SplDocument {
  const { doc, diagnostics } = parseYaml(text);
  const document: SplDocument = { path, kind: 'macro-yaml', text, searches: [], diagnostics, symbols: [], macros: [] };
  if (!doc) return document;
  const root = resolveAlias(doc, doc.contents);
  if (!isMap(root)) {
    if (root) diagnostics.push(diag(text, nodeSpan(root) ?? { start: 0, end: 0 }, 'error', DOC.NOT_A_MAPPING, 'A macro must be a mapping of keys (name:, definition: ...)'));
    return document;
  }
  const entries = mapEntries(root);
  const stanzaSpan = nodeSpan(root) ?? { start: 0, end: text.length };
  const nameEntry = entries.get('name');
  const written = scalarText(doc, nameEntry?.value);
  const fileName = (path.split(/[\\/]/).pop() ?? path).replace(/\.ya?ml$/i, '');
  const { name, arity: writtenArity } = splitMacroName(written ?? fileName);
  const nameSpan = nodeSpan(nameEntry?.value) ?? nameEntry?.keySpan ?? { start: stanzaSpan.start, end: stanzaSpan.start };

  const args = readArguments(text, doc, entries.get('arguments'), document);
  const arity = args.length;
  if (writtenArity !== undefined && writtenArity !== arity) {
    diagnostics.push(diag(text, nameSpan, 'error', DOC.MACRO_ARITY_MISMATCH, `The name says ${writtenArity} argument(s) but \`arguments:\` lists ${arity}`));
  }
  const display = macroDisplayName(name, arity);
  const macro: MacroDefinitionInfo = { name, arity, args, nameSpan, stanzaSpan };
  const optional = (key: string) => scalarText(doc, entries.get(key)?.value);
  const description = optional('description');
  if (description !== undefined) macro.description = description;
  const iseval = optional('iseval');
  if (iseval !== undefined) macro.iseval = isTrue(iseval);
  const validation = optional('validation');
  if (validation !== undefined) macro.validation = validation;
  const errormsg = optional('errormsg');
  if (errormsg !== undefined) macro.errormsg = errormsg;

  const definitionEntry = entries.get('definition');
  if (definitionEntry) {
    const read = searchFromEntry(text, doc, definitionEntry, 'macro-definition', `macro ${display}`);
    diagnostics.push(...read.diagnostics);
    if (read.search) {
      macro.definition = read.search;
      // An eval-based macro's definition is an eval expression, not SPL.
      if (!macro.iseval) document.searches.push(read.search);
    } else {
      macro.definitionProblem = { reason: `its \`definition:\` ${read.problem ?? 'cannot be read'}`, span: definitionEntry.valueOrKeySpan, missing: false };
    }
  } else {
    diagnostics.push(diag(text, nameSpan, 'warning', DOC.MACRO_NO_DEFINITION, `Macro \`${display}\` has no \`definition:\``));
    macro.definitionProblem = { reason: 'it has no `definition:`', span: nameSpan, missing: true };
  }
  document.macros = [macro];
  document.symbols.push({
    name: display,
    ...(macro.definition ? { detail: summarize(macro.definition.text) } : {}),
    kind: 'macro',
    span: stanzaSpan,
    selectionSpan: nameSpan,
    children: [],
  });
  return document;
}

function readArguments(text: string, doc: Document.Parsed, entry: MapEntry | undefined, document: SplDocument): string[] {
  if (!entry) return [];
  const value = resolveAlias(doc, entry.value);
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) {
    document.diagnostics.push(diag(text, entry.valueOrKeySpan, 'error', DOC.BAD_ARGUMENTS, '`arguments:` must be a list of argument names'));
    return [];
  }
  const args: string[] = [];
  for (const item of value.items) {
    const argument = scalarText(doc, item as Node);
    if (argument === undefined) {
      document.diagnostics.push(diag(text, nodeSpan(item as Node) ?? entry.valueOrKeySpan, 'error', DOC.BAD_ARGUMENTS, 'Each argument must be a name'));
      continue;
    }
    args.push(argument);
  }
  return args;
}

/** Splunk's boolean spellings for iseval. */
export function isTrue(value: string): boolean {
  return /^(1|true|t|yes|y)$/i.test(value.trim());
}
