// A hunt: every detection over one log, read once. Each detection is compiled as its own run would
// be (prepareDetection), the log is read once, and each event goes only to the detections whose
// fast-path literals its raw text holds (router.ts); fields are extracted on the shared event, once,
// when the first detection reads them. Each detection's report is the one runDetection gives.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CimEngineProvider } from '../engine/eval/cimView';
import type { RunLimits } from '../engine/eval/context';
import { finishDetectionRun, prepareDetection, type DetectionReport, type DetectionRun } from '../engine/eval/runDetection';
import { SearchSession } from '../engine/eval/runSearch';
import type { LookupFolder } from '../engine/eval/lookupTables';
import { SharedSubsearches } from '../engine/eval/sharedSubsearches';
import type { EventGate } from '../engine/eval/commands/types';
import type { EventMetadata, LogEvent } from '../engine/event';
import { RecordPositions } from '../engine/readers/evtxPositions';
import { readLog, type LogReader } from '../engine/readers/readLog';
import { SharedReads } from '../engine/readers/sharedReads';
import type { LogFormat, ReadProblem, ReaderStats } from '../engine/readers/types';
import type { ReadScope } from '../workspace/confine';
import { findLookupsFolder } from '../workspace/root';
import type { Project } from '../workspace/project';
import type { HuntDetection } from './detections';
import { EventRouter } from './router';
import { SharedGates } from './gates';
import { DEFAULT_HUNT_BUFFERED_ROWS, HeldRowsBudget } from './heldRows';

export interface HuntOptions {
  project: Project;
  detections: readonly HuntDetection[];
  /** A log file or a folder of .evtx files. */
  log: string;
  /** source / sourcetype / host / index of the log's events (the same for every detection). */
  metadata?: EventMetadata;
  scope?: ReadScope;
  signal?: AbortSignal;
  limits?: Partial<RunLimits>;
  /** Epoch seconds for now() and relative times (default: the clock). */
  now?: number;
  /** Rows all detections may hold together (heldRows.ts); default DEFAULT_HUNT_BUFFERED_ROWS. */
  maxBufferedRows?: number;
  /** After each chunk read: bytes read so far of `total` (0 when unknown), in which of the log's reads. */
  progress?: (bytesRead: number, total: number, pass: HuntPass) => void;
}

/**
 * Which read of the log a hunt is in: the subsearches some detections must run before the read (an
 * inner join's, a subsearch filter's), the read itself, or the subsearches run as the detections close
 * (join, append, map; one read or more). Each is a whole read of the log, so each has its progress.
 */
export const HUNT_PASSES = ['before', 'read', 'after'] as const;
export type HuntPass = (typeof HUNT_PASSES)[number];

/** How a pass is named to the user, in the CLI's bar and the editor's notification. */
export function passLabel(pass: HuntPass): string {
  return pass === 'before' ? 'subsearches before the read' : pass === 'read' ? 'reading' : 'subsearches after the read';
}

export interface HuntedDetection {
  detection: HuntDetection;
  run: DetectionRun;
}

export interface HuntSkip {
  detection: HuntDetection;
  reason: string;
  /** 1-based, in the detection's file. */
  line: number;
  column: number;
}

export interface HuntStats {
  /** Events read from the log (those no detection could match are skipped before they are built). */
  events: number;
  eventsUnparsed: number;
  /** Events no detection's literals allowed: skipped before extraction. */
  eventsFiltered: number;
  bytes: number;
  /** Detections that ran to the end. */
  detections: number;
  skipped: number;
  /** Of `skipped`: left out because the detections together held too much (heldRows.ts). */
  leftOut: number;
  /** Events handed to detections, summed over detections (what one run per detection would have evaluated). */
  deliveries: number;
  /** Detections that read every event (no literal to require), the literals scanned and the automaton's states. */
  unfiltered: number;
  literals: number;
  states: number;
  /** Distinct gates (engine/eval/eventGates.ts) tested per event. */
  gates: number;
  ms: number;
  /** Worker threads that shared the detections (parallel.ts); absent: this thread alone. */
  workers?: number;
  /** Of `ms`: compiling the detections (and their subsearches before reading), before the log is read. */
  prepareMs: number;
  /** Of `ms`: reading the log and handing its events to the detections. */
  readMs: number;
  /** Of `ms`: the detections' last stages after the last event (grouped rows, joins' subsearches). */
  closeMs: number;
  cancelled: boolean;
  logFormat?: LogFormat;
}

export interface HuntOutcome {
  log: string;
  ran: HuntedDetection[];
  skipped: HuntSkip[];
  stats: HuntStats;
  /** Problems reading the log (once for the hunt, not per detection). */
  problems: ReadProblem[];
}

/** The metadata given, every key present so no detection's own test data fills a gap the log leaves. */
export function huntMetadata(given: EventMetadata = {}): EventMetadata {
  return { source: given.source, sourcetype: given.sourcetype, host: given.host, index: given.index ?? 'main' };
}

/**
 * How much of the log is read between two looks at what the detections hold: asking 1,500 sessions
 * after every 256 KB chunk cost 2% of a hunt; what a few chunks add is far below the bound.
 */
const HELD_ROWS_CHECK_BYTES = 2 * 1024 * 1024;

interface Live {
  detection: HuntDetection;
  report: DetectionReport;
  session: SearchSession;
  /** Its first stage's gates (the compiled search itself is the session's, let go once it has run). */
  gates: readonly EventGate[];
  delivered: number;
}

export async function hunt(options: HuntOptions): Promise<HuntOutcome> {
  const started = performance.now();
  const metadata = huntMetadata(options.metadata);
  const records = new RecordPositions();
  const skipped: HuntSkip[] = [];
  const live: Live[] = [];
  // One CIM view for all: the mapping rules are built once, and each dataset's view is shared.
  const cim = new CimEngineProvider();
  // Each lookup table read once for the hunt, not once per detection that names it.
  const lookupFolders = new Map<string, LookupFolder>();
  // One clock for the hunt, so that the detections' identical subsearches are one subsearch, run once.
  const now = options.now ?? Date.now() / 1000;
  const subsearches = new SharedSubsearches();
  const total = sizeOf(options.log);
  let pass: HuntPass = 'before';
  // The detections open and close together (below): their subsearches read the log once between them.
  let reread: LogReader | undefined;
  const rereads = new SharedReads<EventGate>(() => (reread = readLog(options.log, { ...metadata, signal: options.signal, records })).batches(), {
    signal: options.signal,
    routerFor: (requirements) => new EventRouter(requirements),
    gatesFor: (perReader) => new SharedGates(perReader, cim),
    afterBatch: () => options.progress?.(reread?.stats.bytesRead ?? 0, total, pass),
  });
  // A detection's lookups folder is found by looking up from its folder: once per folder, not per detection.
  const lookupsByFolder = new Map<string, string>();
  const lookupsOf = (path: string): string => {
    const folder = dirname(path);
    let lookups = lookupsByFolder.get(folder);
    if (lookups === undefined) lookupsByFolder.set(folder, (lookups = findLookupsFolder(folder)));
    return lookups;
  };
  const opening: Array<Promise<Live>> = [];
  for (const detection of options.detections) {
    if (options.signal?.aborted) break;
    const preparation = prepareDetection(
      { project: options.project, path: detection.path, lookups: lookupsOf(detection.path), log: options.log, metadata, cim, lookupFolders, subsearches, rereads, signal: options.signal, limits: options.limits, now, ...(options.scope ? { scope: options.scope } : {}) },
      records,
    );
    if (preparation.failed) {
      skipped.push(skipOf(detection, preparation.failed));
      continue;
    }
    const { prepared, ...report } = preparation.ready;
    const gates = prepared.stages[0]?.stage.gates ?? [];
    // Opened together, so that the subsearches each must run before reading share reads of the log.
    opening.push(SearchSession.open(prepared, options.signal).then((session) => ({ detection, report, session, gates, delivered: 0 })));
  }
  live.push(...(await Promise.all(opening)));
  const prepareMs = performance.now() - started;
  pass = 'read';
  const reading = live.filter((l) => l.session.wantsEvents);
  const router = new EventRouter(reading.map((l) => l.report.literals));
  const budget = new HeldRowsBudget(options.maxBufferedRows ?? DEFAULT_HUNT_BUFFERED_ROWS);
  const sessions = reading.map((l) => l.session);
  // The routes of the lines accepted from the chunk in hand: the reader emits an event with the very text it filtered.
  const routes = new Map<string, readonly number[]>();
  const everyLine = router.unfiltered.length > 0;
  const lineFilter = (raw: string): boolean => {
    const routed = router.route(raw);
    if (!everyLine && routed.length === 0) return false;
    // Kept even when empty, so that deliver does not scan the line again.
    routes.set(raw, routed);
    return true;
  };
  const reader = readLog(options.log, { ...metadata, signal: options.signal, records, ...(reading.length > 0 ? { lineFilter } : {}) });
  const gates = new SharedGates(reading.map((l) => l.gates), cim);
  let deliveries = 0;
  let leftOut = 0;
  // The detections every event can reach, by their gates: most events fail most sets (another data model's dataset).
  const unfiltered = gates.bySet(router.unfiltered);
  const give = (index: number, event: LogEvent): void => {
    const target = reading[index];
    if (!target.session.wantsEvents) return;
    target.delivered++;
    deliveries++;
    target.session.push(event);
  };
  const deliver = (event: LogEvent): void => {
    const routed = routes.get(event.raw) ?? router.route(event.raw);
    gates.nextEvent(event);
    for (const bucket of unfiltered) {
      if (!gates.passesSet(bucket.set)) continue;
      for (const index of bucket.detections) give(index, event);
    }
    for (const index of routed) if (gates.passes(index)) give(index, event);
  };
  let readFailure: string | undefined;
  if (reading.length > 0) {
    let checkedAt = 0;
    try {
      for await (const batch of reader.batches()) {
        for (const event of batch) deliver(event);
        routes.clear();
        if (reader.stats.bytesRead - checkedAt >= HELD_ROWS_CHECK_BYTES) {
          checkedAt = reader.stats.bytesRead;
          leftOut += budget.enforce(sessions).length;
        }
        options.progress?.(reader.stats.bytesRead, total, 'read');
        if (options.signal?.aborted) break;
      }
    } catch (error) {
      readFailure = error instanceof Error ? error.message : String(error);
    }
    // What the detections hold as they close is within the bound, whatever was read since the last look.
    if (readFailure === undefined && !options.signal?.aborted) leftOut += budget.enforce(sessions).length;
  }
  const cancelled = options.signal?.aborted === true || reader.stats.cancelled;
  const ran: HuntedDetection[] = [];
  const closing = performance.now();
  pass = 'after';
  const outcomes = await Promise.all(live.map((l) => l.session.close(cancelled)));
  const closeMs = performance.now() - closing;
  for (const [i, l] of live.entries()) {
    const outcome = outcomes[i];
    const stats: ReaderStats = { ...reader.stats, eventsRead: l.delivered, eventsFiltered: reader.stats.eventsRead + reader.stats.eventsFiltered - l.delivered, problems: [] };
    const run = finishDetectionRun(l.report, outcome, stats);
    if (readFailure !== undefined) skipped.push({ detection: l.detection, reason: `cannot read the log: ${readFailure}`, line: 1, column: 1 });
    else if (run.ok || cancelled) ran.push({ detection: l.detection, run });
    else skipped.push(skipOf(l.detection, run));
  }
  const shape = router.shape;
  return {
    log: options.log,
    ran,
    skipped,
    problems: reader.stats.problems,
    stats: {
      events: reader.stats.eventsRead + reader.stats.eventsFiltered,
      eventsUnparsed: reader.stats.eventsUnparsed,
      eventsFiltered: reader.stats.eventsFiltered,
      bytes: reader.stats.bytesRead,
      detections: ran.length,
      skipped: skipped.length,
      leftOut,
      deliveries,
      unfiltered: shape.unfiltered,
      literals: shape.literals,
      states: shape.states,
      ms: Math.round(performance.now() - started),
      prepareMs: Math.round(prepareMs),
      readMs: Math.round(closing - started - prepareMs),
      closeMs: Math.round(closeMs),
      gates: gates.count,
      cancelled,
      ...(reader.stats.format ? { logFormat: reader.stats.format } : {}),
    },
  };
}

/** Why a detection cannot run: its first error, where it is in the detection's file. */
function skipOf(detection: HuntDetection, run: DetectionRun): HuntSkip {
  const problem = run.problems.find((p) => p.severity === 'error') ?? run.problems[0];
  if (!problem) return { detection, reason: 'the search did not run', line: 1, column: 1 };
  return { detection, reason: `${problem.code}: ${problem.message}`, line: problem.range.start.line + 1, column: problem.range.start.character + 1 };
}

/** Bytes to read: the file's size, or a folder's .evtx files' sizes together. */
function sizeOf(log: string): number {
  try {
    const stat = statSync(log);
    return stat.isFile() ? stat.size : 0;
  } catch {
    return 0;
  }
}
