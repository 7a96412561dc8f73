// Every record of the six real .evtx files against Debian's `evtxexport -f xml` (libevtx-utils),
// field by field: the facts of each event (every System element and attribute, every EventData /
// UserData name and value, in order), and the fields the engine's XML extraction (winXml.ts) takes from
// our text and from evtxexport's. Three libevtx 20181227 misprints are allowed, each only where it
// applies and counted: a negative 32-bit integer written as minus its low 31 bits, an unpaired UTF-16
// high surrogate written as U+FFFD together with the code unit after it, and an ANSI string value that
// holds XML written unescaped (so that its text reads as elements; Windows escapes it as any string).
//
// Where evtxexport is not installed, the comparison runs against test/fixtures/evtx/evtxexport.golden.txt:
// per chunk, digests of our facts and fields as evtxexport last certified them. UPDATE_GOLDEN=1
// rewrites it, and only with evtxexport installed and every record agreeing, so the file can only ever
// hold a rendering libevtx agrees with. CI installs libevtx-utils (.ci/run), so there both checks run.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvtx } from '../../server/src/engine/readers/evtx/reader';
import type { EvtxEvent } from '../../server/src/engine/readers/evtx/chunk';
import { extractWindowsXml } from '../../server/src/engine/readers/winXml';
import { eventFacts, factsDigest, runEvtxexport } from '../support/evtxReference';
import { evtxSamples, type EvtxSample } from '../support/evtxSamples';

const GOLDEN = join(__dirname, '../fixtures/evtx/evtxexport.golden.txt');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HEX = /^0x0*([0-9a-fA-F]+)$/;

/** libevtx 20181227 writes a negative Int32 as minus its low 31 bits (-2147188641 becomes -295007). */
function libevtxInt32(value: string): string | undefined {
  if (!/^-\d+$/.test(value) || Number(value) < -2147483648) return undefined;
  return String(-((Number(value) >>> 0) & 0x7fffffff));
}

/** libevtx 20181227 writes an unpaired high surrogate and the code unit after it as one U+FFFD. */
function libevtxSurrogate(value: string): string | undefined {
  const replaced = value.replace(/[\ud800-\udbff](?![\udc00-\udfff])[\s\S]?/g, '\ufffd');
  return replaced === value ? undefined : replaced;
}

function normalizeHex(value: string): string {
  const hex = HEX.exec(value);
  return hex ? `0x${hex[1].toLowerCase()}` : value;
}

/** Whether our value and evtxexport's agree, and which misprint made them agree. */
function agree(ours: string, theirs: string): 'same' | 'int32' | 'surrogate' | undefined {
  if (normalizeHex(ours) === normalizeHex(theirs)) return 'same';
  if (libevtxInt32(ours) === theirs) return 'int32';
  if (libevtxSurrogate(ours) === theirs) return 'surrogate';
  return undefined;
}

/** The fields the engine extracts, as sorted `name=value` lines; the `*_Xml` fields hold markup, whose spelling differs by design. */
function fieldLines(xml: string): string[] {
  const lines: string[] = [];
  for (const [name, value] of extractWindowsXml(xml)) {
    if (name.endsWith('_Xml')) continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}=${one}`);
  }
  return lines.sort();
}

interface Misprints {
  int32: number;
  surrogate: number;
  markup: number;
}

/** Compares two lists of `key=value` lines (facts or fields): same keys in order, values that agree. */
function compareLines(what: string, ours: string[], theirs: string[], misprints: Misprints): void {
  const split = (line: string): [string, string] => {
    const at = line.indexOf('=');
    return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
  };
  assert.deepEqual(ours.map((line) => split(line)[0]), theirs.map((line) => split(line)[0]), `${what}: the elements, attributes or fields differ`);
  for (let i = 0; i < ours.length; i++) {
    const [key, value] = split(ours[i]);
    const verdict = agree(value, split(theirs[i])[1]);
    assert.ok(verdict, `${what}: ${key} is ${JSON.stringify(value)}, evtxexport says ${JSON.stringify(split(theirs[i])[1])}`);
    if (verdict !== 'same') misprints[verdict]++;
  }
}

/** One golden line per chunk: `security.evtx chunk 5 records 442-530 facts <digest> fields <digest>`. */
function goldenLines(sample: EvtxSample, events: EvtxEvent[]): string[] {
  const lines: string[] = [];
  for (let at = 0; at < events.length; ) {
    const chunk = events[at].chunk;
    let end = at;
    while (end < events.length && events[end].chunk === chunk) end++;
    const slice = events.slice(at, end);
    const facts = factsDigest(slice.flatMap((event) => ['', ...eventFacts(event.xml)]));
    const fields = factsDigest(slice.flatMap((event) => ['', ...fieldLines(event.xml)]));
    lines.push(`${sample.name} chunk ${chunk} records ${slice[0].record}-${slice[slice.length - 1].record} facts ${facts} fields ${fields}`);
    at = end;
  }
  return lines;
}

const samples = evtxSamples();
const golden = existsSync(GOLDEN) ? readFileSync(GOLDEN, 'utf8').split('\n').filter((line) => line && !line.startsWith('#')) : [];
const certified: string[] = [];
let toolVersion: string | undefined;

function checkAgainstEvtxexport(t: TestContext, sample: EvtxSample, events: EvtxEvent[]): boolean {
  const reference = runEvtxexport(sample.path);
  if (!reference) return false;
  toolVersion = reference.version;
  assert.equal(events.length, reference.events.length, 'events: ours and evtxexport\'s');
  const misprints: Misprints = { int32: 0, surrogate: 0, markup: 0 };
  for (let i = 0; i < events.length; i++) {
    const where = `${sample.name} record ${events[i].record} (chunk ${events[i].chunk})`;
    const theirs = eventFacts(reference.events[i]);
    let ours = eventFacts(events[i].xml);
    if (ours.length !== theirs.length && eventFacts(events[i].xml, true).length === theirs.length) {
      ours = eventFacts(events[i].xml, true);
      misprints.markup++;
    }
    compareLines(`${where} facts`, ours, theirs, misprints);
    compareLines(`${where} fields`, fieldLines(events[i].xml), fieldLines(reference.events[i]), misprints);
  }
  t.diagnostic(`evtxexport ${reference.version}: ${events.length} events agree; libevtx misprints allowed: ${misprints.int32} negative Int32, ${misprints.surrogate} unpaired surrogate, ${misprints.markup} unescaped markup`);
  return true;
}

for (const sample of samples) {
  test(`${sample.name}: every record's facts and extracted fields agree with evtxexport -f xml`, (t) => {
    const events = parseEvtx(readFileSync(sample.path)).items.filter((item): item is EvtxEvent => item.kind === 'event');
    const lines = goldenLines(sample, events);
    const checkedLive = checkAgainstEvtxexport(t, sample, events);
    if (!checkedLive) t.diagnostic('evtxexport is not installed (apt-get install -y libevtx-utils): checked against the digests it certified in the golden file');
    if (UPDATE) {
      assert.ok(checkedLive, 'UPDATE_GOLDEN=1 needs evtxexport to certify the golden file: apt-get install -y libevtx-utils');
      certified.push(...lines);
      return;
    }
    const expected = golden.filter((line) => line.startsWith(`${sample.name} `));
    assert.ok(expected.length > 0, `${GOLDEN} has no line for ${sample.name}: run with evtxexport installed and UPDATE_GOLDEN=1`);
    for (let i = 0; i < Math.max(lines.length, expected.length); i++) {
      assert.equal(
        lines[i],
        expected[i],
        checkedLive
          ? 'evtxexport agrees with every record, but the golden file is out of date: UPDATE_GOLDEN=1 node test/run.mjs evtxReference'
          : `this chunk renders differently from what evtxexport certified; install libevtx-utils (apt-get install -y libevtx-utils) to see which record and field`,
      );
    }
  });
}

test('the golden file is current (UPDATE_GOLDEN=1 rewrites it after every sample passed)', () => {
  if (!UPDATE) return;
  const covered = new Set(certified.map((line) => line.slice(0, line.indexOf(' '))));
  assert.deepEqual([...covered], samples.map((sample) => sample.name), 'the golden file is only written when every sample agreed with evtxexport');
  const header = [
    `# Per chunk of the real .evtx files: digests of our events' facts and extracted fields, certified by evtxexport ${toolVersion} -f xml`,
    '# (test/engine/evtxReference.test.ts). Regenerate with libevtx-utils installed: UPDATE_GOLDEN=1 node test/run.mjs evtxReference',
  ];
  writeFileSync(GOLDEN, `${[...header, ...certified].join('\n')}\n`);
});
