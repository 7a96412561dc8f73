// A hunt on every core: the detections are dealt out to worker threads (the i-th to worker i mod
// N), each worker loads the same project, reads the whole log once and hunts with its share, and the
// answers are put back in the detections' order. Dealing out detections rather than byte ranges of
// the log keeps every detection's answer exact: a blocking command (stats by, dedup, streamstats,
// head, transaction) sees its events in file order in one place, with nothing to merge but lists.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RunLimits } from '../engine/eval/context';
import type { EventMetadata } from '../engine/event';
import { ReadScope } from '../workspace/confine';
import { Project } from '../workspace/project';
import { describeDetection, type HuntDetection } from './detections';
import { DEFAULT_HUNT_BUFFERED_ROWS } from './heldRows';
import { HUNT_PASSES, hunt, type HuntOutcome, type HuntPass } from './hunt';

/** What a worker needs to rebuild the hunt's project and hunt with its share of the detections. */
interface WorkerTask {
  kind: 'spl-detect-hunt';
  /** What Project.load read in the main thread. */
  projectRoots: string[];
  macroDirs: string[];
  scopeFolders: string[];
  paths: string[];
  log: string;
  metadata: EventMetadata;
  limits?: Partial<RunLimits>;
  now?: number;
  /** This worker's share of the hunt's held rows. */
  maxBufferedRows: number;
}

type WorkerMessage =
  | { kind: 'progress'; done: number; total: number; pass: HuntPass }
  | { kind: 'outcome'; outcome: HuntOutcome }
  | { kind: 'error'; message: string };

export interface ParallelHuntOptions {
  projectRoots: string[];
  macroDirs: string[];
  scopeFolders: string[];
  /** The detections' files (hunt/detections.ts huntedPaths): each worker describes and prepares its share. */
  paths: readonly string[];
  log: string;
  metadata?: EventMetadata;
  limits?: Partial<RunLimits>;
  now?: number;
  /** Rows the hunt's detections may hold together, shared out evenly between the workers. */
  maxBufferedRows?: number;
  signal?: AbortSignal;
  progress?: (bytesRead: number, total: number, pass: HuntPass) => void;
  /** Worker threads (default: the cores available, at most 8). */
  jobs?: number;
  /** The script a worker runs: the bundle holding this module (dist/cli.js). */
  script: string;
}

export function defaultJobs(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export async function huntInParallel(options: ParallelHuntOptions): Promise<HuntOutcome> {
  const started = performance.now();
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), options.paths.length));
  const shares: string[][] = Array.from({ length: jobs }, () => []);
  options.paths.forEach((path, i) => shares[i % jobs].push(path));
  // Each worker's pass and bytes read in it: the slowest worker says how far the hunt is.
  const where = Array.from({ length: jobs }, () => ({ pass: 0, done: 0 }));
  let total = 0;
  const outcomes = await Promise.all(
    shares.map(
      (share, index) =>
        new Promise<HuntOutcome>((resolve, reject) => {
          const task: WorkerTask = {
            kind: 'spl-detect-hunt', projectRoots: options.projectRoots, macroDirs: options.macroDirs, scopeFolders: options.scopeFolders,
            paths: share, log: options.log, metadata: options.metadata ?? {},
            ...(options.limits ? { limits: options.limits } : {}), ...(options.now !== undefined ? { now: options.now } : {}),
            maxBufferedRows: Math.ceil((options.maxBufferedRows ?? DEFAULT_HUNT_BUFFERED_ROWS) / jobs),
          };
          const worker = new Worker(options.script, { workerData: task });
          const abort = () => worker.postMessage('abort');
          options.signal?.addEventListener('abort', abort, { once: true });
          const settle = () => options.signal?.removeEventListener('abort', abort);
          worker.on('message', (message: WorkerMessage) => {
            if (message.kind === 'progress') {
              where[index] = { pass: HUNT_PASSES.indexOf(message.pass), done: message.done };
              total = message.total;
              const slowest = where.reduce((a, b) => (b.pass < a.pass || (b.pass === a.pass && b.done < a.done) ? b : a));
              options.progress?.(slowest.done, total, HUNT_PASSES[slowest.pass]);
            } else if (message.kind === 'outcome') {
              settle();
              resolve(message.outcome);
              void worker.terminate();
            } else {
              settle();
              reject(new Error(message.message));
              void worker.terminate();
            }
          });
          worker.on('error', (error) => {
            settle();
            reject(error);
          });
        }),
    ),
  );
  return merged(options.paths, outcomes, performance.now() - started);
}

/** The workers' answers in the detections' order; the log's own figures from the first worker (each read all of it). */
function merged(paths: readonly string[], outcomes: HuntOutcome[], ms: number): HuntOutcome {
  const order = new Map(paths.map((path, i) => [path, i]));
  const byOrder = <T extends { detection: HuntDetection }>(items: T[]) => items.sort((a, b) => order.get(a.detection.path)! - order.get(b.detection.path)!);
  const first = outcomes[0];
  const sum = (pick: (o: HuntOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  return {
    log: first.log,
    ran: byOrder(outcomes.flatMap((o) => o.ran)),
    skipped: byOrder(outcomes.flatMap((o) => o.skipped)),
    problems: first.problems,
    stats: {
      ...first.stats,
      eventsFiltered: Math.min(...outcomes.map((o) => o.stats.eventsFiltered)),
      detections: sum((o) => o.stats.detections),
      skipped: sum((o) => o.stats.skipped),
      leftOut: sum((o) => o.stats.leftOut),
      deliveries: sum((o) => o.stats.deliveries),
      unfiltered: sum((o) => o.stats.unfiltered),
      literals: sum((o) => o.stats.literals),
      states: sum((o) => o.stats.states),
      gates: sum((o) => o.stats.gates),
      ms: Math.round(ms),
      prepareMs: Math.max(...outcomes.map((o) => o.stats.prepareMs)),
      readMs: Math.max(...outcomes.map((o) => o.stats.readMs)),
      closeMs: Math.max(...outcomes.map((o) => o.stats.closeMs)),
      cancelled: outcomes.some((o) => o.stats.cancelled),
      workers: outcomes.length,
    },
  };
}

/** In a worker thread started by huntInParallel: hunt with the share given, answer, and end. */
async function runWorker(task: WorkerTask): Promise<void> {
  const port = parentPort!;
  const controller = new AbortController();
  port.on('message', (message) => {
    if (message === 'abort') controller.abort();
  });
  try {
    const project = Project.load(task.projectRoots, task.macroDirs);
    const detections = task.paths.map((path) => describeDetection(project, path));
    const outcome = await hunt({
      project, detections, log: task.log, metadata: task.metadata, scope: new ReadScope(task.scopeFolders), signal: controller.signal,
      ...(task.limits ? { limits: task.limits } : {}), ...(task.now !== undefined ? { now: task.now } : {}),
      maxBufferedRows: task.maxBufferedRows,
      progress: (done, total, pass) => port.postMessage({ kind: 'progress', done, total, pass } satisfies WorkerMessage),
    });
    port.postMessage({ kind: 'outcome', outcome } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerMessage);
  } finally {
    port.removeAllListeners('message');
  }
}

if (!isMainThread && (workerData as WorkerTask | undefined)?.kind === 'spl-detect-hunt') void runWorker(workerData as WorkerTask);
