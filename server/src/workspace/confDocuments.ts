import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { parseConf, type ConfSetting, type ConfStanza } from './confFile';
import { DOC } from './docCodes';
import type { DocumentSymbolInfo, MacroDefinitionInfo, SplDocument } from './documents';
import { embeddedSearchFromMap, type EmbeddedSearch } from '../text/embeddedSearch';
import { isTrue, macroDisplayName } from './macroYaml';
import { summarize } from './outline';
import { diag } from './yamlDocument';

/** Reads macros.conf (each stanza a macro) or savedsearches.conf (each `search =` an SPL string). */
export function readConfDocument(path: string, text: string, kind: 'macros-conf' | 'savedsearches-conf'): SplDocument {
  const conf = parseConf(text);
  const document: SplDocument = { path, kind, text, searches: [], diagnostics: conf.diagnostics, symbols: [] };
  const named = conf.stanzas.filter((stanza) => stanza.headerSpan && stanza.name !== 'default');
  if (kind === 'macros-conf') {
    document.macros = [];
    for (const group of groupByName(named)) {
      const macro = readMacroStanza(text, group, document.diagnostics);
      if (!macro) continue;
      document.macros.push(macro);
      if (macro.definition && !macro.iseval) document.searches.push(macro.definition);
    }
  } else {
    for (const stanza of named) {
      const search = lastSetting(stanza.settings, 'search');
      if (search) document.searches.push(confSearch(search, 'conf-search', savedSearchLabel(stanza.name)));
    }
  }
  document.searches.sort((a, b) => a.fileSpan.start - b.fileSpan.start);
  document.symbols = conf.stanzas.filter((stanza) => stanza.headerSpan).map((stanza) => stanzaSymbol(stanza, kind));
  return document;
}

function groupByName(stanzas: ConfStanza[]): ConfStanza[][] {
  const groups = new Map<string, ConfStanza[]>();
  for (const stanza of stanzas) {
    const group = groups.get(stanza.name);
    if (group) group.push(stanza);
    else groups.set(stanza.name, [stanza]);
  }
  return [...groups.values()];
}

function lastSetting(settings: ConfSetting[], key: string): ConfSetting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].key === key) return settings[i];
  return undefined;
}

function confSearch(setting: ConfSetting, role: EmbeddedSearch['role'], label: string): EmbeddedSearch {
  const { value } = setting;
  const fileSpan: Span = value.text.length > 0 ? { start: value.starts[0], end: value.end } : { start: value.end, end: value.end };
  return embeddedSearchFromMap(value, role, label, fileSpan);
}

const MACRO_STANZA = /^(.*?)\((\d+)\)$/;

/** `[name]` or `[name(N)]`; undefined when the parentheses are not a count. */
export function parseMacroStanzaName(stanzaName: string): { name: string; arity: number } | undefined {
  const match = MACRO_STANZA.exec(stanzaName);
  if (match) return match[1] ? { name: match[1], arity: Number(match[2]) } : undefined;
  if (stanzaName.includes('(') || stanzaName.includes(')') || stanzaName.trim() === '') return undefined;
  return { name: stanzaName, arity: 0 };
}

/** One macro from all occurrences of its stanza (Splunk merges them; later settings win). */
function readMacroStanza(text: string, group: ConfStanza[], diagnostics: Diagnostic[]): MacroDefinitionInfo | undefined {
  const first = group[0];
  const parsed = parseMacroStanzaName(first.name);
  if (!parsed) {
    diagnostics.push(diag(text, first.nameSpan, 'error', DOC.MACRO_BAD_STANZA, `[${first.name}] is not a macro name: use [name] or [name(N)] with N the number of arguments`));
    return undefined;
  }
  const settings = group.flatMap((stanza) => stanza.settings);
  const setting = (key: string) => lastSetting(settings, key);
  const { name, arity } = parsed;
  const display = macroDisplayName(name, arity);
  const argsSetting = setting('args');
  const args = argsSetting ? argsSetting.value.text.split(',').map((arg) => arg.trim()).filter((arg) => arg.length > 0) : [];
  if (args.length !== arity) {
    const where = argsSetting?.span ?? first.nameSpan;
    const message = argsSetting
      ? `[${display}] takes ${arity} argument(s) but \`args\` names ${args.length}`
      : `[${display}] takes ${arity} argument(s) but has no \`args\` setting naming them`;
    diagnostics.push(diag(text, where, 'error', DOC.MACRO_ARITY_MISMATCH, message));
  }
  const macro: MacroDefinitionInfo = {
    name,
    arity,
    args,
    nameSpan: first.nameSpan,
    stanzaSpan: { start: first.span.start, end: Math.max(...group.map((stanza) => stanza.span.end)) },
  };
  const definition = setting('definition');
  if (definition) macro.definition = confSearch(definition, 'macro-definition', `macro ${display}`);
  else {
    diagnostics.push(diag(text, first.nameSpan, 'warning', DOC.MACRO_NO_DEFINITION, `Macro \`${display}\` has no \`definition\``));
    macro.definitionProblem = { reason: 'it has no `definition`', span: first.nameSpan, missing: true };
  }
  const iseval = setting('iseval');
  if (iseval) macro.iseval = isTrue(iseval.value.text);
  for (const key of ['description', 'validation', 'errormsg'] as const) {
    const found = setting(key);
    if (found) macro[key] = found.value.text;
  }
  return macro;
}

function stanzaSymbol(stanza: ConfStanza, kind: 'macros-conf' | 'savedsearches-conf'): DocumentSymbolInfo {
  const parsed = kind === 'macros-conf' ? parseMacroStanzaName(stanza.name) : undefined;
  return {
    name: parsed ? macroDisplayName(parsed.name, parsed.arity) : `[${stanza.name}]`,
    kind: parsed ? 'macro' : 'stanza',
    span: stanza.span,
    selectionSpan: stanza.nameSpan,
    children: stanza.settings.map((setting) => ({
      name: setting.key,
      ...(setting.value.text ? { detail: summarize(setting.value.text) } : {}),
      kind: kind === 'savedsearches-conf' && setting.key === 'search' ? 'search' : 'key',
      span: setting.span,
      selectionSpan: setting.keySpan,
      children: [],
    })),
  };
}

/** The label of a saved search's `search =` (what `runDetection({ search })` and `--stanza` select). */
export function savedSearchLabel(stanza: string): string {
  return `[${stanza}] search`;
}
