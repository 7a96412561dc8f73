import type { EventMetadata } from '../event';
import type { LiteralLineFilter } from './filters';
import type { EvtxPosition } from './evtx/reader';
import type { RecordPositions } from './evtxPositions';

/** What a text log holds, decided from its first non-blank lines unless the caller says. */
export type TextLogFormat = 'xml' | 'json' | 'csv' | 'text';

/** A text format, or a Windows .evtx file (known by its signature, whatever the caller says). */
export type LogFormat = TextLogFormat | 'evtx';

export interface ReadOptions extends EventMetadata {
  /** Skip detection of a text log's format (an .evtx file is still read as one). */
  format?: TextLogFormat;
  /**
   * Cheap pre-filter on each physical line BEFORE an event is built or extracted (for multi-line
   * XML/CSV events: on the whole event text). Return false to skip. Skipped events count in
   * `stats.eventsFiltered`, not as problems. See `requireLiterals` for the usual filter.
   */
  lineFilter?: LiteralLineFilter;
  /** Stop reading (the iterator then ends after the event in hand; no error is thrown). */
  signal?: AbortSignal;
  /** How many problems to keep in `stats.problems` (all are counted). Default 100. */
  maxProblems?: number;
  /** A line longer than this many bytes is skipped and reported. Default 64 MiB. */
  maxLineBytes?: number;
  /** A multi-line event (XML, quoted CSV) longer than this is dropped and reported. Default 16 MiB. */
  maxEventBytes?: number;
  /** Bytes per read. Default 256 KiB: fewer events alive per batch keeps them out of the old generation (lower peak RSS, same speed in the bench). */
  chunkBytes?: number;
  /** `_time` for an event without a timestamp when no earlier event had one. Default 0. */
  defaultTime?: number;
  /**
   * Parse every JSON event's fields as it is read, instead of checking the line and flattening on
   * first use. For a consumer that reads every field of every event anyway (one parse instead of
   * a check plus a parse). Default false.
   */
  eagerJson?: boolean;
  /**
   * Where the events of an .evtx log are, filled as it is read. The readers of one log may share it
   * (a run's subsearches read the log again and number its events the same way); default: the
   * reader's own (`LogReader.records`).
   */
  records?: RecordPositions;
}

export interface ReadProblem {
  /** 1-based line where the problem starts; 0 in an .evtx log (see `evtx`). */
  line: number;
  reason: string;
  /** The .evtx file, when the log is one or a folder of them. */
  file?: string;
  /** Where in that file: record, chunk and offset (chunk -1: the file header); undefined for the file as a whole. */
  evtx?: EvtxPosition;
}

export interface ReaderStats {
  /** The format of the log (`evtx` for a folder of .evtx files). */
  format: LogFormat | undefined;
  bytesRead: number;
  /** Lines of a text log (an .evtx log has none). */
  linesRead: number;
  /** Events handed to the caller. */
  eventsRead: number;
  /** Malformed events or lines (in an .evtx log: records known to be lost): counted, reported in `problems`, not handed out. */
  eventsUnparsed: number;
  /** Damaged events still handed out (and counted in `eventsRead`), each reported in `problems`. */
  eventsPartial: number;
  /** Events rejected by `lineFilter`. */
  eventsFiltered: number;
  /** The first `maxProblems` problems, in file order. */
  problems: ReadProblem[];
  /** True when the run stopped because `signal` was aborted. */
  cancelled: boolean;
}

export function emptyStats(): ReaderStats {
  return {
    format: undefined,
    bytesRead: 0,
    linesRead: 0,
    eventsRead: 0,
    eventsUnparsed: 0,
    eventsPartial: 0,
    eventsFiltered: 0,
    problems: [],
    cancelled: false,
  };
}
