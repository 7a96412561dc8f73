// What splDetect/runDetection may read, over stdio on copies of samples/: trust comes from
// initialization and the client's notification (a request saying `trusted: true` changes nothing);
// a logPath, an attack_data_map.json entry and a lookup table are read only when their real path is
// inside the workspace or a folder the settings name, and only when they are regular files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_DETECTION_REQUEST, RunDetectionErrors, WORKSPACE_TRUST_NOTIFICATION, type RunDetectionResult } from '../../server/src/lsp/protocol';
import { hangGuarded } from '../support/hangGuard';
import { LSP_TEST, LspSession, ROOT, fileUri } from './harness';

const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const SECRET = 'secret-outside-the-workspace';
let scratch: string;
let outside: string;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'spl-lsp-confine-'));
  outside = join(scratch, 'outside');
  mkdirSync(outside);
  // A log and a table the workspace must not reach: the sample's own lines plus a marker.
  writeFileSync(join(outside, 'stolen.log'), readFileSync(join(ROOT, 'samples/logs/msiexec_sysmon.log'), 'utf8'));
  writeFileSync(join(outside, 'stolen.csv'), `user,password\nann,${SECRET}\n`);
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of samples/ under the scratch folder. */
function workspaceCopy(name: string): string {
  const workspace = join(scratch, name);
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  return workspace;
}

type Refusal = { code?: number; message?: string };
const run = (session: LspSession, params: object) => session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, params);

test('an untrusted workspace runs nothing whatever the request says, until the client grants trust', LSP_TEST, async () => {
  const workspace = workspaceCopy('untrusted');
  const session = await LspSession.start(workspace, { diagnosticsSettleMs: 0, workspaceTrusted: false });
  try {
    const uri = fileUri(join(workspace, DETECTION));
    for (const params of [{ uri }, { uri, trusted: true }]) {
      await assert.rejects(run(session, params), (error: Refusal) => {
        assert.equal(error.code, RunDetectionErrors.untrusted);
        assert.match(error.message ?? '', /untrusted workspace/);
        return true;
      });
    }
    await session.notify(WORKSPACE_TRUST_NOTIFICATION, { trusted: true });
    const granted = await run(session, { uri });
    assert.equal(granted.ok, true, JSON.stringify(granted.problems));
    assert.equal(granted.results.length, 3);
  } finally {
    await session.dispose();
  }
});

test('a logPath outside the workspace, a link out of it and a named pipe in it are refused, naming the path', LSP_TEST, async () => {
  const workspace = workspaceCopy('logs');
  symlinkSync(join(outside, 'stolen.log'), join(workspace, 'logs/linked.log'));
  const fifo = join(workspace, 'logs/pipe.log');
  execFileSync('mkfifo', [fifo]);
  const session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
  try {
    const uri = fileUri(join(workspace, DETECTION));
    const refusals: Array<[string, RegExp]> = [
      ['/etc/passwd', /the log: \/etc\/passwd is outside the workspace/],
      [join(outside, 'stolen.log'), /stolen\.log is outside the workspace/],
      [join(workspace, 'logs/linked.log'), /linked\.log \(a link to .*stolen\.log\) is outside the workspace/],
      [fifo, /pipe\.log is a named pipe \(FIFO\), not a regular file/],
      // A folder is a log only when it holds .evtx files (test/lsp/evtxRun.test.ts).
      [join(workspace, 'logs'), /logs is a folder without \.evtx files: a folder is read as the \.evtx files in it/],
    ];
    for (const [logPath, reason] of refusals) {
      await assert.rejects(run(session, { uri, logPath }), (error: Refusal) => {
        assert.equal(error.code, RunDetectionErrors.logRefused, `${logPath}: ${error.message}`);
        assert.match(error.message ?? '', reason);
        return true;
      });
    }
    assert.ok(session.alive);
    const inside = await run(session, { uri, logPath: join(workspace, 'logs/msiexec_sysmon.log') });
    assert.equal(inside.results.length, 3);
  } finally {
    await session.dispose();
  }
});

test('a folder splDetect.sampleFolders names may hold the log; an attack_data_map.json entry leading out is refused', LSP_TEST, async () => {
  const workspace = workspaceCopy('configured');
  const session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 }, { settings: { splDetect: { sampleFolders: [outside] } } });
  try {
    const uri = fileUri(join(workspace, DETECTION));
    const configured = await run(session, { uri, logPath: join(outside, 'stolen.log') });
    assert.equal(configured.results.length, 3, 'a configured folder is readable');

    await session.changeSettings({ splDetect: {} });
    const map = JSON.parse(readFileSync(join(workspace, 'attack_data_map.json'), 'utf8')) as { files: Record<string, { file: string }> };
    for (const entry of Object.values(map.files)) entry.file = '../outside/stolen.log';
    writeFileSync(join(workspace, 'attack_data_map.json'), JSON.stringify(map));
    await assert.rejects(run(session, { uri }), (error: Refusal) => {
      assert.equal(error.code, RunDetectionErrors.noSampleLog);
      assert.match(error.message ?? '', /attack_data_map\.json maps https:\/\/\S+ to a log that cannot be read: \S+outside\/stolen\.log is outside the workspace/);
      return true;
    });
  } finally {
    await session.dispose();
  }
});

hangGuarded('a lookups/ link out of the workspace is not read by a run: RUN004 names the link', LSP_TEST, async () => {
  const workspace = workspaceCopy('lookups');
  mkdirSync(join(workspace, 'lookups'));
  symlinkSync(join(outside, 'stolen.csv'), join(workspace, 'lookups/users.csv'));
  const detection = join(workspace, 'detections/steal.yml');
  writeFileSync(detection, "name: Steal\nsearch: '| inputlookup users.csv'\n");
  const session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
  try {
    const uri = await session.open(detection);
    const result = await run(session, { uri, logPath: join(workspace, 'logs/msiexec_sysmon.log') });
    assert.equal(result.ok, false);
    assert.deepEqual(result.results, []);
    assert.deepEqual(result.problems.map((p) => p.code), ['RUN004']);
    assert.match(result.problems[0].message, /lookup 'users\.csv': \S+users\.csv \(a link to \S+stolen\.csv\) is outside the workspace/);
    assert.doesNotMatch(JSON.stringify(result), new RegExp(SECRET));
  } finally {
    await session.dispose();
  }
});
