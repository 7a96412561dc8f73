// Where the real .evtx files are found: SPL_EVTX_SAMPLES (a folder that holds none is an error, not a
// fall-through), else ../shared/evtx beside the project; with neither, the help says how to provide them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EVTX_SAMPLES_HELP, EvtxSamplesMissingError, evtxSamplePath, locateEvtxSamples } from '../../scripts/corpus/locate.mjs';

test('SPL_EVTX_SAMPLES names the folder; one without .evtx files is reported, not replaced by ../shared', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-evtx-'));
  try {
    assert.match(locateEvtxSamples({ env: { SPL_EVTX_SAMPLES: dir } }).problem ?? '', /holds no README\.md and \.evtx files/);
    writeFileSync(join(dir, 'README.md'), '# evtx\n');
    copyFileSync(evtxSamplePath('issue_38.evtx'), join(dir, 'issue_38.evtx'));
    assert.deepEqual(locateEvtxSamples({ env: { SPL_EVTX_SAMPLES: dir } }), { dir, origin: 'SPL_EVTX_SAMPLES' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without SPL_EVTX_SAMPLES: ../shared/evtx beside the project, else nothing and the help', () => {
  const root = resolve(__dirname, '../..');
  assert.deepEqual(locateEvtxSamples({ env: {}, root }), { dir: resolve(root, '..', 'shared', 'evtx'), origin: '../shared' });
  const elsewhere = mkdtempSync(join(tmpdir(), 'spl-root-'));
  try {
    assert.deepEqual(locateEvtxSamples({ env: {}, root: join(elsewhere, 'project') }), { problem: undefined });
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
  const error = new EvtxSamplesMissingError();
  assert.equal(error.message, EVTX_SAMPLES_HELP);
  assert.match(EVTX_SAMPLES_HELP, /\.\.\/shared\/evtx/);
  assert.match(EVTX_SAMPLES_HELP, /SPL_EVTX_SAMPLES/);
});
