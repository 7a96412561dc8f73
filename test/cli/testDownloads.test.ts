// `spl-detect test` fetching attack data on demand, end to end through bin/spl-detect.js, against a
// real HTTP server on 127.0.0.1 (test/support/attackDataServer.ts) serving the samples' Sysmon log:
// the data is downloaded once per URL into the cache named by --cache, the tests that share it are
// run over one read of it, a failing test says which clause matched nothing, --junit writes what CI
// shows; --offline, a local attack_data checkout and a 404 each give their own line.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCliAsync } from '../../server/src/cli';
import { LFS_POINTER, startAttackDataServer, type AttackDataServer } from '../support/attackDataServer';

const root = resolve(__dirname, '../..');
const log = readFileSync(join(root, 'samples/logs/msiexec_sysmon.log'));
const REAL_URL = 'https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log';
const DATA_PATH = 'attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log';
const work = mkdtempSync(join(tmpdir(), 'spl-test-downloads-'));
let server: AttackDataServer;

before(async () => {
  server = await startAttackDataServer({ [DATA_PATH]: log, 'other/copy.log': log });
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** The samples' two msiexec detections with their data URL on the loopback server, and one that finds nothing. */
function workspace(): string {
  const dir = mkdtempSync(join(work, 'ws-'));
  cpSync(join(root, 'samples/macros'), join(dir, 'macros'), { recursive: true });
  mkdirSync(join(dir, 'detections/endpoint'), { recursive: true });
  for (const name of readdirSync(join(root, 'samples/detections/endpoint'))) {
    const text = readFileSync(join(root, 'samples/detections/endpoint', name), 'utf8');
    writeFileSync(join(dir, 'detections/endpoint', name), text.replace(REAL_URL, server.url(DATA_PATH)));
  }
  const finds = readFileSync(join(root, 'samples/detections/endpoint/windows_msiexec_dllregisterserver.yml'), 'utf8');
  writeFileSync(
    join(dir, 'detections/endpoint/finds_nothing.yml'),
    finds.replace(/^name: .*$/m, 'name: Finds Nothing').replace(/^search: .*$/m, "search: '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=notepad.exe by Processes.dest'").replace(REAL_URL, server.url('other/copy.log')),
  );
  return dir;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, SPL_DETECT_OFFLINE: '', ...env } }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('data is downloaded once per URL into the cache, shared by the tests that use it; the second run reads the cache; JUnit XML written', async () => {
  const ws = workspace();
  const cache = join(ws, '.cache-dir');
  const before = server.requests.length;
  const first = await cli(['test', 'detections', '--cache', cache, '--junit', 'results.xml'], ws);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  const cached = (name: string) => readdirSync(cache).find((f) => f.endsWith(name))!;
  const lines = first.stdout.split('\n');
  assert.deepEqual(lines, [
    `fail    detections/endpoint/finds_nothing.yml [True Positive Test]: no results on .cache-dir/${cached('-copy.log')}: \`Processes.process_name=notepad.exe\` matched none of 9 events (detections/endpoint/finds_nothing.yml:13:65)`,
    `pass    detections/endpoint/windows_msiexec_dllregisterserver.yml [True Positive Test]: 3 results on .cache-dir/${cached('-windows-sysmon.log')}`,
    `pass    detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml [True Positive Test]: 2 results on .cache-dir/${cached('-windows-sysmon.log')}`,
    '2 passed, 1 failed',
    '',
  ]);
  assert.match(first.stderr, /^downloading \[1\/2\] copy\.log\ndownloaded  \[1\/2\] copy\.log \(19 KiB in \d+s\)\ndownloading \[2\/2\] windows-sysmon\.log\ndownloaded  \[2\/2\] windows-sysmon\.log \(19 KiB in \d+s\)\n$/);
  assert.equal(server.requests.length - before, 2, 'each URL once, though two tests use the Sysmon log');
  assert.deepEqual(readFileSync(join(cache, cached('-windows-sysmon.log'))), log);
  const xml = readFileSync(join(ws, 'results.xml'), 'utf8');
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="spl-detect test" tests="3" failures="1" skipped="0" time="[\d.]+">/);
  assert.match(xml, /<testsuite name="detections\/endpoint\/finds_nothing\.yml" tests="1" failures="1" skipped="0" time="[\d.]+">\n    <testcase classname="detections\/endpoint\/finds_nothing\.yml" name="True Positive Test" time="[\d.]+">\n      <failure message="no results on [^"]*: `Processes\.process_name=notepad\.exe` matched none of 9 events/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
  const again = await cli(['test', 'detections', '--cache', cache], ws);
  assert.equal(again.stdout, first.stdout);
  assert.equal(again.stderr, '');
  assert.equal(server.requests.length - before, 2, 'the second run reads the cache');
});

test('--offline with an empty cache: the tests are skipped naming the file, no request is made', async () => {
  const ws = workspace();
  const before = server.requests.length;
  const result = await cli(['test', 'detections/endpoint/windows_msiexec_dllregisterserver.yml', '--cache', join(ws, 'empty'), '--offline'], ws);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.split('\n'), [
    'skipped detections/endpoint/windows_msiexec_dllregisterserver.yml [True Positive Test]: no local sample for windows-sysmon.log (not in attack_data_map.json, no file of that name under ., not in the attack data cache; offline: not downloaded)',
    '0 passed, 0 failed, 1 skipped',
    '',
  ]);
  assert.equal(server.requests.length, before);
  assert.equal(existsSync(join(ws, 'empty')), false, 'an offline run creates no cache');
});

test('--attack-data DIR: the URL\'s datasets/ path in a local checkout is read, nothing downloaded', async () => {
  const ws = workspace();
  // Outside the workspace: inside, the samples folder's look-up by file name would find it first.
  const checkout = mkdtempSync(join(work, 'attack_data-'));
  mkdirSync(join(checkout, 'datasets/attack_techniques/T1218.007/atomic_red_team'), { recursive: true });
  writeFileSync(join(checkout, 'datasets', DATA_PATH), log);
  const before = server.requests.length;
  const result = await cli(['test', 'detections/endpoint/windows_msiexec_dllregisterserver.yml', '--attack-data', checkout, '--cache', join(ws, 'c')], ws);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stdout.split('\n')[0], `pass    detections/endpoint/windows_msiexec_dllregisterserver.yml [True Positive Test]: 3 results on ${join(checkout, "datasets", DATA_PATH)}`);
  assert.equal(server.requests.length, before);
});

test('a URL that answers 404 fails its test with the status; other tests still run; exit 1', async () => {
  const ws = workspace();
  const file = join(ws, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(server.url(DATA_PATH), `${server.base}/bad/missing/windows-sysmon.log`));
  const result = await cli(['test', 'detections', '--cache', join(ws, 'c')], ws);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /\nfail    detections\/endpoint\/windows_msiexec_dllregisterserver\.yml \[True Positive Test\]: a sample cannot be read: cannot download http:\/\/127\.0\.0\.1:\d+\/bad\/missing\/windows-sysmon\.log: HTTP 404\n/);
  assert.match(result.stdout, /\npass    detections\/endpoint\/windows_msiexec_unregister_dllregisterserver\.yml/);
  assert.match(result.stderr, /failed      \[\d\/\d\] windows-sysmon\.log: cannot download .*: HTTP 404\n/);
});

test('on a terminal the download is drawn as one bar redrawn in place (percent, bytes, rate, time left), then the runs\' bar', async () => {
  const ws = workspace();
  let stderr = '';
  let stdout = '';
  const code = await runCliAsync(['test', 'detections/endpoint/windows_msiexec_dllregisterserver.yml', '--cache', join(ws, 'c')], {
    cwd: ws,
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    errIsTTY: true,
    errColumns: 120,
  });
  assert.equal(code, 0, stdout + stderr);
  assert.match(stderr, /\r\[####################\] 100% 19 KiB of 19 KiB, [\d.]+ [KMG]?i?B\/s, 0s left \[1\/1\] windows-sysmon\.log */);
  assert.doesNotMatch(stderr, /\n/, 'no line is written: the bars are cleared at the end');
  assert.match(stderr, /\r\[-{20}\] 0\/1 data files */, 'then the runs\' bar: data files done');
  assert.match(stderr, /\r {119}\r$/, 'cleared at the end');
  assert.match(stdout, /^pass /);
});

test('bad usage: --cache-size must be a positive number; --attack-data must be a folder', async () => {
  const ws = workspace();
  const size = await cli(['test', 'detections', '--cache-size', 'lots'], ws);
  assert.equal(size.code, 2);
  assert.match(size.stderr, /--cache-size must be a number of GiB above 0; got 'lots'/);
  const checkout = await cli(['test', 'detections', '--attack-data', 'nowhere'], ws);
  assert.equal(checkout.code, 2);
  assert.match(checkout.stderr, /no such attack_data checkout folder: nowhere/);
});

test('--jobs 2 (worker threads, one group each) prints what --jobs 1 (this thread) prints, in test order', async () => {
  const ws = workspace();
  const cache = join(ws, 'c');
  const first = await cli(['test', 'detections', '--cache', cache, '--jobs', '1'], ws);
  const threaded = await cli(['test', 'detections', '--cache', cache, '--jobs', '2', '--offline'], ws);
  assert.equal(first.code, 1, first.stderr);
  assert.equal(threaded.code, 1, threaded.stderr);
  assert.equal(threaded.stdout, first.stdout);
  assert.match(first.stdout, /^fail .*\npass .*\npass .*\n2 passed, 1 failed\n$/);
  const bad = await cli(['test', 'detections', '--jobs', '0'], ws);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--jobs must be a whole number from 1; got '0'/);
});

test('a mapped file that is a Git LFS pointer fails its test with the explanation, never read as a log', async () => {
  const ws = workspace();
  mkdirSync(join(ws, 'data'));
  writeFileSync(join(ws, 'data/windows-sysmon.log'), LFS_POINTER);
  writeFileSync(join(ws, 'attack_data_map.json'), JSON.stringify({ files: { [server.url(DATA_PATH)]: { file: 'data/windows-sysmon.log' } } }));
  const result = await cli(['test', 'detections/endpoint/windows_msiexec_dllregisterserver.yml', '--cache', join(ws, 'c'), '--offline'], ws);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^fail    detections\/endpoint\/windows_msiexec_dllregisterserver\.yml \[True Positive Test\]: a sample cannot be read: \S*data\/windows-sysmon\.log is a Git LFS pointer \(object sha256:4d7a2146\w+, 12345 bytes\), not the data itself: .*run `git lfs pull`/);
});
