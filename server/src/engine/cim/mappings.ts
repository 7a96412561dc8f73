// Add-on knowledge as data: which events an add-on handles (source / sourcetype / Windows Channel,
// plus a discriminating field such as EventCode) and the CIM-named fields it derives from their
// raw fields. Loaded from server/data/cim-mappings.json (scripts/generate-cim-mappings.mjs).
import mappingsJson from '../../../data/cim-mappings.json';
import { firstValue, type FieldMap, type FieldValue, type LogEvent } from '../event';
import { compileFieldSpec, type CompiledSpec, type FieldSpec } from './fieldSpec';

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
}

/** The first value of a field, probed without extraction when the reader can (LogEvent.peek). */
export function probeField(event: LogEvent, name: string): string | undefined {
  return firstValue(event.peek(name));
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
  readonly fieldSpecs: Readonly<Record<string, FieldSpec>>;
  readonly compiled: ReadonlyArray<readonly [string, CompiledSpec]>;
  private readonly byName: ReadonlyMap<string, CompiledSpec>;
  private readonly sources: Set<string>;
  private readonly sourcetypes: Set<string>;
  private readonly channels: Set<string>;
  private readonly field: string | undefined;
  private readonly values: Set<string> | undefined;

  constructor(data: MappingRuleData) {
    this.id = data.id;
    this.name = data.name;
    this.origin = data.origin;
    this.cite = data.cite;
    this.datasets = data.datasets;
    this.fieldSpecs = data.fields;
    this.compiled = Object.entries(data.fields).map(([name, spec]) => [name, compileFieldSpec(spec)] as const);
    this.byName = new Map(this.compiled);
    this.sources = lowerSet(data.match.sources);
    this.sourcetypes = lowerSet(data.match.sourcetypes);
    this.channels = lowerSet(data.match.channels);
    this.field = data.match.field;
    this.values = data.match.values ? new Set(data.match.values) : undefined;
  }

  specFor(name: string): CompiledSpec | undefined {
    return this.byName.get(name);
  }

  /** Same data source: `source` or `sourcetype` (case-insensitive), else the Windows `Channel`. */
  matchesSource(event: LogEvent, probe: EventProbe = new EventProbe(event)): boolean {
    if (probe.source !== undefined && this.sources.has(probe.source)) return true;
    if (probe.sourcetype !== undefined && this.sourcetypes.has(probe.sourcetype)) return true;
    if (this.channels.size === 0) return false;
    const channel = probe.channel();
    return channel !== undefined && this.channels.has(channel);
  }

  /** Source first: it is free, while a discriminating field may need extraction (JSON, CSV). */
  matches(event: LogEvent, probe: EventProbe = new EventProbe(event)): boolean {
    if (!this.matchesSource(event, probe)) return false;
    if (this.field === undefined || this.values === undefined) return true;
    const value = probe.field(this.field);
    return value !== undefined && this.values.has(value.trim());
  }
}

/** What rule matching asks of one event, each answer computed once. */
export class EventProbe {
  readonly source: string | undefined;
  readonly sourcetype: string | undefined;
  private channelValue: string | undefined | null = null;
  private probed: Map<string, string | undefined> | undefined;

  constructor(private readonly event: LogEvent) {
    this.source = event.source?.toLowerCase();
    this.sourcetype = event.sourcetype?.toLowerCase();
  }

  /** The lower-cased Windows Channel. */
  channel(): string | undefined {
    if (this.channelValue === null) this.channelValue = probeField(this.event, 'Channel')?.toLowerCase();
    return this.channelValue;
  }

  field(name: string): string | undefined {
    const probed = (this.probed ??= new Map());
    if (!probed.has(name)) probed.set(name, probeField(this.event, name));
    return probed.get(name);
  }
}

/**
 * The mapping rules, and what they give an event: `addonFields` (the CIM-named fields an add-on
 * derives, e.g. `process_name` from `Image`) and `searchFields` (raw fields with those on top: what
 * a search such as `sysmon EventCode=1 process_name=cmd.exe` sees). No state is kept per event.
 */
export class CimMappings {
  readonly rules: readonly MappingRule[];
  readonly rexInputs: Readonly<Record<string, string>>;
  readonly source: string;

  constructor(data: CimMappingsData = mappingsJson as unknown as CimMappingsData) {
    this.rules = data.rules.map((r) => new MappingRule(r));
    this.rexInputs = data.rexInputs;
    this.source = data.source;
  }

  rulesFor(event: LogEvent): MappingRule[] {
    const probe = new EventProbe(event);
    return this.rules.filter((rule) => rule.matches(event, probe));
  }

  /**
   * A lookup of add-on fields computed on demand (each once): for a name, the last matched rule
   * whose spec gives a value wins, as if the rules were applied in order.
   */
  addonLookup(event: LogEvent, rules: readonly MappingRule[] = this.rulesFor(event)): (name: string) => FieldValue | undefined {
    const memo = new Map<string, FieldValue | undefined>();
    const raw = (name: string): FieldValue | undefined => event.get(name);
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

  /** Add-on fields of the matched rules, later rules overriding earlier ones. */
  addonFields(event: LogEvent, rules: readonly MappingRule[] = this.rulesFor(event)): FieldMap {
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
  searchFields(event: LogEvent, rules?: readonly MappingRule[]): FieldMap {
    const merged: FieldMap = new Map(event.fields);
    for (const [name, value] of this.addonFields(event, rules)) merged.set(name, value);
    return merged;
  }
}
