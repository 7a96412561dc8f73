// The engine's entry point for the CLI, the language server and tests: run a detection (or .spl
// file) of a Project against a log, as Splunk would, and report results with the events behind each
// row, per-clause counts and problems, all positioned in the file the user edits.
import { dirname } from 'node:path';
import { readLog, type LogInput } from '../readers/readLog';
import { ReplayedLog, type LogReadOnce } from '../readers/logReadOnce';
import type { SharedReads } from '../readers/sharedReads';
import { requireLiterals } from '../readers/filters';
import { describeProblemPosition, RecordPositions, type RecordPosition } from '../readers/evtxPositions';
import type { EventMetadata } from '../event';
import type { LogFormat, ReaderStats } from '../readers/types';
import { mapExpandedSpan } from '../../macros/sourceMap';
import { expandSearch, type Expansion } from '../../macros/expand';
import type { Diagnostic, RelatedLocation } from '../../text/diagnostic';
import { boundedMessage } from '../../text/excerpt';
import { LineIndex, type Position } from '../../text/lineIndex';
import type { Span } from '../../text/span';
import { spanToFile, type EmbeddedSearch } from '../../text/embeddedSearch';
import { notALog, ReadScope } from '../../workspace/confine';
import { DOC } from '../../workspace/docCodes';
import type { Project } from '../../workspace/project';
import { findLookupsFolder, findWorkspaceRoot } from '../../workspace/root';
import { CimEngineProvider, type CimViewProvider } from './cimView';
import type { RunLimits, RunSources, RunTimeExpansion } from './context';
import type { EventGate } from './commands/types';
import { LookupFolder } from './lookupTables';
import { RunCode, RunError } from './errors';
import type { PredicateKind } from './explain';
import { requiredLiterals, requiredWords, type LiteralClauses } from './fastPath';
import { openGeoIpDatabase, type GeoIpDatabase } from './geoip';
import { executeSearch, prepareSearch, type PreparedSearch, type SearchRunOutcome } from './runSearch';
import type { SharedSubsearches } from './sharedSubsearches';
import { displayValue } from './values';

export interface RunDetectionOptions {
  project: Project;
  /** The detection YAML or .spl file, as loaded in `project`. */
  path: string;
  /** A log file path, a folder of .evtx files, or a byte stream. */
  log: LogInput;
  /** source / sourcetype / host / index of the log's events; defaults in `defaultMetadata`. */
  metadata?: EventMetadata;
  signal?: AbortSignal;
  limits?: Partial<RunLimits>;
  /** Exact per-clause counts: every predicate on every event, and no fast-path filter. */
  explain?: boolean;
  /**
   * Skip lines without the search's required literals, and groups the commands after a grouping
   * would drop (keyFilter.ts) (default true; off with `explain`).
   */
  fastPath?: boolean;
  /** Epoch seconds for now() and relative times (default: the clock). */
  now?: number;
  cim?: CimViewProvider;
  /** The folder of lookup definitions and CSVs (default: `findLookupsFolder`: the nearest `lookups/`, or a Splunk app's). */
  lookups?: string;
  /**
   * The folders whose files the run may read (lookup tables): the workspace and the folders the user
   * configured. Default: the detection's workspace root and the folder holding the lookups folder.
   */
  scope?: ReadScope;
  /** The MaxMind .mmdb file iplocation reads; without it, a search with iplocation fails (RUN005). */
  geoipDatabase?: string;
  /**
   * Which search of the file runs, by its label (`[My Search] search` in savedsearches.conf); default:
   * the detection's `search:`, the .spl file, or the first saved search.
   */
  search?: string;
  /**
   * The log's events already read (readLogOnce of `log`, with this run's metadata): the run and its
   * subsearches replay them instead of reading the file (many detections over one file).
   */
  readOnce?: LogReadOnce;
  /**
   * Lookup folders already opened, by folder and scope (the folder and the scope): runs that share it read each
   * table once (a hunt: 1,600 detections, and a table read per detection was most of its memory).
   */
  lookupFolders?: Map<string, LookupFolder>;
  /** Subsearch results shared by runs over the same log with the same metadata (a hunt). */
  subsearches?: SharedSubsearches;
  /** Reads of `log` (with this run's metadata) that subsearches starting together share (a hunt's). */
  rereads?: SharedReads<EventGate>;
}

const RUNNABLE_ROLES = new Set(['search', 'spl-file', 'conf-search']);

/** The label of the runnable search whose text holds the file offset (a saved search under the cursor). */
export function runnableSearchAt(project: Project, path: string, offset: number): string | undefined {
  const searches = project.document(path)?.searches ?? [];
  return searches.find((s) => RUNNABLE_ROLES.has(s.role) && offset >= s.fileSpan.start && offset <= s.fileSpan.end)?.label;
}

export interface FileRange {
  start: Position;
  end: Position;
}

export interface ExplainEntry {
  kind: 'predicate' | 'stage';
  /** For predicates: term, compare, in-value, dataset or subsearch. */
  predicate?: PredicateKind;
  label: string;
  stage: number;
  command: string;
  /** Predicate: events (or rows) that satisfied it. Stage: rows out. */
  count: number;
  /** Predicate: events (or rows) it was evaluated on. */
  evaluated?: number;
  rowsIn?: number;
  rowsOut?: number;
  /** Where to show it in the edited file: file offsets and 0-based line/character. */
  span: Span;
  range: FileRange;
  /** False when the predicate came from a macro: `span` is then the call site, `related` the definition. */
  exact: boolean;
  related?: RelatedLocation[];
}

export interface RunProblem extends Diagnostic {
  range: FileRange;
}

export interface DetectionResult {
  fields: Record<string, string | string[]>;
  /** 1-based line numbers of the events behind this row, sorted; empty for an .evtx log (see `records`). */
  events: number[];
  /** For an .evtx log (a file or a folder of them) instead of lines: the records of the events behind this row, in file order. */
  records?: RecordPosition[];
}

export interface RunStats {
  eventsRead: number;
  eventsUnparsed: number;
  /** Events the fast-path filter skipped before extraction. */
  eventsFiltered: number;
  ms: number;
  cancelled: boolean;
  /** What the fast path required of each line (lower case): every clause, each by any one of its literals. */
  requiredLiterals: LiteralClauses;
  /** And of whole words (fastPath.ts requiredWords): every clause, each by any one of its words. */
  requiredWords: LiteralClauses;
  /** What the log turned out to be (undefined when the search read no event). */
  logFormat?: LogFormat;
}

export interface DetectionRun {
  ok: boolean;
  results: DetectionResult[];
  stats: RunStats;
  explain: ExplainEntry[];
  problems: RunProblem[];
  /** The metadata the events were read with. */
  metadata: EventMetadata;
  /** The expanded search that ran. */
  search: string;
  /** The label of the search that ran (`search`, `[My Search] search` ...); '' when there was none. */
  label: string;
}

/** source/sourcetype from the detection's `tests[0].attack_data[0]`; index `main`. */
export function defaultMetadata(project: Project, path: string): EventMetadata {
  const attack = project.document(path)?.detection?.tests[0]?.attackData[0];
  return { index: 'main', ...(attack?.source ? { source: attack.source } : {}), ...(attack?.sourcetype ? { sourcetype: attack.sourcetype } : {}) };
}

/** Maps spans of the expanded search into the edited file. */
export class Positions {
  private readonly index: LineIndex;

  constructor(
    private readonly search: EmbeddedSearch,
    private readonly expansion: Expansion | undefined,
    readonly fileText: string,
  ) {
    this.index = new LineIndex(fileText);
  }

  range(span: Span): FileRange {
    return { start: this.index.positionAt(span.start), end: this.index.positionAt(span.end) };
  }

  map(span: Span, message: string): { span: Span; exact: boolean; related?: RelatedLocation[] } {
    if (!this.expansion) return { span: spanToFile(this.search, span), exact: true };
    const root = mapExpandedSpan(this.expansion, span, message);
    const related = root.related?.map((r) => (r.file ? r : { ...r, span: spanToFile(this.search, r.span) }));
    return { span: spanToFile(this.search, root.span), exact: root.exact, ...(related ? { related } : {}) };
  }

  problem(code: string, severity: Diagnostic['severity'], message: string, span: Span): RunProblem {
    const mapped = this.map(span, message);
    return { code, severity, message, span: mapped.span, range: this.range(mapped.span), ...(mapped.related ? { related: mapped.related } : {}) };
  }
}

function emptyStats(): RunStats {
  return { eventsRead: 0, eventsUnparsed: 0, eventsFiltered: 0, ms: 0, cancelled: false, requiredLiterals: [], requiredWords: [] };
}

/** A detection compiled and ready to read events: what runDetection does before the log is opened. */
export interface PreparedDetection {
  prepared: PreparedSearch;
  /** What the fast path requires of each event's raw text (empty: every event). */
  literals: LiteralClauses;
  /** Whole words the fast path requires besides (fastPath.ts requiredWords). */
  words: LiteralClauses;
  metadata: EventMetadata;
  /** The expanded search and its label. */
  text: string;
  label: string;
  /** Where the events of an .evtx log are, shared by the log's readers (the subsearches' too). */
  records: RecordPositions;
  started: number;
  positions: Positions;
  searchSpan: Span;
}

export type DetectionPreparation = { ready: PreparedDetection; failed?: undefined } | { failed: DetectionRun; ready?: undefined };

export async function runDetection(options: RunDetectionOptions): Promise<DetectionRun> {
  // The events of an .evtx log are numbered as they are read; the log's every reader fills one map of their records.
  const preparation = prepareDetection(options, options.readOnce?.records);
  if (preparation.failed) return preparation.failed;
  const ready = preparation.ready;
  const lineFilter = requireLiterals(ready.literals, ready.words);
  const reader = options.readOnce
    ? new ReplayedLog(options.readOnce, options.signal, lineFilter)
    : readLog(options.log, { ...ready.metadata, signal: options.signal, lineFilter, records: ready.records });
  let outcome;
  try {
    outcome = await executeSearch(ready.prepared, reader, options.signal);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failedRun(ready, [ready.positions.problem(RunCode.logError, 'error', `cannot read the log: ${message}`, { start: 0, end: 0 })]);
  }
  return finishDetectionRun(ready, outcome, reader.stats);
}

function failedRun(
  at: { started: number; metadata: EventMetadata },
  problems: RunProblem[],
  search = '',
  label = '',
): DetectionRun {
  return {
    ok: false, results: [], stats: { ...emptyStats(), ms: performance.now() - at.started }, explain: [], problems: problems.map(withBoundedMessage), metadata: at.metadata, search, label,
  };
}

/**
 * Everything before the log is read: the search found, expanded, checked and compiled, the fast
 * path's literals. A detection that cannot run comes back as its failed run, with the reason.
 * `records`: the log's record map when the caller's reader is shared (a hunt).
 */
export function prepareDetection(options: RunDetectionOptions, records = new RecordPositions()): DetectionPreparation {
  const started = performance.now();
  const { project, path } = options;
  const metadata = { ...defaultMetadata(project, path), ...options.metadata };
  const fail = (problems: RunProblem[], search = '', label = ''): DetectionPreparation => ({ failed: failedRun({ started, metadata }, problems, search, label) });
  const analysis = project.analyzeToRun(path);
  const runnable = analysis?.searches.filter((s) => RUNNABLE_ROLES.has(s.search.role)) ?? [];
  const analyzed = options.search === undefined ? runnable[0] : runnable.find((s) => s.search.label === options.search);
  if (!analysis || !analyzed) {
    // A file too long to read (DOC009) has no search: say why rather than only that.
    const unread = analysis && runnable.length === 0 ? analysis.diagnostics.filter((d) => d.code === DOC.TOO_LARGE) : [];
    const start = { line: 0, character: 0 };
    if (unread.length > 0) return fail(unread.map((d) => ({ ...d, range: { start, end: start } })));
    const zero = { line: 0, character: 0 };
    const message =
      options.search === undefined || runnable.length === 0
        ? `${path} has no search to run`
        : `${path} has no search labelled ${options.search} (it has ${runnable.map((s) => s.search.label).join(', ')})`;
    return fail([{ code: RunCode.notRunnable, severity: 'error', message, span: { start: 0, end: 0 }, range: { start: zero, end: zero } }]);
  }
  const positions = new Positions(analyzed.search, analyzed.expansion, analysis.document.text);
  const toProblem = (d: Diagnostic): RunProblem => ({ ...d, range: positions.range(d.span) });
  // Problems that stop Splunk from running the search stop the local run too (already in file offsets),
  // and so does a YAML syntax error anywhere in the file: contentctl cannot read the detection at all.
  const blocking = analysis.diagnostics.filter((d) => d.severity === 'error' && (spanWithin(d.span, analyzed.search) || d.code === DOC.YAML_SYNTAX));
  const parse = analyzed.expandedParse ?? analyzed.parse;
  const text = analyzed.expansion?.text ?? analyzed.search.text;
  const label = analyzed.search.label;
  if (blocking.length > 0) return fail(blocking.map(toProblem), text, label);
  // A named pipe would block the reader (and subsearches open the log again); /dev/zero never ends.
  const unreadable = typeof options.log === 'string' ? notALog(options.log, `the log: ${options.log}`) : undefined;
  if (unreadable) return fail([positions.problem(RunCode.logError, 'error', `cannot read the log: ${unreadable}`, { start: 0, end: 0 })], text, label);

  const cim = options.cim ?? new CimEngineProvider();
  const useFastPath = (options.fastPath ?? true) && !options.explain;
  let prepared;
  try {
    prepared = prepareSearch({
      text, ast: parse.ast, cim, sources: runSources(options, metadata, records), explain: options.explain ?? false, groupFilters: useFastPath, now: options.now, limits: options.limits,
    });
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    return fail([positions.problem(error.code, 'error', error.message, error.span)], text, label);
  }
  const literals = useFastPath ? requiredLiterals(parse.ast.stages[0], cim) : [];
  const words = useFastPath ? requiredWords(parse.ast.stages[0], cim) : [];
  return { ready: { prepared, literals, words, metadata, text, label, records, started, positions, searchSpan: parse.ast.span } };
}

/** What finishDetectionRun needs of a prepared detection: not its compiled search, which a hunt lets go of once it has run. */
export type DetectionReport = Omit<PreparedDetection, 'prepared'>;

/** The run's report from the search's outcome and the reader's stats (of the events this search was given). */
export function finishDetectionRun(ready: DetectionReport, outcome: SearchRunOutcome, readerStats: ReaderStats): DetectionRun {
  const { positions, records, metadata } = ready;
  const problems: RunProblem[] = [];
  if (outcome.error) problems.push(positions.problem(outcome.error.code, 'error', outcome.error.message, outcome.error.span));
  for (const w of outcome.warnings) problems.push(positions.problem(w.code, 'warning', w.message, w.span));
  for (const p of readerStats.problems) {
    problems.push({ ...positions.problem(RunCode.logError, 'warning', `log ${describeProblemPosition(p)}: ${p.reason}`, { start: 0, end: 0 }) });
  }
  const cancelled = outcome.cancelled || readerStats.cancelled;
  if (cancelled) problems.push(positions.problem(RunCode.notRunnable, 'error', 'the run was cancelled', ready.searchSpan));
  const commands = new Map(outcome.stages.map((s) => [s.stage, s.command]));
  const explain: ExplainEntry[] = [
    ...outcome.predicates.map((p): ExplainEntry => {
      const mapped = positions.map(p.span, `${p.label}: ${p.satisfied} of ${p.evaluated}`);
      return {
        kind: 'predicate', predicate: p.kind, label: p.label, stage: p.stage, command: commands.get(p.stage) ?? '',
        count: p.satisfied, evaluated: p.evaluated, span: mapped.span, range: positions.range(mapped.span), exact: mapped.exact,
        ...(mapped.related ? { related: mapped.related } : {}),
      };
    }),
    ...outcome.stages.map((s): ExplainEntry => {
      const mapped = positions.map(s.span, `${s.command}: ${s.rowsIn} in, ${s.rowsOut} out`);
      return {
        kind: 'stage', label: s.command, stage: s.stage, command: s.command, count: s.rowsOut, rowsIn: s.rowsIn, rowsOut: s.rowsOut,
        span: mapped.span, range: positions.range(mapped.span), exact: mapped.exact, ...(mapped.related ? { related: mapped.related } : {}),
      };
    }),
  ];
  const results: DetectionResult[] = outcome.rows.map((row) => {
    const fields: Record<string, string | string[]> = {};
    for (const name of row.names()) {
      const value = displayValue(row.get(name));
      if (value !== null) fields[name] = value;
    }
    // A search that does not read the log itself (inputlookup, then a join) may still show events a subsearch read.
    return readerStats.format === 'evtx' || !records.isEmpty ? { fields, events: [], records: row.events.map((n) => recordOf(records, n)) } : { fields, events: row.events };
  });
  return {
    ok: !outcome.error && !cancelled,
    results: outcome.error || cancelled ? [] : results,
    stats: {
      eventsRead: readerStats.eventsRead,
      eventsUnparsed: readerStats.eventsUnparsed,
      eventsFiltered: readerStats.eventsFiltered,
      ms: Math.round(performance.now() - ready.started),
      cancelled,
      requiredLiterals: ready.literals,
      requiredWords: ready.words,
      ...(readerStats.format ? { logFormat: readerStats.format } : {}),
    },
    explain,
    problems: problems.map(withBoundedMessage),
    metadata,
    search: ready.text,
    label: ready.label,
  };
}

/** The record behind an event number: every number a run hands out was recorded by the reader that read it. */
function recordOf(records: RecordPositions, number: number): RecordPosition {
  const position = records.at(number);
  if (position === undefined) throw new Error(`internal error: no record for event ${number} of the .evtx log`);
  return position;
}

/** Lookups from the workspace's `lookups/` folder; subsearches read the log file again (not a stream). */
function runSources(options: RunDetectionOptions, metadata: EventMetadata, records: RecordPositions): RunSources {
  const log = options.log;
  const lookups = options.lookups ?? findLookupsFolder(options.path);
  const scope = options.scope ?? new ReadScope([findWorkspaceRoot(options.path), dirname(lookups)]);
  return {
    lookups: sharedLookupFolder(options.lookupFolders, lookups, scope),
    ...(options.readOnce
      ? { events: () => new ReplayedLog(options.readOnce!, options.signal) }
      : options.rereads
        ? { events: (literals, gates) => options.rereads!.events(literals, gates) }
        : typeof log === 'string' ? { events: () => readLog(log, { ...metadata, signal: options.signal, records }) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    expandMacros: (text) => expandRunTimeSearch(text, options.project),
    ...(options.geoipDatabase ? { geoip: openedOnce(options.geoipDatabase) } : {}),
    ...(options.subsearches ? { subsearches: options.subsearches } : {}),
  };
}

/** The folder's tables as the runs sharing `opened` read them (a new folder when nothing is shared). */
function sharedLookupFolder(opened: Map<string, LookupFolder> | undefined, dir: string, scope: ReadScope): LookupFolder {
  if (!opened) return new LookupFolder(dir, scope);
  // The scope decides which files may be read, so two scopes never share what one of them read.
  const key = [dir, ...scope.folders].join('\0');
  let folder = opened.get(key);
  if (!folder) opened.set(key, (folder = new LookupFolder(dir, scope)));
  return folder;
}

/** map's search compiles once per row: the database is read at the first iplocation only. */
function openedOnce(path: string): () => GeoIpDatabase {
  let database: GeoIpDatabase | undefined;
  return () => (database ??= openGeoIpDatabase(path));
}

/** Expands run-time SPL (map's search) with the workspace's macros, as the detection itself was. */
export function expandRunTimeSearch(text: string, project: Project): RunTimeExpansion {
  const expansion = expandSearch(text, project.macros, { implicitFilters: true });
  return { text: expansion.text, problems: expansion.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message) };
}

/** A problem whose message quotes at most an excerpt's worth of the search or the log (text/excerpt.ts). */
function withBoundedMessage(problem: RunProblem): RunProblem {
  return { ...problem, message: boundedMessage(problem.message) };
}

function spanWithin(span: Span, search: EmbeddedSearch): boolean {
  return span.start >= search.fileSpan.start && span.end <= search.fileSpan.end;
}
