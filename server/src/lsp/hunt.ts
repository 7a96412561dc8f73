// `splDetect/hunt`: the core's hunt (server/src/hunt/) over one log for the editor: which detections,
// the read scope and trust, cancellation, work-done progress, and the answer's shape.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ResponseError, WorkDoneProgress, type CancellationToken, type Connection } from 'vscode-languageserver';
import { huntedDetections } from '../hunt/detections';
import { hunt, passLabel, type HuntOutcome, type HuntPass } from '../hunt/hunt';
import { bytesReadText } from '../text/bytesRead';
import { LineIndex } from '../text/lineIndex';
import { excerpt } from '../text/excerpt';
import { ReadScope } from '../workspace/confine';
import type { Project } from '../workspace/project';
import type { ServerContext } from './context';
import { RunDetectionErrors, type HuntParams, type HuntResult } from './protocol';
import { refuseUntrusted, settingsOf, type SettingsReader } from './runDetection';
import { pathToUri } from './uris';

export async function huntRequest(context: ServerContext, connection: Connection, readSettings: SettingsReader, params: HuntParams, token: CancellationToken): Promise<HuntResult> {
  refuseUntrusted(context);
  const log: unknown = params?.logPath;
  if (typeof log !== 'string' || !existsSync(log)) throw new ResponseError(RunDetectionErrors.noSampleLog, `No such log file: ${excerpt(String(log), 120)}`);
  const roots = context.analyses.roots;
  const settings = await settingsOf(context, readSettings, roots[0]);
  const folders = Array.isArray(params.detectionFolders) ? params.detectionFolders.filter((f): f is string => typeof f === 'string') : roots.map((root) => join(root, 'detections'));
  const scope = new ReadScope([...roots, ...folders, ...settings.folders]);
  const confined = scope.log(log, 'the log');
  if (!confined.ok) throw new ResponseError(RunDetectionErrors.logRefused, `Cannot hunt on this log: ${confined.reason}`);
  const project = context.analyses.workspace(context.documents.all());
  const detections = huntedDetections(project, folders, params.includeDeprecated === true);
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  const progress = new HuntProgress(connection, params.workDoneToken, `${detections.length} detections`);
  try {
    const metadata = { ...(typeof params.sourcetype === 'string' ? { sourcetype: params.sourcetype } : {}), ...(typeof params.source === 'string' ? { source: params.source } : {}) };
    const bound = settings.huntMaxBufferedRows !== undefined ? { maxBufferedRows: settings.huntMaxBufferedRows } : {};
    const outcome = await hunt({ project, detections, log, metadata, scope, ...bound, signal: abort.signal, progress: (done, total, pass) => progress.report(done, total, pass) });
    return huntResult(project, outcome);
  } finally {
    progress.end();
    cancelled.dispose();
  }
}

/** `$/progress` on the client's token: begin, a report per whole percent read, end. */
class HuntProgress {
  /** The pass and whole percent last reported (a report per whole percent of each pass). */
  private step = '';

  constructor(
    private readonly connection: Connection,
    private readonly token: string | number | undefined,
    title: string,
  ) {
    if (token !== undefined) connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title: `Hunting with ${title}`, cancellable: true, percentage: 0 });
  }

  /**
   * The percentage is the read's (0 during the subsearches before it, 100 after it: the editor's bar
   * only moves forward); the message says which read it is and how far into the log.
   */
  report(done: number, total: number, pass: HuntPass): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const percent = pass === 'before' ? 0 : pass === 'after' ? 100 : Math.floor(fraction * 100);
    const step = `${pass} ${Math.floor(fraction * 100)}`;
    if (this.token === undefined || step === this.step) return;
    this.step = step;
    const message = `${passLabel(pass)}: ${bytesReadText(done, total)}`;
    this.connection.sendProgress(WorkDoneProgress.type, this.token, { kind: 'report', percentage: percent, message });
  }

  end(): void {
    if (this.token !== undefined) this.connection.sendProgress(WorkDoneProgress.type, this.token, { kind: 'end' });
  }
}

function huntResult(project: Project, outcome: HuntOutcome): HuntResult {
  const lineOf = (path: string): number => {
    const document = project.document(path);
    const search = document?.searches.find((s) => s.role === 'search' || s.role === 'spl-file');
    return document && search ? new LineIndex(document.text).positionAt(search.fileSpan.start).line : 0;
  };
  const s = outcome.stats;
  return {
    logPath: outcome.log,
    hits: outcome.ran.filter(({ run }) => run.results.length > 0).map(({ detection, run }) => {
      const records = run.results.flatMap((r) => r.records ?? []);
      return {
        uri: pathToUri(detection.path), name: detection.name, line: lineOf(detection.path), rows: run.results.length,
        events: [...new Set(run.results.flatMap((r) => r.events))].sort((a, b) => a - b), ...(records.length > 0 ? { records } : {}),
      };
    }),
    ran: outcome.ran.length,
    skipped: outcome.skipped.map((skip) => {
      const at = { line: skip.line - 1, character: skip.column - 1 };
      return { uri: pathToUri(skip.detection.path), name: skip.detection.name, reason: skip.reason, range: { start: at, end: at } };
    }),
    stats: { events: s.events, eventsFiltered: s.eventsFiltered, eventsUnparsed: s.eventsUnparsed, bytes: s.bytes, ms: s.ms, cancelled: s.cancelled },
  };
}
