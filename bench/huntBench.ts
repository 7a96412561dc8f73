// The hunt's figures: every active corpus detection over the generated Sysmon/Security XML log, as
// `spl-detect hunt` runs it (project loading and compiling included), on one thread and on every
// core, each in a process of its own for its peak RSS; and the single msiexec detection on the
// same file in the same run, for the ratio the issue sets (a hunt within 3x of one detection).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { GeneratedLogs } from './generate';
import { runWorker } from './engineBench';
import { median } from './stats';

export interface HuntFigure {
  megabytes: number;
  bytes: number;
  jobs: number;
  medianMs: number;
  runsMs: number[];
  mbPerS: number;
  /** Milliseconds per 100 MB of log. */
  msPer100Mb: number;
  peakRssMb: number;
  detectionsWithRows: number;
  rows: number;
  note: string;
  /** The single msiexec detection on the same file, and the hunt's time over it. */
  singleMs: number;
  ratioToSingle: number;
}

const SYSMON = { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' };

export async function runHuntBench(options: {
  workerPath: string;
  repoRoot: string;
  corpusRoot: string;
  logs: GeneratedLogs[];
  runs: number;
  progress: (message: string) => void;
}): Promise<HuntFigure[]> {
  const figures: HuntFigure[] = [];
  const samples = join(options.repoRoot, 'samples');
  const jobsList = [...new Set([1, Math.min(8, availableParallelism())])];
  for (const logs of options.logs) {
    options.progress(`hunt ${logs.megabytes} MB: the msiexec detection alone`);
    const single = await runWorker(options.workerPath, { mode: 'detection', roots: [samples], path: join(samples, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'), log: logs.xml, runs: options.runs });
    const singleMs = median(single.runs.map((r) => r.ms));
    for (const jobs of jobsList) {
      options.progress(`hunt ${logs.megabytes} MB: every active corpus detection, ${jobs} thread(s)`);
      const out = await runWorker(options.workerPath, {
        mode: 'hunt', roots: [options.corpusRoot], folders: [join(options.corpusRoot, 'detections')], log: logs.xml, runs: options.runs, jobs, metadata: SYSMON,
      });
      const ms = median(out.runs.map((r) => r.ms));
      const last = out.runs[out.runs.length - 1];
      const mb = logs.xmlBytes / 1048576;
      figures.push({
        megabytes: logs.megabytes, bytes: logs.xmlBytes, jobs, medianMs: ms, runsMs: out.runs.map((r) => Math.round(r.ms)), mbPerS: mb / (ms / 1000), msPer100Mb: (ms / mb) * 100,
        peakRssMb: out.peakRssMb, detectionsWithRows: last.resultEvents ?? 0, rows: last.results ?? 0, note: last.problems?.[0] ?? '', singleMs, ratioToSingle: ms / singleMs,
      });
    }
  }
  return figures;
}

export function huntMarkdown(figures: HuntFigure[]): string[] {
  if (figures.length === 0) return [];
  const out = [
    '## Hunt: every active corpus detection over the XML log', '',
    'As `spl-detect hunt` runs it (loading and compiling the 1,613 active detections included), Sysmon source/sourcetype on every event. "alone" is the msiexec detection by itself on the same file in the same run.', '',
    '| log | threads | median | MB/s | per 100 MB | peak RSS | detections with rows | rows | msiexec alone | hunt / alone | work |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const f of figures) {
    out.push(`| ${f.megabytes} MB | ${f.jobs} | ${Math.round(f.medianMs)} ms | ${f.mbPerS.toFixed(1)} | ${(f.msPer100Mb / 1000).toFixed(1)} s | ${Math.round(f.peakRssMb)} MB | ${f.detectionsWithRows} | ${f.rows} | ${Math.round(f.singleMs)} ms | ${f.ratioToSingle.toFixed(0)}x | ${f.note} |`);
  }
  out.push('');
  return out;
}
