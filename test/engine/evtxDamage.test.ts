// Damaged copies of real .evtx files: each damage is reported with its file offset (and its record
// and chunk where known), costs only what it damaged, and is counted; everything else is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseEvtx } from '../../server/src/engine/readers/evtx/reader';
import { describePosition, type EvtxEvent, type EvtxItem, type EvtxProblem } from '../../server/src/engine/readers/evtx/chunk';
import { evtxSample } from '../support/evtxSamples';
import { chunkOffset, fixChecksums, recordsOf } from '../support/evtxBytes';

function security(): Buffer {
  return readFileSync(evtxSample('security.evtx').path);
}

function split(items: EvtxItem[]): { events: EvtxEvent[]; problems: EvtxProblem[] } {
  return {
    events: items.filter((item): item is EvtxEvent => item.kind === 'event'),
    problems: items.filter((item): item is EvtxProblem => item.kind === 'problem'),
  };
}

test('a chunk whose header checksum fails is skipped and reported with its offset and the records its header lists; the other chunks are read', () => {
  const bytes = security();
  bytes[chunkOffset(3) + 100] ^= 0xff;
  const { items, stats } = parseEvtx(bytes);
  const { events, problems } = split(items);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].chunk, 3);
  assert.equal(problems[0].offset, chunkOffset(3));
  assert.equal(problems[0].skipped, 'chunk');
  assert.equal(problems[0].recordsLost, 89);
  assert.match(problems[0].reason, /^chunk header checksum mismatch \(stored 0x[0-9a-f]+, computed 0x[0-9a-f]+\): chunk skipped; its header, unverified, lists records 261-349$/);
  assert.equal(describePosition(problems[0]), `chunk 3 at offset 0x${chunkOffset(3).toString(16)}`);
  assert.equal(events.length, 2261 - 89);
  assert.ok(!events.some((e) => e.record >= 261 && e.record <= 349));
  assert.ok(events.some((e) => e.record === 260) && events.some((e) => e.record === 350));
  assert.equal(stats.chunksSkipped, 1);
  assert.equal(stats.recordsLost, 89);
});

test('a record whose size and trailing copy disagree is skipped to the next record; the checksum mismatch is reported, the chunk\'s other records read', () => {
  const bytes = security();
  const damaged = recordsOf(bytes, 5).find((r) => r.record === 450)!;
  bytes.writeUInt32LE(damaged.size + 8, damaged.offset + 4);
  const { events, problems } = split(parseEvtx(bytes).items);
  assert.deepEqual(problems.map((p) => [p.chunk, p.record, p.offset, p.skipped, p.recordsLost]), [
    [5, undefined, chunkOffset(5) + 512, 'nothing', undefined],
    [5, 450, damaged.offset, 'bytes', 1],
  ]);
  assert.match(problems[0].reason, /^event records checksum mismatch \(stored 0x[0-9a-f]+, computed 0x[0-9a-f]+\): the records are read, but some may be damaged$/);
  assert.equal(problems[1].reason, `record size and its copy at the record's end disagree: ${damaged.size} bytes skipped to the next record at 0x${(damaged.offset + damaged.size).toString(16)}`);
  assert.equal(describePosition(problems[1]), `record 450 (chunk 5) at offset 0x${damaged.offset.toString(16)}`);
  assert.equal(events.length, 2260);
  assert.ok(events.some((e) => e.record === 449) && events.some((e) => e.record === 451));
});

test('bytes overwritten inside a chunk (checksums made right) cost the records they held, counted from the identifiers around them, and the later records that refer into them', () => {
  const bytes = security();
  const records = recordsOf(bytes, 7);
  const first = records[10];
  const third = records[12];
  bytes.fill(0x5a, first.offset, third.offset + 8);
  const { items, stats } = parseEvtx(fixChecksums(bytes));
  const { events, problems } = split(items);
  assert.deepEqual([problems[0].chunk, problems[0].offset, problems[0].skipped, problems[0].recordsLost], [7, first.offset, 'bytes', 3]);
  assert.equal(problems[0].reason, `no event record signature: ${third.offset + third.size - first.offset} bytes skipped to the next record at 0x${(third.offset + third.size).toString(16)}`);
  // Names and template definitions are stored once, where a chunk first uses them: records after the
  // damage that point back into it cannot be read either, and each says so.
  for (const later of problems.slice(1)) {
    assert.deepEqual([later.chunk, later.skipped, later.recordsLost], [7, 'record', 1]);
    assert.ok(later.offset > third.offset && later.record! > third.record, describePosition(later));
  }
  assert.equal(events.length + stats.recordsLost, 2261);
  assert.equal(stats.recordsLost, problems.length - 1 + 3);
  assert.ok(events.some((e) => e.chunk === 7 && e.record > third.record), 'records after the damage that need nothing from it are read');
  assert.equal(events.filter((e) => e.chunk === 8).length, recordsOf(bytes, 8).length);
});

test('a damaged template definition costs, in its chunk, the records that use it, each reported; the next chunk defines its own and is read', () => {
  const bytes = security();
  // Record 1's BinXml: fragment header (4), template instance token (1), unknown (1), identifier (4), definition offset (4).
  const record = recordsOf(bytes, 0)[0];
  const definition = bytes.readUInt32LE(record.offset + 24 + 10);
  assert.equal(definition, record.offset - chunkOffset(0) + 24 + 14, 'record 1 stores the definition right after the instance header');
  // Definition: next offset (4), GUID (16), size (4), fragment header (4), then the <Event> element token.
  const element = chunkOffset(0) + definition + 28;
  assert.equal(bytes[element] & 0xbf, 0x01);
  bytes[element] = 0x55;
  const { events, problems } = split(parseEvtx(fixChecksums(bytes)).items);
  assert.ok(problems.length > 1, 'every record of the chunk that uses the template is reported');
  for (const problem of problems) {
    assert.equal(problem.chunk, 0);
    assert.equal(problem.skipped, 'record');
    assert.equal(problem.recordsLost, 1);
    assert.equal(problem.reason, `template at 0x${definition.toString(16)}: unexpected token 0x55 in a BinXml fragment; record skipped`);
  }
  assert.equal(events.filter((e) => e.chunk === 0).length + problems.length, 91);
  assert.equal(events.filter((e) => e.chunk > 0).length, 2261 - 91);
});

test('a value descriptor naming an unknown type costs its record only, reported with record, chunk and offset', () => {
  const bytes = readFileSync(evtxSample('issue_38.evtx').path);
  const record = recordsOf(bytes, 0)[0];
  // The instance's values follow its inline definition: definition offset, +24 header, + the definition's size.
  const definition = bytes.readUInt32LE(record.offset + 24 + 10);
  const values = chunkOffset(0) + definition + 24 + bytes.readUInt32LE(chunkOffset(0) + definition + 20);
  bytes[values + 4 + 2] = 0x7f;
  const { items, stats } = parseEvtx(fixChecksums(bytes));
  assert.deepEqual(items, [
    {
      kind: 'problem',
      record: 1,
      chunk: 0,
      offset: record.offset,
      reason: 'unknown value type 0x7f; record skipped',
      skipped: 'record',
      recordsLost: 1,
    },
  ]);
  assert.equal(stats.recordsLost, 1);
});

test('a cut-off file: the chunks before the cut are read, the cut chunk and the missing ones reported', () => {
  const bytes = security().subarray(0, chunkOffset(3) + 1000);
  const { items, stats } = parseEvtx(bytes);
  const { events, problems } = split(items);
  assert.equal(events.length, 260);
  assert.deepEqual(problems.map((p) => [p.chunk, p.offset, p.skipped, p.reason]), [
    [3, chunkOffset(3), 'chunk', 'the file ends 1000 bytes into the chunk: chunk skipped'],
    [4, chunkOffset(4), 'chunk', 'the file ends after 4 chunks, but its header lists 26: the file is cut off'],
  ]);
  assert.equal(stats.chunksSkipped, 1 + 22);
});

test('a file header whose checksum fails is reported; its chunks are read all the same', () => {
  const bytes = security();
  bytes[60] ^= 0x01;
  const { events, problems } = split(parseEvtx(bytes).items);
  assert.deepEqual(problems.map((p) => [p.chunk, p.offset, p.skipped]), [[-1, 0, 'nothing']]);
  assert.match(problems[0].reason, /^file header checksum mismatch \(stored 0x[0-9a-f]+, computed 0x[0-9a-f]+\); the chunks are read anyway$/);
  assert.equal(describePosition(problems[0]), 'file header');
  assert.equal(events.length, 2261);
});

test('a chunk the file header lists that is all zeros (wiped) is reported; zeros past the listed chunks are unused space', () => {
  const bytes = security();
  bytes.fill(0, chunkOffset(2), chunkOffset(3));
  const { items, stats } = parseEvtx(bytes);
  const { events, problems } = split(items);
  assert.deepEqual(problems.map((p) => [p.chunk, p.offset, p.skipped, p.recordsLost, p.reason]), [[2, chunkOffset(2), 'chunk', undefined, 'the chunk is all zeros, though the file header lists it']]);
  assert.equal(events.length, 2261 - 83);
  assert.equal(stats.unknownLosses, 1);
  // security.evtx itself ends in 7 unused zero chunks past its 26: nothing to report there.
  assert.deepEqual(split(parseEvtx(security()).items).problems, []);
});

test('a file that ends inside its header is the reader\'s error, saying so', () => {
  assert.throws(() => parseEvtx(security().subarray(0, 100)), { name: 'EvtxError', message: 'the file ends inside its EVTX file header, after 100 bytes' });
});

test('records wiped to zeros at the end of a chunk are reported with how many its header lists; zeros after the last listed record are not', () => {
  const bytes = security();
  const records = recordsOf(bytes, 4);
  const wiped = records[records.length - 3];
  bytes.fill(0, wiped.offset, chunkOffset(4) + bytes.readUInt32LE(chunkOffset(4) + 48));
  const { items, stats } = parseEvtx(fixChecksums(bytes));
  const { events, problems } = split(items);
  assert.deepEqual(problems.map((p) => [p.chunk, p.record, p.offset, p.skipped, p.recordsLost, p.reason]), [
    [4, wiped.record, wiped.offset, 'bytes', 3, `the rest of the chunk is zeros, though its header lists records up to ${records[records.length - 1].record}`],
  ]);
  assert.equal(events.length, 2258);
  assert.equal(stats.recordsLost, 3);
});
