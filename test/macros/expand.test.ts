import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_DEPTH, expandSearch } from '../../server/src/macros/expand';
import { MacroIndex } from '../../server/src/macros/macroIndex';
import type { MacroEntry } from '../../server/src/macros/macroEntry';
import { mapExpandedSpan } from '../../server/src/macros/sourceMap';
import { measuredCost } from '../support/expansionMeasure';

function macro(name: string, definitionText: string, args: string[] = [], extra: Partial<MacroEntry> = {}): MacroEntry {
  return { name, arity: args.length, args, definitionText, origin: 'yaml', ...extra };
}

function indexOf(...entries: MacroEntry[]): MacroIndex {
  const index = new MacroIndex();
  entries.forEach((entry, i) => index.setFile(`/ws/macros/m${i}.yml`, [entry]));
  return index;
}

const msiexecIndex = () =>
  indexOf(
    macro('process_msiexec', '(Processes.process_name=msiexec.exe OR Processes.original_file_name=msiexec.exe)'),
    macro('security_content_summariesonly', 'summariesonly=`summariesonly_config` allow_old_summaries=`oldsummaries_config` fillnull_value=`fillnull_config`'),
    macro('summariesonly_config', 'false'),
    macro('oldsummaries_config', 'true'),
    macro('fillnull_config', 'null'),
    macro('security_content_ctime', 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)', ['field']),
  );

test('expands the msiexec detection as Splunk would', () => {
  const search =
    '| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes where `process_msiexec` Processes.process IN ("*/y*", "*-y*") by Processes.dest | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `windows_msiexec_dllregisterserver_filter`';
  const result = expandSearch(search, msiexecIndex());
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.complete, true);
  assert.equal(
    result.text,
    '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count from datamodel=Endpoint.Processes where (Processes.process_name=msiexec.exe OR Processes.original_file_name=msiexec.exe) Processes.process IN ("*/y*", "*-y*") by Processes.dest | rename Processes.* AS * | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | search *',
  );
});

test('text written in the root maps back exactly; text from a macro maps to its call site', () => {
  const search = 'x `process_msiexec` Processes.process IN ("*/y*") | `security_content_ctime(firstTime)`';
  const result = expandSearch(search, msiexecIndex());
  const y = result.text.indexOf('*/y*');
  const mappedY = mapExpandedSpan(result, { start: y, end: y + 4 });
  assert.equal(mappedY.exact, true);
  assert.equal(search.slice(mappedY.span.start, mappedY.span.end), '*/y*');

  const inMacro = result.text.indexOf('original_file_name');
  const mappedMacro = mapExpandedSpan(result, { start: inMacro, end: inMacro + 5 });
  assert.equal(mappedMacro.exact, false);
  assert.equal(search.slice(mappedMacro.span.start, mappedMacro.span.end), '`process_msiexec`');

  const argument = result.text.indexOf('firstTime');
  const mappedArgument = mapExpandedSpan(result, { start: argument, end: argument + 'firstTime'.length });
  assert.equal(mappedArgument.exact, true, 'an argument value keeps the position where the user wrote it');
  assert.equal(search.slice(mappedArgument.span.start, mappedArgument.span.end), 'firstTime');
});

test('quoted and unquoted arguments behave the same; named arguments bind by name', () => {
  const index = msiexecIndex();
  const plain = expandSearch('| `drop_dm_object_name(Processes)`', index).text;
  assert.equal(expandSearch('| `drop_dm_object_name("Processes")`', index).text, plain);
  assert.equal(expandSearch('| `drop_dm_object_name(object=Processes)`', index).text, plain);
  assert.equal(plain, '| rename Processes.* AS *');
  const two = indexOf(macro('pair', '$b$-$a$', ['a', 'b']));
  assert.equal(expandSearch('`pair(b=2, a=1)`', two).text, '2-1');
  assert.equal(expandSearch('`pair(1, "x, y")`', two).text, 'x, y-1');
});

test('$arg$ is substituted inside quotes too, and macros inside quotes are not expanded', () => {
  const index = indexOf(macro('q', 'x="$v$*" `inner`', ['v']), macro('inner', 'y=1'));
  assert.equal(expandSearch('`q(abc)` z="`inner`"', index).text, 'x="abc*" y=1 z="`inner`"');
});

test('comments are not macro calls', () => {
  const index = indexOf(macro('inner', 'y=1'));
  assert.equal(expandSearch('a ```a `inner` comment``` `inner`', index).text, 'a ```a `inner` comment``` y=1');
});

test('undefined macro and wrong argument count are errors at the call', () => {
  const index = msiexecIndex();
  const search = '`nope` | `security_content_ctime` | `security_content_ctime(a, b)`';
  const result = expandSearch(search, index);
  assert.equal(result.complete, false);
  const [undefinedMacro, noArgs, twoArgs] = result.diagnostics;
  assert.equal(undefinedMacro.code, 'MAC001');
  assert.equal(search.slice(undefinedMacro.span.start, undefinedMacro.span.end), 'nope');
  assert.equal(noArgs.code, 'MAC002');
  assert.match(noArgs.message, /takes 1 argument\(s\), not 0; defined: security_content_ctime\(1\) \(field\)/);
  assert.equal(search.slice(twoArgs.span.start, twoArgs.span.end), '`security_content_ctime(a, b)`');
});

test('overloading by argument count picks the definition of that arity', () => {
  const index = indexOf(macro('m', 'zero'), macro('m', 'one $a$', ['a']));
  assert.equal(expandSearch('`m` `m(1)`', index).text, 'zero one 1');
});

test('a cycle is reported at the outer call and never hangs', () => {
  const index = indexOf(macro('a', 'x `b`'), macro('b', 'y `a`'));
  const search = 'start `a` end';
  const result = expandSearch(search, index);
  const cycle = result.diagnostics.find((d) => d.code === 'MAC003');
  assert.ok(cycle, JSON.stringify(result.diagnostics));
  assert.equal(search.slice(cycle.span.start, cycle.span.end), '`a`');
  assert.match(cycle.message, /`a` -> `b`/);
  assert.equal(result.text, 'start x y `a` end');
});

test('a self-recursive macro through arguments and an exponential definition are bounded', () => {
  const doubling = Array.from({ length: 40 }, (_, i) => macro(`d${i}`, `\`d${i + 1}\` \`d${i + 1}\``));
  doubling.push(macro('d40', 'leaf'));
  const result = expandSearch('`d0`', indexOf(...doubling), { maxLength: 100_000 });
  assert.ok(result.diagnostics.some((d) => d.code === 'MAC011'));
  assert.ok(result.text.length < 200_000);
  const deep = Array.from({ length: 80 }, (_, i) => macro(`n${i}`, `\`n${i + 1}\``));
  const deepResult = expandSearch('`n0`', indexOf(...deep));
  assert.ok(deepResult.diagnostics.some((d) => d.code === 'MAC004'));
});

/**
 * Characters substituted at every level and calls expanded, as expandSearch spent them, after
 * checking that the meter guarding the bounds predicted exactly that for the search's calls.
 */
function spent(search: string, index: MacroIndex, maxDepth = DEFAULT_MAX_DEPTH): { produced: number; calls: number } {
  const expansion = expandSearch(search, index, { maxDepth });
  const actual = { produced: expansion.calls.reduce((sum, call) => sum + call.oneLevel.length, 0), calls: expansion.calls.length };
  const measured = measuredCost(search, index, maxDepth);
  assert.deepEqual(measured, actual, 'the measure predicts the expansion');
  return actual;
}

test('a call measured once is measured again where a cycle or the depth bound cuts it (the measure stays exact)', () => {
  // `x` expands whole the first time; inside `y(x)` its own call of `y` is a cycle and stays as written.
  const cycles = indexOf(macro('x', '`y(z)`'), macro('y', '`$a$`', ['a']), macro('z', 'leaf'));
  const whole = '`y(z)`'.length + '`z`'.length + 'leaf'.length;
  assert.deepEqual(spent('`x`', cycles), { produced: whole, calls: 3 });
  assert.deepEqual(spent('`x` `y(x)`', cycles), { produced: whole + '`x`'.length + '`y(z)`'.length, calls: 3 + 2 });
  // `a` expands three levels at depth 1, but below `d` and `e` the third level is past a depth bound of 4.
  const deep = indexOf(macro('a', '`b`'), macro('b', '`c`'), macro('c', 'leaf'), macro('d', '`e`'), macro('e', '`a`'));
  assert.deepEqual(spent('`a` `d`', deep, 4), { produced: 3 + 3 + 4 + (3 + 3 + 3 + 3), calls: 3 + 4 });
});

test('implicit filter macros expand to search * unless defined', () => {
  assert.equal(expandSearch('a | `x_y_filter`', indexOf()).text, 'a | search *');
  assert.equal(expandSearch('a | `x_y_filter`', indexOf(macro('x_y_filter', 'search user!=svc'))).text, 'a | search user!=svc');
  assert.equal(expandSearch('a | `x_y_filter`', indexOf(), { implicitFilters: false }).diagnostics[0].code, 'MAC001');
});

test('iseval macros: constant expressions expand, others are reported', () => {
  const index = indexOf(
    macro('const', '"index=" . "$idx$"', ['idx'], { iseval: true }),
    macro('dynamic', 'if(isnull(x), "a", "b")', [], { iseval: true }),
  );
  assert.equal(expandSearch('`const(main)`', index).text, 'index=main');
  const dynamic = expandSearch('`dynamic`', index);
  assert.equal(dynamic.diagnostics[0].code, 'MAC008');
  assert.match(dynamic.diagnostics[0].message, /cannot be expanded locally/);
});

test('an unterminated backtick is reported, not thrown', () => {
  const result = expandSearch('a `b c', indexOf());
  assert.equal(result.diagnostics[0].code, 'MAC009');
  assert.equal(result.text, 'a `b c');
});

test('a backslash-escaped quote outside a string does not open one (kubernetes_create_or_update_privileged_pod)', () => {
  const index = indexOf(macro('kube_audit', 'sourcetype=kube:objects:events'));
  const search = '`kube_audit` x=*\\"privileged\\":true* | stats count | `k_filter`';
  const result = expandSearch(search, index);
  assert.equal(result.text, 'sourcetype=kube:objects:events x=*\\"privileged\\":true* | stats count | search *');
  assert.deepEqual(result.diagnostics, []);
});
