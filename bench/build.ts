// Bundles the bench worker like the shipped CLI (esbuild, CommonJS, node20), so engine figures and
// peak RSS are those of production code and not of a TypeScript loader.
import { build } from 'esbuild';
import { join } from 'node:path';

export async function buildWorker(repoRoot: string): Promise<string> {
  const outfile = join(repoRoot, 'dist/bench/worker.js');
  await build({
    entryPoints: [join(repoRoot, 'bench/worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  });
  return outfile;
}
