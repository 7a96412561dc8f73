// .evtx files through the engine's log readers (readLog, parseLog): known by their signature, each
// record an event built exactly as the XML reader builds one from the same text, source/sourcetype from
// the record's channel unless given, numbered in the log with RecordPositions naming each record back;
// any chunking of the bytes gives the same; damage reported with file, record, chunk and offset and
// counted; a folder read as its .evtx files. On the real files of ../shared/evtx (scripts/corpus/locate.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvtx } from '../../server/src/engine/readers/evtx/reader';
import type { EvtxEvent } from '../../server/src/engine/readers/evtx/chunk';
import { describeProblemPosition, RecordPositions } from '../../server/src/engine/readers/evtxPositions';
import { indentXml, readRecordTexts, recordDocument, recordKey } from '../../server/src/engine/readers/evtxRecords';
import { requireLiterals } from '../../server/src/engine/readers/filters';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { readLog } from '../../server/src/engine/readers/readLog';
import type { LogEvent, FieldMap } from '../../server/src/engine/event';
import { evtxSample } from '../support/evtxSamples';
import { recordsOf } from '../support/evtxBytes';

function rendered(name: string): EvtxEvent[] {
  return parseEvtx(readFileSync(evtxSample(name).path)).items.filter((item): item is EvtxEvent => item.kind === 'event');
}

async function readAll(input: Parameters<typeof readLog>[0], options: Parameters<typeof readLog>[1] = {}) {
  const reader = readLog(input, options);
  const events: LogEvent[] = [];
  for await (const batch of reader.batches()) events.push(...batch);
  return { events, reader };
}

/** A text log drops the CR of a CR LF inside a value (its lines end there): compare values without it. */
function withoutCr(fields: FieldMap): FieldMap {
  const strip = (value: string) => value.replace(/\r\n/g, '\n');
  return new Map([...fields].map(([name, value]) => [name, Array.isArray(value) ? value.map(strip) : strip(value)]));
}

function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

test('an .evtx file is known by its signature, not its name: every record an event built as the XML reader builds it from the same text', async () => {
  const dir = scratch('evtx-log-');
  try {
    // Named like a text log: the signature decides.
    const path = join(dir, 'security.log');
    copyFileSync(evtxSample('security.evtx').path, path);
    const { events, reader } = await readAll(path);
    const records = rendered('security.evtx');
    assert.equal(reader.stats.format, 'evtx');
    assert.deepEqual(reader.stats.problems, []);
    assert.equal(events.length, 2261);
    assert.equal(reader.stats.eventsRead, 2261);
    assert.equal(reader.stats.linesRead, 0);
    const asText = parseLog(records.map((r) => r.xml).join('\n'));
    assert.equal(asText.stats.format, 'xml');
    assert.equal(asText.events.length, 2261);
    events.forEach((event, i) => {
      const record = records[i];
      assert.equal(event.raw, record.xml);
      assert.equal(event.line, i + 1, 'an event of an .evtx log is numbered in the log');
      assert.equal(event.linecount, 1);
      assert.equal(event.byteStart, record.offset);
      assert.deepEqual(reader.records.at(event.line), { file: path, record: record.record, chunk: record.chunk, offset: record.offset });
      assert.equal(event.time, asText.events[i].time);
      assert.deepEqual(withoutCr(event.fields), withoutCr(asText.events[i].fields), `record ${record.record}`);
      assert.equal(event.source, 'XmlWinEventLog:Security');
      assert.equal(event.sourcetype, 'XmlWinEventLog');
      assert.equal(event.host, asText.events[i].host);
    });
    assert.equal(reader.records.at(0), undefined);
    assert.equal(reader.records.at(2262), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fast path filters records on their text and the probes answer without extraction, as for an XML text log', async () => {
  const path = evtxSample('security.evtx').path;
  const holding = rendered('security.evtx').filter((r) => r.xml.includes('4624')).length;
  const { events, reader } = await readAll(path, { lineFilter: requireLiterals([['4624']]) });
  assert.equal(events.length, holding);
  assert.equal(reader.stats.eventsFiltered, 2261 - holding);
  let logons = 0;
  for (const event of events) if (event.peek('EventCode') === '4624') logons++;
  assert.equal(logons, 583);
  assert.ok(events.every((e) => !e.isExtracted), 'EventCode and the channel were probed, nothing extracted');
  // Numbers count every record, kept or not: the kept ones name their own records.
  for (const event of events) assert.ok(reader.records.at(event.line)!.record >= 1);
  assert.deepEqual(events.map((e) => reader.records.at(e.line)!.record), rendered('security.evtx').filter((r) => r.xml.includes('4624')).map((r) => r.record));
});

test('source and sourcetype come from each record\'s channel unless given; host from Computer unless given', async () => {
  const path = evtxSample('issue_43.evtx').path;
  const inferred = (await readAll(path)).events;
  assert.deepEqual([...new Set(inferred.map((e) => `${e.source} | ${e.sourcetype}`))], ['XmlWinEventLog:Microsoft-Windows-Sysmon/Operational | XmlWinEventLog']);
  assert.equal(inferred[0].host, inferred[0].fields.get('Computer'));
  const sourcetypeGiven = (await readAll(path, { sourcetype: 'xmlwineventlog' })).events[0];
  assert.deepEqual([sourcetypeGiven.source, sourcetypeGiven.sourcetype], ['XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', 'xmlwineventlog']);
  const bothGiven = (await readAll(path, { source: 'sysmon', sourcetype: 'st', host: 'h1', index: 'win' })).events[0];
  assert.deepEqual([bothGiven.source, bothGiven.sourcetype, bothGiven.host, bothGiven.index], ['sysmon', 'st', 'h1', 'win']);
});

test('bytes in any chunking (a stream, a split header, a chunk split mid-record) give the events and records a file gives', async () => {
  const bytes = readFileSync(evtxSample('system.evtx').path);
  const fromFile = await readAll(evtxSample('system.evtx').path);
  for (const sizes of [[1, 7, 4088, 65537], [70_000], [3, 4093, 131_072, 9]]) {
    async function* pieces() {
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length];
        yield bytes.subarray(at, at + size);
        at += size;
      }
    }
    const fromStream = await readAll(pieces());
    assert.equal(fromStream.events.length, 1601, `pieces of ${sizes}`);
    assert.deepEqual(fromStream.reader.stats.problems, []);
    assert.deepEqual(fromStream.events.map((e) => [e.raw, e.line, e.byteStart, e.source]), fromFile.events.map((e) => [e.raw, e.line, e.byteStart, e.source]));
    assert.deepEqual(fromStream.reader.records.at(1601), { record: 13649, chunk: 8, offset: fromFile.reader.records.at(1601)!.offset });
  }
  const inMemory = parseLog(bytes);
  assert.deepEqual(inMemory.events.map((e) => e.raw), fromFile.events.map((e) => e.raw));
});

test('damage: each problem kept with its file, record, chunk and offset, lost records counted as unparsed, the rest read', async () => {
  const dir = scratch('evtx-damaged-');
  try {
    const bytes = readFileSync(evtxSample('security.evtx').path);
    const damaged = recordsOf(bytes, 5).find((r) => r.record === 450)!;
    bytes.writeUInt32LE(damaged.size + 8, damaged.offset + 4);
    const path = join(dir, 'damaged.evtx');
    writeFileSync(path, bytes);
    const { events, reader } = await readAll(path);
    assert.equal(events.length, 2260);
    assert.equal(reader.stats.eventsUnparsed, 1);
    assert.deepEqual(reader.stats.problems.map((p) => [p.line, p.file, p.evtx?.record, p.evtx?.chunk, p.evtx?.offset]), [
      [0, path, undefined, 5, 4096 + 5 * 65536 + 512],
      [0, path, 450, 5, damaged.offset],
    ]);
    assert.equal(describeProblemPosition(reader.stats.problems[1]), `damaged.evtx record 450 (chunk 5) at offset 0x${damaged.offset.toString(16)}`);
    assert.ok(!events.some((e) => reader.records.at(e.line)!.record === 450));

    // Cut inside a chunk: the chunk is reported, the chunks before it read.
    const cut = join(dir, 'cut.evtx');
    writeFileSync(cut, readFileSync(evtxSample('security.evtx').path).subarray(0, 4096 + 3 * 65536 + 1000));
    const short = await readAll(cut);
    assert.equal(short.events.length, rendered('security.evtx').filter((r) => r.chunk < 3).length);
    assert.deepEqual(short.reader.stats.problems.map((p) => [p.evtx?.chunk, p.reason]), [
      [3, 'the file ends 1000 bytes into the chunk: chunk skipped (how many records were lost is not known)'],
      [4, 'the file ends after 4 chunks, but its header lists 26: the file is cut off (how many records were lost is not known)'],
    ]);

    // Cut inside its file header: one problem, never a throw.
    const stub = parseLog(Buffer.from('ElfFile\0 and nothing more'));
    assert.equal(stub.stats.format, 'evtx');
    assert.deepEqual(stub.events, []);
    assert.deepEqual(stub.stats.problems.map((p) => [describeProblemPosition(p), p.reason]), [['file header', 'the file ends inside its EVTX file header, after 25 bytes (how many records were lost is not known)']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder is one log: its .evtx files in name order, numbered on, each with its channel; an entry that is not read is reported', async () => {
  const dir = scratch('evtx-folder-');
  try {
    copyFileSync(evtxSample('security.evtx').path, join(dir, 'a-Security.evtx'));
    copyFileSync(evtxSample('system.evtx').path, join(dir, 'b-System.EVTX'));
    writeFileSync(join(dir, 'c-notes.evtx'), 'not an event log\n');
    symlinkSync(evtxSample('issue_38.evtx').path, join(dir, 'd-elsewhere.evtx'));
    writeFileSync(join(dir, 'readme.txt'), 'ignored: not *.evtx\n');
    mkdirSync(join(dir, 'sub.evtx'));
    const { events, reader } = await readAll(dir);
    assert.equal(reader.stats.format, 'evtx');
    assert.equal(events.length, 2261 + 1601);
    assert.deepEqual(events.map((e) => e.line), Array.from({ length: 3862 }, (_, i) => i + 1));
    assert.deepEqual(events.slice(2260, 2262).map((e) => e.source), ['XmlWinEventLog:Security', 'XmlWinEventLog:System']);
    assert.deepEqual(reader.records.at(2262), { file: join(dir, 'b-System.EVTX'), record: 12049, chunk: 0, offset: 4608 });
    assert.deepEqual(reader.stats.problems.map((p) => [describeProblemPosition(p), p.reason]), [
      ['c-notes.evtx', 'not an .evtx file (it does not start with the signature "ElfFile"): not read'],
      ['d-elsewhere.evtx', `a link to ${evtxSample('issue_38.evtx').path}, outside the folder: not read`],
      ['sub.evtx', 'not a regular file: not read'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an AbortSignal stops an .evtx log quietly between chunks', async () => {
  const controller = new AbortController();
  const reader = readLog(evtxSample('security.evtx').path, { signal: controller.signal, chunkBytes: 65536 });
  let seen = 0;
  for await (const _ of reader) if (++seen === 100) controller.abort();
  assert.equal(seen, 100);
  assert.equal(reader.stats.cancelled, true);
  assert.ok(reader.stats.bytesRead < statSync(evtxSample('security.evtx').path).size);
});

test('RecordPositions: identifiers that do not run on one by one are kept each; a second reader of the log records nothing twice', () => {
  const positions = new RecordPositions();
  const event = (record: number, offset: number): EvtxEvent => ({ kind: 'event', record, chunk: 2, offset: 4096 + 2 * 65536 + offset, xml: '' });
  positions.add(1, 'a.evtx', [event(10, 512), event(11, 900), event(15, 1500)]);
  positions.add(1, 'a.evtx', [event(99, 512)]);
  positions.add(4, 'a.evtx', [event(16, 512)].map((e) => ({ ...e, chunk: 3, offset: 4096 + 3 * 65536 + 512 })));
  assert.deepEqual([1, 2, 3, 4].map((n) => positions.at(n)?.record), [10, 11, 15, 16]);
  assert.deepEqual(positions.at(3), { file: 'a.evtx', record: 15, chunk: 2, offset: 4096 + 2 * 65536 + 1500 });
  assert.equal(positions.at(5), undefined);
  assert.equal(new RecordPositions().isEmpty, true);
});

test('a record read again from its chunk, and as a document: where it is, then its XML one element a line', () => {
  const path = evtxSample('security.evtx').path;
  const last = rendered('security.evtx').at(-1)!;
  const position = { file: path, record: last.record, chunk: last.chunk, offset: last.offset };
  assert.equal(readRecordTexts([position]).get(recordKey(position)), last.xml);
  assert.equal(readRecordTexts([{ ...position, offset: position.offset + 8 }]).size, 0, 'no record at that offset');
  assert.equal(readRecordTexts([{ ...position, record: 7 }]).size, 0, 'another record at that offset: the file changed');
  const document = recordDocument(position)!;
  assert.ok(document.startsWith(`<!-- security.evtx record 2261 (chunk 25) at offset 0x${last.offset.toString(16)}, indented to read`));
  assert.match(document, /\n  <System>\n    <Provider Name='Microsoft-Windows-Security-Auditing' [^\n]*\/>\n    <EventID>4672<\/EventID>\n/);
  const unindented = (text: string) => text.replace(/\r?\n\s*/g, '');
  assert.equal(unindented(document.replace(/^<!--.*-->\n/, '')), unindented(last.xml));
  assert.equal(indentXml("<a><b x='>'>t</b><c/><d></d>text<e><f>1</f></e></a>"), "<a>\n  <b x='>'>t</b>\n  <c/>\n  <d></d>\n  text\n  <e>\n    <f>1</f>\n  </e>\n</a>");
});

test('bytes after an EVTX signature, in any chunking, never throw: every problem has a position, every event a record', async () => {
  const real = readFileSync(evtxSample('issue_38.evtx').path);
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), fc.integer({ min: 1, max: 9000 }), fc.boolean(), async (noise, piece, keepHeader) => {
      // Random bytes after the signature, or a real header followed by random chunks.
      const head = keepHeader ? real.subarray(0, 4096) : Buffer.from('ElfFile\0');
      const bytes = Buffer.concat([head, Buffer.from(noise)]);
      async function* pieces() {
        for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
      }
      const { events, reader } = await readAll(pieces());
      assert.equal(reader.stats.format, 'evtx');
      for (const problem of reader.stats.problems) assert.ok(problem.evtx !== undefined && problem.reason.length > 0);
      for (const event of events) assert.ok(reader.records.at(event.line) !== undefined);
      assert.deepEqual(events.map((e) => e.raw), parseLog(bytes).events.map((e) => e.raw));
    }),
    { numRuns: 60 },
  );
});
