/**
 * Data model fields as searches write them: which data model a command reads (`tstats ... from
 * datamodel=Endpoint.Processes`, `| from datamodel:Web.Web`, `| datamodel Endpoint Processes search`)
 * and what a dotted name such as `Processes.process_name` or `All_Certificates.SSL.src` refers to
 * in the CIM catalogue (own and inherited fields of the dataset the prefix names).
 */
import type { CimCatalogue, CimDataset } from '../cim/catalogue';
import type { CommandNode } from '../spl/ast';

export interface DataModelSource {
  model: string;
  /** The dataset path after the model (`Processes`, `All_Traffic`), when one is given. */
  dataset?: string;
}

/** The data model a command reads, if it reads one. */
export function dataModelSource(stage: CommandNode): DataModelSource | undefined {
  let path: string | undefined;
  if (stage.kind === 'tstats') {
    const option = [stage.source, ...stage.options].find((o) => o?.kind === 'option' && o.name.toLowerCase() === 'datamodel');
    if (option?.kind === 'option' && option.value?.kind === 'word') path = option.value.text;
  } else if (stage.kind === 'from' && stage.datasetType?.text.toLowerCase() === 'datamodel' && stage.dataset?.kind === 'word') {
    path = stage.dataset.text;
  } else if (stage.kind === 'from' && !stage.datasetType && stage.dataset?.kind === 'word' && /^datamodel:/i.test(stage.dataset.text)) {
    path = stage.dataset.text.slice('datamodel:'.length);
  } else if (stage.kind === 'generic' && stage.name.toLowerCase() === 'datamodel') {
    const words = stage.args.filter((a) => a.kind === 'word').map((a) => (a.kind === 'word' ? a.text : ''));
    if (words.length > 0) path = words.length > 1 && !words[0].includes('.') ? `${words[0]}.${words[1]}` : words[0];
  }
  if (!path || /[$*`]/.test(path)) return undefined;
  const [model, ...rest] = path.replace(/^"|"$/g, '').split('.');
  return rest.length > 0 ? { model, dataset: rest.join('.') } : { model };
}

export type CimFieldLookup =
  | { kind: 'not-a-dataset-field' }
  | { kind: 'known'; dataset: CimDataset; field: string }
  | { kind: 'unknown'; dataset: CimDataset; field: string; prefix: string };

/**
 * What `name` is in `model`: a field of the dataset its prefix names (`Processes.x`, `All_Changes.
 * Account_Management.x`), or not a data model field name at all (no dataset prefix, wildcards).
 */
export function lookupCimField(cim: CimCatalogue, model: string, name: string): CimFieldLookup {
  if (/[*$<{}]/.test(name)) return { kind: 'not-a-dataset-field' };
  const parts = name.split('.');
  let dataset: CimDataset | undefined;
  let used = 0;
  while (used < parts.length - 1) {
    const next = datasetNamed(cim, model, parts[used]);
    if (!next) break;
    dataset = next;
    used++;
  }
  if (!dataset) return { kind: 'not-a-dataset-field' };
  const field = parts.slice(used).join('.');
  if (field === '') return { kind: 'not-a-dataset-field' };
  const prefix = parts.slice(0, used).join('.');
  return cim.field(dataset, field) ? { kind: 'known', dataset, field } : { kind: 'unknown', dataset, field, prefix };
}

function datasetNamed(cim: CimCatalogue, model: string, name: string): CimDataset | undefined {
  const dataset = cim.dataset(model, name);
  return dataset && dataset.name === name ? dataset : undefined;
}
