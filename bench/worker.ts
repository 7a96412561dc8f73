// One engine measurement in a process of its own (bundled by bench/build.ts, so no tsx in the way):
// a detection run with runDetection exactly as the CLI calls it, or a reading baseline. Prints one
// JSON line: the wall time of each run (project loading excluded) and the process' peak RSS.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { runDetection } from '../server/src/engine/eval/runDetection';
import { readLog } from '../server/src/engine/readers/readLog';
import { readEvtx } from '../server/src/engine/readers/evtx/reader';
import { LineSplitter } from '../server/src/engine/readers/lineSplitter';
import { Project } from '../server/src/workspace/project';
import { runOverOneLog } from '../server/src/engine/eval/runOverOneLog';
import type { EventMetadata } from '../server/src/engine/event';
import { isMainThread } from 'node:worker_threads';
import { huntedDetections, huntedPaths } from '../server/src/hunt/detections';
import { hunt } from '../server/src/hunt/hunt';
import { huntInParallel } from '../server/src/hunt/parallel';

export type WorkerTask = (
  | { mode: 'detection'; roots: string[]; path: string; log: string; runs: number; fastPath?: boolean }
  | { mode: 'hunt'; roots: string[]; folders: string[]; log: string; runs: number; jobs: number; metadata: { source?: string; sourcetype?: string } }
  | { mode: 'split' | 'extract' | 'evtx'; log: string; runs: number }
  | { mode: 'index'; roots: string[]; runs: number }
  /** `spl-detect test`'s way (one read of the log for all detections: runOverOneLog), or one runDetection per test reading the log each time. */
  | { mode: 'tests-grouped' | 'tests-separate'; roots: string[]; paths: string[]; log: string; metadata: EventMetadata; runs: number }
) & {
  /** Write a CPU profile of the measured runs only (not of loading) to this path. */
  profileTo?: string;
};

export interface WorkerRun {
  ms: number;
  events: number;
  eventsFiltered?: number;
  eventsUnparsed?: number;
  results?: number;
  /** Events behind all result rows (lines of a text log, records of an .evtx log). */
  resultEvents?: number;
  /** The first result rows, `name=value` of their first two fields (a check on small results). */
  rows?: string[];
  requiredLiterals?: string[][];
  ok?: boolean;
  problems?: string[];
}

export interface WorkerOutput {
  runs: WorkerRun[];
  /** Peak resident set size of the whole process, MiB (getrusage ru_maxrss). */
  peakRssMb: number;
}

async function split(log: string): Promise<WorkerRun> {
  const started = performance.now();
  let lines = 0;
  const splitter = new LineSplitter(() => lines++, 64 * 1024 * 1024, () => {});
  for await (const chunk of createReadStream(log, { highWaterMark: 1024 * 1024 })) splitter.push(chunk as Buffer);
  splitter.end();
  return { ms: performance.now() - started, events: lines };
}

/** The engine's readers with every field of every event extracted as it is read (what a search touching all fields costs). */
async function extract(log: string): Promise<WorkerRun> {
  const started = performance.now();
  let events = 0;
  let fields = 0;
  const reader = readLog(log, { eagerJson: true });
  for await (const batch of reader.batches()) {
    for (const event of batch) {
      fields += event.fields.size;
      events++;
    }
  }
  if (fields === 0 && events > 0) throw new Error('no fields extracted');
  return { ms: performance.now() - started, events, eventsUnparsed: reader.stats.eventsUnparsed };
}

/** The EVTX reader rendering every record of an .evtx file to XmlWinEventLog text. */
async function evtx(log: string): Promise<WorkerRun> {
  const started = performance.now();
  let events = 0;
  let characters = 0;
  const reader = readEvtx(log);
  for await (const batch of reader.batches()) {
    for (const item of batch) {
      if (item.kind !== 'event') continue;
      events++;
      characters += item.xml.length;
    }
  }
  if (characters === 0 && events > 0) throw new Error('no text rendered');
  return { ms: performance.now() - started, events, eventsUnparsed: reader.stats.problems };
}

async function detection(project: Project, path: string, log: string, fastPath: boolean): Promise<WorkerRun> {
  const started = performance.now();
  const run = await runDetection({ project, path, log, fastPath });
  const ms = performance.now() - started;
  return {
    ms,
    events: run.stats.eventsRead + run.stats.eventsFiltered,
    eventsFiltered: run.stats.eventsFiltered,
    eventsUnparsed: run.stats.eventsUnparsed,
    results: run.results.length,
    resultEvents: run.results.reduce((sum, r) => sum + r.events.length + (r.records?.length ?? 0), 0),
    rows: run.results.slice(0, 20).map((r) => Object.values(r.fields).slice(0, 2).join('=')),
    requiredLiterals: run.stats.requiredLiterals,
    ok: run.ok,
    problems: run.problems.slice(0, 3).map((p) => `${p.code}: ${p.message}`),
  };
}

/** Every detection over one log, as `spl-detect test` runs a group, or one run each (the log read per detection). */
async function tests(project: Project, mode: 'tests-grouped' | 'tests-separate', paths: string[], log: string, metadata: EventMetadata): Promise<WorkerRun> {
  const started = performance.now();
  const runs =
    mode === 'tests-grouped'
      ? (await runOverOneLog(log, metadata, paths.map((path) => ({ project, path })))).map((r) => r.run)
      : await (async () => {
          const each = [];
          for (const path of paths) each.push(await runDetection({ project, path, log, metadata }));
          return each;
        })();
  const ms = performance.now() - started;
  return {
    ms,
    events: runs.reduce((sum, r) => sum + r.stats.eventsRead, 0),
    results: runs.filter((r) => r.results.length > 0).length,
    ok: runs.every((r) => r.ok || r.problems.some((p) => p.severity === 'error')),
    rows: runs.map((r) => `${r.ok ? r.results.length : 'x'}`),
  };
}

/** Runs `measure` under the V8 sampling profiler when asked, writing the .cpuprofile. */
async function profiled<T>(path: string | undefined, measure: () => Promise<T>): Promise<T> {
  if (!path) return measure();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const value = await measure();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(path, JSON.stringify(profile));
  session.disconnect();
  return value;
}

/** spl-detect hunt as the CLI runs it: the active detections of the folders over the log, on `jobs` threads. */
async function huntRun(task: Extract<WorkerTask, { mode: 'hunt' }>): Promise<WorkerRun> {
  const started = performance.now();
  const project = Project.load([...task.roots, ...task.folders]);
  const outcome =
    task.jobs > 1
      ? await huntInParallel({ projectRoots: [...task.roots, ...task.folders], macroDirs: [], scopeFolders: [...task.roots, ...task.folders], paths: huntedPaths(project, task.folders), log: task.log, metadata: task.metadata, jobs: task.jobs, script: __filename })
      : await hunt({ project, detections: huntedDetections(project, task.folders), log: task.log, metadata: task.metadata });
  const ms = performance.now() - started;
  return {
    ms,
    events: outcome.stats.events,
    eventsFiltered: outcome.stats.eventsFiltered,
    results: outcome.ran.reduce((sum, r) => sum + r.run.results.length, 0),
    resultEvents: outcome.ran.filter((r) => r.run.results.length > 0).length,
    ok: !outcome.stats.cancelled,
    problems: [`${outcome.ran.length} ran, ${outcome.skipped.length} skipped, ${outcome.stats.deliveries} deliveries, prepare ${outcome.stats.prepareMs} ms, read ${outcome.stats.readMs} ms, close ${outcome.stats.closeMs} ms`],
  };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as WorkerTask;
  const runs: WorkerRun[] = [];
  if (task.mode === 'hunt') {
    await profiled(task.profileTo, async () => {
      for (let i = 0; i < task.runs; i++) runs.push(await huntRun(task));
    });
  } else if (task.mode === 'index') {
    for (let i = 0; i < task.runs; i++) {
      const started = performance.now();
      const project = Project.load(task.roots);
      const ms = performance.now() - started;
      const macros = project.paths.filter((p) => /[\\/]macros[\\/]/.test(p)).length;
      runs.push({ ms, events: project.paths.length, results: macros });
    }
  } else if (task.mode === 'tests-grouped' || task.mode === 'tests-separate') {
    const project = Project.load(task.roots);
    for (let i = 0; i < task.runs; i++) runs.push(await tests(project, task.mode, task.paths, task.log, task.metadata));
  } else if (task.mode === 'detection') {
    const project = Project.load(task.roots);
    if (!project.document(task.path)) project.upsert(task.path, readFileSync(task.path, 'utf8'));
    await profiled(task.profileTo, async () => {
      for (let i = 0; i < task.runs; i++) runs.push(await detection(project, task.path, task.log, task.fastPath ?? true));
    });
  } else {
    const log = task.log;
    const measure = task.mode === 'split' ? split : task.mode === 'evtx' ? evtx : extract;
    await profiled(task.profileTo, async () => {
      for (let i = 0; i < task.runs; i++) runs.push(await measure(log));
    });
  }
  const output: WorkerOutput = { runs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(output) + '\n');
}

// In a worker thread of a parallel hunt this bundle runs the hunt's worker (hunt/parallel.ts), not a measurement.
if (isMainThread) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
