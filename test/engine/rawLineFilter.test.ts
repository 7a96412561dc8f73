// The fast path on raw bytes (readers/filters.ts LiteralLineFilter.rawBytes): a line the literals rule
// out is skipped before it is decoded, when its format lets the reader tell that it is one whole
// event. Whatever the chunking, encoding and line shapes, the reader must hand out exactly the
// events, stats and problems it gives when every line is decoded and filtered as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventPipeline } from '../../server/src/engine/readers/pipeline';
import { requireLiterals, type LiteralLineFilter } from '../../server/src/engine/readers/filters';
import type { ReadOptions } from '../../server/src/engine/readers/types';

const SYSMON = readFileSync(resolve(__dirname, '../../samples/logs/msiexec_sysmon.log'), 'utf8').split('\n').filter((l) => l.trim() !== '');

/** Everything a reader gives: each event's place and text, and the stats. */
function readInChunks(bytes: Buffer, chunk: number, options: ReadOptions) {
  const pipeline = new EventPipeline(options);
  const events = [];
  for (let at = 0; at < bytes.length; at += chunk) events.push(...pipeline.push(bytes.subarray(at, at + chunk)));
  events.push(...pipeline.end());
  return {
    events: events.map((e) => ({ line: e.line, endLine: e.endLine, byteStart: e.byteStart, byteEnd: e.byteEnd, raw: e.raw, time: e.time })),
    stats: pipeline.stats,
  };
}

/** The reading with the raw-bytes fast path, and the same filter applied to decoded lines only. */
function bothWays(bytes: Buffer, filter: LiteralLineFilter, format?: ReadOptions['format']) {
  assert.equal(filter.rawBytes, true, 'the filter can run on raw bytes');
  const decodedOnly = (line: string) => filter(line);
  for (const chunk of [5, 64, 1000, bytes.length]) {
    const raw = readInChunks(bytes, chunk, { lineFilter: filter, format });
    const text = readInChunks(bytes, chunk, { lineFilter: decodedOnly, format });
    assert.deepEqual(raw, text, `chunks of ${chunk} bytes`);
  }
  return readInChunks(bytes, bytes.length, { lineFilter: filter, format });
}

test('XML: lines ruled out on their bytes give what decoding them gives, multi-line events and noise included', () => {
  // Line 9 of the sample has no msiexec.exe; lines 1 and 2 have it.
  const [first, second] = SYSMON;
  const third = SYSMON[8];
  assert.ok(!/msiexec\.exe/i.test(third));
  const lines = [
    first,
    second.replace('msiexec.exe', 'MSIEXEC.EXE'),
    third.replace('</EventData>', "<Data Name='Note'>é日本 ünïcode</Data></EventData>"),
    // A pretty-printed event: the literal is only on its second line.
    third.slice(0, 200),
    third.slice(200).replace('</EventData>', "<Data Name='X'>msiexec.exe /y</Data></EventData>"),
    // Two events on a line, the second one matching; then noise without the literal.
    third + first,
    'stray text between events',
    // One event whose start tag is cut: not one whole event, decoded and reported.
    third.replace('<Event ', '<Evnt '),
    third,
  ];
  const bytes = Buffer.from(lines.join('\r\n') + '\n', 'utf8');
  const filter = requireLiterals([['msiexec.exe']])!;
  const { events, stats } = bothWays(bytes, filter);
  assert.ok(stats.eventsFiltered >= 3 && events.length >= 4, `filtered ${stats.eventsFiltered}, kept ${events.length}`);
  assert.ok(events.some((e) => e.line === 4 && e.endLine === 5), 'the two-line event with the literal on its second line is kept');
  assert.ok(stats.problems.some((p) => p.line === 7), 'noise without the literal is still reported');
  // UTF-16 as PowerShell writes it: decoded before the lines are split, same answers.
  bothWays(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\n', 'utf16le')]), filter);
});

test('JSON: non-blank lines ruled out on their bytes are counted as filtered; blank and odd lines are decoded', () => {
  const lines = [
    JSON.stringify({ Image: 'C:\\Windows\\System32\\msiexec.exe', CommandLine: 'msiexec /y x.dll' }),
    JSON.stringify({ Image: 'C:\\Windows\\explorer.exe', Note: 'ünïcode 日本' }),
    '',
    '   ',
    '\u00a0',
    '  {"Image": "cmd.exe"}',
    '{"Image": "MsiExec.EXE", "broken": ',
    '{"Image": "notepad.exe", "broken": ',
    JSON.stringify({ CommandLine: 'msiexec.exe' }),
  ];
  const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
  const { events, stats } = bothWays(bytes, requireLiterals([['msiexec.exe']])!, 'json');
  assert.deepEqual(events.map((e) => e.line), [1, 9]);
  assert.equal(stats.eventsFiltered, 3, 'lines 2, 6 (decoded: it starts with spaces) and 8; the NBSP line is blank');
  assert.equal(stats.eventsUnparsed, 1, 'the broken line holding the literal is decoded and reported');
});

test('word clauses: a value too short for a literal is required as a whole word, ignoring case', () => {
  const filter = requireLiterals([], [['20', 'ab']])!;
  assert.equal(filter('<EventID>20</EventID>'), true);
  assert.equal(filter('"x":"AB"'), true);
  assert.equal(filter('2020-01-01 x=120 y=20a z=a20'), false, 'inside a run of letters or digits');
  assert.equal(filter('v=20.5'), true, 'a dot is no letter or digit');
  assert.equal(filter('é20'), true);
  assert.equal(requireLiterals([['msiexec.exe']], [['1']])!('msiexec.exe 2'), false, 'literal and word clauses are all required');
  const lines = ['<Event><System><EventID>20</EventID></System></Event>', '<Event><System><EventID>120</EventID></System></Event>', '<Event><System><EventID>é20</EventID></System></Event>'];
  const { events, stats } = bothWays(Buffer.from(lines.join('\n') + '\n', 'utf8'), filter);
  assert.deepEqual(events.map((e) => e.line), [1, 3]);
  assert.equal(stats.eventsFiltered, 1);
});
