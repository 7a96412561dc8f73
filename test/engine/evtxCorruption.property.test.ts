// Random damage to real .evtx files: bytes overwritten anywhere, with the checksums left as they are
// (the checks catch it) or made right again (the BinXml parser and renderer get the damaged bytes),
// and files cut off at random. Whatever the bytes, reading ends, nothing escapes but the reader's
// own EvtxError (only for a damaged file signature), no reader defect is reported, every event that
// comes out is well-formed XML, and the counts add up.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { hangGuarded } from '../support/hangGuard';
import { EvtxError, parseEvtx } from '../../server/src/engine/readers/evtx/reader';
import { INTERNAL_ERROR } from '../../server/src/engine/readers/evtx/chunk';
import { CHUNK_BYTES, FILE_HEADER_BYTES } from '../../server/src/engine/readers/evtx/limits';
import { evtxSample } from '../support/evtxSamples';
import { fixChecksums } from '../support/evtxBytes';
import { parseXml } from '../support/evtxReference';

const HANG_GUARD = { timeout: 120_000 };

/** Real files cut to their first chunks: classic System events (BinXml values), Security, and ANSI strings and SYSTEMTIMEs. */
const FILES = [
  readFileSync(evtxSample('system.evtx').path).subarray(0, FILE_HEADER_BYTES + 2 * CHUNK_BYTES),
  readFileSync(evtxSample('security.evtx').path).subarray(0, FILE_HEADER_BYTES + 2 * CHUNK_BYTES),
  readFileSync(evtxSample('issue_39.evtx').path).subarray(0, FILE_HEADER_BYTES + 2 * CHUNK_BYTES),
  readFileSync(evtxSample('issue_38.evtx').path),
];

const damage = fc.record({
  file: fc.integer({ min: 0, max: FILES.length - 1 }),
  // Positions as large integers taken modulo the length: fast-check's doubles cluster at 0 and 1.
  edits: fc.array(fc.record({ at: fc.integer({ min: 0, max: 0x7fffffff }), value: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 1, max: 16 }) }), { minLength: 1, maxLength: 24 }),
  fixChecksums: fc.boolean(),
  cutAt: fc.option(fc.integer({ min: 0, max: 0x7fffffff }), { freq: 4 }),
});

function damaged(input: { file: number; edits: { at: number; value: number; length: number }[]; fixChecksums: boolean; cutAt: number | null }): Buffer {
  const bytes = Buffer.from(FILES[input.file]);
  for (const edit of input.edits) {
    // Most edits land past the file header, where the records are.
    const at = FILE_HEADER_BYTES + (edit.at % (bytes.length - FILE_HEADER_BYTES));
    bytes.fill(edit.value, at, Math.min(bytes.length, at + edit.length));
  }
  if (input.fixChecksums) fixChecksums(bytes);
  return input.cutAt === null ? bytes : bytes.subarray(0, input.cutAt % (bytes.length + 1));
}

hangGuarded('random damage to real .evtx files: reading ends with events and reported problems only, every event well-formed', HANG_GUARD, () => {
  let events = 0;
  let problems = 0;
  let recordProblems = 0;
  fc.assert(
    fc.property(damage, (input) => {
      const bytes = damaged(input);
      let result: ReturnType<typeof parseEvtx>;
      try {
        result = parseEvtx(bytes);
      } catch (error) {
        assert.ok(error instanceof EvtxError, `not the reader's error: ${String(error)}`);
        assert.ok(bytes.length < 128 || bytes.toString('latin1', 0, 8) !== 'ElfFile\0', `thrown although the file header is there: ${error.message}`);
        return;
      }
      const { items, stats } = result;
      for (const item of items) {
        if (item.kind === 'problem') {
          problems++;
          if (item.skipped === 'record') recordProblems++;
          assert.ok(!item.reason.includes(INTERNAL_ERROR), item.reason);
          assert.ok(item.offset >= 0 && item.offset <= bytes.length + CHUNK_BYTES * 65536, `offset ${item.offset}`);
        } else {
          events++;
          parseXml(item.xml);
          assert.ok(item.offset >= FILE_HEADER_BYTES && item.offset < bytes.length, `event offset ${item.offset} outside the file`);
        }
      }
      assert.equal(stats.events + stats.problems, items.length);
    }),
    { numRuns: Number(process.env.EVTX_FUZZ_RUNS ?? 300) },
  );
  // Every outcome occurs, or the generator is not reaching what it is meant to test: records the
  // BinXml parser or renderer refused, not only chunks the checksums stopped.
  assert.ok(events > 0 && problems > 0 && recordProblems > 0, `${events} events, ${problems} problems, ${recordProblems} of records`);
});

hangGuarded('a damaged template or value never costs more than its chunk: the other chunk of the file is read whole', HANG_GUARD, () => {
  const original = FILES[0];
  const secondChunk = parseEvtx(original).items.filter((item) => item.kind === 'event' && item.chunk === 1).length;
  fc.assert(
    fc.property(fc.array(fc.record({ at: fc.integer({ min: FILE_HEADER_BYTES + 512, max: FILE_HEADER_BYTES + CHUNK_BYTES - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 40 }), (edits) => {
      const bytes = Buffer.from(original);
      for (const edit of edits) bytes[edit.at] = edit.value;
      const { items } = parseEvtx(fixChecksums(bytes));
      assert.equal(items.filter((item) => item.kind === 'event' && item.chunk === 1).length, secondChunk);
      assert.deepEqual(items.filter((item) => item.kind === 'problem' && item.chunk === 1), []);
    }),
    { numRuns: 100 },
  );
});
