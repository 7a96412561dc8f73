import { createReadStream, statSync } from 'node:fs';
import type { LogEvent } from '../event';
import { evtxFolderEntries } from '../../workspace/evtxFolder';
import { RecordPositions } from './evtxPositions';
import { EventPipeline } from './pipeline';
import { emptyStats, type ReaderStats, type ReadOptions } from './types';

export type LogInput = string | AsyncIterable<Uint8Array | string>;

/**
 * Streams events from a log file (a path), a folder of .evtx files (a path: its files in name order,
 * as one log) or any byte stream. Memory stays bounded by one chunk, one line and one pending
 * multi-line event, whatever the file size (plus a few bytes per event of an .evtx log: `records`).
 * `stats` is live and final once iteration ends. Aborting `options.signal` ends iteration quietly
 * with `stats.cancelled` set; breaking out of the loop closes the file.
 *
 *   const reader = readLog('windows-sysmon.log', { sourcetype: 'xmlwineventlog', lineFilter });
 *   for await (const event of reader) { ... }
 *   reader.stats.eventsUnparsed, reader.stats.problems
 */
export class LogReader implements AsyncIterable<LogEvent> {
  readonly stats: ReaderStats = emptyStats();
  /** Where the events of an .evtx log are: an event's `line` is its number here. */
  readonly records: RecordPositions;
  private readonly options: ReadOptions;

  constructor(
    private readonly input: LogInput,
    options: ReadOptions = {},
  ) {
    this.records = options.records ?? new RecordPositions();
    this.options = { ...options, records: this.records };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LogEvent> {
    for await (const batch of this.batches()) {
      for (const event of batch) {
        if (this.isCancelled()) return;
        yield event;
      }
    }
  }

  /**
   * The same events, one array per chunk read: a consumer that evaluates events synchronously
   * saves an await per event. Arrays are never empty.
   */
  async *batches(): AsyncGenerator<LogEvent[]> {
    const input = this.input;
    if (typeof input !== 'string') {
      yield* this.read(input, new EventPipeline(this.options, { stats: this.stats }));
      return;
    }
    if (!isFolder(input)) {
      yield* this.readFile(input, new EventPipeline(this.options, { stats: this.stats, file: input }));
      return;
    }
    const numbering = { next: 1 };
    for (const entry of evtxFolderEntries(input)) {
      if (this.isCancelled()) return;
      const pipeline = new EventPipeline(this.options, { stats: this.stats, file: entry.path, numbering, evtxOnly: true });
      if (entry.refused === undefined) yield* this.readFile(entry.path, pipeline);
      else pipeline.refuse(entry.refused);
    }
  }

  private async *readFile(path: string, pipeline: EventPipeline): AsyncGenerator<LogEvent[]> {
    const source = createReadStream(path, { highWaterMark: this.options.chunkBytes ?? 256 * 1024 });
    try {
      yield* this.read(source, pipeline);
    } finally {
      source.destroy();
    }
  }

  private async *read(source: AsyncIterable<Uint8Array | string>, pipeline: EventPipeline): AsyncGenerator<LogEvent[]> {
    for await (const chunk of source) {
      if (this.isCancelled()) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const events = pipeline.push(bytes);
      if (events.length > 0) yield events;
    }
    if (this.isCancelled()) return;
    const rest = pipeline.end();
    if (rest.length > 0) yield rest;
  }

  private isCancelled(): boolean {
    if (this.options.signal?.aborted) this.stats.cancelled = true;
    return this.stats.cancelled;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function readLog(input: LogInput, options: ReadOptions = {}): LogReader {
  return new LogReader(input, options);
}
