// Add-on knowledge as data: which events an add-on handles (source / sourcetype / Windows Channel,
// plus a discriminating field such as EventCode) and the CIM-named fields it derives from their
// raw fields. Loaded from server/data/cim-mappings.json (scripts/generate-cim-mappings.mjs).
import mappingsJson from '../../data/cim-mappings.json';
import type { FieldMap, FieldValue, MappedEvent } from './fieldValue';
import { compileFieldSpec, FieldSpecError, type CompiledSpec, type FieldSpec } from './fieldSpec';

export interface MappingRuleData {
  id: string;
  name: string;
  origin: 'corpus' | 'supplement';
  cite: string;
  match: { sources: string[]; sourcetypes: string[]; channels: string[]; field?: string; values?: string[] };
  /** `Model.Dataset` names (e.g. `Endpoint.Processes`); empty for a family-wide rule. */
  datasets: string[];
  fields: Record<string, FieldSpec>;
}

export interface CimMappingsData {
  source: string;
  rules: MappingRuleData[];
  /** `Model.Dataset.field` of a Rex calculation -> the field it reads (the CIM CSV omits it). */
  rexInputs: Record<string, string>;
  /** Lookup tables specs name (`{"from": F, "table": T}` is `{"from": F, "map": tables[T]}`). */
  tables?: Record<string, Record<string, string>>;
}

/** A spec with its table names replaced by the tables (shared, not copied). */
function withTables(spec: FieldSpec, tables: Readonly<Record<string, Record<string, string>>>): FieldSpec {
  if (Array.isArray(spec)) return spec.map((s) => withTables(s, tables));
  if (typeof spec !== 'object' || spec === null || !('table' in spec)) return spec;
  const { table, ...rest } = spec as { table: string; from: string; default?: string };
  const map = tables[table];
  if (!map) throw new FieldSpecError(`unknown table ${JSON.stringify(table)} in ${JSON.stringify(spec)}`);
  return { ...rest, map };
}

function lowerSet(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.toLowerCase()));
}

export class MappingRule {
  readonly id: string;
  readonly name: string;
  readonly origin: 'corpus' | 'supplement';
  readonly cite: string;
  readonly datasets: readonly string[];
  /** The names the rule gives. */
  readonly fieldNames: readonly string[];
  private resolvedSpecs: Readonly<Record<string, FieldSpec>> | undefined;
  /** Compiled on first use: a run meets a few data sources' rules, and the data holds a rule per data source. */
  private compiledSpecs: ReadonlyArray<readonly [string, CompiledSpec]> | undefined;
  private byName: ReadonlyMap<string, CompiledSpec> | undefined;
  private readonly sources: Set<string>;
  private readonly sourcetypes: Set<string>;
  private readonly channels: Set<string>;
  private readonly field: string | undefined;
  private readonly values: Set<string> | undefined;
  private readonly match: MappingRuleData['match'];

  private readonly data: MappingRuleData;
  private readonly tables: Readonly<Record<string, Record<string, string>>>;

  constructor(data: MappingRuleData, tables: Readonly<Record<string, Record<string, string>>> = {}) {
    this.match = data.match;
    this.id = data.id;
    this.name = data.name;
    this.origin = data.origin;
    this.cite = data.cite;
    this.datasets = data.datasets;
    this.fieldNames = Object.keys(data.fields);
    this.data = data;
    this.tables = tables;

    this.sources = lowerSet(data.match.sources);
    this.sourcetypes = lowerSet(data.match.sourcetypes);
    this.channels = lowerSet(data.match.channels);
    this.field = data.match.field;
    this.values = data.match.values ? new Set(data.match.values) : undefined;
  }

  /** Whether the rule gives `name`. */
  gives(name: string): boolean {
    return Object.hasOwn(this.data.fields, name);
  }

  /** The spec the rule gives `name` by, its table names resolved. */
  specOf(name: string): FieldSpec | undefined {
    return this.resolvedSpecs?.[name] ?? (this.gives(name) ? withTables(this.data.fields[name], this.tables) : undefined);
  }

  /** The rule's field specs, their table names resolved (on first use: a run meets few rules). */
  get fieldSpecs(): Readonly<Record<string, FieldSpec>> {
    return (this.resolvedSpecs ??= Object.fromEntries(Object.entries(this.data.fields).map(([name, spec]) => [name, withTables(spec, this.tables)])));
  }

  /** The rule's fields, compiled (in data order). */
  get compiled(): ReadonlyArray<readonly [string, CompiledSpec]> {
    return (this.compiledSpecs ??= Object.entries(this.fieldSpecs).map(([name, spec]) => [name, compileFieldSpec(spec)] as const));
  }

  specFor(name: string): CompiledSpec | undefined {
    return (this.byName ??= new Map(this.compiled)).get(name);
  }

  /** Same data source by `source` or `sourcetype` (lower-cased, as they match case-insensitively). */
  matchesSourceOrSourcetype(source: string | undefined, sourcetype: string | undefined): boolean {
    return (source !== undefined && this.sources.has(source)) || (sourcetype !== undefined && this.sourcetypes.has(sourcetype));
  }

  /** Same data source by the Windows `Channel` (lower-cased). */
  matchesChannel(channel: string | undefined): boolean {
    return channel !== undefined && this.channels.has(channel);
  }

  get matchesByChannel(): boolean {
    return this.channels.size > 0;
  }

  /** The data sources the rule is for, as written in the mapping data (for messages). */
  get dataSources(): string[] {
    const { sourcetypes, sources, channels } = this.match;
    return sourcetypes.map((s) => `sourcetype=${s}`).concat(sources.map((s) => `source=${s}`), channels.map((c) => `Channel=${c}`));
  }

  /** The discriminating field's name, if the rule has one. */
  get fieldName(): string | undefined {
    return this.values === undefined ? undefined : this.field;
  }

  /** The discriminating field, if any (e.g. EventCode 1 of Sysmon): checked after the source. */
  matchesField(fieldOf: (name: string) => string | undefined): boolean {
    if (this.field === undefined || this.values === undefined) return true;
    const value = fieldOf(this.field);
    return value !== undefined && this.values.has(value.trim());
  }
}

/** Distinct (source, sourcetype) pairs, and Channels per pair, whose matching rules are remembered. */
const MAX_SOURCES = 1000;

/** The rules whose data source matches an event, and how their discriminating fields narrow them. */
interface Candidates {
  rules: readonly MappingRule[];
  /** The distinct discriminating fields of `rules`, in order. */
  fields: readonly string[];
  /** The matching rules by the values of `fields` (joined), as met. */
  byValues: Map<string, readonly MappingRule[]>;
}

/** The rules whose data source an event's (source, sourcetype) settle, and those that also need its Channel. */
interface SourceRules {
  bySource: boolean[];
  /** Candidates matching by source/sourcetype or, for each Channel met so far, by that Channel. */
  byChannel: Map<string | undefined, Candidates>;
  needsChannel: boolean;
}

const ABSENT = '\u0000';

/**
 * The mapping rules, and what they give an event: `addonFields` (the CIM-named fields an add-on
 * derives, e.g. `process_name` from `Image`) and `searchFields` (raw fields with those on top: what
 * a search such as `sysmon EventCode=1 process_name=cmd.exe` sees). The only state kept per event
 * is the last event's rules.
 */
export class CimMappings {
  readonly rules: readonly MappingRule[];
  readonly rexInputs: Readonly<Record<string, string>>;
  readonly source: string;
  /** Every name some rule gives: any other name is never an add-on field, whatever the event. */
  readonly fieldNames: ReadonlySet<string>;
  private readonly specsByName = new Map<string, readonly FieldSpec[]>();

  constructor(data: CimMappingsData = mappingsJson as unknown as CimMappingsData) {
    this.rules = data.rules.map((r) => new MappingRule(r, data.tables));
    this.rexInputs = data.rexInputs;
    this.source = data.source;
    this.fieldNames = new Set(this.rules.flatMap((rule) => rule.fieldNames));
  }

  /**
   * Every spec some rule gives `name` by (whatever the data source): what the fast path must trust.
   * Kept per name; only names some rule gives are kept, so at most `fieldNames.size` of them.
   */
  specsFor(name: string): readonly FieldSpec[] {
    if (!this.fieldNames.has(name)) return [];
    let specs = this.specsByName.get(name);
    if (!specs) {
      specs = this.rules.filter((rule) => rule.gives(name)).map((rule) => rule.specOf(name)!);
      this.specsByName.set(name, specs);
    }
    return specs;
  }

  /**
   * The rules matching an event, in order: its data source (source, sourcetype, else Windows
   * Channel, all case-insensitive) and then the rule's discriminating field. The data-source part
   * depends on three strings only, so it is worked out once per distinct combination.
   */
  rulesFor(event: MappedEvent): readonly MappingRule[] {
    // Every dataset view and the add-on fields ask about the same event in turn (a hunt: hundreds
    // of searches): the last event's answer serves them all. Events are immutable.
    if (this.lastEvent?.event === event) return this.lastEvent.rules;
    const rules = this.rulesOf(event);
    this.lastEvent = { event, rules };
    return rules;
  }

  private lastEvent: { event: MappedEvent; rules: readonly MappingRule[] } | undefined;

  private rulesOf(event: MappedEvent): readonly MappingRule[] {
    const candidates = this.sourceCandidates(event);
    if (candidates.fields.length === 0) return candidates.rules;
    const fields = candidates.fields;
    const single = fields.length === 1 ? event.peekFirst(fields[0]) : undefined;
    const values = fields.length === 1 ? undefined : fields.map((name) => event.peekFirst(name));
    const key = values ? values.map((v) => v ?? ABSENT).join(ABSENT) : (single ?? ABSENT);
    let matched = candidates.byValues.get(key);
    if (!matched) {
      const valueOf = (name: string) => (values ? values[fields.indexOf(name)] : single);
      matched = candidates.rules.filter((rule) => rule.matchesField(valueOf));
      if (candidates.byValues.size < MAX_SOURCES) candidates.byValues.set(key, matched);
    }
    return matched;
  }

  /** The rules an event's data source (source, sourcetype, Channel) selects, before their discriminating fields. */
  dataSourceRules(event: MappedEvent): readonly MappingRule[] {
    return this.sourceCandidates(event).rules;
  }

  /** Data-source answers by (source, sourcetype): a log has few, a hostile one is bounded by MAX_SOURCES. */
  private readonly sourceRules = new Map<string, SourceRules>();
  private last: { source: string | undefined; sourcetype: string | undefined; entry: SourceRules } | undefined;

  private sourceCandidates(event: MappedEvent): Candidates {
    const { source, sourcetype } = event;
    let entry = this.last !== undefined && this.last.source === source && this.last.sourcetype === sourcetype ? this.last.entry : undefined;
    if (!entry) {
      const key = `${source ?? ABSENT}\u0001${sourcetype ?? ABSENT}`;
      entry = this.sourceRules.get(key) ?? this.settleSource(source?.toLowerCase(), sourcetype?.toLowerCase());
      if (this.sourceRules.size < MAX_SOURCES) this.sourceRules.set(key, entry);
      this.last = { source, sourcetype, entry };
    }
    // Keyed by the Channel as written; it matches case-insensitively.
    const channel = entry.needsChannel ? event.peekFirst('Channel') : undefined;
    let candidates = entry.byChannel.get(channel);
    if (!candidates) {
      const settled = entry.bySource;
      const lower = channel?.toLowerCase();
      const rules = this.rules.filter((rule, i) => settled[i] || rule.matchesChannel(lower));
      const fields = [...new Set(rules.map((rule) => rule.fieldName).filter((f): f is string => f !== undefined))];
      candidates = { rules, fields, byValues: new Map() };
      if (entry.byChannel.size < MAX_SOURCES) entry.byChannel.set(channel, candidates);
    }
    return candidates;
  }

  private settleSource(source: string | undefined, sourcetype: string | undefined): SourceRules {
    const bySource = this.rules.map((rule) => rule.matchesSourceOrSourcetype(source, sourcetype));
    return { bySource, byChannel: new Map(), needsChannel: this.rules.some((rule, i) => !bySource[i] && rule.matchesByChannel) };
  }

  /**
   * A lookup of add-on fields computed on demand (each once): for a name, the last matched rule
   * whose spec gives a value wins, as if the rules were applied in order.
   */
  addonLookup(event: MappedEvent, rules: readonly MappingRule[] = this.rulesFor(event)): (name: string) => FieldValue | undefined {
    const memo = new Map<string, FieldValue | undefined>();
    const raw = (name: string): FieldValue | undefined => event.peek(name);
    return (name) => {
      if (memo.has(name)) return memo.get(name);
      let value: FieldValue | undefined;
      for (let i = rules.length - 1; i >= 0 && value === undefined; i--) {
        const spec = rules[i].specFor(name);
        if (spec) value = spec(raw);
      }
      memo.set(name, value);
      return value;
    };
  }

  /** The names of the add-on fields an event has (a value each through `lookup`), in rule order. */
  addonNames(event: MappedEvent, lookup: (name: string) => FieldValue | undefined, rules: readonly MappingRule[] = this.rulesFor(event)): string[] {
    const names = new Set<string>();
    for (const rule of rules) for (const [name] of rule.compiled) if (!names.has(name) && lookup(name) !== undefined) names.add(name);
    return [...names];
  }

  /** Add-on fields of the matched rules, later rules overriding earlier ones. */
  addonFields(event: MappedEvent, rules: readonly MappingRule[] = this.rulesFor(event)): FieldMap {
    const out: FieldMap = new Map();
    const get = (name: string): FieldValue | undefined => event.get(name);
    for (const rule of rules) {
      for (const [name, spec] of rule.compiled) {
        const value = spec(get);
        if (value !== undefined) out.set(name, value);
      }
    }
    return out;
  }

  /** Raw fields plus add-on fields (add-on fields win, as Splunk's search-time aliases and evals do). */
  searchFields(event: MappedEvent, rules?: readonly MappingRule[]): FieldMap {
    const merged: FieldMap = new Map(event.fields);
    for (const [name, value] of this.addonFields(event, rules)) merged.set(name, value);
    return merged;
  }
}
