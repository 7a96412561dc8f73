// Detection tests at repository scale (`spl-detect test`, the editor's Test Explorer): every test's
// data files are found (or downloaded, once per URL), the tests are grouped by data file (with the source and sourcetype it is read with), each
// file is read once for all the detections of its group (engine/eval/runOverOneLog.ts), and each
// test gets its verdict by contentctl's rule: at least one result over all its files. Groups run in
// this thread, or in worker threads when the caller hands in `runGroup` (groupPool.ts).
import type { AttackDataSource } from '../attackData/attackDataSource';
import type { DownloadProgress } from '../attackData/download';
import { whyNoResults, type NoResultsReason } from '../engine/eval/noResults';
import type { DetectionRun } from '../engine/eval/runDetection';
import { runOverOneLog, type OneLogRun } from '../engine/eval/runOverOneLog';
import type { EventMetadata } from '../engine/event';
import type { ReadScope } from '../workspace/confine';
import type { AttackDataInfo } from '../workspace/documents';
import type { Project } from '../workspace/project';
import { dataFileName, findLocalData, type LocalSample, type SampleFolder } from './testData';

export interface TestCase {
  detection: string;
  /** The test's name, or `tests[i]`. */
  name: string;
  attackData: AttackDataInfo[];
  /** Why the test's attack_data could not be read (DetectionTestInfo.problem). */
  problem: string | undefined;
  samples: SampleFolder;
  lookups: string;
}

export interface TestVerdict {
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
  seconds: number;
  /** For a test that found nothing: the clause to blame, with its range in the detection file. */
  why?: NoResultsReason;
}

/** What the CLI's bar or the editor's notification shows of the downloads. */
export interface DownloadObserver {
  /** Download `index` (1-based) of `count` begins. */
  start(name: string, index: number, count: number): void;
  update(progress: DownloadProgress): void;
  /** It ended; `failure` says why when it did not complete. */
  finish(bytes: number | undefined, failure?: string): void;
}

export interface TestRunnerContext {
  project: Project;
  scope: ReadScope;
  data: AttackDataSource;
  geoipDatabase: string | undefined;
  /** A path as the messages show it (relative to the CLI's working folder ...). */
  display(path: string): string;
  downloads?: DownloadObserver;
  /** Stops downloads and runs; the tests not run yet are skipped as cancelled. */
  signal?: AbortSignal;
  /**
   * Worker threads for the groups (groupPool.ts), opened when more than one group can run at once:
   * `concurrency` lanes, this thread and `concurrency - 1` workers. Default: the groups run in this
   * thread, one after another.
   */
  workers?: (lanes: number) => GroupRunner;
  concurrency?: number;
  /** `done` of `total` data files (groups) have been run; called with 0 before the first. */
  onGroups?: (done: number, total: number) => void;
}

export type RunGroupFn = (log: string, metadata: EventMetadata, jobs: Array<{ path: string; lookups: string }>) => Promise<OneLogRun[]>;

export interface GroupRunner {
  run: RunGroupFn;
  close(): Promise<void>;
}

/** One attack_data entry of one test, and what became of its file. */
interface Slot {
  test: number;
  entry: AttackDataInfo;
  sample?: LocalSample;
  /** Not local and not downloaded (offline), or no `data:` URL. */
  missing?: string;
  /** Found but not readable (outside the scope, an LFS pointer), or the download failed. */
  refused?: string;
  run?: DetectionRun;
  explained?: DetectionRun;
}

/** Runs every test; `report` gets each verdict in test order as soon as it and those before it are known. */
export async function runTests(tests: readonly TestCase[], ctx: TestRunnerContext, report: (index: number, verdict: TestVerdict) => void): Promise<void> {
  const slots = tests.flatMap((test, index) => (test.problem ? [] : test.attackData.map((entry): Slot => ({ test: index, entry }))));
  await findData(slots, tests, ctx);
  const groups = new Map<string, Slot[]>();
  for (const slot of slots) {
    if (!slot.sample) continue;
    const key = JSON.stringify([slot.sample.path, slot.entry.source ?? '', slot.entry.sourcetype ?? '']);
    groups.set(key, [...(groups.get(key) ?? []), slot]);
  }
  const pending = tests.map((_, index) => slots.filter((s) => s.test === index && s.sample).length);
  let next = 0;
  const flush = () => {
    while (next < tests.length && pending[next] === 0) {
      report(next, verdictOf(tests[next], slots.filter((s) => s.test === next), ctx));
      next++;
    }
  };
  flush();
  const queue = [...groups.values()];
  const total = queue.length;
  let done = 0;
  ctx.onGroups?.(0, total);
  const lanes = Math.max(1, Math.min(ctx.concurrency ?? 1, queue.length));
  // This thread is one of the lanes (its project is loaded already); the others are worker threads.
  const workers = lanes > 1 && ctx.workers ? ctx.workers(lanes - 1) : undefined;
  const lane = async (_: unknown, index: number) => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      await runGroup(group, tests, ctx, index === 0 ? undefined : workers?.run);
      for (const slot of group) pending[slot.test]--;
      ctx.onGroups?.(++done, total);
      flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await workers?.close();
  }
  flush();
}

const CANCELLED = '(the run was cancelled)';

/** Local files first; then each missing URL downloaded once, with progress on stderr. */
async function findData(slots: Slot[], tests: readonly TestCase[], ctx: TestRunnerContext): Promise<void> {
  const toDownload = new Map<string, Slot[]>();
  for (const slot of slots) {
    const url = slot.entry.data;
    if (!url) {
      slot.missing = '(attack_data without data:)';
      continue;
    }
    const found = findLocalData(url, tests[slot.test].samples, ctx.data);
    if (found && 'path' in found) slot.sample = found;
    else if (found && 'refused' in found) slot.refused = found.refused;
    else if (ctx.data.options.offline) slot.missing = dataFileName(url) ?? url;
    else toDownload.set(url, [...(toDownload.get(url) ?? []), slot]);
  }
  const view = ctx.downloads;
  let index = 0;
  for (const [url, waiting] of toDownload) {
    if (ctx.signal?.aborted) {
      for (const slot of waiting) slot.missing = CANCELLED;
      continue;
    }
    view?.start(dataFileName(url) ?? url, ++index, toDownload.size);
    let bytes: number | undefined;
    const got = await ctx.data.obtain(
      url,
      (p) => {
        bytes = p.received;
        view?.update(p);
      },
      ctx.signal,
    );
    view?.finish(bytes, got.ok ? undefined : got.reason);
    for (const slot of waiting) {
      if (got.ok) slot.sample = { path: got.path, via: got.via };
      else if (got.cancelled) slot.missing = CANCELLED;
      else slot.refused = got.reason;
    }
  }
}

async function runGroup(group: Slot[], tests: readonly TestCase[], ctx: TestRunnerContext, elsewhere: RunGroupFn | undefined): Promise<void> {
  const { entry, sample } = group[0];
  const metadata = { index: 'main', ...(entry.source ? { source: entry.source } : {}), ...(entry.sourcetype ? { sourcetype: entry.sourcetype } : {}) };
  const jobs = group.map((slot) => ({ path: tests[slot.test].detection, lookups: tests[slot.test].lookups }));
  const here = (log: string, meta: EventMetadata, named: typeof jobs) =>
    runOverOneLog(log, meta, named.map((job) => ({ ...job, project: ctx.project, scope: ctx.scope, ...(ctx.geoipDatabase ? { geoipDatabase: ctx.geoipDatabase } : {}) })), {
      explainEmpty: true,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  if (ctx.signal?.aborted) {
    for (const slot of group) {
      slot.sample = undefined;
      slot.missing = CANCELLED;
    }
    return;
  }
  try {
    const runs = await (elsewhere ?? here)(sample!.path, metadata, jobs);
    runs.forEach((r, i) => Object.assign(group[i], { run: r.run, ...(r.explained ? { explained: r.explained } : {}) }));
  } catch (error) {
    const message = `cannot read ${ctx.display(sample!.path)}: ${error instanceof Error ? error.message : String(error)}`;
    for (const slot of group) slot.refused = message;
  }
}

function verdictOf(test: TestCase, slots: Slot[], ctx: TestRunnerContext): TestVerdict {
  const seconds = slots.reduce((sum, s) => sum + (s.run?.stats.ms ?? 0) + (s.explained?.stats.ms ?? 0), 0) / 1000;
  const verdict = (status: TestVerdict['status'], detail: string): TestVerdict => ({ status, detail, seconds });
  const display = ctx.display;
  // contentctl fails such a test (or hangs expanding an alias bomb): so does this one.
  if (test.problem) return verdict('fail', test.problem);
  if (test.attackData.length === 0) return verdict('skipped', 'the test has no attack_data');
  if (test.samples.mapProblem) return verdict('fail', test.samples.mapProblem);
  const refused = slots.filter((s) => s.refused).map((s) => s.refused!);
  if (refused.length > 0) return verdict('fail', `a sample cannot be read: ${refused.join('; ')}`);
  const missing = slots.filter((s) => s.missing).map((s) => s.missing!);
  if (missing.includes(CANCELLED)) return verdict('skipped', 'the run was cancelled');
  const offline = ctx.data.options.offline ? '; offline: not downloaded' : '';
  const where = `not in ${display(test.samples.mapFile)}, no file of that name under ${display(test.samples.dir) || '.'}, not in the attack data cache${ctx.data.options.checkout ? ' nor the checkout' : ''}${offline}`;
  const ran = slots.filter((s) => s.run);
  if (ran.length === 0) return verdict('skipped', `no local sample for ${missing.join(', ')} (${where})`);
  for (const slot of ran) {
    if (slot.run!.ok) continue;
    const problem = slot.run!.problems.find((p) => p.severity === 'error');
    const at = problem ? `${display(test.detection)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}` : display(test.detection);
    return verdict('fail', `cannot run locally: ${problem ? `${problem.code} ${problem.message}` : 'the run failed'} (${at})`);
  }
  const results = ran.reduce((sum, s) => sum + s.run!.results.length, 0);
  const on = `on ${ran.map((s) => `${display(s.sample!.path)}${s.sample!.via === 'file name' ? ' (by file name)' : ''}`).join(', ')}`;
  const partly = missing.length > 0 ? `; no local sample for ${missing.join(', ')}` : '';
  if (results > 0) return verdict('pass', `${results} result${results === 1 ? '' : 's'} ${on}${partly}`);
  // Splunk runs the test on all its files together; with some missing, no result proves nothing.
  if (missing.length > 0) return verdict('skipped', `no results ${on}, and no local sample for ${missing.join(', ')} (${where})`);
  const whys = ran.map((s) => (s.explained ? whyNoResults(s.explained) : undefined)).filter((w) => w !== undefined);
  const why = whys.map((w) => (w.range ? `${w.message} (${display(test.detection)}:${w.range.start.line + 1}:${w.range.start.character + 1})` : w.message));
  // The run's warnings may say why too (RUN009: no CIM rule for the sourcetype; RUN010: a field no event had).
  const warnings = [...new Set(ran.flatMap((s) => s.run!.problems.filter((p) => p.severity === 'warning').map((p) => `${p.code} ${p.message}`)))];
  if (warnings.length > 0) why.push(...warnings.slice(0, 3));
  const first = whys.find((w) => w.range) ?? whys[0];
  return { ...verdict('fail', `no results ${on}${why.length > 0 ? `: ${why.join('; ')}` : ''}`), ...(first ? { why: first } : {}) };
}
