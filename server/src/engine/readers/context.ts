import { LogEvent, type EventMetadata, type FieldExtractor, type FieldMap, type LazyFields } from '../event';
import type { ReaderStats, ReadOptions, ReadProblem } from './types';

/** Turns one physical line (or a merged multi-line record) into events; one per format. */
export interface Assembler {
  line(text: string, line: number, byteStart: number, byteEnd: number): void;
  /**
   * Whether a line, as its bytes read as Latin-1, is one whole event on its own, so that a line the
   * line filter rules out can be counted as filtered without decoding it. Only formats whose events
   * can be told from raw bytes.
   */
  standsAlone?(latin1: string): boolean;
  end(): void;
}

/** Everything an assembler needs to hand out an event or report a problem. */
export class ReadContext {
  readonly events: LogEvent[] = [];
  private lastTime: number | undefined;
  private readonly maxProblems: number;
  readonly metadata: Readonly<EventMetadata>;

  constructor(
    readonly options: ReadOptions,
    readonly stats: ReaderStats,
  ) {
    this.maxProblems = options.maxProblems ?? 100;
    this.metadata = Object.freeze({
      source: options.source,
      sourcetype: options.sourcetype,
      host: options.host,
      index: options.index,
    });
  }

  /** A problem that does not itself lose an event (e.g. a skipped overlong line is also counted). `where`: in an .evtx file. */
  problem(line: number, reason: string, where?: Pick<ReadProblem, 'file' | 'evtx'>): void {
    if (this.stats.problems.length < this.maxProblems) this.stats.problems.push(where ? { line, reason, ...where } : { line, reason });
  }

  /** A malformed event or line: counted and reported, never handed out. */
  unparsed(line: number, reason: string): void {
    this.stats.eventsUnparsed++;
    this.problem(line, reason);
  }

  /** A damaged event that is still handed out (e.g. a cut-off XML event): counted and reported. */
  partial(line: number, reason: string): void {
    this.stats.eventsPartial++;
    this.problem(line, reason);
  }

  /** Applies the caller's pre-filter; counts the rejection. */
  accepts(raw: string): boolean {
    const filter = this.options.lineFilter;
    if (filter === undefined || filter(raw)) return true;
    this.stats.eventsFiltered++;
    return false;
  }

  /**
   * Hands out an event (the caller has already applied `accepts`). A missing timestamp takes the
   * previous event's, as Splunk does, else `defaultTime`, else 0.
   */
  emit(
    raw: string,
    time: number | undefined,
    line: number,
    endLine: number,
    byteStart: number,
    byteEnd: number,
    fields: FieldMap | FieldExtractor | LazyFields,
    metadata: Readonly<EventMetadata> = this.metadata,
  ): void {
    let resolved = time;
    if (resolved === undefined || Number.isNaN(resolved)) resolved = this.lastTime ?? this.options.defaultTime ?? 0;
    else this.lastTime = resolved;
    this.events.push(new LogEvent(raw, resolved, line, endLine, byteStart, byteEnd, metadata, fields));
    this.stats.eventsRead++;
  }

  takeEvents(): LogEvent[] {
    return this.events.splice(0, this.events.length);
  }
}

/** UTF-8 length of a string, for byte offsets of events that start or end mid-line. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
