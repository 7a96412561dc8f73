// The evasion check on a real .evtx file (../shared/evtx/security.evtx, found by scripts/corpus/): a hit
// is known by its record, the record's XmlWinEventLog text is rewritten and run as text with the
// record's own source and sourcetype, and the verdicts name the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from '../../server/src/workspace/project';
import { checkEvasion } from '../../server/src/evasion/checkEvasion';
import { evtxSample } from '../support/evtxSamples';

test('security.evtx: a logon by services.exe, its ProcessName renamed, evades ProcessName="*\\\\services.exe"; recased or moved to SysWOW64 it still matches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evade-evtx-'));
  try {
    writeFileSync(join(dir, 'services_logon.spl'), 'index=main EventCode=4624 ProcessName="*\\\\services.exe" | head 1\n');
    const report = await checkEvasion({ project: Project.load([dir]), path: join(dir, 'services_logon.spl'), log: evtxSample('security.evtx').path, now: 1_700_000_000 });
    assert.equal(report.run.ok, true, JSON.stringify(report.run.problems));
    assert.deepEqual(report.problems, []);
    assert.equal(report.hits.length, 1);
    const [hit] = report.hits;
    assert.deepEqual([hit.events, hit.records?.map((r) => [r.record, r.chunk]), hit.rewrittenEvent], [[], [[16, 0]], 'security.evtx record 16 (chunk 0)']);
    assert.match(hit.lines[0], /^<Event xmlns=.*<EventRecordID>16<\/EventRecordID>.*<Data Name='ProcessName'>C:\\Windows\\System32\\services\.exe<\/Data>/);
    assert.deepEqual(hit.variants.map((v) => [v.technique, v.value, v.evades ? `evades: ${v.rejectedBy?.clause}` : 'matches']), [
      ['image-name-case', 'C:\\Windows\\System32\\SERVICES.EXE', 'matches'],
      ['other-system-folder', 'C:\\Windows\\SysWOW64\\services.exe', 'matches'],
      ['renamed-image', 'C:\\ProgramData\\update.exe', 'evades: ProcessName="*\\\\services.exe"'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
