// Engine figures: each bench detection on each generated log (XML and JSON lines), next to the
// baselines on the same file: reading and splitting only, reading with every field extracted,
// ripgrep counting lines with a literal, and DuckDB running equivalent SQL on the JSON lines.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { BenchDetection } from './detections';
import type { GeneratedLogs } from './generate';
import { mbPerSecond, median } from './stats';
import type { WorkerOutput, WorkerTask } from './worker';

export type LogFormatName = 'xml' | 'jsonl';

export interface BaselineFigure {
  megabytes: number;
  format: LogFormatName;
  name: 'split' | 'extract' | 'ripgrep' | 'duckdb';
  detection?: string;
  bytes: number;
  medianMs: number;
  mbPerS: number;
  /** Lines (split), events (extract), matching lines (ripgrep) or result rows (duckdb). */
  count: number;
  peakRssMb?: number;
  note?: string;
}

export interface EngineFigure {
  megabytes: number;
  format: LogFormatName;
  detection: string;
  shape: string;
  bytes: number;
  events: number;
  medianMs: number;
  runsMs: number[];
  mbPerS: number;
  eventsPerS: number;
  ok: boolean;
  problems: string[];
  results: number;
  resultEvents: number;
  /** msiexec only: hit events the generator wrote (the detection must find exactly these). */
  expectedHitEvents?: number;
  /** Result rows of the DuckDB SQL on the JSON lines of the same events (a cross-check). */
  duckdbRows?: number;
  requiredLiterals: string[][];
  eventsFiltered: number;
  peakRssMb: number;
  /** Median read+extract time measured right before this detection (what `ratios.extract` divides by). */
  extractMs: number;
  /** Engine time divided by each baseline's time on the same file (DuckDB: on the JSON lines). */
  ratios: { split?: number; extract?: number; ripgrep?: number; duckdb?: number };
}

export interface EngineBenchOptions {
  workerPath: string;
  detections: BenchDetection[];
  logs: GeneratedLogs[];
  runsFor: (megabytes: number) => number;
  progress: (message: string) => void;
}

export function runWorker(workerPath: string, task: WorkerTask, nodeFlags: string[] = []): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, workerPath, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`bench worker ${task.mode} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(last) as WorkerOutput);
    });
  });
}

/** ripgrep from PATH; installed with apt-get (Debian package `ripgrep`) when missing. */
export function ensureRipgrep(progress: (message: string) => void): string | undefined {
  const found = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.split('\n')[0];
  progress('ripgrep missing: apt-get update && apt-get install -y ripgrep');
  const update = spawnSync('apt-get', ['update'], { stdio: 'ignore' });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'ignore' }) : update;
  if (install.status !== 0) return undefined;
  const again = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return again.status === 0 ? again.stdout.split('\n')[0] : undefined;
}

function ripgrep(file: string, literal: string, runs: number): { medianMs: number; count: number } {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync('rg', ['--count', '--ignore-case', '--fixed-strings', '--', literal, file], { encoding: 'utf8' });
    times.push(performance.now() - started);
    if (result.status !== 0 && result.status !== 1) throw new Error(`rg failed: ${result.stderr}`);
    count = Number(result.stdout.trim() || '0');
  }
  return { medianMs: median(times), count };
}

async function duckdb(connection: DuckDBConnection, detection: BenchDetection, file: string, runs: number): Promise<{ medianMs: number; count: number }> {
  const columns = detection.columns.map((c) => `"${c}": 'VARCHAR'`).join(', ');
  const source = `read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = {${columns}})`;
  const sql = `SELECT count(*) AS result_rows FROM (${detection.sql.replace('{{src}}', source)})`;
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const reader = await connection.runAndReadAll(sql);
    times.push(performance.now() - started);
    count = Number(reader.getRowObjects()[0].result_rows);
  }
  return { medianMs: median(times), count };
}

export async function runEngineBench(options: EngineBenchOptions): Promise<{ engine: EngineFigure[]; baselines: BaselineFigure[]; ripgrepVersion?: string }> {
  const { workerPath, detections, progress } = options;
  const engine: EngineFigure[] = [];
  const baselines: BaselineFigure[] = [];
  const ripgrepVersion = ensureRipgrep(progress);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const logs of options.logs) {
    const runs = options.runsFor(logs.megabytes);
    const duckRows = new Map<string, number>();
    const duckMs = new Map<string, number>();
    for (const detection of detections) {
      progress(`${logs.megabytes} MB duckdb ${detection.id}`);
      const result = await duckdb(connection, detection, logs.jsonl, runs);
      duckRows.set(detection.id, result.count);
      duckMs.set(detection.id, result.medianMs);
      baselines.push({ megabytes: logs.megabytes, format: 'jsonl', name: 'duckdb', detection: detection.id, bytes: logs.jsonlBytes, medianMs: result.medianMs, mbPerS: mbPerSecond(logs.jsonlBytes, result.medianMs), count: result.count });
    }
    for (const format of ['xml', 'jsonl'] as const) {
      const file = format === 'xml' ? logs.xml : logs.jsonl;
      const bytes = format === 'xml' ? logs.xmlBytes : logs.jsonlBytes;
      if (!existsSync(file)) throw new Error(`missing bench log ${file}`);
      const base: Record<'split' | 'extract', number> = { split: 0, extract: 0 };
      for (const mode of ['split', 'extract'] as const) {
        progress(`${logs.megabytes} MB ${format} ${mode}`);
        const out = await runWorker(workerPath, { mode, log: file, runs });
        const ms = median(out.runs.map((r) => r.ms));
        base[mode] = ms;
        baselines.push({ megabytes: logs.megabytes, format, name: mode, bytes, medianMs: ms, mbPerS: mbPerSecond(bytes, ms), count: out.runs[0].events, peakRssMb: out.peakRssMb });
      }
      for (const detection of detections) {
        // This machine's speed drifts over minutes, so the read+extract time a ratio divides by is
        // measured right before each detection, not once per file.
        progress(`${logs.megabytes} MB ${format} read+extract before ${detection.id}`);
        const paired = await runWorker(workerPath, { mode: 'extract', log: file, runs });
        const extractMs = median(paired.runs.map((r) => r.ms));
        progress(`${logs.megabytes} MB ${format} ${detection.id}`);
        const out = await runWorker(workerPath, { mode: 'detection', roots: detection.roots, path: detection.path, log: file, runs, fastPath: detection.fastPath ?? true });
        const last = out.runs[out.runs.length - 1];
        const ms = median(out.runs.map((r) => r.ms));
        let rg: { medianMs: number; count: number } | undefined;
        if (ripgrepVersion) {
          rg = ripgrep(file, detection.rgLiteral, runs);
          baselines.push({
            megabytes: logs.megabytes, format, name: 'ripgrep', detection: detection.id, bytes, medianMs: rg.medianMs, mbPerS: mbPerSecond(bytes, rg.medianMs), count: rg.count,
            note: `${detection.rgLiteralRequired ? '' : '~'}${detection.rgLiteral}`,
          });
        }
        engine.push({
          megabytes: logs.megabytes, format, detection: detection.id, shape: detection.shape, bytes, events: last.events,
          medianMs: ms, runsMs: out.runs.map((r) => Math.round(r.ms)), mbPerS: mbPerSecond(bytes, ms), eventsPerS: last.events / (ms / 1000),
          ok: last.ok ?? false, problems: last.problems ?? [], results: last.results ?? 0, resultEvents: last.resultEvents ?? 0,
          ...(detection.id === 'msiexec_dllregisterserver' ? { expectedHitEvents: logs.hits } : {}),
          duckdbRows: duckRows.get(detection.id), requiredLiterals: last.requiredLiterals ?? [], eventsFiltered: last.eventsFiltered ?? 0, peakRssMb: out.peakRssMb,
          extractMs,
          ratios: {
            split: ms / base.split,
            extract: ms / extractMs,
            ...(rg ? { ripgrep: ms / rg.medianMs } : {}),
            duckdb: ms / (duckMs.get(detection.id) ?? Number.NaN),
          },
        });
      }
    }
  }
  connection.closeSync();
  return { engine, baselines, ripgrepVersion };
}
