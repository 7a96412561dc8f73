import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { AttackDataSource } from '../attackData/attackDataSource';
import { defaultCacheDir, GIB } from '../attackData/cache';
import { classifyPath } from '../workspace/documents';
import { discoverFiles } from '../workspace/discover';
import { findWorkspaceRoot } from '../workspace/root';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { junitXml, type JUnitCase } from './junit';
import { printable } from './terminalText';
import { displayPath } from './report';
import { SampleFolder } from '../testing/testData';
import { runTests, type TestCase } from '../testing/testRunner';
import { bundledWorkerFile, GroupPool } from '../testing/groupPool';
import { DownloadProgressView } from './downloadProgress';
import { RunProgressView } from './runProgress';
import { checkTargets, geoipDatabaseArg, loadProject } from './workspaceArgs';

export const testUsage = `spl-detect test PATH... [--samples DIR] [--attack-data DIR] [--cache DIR] [--cache-size GIB] [--offline] [--junit FILE] [--jobs N] [--root DIR] [--macros DIR] [--geoip FILE.mmdb]

Runs the tests of each detection under PATH as Splunk's contentctl does: for every tests[] entry, the
detection runs on each attack_data file (read with that entry's source and sourcetype) and passes when
it returns at least one result; a failing test says which clause matched nothing. A data file is, in
order: the file attack_data_map.json in the samples folder names for the URL (see samples/README.md),
a file of the URL's file name under the samples folder (default: the detection's workspace root), the
URL's datasets/... path in a local splunk/attack_data checkout (--attack-data DIR), the per-user cache
(--cache DIR, default $XDG_CACHE_HOME/spl-detect/attack-data, at most --cache-size GiB, default 20,
least recently used files evicted first), else it is downloaded into the cache (https only; HTTPS_PROXY
and NO_PROXY honoured; progress on stderr). --offline forbids downloads: a test whose data is not local
is skipped, naming the file (SPL_DETECT_OFFLINE=1 does the same). Tests are grouped by data file, each file read once for all the detections
that use it; groups run on --jobs threads (this one and worker threads; default: every core). Prints a line per test (pass, fail, skipped) and a summary; --junit FILE also writes JUnit
XML. --geoip names the MaxMind database iplocation reads. Exit 0 when no test failed, 1 when one did, 2
on bad usage.`;

function lastValue(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  return values?.[values.length - 1];
}

function folderArg(args: ParsedArgs, io: CliIo, name: string, what: string, create = false): string | undefined {
  const given = lastValue(args, name);
  if (given === undefined) return undefined;
  const dir = resolve(io.cwd, given);
  if (!create && !(existsSync(dir) && statSync(dir).isDirectory())) throw new UsageError(`no such ${what} folder: ${given}`);
  if (create && existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--${name}: ${given} is not a folder`);
  return dir;
}

/** `--jobs N`: groups run at once in worker threads (default: the cores available). */
function jobsArg(args: ParsedArgs): number {
  const given = lastValue(args, 'jobs');
  if (given === undefined) return availableParallelism();
  if (!/^[1-9]\d{0,2}$/.test(given)) throw new UsageError(`--jobs must be a whole number from 1; got '${given}'`);
  return Number(given);
}

function attackDataSource(args: ParsedArgs, io: CliIo): AttackDataSource {
  const size = lastValue(args, 'cache-size');
  if (size !== undefined && !(/^\d+(\.\d+)?$/.test(size) && Number(size) > 0)) throw new UsageError(`--cache-size must be a number of GiB above 0; got '${size}'`);
  const checkout = folderArg(args, io, 'attack-data', 'attack_data checkout');
  return new AttackDataSource({
    cacheDir: folderArg(args, io, 'cache', 'cache', true) ?? defaultCacheDir(),
    ...(size !== undefined ? { cacheBytes: Number(size) * GIB } : {}),
    ...(checkout ? { checkout } : {}),
    // SPL_DETECT_OFFLINE=1 does the same for a whole CI job (or a test suite) without editing each command.
    offline: args.flags.has('offline') || process.env.SPL_DETECT_OFFLINE === '1',
  });
}

export async function runTestCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { valued: ['samples', 'root', 'macros', 'geoip', 'attack-data', 'cache', 'cache-size', 'junit', 'jobs'], booleans: ['offline'] });
  const jobs = jobsArg(args);
  const geoipDatabase = geoipDatabaseArg(args, io);
  const targets = checkTargets(args, io, 'test');
  for (const target of targets) {
    if (statSync(target).isFile() && classifyPath(target) !== 'detection') throw new UsageError(`${displayPath(target, io.cwd)} is not a detection YAML (under detections/)`);
  }
  const samplesDir = folderArg(args, io, 'samples', 'samples');
  const junitFile = lastValue(args, 'junit');
  const data = attackDataSource(args, io);
  const loaded = loadProject(args, targets, io, samplesDir ? [samplesDir] : []);
  const { project, roots } = loaded;
  // Downloaded and checked-out data is read where it lies: the cache and the checkout join the read scope.
  const scope = loaded.scope.with([data.cache.dir, ...(data.options.checkout ? [data.options.checkout] : [])]);
  const folders = new Map<string, SampleFolder>();
  const folder = (dir: string) => {
    const known = folders.get(dir);
    if (known) return known;
    const made = new SampleFolder(dir, scope);
    if (made.mapProblem) throw new UsageError(made.mapProblem);
    folders.set(dir, made);
    return made;
  };
  const tests: TestCase[] = [];
  const detections = discoverFiles(targets).filter((path) => classifyPath(path) === 'detection');
  for (const detection of detections) {
    if (!project.document(detection)) project.upsert(detection, readFileSync(detection, 'utf8'));
    const root = roots.find((r) => detection.startsWith(r + sep)) ?? findWorkspaceRoot(detection);
    for (const [index, test] of (project.document(detection)?.detection?.tests ?? []).entries()) {
      tests.push({ detection, name: test.name ?? `tests[${index}]`, attackData: test.attackData, problem: test.problem, samples: folder(samplesDir ?? root), lookups: join(root, 'lookups') });
    }
  }
  const counts = { pass: 0, fail: 0, skipped: 0 };
  const junit: JUnitCase[] = [];
  try {
    const workerFile = bundledWorkerFile();
    const setup = { roots, macroDirs: (args.options.get('macros') ?? []).map((p) => resolve(io.cwd, p)), scopeFolders: [...scope.folders], ...(geoipDatabase ? { geoipDatabase } : {}) };
    const workers = workerFile ? (lanes: number) => {
      const pool = new GroupPool(workerFile, lanes, setup);
      return { run: pool.run.bind(pool), close: () => pool.close() };
    } : undefined;
    const bar = new RunProgressView(io);
    const context = {
      project, scope, data, geoipDatabase, display: (path: string) => displayPath(path, io.cwd), downloads: new DownloadProgressView(io), concurrency: jobs,
      onGroups: (done: number, total: number) => bar.update(done, total), ...(workers ? { workers } : {}),
    };
    await runTests(tests, context, (index, verdict) => {
      const test = tests[index];
      counts[verdict.status]++;
      const suite = displayPath(test.detection, io.cwd);
      junit.push({ suite, name: test.name, status: verdict.status, detail: verdict.detail, seconds: verdict.seconds });
      bar.out(printable(`${verdict.status.padEnd(7)} ${suite} [${test.name}]: ${verdict.detail}`) + '\n');
    });
    bar.clear();
  } finally {
    await data.close();
  }
  if (detections.length === 0) io.err(`spl-detect test: no detection under ${targets.map((t) => displayPath(t, io.cwd)).join(', ')}\n`);
  io.out(`${counts.pass} passed, ${counts.fail} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}\n`);
  if (junitFile) writeFileSync(resolve(io.cwd, junitFile), junitXml(junit));
  return counts.fail > 0 ? 1 : 0;
}
