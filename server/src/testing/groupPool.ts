// Worker threads for `spl-detect test`: each group (one data file and the detections that use it)
// runs in the next free worker, so a repository's tests use every core. A worker loads the project
// once (groupWorker.ts). Without the bundled worker file (the language server, tests run from
// sources) the caller runs groups in its own thread.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventMetadata } from '../engine/event';
import type { OneLogRun } from '../engine/eval/runOverOneLog';

/** What every worker needs to rebuild the caller's project and read scope. */
export interface PoolSetup {
  roots: string[];
  macroDirs: string[];
  scopeFolders: string[];
  geoipDatabase?: string;
}

export interface GroupTask {
  id: number;
  log: string;
  metadata: EventMetadata;
  jobs: Array<{ path: string; lookups: string }>;
}

export type GroupReply = { id: number; runs: OneLogRun[] } | { id: number; error: string };

/** The bundled worker next to the bundle that runs this code (dist/cli.js -> dist/testWorker.js). */
export function bundledWorkerFile(): string | undefined {
  const file = join(__dirname, 'testWorker.js');
  return existsSync(file) ? file : undefined;
}

export class GroupPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: Array<(worker: Worker) => void> = [];
  private nextId = 0;

  constructor(file: string, readonly size: number, setup: PoolSetup) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, { workerData: setup });
      worker.unref();
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one group in the next free worker; a worker's failure is the group's error. */
  async run(log: string, metadata: EventMetadata, jobs: GroupTask['jobs']): Promise<OneLogRun[]> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    const id = this.nextId++;
    try {
      const reply = await new Promise<GroupReply>((resolve, reject) => {
        const onMessage = (message: GroupReply) => {
          if (message.id !== id) return;
          worker.off('error', onError);
          worker.off('message', onMessage);
          resolve(message);
        };
        const onError = (error: Error) => {
          worker.off('message', onMessage);
          reject(error);
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.postMessage({ id, log, metadata, jobs } satisfies GroupTask);
      });
      if ('error' in reply) throw new Error(reply.error);
      return reply.runs;
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }
}
