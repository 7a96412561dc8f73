// A workspace written by an attacker (a pull request CI checks with `spl-detect`) or by a careless
// user, through bin/spl-detect.js as a process: what its files name is read only inside the
// workspace and the folders named on the command line, after links are resolved, and only when it is
// a regular file; what a run prints of a log cannot drive the terminal. The language server's side
// is test/lsp/runConfinement.test.ts.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hangGuarded } from '../support/hangGuard';
import { OFFLINE_ENV } from '../support/offlineEnv';

const ROOT = resolve(__dirname, '../..');
const HANG_GUARD = { timeout: 30_000 };
const SECRET = 'secret-outside-the-workspace';
const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const SYSMON_URL = 'https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log';
let scratch: string;
let outside: string;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'spl-hostile-ws-'));
  outside = join(scratch, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.log'), `${SECRET}\n`);
  writeFileSync(join(outside, 'secret.csv'), `user,password\nann,${SECRET}\n`);
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The CLI as CI runs it; `timeout` only ends a hang the hang guard then reports. */
function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8', timeout: HANG_GUARD.timeout, env: OFFLINE_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: result.stdout + result.stderr };
}

/** A copy of samples/ whose attack_data_map.json maps the msiexec test data to `file`. */
function workspaceMapping(name: string, file: string): string {
  const workspace = join(scratch, name);
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  writeFileSync(join(workspace, 'attack_data_map.json'), JSON.stringify({ files: { [SYSMON_URL]: { file } } }));
  // The detection prints every event it reads, as `search * | table _raw` would.
  const detection = readFileSync(join(workspace, DETECTION), 'utf8').replace(/^search: .*$/m, "search: 'search * | table _raw'");
  writeFileSync(join(workspace, DETECTION), detection);
  return workspace;
}

hangGuarded('attack_data_map.json naming ../ out of the workspace, an absolute path or a link out: run and test refuse, naming the path', HANG_GUARD, () => {
  const cases: Array<[string, string, (workspace: string) => void, RegExp]> = [
    ['dotdot', '../outside/secret.log', () => undefined, /outside\/secret\.log is outside the workspace/],
    ['absolute', join(outside, 'secret.log'), () => undefined, /outside\/secret\.log is outside the workspace/],
    ['etc', '/etc/passwd', () => undefined, /\/etc\/passwd is outside the workspace/],
    ['link', 'logs/linked.log', (w) => symlinkSync(join(outside, 'secret.log'), join(w, 'logs/linked.log')), /linked\.log \(a link to \S+secret\.log\) is outside the workspace/],
  ];
  for (const [name, file, prepare, reason] of cases) {
    const workspace = workspaceMapping(name, file);
    prepare(workspace);
    const run = cli(['run', DETECTION], workspace);
    assert.equal(run.code, 2, `${name}: ${run.all}`);
    assert.match(run.stderr, /run needs --log LOG: no sample log for this detection \(\S+attack_data_map\.json maps https:\/\/\S+ to a log that cannot be read: /);
    assert.match(run.stderr, reason, name);
    assert.doesNotMatch(run.all, new RegExp(SECRET), name);
    const test = cli(['test', DETECTION], workspace);
    assert.equal(test.code, 1, `${name}: ${test.all}`);
    assert.match(test.stdout, /^fail {4}\S+ \[True Positive Test\]: a sample cannot be read: /m);
    assert.match(test.stdout, reason, name);
    assert.doesNotMatch(test.all, new RegExp(SECRET), name);
  }
});

hangGuarded('a map entry or --log naming /dev/zero or a named pipe is refused at once, with no read', HANG_GUARD, () => {
  const zero = workspaceMapping('zero', '/dev/zero');
  assert.match(cli(['test', DETECTION], zero).stdout, /\/dev\/zero is outside the workspace/);
  const fifo = workspaceMapping('fifo', 'logs/pipe.log');
  execFileSync('mkfifo', [join(fifo, 'logs/pipe.log')]);
  const test = cli(['test', DETECTION], fifo);
  assert.equal(test.code, 1, test.all);
  assert.match(test.stdout, /logs\/pipe\.log is a named pipe \(FIFO\), not a regular file/);
  for (const [log, reason] of [['logs/pipe.log', /--log logs\/pipe\.log is a named pipe \(FIFO\), not a regular file/], ['/dev/zero', /--log \/dev\/zero is a character device, not a regular file/], ['logs', /--log logs is a folder/]] as const) {
    const run = cli(['run', DETECTION, '--log', log], fifo);
    assert.equal(run.code, 2, run.all);
    assert.match(run.stderr, reason);
  }
  const check = cli(['check', 'logs/pipe.log'], fifo);
  assert.equal(check.code, 2, check.all);
  assert.match(check.stderr, /logs\/pipe\.log is a named pipe \(FIFO\), not a regular file/);
});

hangGuarded('--samples names a folder outside the workspace: its samples are read; a sample found by name that links out is not', HANG_GUARD, () => {
  const workspace = workspaceMapping('samples-flag', 'logs/missing.log');
  const samples = join(scratch, 'shared-samples');
  mkdirSync(samples);
  cpSync(join(ROOT, 'samples/logs/msiexec_sysmon.log'), join(samples, 'windows-sysmon.log'));
  const passing = cli(['test', DETECTION, '--samples', samples], workspace);
  assert.equal(passing.code, 0, passing.all);
  assert.match(passing.stdout, /^pass {4}\S+ \[True Positive Test\]: 11 results on \S+windows-sysmon\.log \(by file name\)$/m);

  const linked = join(workspace, 'logs/by-name');
  mkdirSync(linked);
  symlinkSync(join(outside, 'secret.log'), join(linked, 'windows-sysmon.log'));
  const refused = cli(['test', DETECTION], workspace);
  assert.equal(refused.code, 1, refused.all);
  assert.match(refused.stdout, /the sample found by the file name of https:\/\/\S+: \S+windows-sysmon\.log \(a link to \S+secret\.log\) is outside the workspace/);
  assert.doesNotMatch(refused.all, new RegExp(SECRET));
});

hangGuarded('inputlookup of a ../ path and a lookups/ link out of the workspace: RUN004 names the path, nothing is read', HANG_GUARD, () => {
  const workspace = join(scratch, 'lookups');
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  mkdirSync(join(workspace, 'lookups'));
  symlinkSync(join(outside, 'secret.csv'), join(workspace, 'lookups/users.csv'));
  writeFileSync(join(workspace, 'lookups/local.csv'), 'user,role\nann,admin\n');
  const searches: Array<[string, RegExp]> = [
    ['| inputlookup ../outside/secret.csv', /RUN004: lookup '..\/outside\/secret.csv': a lookup is a definition's name or a file name in \S+lookups, not a path/],
    ['| inputlookup users.csv', /RUN004: lookup 'users\.csv': \S+lookups\/users\.csv \(a link to \S+secret\.csv\) is outside the workspace/],
    ['| makeresults | eval user="ann" | lookup users.csv user OUTPUT password', /RUN004: lookup 'users\.csv': \S+ \(a link to \S+secret\.csv\) is outside the workspace/],
  ];
  for (const [search, reason] of searches) {
    writeFileSync(join(workspace, 'detections/steal.yml'), `name: Steal\nsearch: '${search}'\n`);
    const run = cli(['run', 'detections/steal.yml', '--log', 'logs/msiexec_sysmon.log'], workspace);
    assert.equal(run.code, 1, `${search}: ${run.all}`);
    assert.match(run.stderr, reason, search);
    assert.doesNotMatch(run.all, new RegExp(SECRET), search);
  }
  writeFileSync(join(workspace, 'detections/steal.yml'), "name: Local\nsearch: '| inputlookup local.csv'\n");
  const local = cli(['run', 'detections/steal.yml', '--log', 'logs/msiexec_sysmon.log'], workspace);
  assert.equal(local.code, 0, local.all);
  assert.match(local.stdout, /^ {2}role = admin$/m);
});

hangGuarded('check and parse of a detection YAML outside detections/ check it; a file that holds no search is refused with the reason', HANG_GUARD, () => {
  const loose = join(scratch, 'loose');
  mkdirSync(loose);
  writeFileSync(join(loose, 'broken.yml'), "name: Broken\nsearch: 'process_name=a | | stats count'\n");
  writeFileSync(join(loose, 'notes.txt'), 'not a search\n');
  for (const command of ['check', 'parse']) {
    const named = cli([command, 'broken.yml'], loose);
    assert.equal(named.code, 1, named.all);
    assert.match(named.stdout, /^broken\.yml:2:\d+: error SPL006: Empty pipeline stage/m);
    assert.match(named.stdout, /^1 files, 1 searches: [1-9]\d* errors/m);
    const refused = cli([command, 'notes.txt'], loose);
    assert.equal(refused.code, 2, refused.all);
    assert.match(refused.stderr, /notes\.txt cannot hold a search: spl-detect reads detection and macro YAML/);
    const folder = cli([command, '.'], loose);
    assert.match(folder.stderr, /no file to read under \.: detection YAML is read under a detections\/ folder/);
  }
});

hangGuarded('terminal escape sequences in log values are printed escaped by run (table and explain), raw only in JSON', HANG_GUARD, () => {
  const workspace = join(scratch, 'escapes');
  mkdirSync(join(workspace, 'detections'), { recursive: true });
  const hostile = '\u001b]0;pwned\u0007\u001b[2J\u202eevil';
  writeFileSync(join(workspace, 'events.json'), `${JSON.stringify({ user: hostile, note: 'two\nlines' })}\n`);
  writeFileSync(join(workspace, 'detections/users.yml'), "name: Users\nsearch: 'user=* | table user note'\n");
  const table = cli(['run', 'detections/users.yml', '--log', 'events.json', '--explain'], workspace);
  assert.equal(table.code, 0, table.all);
  assert.doesNotMatch(table.all, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/, 'no control character but the line breaks');
  assert.match(table.stdout, /^ {2}user = \\x1b\]0;pwned\\x07\\x1b\[2J\\u202eevil$/m);
  assert.match(table.stdout, /^ {2}note = two\\nlines$/m);
  const json = cli(['run', 'detections/users.yml', '--log', 'events.json', '--format', 'json'], workspace);
  const report = JSON.parse(json.stdout) as { results: { fields: Record<string, string> }[] };
  assert.equal(report.results[0].fields.user, hostile);
});

hangGuarded('a .spl-detect.json that is a named pipe or a link out of the workspace is refused; check goes on with the defaults', HANG_GUARD, () => {
  const pipe = join(scratch, 'config-pipe');
  cpSync(join(ROOT, 'samples'), pipe, { recursive: true });
  execFileSync('mkfifo', [join(pipe, '.spl-detect.json')]);
  const piped = cli(['check', '.'], pipe);
  assert.match(piped.stderr, /^spl-detect: \.spl-detect\.json: \S+\.spl-detect\.json is a named pipe \(FIFO\), not a regular file: only regular files are read \(ignored\)$/m);
  assert.match(piped.stdout, /^8 files, 12 searches: /m);

  const linked = join(scratch, 'config-link');
  cpSync(join(ROOT, 'samples'), linked, { recursive: true });
  writeFileSync(join(outside, 'config.json'), `${SECRET} is not JSON`);
  symlinkSync(join(outside, 'config.json'), join(linked, '.spl-detect.json'));
  const refused = cli(['check', '.'], linked);
  assert.match(refused.stderr, /\.spl-detect\.json \(a link to \S+config\.json\) is outside the workspace/);
  assert.doesNotMatch(refused.all, new RegExp(SECRET));
});
