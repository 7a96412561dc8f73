// The one place that knows where the corpus is (Splunk's security_content and the CIM 8.5 field
// reference, pinned in pins.json) and where the real .evtx files are (pinned there too): tests, the
// bench and the generator scripts ask this module and name no path into them themselves. Plain Node (no dependencies) so that scripts run it before
// `npm ci` and tests import it through tsx.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const pins = JSON.parse(readFileSync(join(projectRoot, 'scripts/corpus/pins.json'), 'utf8'));

/** The file a verified fetch leaves in the cache: the digests it checked. */
export const VERIFIED_MARKER = '.verified.json';

export const CORPUS_HELP = [
  'The tests, the bench and the generator scripts read a corpus: Splunk\'s security_content and the CIM 8.5',
  'field reference, pinned to exact commits in scripts/corpus/pins.json. None was found. Provide it in one',
  'of three ways: (1) set SPL_CORPUS to a folder holding security_content/ and cim/; (2) put that folder at',
  '../shared/corpus beside this project (what CI has); (3) run `npm run corpus` with network access to',
  'GitHub: it fetches the pinned commits into .cache/corpus/ and verifies them before they are used',
  '(`npm test` tries this by itself when no corpus is found).',
].join('\n');

export class CorpusMissingError extends Error {
  constructor(detail) {
    super(detail ? `${CORPUS_HELP}\n${detail}` : CORPUS_HELP);
    this.name = 'CorpusMissingError';
  }
}

/** The project's cache folder for a fetched corpus (git-ignored). */
export function cacheDir(root = projectRoot) {
  return join(root, '.cache', 'corpus');
}

function holdsCorpus(dir, sources = pins.sources) {
  return sources.every((source) => isDirectory(join(dir, source.name)));
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when `dir` holds a fetch of `sources` whose recorded digests are the pinned ones. */
export function isVerifiedCache(dir, sources = pins.sources) {
  try {
    const marker = JSON.parse(readFileSync(join(dir, VERIFIED_MARKER), 'utf8'));
    return holdsCorpus(dir, sources) && sources.every((source) => marker.sha256?.[source.name] === source.sha256);
  } catch {
    return false;
  }
}

/**
 * Where the corpus is: `SPL_CORPUS`, then `../shared/corpus` beside the project, then the verified
 * cache. `undefined` with the reason when there is none; a SPL_CORPUS that names no corpus is an
 * error rather than a fall-through, so that a typo is not silently replaced by another copy.
 */
export function locateCorpus({ env = process.env, root = projectRoot } = {}) {
  if (env.SPL_CORPUS) {
    const dir = resolve(env.SPL_CORPUS);
    if (holdsCorpus(dir)) return { dir, origin: 'SPL_CORPUS' };
    return { problem: `SPL_CORPUS is ${env.SPL_CORPUS}, which holds no ${pins.sources.map((s) => `${s.name}/`).join(' and ')}.` };
  }
  const shared = resolve(root, '..', 'shared', 'corpus');
  if (holdsCorpus(shared)) return { dir: shared, origin: '../shared' };
  const cache = cacheDir(root);
  if (isVerifiedCache(cache)) return { dir: cache, origin: 'cache' };
  if (existsSync(cache)) return { problem: `${cache} exists but is not a verified fetch of the pinned commits: run \`npm run corpus\` again.` };
  return { problem: undefined };
}

/** A path inside the corpus, e.g. `corpusPath('security_content', 'detections')`; throws CorpusMissingError. */
export function corpusPath(...segments) {
  const found = locateCorpus();
  if (!found.dir) throw new CorpusMissingError(found.problem);
  return join(found.dir, ...segments);
}

/**
 * The content digest of `paths` (files or folders) under `dir`: sha256 over every regular file in
 * path order, each as its posix path, a NUL, the sha256 of its bytes and a newline. Independent of
 * how the files arrived (git checkout, copy, archive), so a fetch is checked against the pin.
 */
export function contentDigest(dir, paths) {
  const files = [];
  const walk = (relative) => {
    const full = join(dir, relative);
    const stats = statSync(full);
    if (stats.isDirectory()) for (const name of readdirSync(full)) walk(`${relative}/${name}`);
    else if (stats.isFile()) files.push(relative);
  };
  for (const path of paths) walk(path);
  files.sort();
  const digest = createHash('sha256');
  for (const file of files) {
    digest.update(`${file}\0${createHash('sha256').update(readFileSync(join(dir, file))).digest('hex')}\n`);
  }
  return { sha256: digest.digest('hex'), files: files.length };
}

/** The pin of the real .evtx files, its paths in the pinned repository derived from its table of samples. */
export const evtxPin = { ...pins.evtx, paths: pins.evtx.samples.map((sample) => `${pins.evtx.folder}/${sample.file}`) };

export const EVTX_SAMPLES_HELP = [
  'The EVTX reader\'s tests and the bench read real .evtx files (the six files of',
  'github.com/williballenthin/python-evtx v0.8.0, tests/data/, pinned in scripts/corpus/pins.json with their',
  'md5s and event counts). None was found. Put them at ../shared/evtx beside this project (what CI has), set',
  'SPL_EVTX_SAMPLES to a folder holding them, or run `npm run corpus` with network access to GitHub: it',
  'fetches the pinned tag into .cache/evtx/ and verifies it (`npm test` tries this by itself).',
].join('\n');

export class EvtxSamplesMissingError extends Error {
  constructor(detail) {
    super(detail ? `${EVTX_SAMPLES_HELP}\n${detail}` : EVTX_SAMPLES_HELP);
    this.name = 'EvtxSamplesMissingError';
  }
}

/** The files of the pin that `dir` lacks (all of them when it is no folder). */
function missingEvtxSamples(dir) {
  return evtxPin.samples.map((sample) => sample.file).filter((file) => !existsSync(join(dir, file)));
}

/** The project's cache folder for fetched .evtx files (git-ignored); the files are under its `evtx/tests/data`. */
export function evtxCacheDir(root = projectRoot) {
  return join(root, '.cache', 'evtx');
}

/**
 * Where the real .evtx files are: `SPL_EVTX_SAMPLES`, then `../shared/evtx` beside the project, then
 * the verified cache. `undefined` with the reason when there are none (a SPL_EVTX_SAMPLES that lacks
 * them is an error, as for SPL_CORPUS).
 */
export function locateEvtxSamples({ env = process.env, root = projectRoot } = {}) {
  if (env.SPL_EVTX_SAMPLES) {
    const dir = resolve(env.SPL_EVTX_SAMPLES);
    const missing = missingEvtxSamples(dir);
    if (missing.length === 0) return { dir, origin: 'SPL_EVTX_SAMPLES' };
    return { problem: `SPL_EVTX_SAMPLES is ${env.SPL_EVTX_SAMPLES}, which lacks ${missing.join(', ')}.` };
  }
  const shared = resolve(root, '..', 'shared', 'evtx');
  if (missingEvtxSamples(shared).length === 0) return { dir: shared, origin: '../shared' };
  const cache = evtxCacheDir(root);
  if (isVerifiedCache(cache, [evtxPin])) return { dir: join(cache, evtxPin.name, evtxPin.folder), origin: 'cache' };
  if (existsSync(cache)) return { problem: `${cache} exists but is not a verified fetch of the pinned tag: run \`npm run corpus\` again.` };
  return { problem: undefined };
}

/** A path among the real .evtx files, e.g. `evtxSamplePath('security.evtx')`; throws EvtxSamplesMissingError. */
export function evtxSamplePath(...segments) {
  const found = locateEvtxSamples();
  if (!found.dir) throw new EvtxSamplesMissingError(found.problem);
  return join(found.dir, ...segments);
}
