import cimData from '../../data/cim.json';
import type { FieldSpec } from './fieldSpec';
import { CimMappings, type MappingRule } from './mappings';

export interface CimField {
  name: string;
  type: string;
  /** 'Eval' for calculated fields; `expression` is then the eval expression the data model applies. */
  calculation?: string;
  expression?: string;
  description?: string;
}

export interface CimDataset {
  model: string;
  name: string;
  /** The dataset's parent: another dataset of the model, or BaseEvent / BaseSearch. */
  parent: string;
  /** Dotted path below the root: `Processes`, `All_Changes.Account_Management`. */
  lineage: string;
  constraints: string;
  /** Own fields only; see `fieldsOf` for inherited ones. */
  fields: CimField[];
}

interface CimJson {
  source: string;
  models: Record<string, { datasets: Record<string, Omit<CimDataset, 'model' | 'name'>> }>;
}

/** A raw field a data source's mapping computes a CIM field from (`Image` for Sysmon's `process_name`). */
export interface FieldSource {
  raw: string;
  rule: MappingRule;
}

/** Fields every data model dataset inherits from BaseEvent/BaseSearch (Splunk data model docs). */
const BASE_FIELDS: CimField[] = ['_time', 'host', 'source', 'sourcetype'].map((name) => ({ name, type: 'string' }));

/** The Common Information Model 8.5 datasets and fields, shipped in server/data/cim.json. */
export class CimCatalogue {
  private readonly datasets = new Map<string, CimDataset>();

  constructor(data: CimJson = cimData as CimJson) {
    for (const [model, { datasets }] of Object.entries(data.models)) {
      for (const [name, dataset] of Object.entries(datasets)) {
        this.datasets.set(`${model}.${name}`, { model, name, ...dataset });
      }
    }
  }

  hasModel(model: string): boolean {
    for (const dataset of this.datasets.values()) if (dataset.model === model) return true;
    return false;
  }

  /** `Endpoint.Processes`, `Network_Traffic.All_Traffic`, or a bare model (its root datasets' first). */
  dataset(model: string, name?: string): CimDataset | undefined {
    if (name) return this.datasets.get(`${model}.${name.split('.').pop()}`);
    return [...this.datasets.values()].find((d) => d.model === model && d.lineage === d.name);
  }

  datasetsOf(model: string): CimDataset[] {
    return [...this.datasets.values()].filter((d) => d.model === model);
  }

  /** The dataset's own fields and everything it inherits from its parents, nearest first. */
  fieldsOf(dataset: CimDataset): CimField[] {
    const fields = new Map<string, CimField>();
    for (let d: CimDataset | undefined = dataset; d; d = this.datasets.get(`${d.model}.${d.parent}`)) {
      for (const field of d.fields) if (!fields.has(field.name)) fields.set(field.name, field);
    }
    for (const field of BASE_FIELDS) if (!fields.has(field.name)) fields.set(field.name, field);
    return [...fields.values()];
  }

  field(dataset: CimDataset, name: string): CimField | undefined {
    return this.fieldsOf(dataset).find((f) => f.name === name);
  }

  private loadedMappings: CimMappings | undefined;
  private sourcesByField: Map<string, FieldSource[]> | undefined;

  /** The add-ons' mappings onto these fields (server/data/cim-mappings.json), loaded on first use. */
  get mappings(): CimMappings {
    return (this.loadedMappings ??= new CimMappings());
  }

  /** The raw fields the data sources compute the CIM field `name` from, with the mapping rule of each. */
  sourcesOf(name: string): readonly FieldSource[] {
    this.sourcesByField ??= indexSources(this.mappings);
    return this.sourcesByField.get(name) ?? [];
  }
}

function indexSources(mappings: CimMappings): Map<string, FieldSource[]> {
  const index = new Map<string, FieldSource[]>();
  for (const rule of mappings.rules) {
    for (const name of rule.fieldNames) {
      const raws = new Set<string>();
      collectRawNames(rule.specOf(name), raws);
      if (raws.size === 0) continue;
      const list = index.get(name) ?? [];
      for (const raw of raws) list.push({ raw, rule });
      index.set(name, list);
    }
  }
  return index;
}

/** Raw field names a spec reads: `Image|basename` reads Image; constants and `_raw` tokens read no field. */
function collectRawNames(spec: FieldSpec | undefined, into: Set<string>): void {
  if (spec === undefined) return;
  if (Array.isArray(spec)) {
    for (const part of spec) collectRawNames(part, into);
  } else if (typeof spec === 'string') {
    const raw = spec.split('|')[0];
    if (!spec.startsWith("'") && raw !== '_raw' && raw !== '') into.add(raw);
  } else if ('from' in spec) {
    collectRawNames(spec.from, into);
  }
}
