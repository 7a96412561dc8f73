// `npm run corpus` and the test runner on a clone without a corpus, against local bare repositories
// built here from the corpus itself (these machines reach no code host): the pinned commit is
// fetched and verified, a wrong commit or an unreachable source leaves nothing behind, and without
// a corpus `npm test` stops at once with the paragraph that says how to provide one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fetchCorpus, sourceOf } from '../../scripts/corpus/fetch.mjs';
import { CORPUS_HELP, corpusPath, evtxCacheDir, evtxPin, evtxSamplePath, locateCorpus, locateEvtxSamples, pins, VERIFIED_MARKER } from '../../scripts/corpus/locate.mjs';
import { walkFiles } from '../../server/src/workspace/discover';

const root = resolve(__dirname, '../..');
const TIMEOUT = { timeout: 180_000 };
let tmp: string;
/** Per source: the bare repository's URL, the commit holding the pinned content, a later commit that changes it (tagged `changed` in the evtx repository). */
const repos = new Map<string, { url: string; pinned: string; changed: string }>();

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' },
  });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'spl-corpus-'));
  for (const pin of pins.sources) {
    const work = join(tmp, `work-${pin.name}`);
    for (const path of pin.paths) cpSync(corpusPath(pin.name, path), join(work, path), { recursive: true });
    cpSync(join(root, 'README.md'), join(work, 'NOT_PINNED.md')); // the sparse checkout leaves it out
    git(work, 'init', '-q');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'pinned content');
    const pinned = git(work, 'rev-parse', 'HEAD');
    appendFileSync(join(work, 'LICENSE'), '\nchanged later\n');
    git(work, 'commit', '-qam', 'later change');
    const changed = git(work, 'rev-parse', 'HEAD');
    git(tmp, 'clone', '-q', '--bare', work, `${pin.name}.git`);
    repos.set(pin.name, { url: `file://${join(tmp, `${pin.name}.git`)}`, pinned, changed });
  }
  // The .evtx files: the pinned paths of python-evtx at a tag, and a later tag whose content differs.
  const work = join(tmp, 'work-evtx');
  for (const sample of evtxPin.samples) cpSync(evtxSamplePath(sample.file), join(work, evtxPin.folder, sample.file));
  cpSync(join(root, 'README.md'), join(work, 'NOT_PINNED.md'));
  git(work, 'init', '-q');
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'pinned content');
  git(work, 'tag', evtxPin.ref.replace('refs/tags/', ''));
  const pinned = git(work, 'rev-parse', 'HEAD');
  appendFileSync(join(work, evtxPin.paths[0]), 'changed later');
  git(work, 'commit', '-qam', 'later change');
  git(work, 'tag', 'changed');
  git(tmp, 'clone', '-q', '--bare', work, 'evtx.git');
  repos.set('evtx', { url: `file://${join(tmp, 'evtx.git')}`, pinned, changed: git(work, 'rev-parse', 'HEAD') });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment that points every pin at the local repositories (commit: which of the two). */
function sourceEnv(commit: 'pinned' | 'changed', url?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pin of pins.sources) {
    const repo = repos.get(pin.name)!;
    env[`${pin.env}_URL`] = url ?? repo.url;
    env[`${pin.env}_COMMIT`] = repo[commit];
  }
  const evtx = repos.get('evtx')!;
  env[`${evtxPin.env}_URL`] = url ?? evtx.url;
  env[`${evtxPin.env}_REF`] = commit === 'pinned' ? evtxPin.ref : 'refs/tags/changed';
  env[`${evtxPin.env}_COMMIT`] = evtx[commit].slice(0, 7);
  return env;
}

function withoutCorpusEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.SPL_CORPUS;
  delete env.SPL_EVTX_SAMPLES;
  delete env.NODE_TEST_CONTEXT; // the runner under test reports as a top-level run, not to this one
  return env;
}

test('the pinned commit is fetched, verified and found as the cache of a project with no other corpus', TIMEOUT, () => {
  const project = join(tmp, 'fresh/project');
  mkdirSync(project, { recursive: true });
  assert.equal(locateCorpus({ env: {}, root: project }).dir, undefined, 'nothing beside the project yet');
  const cache = fetchCorpus({ cache: join(project, '.cache/corpus'), env: sourceEnv('pinned'), log: () => undefined, progress: false });
  assert.ok(existsSync(join(cache, VERIFIED_MARKER)));
  assert.deepEqual(readdirSync(join(project, '.cache')), ['corpus'], 'no partial folder left');
  assert.deepEqual(readdirSync(join(cache, 'security_content')).sort(), [...pins.sources[0].paths].sort(), 'exactly the pinned paths');
  const found = locateCorpus({ env: {}, root: project });
  assert.deepEqual(found, { dir: cache, origin: 'cache' });
  const detections = walkFiles([join(cache, 'security_content/detections')], (path) => path.endsWith('.yml')).files;
  assert.equal(detections.length, 1711);
});

test('content that is not the pinned content is refused and leaves no corpus', TIMEOUT, () => {
  const project = join(tmp, 'changed/project');
  mkdirSync(project, { recursive: true });
  assert.throws(
    () => fetchCorpus({ cache: join(project, '.cache/corpus'), env: sourceEnv('changed'), log: () => undefined, progress: false }),
    /does not match the pinned digest/,
  );
  assert.deepEqual(existsSync(join(project, '.cache')) ? readdirSync(join(project, '.cache')) : [], []);
  assert.equal(locateCorpus({ env: {}, root: project }).dir, undefined);
});

test('sources must be https or file URLs and full commit ids', () => {
  const pin = pins.sources[0];
  assert.throws(() => sourceOf(pin, { [`${pin.env}_URL`]: 'http://example.invalid/x.git' }), /https:\/\/ or file:\/\//);
  assert.throws(() => sourceOf(pin, { [`${pin.env}_COMMIT`]: 'b13b314' }), /full 40-character commit id/);
  assert.equal(sourceOf(pin, {}).commit, pin.commit);
  assert.throws(() => sourceOf(evtxPin, { [`${evtxPin.env}_REF`]: 'main' }), /must be a tag/);
  assert.throws(() => sourceOf(evtxPin, { [`${evtxPin.env}_COMMIT`]: '95352' }), /7 to 40 hex digits/);
  assert.equal(sourceOf(evtxPin, {}).ref, 'refs/tags/v0.8.0');
});

test('the pinned tag of the .evtx files is fetched, its commit and content checked, and found as their cache', TIMEOUT, () => {
  const project = join(tmp, 'evtx/project');
  mkdirSync(project, { recursive: true });
  assert.equal(locateEvtxSamples({ env: {}, root: project }).dir, undefined, 'nothing beside the project yet');
  const cache = fetchCorpus({ cache: evtxCacheDir(project), env: sourceEnv('pinned'), log: () => undefined, progress: false, pinned: [evtxPin] });
  const found = locateEvtxSamples({ env: {}, root: project });
  assert.deepEqual(found, { dir: join(cache, 'evtx', evtxPin.folder), origin: 'cache' });
  assert.deepEqual(readdirSync(found.dir!).sort(), evtxPin.samples.map((s) => s.file).sort(), 'exactly the pinned files');
  for (const sample of evtxPin.samples) assert.equal(createHash('md5').update(readFileSync(join(found.dir!, sample.file))).digest('hex'), sample.md5, sample.file);
});

test('a tag that resolves to another commit, or to other content, is refused and leaves no .evtx files', TIMEOUT, () => {
  const project = join(tmp, 'evtx-wrong/project');
  mkdirSync(project, { recursive: true });
  const fetch = (env: Record<string, string>) => fetchCorpus({ cache: evtxCacheDir(project), env, log: () => undefined, progress: false, pinned: [evtxPin] });
  assert.throws(() => fetch({ ...sourceEnv('pinned'), [`${evtxPin.env}_COMMIT`]: 'abcdef0' }), /asked for commit abcdef0 \(refs\/tags\/v0\.8\.0\), the server gave [0-9a-f]{40}/);
  assert.throws(() => fetch(sourceEnv('changed')), /does not match the pinned digest/);
  assert.equal(existsSync(evtxCacheDir(project)), false);
  assert.equal(locateEvtxSamples({ env: {}, root: project }).dir, undefined);
});

/** A test that reads the corpus, for the skeleton. */
const PROBE_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { corpusPath, locateCorpus } from '../scripts/corpus/locate.mjs';

test('the corpus comes from the cache', () => {
  assert.equal(locateCorpus().origin, 'cache');
  assert.equal(readdirSync(corpusPath('security_content', 'macros')).length, 189);
});
`;

/** A project skeleton with what test/run.mjs needs before the tests: the runner, the corpus module, one test. */
function skeleton(name: string): string {
  const project = join(tmp, name, 'project');
  for (const path of ['test/run.mjs', 'test/support/fastCheckSeed.mjs', 'scripts/corpus']) cpSync(join(root, path), join(project, path), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
  writeFileSync(join(project, 'test/probe.test.ts'), PROBE_TEST);
  return project;
}

function runTests(project: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['test/run.mjs'], { cwd: project, encoding: 'utf8', env: withoutCorpusEnv(env) });
}

test('npm test without a corpus and without a reachable source stops at once with the paragraph', TIMEOUT, () => {
  const project = skeleton('offline');
  const result = runTests(project, sourceEnv('pinned', `file://${join(tmp, 'no-such-repository.git')}`));
  assert.equal(result.status, 1);
  assert.ok(result.stderr.includes(CORPUS_HELP), result.stderr);
  assert.doesNotMatch(result.stdout, /probe/, 'no test ran');
  assert.equal(existsSync(join(project, '.cache/corpus')), false);
});

test('npm test without a corpus fetches it first, then runs the tests on it', TIMEOUT, () => {
  const project = skeleton('online');
  const result = runTests(project, sourceEnv('pinned'));
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /✔ the corpus comes from the cache/);
  assert.match(result.stderr, /security_content: 2507 files verified/);
  assert.match(result.stderr, /evtx: 6 files verified/);
  assert.equal(locateEvtxSamples({ env: {}, root: project }).origin, 'cache');
  const again = runTests(project, sourceEnv('pinned', `file://${join(tmp, 'no-such-repository.git')}`));
  assert.equal(again.status, 0, 'a verified cache is used without fetching again');
  assert.doesNotMatch(again.stderr, /fetching/);
});
