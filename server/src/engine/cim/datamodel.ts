// A CIM dataset over raw events, the way `tstats ... from datamodel=Endpoint.Processes` sees them:
// membership comes from the mapping rules (standing in for the data model's tag constraints), field
// values from the add-on fields of the matched rules over the raw fields, then the data model's
// own calculated fields (server/data/cim.json), e.g. a missing `process` reads "unknown".
import type { FieldMap, FieldValue, LogEvent } from '../event';
import { CalcError, compileCalcExpr, compileRex, toFieldValue, type CompiledExpr } from '../../cim/calcExpr';
import { CimCatalogue, type CimDataset, type CimField } from '../../cim/catalogue';
import { CimMappings, type MappingRule } from '../../cim/mappings';

export interface UnsupportedCalculation {
  field: string;
  calculation: string;
  expression: string;
  reason: string;
}

export class UnsupportedCalculationError extends Error {
  constructor(readonly detail: UnsupportedCalculation, dataset: string) {
    super(`${dataset}.${detail.field}: the data model computes it with ${detail.calculation} ${JSON.stringify(detail.expression)}, which the engine does not support (${detail.reason})`);
  }
}

export class UnknownDatasetError extends Error {}

type FieldComputer = (get: (name: string) => FieldValue | undefined, event: LogEvent) => FieldValue | undefined;

/** baseName answers a view keeps: names come from searches, so few; the bound guards a hostile pipeline. */
const MAX_REMEMBERED_NAMES = 10_000;
const NOT_A_FIELD = '\u0000';
const NO_VALUE: unique symbol = Symbol('no value');

const EVENT_FIELDS = new Set(['_time', 'host', 'source', 'sourcetype']);

/** One event seen through a dataset: fields by dotted name, computed once each. */
export class DatasetRecord {
  private addon: ((name: string) => FieldValue | undefined) | undefined;
  /**
   * Per field of the view (by its slot): the value computed, NO_VALUE for none; a hole until asked.
   * A hunt's searches ask the shared record for the same few names in turn: one array read each,
   * no map per record.
   */
  private values: Array<FieldValue | typeof NO_VALUE> | undefined;

  constructor(
    readonly view: DataModelView,
    readonly event: LogEvent,
    private readonly rules: readonly MappingRule[],
  ) {}

  /** A raw or add-on field (what the data model's expressions read). */
  searchField(name: string): FieldValue | undefined {
    this.addon ??= this.view.mappings.addonLookup(this.event, this.rules);
    return this.addon(name) ?? this.event.peek(name);
  }

  /** `Processes.process_name`, `process_name` or `_time`; undefined when the event has no value. */
  get(name: string): FieldValue | undefined {
    const slot = this.view.slotOf(name);
    if (slot < 0) return undefined;
    const values = (this.values ??= new Array<FieldValue | typeof NO_VALUE>(this.view.fields.length));
    const known = values[slot];
    if (known !== undefined) return known === NO_VALUE ? undefined : known;
    const value = this.view.compute(this.view.fields[slot].name, this);
    values[slot] = value ?? NO_VALUE;
    return value;
  }

  /** Every field with a value, by dotted name. */
  names(): string[] {
    return [...this.toMap().keys()];
  }

  /** Every dataset field that has a value, keyed `<Dataset>.<field>` (plus `_time`). */
  toMap(): FieldMap {
    const out: FieldMap = new Map();
    for (const field of this.view.fields) {
      const value = this.get(field.name);
      if (value === undefined) continue;
      out.set(EVENT_FIELDS.has(field.name) ? field.name : `${this.view.prefix}.${field.name}`, value);
    }
    return out;
  }
}

export class DataModelView {
  readonly dataset: CimDataset;
  /** The name fields are written with: `Processes`, `All_Traffic`, `Account_Management`. */
  readonly prefix: string;
  readonly fields: readonly CimField[];
  /** Calculated fields the engine cannot compute; reading one throws UnsupportedCalculationError. */
  readonly unsupported: readonly UnsupportedCalculation[];
  private readonly prefixes: string[];
  private readonly fieldNames: Set<string>;
  /** Each field's first index in `fields`. */
  private readonly fieldIndex = new Map<string, number>();
  private readonly members: Set<string>;
  private readonly computers = new Map<string, FieldComputer>();
  private readonly unsupportedByField = new Map<string, UnsupportedCalculation>();

  constructor(
    readonly mappings: CimMappings,
    catalogue: CimCatalogue,
    model: string,
    datasetName?: string,
  ) {
    const dataset = catalogue.dataset(model, datasetName);
    if (!dataset) throw new UnknownDatasetError(`unknown data model dataset ${datasetName ? `${model}.${datasetName}` : model}`);
    this.dataset = dataset;
    this.prefix = dataset.name;
    this.fields = catalogue.fieldsOf(dataset);
    this.fieldNames = new Set(this.fields.map((f) => f.name));
    this.fields.forEach((field, index) => {
      if (!this.fieldIndex.has(field.name)) this.fieldIndex.set(field.name, index);
    });
    this.prefixes = [dataset.lineage, dataset.name];
    for (let d = catalogue.dataset(model, dataset.parent); d; d = catalogue.dataset(model, d.parent)) {
      this.prefixes.push(d.lineage, d.name);
      if (d.parent === d.name) break;
    }
    this.members = new Set(
      catalogue.datasetsOf(model).filter((d) => d === dataset || d.lineage.startsWith(`${dataset.lineage}.`)).map((d) => `${d.model}.${d.name}`),
    );
    const unsupported: UnsupportedCalculation[] = [];
    for (const field of this.fields) {
      const computer = this.compileField(field, (reason) => {
        const detail = { field: field.name, calculation: field.calculation ?? '', expression: field.expression ?? '', reason };
        unsupported.push(detail);
        this.unsupportedByField.set(field.name, detail);
      });
      if (computer) this.computers.set(field.name, computer);
    }
    this.unsupported = unsupported;
  }

  /** `Endpoint.Processes` style name of this dataset. */
  get key(): string {
    return `${this.dataset.model}.${this.dataset.name}`;
  }

  /** Mapping rules that put `event` in this dataset (or one of its children); empty if none. */
  memberRules(event: LogEvent): readonly MappingRule[] {
    const rules = this.mappings.rulesFor(event);
    let member = this.membership.get(rules);
    if (member === undefined) {
      member = rules.some((rule) => rule.datasets.some((d) => this.members.has(d)));
      this.membership.set(rules, member);
    }
    return member ? rules : [];
  }

  /** Whether a list of matched rules puts an event in this dataset; rulesFor hands out the same lists again. */
  private readonly membership = new WeakMap<readonly MappingRule[], boolean>();

  /**
   * Whether some mapping rule for the event's data source puts events in this dataset: false means
   * no event of that source or sourcetype can ever be a member (the mapping does not cover it),
   * whatever its fields.
   */
  reachableFrom(event: LogEvent): boolean {
    const rules = this.mappings.dataSourceRules(event);
    let reachable = this.reachability.get(rules);
    if (reachable === undefined) {
      reachable = rules.some((rule) => rule.datasets.some((d) => this.members.has(d)));
      this.reachability.set(rules, reachable);
    }
    return reachable;
  }

  /** Per list of data-source rules (the mapping hands out the same lists again). */
  private readonly reachability = new WeakMap<readonly MappingRule[], boolean>();

  /** The data sources whose rules put events in this dataset, as the mapping data writes them. */
  memberDataSources(): string[] {
    const sources = new Set<string>();
    for (const rule of this.mappings.rules) if (rule.datasets.some((d) => this.members.has(d))) for (const s of rule.dataSources) sources.add(s);
    return [...sources].sort();
  }

  includes(event: LogEvent): boolean {
    return this.memberRules(event).length > 0;
  }

  /** The event as a record of this dataset, or undefined when it does not belong to it. */
  bind(event: LogEvent): DatasetRecord | undefined {
    // The searches of a hunt share this view and are given each event in turn: the last event's
    // record (its fields computed once) serves them all. Subsearches sharing a re-read of the log
    // take it a batch at a time, each the whole batch in turn: the records of the events still
    // alive serve them (one record per event, not one per subsearch).
    const last = this.lastBound;
    if (last !== undefined && last.event === event) return last.record;
    const derived = (event.derived ??= new Map());
    let record = derived.get(this) as DatasetRecord | null | undefined;
    if (record === undefined) {
      const rules = this.memberRules(event);
      record = rules.length > 0 ? new DatasetRecord(this, event, rules) : null;
      derived.set(this, record);
    }
    this.lastBound = { event, record: record ?? undefined };
    return record ?? undefined;
  }

  private lastBound: { event: LogEvent; record: DatasetRecord | undefined } | undefined;

  /** The index in `fields` of the field a name refers to (`Processes.x`, `x`), -1 for none: a record's slot for it. */
  slotOf(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      const base = this.baseName(name);
      slot = base === undefined ? -1 : this.fieldIndex.get(base)!;
      if (this.slots.size < MAX_REMEMBERED_NAMES) this.slots.set(name, slot);
    }
    return slot;
  }

  private readonly slots = new Map<string, number>();

  /** The dataset field a dotted name refers to (`Processes.x`, `All_Changes.Account_Management.x`, `x`). */
  baseName(name: string): string | undefined {
    if (this.fieldNames.has(name)) return name;
    // Asked per field reference per event: the answer for a name never changes.
    const known = this.baseNames.get(name);
    if (known !== undefined) return known === NOT_A_FIELD ? undefined : known;
    const base = this.resolveBaseName(name);
    if (this.baseNames.size < MAX_REMEMBERED_NAMES) this.baseNames.set(name, base ?? NOT_A_FIELD);
    return base;
  }

  private readonly baseNames = new Map<string, string>();

  private resolveBaseName(name: string): string | undefined {
    for (const prefix of this.prefixes) {
      if (name.length > prefix.length + 1 && name.startsWith(prefix) && name[prefix.length] === '.') {
        const rest = name.slice(prefix.length + 1);
        if (this.fieldNames.has(rest)) return rest;
      }
    }
    return undefined;
  }

  compute(field: string, record: DatasetRecord): FieldValue | undefined {
    const unsupported = this.unsupportedByField.get(field);
    if (unsupported) throw new UnsupportedCalculationError(unsupported, this.key);
    if (field === '_time') return String(record.event.time);
    const computer = this.computers.get(field);
    const get = (name: string): FieldValue | undefined => record.searchField(name);
    return computer ? computer(get, record.event) : get(field);
  }

  private compileField(field: CimField, fail: (reason: string) => void): FieldComputer | undefined {
    const calculation = field.calculation;
    const expression = field.expression ?? '';
    if (!calculation || expression.trim() === '') return undefined;
    try {
      if (calculation === 'Eval') {
        const compiled: CompiledExpr = compileCalcExpr(expression);
        return (get) => toFieldValue(compiled(get));
      }
      if (calculation === 'Rex') {
        const input = this.mappings.rexInputs[`${this.dataset.model}.${this.dataset.name}.${field.name}`]
          ?? this.inheritedRexInput(field.name);
        if (!input) throw new CalcError('the CIM does not say which field the Rex reads');
        const rex = compileRex(expression);
        return (get) => {
          const own = get(field.name);
          if (own !== undefined) return own;
          const source = get(input);
          const text = typeof source === 'string' ? source : source?.[0];
          return text === undefined ? undefined : rex.extract(text).get(field.name);
        };
      }
      throw new CalcError(`${calculation} calculations are not supported`);
    } catch (error) {
      if (!(error instanceof CalcError)) throw error;
      fail(error.message);
      return undefined;
    }
  }

  private inheritedRexInput(field: string): string | undefined {
    for (const [key, input] of Object.entries(this.mappings.rexInputs)) {
      if (key.startsWith(`${this.dataset.model}.`) && key.endsWith(`.${field}`)) return input;
    }
    return undefined;
  }
}

/**
 * Entry point for the evaluator: one catalogue and one mapping set, datasets by `datamodel=` name.
 *
 *   const cim = new CimEngine();
 *   const processes = cim.view('Endpoint.Processes');
 *   const record = processes.bind(event);           // undefined: not in the dataset
 *   record?.get('Processes.process_name');          // 'cmd.exe' ('unknown' when missing)
 */
export class CimEngine {
  constructor(
    readonly catalogue: CimCatalogue = new CimCatalogue(),
    readonly mappings: CimMappings = new CimMappings(),
  ) {}

  /** `Endpoint.Processes`, `Endpoint` (its first root dataset) or `Network_Traffic.All_Traffic`. */
  view(datamodel: string): DataModelView {
    const [model, ...rest] = datamodel.split('.');
    return new DataModelView(this.mappings, this.catalogue, model, rest.length > 0 ? rest[rest.length - 1] : undefined);
  }
}
