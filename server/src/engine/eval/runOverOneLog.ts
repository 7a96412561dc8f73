// Many detections over one log, the log read once: `spl-detect test` and the editor's "Run all"
// group tests by data file and call this once per group. It is the one seam between the grouping and
// the engine, kept small so that a one-pass runner (every detection evaluated per event) can take its place.
import { statSync } from 'node:fs';
import type { EventMetadata } from '../event';
import { readLogOnce } from '../readers/logReadOnce';
import { runDetection, type DetectionRun, type RunDetectionOptions } from './runDetection';

export type OneLogJob = Omit<RunDetectionOptions, 'log' | 'metadata' | 'readOnce' | 'signal'>;

export interface OneLogRun {
  run: DetectionRun;
  /** For a run without results: the same run with per-clause counts (`explain`), to say which clause matched nothing. */
  explained?: DetectionRun;
}

/**
 * Runs each job over the log's events, read once with `metadata`. `explainEmpty`: a run that finds
 * nothing runs again with exact per-clause counts (on the same events).
 */
export async function runOverOneLog(log: string, metadata: EventMetadata, jobs: readonly OneLogJob[], options: { signal?: AbortSignal; explainEmpty?: boolean } = {}): Promise<OneLogRun[]> {
  // Events in memory take several times the file's size: one detection, or a file past the bound,
  // streams the file for each run instead (memory bounded as for `spl-detect run`).
  const readOnce = jobs.length > 1 && logBytes(log) <= MAX_READ_ONCE_BYTES ? await readLogOnce(log, { ...metadata, ...(options.signal ? { signal: options.signal } : {}) }) : undefined;
  const runs: OneLogRun[] = [];
  for (const job of jobs) {
    const common = { ...job, log, metadata, ...(readOnce ? { readOnce } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    const run = await runDetection(common);
    const explained = options.explainEmpty && run.ok && run.results.length === 0 ? await runDetection({ ...common, explain: true }) : undefined;
    runs.push({ run, ...(explained ? { explained } : {}) });
  }
  return runs;
}

/** A data file up to this size is read once into memory for its group (docs/limits.md). */
export const MAX_READ_ONCE_BYTES = 256 * 1024 * 1024;

/** The file's size; a folder of .evtx files or an unreadable path counts as past the bound (it streams). */
function logBytes(log: string): number {
  try {
    const stats = statSync(log);
    return stats.isFile() ? stats.size : Infinity;
  } catch {
    return Infinity;
  }
}
