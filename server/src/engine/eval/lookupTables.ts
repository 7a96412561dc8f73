// Lookup tables as security_content keeps them: `lookups/<x>.yml` definitions whose keys are
// transforms.conf's (filename, match_type, case_sensitive_match, min_matches, max_matches,
// default_match), next to the CSV files. Matching follows transforms.conf.spec (docs/semantics.md,
// "lookup"): exact by default, `WILDCARD(field)` / `CIDR(field)` per field, case-sensitive unless
// case_sensitive_match=false, at most max_matches rows (default 100) in file order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { excerpt } from '../../text/excerpt';
import { ReadScope, type ConfinedPath } from '../../workspace/confine';
import { cidrContains } from './functions/network';
import { transformsLookups } from './lookupTransforms';
import { compileWildcard } from './wildcard';

export type MatchType = 'EXACT' | 'WILDCARD' | 'CIDR';

export interface LookupDefinition {
  name: string;
  /** Absolute path of the CSV file (for a KV store collection: its optional local stand-in). */
  file: string;
  /** A KV store lookup: the collection and its `fields_list`. */
  collection?: { name: string; fields: string[] };
  /** The definition file (`lookups/<x>.yml`); absent for a bare CSV name. */
  source?: string;
  description?: string;
  /** Fields matched other than exactly (transforms.conf `match_type`). */
  matchTypes: ReadonlyMap<string, MatchType>;
  caseSensitive: boolean;
  minMatches: number;
  maxMatches: number;
  defaultMatch: string;
}

/** A lookup that cannot be used; the message names the table and the reason. */
export class LookupError extends Error {}

export interface LookupProvider {
  /** The table of a lookup name (a definition's `name`, or a CSV file name); throws LookupError. */
  table(name: string): LookupTable;
}

/** Splunk's defaults (transforms.conf.spec). */
const DEFAULTS = { caseSensitive: true, minMatches: 0, maxMatches: 100, defaultMatch: '' };

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') endRow();
    else if (c !== '\r' || text[i + 1] !== '\n') cell += c;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** `WILDCARD(a), WILDCARD(b),CIDR(c)` -> field -> type. */
export function parseMatchTypes(text: string): Map<string, MatchType> {
  const types = new Map<string, MatchType>();
  for (const m of text.matchAll(/\b(WILDCARD|CIDR|EXACT)\s*\(\s*([^)]*?)\s*\)/gi)) types.set(m[2], m[1].toUpperCase() as MatchType);
  return types;
}

function bool(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|t|1|yes)$/i.test(value.trim())) return true;
  if (typeof value === 'string' && /^(false|f|0|no)$/i.test(value.trim())) return false;
  return fallback;
}

function integer(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) ? n : fallback;
}

interface FieldIndex {
  /** Rows by (case-folded unless case-sensitive) cell text, for cells matched by equality. */
  exact: Map<string, number[]>;
  /** Rows whose cell is a pattern (a wildcard or a CIDR block). */
  patterns: PatternRows;
}

interface PatternRow {
  row: number;
  test: (value: string) => boolean;
}

/**
 * A field's pattern cells, found without testing each: a value tests only the wildcards it may
 * match. `*suffix` and `prefix*` cells (most of them: `*.dyndns.org`) are filed under their text, so a
 * value reads them by its own suffixes and prefixes; any other wildcard's literal runs must all occur
 * in a value it matches, so it is filed under a three-character piece of its longest run (the piece
 * fewest others share) and a value reads it by its own pieces. A table of 90,000 dynamic DNS domains
 * costs a few map reads per value instead of 90,000 tests. CIDR blocks and wildcards without a run
 * of three characters are tested each time.
 */
class PatternRows {
  private readonly tested: PatternRow[] = [];
  private readonly bySuffix = new Map<string, PatternRow[]>();
  private readonly byPrefix = new Map<string, PatternRow[]>();
  private readonly byPiece = new Map<number, PatternRow[]>();

  /** `wildcards`: each with its cell folded as its test folds it. */
  constructor(wildcards: Array<PatternRow & { folded: string }>, others: PatternRow[]) {
    const inner: Array<{ wildcard: PatternRow; run: string }> = [];
    for (const wildcard of wildcards) {
      const runs = wildcard.folded.split('*');
      if (runs.length === 2 && runs[0] === '' && runs[1] !== '') file(this.bySuffix, runs[1], wildcard);
      else if (runs.length === 2 && runs[1] === '' && runs[0] !== '') file(this.byPrefix, runs[0], wildcard);
      else inner.push({ wildcard, run: runs.reduce((x, y) => (y.length > x.length ? y : x), '') });
    }
    const shared = new Map<number, number>();
    for (const { run } of inner) {
      for (let i = 0; i + PIECE <= run.length; i++) {
        const piece = pieceAt(run, i);
        shared.set(piece, (shared.get(piece) ?? 0) + 1);
      }
    }
    for (const { wildcard, run } of inner) {
      let rarest: number | undefined;
      let count = Infinity;
      for (let at = 0; at + PIECE <= run.length; at++) {
        const piece = pieceAt(run, at);
        const n = shared.get(piece)!;
        if (n < count) {
          rarest = piece;
          count = n;
        }
      }
      if (rarest === undefined) this.tested.push(wildcard);
      else file(this.byPiece, rarest, wildcard);
    }
    this.tested.push(...others);
  }

  /** Adds to `rows` every pattern row matching `value` (`folded`: the value as the wildcards were folded). */
  collect(value: string, folded: string, rows: Set<number>): void {
    const test = (filed: PatternRow[] | undefined) => {
      if (filed) for (const pattern of filed) if (!rows.has(pattern.row) && pattern.test(value)) rows.add(pattern.row);
    };
    for (const pattern of this.tested) if (pattern.test(value)) rows.add(pattern.row);
    for (let i = 0; i <= folded.length; i++) {
      if (this.bySuffix.size > 0) test(this.bySuffix.get(folded.slice(i)));
      if (this.byPrefix.size > 0) test(this.byPrefix.get(folded.slice(0, i)));
      if (this.byPiece.size > 0 && i + PIECE <= folded.length) test(this.byPiece.get(pieceAt(folded, i)));
    }
  }
}

/**
 * The three characters at `at` as one small integer (ten bits of each, no string made): characters
 * that share their low ten bits share a piece, which only adds candidates, each of them tested.
 */
function pieceAt(text: string, at: number): number {
  return ((text.charCodeAt(at) & 1023) << 20) | ((text.charCodeAt(at + 1) & 1023) << 10) | (text.charCodeAt(at + 2) & 1023);
}

function file<K>(index: Map<K, PatternRow[]>, key: K, pattern: PatternRow): void {
  const filed = index.get(key);
  if (filed) filed.push(pattern);
  else index.set(key, [pattern]);
}

const PIECE = 3;

/** One CSV lookup: its rows and an index per matched field, built on first use. */
export class LookupTable {
  private readonly columns = new Map<string, number>();
  private readonly indexes = new Map<string, FieldIndex>();

  constructor(
    readonly definition: LookupDefinition,
    readonly fields: string[],
    readonly rows: string[][],
    /** What a run should be told about where the rows came from (an empty KV store collection). */
    readonly note?: string,
  ) {
    fields.forEach((f, i) => this.columns.has(f) || this.columns.set(f, i));
  }

  has(field: string): boolean {
    return this.columns.has(field);
  }

  /** A cell's text ('' for an empty cell or a short row). */
  value(row: number, field: string): string {
    const column = this.columns.get(field);
    return column === undefined ? '' : (this.rows[row][column] ?? '');
  }

  /**
   * Rows matching every input field (a multivalue input matches when any of its values does), in
   * file order, at most max_matches of them.
   */
  match(inputs: Array<{ field: string; values: string[] }>): number[] {
    if (inputs.length === 0) return [];
    const [first, ...rest] = inputs;
    const index = this.index(first.field);
    const candidates = new Set<number>();
    for (const value of first.values) {
      const folded = this.fold(value);
      for (const row of index.exact.get(folded) ?? []) candidates.add(row);
      index.patterns.collect(value, folded, candidates);
    }
    const matched: number[] = [];
    for (const row of [...candidates].sort((a, b) => a - b)) {
      if (rest.every((input) => input.values.some((v) => this.cellMatches(row, input.field, v)))) matched.push(row);
      if (matched.length >= this.definition.maxMatches) break;
    }
    return matched;
  }

  private fold(text: string): string {
    return this.definition.caseSensitive ? text : text.toLowerCase();
  }

  private matchType(field: string): MatchType {
    return this.definition.matchTypes.get(field) ?? 'EXACT';
  }

  private cellMatches(row: number, field: string, value: string): boolean {
    const cell = this.value(row, field);
    const type = this.matchType(field);
    if (type === 'WILDCARD' && cell.includes('*')) return compileWildcard(cell, this.definition.caseSensitive).test(value);
    if (type === 'CIDR' && cell.includes('/')) return cidrContains(cell, value);
    return this.fold(cell) === this.fold(value);
  }

  private index(field: string): FieldIndex {
    let index = this.indexes.get(field);
    if (index) return index;
    const exact = new Map<string, number[]>();
    const wildcards: Array<PatternRow & { folded: string }> = [];
    const others: PatternRow[] = [];
    const type = this.matchType(field);
    const column = this.columns.get(field) ?? -1;
    this.rows.forEach((cells, row) => {
      const cell = cells[column] ?? '';
      if (type === 'WILDCARD' && cell.includes('*')) {
        const pattern = compileWildcard(cell, this.definition.caseSensitive);
        // compileWildcard matches the folded value against the folded pattern's runs.
        wildcards.push({ row, test: (v) => pattern.test(v), folded: this.fold(cell) });
      } else if (type === 'CIDR' && cell.includes('/')) {
        others.push({ row, test: (v) => cidrContains(cell, v) });
      } else {
        const key = this.fold(cell);
        const list = exact.get(key);
        if (list) list.push(row);
        else exact.set(key, [row]);
      }
    });
    index = { exact, patterns: new PatternRows(wildcards, others) };
    this.indexes.set(field, index);
    return index;
  }
}

/** Definition or the reason a name cannot be used as a CSV lookup. */
type Entry = LookupDefinition | { problem: string };

/**
 * The lookups of one folder (security_content's `lookups/`); tables are read once per instance. Every
 * file is read only inside `scope` (default: the folder holding `lookups/`), after links are resolved:
 * a search names its tables, and a `lookups/x.csv` may be a link to anywhere.
 */
export class LookupFolder implements LookupProvider {
  private entries: Map<string, Entry> | undefined;
  /** Definition files the scope kept out, for the message of a name they may have defined. */
  private refusedFiles: string[] = [];
  private readonly tables = new Map<string, LookupTable>();
  private readonly scope: ReadScope;

  constructor(
    readonly dir: string,
    scope?: ReadScope,
  ) {
    this.scope = scope ?? new ReadScope([dirname(dir)]);
  }

  /** The real path of a file of this folder when a run may read it, else why not. */
  readable(file: string, what: string): ConfinedPath {
    return this.scope.regularFile(file, what);
  }

  table(name: string): LookupTable {
    const cached = this.tables.get(name);
    if (cached) return cached;
    const definition = this.definition(name);
    if (definition.collection && !existsSync(definition.file)) {
      // A KV store collection lives in Splunk, not in the workspace: a new install starts it empty.
      const { name: collection, fields } = definition.collection;
      const note =
        `lookup '${name}' is the KV store collection ${collection}, which has no local data: it is read as empty ` +
        `(as in a new Splunk install); put its rows in ${basename(definition.file)} next to its definition to use them`;
      const table = new LookupTable(definition, fields, [], note);
      this.tables.set(name, table);
      return table;
    }
    if (!existsSync(definition.file)) throw new LookupError(`lookup '${name}': its file ${basename(definition.file)} is not in ${this.dir}`);
    const file = this.readable(definition.file, `lookup '${name}'`);
    if (!file.ok) throw new LookupError(file.reason);
    let rows: string[][];
    try {
      rows = parseCsv(readFileSync(file.path, 'utf8'));
    } catch (error) {
      throw new LookupError(`lookup '${name}': cannot read ${definition.file}: ${(error as Error).message}`);
    }
    const [header, ...body] = rows;
    if (!header) throw new LookupError(`lookup '${name}': ${basename(definition.file)} is empty`);
    const table = new LookupTable(definition, header.map((h) => h.trim()), body);
    this.tables.set(name, table);
    return table;
  }

  /** Every name a search may use: each definition's name, then CSV files no definition reads, sorted. */
  names(): Array<{ name: string; definition?: LookupDefinition; problem?: string }> {
    const entries = this.readEntries();
    const defined = [...entries].map(([name, entry]) => ('problem' in entry ? { name, problem: entry.problem } : { name, definition: entry }));
    const read = new Set(defined.flatMap((d) => (d.definition ? [basename(d.definition.file)] : [])));
    let csvs: string[] = [];
    try {
      csvs = readdirSync(this.dir).filter((n) => /\.csv$/i.test(n) && !read.has(n));
    } catch {
      csvs = [];
    }
    const all = [...defined, ...csvs.map((name) => ({ name }))];
    return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The definition of a lookup name; throws LookupError saying why there is none. */
  definition(name: string): LookupDefinition {
    const entry = this.readEntries().get(name);
    if (entry && 'problem' in entry) throw new LookupError(entry.problem);
    if (entry) return entry;
    if (/[\\/]/.test(name)) throw new LookupError(`lookup '${excerpt(name, 80)}': a lookup is a definition's name or a file name in ${this.dir}, not a path`);
    if (/\.csv$/i.test(name) && existsSync(join(this.dir, name))) return { name, file: join(this.dir, name), matchTypes: new Map(), ...DEFAULTS };
    if (!existsSync(this.dir)) throw new LookupError(`lookup '${name}': there is no lookups folder (${this.dir})`);
    const refused = this.refusedFiles.length > 0 ? `; not read: ${this.refusedFiles.join('; ')}` : '';
    throw new LookupError(`lookup '${name}' is not defined in ${this.dir} (no .yml there has name: ${name}, and no transforms.conf beside it has [${name}])${refused}`);
  }

  private readEntries(): Map<string, Entry> {
    if (this.entries) return this.entries;
    const entries = new Map<string, Entry>();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
    } catch {
      names = [];
    }
    for (const fileName of names) {
      const path = join(this.dir, fileName);
      const file = this.readable(path, 'lookup definition');
      if (!file.ok) {
        this.refusedFiles.push(file.reason);
        continue;
      }
      let data: Record<string, unknown>;
      try {
        const parsed: unknown = parseYaml(readFileSync(file.path, 'utf8'));
        if (typeof parsed !== 'object' || parsed === null) continue;
        data = parsed as Record<string, unknown>;
      } catch (error) {
        const name = fileName.replace(/\.ya?ml$/i, '');
        entries.set(name, { problem: `lookup '${name}': ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}` });
        continue;
      }
      const name = typeof data.name === 'string' ? data.name : fileName.replace(/\.ya?ml$/i, '');
      if (entries.has(name)) continue;
      entries.set(name, entryOf(name, data, this.dir, path));
    }
    // A Splunk app defines its lookups in transforms.conf; security_content's YAML comes first.
    const transforms = transformsLookups(this.dir, (path) => this.readable(path, 'lookup definitions'));
    this.refusedFiles.push(...transforms.refused);
    for (const lookup of transforms.lookups) {
      if (!entries.has(lookup.name)) entries.set(lookup.name, entryOf(lookup.name, lookup.data, this.dir, lookup.path));
    }
    this.entries = entries;
    return entries;
  }
}

function entryOf(name: string, data: Record<string, unknown>, dir: string, path: string): Entry {
  let collection: LookupDefinition['collection'];
  if (typeof data.filename !== 'string') {
    if (typeof data.collection !== 'string') return { problem: `lookup '${name}' is not a file lookup: it has no local data to read` };
    // transforms.conf: a KV store lookup lists its fields (`fields_list`), so an empty one still has them.
    const fields = typeof data.fields_list === 'string' ? data.fields_list.split(',').map((f) => f.trim()).filter(Boolean) : [];
    if (fields.length === 0) return { problem: `lookup '${name}' is a KV store collection (${data.collection}) without fields_list: its fields are unknown (${path})` };
    collection = { name: data.collection, fields };
  } else if (!/\.csv$/i.test(data.filename)) return { problem: `lookup '${name}' reads ${data.filename}, not a CSV file; the local engine reads CSV lookups only` };
  const maxMatches = integer(data.max_matches, DEFAULTS.maxMatches);
  if (maxMatches < 1 || maxMatches > 1000) return { problem: `lookup '${name}': max_matches must be 1-1000 (${path})` };
  return {
    name,
    file: collection ? join(dir, `${basename(collection.name)}.csv`) : join(dir, basename(data.filename as string)),
    ...(collection ? { collection } : {}),
    source: path,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    matchTypes: parseMatchTypes(typeof data.match_type === 'string' ? data.match_type : ''),
    caseSensitive: bool(data.case_sensitive_match, DEFAULTS.caseSensitive),
    minMatches: Math.max(0, integer(data.min_matches, DEFAULTS.minMatches)),
    maxMatches,
    defaultMatch: data.default_match === undefined || data.default_match === null ? DEFAULTS.defaultMatch : String(data.default_match),
  };
}
