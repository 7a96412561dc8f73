// A lookup's wildcard cells are found through an index of their literal runs (lookupTables.ts,
// PatternRows), not by testing each. On random tables of wildcard cells (any case, runs short and
// long, several stars, case-sensitive or not) and random values, and on every wildcard field of the
// corpus' lookups with values made from its own cells, the index finds exactly the rows that testing
// every cell finds, in file order, at most max_matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LookupFolder, LookupTable, type LookupDefinition } from '../../../server/src/engine/eval/lookupTables';
import { compileWildcard } from '../../../server/src/engine/eval/wildcard';
import { CORPUS_LOOKUPS } from './sourcesSupport';

/** Every row whose cell matches `value`, one cell at a time, as transforms.conf says. */
function oneByOne(table: LookupTable, field: string, value: string): number[] {
  const { caseSensitive, maxMatches } = table.definition;
  const wildcard = table.definition.matchTypes.get(field) === 'WILDCARD';
  const fold = (text: string) => (caseSensitive ? text : text.toLowerCase());
  const rows: number[] = [];
  table.rows.forEach((_, row) => {
    const cell = table.value(row, field);
    const matches = wildcard && cell.includes('*') ? compileWildcard(cell, caseSensitive).test(value) : fold(cell) === fold(value);
    if (matches && rows.length < maxMatches) rows.push(row);
  });
  return rows;
}

function definition(caseSensitive: boolean, maxMatches: number): LookupDefinition {
  return { name: 't', file: '/t.csv', matchTypes: new Map([['pattern', 'WILDCARD']]), caseSensitive, minMatches: 0, maxMatches, defaultMatch: '' };
}

const text = fc.stringMatching(/^[aAbB.*\\é]{0,9}$/);

test('indexed wildcard cells match as testing each cell, on random tables', () => {
  fc.assert(
    fc.property(fc.array(text, { maxLength: 30 }), fc.array(text, { minLength: 1, maxLength: 10 }), fc.boolean(), fc.integer({ min: 1, max: 5 }), (cells, values, caseSensitive, maxMatches) => {
      const table = new LookupTable(definition(caseSensitive, maxMatches), ['pattern'], cells.map((c) => [c]));
      for (const value of values) assert.deepEqual(table.match([{ field: 'pattern', values: [value] }]), oneByOne(table, 'pattern', value), JSON.stringify({ cells, value }));
    }),
    { numRuns: 2000 },
  );
});

test('every wildcard field of the corpus lookups: the index finds what testing each cell finds', () => {
  const folder = new LookupFolder(CORPUS_LOOKUPS);
  let fields = 0;
  let matched = 0;
  for (const { name, definition: found } of folder.names()) {
    if (!found) continue;
    let table: LookupTable;
    try {
      table = folder.table(name);
    } catch {
      continue;
    }
    for (const [field, type] of found.matchTypes) {
      if (type !== 'WILDCARD' || !table.has(field)) continue;
      fields++;
      // Values a pattern matches (its stars filled) and near misses (a character changed), from its own cells.
      const cells = table.rows.map((_, row) => table.value(row, field)).filter((c) => c.includes('*'));
      const values = cells.slice(0, 300).flatMap((c) => [c.replace(/\*/g, 'x'), c.replace(/\*/g, '').toUpperCase(), c.replace(/\*/g, '').slice(1), `pre\\${c.replace(/\*/g, '')}`]);
      for (const value of values) {
        const expected = oneByOne(table, field, value);
        assert.deepEqual(table.match([{ field, values: [value] }]), expected, `${name}.${field}: ${value}`);
        if (expected.length > 0) matched++;
      }
    }
  }
  assert.ok(fields >= 5, `${fields} wildcard fields`);
  assert.ok(matched > 1000, `${matched} values matched`);
});
