import type { LogEvent } from '../event';
import type { Span } from '../../text/span';
import type { CimViewProvider } from './cimView';
import type { EventGate } from './commands/types';
import { RunError, type RunWarning } from './errors';
import type { ExplainRecorder } from './explain';
import type { LiteralClauses } from './fastPath';
import type { GeoIpDatabase } from './geoip';
import type { LookupProvider } from './lookupTables';
import { RegexCache } from './regex';
import { SearchTimeFields } from './searchTimeFields';
import type { SharedSubsearches } from './sharedSubsearches';

/** What a run may read besides its own event stream (lookup tables; the log again, for subsearches). */
export interface RunSources {
  /** Lookup definitions and their CSV files; without it, lookup commands fail. */
  lookups?: LookupProvider;
  /**
   * A fresh read of the run's log (join, append, map subsearches); without it, subsearches fail.
   * `literals`: what the reader's first command requires of a line (fastPath.ts), and `gates`: what
   * it requires of an event (eventGates.ts), so a shared read may hand it only the events that meet
   * both (it still tests each event it is given).
   */
  events?: (literals?: LiteralClauses, gates?: readonly EventGate[]) => AsyncIterable<LogEvent> | Iterable<LogEvent>;
  /** Cancels subsearches too. */
  signal?: AbortSignal;
  /**
   * Expands the macros of SPL text made at run time (map's search), as Splunk expands a search
   * before it parses it; without it, a macro there fails the run.
   */
  expandMacros?: (text: string) => RunTimeExpansion;
  /** Opens the GeoIP database iplocation reads (once per run); without it, iplocation fails the run. */
  geoip?: () => GeoIpDatabase;
  /** Subsearch results shared by the runs over one log (a hunt): each distinct subsearch runs once. */
  subsearches?: SharedSubsearches;
}

/** A run-time search after macro expansion, or the problems that left a call unexpanded. */
export interface RunTimeExpansion {
  text: string;
  problems: string[];
}

/** Bounds of one run (docs/limits.md). */
export interface RunLimits {
  /** Events read from the log before the run stops reading (a warning says so). */
  maxEvents: number;
  /** Result rows kept; later rows are dropped (a warning says so). */
  maxResults: number;
  /** Rows a blocking command (stats, sort, eventstats, dedup ...) may hold at once. */
  maxBufferedRows: number;
}

export const DEFAULT_LIMITS: RunLimits = { maxEvents: 10_000_000, maxResults: 50_000, maxBufferedRows: 2_000_000 };

/** What compiling and running one search needs; one per run. */
export class RunContext {
  readonly regexes = new RegexCache();
  readonly warnings: RunWarning[] = [];
  /** The add-on fields event rows see, and which fields the search read from events. */
  readonly searchTime: SearchTimeFields;
  /** Work that must be done before the first event is read (subsearches in search expressions). */
  private readonly beforeReadingTasks: Array<() => Promise<void>> = [];

  constructor(
    /** The expanded search text (spans index into it). */
    readonly text: string,
    readonly explain: ExplainRecorder,
    readonly limits: RunLimits,
    /** `now()` and relative times: fixed for the whole run, epoch seconds. */
    readonly now: number,
    readonly cim: CimViewProvider | undefined,
    readonly sources: RunSources = {},
    /** Nested pipelines (subsearches, map) read events too, but only the main one reports fields it missed. */
    nested = false,
  ) {
    this.searchTime = new SearchTimeFields(cim?.addons, !nested);
  }

  source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  warn(code: string, message: string, span: Span): void {
    if (this.warnings.some((w) => w.code === code && w.message === message && w.span.start === span.start)) return;
    this.warnings.push({ code, message, span });
  }

  /** Splunk runs a search's subsearches before the search itself: so does the local run. */
  beforeReading(task: () => Promise<void>): void {
    this.beforeReadingTasks.push(task);
  }

  /** Runs (once) what must precede reading; the runners call it before their first row. */
  async runBeforeReading(): Promise<void> {
    while (this.beforeReadingTasks.length > 0) await this.beforeReadingTasks.shift()!();
  }

  /** What each blocking command holds now, by the start of its span. */
  private readonly buffers = new Map<number, HeldRows>();

  /** The record of what the command at `span` holds, which it keeps up to date (heldRows reads it). */
  holding(span: Span, command: string): HeldRows {
    let held = this.buffers.get(span.start);
    if (!held) this.buffers.set(span.start, (held = { rows: 0, values: 0, span, command }));
    return held;
  }

  /** Guards a blocking command's buffer (and records its size: heldRows). */
  checkBuffer(size: number, span: Span, command: string): void {
    this.holding(span, command).rows = size;
    if (size > this.limits.maxBufferedRows) {
      throw new RunError('RUN006', `${command} holds more than ${this.limits.maxBufferedRows} rows (maxBufferedRows); narrow the search`, span);
    }
  }

  /**
   * What the search's blocking commands hold now: all their rows and the values their aggregations
   * keep (values(), dc(), list() ...) as one count, and the command holding the most.
   */
  heldRows(): { rows: number; largest?: HeldRows } {
    let rows = 0;
    let largest: HeldRows | undefined;
    for (const held of this.buffers.values()) {
      rows += held.rows + held.values;
      if (!largest || held.rows + held.values > largest.rows + largest.values) largest = held;
    }
    return largest ? { rows, largest } : { rows };
  }
}

export interface HeldRows {
  rows: number;
  /** Values kept by the rows' aggregations besides the rows themselves. */
  values: number;
  span: Span;
  command: string;
}
