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
  /** Per detection: the ids of its gates. */
  private readonly gatesOf: number[][];
  /** Per gate, for the event in hand: UNKNOWN, PASS or FAIL. */
  private readonly state: Uint8Array;
  private readonly byMetadata: Array<WeakMap<object, boolean>>;
  /** Rows for the gates read add-on fields as every detection's rows do, recording nothing. */
  private readonly searchTime: SearchTimeFields;
  private event: LogEvent | undefined;
  private row: Row | undefined;

  constructor(perDetection: readonly (readonly EventGate[])[], cim: CimEngineProvider) {
    const ids = new Map<string, number>();
    this.gatesOf = perDetection.map((gates) =>
      gates.map((gate) => {
        let id = ids.get(gate.key);
        if (id === undefined) {
          id = this.gates.length;
          ids.set(gate.key, id);
          this.gates.push(gate);
        }
        return id;
      }),
    );
    this.state = new Uint8Array(this.gates.length);
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
  }

  /** Whether the event in hand passes every gate of detection `index`. */
  passes(index: number): boolean {
    for (const id of this.gatesOf[index]) if (!this.passesGate(id)) return false;
    return true;
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
