// Add-on knowledge as data: which events an add-on handles (source / sourcetype / Windows Channel,
// plus a discriminating field such as EventCode) and the CIM-named fields it derives from their
// raw fields. Loaded from server/data/cim-mappings.json (scripts/generate-cim-mappings.mjs).
import mappingsJson from '../../../data/cim-mappings.json';
import { firstValue, type FieldMap, type FieldValue, type LogEvent } from '../event';
import { decodeXmlEntities } from '../readers/xmlEntities';
import { windowsXmlEventId } from '../readers/winXml';
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

/**
 * A field of an event without forcing full extraction when a cheap probe can answer: the Windows
 * `EventCode`/`EventID` and `Channel` of an XML event that has not been extracted yet.
 */
export function probeField(event: LogEvent, name: string): string | undefined {
  if (!event.isExtracted && event.raw.startsWith('<')) {
    if (name === 'EventCode' || name === 'EventID') return windowsXmlEventId(event.raw);
    if (name === 'Channel') {
      const at = event.raw.indexOf('<Channel>');
      const end = at < 0 ? -1 : event.raw.indexOf('<', at + 9);
      return end < 0 ? undefined : decodeXmlEntities(event.raw.slice(at + 9, end));
    }
  }
  return firstValue(event.get(name));
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
    this.sources = lowerSet(data.match.sources);
    this.sourcetypes = lowerSet(data.match.sourcetypes);
    this.channels = lowerSet(data.match.channels);
    this.field = data.match.field;
    this.values = data.match.values ? new Set(data.match.values) : undefined;
  }

  /** Same data source: `source` or `sourcetype` (case-insensitive), else the Windows `Channel`. */
  matchesSource(event: LogEvent): boolean {
    const source = event.source?.toLowerCase();
    if (source !== undefined && this.sources.has(source)) return true;
    const sourcetype = event.sourcetype?.toLowerCase();
    if (sourcetype !== undefined && this.sourcetypes.has(sourcetype)) return true;
    if (this.channels.size === 0) return false;
    const channel = probeField(event, 'Channel');
    return channel !== undefined && this.channels.has(channel.toLowerCase());
  }

  /** Source first: it is free, while a discriminating field may need extraction (JSON, CSV). */
  matches(event: LogEvent): boolean {
    if (!this.matchesSource(event)) return false;
    if (this.field === undefined || this.values === undefined) return true;
    const value = probeField(event, this.field);
    return value !== undefined && this.values.has(value.trim());
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
    return this.rules.filter((rule) => rule.matches(event));
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
