// Each bound of the EVTX reader (docs/limits.md), lowered far enough that real files reach it: what is
// past the bound is reported as a problem naming the bound, with its position, and the rest is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseEvtx, type EvtxReadOptions } from '../../server/src/engine/readers/evtx/reader';
import type { EvtxEvent, EvtxProblem } from '../../server/src/engine/readers/evtx/chunk';
import { DEFAULT_EVTX_LIMITS } from '../../server/src/engine/readers/evtx/limits';
import { evtxSample } from '../support/evtxSamples';
import { withRecords } from '../support/binxmlWriter';
import { hangGuarded } from '../support/hangGuard';

function read(name: string, options: EvtxReadOptions = {}): { events: EvtxEvent[]; problems: EvtxProblem[] } {
  const { items } = parseEvtx(readFileSync(evtxSample(name).path), options);
  return {
    events: items.filter((item): item is EvtxEvent => item.kind === 'event'),
    problems: items.filter((item): item is EvtxProblem => item.kind === 'problem'),
  };
}

test('maxEventChars: an event that renders longer is reported and skipped; the shorter ones are read', () => {
  const all = read('security.evtx').events;
  const longer = all.filter((event) => event.xml.length > 1500);
  assert.ok(longer.length > 0 && longer.length < all.length);
  const { events, problems } = read('security.evtx', { limits: { maxEventChars: 1500 } });
  assert.deepEqual(events, all.filter((event) => event.xml.length <= 1500));
  assert.deepEqual(problems.map((p) => [p.record, p.chunk, p.offset]), longer.map((e) => [e.record, e.chunk, e.offset]));
  assert.ok(problems.every((p) => p.reason === 'event renders to more than 1500 characters (maxEventChars); record skipped'));
});

test('maxDepth: classic events, whose EventData is a BinXml value holding a template, are reported when nesting is bounded below the deepest (7 levels here)', () => {
  const all = read('system.evtx');
  const { events, problems } = read('system.evtx', { limits: { maxDepth: 6 } });
  assert.ok(problems.length > 0 && events.length > 0);
  assert.equal(events.length + problems.length, all.events.length);
  assert.ok(problems.every((p) => p.skipped === 'record' && /nested deeper than 6 levels \(maxDepth\); record skipped$/.test(p.reason)), problems[0].reason);
  // What is read at the lower bound is read the same.
  const byRecord = new Map(all.events.map((e) => [e.record, e.xml]));
  assert.ok(events.every((e) => byRecord.get(e.record) === e.xml));
  assert.ok(problems.every((p) => /<(EventData|UserData)>/.test(byRecord.get(p.record!)!)), 'the records cut are those with nested event data');
});

test('maxChunkWork: once a chunk has rendered its budget, its remaining records are reported; the next chunk starts afresh', () => {
  const all = read('security.evtx').events;
  const { events, problems } = read('security.evtx', { limits: { maxChunkWork: 40_000 } });
  assert.ok(problems.length > 0);
  assert.equal(events.length + problems.length, all.length);
  assert.ok(problems.every((p) => /^rendering this chunk exceeds 40000 characters and nodes \(maxChunkWork\); record skipped$/.test(p.reason)));
  for (let chunk = 0; chunk < 26; chunk++) {
    const read = events.filter((e) => e.chunk === chunk);
    const cut = problems.filter((p) => p.chunk === chunk);
    assert.ok(read.length > 0, `chunk ${chunk} reads records up to its budget`);
    // The budget runs out once: every reported record comes after every read one.
    if (cut.length > 0) assert.ok(Math.min(...cut.map((p) => p.record!)) > Math.max(...read.map((e) => e.record)));
  }
});

test('maxTemplateBytesPerChunk: records whose template would pass the bound are reported; templates parsed before it keep serving', () => {
  const all = read('security.evtx').events;
  const { events, problems } = read('security.evtx', { limits: { maxTemplateBytesPerChunk: 3000 } });
  assert.ok(problems.length > 0 && events.length > 0);
  assert.equal(events.length + problems.length, all.length);
  assert.ok(problems.every((p) => /templates of this chunk exceed 3000 bytes \(maxTemplateBytesPerChunk\); record skipped$/.test(p.reason)), problems[0].reason);
});

test('the defaults read every real file whole', () => {
  assert.deepEqual(DEFAULT_EVTX_LIMITS, { maxDepth: 64, maxEventChars: 4 * 1024 * 1024, maxChunkWork: 32 * 1024 * 1024, maxTemplateBytesPerChunk: 1024 * 1024 });
  for (const name of ['security.evtx', 'system.evtx', 'issue_39.evtx', 'issue_43.evtx']) assert.deepEqual(read(name).problems, []);
});

hangGuarded('a crafted template that repeats a 40 KB value 2,000 times stops at maxEventChars instead of rendering 40 million characters', { timeout: 30_000 }, () => {
  const value = { type: 0x01, bytes: Buffer.from('x'.repeat(20_000), 'utf16le') };
  const template = { element: 'Data', children: Array.from({ length: 2000 }, () => ({ sub: 0 })) };
  const bytes = withRecords(readFileSync(evtxSample('issue_38.evtx').path), [{ template, values: [value] }]);
  const { items } = parseEvtx(bytes);
  assert.deepEqual(items.map((item) => item.kind === 'problem' && item.reason), [`event renders to more than ${DEFAULT_EVTX_LIMITS.maxEventChars} characters (maxEventChars); record skipped`]);
});
