/** The typed grammar of each command family: the parts land in the right fields of the node. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalTree, parseClean, searchTree, source, stage } from './helpers';

test('tstats: options, aggregations, FROM datamodel, WHERE search, BY fields and span', () => {
  const text =
    '| tstats `security_content_summariesonly` prestats=t count min(_time) as firstTime values(Processes.process) from datamodel=Endpoint.Processes where `process_msiexec` Processes.process IN ("*/z*") by _time span=1h Processes.dest';
  const tstats = stage(parseClean(text), 0, 'tstats');
  assert.deepEqual(tstats.extras.map((arg) => source(text, arg)), ['`security_content_summariesonly`']);
  assert.deepEqual(tstats.options.map((option) => source(text, option)), ['prestats=t', 'span=1h']);
  assert.deepEqual(tstats.aggregations.map((agg) => [agg.func, agg.alias?.name ?? null]), [['count', null], ['min', 'firstTime'], ['values', null]]);
  assert.equal(tstats.source?.kind, 'option');
  assert.equal(source(text, tstats.source!), 'datamodel=Endpoint.Processes');
  assert.equal(searchTree(text, tstats.where), '(AND `process_msiexec` Processes.process IN ("*/z*"))');
  assert.deepEqual(tstats.by.map((field) => field.name), ['_time', 'Processes.dest']);
  assert.deepEqual([tstats.fromKeyword?.keyword, tstats.whereKeyword?.keyword, tstats.byKeyword?.keyword], ['FROM', 'WHERE', 'BY']);
});

test('tstats: datamodel= without FROM, upper-case keywords, a quoted BY field', () => {
  const text = '| tstats summariesonly=true count datamodel=Network_Traffic.All_Traffic WHERE nodename=All_Traffic.Traffic_By_Action BY "Authentication.src"';
  const tstats = stage(parseClean(text), 0, 'tstats');
  assert.equal(tstats.fromKeyword, null);
  assert.equal(tstats.source?.kind === 'option' && tstats.source.value && source(text, tstats.source.value), 'Network_Traffic.All_Traffic');
  assert.deepEqual(tstats.by.map((field) => [field.name, field.quoted]), [['Authentication.src', true]]);
});

test('stats family: aggregations with eval(), AS aliases, BY with commas; chart OVER; timechart options', () => {
  const text = 'x | stats count, dc(user) as users count(eval(status>=500)) AS "Errors" by host, source | chart count over host by status | timechart span=1h count by host';
  const result = parseClean(text);
  const stats = stage(result, 1, 'stats');
  assert.deepEqual(stats.aggregations.map((agg) => [agg.func, agg.alias?.name ?? null]), [['count', null], ['dc', 'users'], ['count', 'Errors']]);
  const evalArg = stats.aggregations[2].args![0];
  assert.equal(evalArg.kind, 'evalCall');
  assert.equal(evalArg.kind === 'evalCall' && evalTree(text, evalArg.args[0]), '(>= status 500)');
  assert.deepEqual(stats.by.map((field) => field.name), ['host', 'source']);
  const chart = stage(result, 2, 'chart');
  assert.equal(chart.over?.name, 'host');
  assert.deepEqual(chart.by.map((field) => field.name), ['status']);
  const timechart = stage(result, 3, 'timechart');
  assert.deepEqual(timechart.options.map((option) => option.name), ['span']);
});

test('eval: several assignments separated by commas, each with its expression', () => {
  const text = '| eval a=1, b="x".a, c=if(a>0, "pos", "neg")';
  const evalNode = stage(parseClean(text), 0, 'eval');
  assert.deepEqual(evalNode.assignments.map((a) => [a.field.name, evalTree(text, a.expr)]), [
    ['a', '1'],
    ['b', '(. "x" a)'],
    ['c', 'if((> a 0), "pos", "neg")'],
  ]);
});

test('rename with wildcards and quoted names; table and fields lists', () => {
  const text = 'x | rename Processes.* AS *, "Old Name" as new | table _time, user "Quoted Field" | fields - cn, tmp*';
  const result = parseClean(text);
  const rename = stage(result, 1, 'rename');
  assert.deepEqual(rename.pairs.map((pair) => [pair.from.name, pair.to?.name]), [['Processes.*', '*'], ['Old Name', 'new']]);
  assert.deepEqual(stage(result, 2, 'table').fields.map((f) => f.name), ['_time', 'user', 'Quoted Field']);
  const fields = stage(result, 3, 'fields');
  assert.equal(fields.mode, '-');
  assert.deepEqual(fields.fields.map((f) => f.name), ['cn', 'tmp*']);
});

test('lookup: options, table, inputs with AS, OUTPUT/OUTPUTNEW outputs with AS', () => {
  const text = 'x | lookup update=true t user as src_user, host OUTPUTNEW risk as user_risk, note';
  const lookup = stage(parseClean(text), 1, 'lookup');
  assert.deepEqual(lookup.options.map((option) => option.name), ['update']);
  assert.equal(lookup.table?.kind === 'word' && lookup.table.text, 't');
  assert.deepEqual(lookup.inputs.map((f) => [f.field.name, f.alias?.name ?? null]), [['user', 'src_user'], ['host', null]]);
  assert.equal(lookup.outputKeyword?.keyword, 'OUTPUTNEW');
  assert.deepEqual(lookup.outputs.map((f) => [f.field.name, f.alias?.name ?? null]), [['risk', 'user_risk'], ['note', null]]);
});

test('inputlookup and outputlookup take options before or after the table; inputlookup WHERE', () => {
  const text = '| inputlookup t.csv append=t where count>5 | outputlookup append=true out.csv';
  const result = parseClean(text);
  const input = stage(result, 0, 'inputlookup');
  assert.deepEqual(input.options.map((o) => o.name), ['append']);
  assert.equal(searchTree(text, input.where), 'count>5');
  assert.equal(stage(result, 1, 'outputlookup').table?.kind, 'word');
});

test('regex: field, negation and pattern', () => {
  const text = 'x | regex process!="(?i)cmd\\.exe" | regex "a+"';
  const result = parseClean(text);
  const regex = stage(result, 1, 'regex');
  assert.deepEqual([regex.field?.name, regex.operator, regex.regex?.kind === 'string' && regex.regex.value], ['process', '!=', '(?i)cmd\\.exe']);
  assert.equal(stage(result, 2, 'regex').field, null);
});

test('join, append, appendpipe, map and foreach hold their subsearches', () => {
  const text = 'x | join type=left guid, _time [search y] | append [search z] | appendpipe [stats count] | map search="search $x$" maxsearches=5 | foreach stdev_* [eval a=\'<<FIELD>>\']';
  const result = parseClean(text);
  const join = stage(result, 1, 'join');
  assert.deepEqual([join.options.map((o) => o.name), join.fields.map((f) => f.name)], [['type'], ['guid', '_time']]);
  assert.equal(join.subsearch?.pipeline.stages[0].kind, 'search');
  assert.equal(stage(result, 2, 'append').subsearch?.pipeline.stages.length, 1);
  assert.equal(stage(result, 3, 'appendpipe').subsearch?.pipeline.stages[0].kind, 'stats');
  assert.deepEqual(stage(result, 4, 'map').options.map((o) => o.name), ['search', 'maxsearches']);
  const foreach = stage(result, 5, 'foreach');
  assert.deepEqual(foreach.fields.map((f) => f.name), ['stdev_*']);
  assert.equal(foreach.template?.pipeline.stages[0].kind, 'eval');
});

test('dedup, sort, bin/bucket, convert, transaction, head, spath', () => {
  const text =
    'x | dedup 2 user sortby -_time | sort 0 count, - risk, +num(size) desc | bucket _time span=5m | convert timeformat="%Y" ctime(first) AS f | transaction user startswith=(EventCode=1) endswith=eval(x>1) maxspan=5m | head 20 | spath output=u path=a.b{}';
  const result = parseClean(text);
  const dedup = stage(result, 1, 'dedup');
  assert.deepEqual([dedup.count?.text, dedup.fields.map((f) => f.name), dedup.sortKeys.map((k) => [k.direction, k.field.name])], ['2', ['user'], [['-', '_time']]]);
  const sort = stage(result, 2, 'sort');
  assert.deepEqual(sort.keys.map((k) => [k.direction, k.func, k.field.name]), [[null, null, 'count'], ['-', null, 'risk'], ['+', 'num', 'size']]);
  assert.equal(sort.descKeyword?.keyword, 'DESC');
  const bin = stage(result, 3, 'bin');
  assert.deepEqual([bin.name, bin.field?.name, bin.options.map((o) => o.name)], ['bucket', '_time', ['span']]);
  const convert = stage(result, 4, 'convert');
  assert.deepEqual(convert.conversions.map((c) => [c.func, c.field?.name, c.alias?.name]), [['ctime', 'first', 'f']]);
  const transaction = stage(result, 5, 'transaction');
  assert.deepEqual(transaction.options.map((o) => [o.name, o.value?.kind]), [['startswith', 'searchGroup'], ['endswith', 'evalCall'], ['maxspan', 'word']]);
  assert.equal(stage(result, 6, 'head').count?.text, '20');
  assert.deepEqual(stage(result, 7, 'spath').options.map((o) => o.name), ['output', 'path']);
});

test('from: `datamodel X`, `datamodel:X` and `lookup:"x"` forms', () => {
  const text = '| from datamodel Risk.All_Risk | append [| from datamodel:Risk.All_Risk] | append [| from lookup:"my lookup"]';
  const result = parseClean(text);
  const first = stage(result, 0, 'from');
  assert.deepEqual([first.datasetType?.text, first.dataset && source(text, first.dataset)], ['datamodel', 'Risk.All_Risk']);
  const subs = result.ast.stages.slice(1).map((s) => (s.kind === 'append' ? s.subsearch!.pipeline.stages[0] : null));
  const second = subs[0];
  assert.ok(second?.kind === 'from');
  assert.deepEqual([second.datasetType && source(text, second.datasetType), second.dataset && source(text, second.dataset)], ['datamodel', 'Risk.All_Risk']);
  const third = subs[1];
  assert.ok(third?.kind === 'from' && third.dataset?.kind === 'string' && third.dataset.value === 'my lookup');
});

test('single-field commands and field lists with options', () => {
  const text = 'x | mvexpand findings limit=10 | makemv delim=" " Scope | iplocation prefix=v_ src | xmlkv Message | fromjson Data | fillnull value=0 a, b | addtotals fieldname=Score a, b | top limit=5 src by dest | rare user';
  const result = parseClean(text);
  const fields = result.ast.stages.slice(1).map((s) => ('field' in s ? s.field?.name : 'fields' in s ? s.fields.map((f) => f.name).join(',') : null));
  assert.deepEqual(fields, ['findings', 'Scope', 'src', 'Message', 'Data', 'a,b', 'a,b', 'src', 'user']);
  assert.deepEqual(stage(result, 8, 'top').by.map((f) => f.name), ['dest']);
});

test('unknown commands parse generically with their raw arguments', () => {
  const text = 'x | cyberchef infield=x jsonrecipe="[]" | apply model (a b) [search y]';
  const result = parseClean(text);
  const cyberchef = stage(result, 1, 'generic');
  assert.deepEqual(cyberchef.args.map((arg) => arg.kind), ['option', 'option']);
  assert.deepEqual(stage(result, 2, 'generic').args.map((arg) => source(text, arg)), ['model', '(', 'a', 'b', ')', '[search y]']);
});

test('fragment mode reads macro definitions: expressions, options, strings, commands', () => {
  const kinds = (text: string) => parseClean(text, { fragment: true }).ast.stages.map((s) => (s.kind === 'search' && s.implicit ? 'implicit' : s.kind));
  assert.deepEqual(kinds('(Processes.process_name=msiexec.exe OR Processes.original_file_name=msiexec.exe)'), ['implicit']);
  assert.deepEqual(kinds('summariesonly=`summariesonly_config` allow_old_summaries=`oldsummaries_config`'), ['implicit']);
  assert.deepEqual(kinds('"-70m@m"'), ['implicit']);
  assert.deepEqual(kinds('convert timeformat="%Y" ctime($field$)'), ['convert']);
  assert.deepEqual(kinds('lookup x y OUTPUT z | search z=true'), ['lookup', 'search']);
  assert.deepEqual(kinds('search *'), ['search']);
  assert.deepEqual(kinds('eval x=1'), ['eval']);
  assert.deepEqual(kinds('rename $object$.* AS *'), ['rename']);
  assert.deepEqual(kinds('table=x top=5'), ['implicit'], 'a command name followed by = is a field');
  assert.deepEqual(kinds('| inputlookup t | table a'), ['inputlookup', 'table']);
  assert.equal(parseClean('convert x', {}).ast.stages[0].kind, 'search', 'outside fragment mode a first word is a search term');
});
