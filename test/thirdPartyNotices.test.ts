// dist/THIRD_PARTY_NOTICES.md (written by `npm run build`, shipped in the .vsix) names every npm package
// the bundles hold, with its version and its own licence text. The bundles are made again here, in
// memory, and their inputs read independently of scripts/third-party-notices.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..');
const ENTRIES = ['client/src/extension.ts', 'server/src/lsp/server.ts', 'server/src/cli.ts'];

async function bundledPackages(): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  for (const entry of ENTRIES) {
    const result = await build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', entryPoints: [join(root, entry)], external: ['vscode'], write: false, metafile: true, outfile: 'out.js', logLevel: 'silent', absWorkingDir: root });
    for (const input of Object.keys(result.metafile.inputs)) {
      const match = /^(.*node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*))\//.exec(input);
      if (!match) continue;
      const manifest = JSON.parse(readFileSync(join(root, match[1], 'package.json'), 'utf8')) as { name: string; version: string };
      dirs.set(`${manifest.name} ${manifest.version}`, match[1]);
    }
  }
  return dirs;
}

test('THIRD_PARTY_NOTICES.md holds each bundled package, and only those, with its licence text', async () => {
  const notices = readFileSync(join(root, 'dist/THIRD_PARTY_NOTICES.md'), 'utf8');
  const sections = new Map([...notices.matchAll(/^## (\S+ \S+) \([^)]*\)\n\n````text\n([\s\S]*?)\n````$/gm)].map((m) => [m[1], m[2]]));
  const packages = await bundledPackages();
  assert.deepEqual([...sections.keys()].sort(), [...packages.keys()].sort());
  for (const name of ['yaml 2', 're2js 2', 'mmdb-lib 3', 'vscode-languageserver 10']) assert.ok([...packages.keys()].some((p) => p.startsWith(name)), `${name} is bundled`);
  for (const [name, dir] of packages) {
    const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    assert.ok(file, `${name} has a licence file`);
    assert.equal(sections.get(name), readFileSync(join(root, dir, file!), 'utf8').trim(), `${name}'s notice is its licence file`);
  }
});
