// What a hunt's detections may hold together. A detection that groups every process event (many
// corpus detections `tstats ... by` a dozen process fields) holds a row per event until the log
// ends; hundreds of them over a large log would exhaust the heap and end the hunt with nothing.
// So the hunt bounds their total: past it, the detection holding the most rows is left out (its
// skip says why and where), largest first, until the rest fit, and the hunt goes on. The count
// of rows makes the choice the same on every run; the heap is watched too, as a last resort.
import { getHeapStatistics } from 'node:v8';
import { RunCode, RunError } from '../engine/eval/errors';
import type { HeldRows } from '../engine/eval/context';
import type { SearchSession } from '../engine/eval/runSearch';

/**
 * Rows all detections of a hunt (of one worker thread) may hold together by default; a value an
 * aggregation keeps (values(), dc() ...) beyond a group's first counts as a row. A corpus group
 * costs about half a kilobyte now that kept values hold no raw event (values.ts `detached`; it was
 * 2 KB), and closing needs room besides (rows are made, joins' subsearches run): at two million the
 * corpus over a 1 GB log runs every detection, peaking at 2.6 GB RSS on one thread.
 */
export const DEFAULT_HUNT_BUFFERED_ROWS = 2_000_000;

/** Of the heap's limit: past it, the detection holding the most rows is left out whatever the count. */
const HEAP_SHARE = 0.8;

export class HeldRowsBudget {
  private readonly heapLimit = getHeapStatistics().heap_size_limit;

  constructor(private readonly maxRows: number) {}

  /** Leaves out the detections holding the most rows while the total passes the budget; gives their indexes. */
  enforce(sessions: readonly SearchSession[]): number[] {
    const held = sessions.map((session) => session.heldRows());
    let total = held.reduce((sum, h) => sum + h.rows, 0);
    const left: number[] = [];
    let heapOver = getHeapStatistics().used_heap_size > this.heapLimit * HEAP_SHARE;
    while (total > this.maxRows || (heapOver && total > 0)) {
      let index = -1;
      for (let i = 0; i < held.length; i++) if (held[i].rows > 0 && (index < 0 || held[i].rows > held[index].rows)) index = i;
      const largest = held[index]?.largest;
      if (!largest) break;
      const why = heapOver
        ? `the hunt's heap passed ${Math.round(HEAP_SHARE * 100)}% of its limit (${Math.round(this.heapLimit / 1048576)} MB)`
        : `the hunt's detections together held more than ${this.maxRows} (--max-buffered-rows)`;
      sessions[index].abandon(
        new RunError(RunCode.limit, `${largest.command} held ${heldText(largest)} when ${why}: left out of the hunt; run it alone (spl-detect run) or raise the limit`, largest.span),
      );
      total -= held[index].rows;
      held[index] = { rows: 0 };
      left.push(index);
      // One detection per look at the heap: what it held is freed only by the next collection.
      heapOver = false;
    }
    return left;
  }
}

function heldText(held: HeldRows): string {
  return held.values > 0 ? `${held.rows} rows and ${held.values} values` : `${held.rows} rows`;
}
