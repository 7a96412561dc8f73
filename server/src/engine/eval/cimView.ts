// The evaluator's view of the CIM mapping API (server/src/engine/cim/): a dataset by its
// `datamodel=` name, and each event as a record of it. A separate interface so tests can stand in.
import { CimEngine, UnknownDatasetError, type DataModelView } from '../cim/datamodel';
import type { CimMappings } from '../../cim/mappings';
import type { FieldValue, LogEvent } from '../event';

export interface DatasetRecordView {
  /** `Processes.process_name`, `process_name` or `_time`; undefined when the event has no value. */
  get(name: string): FieldValue | undefined;
  /** Every field with a value, by dotted name. */
  names(): string[];
}

export interface DatasetView {
  /** `Endpoint.Processes`. */
  key: string;
  /** The event as a record of the dataset, or undefined when it is not a member. */
  bind(event: LogEvent): DatasetRecordView | undefined;
  /** Resolves a field name of the dataset (`Processes.x` -> `x`), undefined when it is not one. */
  baseName(name: string): string | undefined;
  /** The calculated-field expression the data model applies to a field, if any. */
  calculation(field: string): string | undefined;
  /** Every mapping spec (add-on field definitions) that can produce a field, for the fast path. */
  mappingSpecs(field: string): unknown[];
  /** False when no mapping rule for the event's data source puts any event in the dataset. */
  reachableFrom?(event: LogEvent): boolean;
  /** The data sources whose mapping rules put events in the dataset (for messages). */
  memberDataSources?(): string[];
}

export interface CimViewProvider {
  /** Throws an Error with a readable message for an unknown data model or dataset. */
  dataset(datamodel: string): DatasetView;
  /** The add-on rules whose fields searches on raw events see; without them, raw fields only. */
  readonly addons?: CimMappings;
}

class EngineDatasetView implements DatasetView {
  constructor(private readonly view: DataModelView) {}

  get key(): string {
    return this.view.key;
  }

  bind(event: LogEvent): DatasetRecordView | undefined {
    // The record itself: the hunt's searches share it, with no wrapper made per search.
    return this.view.bind(event);
  }

  baseName(name: string): string | undefined {
    return this.view.baseName(name);
  }

  calculation(field: string): string | undefined {
    const found = this.view.fields.find((f) => f.name === field);
    return found?.calculation ? (found.expression ?? '') : undefined;
  }

  reachableFrom(event: LogEvent): boolean {
    return this.view.reachableFrom(event);
  }

  memberDataSources(): string[] {
    return this.view.memberDataSources();
  }

  mappingSpecs(field: string): unknown[] {
    return [...this.view.mappings.specsFor(field)];
  }
}

/** The real provider: the shipped CIM catalogue and mapping rules. */
export class CimEngineProvider implements CimViewProvider {
  private readonly views = new Map<string, DatasetView>();

  constructor(private readonly engine: CimEngine = new CimEngine()) {}

  get addons(): CimMappings {
    return this.engine.mappings;
  }

  dataset(datamodel: string): DatasetView {
    let view = this.views.get(datamodel);
    if (!view) {
      view = new EngineDatasetView(this.engine.view(datamodel));
      this.views.set(datamodel, view);
    }
    return view;
  }
}

export { UnknownDatasetError };
