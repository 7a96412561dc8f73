// Where the real .evtx files are found: SPL_EVTX_SAMPLES (a folder that lacks them is an error, not a
// fall-through), else ../shared/evtx beside the project, else the verified fetch of the pin in
// .cache/evtx; with none, the help says how to provide them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVTX_SAMPLES_HELP, EvtxSamplesMissingError, evtxCacheDir, evtxPin, evtxSamplePath, locateEvtxSamples, VERIFIED_MARKER } from '../../scripts/corpus/locate.mjs';

/** A folder holding copies of the pinned files (all, or the first `count`). */
function copies(dir: string, count = evtxPin.samples.length): string {
  mkdirSync(dir, { recursive: true });
  for (const sample of evtxPin.samples.slice(0, count)) copyFileSync(evtxSamplePath(sample.file), join(dir, sample.file));
  return dir;
}

test('SPL_EVTX_SAMPLES names the folder; one that lacks a pinned file is reported by name, not replaced by another copy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-evtx-'));
  try {
    assert.match(locateEvtxSamples({ env: { SPL_EVTX_SAMPLES: dir } }).problem ?? '', /lacks security\.evtx, system\.evtx, issue_39\.evtx/);
    copies(dir, evtxPin.samples.length - 1);
    const last = evtxPin.samples.at(-1)!.file;
    assert.equal(locateEvtxSamples({ env: { SPL_EVTX_SAMPLES: dir } }).problem, `SPL_EVTX_SAMPLES is ${dir}, which lacks ${last}.`);
    copies(dir);
    assert.deepEqual(locateEvtxSamples({ env: { SPL_EVTX_SAMPLES: dir } }), { dir, origin: 'SPL_EVTX_SAMPLES' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without SPL_EVTX_SAMPLES: ../shared/evtx beside the project, then a verified fetch in .cache/evtx, else nothing and the help', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'spl-root-'));
  try {
    const root = join(tmp, 'project');
    mkdirSync(root);
    assert.deepEqual(locateEvtxSamples({ env: {}, root }), { problem: undefined });
    const cache = evtxCacheDir(root);
    const fetched = copies(join(cache, evtxPin.name, evtxPin.folder));
    assert.match(locateEvtxSamples({ env: {}, root }).problem ?? '', /is not a verified fetch of the pinned tag/);
    writeFileSync(join(cache, VERIFIED_MARKER), JSON.stringify({ sha256: { [evtxPin.name]: evtxPin.sha256 } }));
    assert.deepEqual(locateEvtxSamples({ env: {}, root }), { dir: fetched, origin: 'cache' });
    const shared = copies(join(tmp, 'shared', 'evtx'));
    assert.deepEqual(locateEvtxSamples({ env: {}, root }), { dir: shared, origin: '../shared' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const error = new EvtxSamplesMissingError();
  assert.equal(error.message, EVTX_SAMPLES_HELP);
  assert.match(EVTX_SAMPLES_HELP, /\.\.\/shared\/evtx/);
  assert.match(EVTX_SAMPLES_HELP, /SPL_EVTX_SAMPLES/);
  assert.match(EVTX_SAMPLES_HELP, /npm run corpus/);
});
