import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readLog } from '../../server/src/engine/readers/readLog';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function sysmonLine(i: number): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>${i % 7 === 0 ? 3 : 1}</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2024-05-02T10:${String(i % 60).padStart(2, '0')}:01.100000000Z'/><EventRecordID>${i}</EventRecordID><Correlation/><Execution ProcessID='2912' ThreadID='3424'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>host-${i % 13}.example</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>-</Data><Data Name='ProcessId'>${i}</Data><Data Name='Image'>C:\\Windows\\System32\\msiexec.exe</Data><Data Name='CommandLine'>msiexec.exe /y C:\\Temp\\p${i}.dll &amp; more</Data><Data Name='User'>ATTACKRANGE\\bob</Data><Data Name='IntegrityLevel'>High</Data><Data Name='ParentImage'>C:\\Windows\\System32\\cmd.exe</Data></EventData></Event>\n`;
}

async function writeLog(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  while (written < bytes) {
    let batch = '';
    for (let k = 0; k < 500; k++) batch += sysmonLine(lines++);
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

test('a 50 MB log streams in bounded memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-stream-'));
  try {
    const path = join(dir, 'big.log');
    const lines = await writeLog(path, 50 * 1024 * 1024);
    assert.ok(statSync(path).size >= 50 * 1024 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let lastTime = 0;
    const reader = readLog(path, { sourcetype: 'xmlwineventlog' });
    for await (const event of reader) {
      count++;
      if (event.fields.get('EventID') === '1') lastTime = event.time;
      if (count % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    gc();
    const after = process.memoryUsage().heapUsed - before;
    assert.equal(count, lines);
    assert.equal(reader.stats.eventsRead, lines);
    assert.equal(reader.stats.eventsUnparsed, 0);
    assert.ok(lastTime > 0);
    // Loose bounds: holding the events (50 MB of text plus objects) would be far above these.
    assert.ok(peak < 40 * 1024 * 1024, `heap grew by ${Math.round(peak / 1048576)} MB while streaming`);
    assert.ok(after < 16 * 1024 * 1024, `heap grew by ${Math.round(after / 1048576)} MB after streaming`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an AbortSignal stops reading quietly and marks the run cancelled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-cancel-'));
  try {
    const path = join(dir, 'log.xml');
    const lines = await writeLog(path, 4 * 1024 * 1024);
    const controller = new AbortController();
    const reader = readLog(path, { signal: controller.signal, chunkBytes: 64 * 1024 });
    let seen = 0;
    for await (const event of reader) {
      seen++;
      assert.ok(event.line >= 1);
      if (seen === 100) controller.abort();
    }
    assert.equal(seen, 100);
    assert.equal(reader.stats.cancelled, true);
    assert.ok(reader.stats.bytesRead < statSync(path).size, 'the rest of the file was not read');
    assert.ok(lines > 100);

    const early = new AbortController();
    early.abort();
    const never = readLog(path, { signal: early.signal });
    for await (const _ of never) assert.fail('no event after an abort before the start');
    assert.equal(never.stats.cancelled, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('breaking out of the loop closes the file; batches() yields the same events per chunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-break-'));
  try {
    const path = join(dir, 'log.xml');
    await writeLog(path, 1024 * 1024);
    const reader = readLog(path, { chunkBytes: 16 * 1024 });
    let seen = 0;
    for await (const _ of reader) if (++seen === 5) break;
    assert.equal(seen, 5);
    assert.ok(reader.stats.eventsRead >= 5);
    const batched = readLog(path, { chunkBytes: 16 * 1024 });
    let total = 0;
    let batches = 0;
    for await (const batch of batched.batches()) {
      assert.ok(batch.length > 0);
      batches++;
      total += batch.length;
    }
    assert.equal(total, batched.stats.eventsRead);
    assert.ok(batches > 10, 'one array per chunk');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
