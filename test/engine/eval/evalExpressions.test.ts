// Eval semantics and functions (docs/semantics.md, "Eval expressions", "Eval functions").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalValue, jsonEvents, run, textEvents } from './support';

test('operators: arithmetic, . concatenation, + on strings, precedence as parsed', async () => {
  assert.equal(await evalValue('1 + 2 * 3'), '7');
  assert.equal(await evalValue('(1 + 2) * 3'), '9');
  assert.equal(await evalValue('7 % 4'), '3');
  assert.equal(await evalValue('10 / 4'), '2.5');
  assert.equal(await evalValue('"a" . 1 . "b"'), 'a1b');
  assert.equal(await evalValue('"a" + "b"'), 'ab');
  assert.equal(await evalValue('n + 1', { n: '41' }), '42');
  assert.equal(await evalValue('-n', { n: '5' }), '-5');
});

test('null propagates through operators; division by zero is null', async () => {
  assert.equal(await evalValue('missing + 1'), undefined);
  assert.equal(await evalValue('"a" . missing'), undefined);
  assert.equal(await evalValue('1 / 0'), undefined);
  assert.equal(await evalValue('if(missing > 1, "y", "n")'), 'n');
  assert.equal(await evalValue('if(NOT missing > 1, "y", "n")'), 'n');
  assert.equal(await evalValue('if(missing > 1 OR 1 = 1, "y", "n")'), 'y');
});

test('a boolean cannot be stored in a field', async () => {
  const outcome = await run('search * | eval x = 1 < 2', jsonEvents([{}]));
  assert.equal(outcome.error?.code, 'RUN004');
  assert.match(outcome.error!.message, /boolean/);
});

test('conditional functions', async () => {
  const f = { a: 'x', n: '5' };
  assert.equal(await evalValue('if(n > 3, "big", "small")', f), 'big');
  assert.equal(await evalValue('case(n < 3, "low", n < 10, "mid", 1=1, "high")', f), 'mid');
  assert.equal(await evalValue('case(n < 3, "low")', f), undefined);
  assert.equal(await evalValue('coalesce(missing, a, "z")', f), 'x');
  assert.equal(await evalValue('if(isnull(missing) AND isnotnull(a), 1, 0)', f), '1');
  assert.equal(await evalValue('null()', f), undefined);
  assert.equal(await evalValue('if(match(a, "^X$"), 1, 0)', f), '0');
  assert.equal(await evalValue('if(match(a, "(?i)^X$"), 1, 0)', f), '1');
  assert.equal(await evalValue('if(like(a, "_"), 1, 0)', f), '1');
  assert.equal(await evalValue('if(like("abc", "a%"), 1, 0)', f), '1');
  assert.equal(await evalValue('if(like("abc", "A%"), 1, 0)', f), '0');
  assert.equal(await evalValue('if(cidrmatch("10.0.0.0/8", "10.1.2.3"), 1, 0)'), '1');
  assert.equal(await evalValue('if(cidrmatch("10.0.0.0/8", "11.1.2.3"), 1, 0)'), '0');
  assert.equal(await evalValue('if(cidrmatch("2001:db8::/32", "2001:db8::1"), 1, 0)'), '1');
  assert.equal(await evalValue('if(a IN ("y", "x"), 1, 0)', f), '1');
  assert.equal(await evalValue('if(in(a, "y", "z"), 1, 0)', f), '0');
  assert.equal(await evalValue('typeof(n)', f), 'Number');
  assert.equal(await evalValue('typeof(a)', f), 'String');
});

test('text functions', async () => {
  assert.equal(await evalValue('lower("AbC")'), 'abc');
  assert.equal(await evalValue('upper("AbC")'), 'ABC');
  assert.equal(await evalValue('len("héllo")'), '5');
  assert.equal(await evalValue('trim("  x  ")'), 'x');
  assert.equal(await evalValue('ltrim("xxabc", "x")'), 'abc');
  assert.equal(await evalValue('rtrim("abc  ")'), 'abc');
  assert.equal(await evalValue('replace("a-b-c", "-", "+")'), 'a+b+c');
  assert.equal(await evalValue('replace("john smith", "(\\w+) (\\w+)", "\\2 \\1")'), 'smith john');
  assert.equal(await evalValue('substr("splunk", 2, 3)'), 'plu');
  assert.equal(await evalValue('substr("splunk", -3)'), 'unk');
  assert.deepEqual(await evalValue('split("a,b,c", ",")'), ['a', 'b', 'c']);
  assert.equal(await evalValue('urldecode("a%20b+c%2Fd")'), 'a b c/d');
  assert.equal(await evalValue('tostring(255, "hex")'), '0xFF');
  assert.equal(await evalValue('tostring(1234567.891, "commas")'), '1,234,567.89');
  assert.equal(await evalValue('tostring(3725, "duration")'), '01:02:05');
  assert.equal(await evalValue('tonumber("ff", 16)'), '255');
  assert.equal(await evalValue('tonumber("12.5")'), '12.5');
  assert.equal(await evalValue('tonumber("abc")'), undefined);
  assert.equal(await evalValue('printf("%05d|%-3s|%.2f", 42, "a", 3.14159)'), '00042|a  |3.14');
  assert.equal(await evalValue('md5("abc")'), '900150983cd24fb0d6963f7d28e17f72');
});

test('multivalue functions', async () => {
  const events = textEvents(['v=b v=a v=c v=a']);
  const value = async (expr: string) => (await run(`search * | eval out=${expr}`, events)).table[0].out;
  assert.equal(await value('mvcount(v)'), '4');
  assert.equal(await value('mvindex(v, 0)'), 'b');
  assert.equal(await value('mvindex(v, -1)'), 'a');
  assert.deepEqual(await value('mvindex(v, 1, 2)'), ['a', 'c']);
  assert.equal(await value('mvindex(v, 9)'), undefined);
  assert.equal(await value('mvjoin(v, ";")'), 'b;a;c;a');
  assert.deepEqual(await value('mvdedup(v)'), ['b', 'a', 'c']);
  assert.deepEqual(await value('mvfilter(v != "a")'), ['b', 'c']);
  assert.deepEqual(await value('mvfilter(match(v, "^[bc]$"))'), ['b', 'c']);
  assert.equal(await value('mvfind(v, "c")'), '2');
  assert.deepEqual(await value('mvappend(v, "z")'), ['b', 'a', 'c', 'a', 'z']);
  assert.deepEqual(await value('mvsort(v)'), ['a', 'a', 'b', 'c']);
  assert.deepEqual(await value('mvmap(v, upper(v))'), ['B', 'A', 'C', 'A']);
  assert.deepEqual(await value('upper(v)'), ['B', 'A', 'C', 'A']);
});

test('math functions', async () => {
  assert.equal(await evalValue('round(2.567, 2)'), '2.57');
  assert.equal(await evalValue('round(2.5)'), '3');
  assert.equal(await evalValue('round(-2.5)'), '-3');
  assert.equal(await evalValue('floor(2.7)'), '2');
  assert.equal(await evalValue('ceil(2.1)'), '3');
  assert.equal(await evalValue('abs(-4)'), '4');
  assert.equal(await evalValue('pow(2, 10)'), '1024');
  assert.equal(await evalValue('max(3, 10, 2)'), '10');
  assert.equal(await evalValue('min(3, 10, 2)'), '2');
  assert.equal(await evalValue('log(100)'), '2');
});

test('time functions run in UTC with a fixed now()', async () => {
  const now = 1_700_000_000; // 2023-11-14T22:13:20Z
  const value = async (expr: string) => (await run(`search * | eval out=${expr}`, jsonEvents([{}]), { now })).table[0].out;
  assert.equal(await value('now()'), String(now));
  assert.equal(await value('strftime(now(), "%Y-%m-%dT%H:%M:%S %a %b %j")'), '2023-11-14T22:13:20 Tue Nov 318');
  assert.equal(await value('relative_time(now(), "-1d@d")'), String(Date.UTC(2023, 10, 13) / 1000));
  assert.equal(await value('relative_time(now(), "@w1")'), String(Date.UTC(2023, 10, 13) / 1000));
  assert.equal(await value('relative_time(now(), "+1mon@mon")'), String(Date.UTC(2023, 11, 1) / 1000));
  assert.equal(await value('relative_time(now(), "nonsense")'), undefined);
  assert.equal(await value('strptime("2024-05-02 10:15:01", "%Y-%m-%d %H:%M:%S")'), String(Date.UTC(2024, 4, 2, 10, 15, 1) / 1000));
  assert.equal(await value('strptime("02/May/2024:10:15:01 +0200", "%d/%b/%Y:%H:%M:%S %z")'), String(Date.UTC(2024, 4, 2, 8, 15, 1) / 1000));
  assert.equal(await value('strptime("garbage", "%Y")'), undefined);
});

test('an unsupported function fails the run naming it, at its position', async () => {
  const spl = 'search * | eval x=frobnicate(1)';
  const outcome = await run(spl, jsonEvents([{}]));
  assert.equal(outcome.error?.code, 'RUN002');
  assert.match(outcome.error!.message, /frobnicate\(\)/);
  assert.equal(spl.slice(outcome.error!.span.start, outcome.error!.span.end), 'frobnicate');
});

test('a wrong argument count fails the run', async () => {
  const outcome = await run('search * | eval x=if(1=1, 2)', jsonEvents([{}]));
  assert.equal(outcome.error?.code, 'RUN004');
  assert.match(outcome.error!.message, /if\(\) takes 3/);
});
