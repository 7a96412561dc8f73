// `npm run bench`: language server and engine figures against their targets, as a markdown table
// (printed and written to bench/results/latest.md) and JSON (bench/results/*.json, not in git).
//
//   npm run bench                       10 MB and 100 MB logs
//   npm run bench -- --1gb              also 1 GB (or BENCH_1GB=1): peak RSS target
//   npm run bench -- --sizes 10 --runs 3 --seed 7 --only engine|lsp|evtx|tests|hunt --profile --tests 100
//   npm run bench -- --only hunt --hunt-sizes 10,100     the whole corpus over the log (default 10 MB)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorker } from './build';
import { benchDetections } from './detections';
import { runEngineBench, runWorker } from './engineBench';
import { runEvtxBench, type EvtxBenchResult } from './evtxBench';
import { generateLogs, type GeneratedLogs } from './generate';
import { runHuntBench } from './huntBench';
import { runLspBench } from './lspBench';
import { runTestsBench, testsMarkdown, type TestsFigure } from './testsBench';
import { profileRun } from './profile';
import { computeTargets, markdownReport, type BenchResult, type IndexFigure } from './report';
import { median } from './stats';
import { corpusPath } from '../scripts/corpus/locate.mjs';

const REPO = resolve(__dirname, '..');
const CORPUS = corpusPath('security_content');

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10,100' },
      '1gb': { type: 'boolean', default: process.env.BENCH_1GB === '1' },
      seed: { type: 'string', default: process.env.BENCH_SEED ?? '20241024' },
      runs: { type: 'string' },
      'hit-rate': { type: 'string', default: '0.002' },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      requests: { type: 'string', default: '200' },
      'cold-starts': { type: 'string', default: '5' },
      'evtx-times': { type: 'string', default: process.env.BENCH_EVTX_TIMES ?? '8' },
      tests: { type: 'string', default: process.env.BENCH_TESTS ?? '100' },
      'hunt-sizes': { type: 'string', default: process.env.BENCH_HUNT_SIZES ?? '10' },
    },
  });
  const sizes = values.sizes.split(',').map(Number).filter((n) => n > 0);
  if (values['1gb'] && !sizes.includes(1024)) sizes.push(1024);
  return {
    sizes,
    seed: Number(values.seed),
    runs: values.runs === undefined ? undefined : Number(values.runs),
    hitRate: Number(values['hit-rate']),
    lsp: values.only === undefined || values.only === 'lsp',
    engine: values.only === undefined || values.only === 'engine',
    evtx: values.only === undefined || values.only === 'engine' || values.only === 'evtx',
    tests: values.only === undefined || values.only === 'tests',
    testCount: Number(values.tests),
    evtxTimes: Number(values['evtx-times']),
    hunt: values.only === undefined || values.only === 'hunt',
    only: values.only,
    huntSizes: values['hunt-sizes'].split(',').map(Number).filter((n) => n > 0),
    profile: values.profile,
    requests: Number(values.requests),
    coldStarts: Number(values['cold-starts']),
  };
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function gitCommit(): string {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'server'], { cwd: REPO, encoding: 'utf8' }).stdout.trim() ? ' (server/ has uncommitted changes)' : '';
  return (result.stdout.trim() || 'unknown') + dirty;
}

function duckdbVersion(): string {
  try {
    return (require('@duckdb/node-api/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const o = options();
  const runsFor = (megabytes: number) => o.runs ?? (megabytes >= 1024 ? 1 : 5);
  progress('building the server and the bench worker');
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const workerPath = await buildWorker(REPO);

  const logs: GeneratedLogs[] = [];
  if (o.engine || o.tests) {
    for (const megabytes of o.tests && !o.engine ? o.sizes.slice(0, 1) : o.sizes) {
      progress(`log of ${megabytes} MB (seed ${o.seed}): generating or reading the cache`);
      logs.push(await generateLogs({ seed: o.seed, megabytes, hitRate: o.hitRate, nearMissRate: 0.01, dataSourcesDir: join(CORPUS, 'data_sources') }));
    }
  }

  let index: IndexFigure | undefined;
  let lsp: BenchResult['lsp'];
  if (o.lsp) {
    progress('indexing the corpus (Project.load)');
    const indexed = await runWorker(workerPath, { mode: 'index', roots: [CORPUS], runs: 7 });
    const runsMs = indexed.runs.map((r) => Math.round(r.ms));
    index = { medianMs: median(indexed.runs.map((r) => r.ms)), runsMs, files: indexed.runs[0].events, macroFiles: indexed.runs[0].results ?? 0 };
    lsp = await runLspBench({
      serverPath: join(REPO, 'dist/server/server.js'),
      workspace: CORPUS,
      detection: join(CORPUS, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'),
      coldStarts: o.coldStarts,
      requests: o.requests,
      progress,
    });
  }

  const detections = benchDetections(REPO, CORPUS);
  const engineResult = o.engine ? await runEngineBench({ workerPath, detections, logs, runsFor, progress }) : { engine: [], baselines: [] };
  let evtx: EvtxBenchResult | undefined;
  if (o.evtx) evtx = await runEvtxBench({ workerPath, times: o.evtxTimes, runs: o.runs ?? 3, progress, ...(o.sizes.includes(1024) ? { detectionMegabytes: 1024 } : {}) });
  let hunt: BenchResult['hunt'];
  if (o.hunt) {
    const huntLogs: GeneratedLogs[] = [];
    for (const megabytes of o.huntSizes) huntLogs.push(await generateLogs({ seed: o.seed, megabytes, hitRate: o.hitRate, nearMissRate: 0.01, dataSourcesDir: join(CORPUS, 'data_sources') }));
    hunt = await runHuntBench({ workerPath, repoRoot: REPO, corpusRoot: CORPUS, logs: huntLogs, runs: o.runs ?? 1, progress });
  }
  const peakRss1Gb = engineResult.engine.filter((e) => e.megabytes >= 1024).map((e) => ({ detection: e.detection, format: e.format, peakRssMb: e.peakRssMb }));

  const partial: Omit<BenchResult, 'targets'> = {
    environment: {
      date: new Date().toISOString(),
      commit: gitCommit(),
      node: process.version,
      cpus: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      loadAverage: loadavg(),
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      seed: o.seed,
      sizesMb: o.sizes,
      hitRate: o.hitRate,
      runs: `engine medians of ${[...new Set(o.sizes.map(runsFor))].join('/')} runs per size (${o.sizes.join('/')} MB)`,
      ripgrep: 'ripgrepVersion' in engineResult ? engineResult.ripgrepVersion : undefined,
      duckdb: duckdbVersion(),
      evtxexport: evtx?.evtxexportVersion,
      logs: logs.map((l) => ({ megabytes: l.megabytes, events: l.events, hits: l.hits, nearMisses: l.nearMisses, xmlBytes: l.xmlBytes, jsonlBytes: l.jsonlBytes, templates: l.templates })),
    },
    ...(lsp ? { lsp } : {}),
    ...(index ? { index } : {}),
    engine: engineResult.engine,
    baselines: engineResult.baselines,
    ...(evtx ? { evtx: evtx.figures } : {}),
    ...(peakRss1Gb.length ? { peakRss1Gb } : {}),
    ...(hunt ? { hunt } : {}),
  };
  const targets = computeTargets(partial);
  const engineMissed = targets.some((t) => t.name.startsWith('engine') && !t.pass);
  let profile: string | undefined;
  if (o.engine && logs.length && (o.profile || engineMissed)) {
    const largest = logs.filter((l) => l.megabytes < 1024).pop() ?? logs[0];
    const slowest = engineResult.engine.filter((e) => e.megabytes === largest.megabytes && e.format === 'xml').sort((a, b) => a.mbPerS - b.mbPerS)[0];
    const sections: string[] = [];
    for (const id of [...new Set(['msiexec_dllregisterserver', slowest?.detection].filter(Boolean) as string[])]) {
      const detection = detections.find((d) => d.id === id)!;
      progress(`profiling ${id} on the ${largest.megabytes} MB XML log`);
      const table = await profileRun(workerPath, { mode: 'detection', roots: detection.roots, path: detection.path, log: largest.xml, runs: 2, fastPath: detection.fastPath ?? true });
      sections.push(`${id}, ${largest.megabytes} MB XML (V8 CPU profile of two runs, loading excluded):\n\n${table}`);
    }
    profile = sections.join('\n\n');
  }
  const huntMissed = targets.some((t) => t.name.startsWith('hunt') && !t.pass);
  if (o.hunt && hunt?.length && (o.profile || huntMissed)) {
    // The largest size up to 100 MB: at 10 MB loading and compiling the detections is most of the time, not the read.
    const upTo100 = o.huntSizes.filter((size) => size <= 100);
    const profiled = upTo100.length > 0 ? Math.max(...upTo100) : Math.min(...o.huntSizes);
    const log = (await generateLogs({ seed: o.seed, megabytes: profiled, hitRate: o.hitRate, nearMissRate: 0.01, dataSourcesDir: join(CORPUS, 'data_sources') })).xml;
    progress(`profiling the hunt on the ${profiled} MB XML log`);
    const table = await profileRun(workerPath, {
      mode: 'hunt', roots: [CORPUS], folders: [join(CORPUS, 'detections')], log, runs: 1, jobs: 1,
      metadata: { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' },
    }, 25);
    const section = `hunt, whole corpus, ${profiled} MB XML, 1 thread (V8 CPU profile of one run, project loading and compiling included):\n\n${table}`;
    profile = profile ? `${profile}\n\n${section}` : section;
  }
  let tests: TestsFigure | undefined;
  if (o.tests && logs.length > 0) tests = await runTestsBench({ workerPath, corpus: CORPUS, log: logs[0], count: o.testCount, runs: o.runs ?? 3, progress });
  const result: BenchResult & { tests?: TestsFigure } = { ...partial, targets, ...(profile ? { profile } : {}), ...(tests ? { tests } : {}) };
  const markdown = markdownReport(result) + (tests ? testsMarkdown(tests, o.runs ?? 3) : '');
  const dir = join(REPO, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.environment.date.replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(result, null, 2));
  // A partial run (`--only hunt`, `--only tests` ...) keeps its own latest report beside the full bench's.
  const latest = o.only ? `${o.only}-latest` : 'latest';
  writeFileSync(join(dir, `${latest}.json`), JSON.stringify(result, null, 2));
  writeFileSync(join(dir, `${latest}.md`), markdown);
  process.stdout.write(markdown);
  progress(`written bench/results/${latest}.md and bench/results/${stamp}.json`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
