// EVTX throughput: the engine's EVTX reader (every record rendered to XmlWinEventLog text) next to
// Debian's `evtxexport -f xml` (libevtx, C) on the same file: security.evtx's 26 chunks repeated to a
// larger file (its header's chunk count and checksum rewritten, so both readers take every chunk as
// listed). Both are timed in processes of their own, output discarded. Then a detection run on an
// .evtx file (runDetection, as `spl-detect run` calls it): on the same file, or on 1 GB of repeated
// chunks for the peak-RSS target, its result rows checked against the records the repeats hold.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from '../server/src/engine/readers/evtx/crc32';
import { CHUNK_BYTES, FILE_HEADER_BYTES } from '../server/src/engine/readers/evtx/limits';
import { runWorker } from './engineBench';
import { mbPerSecond, median } from './stats';
import { evtxSamplePath } from '../scripts/corpus/locate.mjs';

export interface EvtxFigure {
  /** `detection`: runDetection of EVTX_DETECTION on the file. */
  reader: 'engine' | 'evtxexport' | 'detection';
  file: string;
  bytes: number;
  medianMs: number;
  runsMs: number[];
  mbPerS: number;
  events: number;
  peakRssMb?: number;
  note?: string;
  /** A detection run: its rows as `LogonType=count`, and whether they are what the repeated chunks hold. */
  rows?: string;
  rowsExpected?: boolean;
}

export interface EvtxBenchResult {
  figures: EvtxFigure[];
  evtxexportVersion?: string;
}

/** security.evtx with its chunks repeated `times` times, cached next to the generated logs. */
export function repeatedSecurityLog(times: number): { path: string; name: string } {
  const source = readFileSync(evtxSamplePath('security.evtx'));
  const chunks = source.readUInt16LE(42);
  const dir = process.env.SPL_BENCH_CACHE ?? join(tmpdir(), 'spl-detect-bench');
  const path = join(dir, `security-x${times}.evtx`);
  const name = `security.evtx x${times}`;
  if (existsSync(path) && statSync(path).size === FILE_HEADER_BYTES + chunks * times * CHUNK_BYTES) return { path, name };
  mkdirSync(dir, { recursive: true });
  const header = Buffer.from(source.subarray(0, FILE_HEADER_BYTES));
  header.writeUInt16LE(chunks * times, 42);
  header.writeBigUInt64LE(BigInt(chunks * times - 1), 16);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  const body = source.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + chunks * CHUNK_BYTES);
  // Written repeat by repeat: the 1 GB file is never whole in memory.
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    for (let i = 0; i < times; i++) writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  return { path, name };
}

/** Repeats of security.evtx's chunks that make at least `megabytes` MiB. */
export function timesForMegabytes(megabytes: number): number {
  const chunks = readFileSync(evtxSamplePath('security.evtx')).readUInt16LE(42);
  return Math.ceil((megabytes * 1048576) / (chunks * CHUNK_BYTES));
}

/** The detection the bench runs on .evtx files, and what it gives on security.evtx once (counted with evtxexport, test/cli/evtxCli.test.ts). */
const EVTX_DETECTION = 'EventCode=4624 | stats count by LogonType';
const LOGONS_BY_TYPE: Record<string, number> = { '0': 40, '2': 84, '3': 39, '5': 416, '7': 4 };

function detectionFile(): { root: string; path: string } {
  const root = join(process.env.SPL_BENCH_CACHE ?? join(tmpdir(), 'spl-detect-bench'), 'evtx-detection');
  mkdirSync(root, { recursive: true });
  const path = join(root, 'logons_by_type.spl');
  writeFileSync(path, EVTX_DETECTION + '\n');
  return { root, path };
}

/** evtxexport from PATH; installed with apt-get (Debian package `libevtx-utils`) when missing. */
function ensureEvtxexport(progress: (message: string) => void): string | undefined {
  const version = (): string | undefined => {
    const found = spawnSync('evtxexport', ['-V'], { encoding: 'utf8' });
    return found.error ? undefined : (/evtxexport \S+/.exec(found.stdout)?.[0] ?? 'evtxexport');
  };
  const present = version();
  if (present) return present;
  progress('evtxexport missing: apt-get install -y libevtx-utils');
  if (spawnSync('apt-get', ['install', '-y', 'libevtx-utils'], { stdio: 'ignore' }).status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', 'libevtx-utils'], { stdio: 'ignore' });
  }
  return version();
}

function timeEvtxexport(path: string, runs: number): { runsMs: number[]; events: number } {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync('evtxexport', ['-f', 'xml', path], { stdio: ['ignore', 'ignore', 'ignore'] });
    runsMs.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`evtxexport -f xml ${path} exited with ${run.status}`);
  }
  // Counted once, outside the timed runs.
  const output = spawnSync('evtxexport', ['-f', 'xml', path], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const events = output.stdout.split('<Event xmlns=').length - 1;
  return { runsMs, events };
}

/** runDetection of EVTX_DETECTION on security.evtx repeated `times` times. */
async function detectionFigure(workerPath: string, times: number, runs: number, progress: (message: string) => void): Promise<EvtxFigure> {
  const { path, name } = repeatedSecurityLog(times);
  const bytes = statSync(path).size;
  const detection = detectionFile();
  progress(`EVTX ${name}: runDetection of '${EVTX_DETECTION}'`);
  const out = await runWorker(workerPath, { mode: 'detection', roots: [detection.root], path: detection.path, log: path, runs, fastPath: true });
  const runsMs = out.runs.map((r) => r.ms);
  const last = out.runs[out.runs.length - 1];
  const rows = last.rows ?? [];
  const expected = Object.entries(LOGONS_BY_TYPE).map(([type, count]) => `${type}=${count * times}`);
  return {
    reader: 'detection',
    file: name,
    bytes,
    medianMs: median(runsMs),
    runsMs: runsMs.map(Math.round),
    mbPerS: mbPerSecond(bytes, median(runsMs)),
    events: last.events,
    peakRssMb: out.peakRssMb,
    rows: rows.join(' '),
    rowsExpected: last.ok === true && rows.join(' ') === expected.join(' ') && last.resultEvents === 583 * times,
    note: EVTX_DETECTION,
  };
}

export async function runEvtxBench(options: {
  workerPath: string;
  times: number;
  runs: number;
  /** Also run the detection on an .evtx file of this many MiB (the 1 GB peak-RSS figure). */
  detectionMegabytes?: number;
  progress: (message: string) => void;
}): Promise<EvtxBenchResult> {
  const { path, name } = repeatedSecurityLog(options.times);
  const bytes = statSync(path).size;
  const figures: EvtxFigure[] = [];
  options.progress(`EVTX ${name}: the engine's reader`);
  const ours = await runWorker(options.workerPath, { mode: 'evtx', log: path, runs: options.runs });
  const oursMs = ours.runs.map((r) => r.ms);
  figures.push({ reader: 'engine', file: name, bytes, medianMs: median(oursMs), runsMs: oursMs.map(Math.round), mbPerS: mbPerSecond(bytes, median(oursMs)), events: ours.runs[0].events, peakRssMb: ours.peakRssMb });
  const evtxexportVersion = ensureEvtxexport(options.progress);
  if (evtxexportVersion) {
    options.progress(`EVTX ${name}: ${evtxexportVersion} -f xml`);
    const theirs = timeEvtxexport(path, options.runs);
    figures.push({ reader: 'evtxexport', file: name, bytes, medianMs: median(theirs.runsMs), runsMs: theirs.runsMs.map(Math.round), mbPerS: mbPerSecond(bytes, median(theirs.runsMs)), events: theirs.events, note: evtxexportVersion });
  }
  figures.push(await detectionFigure(options.workerPath, options.times, options.runs, options.progress));
  if (options.detectionMegabytes) figures.push(await detectionFigure(options.workerPath, timesForMegabytes(options.detectionMegabytes), 1, options.progress));
  return { figures, evtxexportVersion };
}
