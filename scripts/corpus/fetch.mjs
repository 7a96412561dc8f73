// `npm run corpus`: fetches exactly the pinned sources of pins.json into .cache/corpus/ with git
// (a shallow fetch of the one commit, a sparse checkout of the pinned paths), verifies the commit and
// the content digest, and only then moves the result into place: an interrupted or failed fetch
// leaves nothing that counts as a corpus.
//
//   node scripts/corpus/fetch.mjs [--cache DIR] [--force]
//
// Without --force, a corpus that is already found (SPL_CORPUS, ../shared/corpus, a verified cache) is
// used as it is: `npm test` runs this first, so a clone without a corpus gets one before its tests.
//
// The source of each pin can be overridden, which is how the tests exercise this path against local
// bare repositories (the machines that run them reach no code host):
//   SPL_CORPUS_SECURITY_CONTENT_URL / _COMMIT, SPL_CORPUS_CIM_URL / _COMMIT, SPL_CORPUS_EVTX_URL / _REF / _COMMIT.
//
// The real .evtx files (the `evtx` pin: a tag of python-evtx, its test data) go to .cache/evtx/ the same
// way when none are found (SPL_EVTX_SAMPLES, ../shared/evtx).
// The content digest cannot be overridden: whatever the source, the files must be the pinned ones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_HELP, EVTX_SAMPLES_HELP, VERIFIED_MARKER, cacheDir, contentDigest, evtxCacheDir, evtxPin, isVerifiedCache, locateCorpus, locateEvtxSamples, pins } from './locate.mjs';

class FetchError extends Error {}

/**
 * One pin with its environment overrides applied. A pin names a full commit id, or a tag (`ref`) and
 * the beginning of the commit it must resolve to; either way the content digest decides.
 */
export function sourceOf(pin, env = process.env) {
  const url = env[`${pin.env}_URL`] || pin.url;
  const commit = env[`${pin.env}_COMMIT`] || pin.commit;
  const ref = pin.ref === undefined ? undefined : env[`${pin.env}_REF`] || pin.ref;
  if (ref === undefined && !/^[0-9a-f]{40}$/.test(commit)) throw new FetchError(`${pin.env}_COMMIT must be a full 40-character commit id, not ${JSON.stringify(commit)}`);
  if (ref !== undefined && !/^[0-9a-f]{7,40}$/.test(commit)) throw new FetchError(`${pin.env}_COMMIT must be a commit id (7 to 40 hex digits), not ${JSON.stringify(commit)}`);
  if (ref !== undefined && !/^refs\/tags\/[\w.-]+$/.test(ref)) throw new FetchError(`${pin.env}_REF must be a tag (refs/tags/NAME), not ${JSON.stringify(ref)}`);
  if (!/^(https:\/\/|file:\/\/)/.test(url)) throw new FetchError(`${pin.env}_URL must be an https:// or file:// URL, not ${JSON.stringify(url)}`);
  return { ...pin, url, commit, ...(ref !== undefined ? { ref } : {}) };
}

function git(args, { cwd, progress }) {
  const result = spawnSync('git', ['-c', 'advice.detachedHead=false', '-c', 'http.lowSpeedLimit=1000', '-c', 'http.lowSpeedTime=60', ...args], {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    stdio: ['ignore', 'pipe', progress ? 'inherit' : 'pipe'],
    encoding: 'utf8',
  });
  if (result.error) throw new FetchError(result.error.code === 'ENOENT' ? 'git is not installed (the corpus is fetched with git)' : result.error.message);
  if (result.status !== 0) {
    const lines = (result.stderr ?? '').trim().split('\n').filter((line) => line && !line.startsWith('warning: filtering not recognized'));
    throw new FetchError(`git ${args[0]} failed${lines.length ? `: ${lines.slice(-2).join(' / ')}` : ''}`);
  }
  return result.stdout.trim();
}

/** Fetches one source into `dir` (created) and checks it against its pin; returns the file count. */
function fetchSource(source, dir, log, progress) {
  log(`${source.name}: fetching ${source.ref ?? source.commit.slice(0, 12)} from ${source.url}`);
  mkdirSync(dir, { recursive: true });
  git(['init', '-q'], { cwd: dir });
  git(['config', 'core.sparseCheckout', 'true'], { cwd: dir });
  writeFileSync(join(dir, '.git/info/sparse-checkout'), source.paths.map((path) => `/${path}\n`).join(''));
  // A blob filter keeps the fetch to the pinned paths on hosts that support it; local repositories ignore it.
  const filter = source.url.startsWith('https://') ? ['--filter=blob:none'] : [];
  git(['fetch', '--depth', '1', ...filter, progress ? '--progress' : '-q', source.url, source.ref ?? source.commit], { cwd: dir, progress });
  const fetched = git(['rev-parse', 'FETCH_HEAD^{commit}'], { cwd: dir });
  if (!fetched.startsWith(source.commit)) throw new FetchError(`${source.name}: asked for commit ${source.commit}${source.ref ? ` (${source.ref})` : ''}, the server gave ${fetched}`);
  git(['checkout', '-q', fetched], { cwd: dir, progress });
  rmSync(join(dir, '.git'), { recursive: true, force: true });
  const missing = source.paths.filter((path) => !existsSync(join(dir, path)));
  if (missing.length > 0) throw new FetchError(`${source.name}: commit ${source.commit} has no ${missing.join(', ')}`);
  const { sha256, files } = contentDigest(dir, source.paths);
  if (sha256 !== source.sha256) {
    throw new FetchError(`${source.name}: the content of commit ${source.commit} (${files} files) does not match the pinned digest (sha256 ${sha256}, pinned ${source.sha256}); nothing was kept`);
  }
  log(`${source.name}: ${files} files verified (sha256 ${sha256.slice(0, 16)}...)`);
  return files;
}

/**
 * Fills `cache` with the verified sources of `pinned` (default: the corpus). The work happens in a
 * sibling folder that is renamed into place last, so a concurrent or interrupted fetch never leaves a
 * half-written corpus behind.
 */
export function fetchCorpus({ cache = cacheDir(), env = process.env, log = (line) => process.stderr.write(`${line}\n`), progress = process.stderr.isTTY === true, pinned = pins.sources } = {}) {
  const sources = pinned.map((pin) => sourceOf(pin, env));
  const partial = `${cache}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    const sha256 = {};
    for (const source of sources) {
      fetchSource(source, join(partial, source.name), log, progress);
      sha256[source.name] = source.sha256;
    }
    writeFileSync(join(partial, VERIFIED_MARKER), `${JSON.stringify({ sha256, commits: Object.fromEntries(sources.map((s) => [s.name, s.commit])) }, null, 2)}\n`);
    mkdirSync(dirname(cache), { recursive: true });
    if (existsSync(cache)) {
      if (isVerifiedCache(cache, pinned)) return cache; // another process finished first
      rmSync(cache, { recursive: true, force: true });
    }
    renameSync(partial, cache);
    return cache;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

function ensureCorpus(values) {
  const cache = values.cache ? resolve(values.cache) : cacheDir();
  if (!values.force) {
    const found = values.cache ? (isVerifiedCache(cache) ? { dir: cache, origin: 'cache' } : {}) : locateCorpus();
    if (!values.cache && process.env.SPL_CORPUS && !found.dir) {
      process.stderr.write(`${CORPUS_HELP}\n${found.problem}\n`);
      return 1;
    }
    if (found.dir) {
      process.stderr.write(`corpus: using ${found.dir} (${found.origin}); nothing to fetch (--force fetches into the cache anyway)\n`);
      return 0;
    }
  }
  return fetchOrExplain(() => fetchCorpus({ cache }), CORPUS_HELP);
}

function ensureEvtxSamples(values) {
  if (!values.force) {
    const found = locateEvtxSamples();
    if (process.env.SPL_EVTX_SAMPLES && !found.dir) {
      process.stderr.write(`${EVTX_SAMPLES_HELP}\n${found.problem}\n`);
      return 1;
    }
    if (found.dir) return 0;
  }
  return fetchOrExplain(() => fetchCorpus({ cache: evtxCacheDir(), pinned: [evtxPin] }), EVTX_SAMPLES_HELP);
}

function fetchOrExplain(fetch, help) {
  try {
    const dir = fetch();
    process.stderr.write(`corpus: ready in ${dir}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    process.stderr.write(`corpus: ${error.message}\n\n${help}\n`);
    return 1;
  }
}

function main() {
  const { values } = parseArgs({ options: { cache: { type: 'string' }, force: { type: 'boolean', default: false } } });
  return ensureCorpus(values) || ensureEvtxSamples(values);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) process.exit(main());
