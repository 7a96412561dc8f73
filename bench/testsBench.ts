// `spl-detect test` at scale: the corpus's Sysmon detections (their tests' first data file is
// Sysmon's) over one generated XmlWinEventLog log, run as `spl-detect test` runs a group (the log
// read once, every detection over its events: engine/eval/runOverOneLog.ts) and as one run per test
// (the log read by each), each in a bundled worker process: wall time and peak RSS. Both must give
// every detection the same result count. Then the real CLI on the same detections spread over
// several copies of the log, with one thread and with two (the main thread and a worker thread).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Project } from '../server/src/workspace/project';
import { runWorker } from './engineBench';
import type { GeneratedLogs } from './generate';
import { median } from './stats';

const SYSMON = 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational';

export interface TestsFigure {
  detections: number;
  megabytes: number;
  events: number;
  groupedMs: number;
  separateMs: number;
  groupedPeakRssMb: number;
  separatePeakRssMb: number;
  /** Detections with at least one result (the same in both ways, or the bench fails). */
  withResults: number;
  /** The real `spl-detect test` over the same detections spread over `files` copies of the log (one group each). */
  cli?: { files: number; oneThreadMs: number; workersMs: number; jobs: number; oneThreadPeakMb: number; workersPeakMb: number };
}

export async function runTestsBench(options: { workerPath: string; corpus: string; log: GeneratedLogs; count: number; runs: number; progress: (m: string) => void }): Promise<TestsFigure> {
  const project = Project.load([options.corpus]);
  const paths = project.paths
    .filter((path) => /[\\/]detections[\\/]endpoint[\\/]/.test(path))
    .sort()
    .filter((path) => project.document(path)?.detection?.tests[0]?.attackData[0]?.source === SYSMON)
    .slice(0, options.count);
  const task = { roots: [options.corpus], paths, log: options.log.xml, metadata: { index: 'main', source: SYSMON, sourcetype: 'XmlWinEventLog' }, runs: options.runs };
  options.progress(`tests: ${paths.length} Sysmon detections over the ${options.log.megabytes} MB XML log, grouped (one read)`);
  const grouped = await runWorker(options.workerPath, { mode: 'tests-grouped', ...task });
  options.progress(`tests: the same, one run per detection (${paths.length} reads)`);
  const separate = await runWorker(options.workerPath, { mode: 'tests-separate', ...task });
  if (JSON.stringify(grouped.runs[0].rows) !== JSON.stringify(separate.runs[0].rows)) throw new Error('grouped and separate runs disagree on the result counts');
  options.progress(`tests: spl-detect test on the same detections over ${CLI_FILES} copies of the log, --jobs 1 and --jobs 2`);
  const cli = cliFigures(options.corpus, paths, options.log.xml);
  return {
    ...(cli ? { cli } : {}),
    detections: paths.length,
    megabytes: options.log.megabytes,
    events: options.log.events,
    groupedMs: median(grouped.runs.map((r) => r.ms)),
    separateMs: median(separate.runs.map((r) => r.ms)),
    groupedPeakRssMb: Math.round(grouped.peakRssMb),
    separatePeakRssMb: Math.round(separate.peakRssMb),
    withResults: grouped.runs[0].results ?? 0,
  };
}

const CLI_FILES = 4;

/**
 * A workspace of the detections whose tests name one of CLI_FILES data URLs, mapped by
 * attack_data_map.json to copies of the log; `spl-detect test --offline` run with one thread and with
 * two (the main thread and a worker), timed with /usr/bin/time (wall, peak RSS of the process and its threads).
 */
function cliFigures(corpus: string, paths: string[], log: string): TestsFigure['cli'] {
  const ws = mkdtempSync(join(tmpdir(), 'spl-bench-tests-'));
  try {
    mkdirSync(join(ws, 'detections/endpoint'), { recursive: true });
    mkdirSync(join(ws, 'data'));
    symlinkSync(join(corpus, 'macros'), join(ws, 'macros'));
    symlinkSync(join(corpus, 'lookups'), join(ws, 'lookups'));
    const files: Record<string, { file: string }> = {};
    for (let k = 0; k < CLI_FILES; k++) {
      copyFileSync(log, join(ws, `data/part-${k}.log`));
      files[`https://bench.invalid/datasets/part-${k}/sysmon.log`] = { file: `data/part-${k}.log` };
    }
    writeFileSync(join(ws, 'attack_data_map.json'), JSON.stringify({ files }));
    paths.forEach((path, i) => {
      const text = readFileSync(path, 'utf8').replace(/^(\s*- data: ).*$/gm, `$1https://bench.invalid/datasets/part-${i % CLI_FILES}/sysmon.log`);
      writeFileSync(join(ws, 'detections/endpoint', basename(path)), text);
    });
    const run = (jobs: number) => {
      const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(__dirname, '../bin/spl-detect.js'), 'test', 'detections', '--offline', '--jobs', String(jobs)], { cwd: ws, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const [seconds, kb] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      return { ms: seconds * 1000, peakMb: Math.round(kb / 1024), stdout: result.stdout };
    };
    const one = run(1);
    const two = run(2);
    if (one.stdout !== two.stdout) throw new Error('spl-detect test gave different lines with --jobs 1 and --jobs 2');
    return { files: CLI_FILES, oneThreadMs: one.ms, workersMs: two.ms, jobs: 2, oneThreadPeakMb: one.peakMb, workersPeakMb: two.peakMb };
  } catch (error) {
    process.stderr.write(`[bench] spl-detect test figures skipped: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

export function testsMarkdown(f: TestsFigure, runs: number): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    '',
    '## spl-detect test at scale',
    '',
    `${f.detections} corpus Sysmon detections over one ${f.megabytes} MB XmlWinEventLog log (${f.events.toLocaleString('en-US')} events); median of ${runs} run(s); in one thread (a single group). ${f.withResults} detections find something; both ways give every detection the same result count.`,
    '',
    '| way | time | per detection | peak RSS |',
    '|---|---|---|---|',
    `| grouped: the log read once (spl-detect test) | ${s(f.groupedMs)} | ${(f.groupedMs / f.detections).toFixed(0)} ms | ${f.groupedPeakRssMb} MiB |`,
    `| one run per test (the log read each time) | ${s(f.separateMs)} | ${(f.separateMs / f.detections).toFixed(0)} ms | ${f.separatePeakRssMb} MiB |`,
    ...(f.cli
      ? [
          '',
          `The real \`spl-detect test --offline\` (project loading and process start included) on the same detections, their tests spread over ${f.cli.files} copies of the log (${f.cli.files} groups):`,
          '',
          '| --jobs | time | peak RSS |',
          '|---|---|---|',
          `| 1 (groups one after another in the main thread) | ${s(f.cli.oneThreadMs)} | ${f.cli.oneThreadPeakMb} MiB |`,
          `| ${f.cli.jobs} (the main thread and ${f.cli.jobs - 1} worker thread${f.cli.jobs > 2 ? 's' : ''}) | ${s(f.cli.workersMs)} | ${f.cli.workersPeakMb} MiB |`,
        ]
      : []),
    '',
  ].join('\n');
}

