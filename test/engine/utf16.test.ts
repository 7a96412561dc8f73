// UTF-16 text logs (what Windows PowerShell's Out-File writes): little- and big-endian with a byte-order
// mark, little-endian without one, decoded for every text format as they stream, with the line numbers
// and events of the same log in UTF-8. (The CLI runs the msiexec detection on such copies in
// test/cli/evtxCli.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { readLog } from '../../server/src/engine/readers/readLog';
import { textEncodingOf } from '../../server/src/engine/readers/textEncoding';
import type { LogEvent } from '../../server/src/engine/event';
import { utf16, UTF16_VARIANTS as VARIANTS } from '../support/utf16';

function shape(events: LogEvent[]) {
  return events.map((e) => ({ raw: e.raw, line: e.line, endLine: e.endLine, time: e.time, fields: [...e.fields], source: e.source }));
}

async function* pieces(bytes: Buffer, sizes: number[]) {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function readPieces(bytes: Buffer, sizes: number[]) {
  const reader = readLog(pieces(bytes, sizes));
  const events: LogEvent[] = [];
  for await (const event of reader) events.push(event);
  return { events, stats: reader.stats };
}

const msiexec = readFileSync(join(__dirname, '../../samples/logs/msiexec_sysmon.log'), 'utf8');

for (const variant of VARIANTS) {
  test(`samples/logs/msiexec_sysmon.log in UTF-16 ${variant}: the same events on the same lines, whole and in pieces that split code units`, async () => {
    const original = parseLog(msiexec);
    assert.equal(original.events.length, 11);
    const bytes = utf16(msiexec, variant);
    const whole = parseLog(bytes);
    assert.equal(whole.stats.format, 'xml');
    assert.deepEqual(whole.stats.problems, []);
    assert.deepEqual(shape(whole.events), shape(original.events));
    for (const sizes of [[1], [3, 5], [4097, 1]]) {
      const streamed = await readPieces(bytes, sizes);
      assert.deepEqual(streamed.stats.problems, []);
      assert.deepEqual(shape(streamed.events), shape(original.events), `pieces of ${sizes}`);
      assert.equal(streamed.stats.linesRead, original.stats.linesRead);
    }
  });
}

test('every text format is decoded: JSON lines with CR LF and a character outside the BMP split across pieces, CSV, plain text', async () => {
  const json = '{"user":"b\u00f6b","note":"\u{1F600} ok","time":"2024-05-02T10:00:01Z"}\r\n{"user":"eve","note":"x","time":"2024-05-02T10:00:02Z"}\r\n';
  const csv = 'time,user,action\n2024-05-02T10:00:01Z,bob,login\n2024-05-02T10:00:02Z,eve,logout\n';
  const text = 'May 27 09:28:36 host sshd[1]: Accepted password for bob\nMay 27 09:28:37 host sshd[1]: user=eve action=fail\n';
  for (const [log, format, count] of [[json, 'json', 2], [csv, 'csv', 2], [text, 'text', 2]] as const) {
    const original = parseLog(log);
    assert.equal(original.stats.format, format);
    for (const variant of VARIANTS) {
      for (const sizes of [[1], [2], [7, 2]]) {
        const streamed = await readPieces(utf16(log, variant), sizes);
        assert.equal(streamed.stats.format, format, `${format}, ${variant}`);
        assert.equal(streamed.events.length, count);
        assert.deepEqual(shape(streamed.events), shape(original.events), `${format}, ${variant}, pieces of ${sizes}`);
      }
    }
  }
  assert.equal(parseLog(utf16(json, 'BE with BOM')).events[0].fields.get('note'), '\u{1F600} ok');
});

test('the encoding from the first bytes: a byte-order mark, or ASCII characters each followed by a zero byte; UTF-8 otherwise', () => {
  const of = (bytes: number[] | string, final = false) => textEncodingOf(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes), final);
  assert.deepEqual(of([0xff, 0xfe]), { encoding: 'utf-16le', bom: 2 });
  assert.deepEqual(of([0xfe, 0xff, 0, 0x3c]), { encoding: 'utf-16be', bom: 2 });
  assert.deepEqual(of('<\0E\0'), { encoding: 'utf-16le', bom: 0 });
  assert.deepEqual(of('\r\0\n\0'), { encoding: 'utf-16le', bom: 0 });
  assert.deepEqual(of('a\0', true), { encoding: 'utf-16le', bom: 0 });
  assert.deepEqual(of('\xef\xbb\xbf{"a"'), { encoding: 'utf-8', bom: 3 });
  assert.deepEqual(of('{"a"'), { encoding: 'utf-8', bom: 0 });
  // A non-ASCII first character (UTF-8 é, or text that only looks padded) is not taken for UTF-16.
  assert.deepEqual(of('\xc3\xa9\0\0'), { encoding: 'utf-8', bom: 0 });
  assert.equal(of('<\0E'), undefined, 'three bytes: more may come');
  assert.deepEqual(of('<\0E', true), { encoding: 'utf-8', bom: 0 });
  assert.deepEqual(of('', true), { encoding: 'utf-8', bom: 0 });
});

test('an odd last byte or an unpaired surrogate is U+FFFD in its event, never a throw', () => {
  const odd = Buffer.concat([utf16('{"a":"x"}\n{"a":"y"}', 'LE with BOM'), Buffer.from([0x41])]);
  const read = parseLog(odd);
  assert.deepEqual(read.events.map((e) => e.raw), ['{"a":"x"}']);
  assert.equal(read.stats.eventsUnparsed, 1, 'the damaged last line is reported, not dropped silently');
  assert.deepEqual(read.stats.problems.map((p) => p.line), [2]);
  assert.match(read.stats.problems[0].reason, /^invalid JSON: /);
  const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('"}\n', 'utf16le')]);
  assert.equal(parseLog(lone).events[0].fields.get('a'), '\ufffd');
});
