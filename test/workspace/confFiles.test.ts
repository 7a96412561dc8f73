import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSplDocument, type SplDocument } from '../../server/src/workspace/documents';
import { mappingProblems } from './mappingOracle';

const MACROS = '/app/default/macros.conf';
const SAVED = '/app/default/savedsearches.conf';

function read(path: string, text: string): SplDocument {
  const document = readSplDocument(path, text);
  for (const search of document.searches) assert.deepEqual(mappingProblems(text, search), []);
  for (const macro of document.macros ?? []) if (macro.definition) assert.deepEqual(mappingProblems(text, macro.definition), []);
  return document;
}

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

const macrosConf = [
  '# Macros of the app',
  '[sysmon]',
  'definition = index=main sourcetype=sysmon',
  'description = Sysmon events',
  '',
  '[drop_dm_object_name(1)]',
  'args = object',
  'definition = rename $object$.* AS *',
  '',
  '[multi(2)]',
  'args = a, b',
  'definition = search $a$ \\',
  '    | eval x=$b$ \\',
  '| stats count',
  '',
  '[now_epoch]',
  'definition = now()',
  'iseval = 1',
  '',
].join('\n');

test('macros.conf: each stanza is a macro with its arity, args and definition', () => {
  const document = read(MACROS, macrosConf);
  assert.equal(document.kind, 'macros-conf');
  assert.deepEqual(document.diagnostics, []);
  assert.deepEqual(
    document.macros!.map((m) => [m.name, m.arity, m.args, m.iseval]),
    [
      ['sysmon', 0, [], undefined],
      ['drop_dm_object_name', 1, ['object'], undefined],
      ['multi', 2, ['a', 'b'], undefined],
      ['now_epoch', 0, [], true],
    ],
  );
  const [sysmon, drop] = document.macros!;
  assert.equal(sysmon.description, 'Sysmon events');
  assert.equal(slice(macrosConf, drop.nameSpan), 'drop_dm_object_name(1)');
  assert.equal(drop.definition!.label, 'macro drop_dm_object_name(1)');
  assert.equal(drop.definition!.role, 'macro-definition');
  assert.equal(slice(macrosConf, drop.definition!.fileSpan), 'rename $object$.* AS *');
  assert.equal(slice(macrosConf, drop.stanzaSpan), '[drop_dm_object_name(1)]\nargs = object\ndefinition = rename $object$.* AS *');
});

test('macros.conf: a trailing backslash continues the value and the line break stays in it', () => {
  const document = read(MACROS, macrosConf);
  const multi = document.macros![2].definition!;
  assert.equal(multi.text, 'search $a$ \n    | eval x=$b$ \n| stats count');
  const firstBreak = multi.text.indexOf('\n');
  assert.equal(slice(macrosConf, { start: multi.toFileOffset(firstBreak), end: multi.charEndInFile(firstBreak) }), '\\\n');
  assert.equal(multi.toFileOffset(multi.text.indexOf('| eval')), macrosConf.indexOf('| eval'));
  assert.equal(multi.toFileOffset(multi.text.indexOf('| stats')), macrosConf.indexOf('| stats'));
  assert.equal(multi.toFileOffset(multi.text.length), macrosConf.indexOf('| stats count') + '| stats count'.length);
});

test('macros.conf: an iseval definition is an eval expression, kept on the macro but not parsed as SPL', () => {
  const document = read(MACROS, macrosConf);
  assert.deepEqual(document.searches.map((s) => s.label), ['macro sysmon', 'macro drop_dm_object_name(1)', 'macro multi(2)']);
  assert.equal(document.macros![3].definition!.text, 'now()');
});

test('macros.conf: symbols are the stanzas (name with arity) and their keys', () => {
  const document = read(MACROS, macrosConf);
  assert.deepEqual(document.symbols.map((s) => [s.name, s.kind, s.children.map((c) => c.name)]), [
    ['sysmon', 'macro', ['definition', 'description']],
    ['drop_dm_object_name(1)', 'macro', ['args', 'definition']],
    ['multi(2)', 'macro', ['args', 'definition']],
    ['now_epoch', 'macro', ['definition', 'iseval']],
  ]);
  const multi = document.symbols[2];
  assert.equal(slice(macrosConf, multi.selectionSpan), 'multi(2)');
  assert.equal(slice(macrosConf, multi.children[1].span), 'definition = search $a$ \\\n    | eval x=$b$ \\\n| stats count');
});

test('CRLF: the continued value keeps a bare \\n and maps past the CRLF', () => {
  const text = '[m]\r\ndefinition = a \\\r\n| b\r\n';
  const document = read(MACROS, text);
  const definition = document.macros![0].definition!;
  assert.equal(definition.text, 'a \n| b');
  assert.equal(slice(text, { start: definition.toFileOffset(2), end: definition.charEndInFile(2) }), '\\\r\n');
  assert.equal(definition.toFileOffset(3), text.indexOf('| b'));
});

test('a backslash followed by a space, or on a comment line, does not continue the line', () => {
  const text = '[m]\ndefinition = a \\ \n# comment \\\n[n]\ndefinition = b\n';
  const document = read(MACROS, text);
  assert.deepEqual(document.macros!.map((m) => [m.name, m.definition?.text]), [['m', 'a \\'], ['n', 'b']]);
});

test('conf problems: bad lines, unclosed headers, duplicates, arity mismatches, bad names', () => {
  const text = [
    'orphan line',
    '[ok(1)]',
    'args = x, y',
    'definition = $x$',
    'definition = $x$ $x$',
    '[bad(x)]',
    'definition = a',
    '[ok(1)]',
    'args = x',
    '[unclosed',
    'definition = c',
    '[no_def]',
    'args =',
    '= value without key',
  ].join('\n');
  const document = read(MACROS, text);
  const found = document.diagnostics.map((d) => `${d.code} ${slice(text, d.span)}`);
  assert.deepEqual(found, [
    'DOC030 orphan line',
    'DOC033 definition',
    'DOC035 bad(x)',
    'DOC032 [ok(1)]',
    'DOC031 [unclosed',
    'DOC036 no_def',
    'DOC030 = value without key',
  ]);
  // [ok(1)] appears twice: one macro, later settings win, so `args = x` fixes the arity.
  const ok = document.macros!.find((m) => m.name === 'ok')!;
  assert.deepEqual(ok.args, ['x']);
  assert.equal(ok.definition!.text, '$x$ $x$');
  assert.deepEqual(document.macros!.map((m) => m.name), ['ok', 'unclosed', 'no_def']);
});

test('an arity mismatch is DOC034 at the args setting', () => {
  const text = '[two(2)]\nargs = a\ndefinition = $a$\n[one(1)]\ndefinition = x\n';
  const document = read(MACROS, text);
  assert.deepEqual(document.diagnostics.map((d) => `${d.code} ${slice(text, d.span)}`), ['DOC034 args = a', 'DOC034 one(1)']);
});

test('settings before any stanza belong to [default] and are not macros or searches', () => {
  const text = 'definition = stray\n[real]\ndefinition = x\n';
  const document = read(MACROS, text);
  assert.deepEqual(document.macros!.map((m) => m.name), ['real']);
  assert.deepEqual(document.diagnostics, []);
});

test('savedsearches.conf: each search = is an SPL string labelled by its stanza', () => {
  const text = [
    '[default]',
    'dispatch.earliest_time = -24h',
    '',
    '[Suspicious Logons - Rule]',
    'search = index=main EventCode=4625 \\',
    '| stats count by user \\',
    '| where count > 5',
    'cron_schedule = */5 * * * *',
    'action.email.to = a=b@example.com',
    '',
    '[No Search]',
    'description = nothing to parse',
    '',
  ].join('\n');
  const document = read(SAVED, text);
  assert.equal(document.kind, 'savedsearches-conf');
  assert.deepEqual(document.diagnostics, []);
  assert.equal(document.searches.length, 1);
  const [search] = document.searches;
  assert.equal(search.label, '[Suspicious Logons - Rule] search');
  assert.equal(search.role, 'conf-search');
  assert.equal(search.text, 'index=main EventCode=4625 \n| stats count by user \n| where count > 5');
  assert.equal(search.toFileOffset(search.text.indexOf('where')), text.indexOf('where'));
  assert.deepEqual(document.symbols.map((s) => [s.name, s.kind]), [
    ['[default]', 'stanza'],
    ['[Suspicious Logons - Rule]', 'stanza'],
    ['[No Search]', 'stanza'],
  ]);
  assert.deepEqual(document.symbols[1].children.map((c) => [c.name, c.kind]), [
    ['search', 'search'],
    ['cron_schedule', 'key'],
    ['action.email.to', 'key'],
  ]);
  assert.equal(document.symbols[1].children[2].detail, 'a=b@example.com');
});

test('a key may contain an escaped = ; the value starts after the first unescaped one', () => {
  const text = '[s]\nweird\\=key = v=1\nsearch = x\n';
  const document = read(SAVED, text);
  assert.deepEqual(document.symbols[0].children.map((c) => [c.name, c.detail]), [['weird\\=key', 'v=1'], ['search', 'x']]);
});
