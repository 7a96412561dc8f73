import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLog, EventPipeline } from '../../server/src/engine/readers/pipeline';
import type { TextLogFormat } from '../../server/src/engine/readers/types';

const FORMATS: TextLogFormat[] = ['xml', 'json', 'csv', 'text'];

/** Every event's byte range lies in the input and every problem has a line inside it. */
function assertSane(bytes: Buffer, format?: TextLogFormat): void {
  const { events, stats } = parseLog(bytes, format ? { format } : {});
  const lines = bytes.toString('latin1').split('\n').length;
  for (const e of events) {
    assert.ok(e.byteStart >= 0 && e.byteStart <= e.byteEnd && e.byteEnd <= bytes.length, `byte range ${e.byteStart}-${e.byteEnd}`);
    assert.ok(e.line >= 1 && e.line <= e.endLine && e.endLine <= lines);
    assert.ok(Number.isFinite(e.time));
    void e.fields; // extraction must not throw either
  }
  for (const p of stats.problems) assert.ok(p.line >= 1 && p.line <= lines, `problem line ${p.line}`);
  assert.equal(stats.eventsRead, events.length);
}

test('random bytes and invalid UTF-8 never throw, in every format', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom<TextLogFormat | undefined>(undefined, ...FORMATS), (bytes, format) => {
      assertSane(Buffer.from(bytes), format);
    }),
    { numRuns: 400 },
  );
  const invalidUtf8 = Buffer.from([0x3c, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x3e, 0xc3, 0x28, 0xff, 0xfe, 0x3c, 0x2f, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x3e, 0x0a]);
  const { events } = parseLog(invalidUtf8);
  assert.equal(events.length, 1);
  assert.match(events[0].raw, /\uFFFD/, 'invalid bytes decode to U+FFFD');
});

test('truncated and mangled XML in every position is reported, never thrown', () => {
  const event = "<Event><System><EventID>1</EventID><TimeCreated SystemTime='2020-10-08T11:03:46Z'/></System><EventData><Data Name='A'>x &amp; y</Data></EventData></Event>";
  for (let cut = 0; cut <= event.length; cut += 3) {
    const text = `${event.slice(0, cut)}\n${event}\n`;
    assertSane(Buffer.from(text));
    const { events, stats } = parseLog(text);
    assert.equal(events.at(-1)?.fields.get('A'), 'x & y', `cut at ${cut}: the whole event after it still parses`);
    assert.equal(stats.eventsRead + stats.eventsUnparsed - stats.eventsPartial >= 1, true);
  }
  const mangled = ["<Event><System><EventID>1</EventID></System><EventData><Data Name='A>x</Data></EventData></Event>", "<Event><System><EventID attr=>2</EventID></System></Event>", '<Event><EventData><Data Name=\'A\'>&#xFFFFFFF; &#0; &bogus; &</Data></EventData></Event>'];
  const { events } = parseLog(mangled.join('\n'));
  assert.equal(events.length, 3);
  assert.equal(events[2].fields.get('A'), '&#xFFFFFFF; &#0; &bogus; &', 'invalid references stay as written');
});

test('a 10 MB single line is read whole; a line over maxLineBytes is skipped and reported', () => {
  const big = `{"msg":"${'x'.repeat(10 * 1024 * 1024)}"}\n{"after":1}\n`;
  const { events, stats } = parseLog(big);
  assert.equal(events.length, 2);
  assert.equal((events[0].fields.get('msg') as string).length, 10 * 1024 * 1024);
  const limited = parseLog(big, { maxLineBytes: 1024 * 1024 });
  assert.deepEqual(limited.events.map((e) => e.line), [2]);
  assert.equal(limited.stats.eventsUnparsed, 1);
  assert.match(limited.stats.problems[0].reason, /line of 10485770 bytes exceeds the 1048576-byte limit/);
});

test('deeply nested JSON is a reported problem, not a stack overflow', () => {
  const depth = 100_000;
  const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\n${'['.repeat(depth)}\n{"ok":[[[1]]]}\n`;
  const { events, stats } = parseLog(deep);
  assert.deepEqual(events.map((e) => e.line), [3]);
  assert.deepEqual(events[0].fields.get('ok{}{}{}'), '1');
  assert.equal(stats.eventsUnparsed, 2);
  assert.match(stats.problems[0].reason, /nested deeper than 1000 levels/);
});

test('chunk boundaries anywhere (even inside a UTF-8 sequence or a CRLF) give the same events', () => {
  const text = "\uFEFF<Event><System><EventID>1</EventID><Computer>é✓</Computer></System></Event>\r\n<Event><System><EventID>2</EventID></System></Event>\r\n";
  const bytes = Buffer.from(text);
  const whole = parseLog(bytes).events.map((e) => [e.raw, e.byteStart, e.byteEnd, e.line]);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }), (sizes) => {
      const pipeline = new EventPipeline();
      const got = [];
      let at = 0;
      for (const size of sizes) {
        got.push(...pipeline.push(bytes.subarray(at, Math.min(bytes.length, at + size))));
        at = Math.min(bytes.length, at + size);
      }
      got.push(...pipeline.push(bytes.subarray(at)));
      got.push(...pipeline.end());
      assert.deepEqual(got.map((e) => [e.raw, e.byteStart, e.byteEnd, e.line]), whole);
    }),
  );
});
