import { createReadStream } from 'node:fs';
import type { LogEvent } from '../event';
import { EventPipeline } from './pipeline';
import type { ReaderStats, ReadOptions } from './types';

export type LogInput = string | AsyncIterable<Uint8Array | string>;

/**
 * Streams events from a log file (a path) or any byte stream. Memory stays bounded by one chunk,
 * one line and one pending multi-line event, whatever the file size. `stats` is live and final once
 * iteration ends. Aborting `options.signal` ends iteration quietly with `stats.cancelled` set;
 * breaking out of the loop closes the file.
 *
 *   const reader = readLog('windows-sysmon.log', { sourcetype: 'xmlwineventlog', lineFilter });
 *   for await (const event of reader) { ... }
 *   reader.stats.eventsUnparsed, reader.stats.problems
 */
export class LogReader implements AsyncIterable<LogEvent> {
  private readonly pipeline: EventPipeline;

  constructor(
    private readonly input: LogInput,
    private readonly options: ReadOptions = {},
  ) {
    this.pipeline = new EventPipeline(options);
  }

  get stats(): ReaderStats {
    return this.pipeline.stats;
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
    const source =
      typeof this.input === 'string'
        ? createReadStream(this.input, { highWaterMark: this.options.chunkBytes ?? 256 * 1024 })
        : this.input;
    try {
      for await (const chunk of source) {
        if (this.isCancelled()) return;
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        const events = this.pipeline.push(bytes);
        if (events.length > 0) yield events;
      }
      if (this.isCancelled()) return;
      const rest = this.pipeline.end();
      if (rest.length > 0) yield rest;
    } finally {
      if (typeof this.input === 'string' && 'destroy' in source) (source as { destroy(): void }).destroy();
    }
  }

  private isCancelled(): boolean {
    if (this.options.signal?.aborted) this.stats.cancelled = true;
    return this.stats.cancelled;
  }
}

export function readLog(input: LogInput, options: ReadOptions = {}): LogReader {
  return new LogReader(input, options);
}
