import { sep } from 'node:path';
import type { MacroSource } from './macroDefinition';
import { builtinMacros } from './builtins';
import { macroKey, type MacroEntry, type MacroOrigin } from './macroEntry';

/** Later layers override earlier ones, as Splunk layers default/ under local/. */
const LAYER_RANK: Record<MacroOrigin, number> = {
  'implicit-filter': 0,
  builtin: 1,
  default: 2,
  yaml: 2,
  local: 3,
};

export function entriesFromDocument(document: MacroSource): MacroEntry[] {
  const origin = originOfFile(document.path, document.kind);
  if (!origin) return [];
  return (document.macros ?? []).map((info) => ({
    name: info.name,
    arity: info.arity,
    args: info.args,
    definitionText: info.definition?.text ?? '',
    definition: info.definition,
    ...(info.definitionProblem ? { definitionProblem: info.definitionProblem } : {}),
    file: document.path,
    nameSpan: info.nameSpan,
    origin,
    description: info.description,
    iseval: info.iseval,
    validation: info.validation,
    errormsg: info.errormsg,
  }));
}

function originOfFile(path: string, kind: MacroSource['kind']): MacroOrigin | undefined {
  if (kind === 'macro-yaml') return 'yaml';
  if (kind !== 'macros-conf') return undefined;
  return path.split(sep).includes('local') || path.split('/').includes('local') ? 'local' : 'default';
}

/**
 * Every macro definition of a workspace, kept per file so that a changed file replaces only its own
 * entries. Lookups resolve Splunk's layering and overloading by argument count.
 */
export class MacroIndex {
  private readonly byFile = new Map<string, MacroEntry[]>();
  private readonly builtins: MacroEntry[];
  private byKey: Map<string, MacroEntry[]> | undefined;

  constructor(options: { builtins?: boolean } = {}) {
    this.builtins = options.builtins === false ? [] : builtinMacros();
  }

  static fromDocuments(documents: MacroSource[]): MacroIndex {
    const index = new MacroIndex();
    for (const document of documents) index.setDocument(document);
    return index;
  }

  setDocument(document: MacroSource): void {
    this.setFile(document.path, entriesFromDocument(document));
  }

  setFile(path: string, entries: MacroEntry[]): void {
    if (entries.length === 0 && !this.byFile.has(path)) return;
    if (entries.length === 0) this.byFile.delete(path);
    else this.byFile.set(path, entries);
    this.byKey = undefined;
  }

  removeFile(path: string): void {
    if (this.byFile.delete(path)) this.byKey = undefined;
  }

  get files(): string[] {
    return [...this.byFile.keys()];
  }

  /** All definitions of `name(arity)`, strongest first. */
  definitions(name: string, arity: number): MacroEntry[] {
    return this.keyed().get(macroKey(name, arity)) ?? [];
  }

  /**
   * The definition Splunk would use for `name(arity)`. Splunk merges a macro's layers key by key, so
   * a layer without `definition` (a local/ stanza setting only `args`) takes the one below it.
   */
  resolve(name: string, arity: number): MacroEntry | undefined {
    const layers = this.definitions(name, arity);
    return layers.find((entry) => !entry.definitionProblem?.missing) ?? layers[0];
  }

  /** The winning definition of every arity of `name`, by arity. */
  overloads(name: string): MacroEntry[] {
    const found: MacroEntry[] = [];
    for (const entries of this.keyed().values()) {
      if (entries[0].name === name) found.push(entries[0]);
    }
    return found.sort((a, b) => a.arity - b.arity);
  }

  /** The winning definition of every macro, sorted by name then arity. */
  all(): MacroEntry[] {
    return [...this.keyed().values()]
      .map((entries) => entries[0])
      .sort((a, b) => a.name.localeCompare(b.name) || a.arity - b.arity);
  }

  /** Definitions of one key made twice in the same layer (Splunk would keep only one). */
  duplicates(): MacroEntry[][] {
    const groups: MacroEntry[][] = [];
    for (const entries of this.keyed().values()) {
      const top = entries.filter((e) => LAYER_RANK[e.origin] === LAYER_RANK[entries[0].origin] && e.file);
      if (top.length > 1) groups.push(top);
    }
    return groups;
  }

  private keyed(): Map<string, MacroEntry[]> {
    if (this.byKey) return this.byKey;
    const map = new Map<string, MacroEntry[]>();
    const add = (entry: MacroEntry) => {
      const key = macroKey(entry.name, entry.arity);
      const list = map.get(key);
      if (list) list.push(entry);
      else map.set(key, [entry]);
    };
    this.builtins.forEach(add);
    const paths = [...this.byFile.keys()].sort();
    for (const path of paths) this.byFile.get(path)!.forEach(add);
    for (const list of map.values()) list.sort((a, b) => LAYER_RANK[b.origin] - LAYER_RANK[a.origin]);
    this.byKey = map;
    return map;
  }
}
