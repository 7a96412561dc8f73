// The subsearch filter ORs one-field rows without wildcards into a set per field (an allow-list costs
// one lookup per event, not one comparison per row). On random subsearch rows (one or two fields, any
// case, multivalue, wildcards, empty values) and random result rows, the indexed test answers exactly
// as testing each row's `field="value"` one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_LIMITS, RunContext } from '../../../server/src/engine/eval/context';
import { ExplainRecorder } from '../../../server/src/engine/eval/explain';
import { Row } from '../../../server/src/engine/eval/row';
import { formatTest } from '../../../server/src/engine/eval/subsearchFilter';
import type { Value } from '../../../server/src/engine/eval/values';

const FIELDS = ['user', 'dest', 'Processes.process'];
const value = fc.stringMatching(/^[aAbB*é]{0,3}$/);
const cell: fc.Arbitrary<Value> = fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 3 }));
const row = fc.dictionary(fc.constantFrom(...FIELDS), cell, { maxKeys: 2 });

function rowOf(fields: Record<string, Value>): Row {
  return new Row(undefined, [], Object.entries(fields));
}

test('indexed allow-list rows answer as testing each row one by one', async () => {
  const ctx = new RunContext('search [ ]', new ExplainRecorder(false), DEFAULT_LIMITS, 1_700_000_000, undefined, {});
  const span = { start: 7, end: 10 };
  await fc.assert(
    fc.asyncProperty(fc.array(row, { maxLength: 8 }), fc.array(row, { minLength: 1, maxLength: 12 }), async (subsearchRows, events) => {
      const indexed = await formatTest(subsearchRows.map(rowOf), ctx, 0, span, true);
      const oneByOne = await formatTest(subsearchRows.map(rowOf), ctx, 0, span, false);
      for (const event of events) assert.equal(indexed(rowOf(event)), oneByOne(rowOf(event)), JSON.stringify({ subsearchRows, event }));
    }),
    { numRuns: 2000, seed: 20241128 },
  );
});
