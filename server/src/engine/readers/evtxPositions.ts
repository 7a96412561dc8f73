// Where the events of an .evtx log are. An event of a text log is known by its line; an event of an
// .evtx log has no line, so the engine numbers the log's events in file order (across the files of a
// folder) and keeps, per chunk, the records behind those numbers: a result row's events become
// "security.evtx record 1234 (chunk 5)" once the run is over. A few bytes per event, in typed arrays.
import { describePosition, type EvtxEvent } from './evtx/reader';
import { CHUNK_BYTES, FILE_HEADER_BYTES } from './evtx/limits';
import type { ReadProblem } from './types';
import { fileNameOf, type RecordPosition } from '../../text/logPosition';

export type { RecordPosition };

interface ChunkEntry {
  /** The number of the chunk's first event. */
  first: number;
  count: number;
  file: string | undefined;
  chunk: number;
  /** The first event's record identifier; when the identifiers do not run on one by one, `records` holds each. */
  firstRecord: number;
  records: Float64Array | undefined;
  /** Offsets from the chunk's start (a chunk is 64 KiB). */
  offsets: Uint16Array;
}

function chunkStart(chunk: number): number {
  return FILE_HEADER_BYTES + chunk * CHUNK_BYTES;
}

export class RecordPositions {
  private readonly chunks: ChunkEntry[] = [];
  /** The first event number not recorded yet. */
  private end = 1;

  /**
   * The events of one chunk, numbered from `first` on. Events already recorded (by another reader
   * of the same log, which numbers them the same way) are not recorded twice.
   */
  add(first: number, file: string | undefined, events: readonly EvtxEvent[]): void {
    if (events.length === 0 || first < this.end) return;
    const chunk = events[0].chunk;
    const base = chunkStart(chunk);
    const offsets = new Uint16Array(events.length);
    let consecutive = true;
    events.forEach((event, i) => {
      offsets[i] = event.offset - base;
      if (event.record !== events[0].record + i) consecutive = false;
    });
    const records = consecutive ? undefined : Float64Array.from(events, (event) => event.record);
    this.chunks.push({ first, count: events.length, file, chunk, firstRecord: events[0].record, records, offsets });
    this.end = first + events.length;
  }

  /** Whether no event of an .evtx file was recorded (a text log's reader records none). */
  get isEmpty(): boolean {
    return this.chunks.length === 0;
  }

  /** The position of event number `ordinal`, undefined when no reader of the log got that far. */
  at(ordinal: number): RecordPosition | undefined {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const entry = this.chunks[middle];
      if (ordinal < entry.first) high = middle - 1;
      else if (ordinal >= entry.first + entry.count) low = middle + 1;
      else {
        const i = ordinal - entry.first;
        const record = entry.records ? entry.records[i] : entry.firstRecord + i;
        return { ...(entry.file !== undefined ? { file: entry.file } : {}), record, chunk: entry.chunk, offset: chunkStart(entry.chunk) + entry.offsets[i] };
      }
    }
    return undefined;
  }
}

/** "line 12", or in an .evtx log "security.evtx record 450 (chunk 5) at offset 0x...": where a reader problem is. */
export function describeProblemPosition(problem: ReadProblem): string {
  const file = problem.file === undefined ? '' : fileNameOf(problem.file);
  if (problem.evtx === undefined) return problem.file === undefined ? `line ${problem.line}` : file;
  const where = describePosition(problem.evtx);
  return file === '' ? where : `${file} ${where}`;
}
