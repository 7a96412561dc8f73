// The first stages' gates (engine/eval/eventGates.ts) shared by a hunt's detections: each distinct
// gate is tested once per event (a metadata gate once per metadata object), and a detection gets
// the event only when it passes all of its own. A detection with no gate gets every routed event.
import type { CimEngineProvider } from '../engine/eval/cimView';
import type { EventGate } from '../engine/eval/commands/types';
import { Row } from '../engine/eval/row';
import { SearchTimeFields } from '../engine/eval/searchTimeFields';
import type { LogEvent } from '../engine/event';

const UNKNOWN = 0;
const PASS = 1;
const FAIL = 2;

export class SharedGates {
  private readonly gates: EventGate[] = [];
  /** Per set of gates some detection has (the same gates, the same set): the ids of its gates. */
  private readonly sets: number[][] = [];
  /** Per detection: the id of its set of gates. */
  private readonly setOf: number[];
  /** Per gate, and per set of gates, for the event in hand: UNKNOWN, PASS or FAIL. */
  private readonly state: Uint8Array;
  private readonly setState: Uint8Array;
  private readonly byMetadata: Array<WeakMap<object, boolean>>;
  /** Rows for the gates read add-on fields as every detection's rows do, recording nothing. */
  private readonly searchTime: SearchTimeFields;
  private event: LogEvent | undefined;
  private row: Row | undefined;

  constructor(perDetection: readonly (readonly EventGate[])[], cim: CimEngineProvider) {
    const ids = new Map<string, number>();
    const setIds = new Map<string, number>();
    this.setOf = perDetection.map((gates) => {
      const members = [...new Set(gates.map((gate) => {
        let id = ids.get(gate.key);
        if (id === undefined) {
          id = this.gates.length;
          ids.set(gate.key, id);
          this.gates.push(gate);
        }
        return id;
      }))].sort((a, b) => a - b);
      const key = members.join(',');
      let set = setIds.get(key);
      if (set === undefined) {
        set = this.sets.length;
        setIds.set(key, set);
        this.sets.push(members);
      }
      return set;
    });
    this.state = new Uint8Array(this.gates.length);
    this.setState = new Uint8Array(this.sets.length);
    this.byMetadata = this.gates.map(() => new WeakMap());
    this.searchTime = new SearchTimeFields(cim.addons, false);
  }

  get count(): number {
    return this.gates.length;
  }

  nextEvent(event: LogEvent): void {
    this.event = event;
    this.row = undefined;
    this.state.fill(UNKNOWN);
    this.setState.fill(UNKNOWN);
  }

  /** Whether the event in hand passes every gate of detection `index`. */
  passes(index: number): boolean {
    return this.passesSet(this.setOf[index]);
  }

  /** `detections` by their set of gates, in order within each: a set the event fails skips them all at once. */
  bySet(detections: readonly number[]): Array<{ set: number; detections: number[] }> {
    const buckets = new Map<number, number[]>();
    for (const detection of detections) {
      const set = this.setOf[detection];
      let bucket = buckets.get(set);
      if (!bucket) buckets.set(set, (bucket = []));
      bucket.push(detection);
    }
    return [...buckets].map(([set, members]) => ({ set, detections: members }));
  }

  passesSet(set: number): boolean {
    let state = this.setState[set];
    if (state === UNKNOWN) {
      state = PASS;
      for (const id of this.sets[set]) {
        if (!this.passesGate(id)) {
          state = FAIL;
          break;
        }
      }
      this.setState[set] = state;
    }
    return state === PASS;
  }

  private passesGate(id: number): boolean {
    let state = this.state[id];
    if (state === UNKNOWN) {
      const event = this.event!;
      const gate = this.gates[id];
      let pass: boolean | undefined;
      if (gate.metadataOnly) {
        pass = this.byMetadata[id].get(event.metadata);
        if (pass === undefined) {
          pass = gate.test(Row.fromEvent(event, this.searchTime));
          this.byMetadata[id].set(event.metadata, pass);
        }
      } else pass = gate.test((this.row ??= Row.fromEvent(event, this.searchTime)));
      state = this.state[id] = pass ? PASS : FAIL;
    }
    return state === PASS;
  }
}
