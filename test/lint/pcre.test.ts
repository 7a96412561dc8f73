// The PCRE check behind SPL120/SPL121 (server/src/lint/pcre.ts): what it translates, what it rejects and
// where, and that no input makes it throw or point outside the pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkPcre } from '../../server/src/lint/pcre';
import { parseSed } from '../../server/src/lint/regexSites';

function errorAt(pattern: string): string | undefined {
  const error = checkPcre(pattern).errors[0];
  return error && `${pattern.slice(error.start, error.end)}${error.certain ? '' : ' (uncertain)'}`;
}

test('valid PCRE that JavaScript spells differently is accepted, and each translation is named', () => {
  const cases: Array<[string, string[]]> = [
    ['(?P<user>\\w+)@(?P=user)', ['named group `(?P<user>...)`', 'named backreference `(?P=user)`']],
    ['(?i)cmd\\.exe', ['inline flags `(?i)` at the start']],
    ['(?is)a.b(?-i)c(?m:^d)', ['inline flags `(?is)` at the start', 'inline flags `(?-i)`', 'inline flags `(?m:...)`']],
    ['a++b*+c?+d{2,3}+', ['possessive quantifier `++`', 'possessive quantifier `*+`', 'possessive quantifier `?+`', 'possessive quantifier `{2,3}+`']],
    ['(?>ab)\\Ax\\z\\Z\\G', ['atomic group `(?>...)`', 'anchor `\\A`', 'anchor `\\z`', 'anchor `\\Z`', 'anchor `\\G`']],
    ["(?'n'x)\\x{202E}\\Qa.b\\E(?#c)", ["named group `(?'n'...)`", 'code point `\\x{202E}`', 'quoted literal `\\Q...\\E`', 'comment `(?#...)`']],
  ];
  for (const [pattern, constructs] of cases) {
    const check = checkPcre(pattern);
    assert.deepEqual(check.errors, [], pattern);
    assert.deepEqual(check.translated.map((t) => t.construct), constructs, pattern);
  }
});

test('PCRE reads some patterns differently from JavaScript: a leading ] is a literal, [] never closes', () => {
  assert.equal(errorAt('[]a]'), undefined);
  assert.equal(errorAt('[^]a]'), undefined);
  assert.equal(errorAt('[](]'), undefined, 'JavaScript would see an empty class and an unclosed group');
  assert.equal(errorAt('x[]'), '[');
});

test('errors point at the offending characters', () => {
  assert.equal(errorAt('a(b(c)'), '(');
  assert.equal(errorAt('ab)c'), ')');
  assert.equal(errorAt('a|*b'), '*');
  assert.equal(errorAt('a{2}{3}'), '{3}');
  assert.equal(errorAt('[a-z0-9_-]x[9-0]'), '9-0');
  assert.equal(errorAt('x{5,1}'), '{5,1}');
  assert.equal(errorAt('(?<a>x)|(?<a>y)'), 'a');
  assert.equal(errorAt('(?<9x>y)'), '9x');
  assert.equal(errorAt('(?Q)'), '(?Q');
  assert.equal(errorAt('abc\\'), '\\');
  assert.equal(errorAt('C:\\Users\\x'), '\\U');
  assert.equal(errorAt('\\lower'), '\\l');
  assert.equal(errorAt('(a)(b)\\3'), '\\3');
  assert.equal(errorAt('\\k<n>(?<m>x)'), '\\k<n>');
  assert.equal(errorAt('a{70000}'), '{70000}');
  assert.equal(errorAt('[[:word:]][[:nope:]]'), '[:nope:]');
  assert.equal(errorAt('(?#open'), '(?#');
  assert.equal(errorAt('(?<=ab|c+)d'), '(?<=ab|c+ (uncertain)');
});

test('patterns the check cannot judge are reported as unchecked, never as errors', () => {
  for (const pattern of ['(?x) a ( b', '\\((?:[^()]|(?R))*\\)', '(?(1)a|b)', '(*SKIP)a', '(?|(a)|(b))']) {
    const check = checkPcre(pattern);
    assert.ok(check.unchecked.length > 0, pattern);
    assert.deepEqual(check.errors.filter((e) => e.certain && !/PCRE/.test(e.message)), [], pattern);
  }
});

test('named groups are listed for field tracking (rex creates them)', () => {
  assert.deepEqual(checkPcre("(?<a>x)(?P<b>y)(?'c'z)(?:w)(v)").groupNames, ['a', 'b', 'c']);
});

test('sed expressions: s and y commands, flags, escaped slashes', () => {
  assert.deepEqual(parseSed('s/a\\/b/c/g'), { ok: true, sed: { command: 's', regex: { start: 2, end: 6 } } });
  assert.deepEqual(parseSed('y/abc/xyz/'), { ok: true, sed: { command: 'y' } });
  assert.equal(parseSed('s/a/b/3').ok, true);
  const extra = parseSed('s/a/b/c/');
  assert.ok(!extra.ok && extra.certain && extra.start === 7, 'at the slash after the flags place');
  const flags = parseSed('s/a/b/gi');
  assert.ok(!flags.ok && !flags.certain);
  const other = parseSed('|a|b|');
  assert.ok(!other.ok && other.certain);
});

test('no pattern makes the check throw, and every span lies inside the pattern', () => {
  const alphabet = fc.constantFrom(...'()[]{}|*+?.^$\\-:<>=!#\'Pikxz0123abAQEdDwWsS,/'.split(''));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 30 }).map((chars) => chars.join('')), (pattern) => {
      const check = checkPcre(pattern);
      for (const span of [...check.errors, ...check.translated, ...check.unchecked]) {
        assert.ok(span.start >= 0 && span.end <= pattern.length && span.start <= span.end, `${pattern}: ${JSON.stringify(span)}`);
      }
      const sed = parseSed(pattern);
      if (!sed.ok) assert.ok(sed.start >= 0 && sed.end <= pattern.length);
    }),
    { numRuns: 2000 },
  );
});
