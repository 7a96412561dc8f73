/**
 * Property tests: arbitrary text and random mutations of real corpus searches never make the parser
 * throw or hang, and every span it returns (nodes, diagnostics, comments, semantic spans) is sane.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { semanticSpans } from '../../server/src/spl/highlight';
import { parseSpl } from '../../server/src/spl/parser';
import { children, walk } from '../../server/src/spl/visit';
import { collectCorpus } from './corpusSearches';
import { assertSpansInside } from './helpers';

/** Pieces that steer the parser into its interesting corners. */
const SPL_PIECES = [
  '|', '[', ']', '(', ')', '"', "'", '`', '```', '\\', '=', '==', '!=', '<', '<=', '>', '>=', ',', '.', '*', '+', '-', '/', '%',
  ' ', '\n', '\t', 'AND', 'OR', 'NOT', 'XOR', 'IN', 'LIKE', 'by', 'as', 'where', 'from', 'OUTPUT', 'eval', 'stats', 'tstats',
  'search', 'rex', 'rename', 'lookup', 'join', 'foreach', 'x', 'count', 'if(', '$tok$', '<<FIELD>>', '`m(a, "b")`', '1.5', 'é', '😀',
];

const splLike = fc.array(fc.oneof(fc.constantFrom(...SPL_PIECES), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''));

function checkInvariants(text: string, fragment: boolean): void {
  const result = parseSpl(text, { fragment });
  assertSpansInside(result, text, JSON.stringify(text));
  walk(result.ast, (node) => {
    for (const child of children(node)) {
      assert.ok(child.span.start >= node.span.start && child.span.end <= node.span.end, `${child.kind} [${child.span.start},${child.span.end}) outside its parent ${node.kind} [${node.span.start},${node.span.end}) in ${JSON.stringify(text)}`);
    }
  });
  const spans = semanticSpans(result, text);
  let lastEnd = 0;
  for (const item of spans) {
    assert.ok(item.span.start >= lastEnd && item.span.end > item.span.start && item.span.end <= text.length, `bad semantic span ${JSON.stringify(item)} in ${JSON.stringify(text)}`);
    lastEnd = item.span.end;
  }
  for (const diagnostic of result.diagnostics) {
    assert.ok(diagnostic.message.length > 0 && /^SPL0\d\d$/.test(diagnostic.code), `bad diagnostic ${JSON.stringify(diagnostic)}`);
  }
}

test('arbitrary strings: no throw, spans inside the text and inside their parents', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200, unit: 'binary' }), fc.boolean(), (text, fragment) => checkInvariants(text, fragment)),
    { numRuns: 400 },
  );
});

test('SPL-like token soup: no throw, spans inside the text and inside their parents', () => {
  fc.assert(
    fc.property(splLike, fc.boolean(), (text, fragment) => checkInvariants(text, fragment)),
    { numRuns: 1500 },
  );
});

type Mutation = { at: number; remove: number; insert: string };

test('random mutations of corpus searches: no throw, spans inside the text and inside their parents', () => {
  const searches = collectCorpus().searches;
  assert.ok(searches.length > 4000);
  const mutation = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.oneof(fc.constantFrom(...SPL_PIECES), fc.string({ maxLength: 6 })) });
  fc.assert(
    fc.property(fc.nat({ max: searches.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations: Mutation[]) => {
      const search = searches[index];
      let text = search.text;
      for (const { at, remove, insert } of mutations) {
        const position = text.length === 0 ? 0 : at % (text.length + 1);
        text = text.slice(0, position) + insert + text.slice(position + remove);
      }
      checkInvariants(text, search.fragment);
    }),
    { numRuns: 600 },
  );
});

test('every prefix of a long corpus search parses (what an editor sees while typing)', () => {
  const searches = collectCorpus().searches.filter((s) => s.label === 'search');
  const longest = searches.reduce((best, s) => (s.text.length > best.text.length ? s : best));
  for (let end = 0; end <= longest.text.length; end += 7) checkInvariants(longest.text.slice(0, end), false);
});

test('large adversarial inputs: every problem reported once, no stack overflow', () => {
  const n = 20000;
  const cases: Array<[string, string, number]> = [
    ['unclosed groups on many lines', '| eval x=(a\n'.repeat(n), n],
    ['unclosed where groups', '| where (a '.repeat(n), n],
    ['stray closers', ') ] '.repeat(n), 2 * n],
    ['empty stages', '| '.repeat(n), n],
    ['unclosed aggregations', '| stats ' + 'count( '.repeat(n), n],
    ['long AND chain', 'a AND '.repeat(n) + 'b', 0],
    ['long eval chain', '| eval x=' + '1+'.repeat(n) + '1', 0],
    ['many subsearches', '[ x ] '.repeat(n), 0],
  ];
  for (const [name, text, expected] of cases) {
    const result = parseSpl(text);
    assert.equal(result.diagnostics.length, expected, name);
    assertSpansInside(result, text, name);
    semanticSpans(result, text);
  }
});
