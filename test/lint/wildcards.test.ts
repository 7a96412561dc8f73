// Wildcard patterns: matching, and subsumption checked against matching on random texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { globMatches, globSubsumes } from '../../server/src/lint/wildcards';

test('glob matching', () => {
  assert.ok(globMatches('*/y*', 'msiexec /y x.dll'));
  assert.ok(globMatches('*/y*', 'C:/your/file'));
  assert.ok(!globMatches('* /y *', 'C:/your/file'));
  assert.ok(globMatches('a*b*c', 'abc'));
  assert.ok(!globMatches('a*b*c', 'acb'));
  assert.ok(globMatches('**', ''));
});

test('subsumption: *foo* covers *foo.exe*, not the reverse; equal patterns cover each other', () => {
  assert.ok(globSubsumes('*foo*', '*foo.exe*'));
  assert.ok(!globSubsumes('*foo.exe*', '*foo*'));
  assert.ok(globSubsumes('*a*', '*a*a*'));
  assert.ok(globSubsumes('*', 'anything*'));
  assert.ok(!globSubsumes('a*', '*a'));
});

test('whenever subsumption is claimed, every text the narrow pattern matches is matched by the broad one', () => {
  const pattern = fc.stringMatching(/^[ab*]{0,6}$/);
  const filler = fc.stringMatching(/^[ab*]{0,3}$/);
  let claims = 0;
  fc.assert(
    fc.property(pattern, pattern, fc.array(fc.array(filler, { minLength: 6, maxLength: 6 }), { maxLength: 10 }), (broad, narrow, fillings) => {
      if (!globSubsumes(broad, narrow)) return;
      claims++;
      // Texts the narrow pattern matches: each of its `*` replaced by some text (which may hold `*` too).
      for (const fill of fillings) {
        let k = 0;
        const text = narrow.replace(/\*/g, () => fill[k++ % fill.length]);
        assert.ok(globMatches(narrow, text));
        assert.ok(globMatches(broad, text), `${broad} claimed to cover ${narrow} but misses ${text}`);
      }
    }),
    { seed: 4, numRuns: 3000 },
  );
  assert.ok(claims > 100, `the property was exercised (${claims} claims)`);
});
