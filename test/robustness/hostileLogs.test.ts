// Hostile logs through the whole engine (runDetection, as `spl-detect run` and the language server
// call it): random bytes, truncated XML, invalid UTF-8, a 10 MB line, deeply nested JSON. Every
// malformed line is counted and reported with its line number, the good events around it still give
// the same results, and nothing throws. Reader-level cases are in test/engine/readerRobustness.test.ts.
import { before } from 'node:test';
import { hangGuarded } from '../support/hangGuard';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Project } from '../../server/src/workspace/project';
import { runDetection, type DetectionRun } from '../../server/src/engine/eval/runDetection';

const HANG_GUARD = { timeout: 30_000 };
const SAMPLES = resolve(__dirname, '../../samples');
const MSIEXEC = join(SAMPLES, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
const SAMPLE_LOG = readFileSync(join(SAMPLES, 'logs/msiexec_sysmon.log'));
const COUNT_SPL = '/ws/count.spl';

let samples: Project;
let clean: DetectionRun;
let sampleLines: Buffer[];

async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Joins lines with LF (the last one too). */
const joinLines = (lines: Buffer[]) => Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));

before(async () => {
  samples = Project.load([SAMPLES]);
  sampleLines = SAMPLE_LOG.toString('latin1').split('\n').filter((l) => l.length > 0).map((l) => Buffer.from(l, 'latin1'));
  clean = await runDetection({ project: samples, path: MSIEXEC, log: chunks(SAMPLE_LOG) });
  assert.equal(clean.ok, true, JSON.stringify(clean.problems));
  assert.ok(clean.results.length > 0, 'the sample log has msiexec hits');
});

/** The hit events of a run, as the text of their log lines (line numbers move when garbage is inserted). */
function hitTexts(run: DetectionRun, lines: Buffer[]): string[] {
  return run.results.flatMap((r) => r.events.map((line) => lines[line - 1].toString('utf8'))).sort();
}

/** Bytes of one garbage line: anything but a line break or `<`, with at least one visible ASCII byte. */
const garbageLine = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((bytes) => {
  const cleaned = Buffer.from(bytes.map((b) => (b === 0x0a || b === 0x0d || b === 0x3c ? 0x41 : b)));
  return Buffer.concat([Buffer.from('#'), cleaned]);
});

hangGuarded('garbage lines anywhere in an XML log (the first line too): each is counted and reported, the hits are unchanged', HANG_GUARD, async () => {
  const expected = hitTexts(clean, sampleLines);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(), garbageLine), { minLength: 1, maxLength: 8 }), async (inserts) => {
      const lines = [...sampleLines];
      for (const [at, garbage] of inserts) lines.splice(at % (lines.length + 1), 0, garbage);
      const run = await runDetection({ project: samples, path: MSIEXEC, log: chunks(joinLines(lines), 997) });
      assert.equal(run.ok, true, JSON.stringify(run.problems));
      assert.deepEqual(hitTexts(run, lines), expected);
      const s = run.stats;
      assert.equal(s.eventsUnparsed, inserts.length, 'every garbage line is counted once');
      assert.equal(s.eventsRead + s.eventsFiltered + s.eventsUnparsed, lines.length, 'every line is an event, a filtered event or counted as unparsed');
      const garbageLineNumbers = lines.flatMap((line, i) => (line[0] === 0x23 ? [i + 1] : []));
      const reported = run.problems.filter((p) => p.code === 'RUN007').map((p) => Number(/^log line (\d+):/.exec(p.message)?.[1]));
      assert.deepEqual(reported, garbageLineNumbers);
    }),
    { numRuns: 60 },
  );
});

hangGuarded('a truncated event, invalid UTF-8 and a 10 MB garbage line in an XML log', HANG_GUARD, async () => {
  const truncated = sampleLines[3].subarray(0, Math.floor(sampleLines[3].length / 2));
  const invalidUtf8 = Buffer.from(sampleLines[0].toString('latin1').replace('cmd.exe', 'cmd\xff\xfe.exe'), 'latin1');
  const huge = Buffer.alloc(10 * 1024 * 1024, 'x');
  const lines = [...sampleLines.slice(0, 3), truncated, invalidUtf8, huge, ...sampleLines.slice(3)];
  const run = await runDetection({ project: samples, path: MSIEXEC, log: chunks(joinLines(lines), 1024 * 1024) });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  assert.deepEqual(hitTexts(run, lines), hitTexts(clean, sampleLines));
  assert.equal(run.stats.eventsUnparsed, 1, 'the 10 MB line');
  const messages = run.problems.map((p) => p.message);
  assert.ok(messages.some((m) => /^log line 4: truncated XML event/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^log line 6: text outside an <Event>/.test(m)), messages.join('\n'));
});

hangGuarded('an export comment, a line of invalid UTF-8 or a banner above the Sysmon log: the events below decide the format, the line is reported', HANG_GUARD, async () => {
  const tops = [Buffer.from('# exported 2024-05-02'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x20, 0x41, 0xa0, 0xa1]), Buffer.from('Exported by wevtutil, 11 events')];
  for (const top of tops) {
    const lines = [top, ...sampleLines];
    const run = await runDetection({ project: samples, path: MSIEXEC, log: chunks(joinLines(lines), 997) });
    assert.equal(run.ok, true, JSON.stringify(run.problems));
    assert.deepEqual(hitTexts(run, lines), hitTexts(clean, sampleLines), `${top.toString('latin1')}: the three hits`);
    assert.equal(run.stats.eventsUnparsed, 1);
    assert.deepEqual(run.problems.map((p) => [p.code, p.severity, /^log line 1: text outside an <Event> element: /.test(p.message)]), [['RUN007', 'warning', true]]);
  }
});

hangGuarded('a comment above a CSV header: the header is found below it, the comment is reported', HANG_GUARD, async () => {
  const project = countingProject();
  const csv = Buffer.from('# exported 2024-05-02\n\nuser,action\nann,login\nbob,logout\n');
  const run = await runDetection({ project, path: COUNT_SPL, log: chunks(csv, 5) });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  assert.deepEqual(run.results.map((r) => [r.fields.count, r.events]), [['2', [4, 5]]]);
  assert.deepEqual(run.problems.map((p) => p.message), ['log line 1: text above the CSV header (line 3): "# exported 2024-05-02"']);
});

/** A project holding one .spl file that counts the events it reads. */
function countingProject(): Project {
  const project = new Project();
  project.upsert(COUNT_SPL, 'search * | stats count');
  return project;
}

const jsonLine = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean())).map((o) => Buffer.from(JSON.stringify(o))) },
  { weight: 2, arbitrary: garbageLine },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.concat([Buffer.from('{"bad":"'), Buffer.from(bytes.filter((b) => b >= 0x80)), Buffer.from('"}')])) },
);

hangGuarded('random JSON lines, garbage, deep nesting and invalid UTF-8: every line is an event or counted as unparsed', HANG_GUARD, async () => {
  const project = countingProject();
  await fc.assert(
    fc.asyncProperty(fc.array(jsonLine, { minLength: 1, maxLength: 30 }), async (rest) => {
      const lines = [Buffer.from('{"first":1}'), ...rest];
      const run = await runDetection({ project, path: COUNT_SPL, log: chunks(joinLines(lines), 333) });
      assert.equal(run.ok, true, JSON.stringify(run.problems));
      const s = run.stats;
      assert.equal(s.eventsRead + s.eventsUnparsed, lines.length);
      assert.deepEqual(run.results.map((r) => r.fields.count), [String(s.eventsRead)]);
      const unparsedReported = run.problems.filter((p) => p.code === 'RUN007').length;
      assert.equal(unparsedReported, Math.min(100, s.eventsUnparsed));
    }),
    { numRuns: 80 },
  );
});

hangGuarded('a 10 MB JSON event and JSON nested 100,000 deep: the first is read whole, the second is reported', HANG_GUARD, async () => {
  const project = countingProject();
  const big = Buffer.from(JSON.stringify({ msg: 'y'.repeat(10 * 1024 * 1024) }));
  const deep = Buffer.from('{"a":['.repeat(50_000));
  const run = await runDetection({ project, path: COUNT_SPL, log: chunks(joinLines([big, deep, Buffer.from('{"ok":1}')]), 1024 * 1024) });
  assert.equal(run.ok, true);
  assert.deepEqual(run.results.map((r) => r.fields.count), ['2']);
  assert.equal(run.stats.eventsUnparsed, 1);
  assert.match(run.problems.find((p) => p.code === 'RUN007')!.message, /^log line 2: .*nested deeper than 1000 levels/);
});
