// A log read once into memory, for running many searches over the same events (`spl-detect test`
// groups the tests that use one data file): each search replays the events instead of reading and
// parsing the file again. Events extract their fields lazily and keep them, so the searches share that work too.
import type { LogEvent } from '../event';
import { RecordPositions } from './evtxPositions';
import { readLog, type LogInput } from './readLog';
import type { ReaderStats, ReadOptions } from './types';

export interface LogReadOnce {
  events: LogEvent[];
  /** The stats of the one read (problems, format), reported by every search that replays it. */
  stats: ReaderStats;
  records: RecordPositions;
}

export async function readLogOnce(input: LogInput, options: ReadOptions = {}): Promise<LogReadOnce> {
  const reader = readLog(input, { ...options, records: options.records ?? new RecordPositions() });
  const events: LogEvent[] = [];
  for await (const batch of reader.batches()) {
    for (const event of batch) events.push(event);
  }
  return { events, stats: reader.stats, records: reader.records };
}

/** Events per batch handed to the pipeline: about what one chunk of a file holds. */
const REPLAY_BATCH = 2048;

/** What a search reads in place of a LogReader: the same events, the stats of the one read. */
export class ReplayedLog implements AsyncIterable<LogEvent> {
  readonly stats: ReaderStats;

  /**
   * `filter`: the run's fast-path filter (readers/filters.ts requireLiterals), here on each event's
   * whole text: at least as permissive as on its lines, so no event that could match is skipped.
   */
  constructor(
    private readonly once: LogReadOnce,
    private readonly signal?: AbortSignal,
    private readonly filter?: (raw: string) => boolean,
  ) {
    this.stats = { ...once.stats, problems: [...once.stats.problems], eventsRead: 0, eventsFiltered: 0, cancelled: false };
  }

  async *batches(): AsyncGenerator<LogEvent[]> {
    const filter = this.filter;
    for (let start = 0; start < this.once.events.length; start += REPLAY_BATCH) {
      if (this.signal?.aborted) {
        this.stats.cancelled = true;
        return;
      }
      const slice = this.once.events.slice(start, start + REPLAY_BATCH);
      const batch = filter ? slice.filter((event) => filter(event.raw)) : slice;
      this.stats.eventsFiltered += slice.length - batch.length;
      this.stats.eventsRead += batch.length;
      if (batch.length > 0) yield batch;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LogEvent> {
    for await (const batch of this.batches()) yield* batch;
  }
}
