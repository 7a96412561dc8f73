// Runs every test/**/*.test.ts with Node's built-in test runner (tsx strips the types).
// Node 20's --test takes no globs, so the files are listed here. The tests read the corpus
// and the real .evtx files (scripts/corpus/): when none is found it is fetched first, and without one the run stops at once
// with the paragraph that says how to provide it, instead of failing test by test.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { locateCorpus, locateEvtxSamples } from '../scripts/corpus/locate.mjs';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

function ensureCorpus() {
  if (locateCorpus().dir && locateEvtxSamples().dir) return;
  // fetch.mjs says why it cannot, and the three ways to provide a corpus (or the .evtx files).
  const fetched = spawnSync(process.execPath, ['scripts/corpus/fetch.mjs'], { stdio: 'inherit' });
  if (fetched.status !== 0) process.exit(1);
}

const filter = process.argv.slice(2);
const files = findTests('test').filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
ensureCorpus();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/fastCheckSeed.mjs', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
