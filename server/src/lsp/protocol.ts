// The extension's own protocol, shared by the server and the client (client/src imports this file):
// command ids, their arguments and results, and the settings the server reads. Plain constants and
// types only, so the client bundle pulls in nothing from the server.
import type { RecordPosition } from '../text/logPosition';

export type { RecordPosition };

/** `workspace/executeCommand`: arguments [documentUri: string, position?: {line, character}]. */
export const EXPAND_MACROS_COMMAND = 'spl.expandMacros';

/** The answer to EXPAND_MACROS_COMMAND; null when the document holds no search. */
export interface ExpandMacrosResult {
  /** Which search was expanded: `search`, `drilldown_searches[1].search`, `macro process_msiexec` ... */
  label: string;
  /** The fully expanded search, one command per line. */
  text: string;
  /** False when a macro could not be expanded (undefined, cycle ...): the text keeps that call. */
  complete: boolean;
}

/** The files whose changes on disk the server rereads (the client's watcher; the server's watchers of linked folders). */
export const WATCHED_FILES_GLOB = '**/*.{yml,yaml,conf,spl}';

/** The settings section the server reads with workspace/configuration. */
export const SETTINGS_SECTION = 'splDetect';

export interface SplDetectSettings {
  /** Extra folders of macro files, relative to the workspace folder (or absolute). */
  macroFolders?: string[];
  /** An ATT&CK STIX bundle (enterprise-attack.json) the detection checks and hover read, relative to the workspace folder or absolute. */
  attackBundle?: string;
}

/** `initialize`'s `initializationOptions` the server reads. */
export interface SplDetectInitializationOptions {
  /**
   * False when the editor does not trust the workspace (VS Code's Restricted Mode): the server then
   * runs no detection until WORKSPACE_TRUST_NOTIFICATION says otherwise. A client that says nothing
   * has no notion of trust, and runs are allowed (still reading only inside the workspace).
   */
  workspaceTrusted?: boolean;
  /** Milliseconds between the last edit and the diagnostics (0-10,000; tests replaying edits use 0). */
  diagnosticsSettleMs?: number;
}

/** Client -> server when the user grants (or the editor withdraws) workspace trust. */
export const WORKSPACE_TRUST_NOTIFICATION = 'splDetect/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

// ---- Running a detection on a sample log (issue 6) ----

/** Client commands the server's CodeLenses invoke (implemented by the client). Arguments: [documentUri]. */
export const RUN_ON_SAMPLE_CLIENT_COMMAND = 'splDetect.runDetectionOnSample';
export const SHOW_RUN_RESULTS_CLIENT_COMMAND = 'splDetect.showRunResults';

/** `splDetect/sampleLog`: which local log the detection's tests name, before running. */
export const SAMPLE_LOG_REQUEST = 'splDetect/sampleLog';
export interface SampleLogParams {
  uri: string;
}
export interface SampleLogResult {
  /** The log file the run would read; null when the tests name none that exists locally. */
  logPath: string | null;
  /** Why there is none (no tests, no map entry, missing file ...). */
  reason?: string;
  /** Whether the detection has a `tests` section with attack_data at all. */
  hasTests: boolean;
}

/**
 * The files the sample pick list offers (`splDetect.sampleFolders`), by extension. Only the offer:
 * what a log holds is read from its content (an .evtx file by its signature, a text format by its lines).
 */
export const SAMPLE_LOG_EXTENSIONS: readonly string[] = ['log', 'xml', 'json', 'jsonl', 'csv', 'evtx'];

/** `splDetect/runDetection`: runs the document's search with the local engine. Cancellable. */
export const RUN_DETECTION_REQUEST = 'splDetect/runDetection';
export interface RunDetectionParams {
  uri: string;
  /** Which search of the file (its label, `[My Search] search` in savedsearches.conf); default: the first. */
  search?: string;
  /** Without `search`: run the search at this position (the editor's cursor), if one is there. */
  position?: { line: number; character: number };
  /**
   * The log to read; default: the sample the detection's tests name (see SAMPLE_LOG_REQUEST). It must
   * be a regular file (or a folder of .evtx files) inside the workspace or a folder the settings name (sampleFolders,
   * attackDataMap's folder, macroFolders), after links are resolved. Whether the workspace is trusted
   * is not the request's to say: see SplDetectInitializationOptions.workspaceTrusted.
   */
  logPath?: string;
  /**
   * Go on, once the run has hits, with the evasion check of those hits (server/src/evasion/) before
   * answering: CodeLens, inlay hints, hover and quick fixes then show it (EVASION_REQUEST).
   */
  evasion?: boolean;
}

/** ResponseError codes of RUN_DETECTION_REQUEST (in the JSON-RPC range reserved for servers). */
export const RunDetectionErrors = {
  /** No logPath given and the detection's tests name no local sample: ask the user for one. */
  noSampleLog: -32001,
  /** The client said (at initialization or since) that the workspace is not trusted. */
  untrusted: -32002,
  /** The document is not a detection or .spl file the server knows. */
  notRunnable: -32003,
  /** The log named is outside the workspace and the configured folders, or not a regular file. */
  logRefused: -32004,
  /** LOG_RECORD_REQUEST: the record is no longer where the run found it (the file changed). */
  recordUnreadable: -32005,
} as const;

export interface RunPosition {
  line: number;
  character: number;
}
export interface RunRange {
  start: RunPosition;
  end: RunPosition;
}

export interface RunResultRow {
  fields: Record<string, string | string[]>;
  /** 1-based line numbers in the log of the events behind the row; empty for an .evtx log (see `records`). */
  events: number[];
  /**
   * Only for an .evtx log (a file or a folder of them), instead of lines: the records of the events
   * behind the row, in file order, each with its file's absolute path. LOG_RECORD_REQUEST gives one's text.
   */
  records?: RecordPosition[];
}

export interface RunExplainEntry {
  kind: 'predicate' | 'stage';
  predicate?: string;
  label: string;
  stage: number;
  command: string;
  count: number;
  evaluated?: number;
  rowsIn?: number;
  rowsOut?: number;
  /** In the detection file (0-based). */
  range: RunRange;
  /** False when the clause came from a macro: `range` is the call site. */
  exact: boolean;
}

export interface RunProblemInfo {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  range: RunRange;
}

export interface RunStatsInfo {
  eventsRead: number;
  eventsUnparsed: number;
  eventsFiltered: number;
  ms: number;
  cancelled: boolean;
}

export interface RunDetectionResult {
  ok: boolean;
  results: RunResultRow[];
  stats: RunStatsInfo;
  explain: RunExplainEntry[];
  problems: RunProblemInfo[];
  /** The log that was read (absolute path). */
  logPath: string;
  /** The document version the run used (null when the document was not open). */
  version: number | null;
  /** The detection's name (a saved search's stanza, or the file name). */
  detection: string;
  /** The label of the search that ran (`search`, `[My Search] search` ...). */
  searchLabel: string;
}

/**
 * `splDetect/evasion`: the evasion check of the document's last run asked for with `evasion: true`
 * (each hit's process event rewritten into the variants its program accepts, run again:
 * server/src/evasion/); null when there is none (no such run, no hit, a failed run). CodeLens, inlay
 * hints, hover and quick fixes show the same check.
 */
export const EVASION_REQUEST = 'splDetect/evasion';
export interface EvasionParams {
  uri: string;
}
export interface EvadingVariantInfo {
  technique: string;
  /** What the technique changes (docs/evasion.md). */
  title: string;
  field: string;
  /** The field's text in the variant (the command line, or the image path). */
  value: string;
  /** The log line of the event the variant rewrote (0 for an .evtx record). */
  line: number;
  /** Where that event is: "line 2", "security.evtx record 16 (chunk 0)". */
  event: string;
  /** The clause that rejected it, in the detection file (0-based); absent when no clause can be named. */
  rejectedBy?: { clause: string; range: RunRange; exact: boolean };
}
export interface EvasionFixInfo {
  title: string;
  /** The rejecting clause: where the fix is offered. */
  clause: RunRange;
  edits: { range: RunRange; newText: string }[];
}
export interface EvasionResult {
  /** The document version the run (and so the check) used. */
  version: number | null;
  hits: number;
  variants: number;
  evading: EvadingVariantInfo[];
  /** Certain fixes (an IN list missing the variant's option form, a case-sensitive comparison). */
  fixes: EvasionFixInfo[];
  /** Hits that could not be varied, and why. */
  notes: string[];
}

/**
 * `splDetect/logRecord`: an event of an .evtx log as a document to read (there is no text line to
 * open): where it is, then its XML indented. Read again from the file, inside the run's read scope.
 */
export const LOG_RECORD_REQUEST = 'splDetect/logRecord';
export interface LogRecordParams {
  /** The detection whose run named the record: its workspace and settings decide what may be read. */
  uri: string;
  position: RecordPosition;
}
export interface LogRecordResult {
  text: string;
}

/** `splDetect/listTests`: every detection of the workspace with a tests section (for the Test Explorer). */
export const LIST_TESTS_REQUEST = 'splDetect/listTests';
export interface DetectionTestItem {
  uri: string;
  name: string;
  /** Where `tests:` (else `search:`) is, 0-based. */
  line: number;
  tests: number;
  /** Each tests[] entry's name (`tests[i]` when it has none), in file order: the detection's children in the Test Explorer. */
  testNames: string[];
}

/**
 * `splDetect/runTests`: runs every test of a detection as `spl-detect test` does (each attack_data
 * file from the map, the checkout, the cache or a download; the pass rule: at least one result).
 * Cancellable; refused in an untrusted workspace. Progress arrives as TEST_PROGRESS_NOTIFICATION.
 */
export const RUN_TESTS_REQUEST = 'splDetect/runTests';
export interface RunTestsParams {
  uri: string;
  /** Names this request's TEST_PROGRESS_NOTIFICATIONs. */
  progressId?: string;
}
export interface TestVerdictInfo {
  /** As in DetectionTestItem.testNames. */
  name: string;
  status: 'pass' | 'fail' | 'skipped';
  /** The results and the files they came from, or why the test failed or was skipped (a failure names the clause that matched nothing). */
  detail: string;
  ms: number;
  /** Where in the detection file the failure points (the clause that matched nothing, a blocking problem). */
  range?: RunRange;
}
export interface RunTestsResult {
  tests: TestVerdictInfo[];
}

/** Server -> client while RUN_TESTS_REQUEST downloads data: the text of its progress notification. */
export const TEST_PROGRESS_NOTIFICATION = 'splDetect/testProgress';
export interface TestProgressParams {
  progressId: string;
  /** "Downloading [1/2] windows-sysmon.log: 1.2 MiB of 3.4 MiB, 800 KiB/s, 3s left" */
  message: string;
  /** Of the current download, 0-100, when its size is known. */
  percent?: number;
}

/** Settings of the run feature (`splDetect.*`). */
export interface RunSettings {
  /** Folders searched for log files when the detection's tests name none. */
  sampleFolders?: string[];
  /** Path of the attack_data URL -> local file map, relative to the workspace folder. */
  attackDataMap?: string;
  /** Events read at most per run (docs/limits.md). */
  maxEvents?: number;
  /** Rows a hunt's detections may hold together (hunt/heldRows.ts). */
  huntMaxBufferedRows?: number;
  /** The MaxMind .mmdb file iplocation reads, relative to the workspace folder or absolute. */
  geoipDatabase?: string;
  /** A local splunk/attack_data checkout, relative to the workspace folder or absolute. */
  attackDataCheckout?: string;
  /** The attack data cache folder (absolute); default `$XDG_CACHE_HOME/spl-detect/attack-data`. */
  attackDataCache?: string;
  /** Never download attack data. */
  offline?: boolean;
}

// ---- A new detection (issue 14) ----

/** `splDetect/newDetection`: the skeleton of a new detection and where it goes; the client writes and opens it. */
export const NEW_DETECTION_REQUEST = 'splDetect/newDetection';
/** The editor command that asks for the name, type and folder and sends NEW_DETECTION_REQUEST. */
export const NEW_DETECTION_CLIENT_COMMAND = 'splDetect.newDetection';
export { ANALYTICS_TYPES as NEW_DETECTION_TYPES, DETECTION_KINDS as NEW_DETECTION_KINDS } from '../detection/enums';
export interface NewDetectionParams {
  name: string;
  /** TTP, Anomaly, Hunting or Correlation. */
  type: string;
  /** The folder under `detections/`: endpoint, cloud, network, web, application. */
  kind: string;
  /** The workspace folder to write into (default: the first). */
  folderUri?: string;
}
export type NewDetectionResult = { uri: string; text: string } | { error: string };

// ---- A hunt: every detection over one log (issue 16) ----

/**
 * `splDetect/hunt`: every detection of the workspace (or of `detectionFolders`) over one log, read once.
 * Cancellable; reports work-done progress (`$/progress`, percentage of the log read) on `workDoneToken`.
 * Refused in an untrusted workspace, and for a log outside the workspace and the configured folders.
 */
export const HUNT_REQUEST = 'splDetect/hunt';
/** The editor command (palette, explorer context menu on a log file). */
export const HUNT_CLIENT_COMMAND = 'splDetect.huntWithAllDetections';
export interface HuntParams {
  /** Absolute path of the log (a text log, an .evtx file or a folder of them). */
  logPath: string;
  /** Absolute folders of detections; default: `detections/` of each workspace folder. */
  detectionFolders?: string[];
  sourcetype?: string;
  source?: string;
  includeDeprecated?: boolean;
  workDoneToken?: string | number;
}
export interface HuntDetectionInfo {
  uri: string;
  name: string;
  /** Where the detection's search starts in its file (0-based). */
  line: number;
  rows: number;
  /** 1-based lines of the events behind the rows, sorted; an .evtx log's events are in `records`. */
  events: number[];
  records?: RecordPosition[];
}
export interface HuntSkipInfo {
  uri: string;
  name: string;
  reason: string;
  range: RunRange;
}
export interface HuntResult {
  logPath: string;
  /** Detections with rows, in file order. */
  hits: HuntDetectionInfo[];
  /** How many detections ran (rows 0 included). */
  ran: number;
  skipped: HuntSkipInfo[];
  stats: { events: number; eventsFiltered: number; eventsUnparsed: number; bytes: number; ms: number; cancelled: boolean };
}
