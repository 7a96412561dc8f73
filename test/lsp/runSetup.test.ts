// Runs through the language server on a workspace of their own, over stdio: splDetect.geoipDatabase
// gives iplocation its database (relative to the workspace folder; without it RUN005 at iplocation),
// and a run's warnings (RUN009, data the CIM mapping does not cover; RUN010, a field no event had)
// are counted in its CodeLens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { RUN_DETECTION_REQUEST, type RunDetectionResult } from '../../server/src/lsp/protocol';
import { TEST_GEOIP_NETWORKS, writeMmdb } from '../support/mmdbWriter';
import { LSP_TEST, LspSession } from './harness';

const SEARCH = 'user=* | iplocation src | stats values(Country) as countries by user';
let workspace: string;
let session: LspSession;
let detection: string;
let log: string;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-geoip-'));
  mkdirSync(join(workspace, 'detections'));
  mkdirSync(join(workspace, 'geo'));
  writeFileSync(join(workspace, 'geo/GeoLite2-City.mmdb'), writeMmdb(TEST_GEOIP_NETWORKS));
  log = join(workspace, 'logins.json');
  writeFileSync(log, `${JSON.stringify({ user: 'ann', src: '81.2.69.142' })}\n${JSON.stringify({ user: 'ann', src: '2001:218::5' })}\n`);
  detection = join(workspace, 'detections/logins.yml');
  writeFileSync(detection, `name: Logins\nsearch: '${SEARCH}'\n`);
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 }, { settings: { splDetect: { geoipDatabase: 'geo/GeoLite2-City.mmdb' } } });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

test('the run reads the GeoIP database splDetect.geoipDatabase names; without it, RUN005 at iplocation', LSP_TEST, async () => {
  const uri = await session.open(detection);
  const located = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, logPath: log });
  assert.equal(located.ok, true, JSON.stringify(located.problems));
  assert.deepEqual(located.results.map((r) => [r.fields.user, r.fields.countries, r.events]), [['ann', ['Japan', 'United Kingdom'], [1, 2]]]);

  await session.changeSettings({ splDetect: {} });
  const refused = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, logPath: log });
  assert.equal(refused.ok, false);
  assert.deepEqual(refused.problems.map((p) => [p.code, p.range.start.line, p.range.start.character]), [['RUN005', 1, "search: '".length + SEARCH.indexOf('iplocation')]]);
  assert.match(refused.problems[0].message, /splDetect\.geoipDatabase/);
});

test('a tstats run over data the CIM mapping does not cover: RUN009 at datamodel=, counted in the CodeLens', LSP_TEST, async () => {
  const path = join(workspace, 'detections/unmapped.yml');
  const search = '| tstats count from datamodel=Authentication by Authentication.user';
  writeFileSync(path, `name: Unmapped\nsearch: '${search}'\n`);
  const uri = await session.open(path);
  const run = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, logPath: log });
  assert.equal(run.ok, true);
  assert.deepEqual(run.results, []);
  assert.deepEqual(run.problems.map((p) => [p.code, p.severity, p.range.start.line, p.range.start.character]), [['RUN009', 'warning', 1, "search: '".length + search.indexOf('datamodel=')]]);
  assert.match(run.problems[0].message, /puts data with no sourcetype or source \(the detection's tests name none; the CLI takes --sourcetype\/--source\) in it/);
  const lenses = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lenses[1].command?.title ?? '', /^0 results from 2 events, \d+\.\d\d s, ⚠ 1 warning$/);
});

test('a search that reads a field none of its events had: RUN010 at the field, naming the nearest ones, counted in the CodeLens', LSP_TEST, async () => {
  const path = join(workspace, 'detections/misspelt.yml');
  const search = 'user=* | stats count by usr';
  writeFileSync(path, `name: Misspelt\nsearch: '${search}'\n`);
  const uri = await session.open(path);
  const run = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, trusted: true, logPath: log });
  assert.equal(run.ok, true);
  assert.deepEqual(run.results, []);
  assert.deepEqual(run.problems.map((p) => [p.code, p.severity, p.range.start.line, p.range.start.character]), [['RUN010', 'warning', 1, "search: '".length + search.indexOf('usr')]]);
  assert.match(run.problems[0].message, /^the search reads usr, but none of the events it was read on had it; nearest fields they had: user, src \(/);
  const lenses = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lenses[1].command?.title ?? '', /^0 results from 2 events, \d+\.\d\d s, ⚠ 1 warning$/);
});
