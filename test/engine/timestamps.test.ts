// `_time` from ISO 8601: the common `...Z` shape is read without the ISO pattern (readers/timestamps.ts
// fastIso). It must give exactly what the pattern gives: the same instant written with `+00:00` (which
// only the pattern reads) is the oracle, for valid and out-of-range fields and 1-15 fraction digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTimestamp } from '../../server/src/engine/readers/timestamps';

const two = (n: number) => String(n).padStart(2, '0');

test('the fast ISO reading equals the pattern on the same instant written with +00:00', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1900, max: 2200 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 61 }),
      fc.option(fc.stringMatching(/^[0-9]{1,15}$/), { nil: undefined }),
      (year, month, day, hour, minute, second, fraction) => {
        const base = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${fraction === undefined ? '' : `.${fraction}`}`;
        assert.equal(parseTimestamp(`${base}Z`), parseTimestamp(`${base}+00:00`), base);
      },
    ),
    { numRuns: 5000 },
  );
});

test('ISO timestamps as Windows XML and JSON logs write them', () => {
  assert.equal(parseTimestamp('2024-05-01T00:00:00.027000000Z'), 1714521600.027);
  assert.equal(parseTimestamp('2024-05-01T00:00:00Z'), 1714521600);
  assert.equal(parseTimestamp('2024-02-30T00:00:00Z'), parseTimestamp('2024-02-30T00:00:00+00:00'));
  assert.equal(parseTimestamp('2024-13-01T00:00:00Z'), undefined);
});
