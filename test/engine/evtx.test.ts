// The EVTX reader on the six real files of ../shared/evtx: every file gives the README's number of
// events without a problem, each event in Splunk's XmlWinEventLog spelling with its position
// (record, chunk, file offset); a file read from disk 64 KiB at a time gives exactly what its bytes in
// memory give; reading stops quietly when cancelled; a file that is not EVTX is the reader's error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EvtxError, parseEvtx, readEvtx } from '../../server/src/engine/readers/evtx/reader';
import type { EvtxEvent, EvtxItem } from '../../server/src/engine/readers/evtx/chunk';
import { CHUNK_BYTES, FILE_HEADER_BYTES } from '../../server/src/engine/readers/evtx/limits';
import { crc32, crc32Table } from '../../server/src/engine/readers/evtx/crc32';
import { evtxSample, evtxSamples } from '../support/evtxSamples';
import { parseXml } from '../support/evtxReference';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { extractWindowsXml, windowsXmlTime } from '../../server/src/engine/readers/winXml';
import { windowsXmlFields } from '../../server/src/engine/readers/winXmlProbe';

/**
 * Files whose records were written again (numbered from 1) while their XML keeps the EventRecordID
 * of the log they came from: a position names the record in the file (what evtxexport numbers), the
 * event text keeps what Windows logged.
 */
const REWRITTEN = new Set(['issue_38.evtx', 'dns_log_malformed.evtx']);

const XMLNS = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>";

function events(items: EvtxItem[]): EvtxEvent[] {
  return items.filter((item): item is EvtxEvent => item.kind === 'event');
}

for (const sample of evtxSamples()) {
  test(`${sample.name}: the README's md5 and ${sample.events} events, each an XmlWinEventLog event at its record's position, no problem`, () => {
    const bytes = readFileSync(sample.path);
    assert.equal(createHash('md5').update(bytes).digest('hex'), sample.md5, `${sample.name} is not the file the README describes`);
    const { items, stats } = parseEvtx(bytes);
    assert.deepEqual(items.filter((item) => item.kind === 'problem'), []);
    assert.equal(stats.events, sample.events);
    assert.equal(events(items).length, sample.events);
    assert.equal(stats.recordsLost + stats.unknownLosses + stats.chunksSkipped, 0);
    for (const event of events(items)) {
      assert.ok(event.xml.startsWith(XMLNS) && event.xml.endsWith('</Event>'), `record ${event.record}: ${event.xml.slice(0, 80)}`);
      assert.doesNotMatch(event.xml, /> +</, `record ${event.record} has whitespace between elements`);
      parseXml(event.xml);
      assert.equal(Number(bytes.readBigUInt64LE(event.offset + 8)), event.record, "the position names the record's identifier");
      if (!REWRITTEN.has(sample.name)) assert.equal(/<EventRecordID>(\d+)<\/EventRecordID>/.exec(event.xml)?.[1], String(event.record), 'the record identifier is the EventRecordID');
      const chunkStart = FILE_HEADER_BYTES + event.chunk * CHUNK_BYTES;
      assert.ok(event.offset >= chunkStart + 512 && event.offset < chunkStart + CHUNK_BYTES, `record ${event.record} at ${event.offset} is not inside chunk ${event.chunk}`);
      assert.equal(bytes.readUInt32LE(event.offset), 0x2a2a, 'the offset is the record signature');
    }
  });
}

test('security.evtx: chunks and records in file order, 26 chunks as its header lists, attributes single-quoted', () => {
  const { items, stats } = parseEvtx(readFileSync(evtxSample('security.evtx').path));
  const read = events(items);
  assert.equal(stats.header?.chunkCount, 26);
  assert.equal(stats.chunksRead, 26);
  assert.deepEqual([...new Set(read.map((e) => e.chunk))], [...Array(26).keys()]);
  assert.deepEqual(read.map((e) => e.record), read.map((_, i) => i + 1));
  assert.ok(read.every((e, i) => i === 0 || e.offset > read[i - 1].offset));
  // A 4624 logon, as Splunk's XmlWinEventLog holds it.
  const logon = read[1].xml;
  assert.match(logon, /^<Event xmlns='[^']+'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='\{54849625-5478-4994-A5BA-3E3B0328C30D\}'\/><EventID>4624<\/EventID>/);
  assert.match(logon, /<TimeCreated SystemTime='2016-07-08T18:12:51\.681640800Z'\/><EventRecordID>2<\/EventRecordID><Correlation\/>/);
  assert.match(logon, /<Data Name='TargetLogonId'>0x3e7<\/Data>/, 'HexInt64 as Windows writes it');
  assert.match(logon, /<Data Name='LogonGuid'>\{00000000-0000-0000-0000-000000000000\}<\/Data>/);
  assert.match(logon, /<Data Name='TargetUserSid'>S-1-5-18<\/Data>/);
  assert.doesNotMatch(logon, /="/);
});

test('system.evtx: classic events (EventData in a BinXml value) keep Qualifiers, EventSourceName and Binary; UserData keeps its namespaces', () => {
  const read = events(parseEvtx(readFileSync(evtxSample('system.evtx').path)).items);
  assert.equal(read[0].record, 12049);
  assert.match(read[0].xml, /<UserData><AutoBackup xmlns:auto-ns3='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events' xmlns='http:\/\/manifests\.microsoft\.com\/win\/2004\/08\/windows\/eventlog'><Channel>System<\/Channel><BackupPath>C:\\Windows\\System32\\Winevt\\Logs\\Archive-System-2012-03-14-04-17-39-932\.evtx<\/BackupPath><\/AutoBackup><\/UserData><\/Event>$/);
  assert.match(read[1].xml, /<Provider Name='Service Control Manager' Guid='\{555908d1-a6d7-4695-8e1e-26931d2012f4\}' EventSourceName='Service Control Manager'\/><EventID Qualifiers='16384'>7036<\/EventID>/);
  assert.match(read[1].xml, /<EventData><Data Name='param1'>Windows Modules Installer<\/Data><Data Name='param2'>stopped<\/Data><Binary>540072007500730074006500640049006E007300740061006C006C00650072002F0031000000<\/Binary><\/EventData>/);
});

test('a file read from disk 64 KiB at a time gives the items its bytes in memory give', async () => {
  const path = evtxSample('system.evtx').path;
  const fromMemory = parseEvtx(readFileSync(path)).items;
  const reader = readEvtx(path);
  const fromDisk: EvtxItem[] = [];
  for await (const item of reader) fromDisk.push(item);
  assert.deepEqual(fromDisk, fromMemory);
  assert.equal(reader.stats.bytesRead, statSync(path).size);
  assert.equal(reader.stats.events, 1601);
});

test('cancelling ends reading quietly after the item in hand, with stats.cancelled set', async () => {
  const controller = new AbortController();
  const reader = readEvtx(evtxSample('security.evtx').path, { signal: controller.signal });
  let seen = 0;
  for await (const item of reader) {
    assert.equal(item.kind, 'event');
    if (++seen === 100) controller.abort();
  }
  assert.equal(seen, 100);
  assert.equal(reader.stats.cancelled, true);
  assert.ok(reader.stats.bytesRead < statSync(evtxSample('security.evtx').path).size, 'the rest of the file is not read');

  const already = readEvtx(readFileSync(evtxSample('issue_38.evtx').path), { signal: AbortSignal.abort() });
  for await (const item of already) assert.fail(`read ${item.kind} after the signal was aborted`);
  assert.equal(already.stats.cancelled, true);
});

test('a file that is not EVTX is the reader\'s own error, naming what it expected', async () => {
  const log = join(__dirname, '../../samples/logs/msiexec_sysmon.log');
  await assert.rejects(async () => {
    for await (const item of readEvtx(log)) assert.fail(`read ${item.kind}`);
  }, (error: unknown) => error instanceof EvtxError && /not an EVTX file/.test(error.message) && error.offset === 0);
  assert.throws(() => parseEvtx(Buffer.alloc(0)), EvtxError);
  assert.throws(() => parseEvtx(readFileSync(log)), EvtxError);
});

test('the table CRC-32 (Node before 20.15 has no zlib.crc32) gives the checksums stored in a real file', () => {
  const bytes = readFileSync(evtxSample('system.evtx').path);
  assert.equal(crc32Table(bytes.subarray(0, 120)), bytes.readUInt32LE(124));
  for (let chunk = 0; chunk < 9; chunk++) {
    const start = FILE_HEADER_BYTES + chunk * CHUNK_BYTES;
    const records = bytes.subarray(start + 512, start + bytes.readUInt32LE(start + 48));
    assert.equal(crc32Table(records), bytes.readUInt32LE(start + 52));
    assert.equal(crc32(records), crc32Table(records));
    assert.equal(crc32Table(bytes.subarray(start + 128, start + 512), crc32Table(bytes.subarray(start, start + 120))), bytes.readUInt32LE(start + 124));
  }
});

test('rendered events read as Splunk text by the existing XML reader: same events, same fields, and the field probes of the fast path answer', () => {
  for (const name of ['security.evtx', 'system.evtx']) {
    const rendered = events(parseEvtx(readFileSync(evtxSample(name).path)).items);
    const { events: read, stats } = parseLog(rendered.map((event) => event.xml).join('\n'));
    assert.equal(stats.format, 'xml');
    assert.deepEqual(stats.problems, []);
    assert.equal(read.length, rendered.length);
    let answered = 0;
    rendered.forEach((event, i) => {
      // One probe instance per event, as the reader hands each event its own (the probes keep memos).
      const probes = windowsXmlFields();
      // A value holding CR LF (4672's PrivilegeList) comes back from a text log without the CR, as from Splunk's.
      assert.deepEqual(read[i].fields, extractWindowsXml(event.xml.replace(/\r\n/g, '\n')), `${name} record ${event.record}`);
      assert.equal(read[i].time, windowsXmlTime(event.xml));
      assert.ok(read[i].time > 1.3e9, `${name} record ${event.record}: _time ${read[i].time} from TimeCreated`);
      for (const field of ['EventCode', 'EventID', 'Channel']) {
        const probed = probes.probe(event.xml, field);
        if (probed === undefined) continue;
        answered++;
        assert.equal(probed ?? undefined, extractWindowsXml(event.xml).get(field));
      }
    });
    assert.ok(answered >= rendered.length * 3 * 0.95, `${name}: the probes answered ${answered} of ${rendered.length * 3}`);
  }
});
