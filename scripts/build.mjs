// Bundles the extension client, the language server and the CLI with esbuild, and writes the notices
// of the npm packages the bundles hold (dist/THIRD_PARTY_NOTICES.md).
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { thirdPartyNotices } from './third-party-notices.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
};

const results = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
  // spl-detect test's worker threads (server/src/testing/groupPool.ts looks for it beside dist/cli.js).
  build({ ...common, entryPoints: ['server/src/testing/groupWorker.ts'], outfile: 'dist/testWorker.js' }),
]);

writeFileSync('dist/THIRD_PARTY_NOTICES.md', thirdPartyNotices(process.cwd(), results.map((result) => result.metafile)));
