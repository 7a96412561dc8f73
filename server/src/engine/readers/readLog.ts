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
    const signal = this.options.signal;
    const source =
      typeof this.input === 'string'
        ? createReadStream(this.input, { highWaterMark: this.options.chunkBytes ?? 1024 * 1024 })
        : this.input;
    const cancelled = (): boolean => {
      if (signal?.aborted) this.stats.cancelled = true;
      return this.stats.cancelled;
    };
    try {
      for await (const chunk of source) {
        if (cancelled()) return;
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (const event of this.pipeline.push(bytes)) {
          if (cancelled()) return;
          yield event;
        }
      }
      if (cancelled()) return;
      for (const event of this.pipeline.end()) {
        if (cancelled()) return;
        yield event;
      }
    } finally {
      if (typeof this.input === 'string' && 'destroy' in source) (source as { destroy(): void }).destroy();
    }
  }
}

export function readLog(input: LogInput, options: ReadOptions = {}): LogReader {
  return new LogReader(input, options);
}
