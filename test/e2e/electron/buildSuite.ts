// Bundles suite.ts into one CommonJS file that an extension host can load (vscode stays external:
// the host provides it).
import { build } from 'esbuild';
import { join } from 'node:path';

export async function buildSuite(outfile: string): Promise<string> {
  await build({
    entryPoints: [join(__dirname, 'suite.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
