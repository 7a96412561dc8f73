// A worker thread of `spl-detect test`: loads the project once, then runs the groups it is handed
// (runOverOneLog: one data file, the detections that use it) and posts their runs back. Bundled as
// dist/testWorker.js; started by groupPool.ts.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { runOverOneLog } from '../engine/eval/runOverOneLog';
import { ReadScope } from '../workspace/confine';
import { Project } from '../workspace/project';
import type { GroupReply, GroupTask, PoolSetup } from './groupPool';

const setup = workerData as PoolSetup;
const project = Project.load(setup.roots, setup.macroDirs);
const scope = new ReadScope(setup.scopeFolders);

parentPort?.on('message', (task: GroupTask) => {
  void (async (): Promise<GroupReply> => {
    try {
      for (const job of task.jobs) {
        if (!project.document(job.path)) project.upsert(job.path, readFileSync(job.path, 'utf8'));
      }
      const jobs = task.jobs.map((job) => ({ project, path: job.path, lookups: job.lookups, scope, ...(setup.geoipDatabase ? { geoipDatabase: setup.geoipDatabase } : {}) }));
      return { id: task.id, runs: await runOverOneLog(task.log, task.metadata, jobs, { explainEmpty: true }) };
    } catch (error) {
      return { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
  })().then((reply) => parentPort?.postMessage(reply));
});
