// Where an engine run spends its time: runs one bench worker with the V8 sampling profiler on (the
// same profiler as `node --cpu-prof`, started after loading) and lists the functions with the most
// self time, with the source module the bundle says each came from.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runWorker } from './engineBench';
import type { WorkerTask } from './worker';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Maps a line of the esbuild bundle to the source module it came from (esbuild marks each with `// path`). */
function bundleModules(bundle: string): (line: number) => string {
  const markers: Array<[number, string]> = [];
  readFileSync(bundle, 'utf8').split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:server|bench|node_modules)\/\S+)$/.exec(text);
    if (m) markers.push([i + 1, m[1].replace(/^node_modules\//, '')]);
  });
  return (line) => {
    let found = '';
    for (const [start, path] of markers) {
      if (start > line) break;
      found = path;
    }
    return found;
  };
}

/** Top functions by self time, as a markdown table. */
export async function profileRun(workerPath: string, task: WorkerTask, top = 15): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'spl-bench-prof-'));
  try {
    const file = join(dir, 'run.cpuprofile');
    await runWorker(workerPath, { ...task, profileTo: file });
    const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
    const moduleAt = bundleModules(workerPath);
    const byFunction = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.endsWith(basename(workerPath)) ? moduleAt(lineNumber + 1) : url ? basename(url) : '';
      const key = `${functionName || '(anonymous)'} ${where}`.trim();
      byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    }
    const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
    const lines = ['| self time | function |', '|---|---|'];
    for (const [name, hits] of rows) lines.push(`| ${((100 * hits) / total).toFixed(1)}% | \`${name}\` |`);
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
