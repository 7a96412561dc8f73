/** Spans of specific nodes, string escaping, macro calls, comments, tokens and subsearches. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstOfKind, nodesOfKind, parse, parseClean, source, stage } from './helpers';

test('node spans slice back to their source text', () => {
  const text = '`sysmon` EventCode=1 Image IN ("*\\\\cmd.exe", *pwsh*) | stats count min(_time) as firstTime by dest, user';
  const result = parseClean(text);
  const compare = firstOfKind(result, 'searchCompare');
  assert.equal(source(text, compare), 'EventCode=1');
  assert.equal(source(text, compare.field), 'EventCode');
  assert.equal(text.slice(compare.operatorSpan.start, compare.operatorSpan.end), '=');
  const inNode = firstOfKind(result, 'searchIn');
  assert.equal(source(text, inNode), 'Image IN ("*\\\\cmd.exe", *pwsh*)');
  assert.equal(text.slice(inNode.listSpan.start, inNode.listSpan.end), '("*\\\\cmd.exe", *pwsh*)');
  assert.deepEqual(inNode.values.map((value) => source(text, value)), ['"*\\\\cmd.exe"', '*pwsh*']);
  const stats = stage(result, 1, 'stats');
  assert.equal(source(text, stats), 'stats count min(_time) as firstTime by dest, user');
  assert.equal(text.slice(stats.nameSpan.start, stats.nameSpan.end), 'stats');
  assert.deepEqual(stats.aggregations.map((agg) => source(text, agg)), ['count', 'min(_time) as firstTime']);
  assert.deepEqual(stats.by.map((field) => field.name), ['dest', 'user']);
  assert.equal(source(text, result.ast), text);
});

test('the implicit search has an empty name span at its start; a leading pipe opens a command', () => {
  const implicit = parseClean('  index=main');
  const search = stage(implicit, 0, 'search');
  assert.equal(search.implicit, true);
  assert.deepEqual(search.nameSpan, { start: 2, end: 2 });
  const explicit = parseClean('search index=main');
  assert.equal(stage(explicit, 0, 'search').implicit, false);
  const generating = parseClean('| inputlookup t.csv');
  assert.equal(stage(generating, 0, 'inputlookup').table?.kind, 'word');
});

test('double-quoted strings: \\" and \\\\ are escapes, other backslashes stay', () => {
  const text = 'a="C:\\\\Windows\\\\*" b="C:\\Windows\\*" c="say \\"hi\\"" d="ends with \\\\" e="x\\ty"';
  const result = parseClean(text);
  const values = nodesOfKind(result, 'string').map((node) => node.value);
  assert.deepEqual(values, ['C:\\Windows\\*', 'C:\\Windows\\*', 'say "hi"', 'ends with \\', 'x\\ty']);
  const raws = nodesOfKind(result, 'string').map((node) => node.raw);
  assert.deepEqual(raws, ['"C:\\\\Windows\\\\*"', '"C:\\Windows\\*"', '"say \\"hi\\""', '"ends with \\\\"', '"x\\ty"']);
  assert.ok(nodesOfKind(result, 'string').every((node) => node.terminated));
});

test('unquoted words keep backslashes and escaped characters', () => {
  const text = 'path=C:\\Windows\\* x=a\\"b';
  const result = parseClean(text);
  assert.deepEqual(nodesOfKind(result, 'word').map((word) => word.text), ['C:\\Windows\\*', 'a\\"b']);
});

test('rex keeps the unescaped regex and its span', () => {
  const text = 'x | rex field=ObjectDN "^CN=(?P<cn>.*?),\\"[A-Z]{2}\\\\d" | rex mode=sed "s/a/b/g"';
  const result = parseClean(text);
  const rex = stage(result, 1, 'rex');
  assert.equal(rex.regex?.value, '^CN=(?P<cn>.*?),"[A-Z]{2}\\d');
  assert.equal(source(text, rex.regex!), '"^CN=(?P<cn>.*?),\\"[A-Z]{2}\\\\d"');
  assert.deepEqual(rex.options.map((option) => [option.name, option.value && source(text, option.value)]), [['field', 'ObjectDN']]);
  assert.equal(stage(result, 2, 'rex').regex?.value, 's/a/b/g');
});

test('macro calls: name, arguments with spans, named arguments, quoted arguments', () => {
  const text = '| `security_content_ctime(firstTime)` | `m(a, "b, c", k = v , f(x, y))` | `plain`';
  const result = parseClean(text);
  const macros = nodesOfKind(result, 'macroCall');
  assert.deepEqual(macros.map((macro) => macro.signature), ['security_content_ctime(1)', 'm(4)', 'plain']);
  assert.equal(source(text, macros[0]), '`security_content_ctime(firstTime)`');
  assert.equal(text.slice(macros[0].nameSpan.start, macros[0].nameSpan.end), 'security_content_ctime');
  const args = macros[1].args!;
  assert.deepEqual(args.map((arg) => source(text, arg)), ['a', '"b, c"', 'k = v', 'f(x, y)']);
  assert.deepEqual(args.map((arg) => arg.value), ['a', 'b, c', 'v', 'f(x, y)']);
  assert.deepEqual(args.map((arg) => arg.name), [null, null, 'k', null]);
  assert.equal(text.slice(args[2].valueSpan.start, args[2].valueSpan.end), 'v');
  assert.equal(macros[2].args, null);
  assert.deepEqual(result.ast.stages.map((s) => s.kind), ['macroCommand', 'macroCommand', 'macroCommand']);
});

test('macros stand anywhere without false errors', () => {
  const cases = [
    '`sysmon` EventCode=1',
    '`process_msiexec` Processes.process IN ("*/z*") | stats count',
    '| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes by Processes.dest',
    'x | eval a=`expr_macro`, b=if(`cond`, 1, 0) `more_assignments`',
    'x | where `threshold`',
    'x | where count > 1 `and_more`',
    'x | stats `aggregations` by user',
    'x | table a `more_fields` b',
    'x | rex `rex_args`',
    'x | lookup `lookup_args`',
    'index=x sourcetype=`st` | `filter_macro`',
    'x | rename `rename_pairs`',
    'x | rename a AS `new_name`, `old_name` AS b',
    'x | sort - `sort_field`',
    'x | convert ctime(`time_field`)',
    'x | eval `target_field`=1, y=2',
    'x | stats count as `alias` by `group_fields`',
    'x | lookup t a as `m` OUTPUT b as `n`',
    'x | tstats count from `datamodel_macro` where a=1',
  ];
  for (const text of cases) {
    const result = parse(text);
    assert.deepEqual(result.diagnostics, [], text);
    assert.ok(nodesOfKind(result, 'macroCall').length > 0, text);
  }
});

test('comments are returned and skipped, but not inside strings', () => {
  const text = '```a``` index=x ```b\nc``` error | eval s="```not```" ```d```';
  const result = parseClean(text);
  assert.deepEqual(result.comments.map((span) => text.slice(span.start, span.end)), ['```a```', '```b\nc```', '```d```']);
  assert.equal(firstOfKind(result, 'string').value, '```not```');
  assert.deepEqual(nodesOfKind(result, 'searchTerm').map((term) => source(text, term)), ['error']);
});

test('$tokens$ and %original_detection_search% parse as values and terms', () => {
  const text = '%original_detection_search% | search dest = $dest$ user IN ($user$, $dest$) | convert ctime($field$) | eval x=$value$';
  const result = parseClean(text);
  assert.equal(source(text, firstOfKind(result, 'searchTerm')), '%original_detection_search%');
  assert.equal(firstOfKind(result, 'searchCompare').value?.kind, 'word');
  assert.equal(firstOfKind(result, 'variable').text, '$value$');
  assert.equal(stage(result, 2, 'convert').conversions[0].field?.name, '$field$');
});

test('subsearches nest and may stand for terms and values', () => {
  const text = 'index=a NOT [| inputlookup d | fields x] y=[search b | return y] [search c [search d]]';
  const result = parseClean(text);
  const subsearches = nodesOfKind(result, 'subsearch');
  assert.equal(subsearches.length, 4);
  assert.deepEqual(subsearches.map((node) => source(text, node)), ['[| inputlookup d | fields x]', '[search b | return y]', '[search c [search d]]', '[search d]']);
  assert.equal(subsearches[0].pipeline.stages[0].kind, 'inputlookup');
  assert.equal(nodesOfKind(result, 'searchCompare').find((node) => node.field.name === 'y')?.value?.kind, 'subsearch');
});

test('a subsearch may start with a generating command without a pipe', () => {
  const result = parseClean('x NOT [inputlookup cim_corporate_web_domain_lookup] | append [mstats count(m) as c where index=met by host]');
  const kinds = nodesOfKind(result, 'subsearch').map((node) => node.pipeline.stages[0].kind);
  assert.deepEqual(kinds, ['inputlookup', 'mstats']);
});

test('argument names glued to parentheses are one field: aceFlags(inheritance), predicted(x)', () => {
  const text = 'x | stats values(aceFlags) as aceFlags(inheritance) by user | fields - predicted(x) y';
  const result = parseClean(text);
  assert.equal(stage(result, 1, 'stats').aggregations[0].alias?.name, 'aceFlags(inheritance)');
  assert.deepEqual(stage(result, 2, 'fields').fields.map((field) => field.name), ['predicted(x)', 'y']);
});

test('eval targets run up to the equals sign: cpu:mem, feature_-value', () => {
  const text = "x | eval cpu:mem = 'a'/'b', feature_-value=1";
  const result = parseClean(text);
  assert.deepEqual(stage(result, 1, 'eval').assignments.map((a) => a.field.name), ['cpu:mem', 'feature_-value']);
});
