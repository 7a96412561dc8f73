import { existsSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { EventMetadata } from '../engine/event';
import { describeDetection, huntedPaths, type HuntDetection } from '../hunt/detections';
import { hunt, huntMetadata, passLabel, type HuntOutcome, type HuntPass } from '../hunt/hunt';
import { DEFAULT_HUNT_BUFFERED_ROWS } from '../hunt/heldRows';
import { defaultJobs, huntInParallel } from '../hunt/parallel';
import { formatTimeline, timelineRows, type TimelineRow } from '../hunt/timeline';
import { describeRecord } from '../text/logPosition';
import { describeProblemPosition } from '../engine/readers/evtxPositions';
import { notALog, ReadScope } from '../workspace/confine';
import { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import { choice, parseArgs, UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { ProgressReport } from './progress';
import { displayPath } from './report';
import { printable } from './terminalText';

export const huntUsage = `spl-detect hunt LOG... [--detections DIR]... [--sourcetype ST] [--source S] [--host H] [--index I]
                  [--format table|json|csv|jsonl] [--timeline FILE] [--include-deprecated] [--macros DIR] [--jobs N]
                  [--max-buffered-rows N]

Runs every detection under the --detections folders (default: detections/ of the workspace holding
the current folder) over each LOG, reading each log once: every event goes only to the detections
whose literals it holds, and each detection gives what \`spl-detect run\` gives alone. Lists the
detections that cannot run with the reason. Deprecated detections (status: deprecated) are left out
unless --include-deprecated. --sourcetype/--source/--host/--index label every event (an .evtx file's
events take theirs from the record's Channel). --timeline FILE writes one row per hit event (time in
UTC, host, detection, risk score, risk message with its $field$ tokens filled): CSV, or JSON lines
when FILE ends in .jsonl or .json. --jobs N shares the detections among N worker threads, each reading
the log (default: every core for a log of 16 MB or more, else 1). --max-buffered-rows N bounds the rows
all detections hold together (default 2000000, about 0.5 KB each; a value kept by values() or dc() beyond a
group's first counts as one): past it, the detection holding the most is left out with the reason, and
the hunt goes on. A progress bar on a terminal; Ctrl-C stops and reports what ran.
Exit 0 when the hunt completed, 1 when it was stopped or a log could not be read, 2 on bad usage.`;

type Format = 'table' | 'json' | 'csv' | 'jsonl';

/** Below this, loading the project again in each worker costs more than sharing the detections saves. */
const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  return values ? values[values.length - 1] : undefined;
}

function folderArgs(args: ParsedArgs, io: CliIo, name: string): string[] {
  return (args.options.get(name) ?? []).map((given) => {
    const path = resolve(io.cwd, given);
    if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`--${name} ${given}: no such folder`);
    return path;
  });
}

export async function runHunt(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { valued: ['detections', 'sourcetype', 'source', 'host', 'index', 'format', 'timeline', 'macros', 'jobs', 'max-buffered-rows'], booleans: ['include-deprecated'] });
  const format = choice(args, 'format', ['table', 'json', 'csv', 'jsonl'] as const, 'table');
  if (args.positionals.length === 0) throw new UsageError('hunt needs at least one LOG');
  const logs = args.positionals.map((given) => {
    const log = resolve(io.cwd, given);
    const problem = notALog(log, given);
    if (problem) throw new UsageError(problem);
    return log;
  });
  const given = folderArgs(args, io, 'detections');
  const folders = given.length > 0 ? given : [join(findWorkspaceRoot(io.cwd), 'detections')];
  if (given.length === 0 && !existsSync(folders[0])) throw new UsageError(`no detections/ folder in the workspace of ${io.cwd}: name one with --detections DIR`);
  const macroDirs = folderArgs(args, io, 'macros');
  const roots = [...new Set(folders.map((folder) => findWorkspaceRoot(folder)))];
  const project = Project.load([...roots, ...folders], macroDirs);
  const paths = huntedPaths(project, folders, args.flags.has('include-deprecated'));
  // Described (their YAML read in full) only by the thread that hunts with them: worker threads describe their own share.
  let described: HuntDetection[] | undefined;
  const detections = (): HuntDetection[] => (described ??= paths.map((path) => describeDetection(project, path)));
  if (paths.length === 0) io.err(`spl-detect hunt: no detection under ${folders.map((f) => displayPath(f, io.cwd) || '.').join(', ')}\n`);
  const metadata: EventMetadata = {};
  for (const key of ['source', 'sourcetype', 'host', 'index'] as const) {
    const value = single(args, key);
    if (value !== undefined) metadata[key] = value;
  }
  const timeline = single(args, 'timeline');
  const jobsText = single(args, 'jobs');
  if (jobsText !== undefined && !/^[1-9]\d{0,2}$/.test(jobsText)) throw new UsageError('--jobs must be a whole number from 1 to 999');
  const jobs = jobsText === undefined ? undefined : Number(jobsText);
  const heldText = single(args, 'max-buffered-rows');
  if (heldText !== undefined && !/^[1-9]\d{0,9}$/.test(heldText)) throw new UsageError('--max-buffered-rows must be a whole number from 1');
  const maxBufferedRows = heldText === undefined ? undefined : Number(heldText);
  const scope = new ReadScope([...roots, ...folders, ...macroDirs]);
  const controller = new AbortController();
  const release = io.onInterrupt?.(() => controller.abort());
  const outcomes: HuntOutcome[] = [];
  const rows: TimelineRow[] = [];
  try {
    for (const log of logs) {
      const progress = new ProgressReport(io, `hunt ${displayPath(log, io.cwd)}`);
      const common = { log, metadata, ...(maxBufferedRows !== undefined ? { maxBufferedRows } : {}), signal: controller.signal, progress: (done: number, total: number, pass: HuntPass) => progress.update(done, total, passLabel(pass)) };
      const workers = jobs ?? (sizeOf(log) >= PARALLEL_FROM_BYTES && paths.length >= 50 ? defaultJobs() : 1);
      const outcome =
        workers > 1
          ? await huntInParallel({ ...common, paths, jobs: workers, projectRoots: [...roots, ...folders], macroDirs, scopeFolders: [...roots, ...folders, ...macroDirs], script: __filename })
          : await hunt({ ...common, detections: detections(), project, scope });
      progress.done();
      outcomes.push(outcome);
      if (timeline !== undefined && !outcome.stats.cancelled) rows.push(...(await timelineRows(outcome, huntMetadata(metadata), controller.signal)));
      if (outcome.stats.cancelled) break;
    }
  } finally {
    release?.();
  }
  if (timeline !== undefined) {
    const path = resolve(io.cwd, timeline);
    writeFileSync(path, formatTimeline(rows, ['.jsonl', '.json'].includes(extname(path).toLowerCase()) ? 'jsonl' : 'csv'));
  }
  io.out(formatHunt(outcomes, format, io.cwd));
  for (const outcome of outcomes) {
    for (const p of outcome.problems) io.err(printable(`${displayPath(outcome.log, io.cwd)}: ${describeProblemPosition(p)}: ${p.reason}`) + '\n');
    const s = outcome.stats;
    const hits = outcome.ran.filter((r) => r.run.results.length > 0).length;
    const rate = s.ms > 0 ? ` (${(s.bytes / 1024 / 1024 / (s.ms / 1000)).toFixed(1)} MB/s)` : '';
    io.err(printable(
      `${displayPath(outcome.log, io.cwd)}: ${s.detections} detection(s) ran, ${hits} with results, ${s.skipped} skipped${s.leftOut > 0 ? ` (${s.leftOut} of them left out past --max-buffered-rows ${maxBufferedRows ?? DEFAULT_HUNT_BUFFERED_ROWS}: raise it to run them)` : ''}; ${s.events} events, ${s.eventsFiltered} matched no detection's literals, ${s.eventsUnparsed} unparsed; ${s.ms} ms${rate}${s.cancelled ? '; STOPPED (Ctrl-C): results cover the events read' : ''}`,
    ) + '\n');
  }
  if (timeline !== undefined) io.err(`timeline: ${rows.length} row(s) in ${displayPath(resolve(io.cwd, timeline), io.cwd)}\n`);
  return outcomes.some((o) => o.stats.cancelled || o.ran.length === 0 && o.skipped.some((s) => s.reason.startsWith('cannot read the log'))) ? 1 : 0;
}

interface DetectionEntry {
  log?: string;
  file: string;
  name: string;
  rows: number;
  events: number[];
  records?: string[];
}

/** One entry per detection that ran (rows 0 included), in file order; `log` only when several logs were hunted. */
function entries(outcomes: HuntOutcome[], cwd: string): { detections: DetectionEntry[]; skipped: Array<{ log?: string; file: string; reason: string }> } {
  const several = outcomes.length > 1;
  const detections: DetectionEntry[] = [];
  const skipped: Array<{ log?: string; file: string; reason: string }> = [];
  for (const outcome of outcomes) {
    const log = several ? { log: displayPath(outcome.log, cwd) } : {};
    for (const { detection, run } of outcome.ran) {
      const events = [...new Set(run.results.flatMap((r) => r.events))].sort((a, b) => a - b);
      const records = run.results.flatMap((r) => r.records ?? []);
      detections.push({
        ...log, file: displayPath(detection.path, cwd), name: detection.name, rows: run.results.length, events,
        ...(records.length > 0 ? { records: [...new Set(records.map(describeRecord))] } : {}),
      });
    }
    for (const skip of outcome.skipped) skipped.push({ ...log, file: displayPath(skip.detection.path, cwd), reason: `${skip.reason} (line ${skip.line}, column ${skip.column})` });
  }
  return { detections, skipped };
}

function stats(outcomes: HuntOutcome[]) {
  const sum = (pick: (o: HuntOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  const ms = sum((o) => o.stats.ms);
  const bytes = sum((o) => o.stats.bytes);
  return {
    events: sum((o) => o.stats.events),
    detections: outcomes[0]?.stats.detections ?? 0,
    skipped: outcomes[0]?.stats.skipped ?? 0,
    leftOut: sum((o) => o.stats.leftOut),
    ms,
    bytes,
    mbPerSecond: ms > 0 ? Math.round((bytes / 1024 / 1024 / (ms / 1000)) * 10) / 10 : 0,
    // Where the time went: compiling the detections, reading the logs, and the detections' last stages.
    prepareMs: sum((o) => o.stats.prepareMs),
    readMs: sum((o) => o.stats.readMs),
    closeMs: sum((o) => o.stats.closeMs),
    eventsFiltered: sum((o) => o.stats.eventsFiltered),
    eventsUnparsed: sum((o) => o.stats.eventsUnparsed),
    deliveries: sum((o) => o.stats.deliveries),
    unfilteredDetections: outcomes[0]?.stats.unfiltered ?? 0,
    literals: outcomes[0]?.stats.literals ?? 0,
    workers: outcomes[0]?.stats.workers ?? 1,
    cancelled: outcomes.some((o) => o.stats.cancelled),
  };
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatHunt(outcomes: HuntOutcome[], format: Format, cwd: string): string {
  const { detections, skipped } = entries(outcomes, cwd);
  if (format === 'json') return JSON.stringify({ detections, skipped, stats: stats(outcomes) }, null, 2) + '\n';
  if (format === 'jsonl') return detections.map((d) => JSON.stringify(d) + '\n').join('');
  if (format === 'csv') {
    const header = [...(outcomes.length > 1 ? ['log'] : []), 'file', 'name', 'rows', 'events'];
    return [header.join(','), ...detections.map((d) => [...(d.log !== undefined ? [d.log] : []), d.file, d.name, String(d.rows), (d.records ?? d.events).join(' ')].map(csvCell).join(','))].join('\n') + '\n';
  }
  const hits = detections.filter((d) => d.rows > 0);
  const out: string[] = [];
  if (hits.length > 0) {
    const width = Math.min(60, Math.max(...hits.map((d) => printable(d.name).length)));
    for (const d of hits) {
      const where = d.records ? d.records.slice(0, 5).join(', ') + (d.records.length > 5 ? ', ...' : '') : `line${d.events.length === 1 ? '' : 's'} ${shortList(d.events)}`;
      out.push(printable(`${d.log ? `${d.log}: ` : ''}${d.name.padEnd(width)}  ${String(d.rows).padStart(5)} row(s)  ${where}  (${d.file})`));
    }
  } else out.push('no detection has results');
  if (skipped.length > 0) {
    out.push('', `${skipped.length} detection(s) cannot run:`);
    for (const s of skipped) out.push(printable(`  ${s.file}: ${s.reason}`));
  }
  return out.join('\n') + '\n';
}

function shortList(lines: number[]): string {
  return lines.length > 8 ? `${lines.slice(0, 8).join(', ')}, ... (${lines.length})` : lines.join(', ');
}
