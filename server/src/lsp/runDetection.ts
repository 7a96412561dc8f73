// `splDetect/runDetection`, `splDetect/sampleLog` and `splDetect/logRecord`: the engine's runDetection
// behind the editor's "Run on sample", and an .evtx event's text. Which log to read is the core's
// (workspace/sampleLog); this file adapts params, settings, cancellation and the answer's shape.
import { existsSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { ResponseError, type CancellationToken } from 'vscode-languageserver';
import { runDetection, runnableSearchAt } from '../engine/eval/runDetection';
import { recordDocument } from '../engine/readers/evtxRecords';
import { excerpt } from '../text/excerpt';
import { ReadScope } from '../workspace/confine';
import { classifyPath } from '../workspace/documents';
import type { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import { attackDataMapCandidates, findSampleLog, type SampleLogLookup } from '../workspace/sampleLog';
import type { ServerContext } from './context';
import {
  RunDetectionErrors,
  type LogRecordParams,
  type LogRecordResult,
  type RunDetectionParams,
  type RunDetectionResult,
  type SampleLogParams,
  type SampleLogResult,
} from './protocol';
import { runSettingsOf, type ResolvedRunSettings } from './settings';
import { uriToPath } from './uris';
import { queryAt } from './workspaceQuery';

/** The `splDetect` settings section for a workspace folder (undefined: no folder). */
export type SettingsReader = (root: string | undefined) => Promise<unknown>;

interface RunTarget {
  project: Project;
  path: string;
  root: string | undefined;
}

function targetOf(context: ServerContext, uri: unknown): RunTarget {
  const path = typeof uri === 'string' ? uriToPath(uri) : undefined;
  const kind = path === undefined ? undefined : classifyPath(path);
  if (path === undefined || (kind !== 'detection' && kind !== 'spl' && kind !== 'savedsearches-conf')) {
    throw new ResponseError(RunDetectionErrors.notRunnable, `${String(uri)} is neither a detection YAML (under detections/), a .spl file nor a savedsearches.conf`);
  }
  const project = context.analyses.workspace(context.documents.all());
  if (!project.document(path)) throw new ResponseError(RunDetectionErrors.notRunnable, `${path} is not part of the loaded workspace`);
  const root = context.analyses.roots.filter((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep)).sort((a, b) => b.length - a.length)[0];
  return { project, path, root };
}

export async function settingsOf(context: ServerContext, readSettings: SettingsReader, root: string | undefined): Promise<ResolvedRunSettings> {
  let section: unknown;
  try {
    section = await readSettings(root);
  } catch {
    section = undefined;
  }
  return runSettingsOf(section, root, context.log);
}

/**
 * What a run may read: the workspace folders, the detection's own workspace root (a file opened from
 * elsewhere) and the folders the settings name.
 */
function readScopeOf(context: ServerContext, target: RunTarget, settings: ResolvedRunSettings): ReadScope {
  return new ReadScope([...context.analyses.roots, findWorkspaceRoot(target.path), ...settings.folders]);
}

function lookupSample(context: ServerContext, target: RunTarget, settings: ResolvedRunSettings, scope: ReadScope): SampleLogLookup {
  const extra = settings.attackDataMap ? [settings.attackDataMap] : [];
  return findSampleLog(target.project, target.path, attackDataMapCandidates(target.path, context.analyses.roots, extra), scope);
}

export async function sampleLog(context: ServerContext, readSettings: SettingsReader, params: SampleLogParams): Promise<SampleLogResult> {
  const target = targetOf(context, params?.uri);
  const settings = await settingsOf(context, readSettings, target.root);
  const lookup = lookupSample(context, target, settings, readScopeOf(context, target, settings));
  const hasTests = (target.project.document(target.path)?.detection?.tests ?? []).some((test) => test.attackData.length > 0);
  return lookup.found ? { logPath: lookup.log, hasTests } : { logPath: null, reason: lookup.reason, hasTests };
}

export async function runDetectionRequest(
  context: ServerContext,
  readSettings: SettingsReader,
  params: RunDetectionParams,
  token: CancellationToken,
): Promise<RunDetectionResult> {
  refuseUntrusted(context);
  const target = targetOf(context, params?.uri);
  const settings = await settingsOf(context, readSettings, target.root);
  const scope = readScopeOf(context, target, settings);
  const given: unknown = params.logPath;
  let log: string;
  if (given === undefined || given === null) {
    const lookup = lookupSample(context, target, settings, scope);
    if (!lookup.found) throw new ResponseError(RunDetectionErrors.noSampleLog, `No sample log for this detection: ${lookup.reason}`);
    log = lookup.log;
  } else {
    if (typeof given !== 'string' || !existsSync(given)) throw new ResponseError(RunDetectionErrors.noSampleLog, `No such log file: ${excerpt(String(given), 120)}`);
    const confined = scope.log(given, 'the log');
    if (!confined.ok) throw new ResponseError(RunDetectionErrors.logRefused, `Cannot run on this log: ${confined.reason}`);
    log = given;
  }
  const version = context.documents.get(params.uri)?.version ?? null;
  const search = searchToRun(context, params);
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    const run = await runDetection({
      project: target.project, path: target.path, log, explain: true, signal: abort.signal, scope,
      limits: settings.maxEvents ? { maxEvents: settings.maxEvents } : {},
      ...(settings.geoipDatabase ? { geoipDatabase: settings.geoipDatabase } : {}),
      ...(search !== undefined ? { search } : {}),
    });
    const stanza = /^\[(.*)\] search$/.exec(run.label)?.[1];
    const detection = target.project.document(target.path)?.detection?.name ?? stanza ?? basename(target.path);
    const result: RunDetectionResult = {
      ok: run.ok,
      results: run.results,
      stats: { eventsRead: run.stats.eventsRead, eventsUnparsed: run.stats.eventsUnparsed, eventsFiltered: run.stats.eventsFiltered, ms: run.stats.ms, cancelled: run.stats.cancelled },
      explain: run.explain.map(({ kind, predicate, label, stage, command, count, evaluated, rowsIn, rowsOut, range, exact }) => ({
        kind, ...(predicate ? { predicate } : {}), label, stage, command, count,
        ...(evaluated !== undefined ? { evaluated } : {}), ...(rowsIn !== undefined ? { rowsIn, rowsOut } : {}), range, exact,
      })),
      problems: run.problems.map(({ code, severity, message, range }) => ({ code, severity, message, range })),
      logPath: log,
      version,
      detection,
      searchLabel: run.label,
    };
    // A cancelled run shows nothing: the previous run (if any) stays.
    if (!run.stats.cancelled) context.runs.set(params.uri, result);
    return result;
  } finally {
    cancelled.dispose();
  }
}

export function refuseUntrusted(context: ServerContext): void {
  if (!context.workspaceTrusted) {
    throw new ResponseError(RunDetectionErrors.untrusted, 'Running a detection is disabled in an untrusted workspace: trust the workspace to run it on a sample log.');
  }
}

export async function logRecord(context: ServerContext, readSettings: SettingsReader, params: LogRecordParams): Promise<LogRecordResult> {
  refuseUntrusted(context);
  const target = targetOf(context, params?.uri);
  const position = params.position as Partial<LogRecordParams['position']> | undefined;
  const { file, record, chunk, offset } = position ?? {};
  if (typeof file !== 'string' || ![record, chunk, offset].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new ResponseError(RunDetectionErrors.recordUnreadable, 'The record to show needs a file and whole numbers record, chunk and offset');
  }
  const settings = await settingsOf(context, readSettings, target.root);
  const confined = readScopeOf(context, target, settings).regularFile(file, 'the log');
  if (!confined.ok) throw new ResponseError(RunDetectionErrors.logRefused, `Cannot show this record: ${confined.reason}`);
  const text = recordDocument({ file, record: record!, chunk: chunk!, offset: offset! });
  if (text === undefined) throw new ResponseError(RunDetectionErrors.recordUnreadable, `Record ${record} is no longer at offset ${offset} of ${excerpt(file)}: the file changed since the run`);
  return { text };
}

/** The search the client named, else the one under its cursor (a saved search of a savedsearches.conf). */
function searchToRun(context: ServerContext, params: RunDetectionParams): string | undefined {
  if (typeof params.search === 'string') return params.search;
  const query = params.position ? queryAt(context, params.uri, params.position) : undefined;
  return query && runnableSearchAt(query.project, query.path, query.offset);
}
