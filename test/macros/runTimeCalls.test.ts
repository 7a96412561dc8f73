// Macro calls in map's search="..." (server/src/macros/runTimeCalls.ts): found with exact spans in the
// search text, escapes decoded; other quoted values and the search's own calls are not run-time calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanAllMacroCalls, scanRunTimeCalls } from '../../server/src/macros/runTimeCalls';
import { scanMacroCalls } from '../../server/src/macros/scan';
import { hangGuarded } from '../support/hangGuard';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

test('calls in map search="..." are found at their place in the search; the expansion scanner leaves them', () => {
  const text = '`wineventlog_security` EventCode=4769 | map maxsearches=5 search="search `wineventlog_security` EventCode=4624 TargetLogonId=$id$ | `ctime(firstTime)`"';
  const calls = scanRunTimeCalls(text);
  assert.deepEqual(calls.map((c) => [c.name, c.args?.length ?? 0, slice(text, c.span), slice(text, c.nameSpan)]), [
    ['wineventlog_security', 0, '`wineventlog_security`', 'wineventlog_security'],
    ['ctime', 1, '`ctime(firstTime)`', 'ctime'],
  ]);
  assert.equal(slice(text, calls[1].args![0].valueSpan), 'firstTime');
  assert.deepEqual(scanMacroCalls(text).calls.map((c) => c.span.start), [0]);
  assert.deepEqual(scanAllMacroCalls(text).map((c) => c.name), ['wineventlog_security', 'wineventlog_security', 'ctime']);
});

test('escaped quotes inside map\'s search are decoded; spans still point at the raw text', () => {
  const text = 'x | map search="search `m(\\"a b\\", c)` user=\\"$user$\\""';
  const [call] = scanRunTimeCalls(text);
  assert.equal(slice(text, call.span), '`m(\\"a b\\", c)`');
  assert.deepEqual(call.args?.map((a) => [a.value, slice(text, a.valueSpan)]), [['a b', 'a b'], ['c', 'c']]);
});

test('other quoted values, map [subsearch], comments and a quoted string inside map\'s search are no run-time calls', () => {
  assert.deepEqual(scanRunTimeCalls('x | eval a="`m`" | search b="`n`"'), []);
  assert.deepEqual(scanRunTimeCalls('x | map [search `m` $y$]'), []);
  assert.deepEqual(scanRunTimeCalls('x ```| map search="`m`"``` | stats count'), []);
  // Inside map's search, a quoted value is again not expanded.
  assert.deepEqual(scanRunTimeCalls('x | map search="search a=\\"`m`\\" `n`"').map((c) => c.name), ['n']);
  assert.deepEqual(scanRunTimeCalls('[| map search="`m`"]').map((c) => c.name), ['m']);
});

// A hang guard, not a speed target: scanning 1.2 MB of strings quadratically would take minutes.
hangGuarded('a long search with many strings is scanned in linear time', { timeout: 10_000 }, () => {
  const text = `| map search="\`m\`" ${'x="a" '.repeat(200_000)}`;
  assert.equal(scanRunTimeCalls(text).length, 1);
});
