// What a grouping keeps of an event: its values, not its raw text. A field value is cut from the raw
// event (V8 keeps a substring as a view into its parent), so a group's by-value or an aggregated value
// kept as cut would keep every event's whole text alive until the search ends: a hunt over a 1 GB log
// held most of the log this way. The events here are large and made one at a time, so the heap after
// the last one shows what the groups hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LogEvent } from '../../../server/src/engine/event';
import { extractKeyValues } from '../../../server/src/engine/readers/kv';
import { runSearch } from '../../../server/src/engine/eval/runSearch';
import { detached } from '../../../server/src/engine/eval/values';
import { parseTestSpl, withTable } from './support';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const EVENTS = 300;
const RAW_BYTES = 200_000;

/** A raw event of its own (not a slice of a larger text) of about RAW_BYTES, with a unique 40-character `cmd`. */
function bigRaw(i: number): string {
  const cmd = `C:\\Tools\\tool${String(i).padStart(6, '0')}.exe --run-once-x`;
  return Buffer.from(`cmd="${cmd}" user=u${i % 7} pad=${'x'.repeat(RAW_BYTES)}`, 'latin1').toString('latin1');
}

function* bigEvents(measure: (heapBytes: number) => void): Iterable<LogEvent> {
  for (let i = 0; i < EVENTS; i++) yield new LogEvent(bigRaw(i), 1_700_000_000 + i, i + 1, i + 1, 0, 0, { sourcetype: 'test' }, extractKeyValues);
  // Every event has been pushed; none is referenced here any longer.
  gc();
  measure(process.memoryUsage().heapUsed);
}

test('detached: a kept value is a string of its own, equal to the value', () => {
  const raw = bigRaw(1);
  const cut = raw.slice(5, 45);
  assert.equal(detached(cut), cut);
  assert.equal(detached('short'), 'short');
  assert.equal(detached(42), 42);
});

test("stats keeps its groups' by-values and aggregated values, not the events' raw text", async () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  let after = 0;
  const spl = 'search * | stats count values(cmd) as cmds dc(cmd) as n min(cmd) as low max(cmd) as high first(cmd) as f last(cmd) as l list(cmd) as all mode(cmd) as common by cmd user';
  const outcome = withTable(await runSearch({ text: spl, ast: parseTestSpl(spl), now: 1_700_000_000 }, bigEvents((heap) => (after = heap))));
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.rows.length, EVENTS);
  assert.equal(outcome.table[0].cmds, 'C:\\Tools\\tool000000.exe --run-once-x');
  // The raw text is EVENTS x RAW_BYTES = 60 MB; what the groups may keep is a small part of it.
  const retained = after - before;
  assert.ok(retained < (EVENTS * RAW_BYTES) / 4, `the groups keep ${(retained / 1e6).toFixed(1)} MB after ${EVENTS} events of ${RAW_BYTES / 1000} kB`);
});
