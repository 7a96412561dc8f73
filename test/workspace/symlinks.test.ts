// Content repositories that link shared checkouts in (macros/, a detection, the samples): the walk
// follows links to folders and files, visits each real folder once (so loops end), and the CLI sees
// what the links hold; a run reads samples only inside the folders named (workspace/confine.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { discoverWorkspace, walkFiles } from '../../server/src/workspace/discover';
import { OFFLINE_ENV } from '../support/offlineEnv';

const root = resolve(__dirname, '../..');
const SAMPLES = join(root, 'samples');
let tmp: string;
let content: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'spl-symlinks-'));
  // The shared macros checkout, outside the content repository, with a link back to its own root.
  cpSync(join(SAMPLES, 'macros'), join(tmp, 'shared/macros'), { recursive: true });
  symlinkSync('..', join(tmp, 'shared/macros/up'));
  mkdirSync(join(tmp, 'elsewhere'));
  copyFileSync(join(SAMPLES, 'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml'), join(tmp, 'elsewhere/unregister.yml'));
  mkdirSync(join(tmp, 'data'));
  copyFileSync(join(SAMPLES, 'logs/msiexec_sysmon.log'), join(tmp, 'data/windows-sysmon.log'));

  content = join(tmp, 'content');
  mkdirSync(join(content, 'detections/endpoint'), { recursive: true });
  copyFileSync(join(SAMPLES, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'), join(content, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'));
  symlinkSync(join(tmp, 'shared/macros'), join(content, 'macros'));
  symlinkSync(join(tmp, 'elsewhere/unregister.yml'), join(content, 'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml'));
  symlinkSync('../..', join(content, 'detections/endpoint/loop')); // back to content/
  symlinkSync('itself', join(content, 'detections/itself')); // ELOOP
  symlinkSync(join(tmp, 'gone'), join(content, 'detections/dangling.yml'));
  mkdirSync(join(content, 'samples'));
  symlinkSync(join(tmp, 'data'), join(content, 'samples/data'));
  symlinkSync('..', join(content, 'samples/data-again'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the walk follows linked folders and files, lists each real file once and ends on loops', () => {
  const { files, linkedFolders } = discoverWorkspace([content]);
  assert.deepEqual(files.map((file) => relative(content, file)), [
    'detections/endpoint/windows_msiexec_dllregisterserver.yml',
    'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml',
    'macros/fillnull_config.yml',
    'macros/oldsummaries_config.yml',
    'macros/process_msiexec.yml',
    'macros/security_content_ctime.yml',
    'macros/security_content_summariesonly.yml',
    'macros/summariesonly_config.yml',
  ]);
  // macros/up leads back to shared/, whose macros/ folder was already walked: it adds nothing.
  assert.deepEqual(linkedFolders.map((folder) => relative(content, folder)), ['macros', 'macros/up', 'samples/data']);
  const all = walkFiles([content], () => true).files.map((file) => relative(content, file));
  assert.ok(all.includes('samples/data/windows-sysmon.log'), all.join('\n'));
  assert.equal(all.filter((file) => file.endsWith('windows-sysmon.log')).length, 1, 'the log reached twice (data, data-again/data) is listed once');
});

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd: content, encoding: 'utf8', env: OFFLINE_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('spl-detect check resolves every macro of a linked macros/ folder', () => {
  const result = cli('check', content, '--format', 'json');
  const report = JSON.parse(result.stdout) as { files: number; diagnostics: { code: string; file: string }[] };
  assert.equal(report.files, 8);
  assert.deepEqual(report.diagnostics.filter((d) => d.code.startsWith('MAC')), [], result.stdout);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

test('spl-detect test reads a sample through a linked folder --samples names; through a link out of the folder named, it refuses', () => {
  // The walk of the samples folder follows its links and ends on the loop; what a link leads to is
  // read only inside the folders named (the workspace, --samples), after links are resolved.
  const outside = cli('test', join(content, 'detections'), '--samples', join(content, 'samples'));
  assert.equal(outside.code, 1, outside.stdout + outside.stderr);
  assert.match(outside.stdout, /^fail .*: a sample cannot be read: .*samples\/data\/windows-sysmon\.log \(a link to \S+data\/windows-sysmon\.log\) is outside the workspace/m);
  assert.match(outside.stdout, /^0 passed, 2 failed$/m);
  const named = cli('test', join(content, 'detections'), '--samples', join(content, 'samples/data'));
  assert.equal(named.code, 0, named.stdout + named.stderr);
  assert.match(named.stdout, /^2 passed, 0 failed$/m);
});
