import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { runDetection } from '../engine/eval/runDetection';
import type { AttackDataInfo } from '../workspace/documents';
import { classifyPath } from '../workspace/documents';
import { discoverFiles, walkFiles } from '../workspace/discover';
import type { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import type { ReadScope } from '../workspace/confine';
import { mappedLog, readAttackDataMap, type AttackDataMapFiles } from '../workspace/sampleLog';
import { excerpt } from '../text/excerpt';
import { parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { printable } from './terminalText';
import { displayPath } from './report';
import { checkTargets, geoipDatabaseArg, loadProject } from './workspaceArgs';

export const testUsage = `spl-detect test PATH... [--samples DIR] [--root DIR] [--macros DIR] [--geoip FILE.mmdb]

Runs the tests of each detection under PATH as Splunk's contentctl does: for every tests[] entry, the
detection runs on the local sample that stands for each attack_data file (read with that entry's
source and sourcetype) and passes when it returns at least one result. A sample is the file that
attack_data_map.json in the samples folder names for the data URL (see samples/README.md), else a
file of the URL's file name anywhere under the samples folder (default: the detection's workspace
root). Prints a line per test (pass, fail, or skipped when there is no local sample) and a summary.
--geoip names the MaxMind database iplocation reads. Exit 0 when no test failed, 1 when one did, 2 on
bad usage.`;

interface Sample {
  path: string;
  /** How it was found, for the report. */
  via: 'attack_data_map.json' | 'file name';
}

/**
 * The local files of one samples folder: attack_data_map.json entries, then files by name; either
 * only inside the read scope (a map entry or a link may point anywhere).
 */
class SampleFolder {
  private readonly mapped: AttackDataMapFiles = {};
  private byName: Map<string, string> | undefined;
  readonly mapFile: string;

  constructor(
    readonly dir: string,
    private readonly scope: ReadScope,
  ) {
    this.mapFile = join(dir, 'attack_data_map.json');
    if (!existsSync(this.mapFile)) return;
    const files = readAttackDataMap(this.mapFile);
    if (typeof files === 'string') throw new UsageError(files);
    this.mapped = files;
  }

  /** The sample for a data URL; a mapped file the scope refuses is a reason, not a sample. */
  find(url: string): Sample | { refused: string } | undefined {
    const entry = this.mapped[url]?.file;
    if (typeof entry === 'string') {
      const mapped = mappedLog(this.mapFile, url, entry, this.scope);
      if (mapped.ok) return { path: mapped.path, via: 'attack_data_map.json' };
      if (existsSync(resolve(this.dir, entry))) return { refused: mapped.reason };
    }
    const name = fileName(url);
    const found = name ? this.files().get(name) : undefined;
    if (!found) return undefined;
    const sample = this.scope.regularFile(found, `the sample found by the file name of ${excerpt(url, 120)}`);
    return sample.ok ? { path: found, via: 'file name' } : { refused: sample.reason };
  }

  /** Every file under the folder by file name (the first in sorted path order wins). */
  private files(): Map<string, string> {
    if (this.byName) return this.byName;
    const byName = new Map<string, string>();
    for (const path of walkFiles([this.dir], () => true).files) {
      const name = basename(path);
      if (!byName.has(name)) byName.set(name, path);
    }
    this.byName = byName;
    return byName;
  }
}

/** The last path segment of a data URL (query and fragment left out). */
function fileName(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '' ? undefined : decodeURIComponent(name);
}

type Verdict = { status: 'pass' | 'fail' | 'skipped'; detail: string };

interface TestRun {
  project: Project;
  detection: string;
  attackData: AttackDataInfo[];
  /** Why the test's attack_data could not be read (DetectionTestInfo.problem). */
  problem: string | undefined;
  samples: SampleFolder;
  lookups: string;
  scope: ReadScope;
  cwd: string;
  geoipDatabase: string | undefined;
}

async function runTest(t: TestRun): Promise<Verdict> {
  // contentctl fails such a test (or hangs expanding an alias bomb): so does this one.
  if (t.problem) return { status: 'fail', detail: t.problem };
  if (t.attackData.length === 0) return { status: 'skipped', detail: 'the test has no attack_data' };
  const available: Array<{ entry: AttackDataInfo; sample: Sample }> = [];
  const missing: string[] = [];
  const refused: string[] = [];
  for (const entry of t.attackData) {
    const sample = entry.data ? t.samples.find(entry.data) : undefined;
    if (sample && 'refused' in sample) refused.push(sample.refused);
    else if (sample) available.push({ entry, sample });
    else missing.push(entry.data ? (fileName(entry.data) ?? entry.data) : '(attack_data without data:)');
  }
  const where = `not in ${displayPath(t.samples.mapFile, t.cwd)}, no file of that name under ${displayPath(t.samples.dir, t.cwd) || '.'}`;
  if (refused.length > 0) return { status: 'fail', detail: `a sample cannot be read: ${refused.join('; ')}` };
  if (available.length === 0) return { status: 'skipped', detail: `no local sample for ${missing.join(', ')} (${where})` };
  let results = 0;
  const used: string[] = [];
  for (const { entry, sample } of available) {
    const run = await runDetection({
      project: t.project,
      path: t.detection,
      log: sample.path,
      metadata: { index: 'main', ...(entry.source ? { source: entry.source } : {}), ...(entry.sourcetype ? { sourcetype: entry.sourcetype } : {}) },
      lookups: t.lookups,
      scope: t.scope,
      ...(t.geoipDatabase ? { geoipDatabase: t.geoipDatabase } : {}),
    });
    if (!run.ok) {
      const problem = run.problems.find((p) => p.severity === 'error');
      const at = problem ? `${displayPath(t.detection, t.cwd)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}` : displayPath(t.detection, t.cwd);
      return { status: 'fail', detail: `cannot run locally: ${problem ? `${problem.code} ${problem.message}` : 'the run failed'} (${at})` };
    }
    results += run.results.length;
    used.push(`${displayPath(sample.path, t.cwd)}${sample.via === 'file name' ? ' (by file name)' : ''}`);
  }
  const on = `on ${used.join(', ')}`;
  const partly = missing.length > 0 ? `; no local sample for ${missing.join(', ')}` : '';
  if (results > 0) return { status: 'pass', detail: `${results} result${results === 1 ? '' : 's'} ${on}${partly}` };
  // Splunk runs the test on all its files together; with some missing, no result proves nothing.
  if (missing.length > 0) return { status: 'skipped', detail: `no results ${on}, and no local sample for ${missing.join(', ')} (${where})` };
  return { status: 'fail', detail: `no results ${on}` };
}

export async function runTestCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { valued: ['samples', 'root', 'macros', 'geoip'], booleans: [] });
  const geoipDatabase = geoipDatabaseArg(args, io);
  const targets = checkTargets(args, io, 'test');
  for (const target of targets) {
    if (statSync(target).isFile() && classifyPath(target) !== 'detection') throw new UsageError(`${displayPath(target, io.cwd)} is not a detection YAML (under detections/)`);
  }
  const samplesOption = args.options.get('samples');
  const samplesDir = samplesOption ? resolve(io.cwd, samplesOption[samplesOption.length - 1]) : undefined;
  if (samplesDir && !(existsSync(samplesDir) && statSync(samplesDir).isDirectory())) throw new UsageError(`no such samples folder: ${samplesOption![samplesOption!.length - 1]}`);
  const { project, roots, scope } = loadProject(args, targets, io, samplesDir ? [samplesDir] : []);
  const folders = new Map<string, SampleFolder>();
  const folder = (dir: string) => folders.get(dir) ?? folders.set(dir, new SampleFolder(dir, scope)).get(dir)!;
  const counts = { pass: 0, fail: 0, skipped: 0 };
  const detections = discoverFiles(targets).filter((path) => classifyPath(path) === 'detection');
  for (const detection of detections) {
    if (!project.document(detection)) project.upsert(detection, readFileSync(detection, 'utf8'));
    const tests = project.document(detection)?.detection?.tests ?? [];
    const root = roots.find((r) => detection.startsWith(r + sep)) ?? findWorkspaceRoot(detection);
    for (const [index, test] of tests.entries()) {
      const verdict = await runTest({
        project,
        detection,
        attackData: test.attackData,
        problem: test.problem,
        samples: folder(samplesDir ?? root),
        lookups: join(root, 'lookups'),
        scope,
        cwd: io.cwd,
        geoipDatabase,
      });
      counts[verdict.status]++;
      const label = `${displayPath(detection, io.cwd)} [${test.name ?? `tests[${index}]`}]`;
      io.out(printable(`${verdict.status.padEnd(7)} ${label}: ${verdict.detail}`) + '\n');
    }
  }
  if (detections.length === 0) io.err(`spl-detect test: no detection under ${targets.map((t) => displayPath(t, io.cwd)).join(', ')}\n`);
  io.out(`${counts.pass} passed, ${counts.fail} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}\n`);
  return counts.fail > 0 ? 1 : 0;
}

