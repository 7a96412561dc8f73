// The hunt's multi-pattern scanner against the naive search it replaces: for any patterns and any
// text, the patterns found are exactly those a case-insensitive regex (the fast path's test) finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MultiPatternScanner } from '../../server/src/hunt/multiPattern';
import { EventRouter } from '../../server/src/hunt/router';
import { requireLiterals } from '../../server/src/engine/readers/filters';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const naive = (pattern: string, text: string) => new RegExp(escape(pattern), 'i').test(text);

// A small alphabet makes overlaps, shared prefixes and suffix links common; the text adds
// upper case, non-ASCII look-alikes (K KELVIN SIGN, long s, dotted I) and characters no pattern holds.
const patternChar = fc.constantFrom('a', 'b', 'c', 'A', '.', '-', '1', 'k', 's', 'i');
const textChar = fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', '.', '-', '1', 'k', 'K', 's', 'S', 'i', 'I', '\u212a', '\u017f', '\u0130', '\u00e9', 'z', ' ', '\n');
const pattern = fc.array(patternChar, { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''));
const text = fc.array(textChar, { maxLength: 80 }).map((chars) => chars.join(''));

test('the scanner finds exactly the patterns a case-insensitive search finds', () => {
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 12 }), text, (patterns, line) => {
      const scanner = new MultiPatternScanner(patterns);
      const found = new Set<number>();
      scanner.scan(line, (index) => found.add(index));
      const expected = new Set(patterns.flatMap((p, i) => (naive(p, line) ? [i] : [])));
      assert.deepEqual([...found].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
    }),
    { numRuns: 3000 },
  );
});

/** The detections a line reaches: those with no requirement (every line) and those whose requirement it meets. */
function reached(router: EventRouter, line: string): number[] {
  const routed = [...router.route(line)];
  assert.deepEqual(routed, [...routed].sort((a, b) => a - b), 'route gives ascending detections');
  assert.ok(routed.every((d) => !router.unfiltered.includes(d)), 'route leaves the unfiltered detections out');
  return [...router.unfiltered, ...routed].sort((a, b) => a - b);
}

test('the router gives a detection exactly the lines its own fast-path filter keeps, by its regexes (a few detections) or by the scanner (more)', () => {
  const clauses = fc.array(fc.array(pattern, { minLength: 1, maxLength: 3 }), { maxLength: 3 });
  const few = fc.array(clauses, { minLength: 1, maxLength: 8 });
  // Past 8 detections with literals the scanner routes them (router.ts FEW_FOR_REGEXES).
  const many = fc.array(fc.array(fc.array(pattern, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 9, maxLength: 30 });
  fc.assert(
    fc.property(fc.oneof(few, many), fc.array(text, { minLength: 1, maxLength: 5 }), (requirements, lines) => {
      const router = new EventRouter(requirements);
      const filters = requirements.map((r) => requireLiterals(r));
      for (const line of lines) {
        const expected = filters.flatMap((filter, i) => (filter === undefined || filter(line) ? [i] : []));
        assert.deepEqual(reached(router, line), expected);
      }
    }),
    { numRuns: 2000 },
  );
});

test('a literal the scanner cannot hold (not printable ASCII) is checked by its own filter', () => {
  // Past the few routed by their regexes alone, so that the scanner holds the others.
  const others = Array.from({ length: 9 }, (_, i): string[][] => [[`other${i}`]]);
  const router = new EventRouter([[['caf\u00e9']], [['msiexec.exe']], [], ...others]);
  assert.ok(router.shape.literals > 0, 'the scanner routes the printable literals');
  assert.deepEqual(reached(router, 'CAF\u00c9 msiexec.EXE'), [0, 1, 2]);
  assert.deepEqual(reached(router, 'cafe'), [2]);
  assert.deepEqual(router.unfiltered, [2]);
});

test('an empty clause or an empty literal requires nothing, as the fast path reads them', () => {
  const router = new EventRouter([[[]], [['', 'abc']], [['abc']]]);
  assert.deepEqual(reached(router, 'xyz'), [0, 1]);
  assert.deepEqual(router.unfiltered, [0, 1]);
});
