// The editor queries on a real workspace layout (security_content macros, a default/ and a local/
// macros.conf); positions are written with a `$0` cursor marker inside a snippet of the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative, resolve } from 'node:path';
import {
  macroCompletions,
  macroHover,
  macroReferences,
  macroSignature,
  renameMacro,
  renameTarget,
} from '../../server/src/workspace/macroQueries';
import { Project } from '../../server/src/workspace/project';

const ROOT = resolve(__dirname, '../fixtures/lsp/macro_workspace');
const TEMP_DETECTION = join(ROOT, 'detections/custom/msiexec_from_temp_folder.yml');
const DEFAULT_CONF = join(ROOT, 'default/macros.conf');

/** The file offset of `$0` in `snippet`, which must occur exactly once in the file (without the marker). */
function offsetIn(project: Project, path: string, snippet: string): number {
  const marker = snippet.indexOf('$0');
  assert.ok(marker >= 0, `no $0 in ${snippet}`);
  const plain = snippet.replace('$0', '');
  const text = project.document(path)!.text;
  const at = text.indexOf(plain);
  assert.ok(at >= 0 && text.indexOf(plain, at + 1) < 0, `${JSON.stringify(plain)} must occur once in ${path}`);
  return at + marker;
}

/** A scratch detection holding `search` (with a `$0`), and the offset of the marker in the file. */
function scratch(project: Project, search: string): { path: string; offset: number } {
  const path = join(ROOT, 'detections/custom/scratch.yml');
  const text = `name: Scratch Search\nsearch: '${search.replace('$0', '')}'\n`;
  project.upsert(path, text);
  return { path, offset: text.indexOf("'") + 1 + search.indexOf('$0') };
}

const spanText = (project: Project, path: string, span: { start: number; end: number }) => project.document(path)!.text.slice(span.start, span.end);

test('renaming a two-argument conf macro keeps the (2) of its stanza and renames its calls', () => {
  const project = Project.load([ROOT]);
  const result = renameMacro(project, DEFAULT_CONF, offsetIn(project, DEFAULT_CONF, '[process_$0in_folder(2)]'), 'process_in_dir');
  assert.ok('edits' in result, JSON.stringify(result));
  const edited = [...result.edits].map(([path, edits]) => [relative(ROOT, path), edits.map((e) => spanText(project, path, e.span))]);
  assert.deepEqual(edited, [
    ['detections/custom/msiexec_from_temp_folder.yml', ['process_in_folder']],
    ['default/macros.conf', ['process_in_folder']],
  ]);
  const [edit] = result.edits.get(DEFAULT_CONF)!;
  const text = project.document(DEFAULT_CONF)!.text;
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('[process_in_folder(2)]', '[process_in_dir(2)]'));
});

test('a rename is refused for built-in and filter macros, invalid names and names already defined', () => {
  const project = Project.load([ROOT]);
  const builtin = renameTarget(project, TEMP_DETECTION, offsetIn(project, TEMP_DETECTION, '`drop_dm_$0object_name("Processes")`'));
  assert.match(builtin && 'error' in builtin ? builtin.error : '', /`drop_dm_object_name\(1\)` is built in/);
  const filter = renameTarget(project, TEMP_DETECTION, offsetIn(project, TEMP_DETECTION, '`msiexec_$0from_temp_filter`'));
  assert.match(filter && 'error' in filter ? filter.error : '', /filter macro/);
  const ctime = offsetIn(project, TEMP_DETECTION, '`security_content_$0ctime(firstTime)`');
  assert.deepEqual(renameMacro(project, TEMP_DETECTION, ctime, 'bad name'), {
    error: "'bad name' is not a valid macro name (letters, digits, _ . : -).",
  });
  assert.deepEqual(renameMacro(project, TEMP_DETECTION, ctime, 'drop_dm_object_name'), {
    error: '`drop_dm_object_name(1)` is already defined (built-in definition (Splunk CIM / ES app; not in this workspace)).',
  });
  const target = renameTarget(project, TEMP_DETECTION, ctime);
  assert.ok(target && 'span' in target);
  assert.equal(spanText(project, TEMP_DETECTION, target.span), 'security_content_ctime');
});

test('the hover on a default/ definition overridden in local/ shows its own text and the override', () => {
  const project = Project.load([ROOT]);
  const hover = macroHover(project, DEFAULT_CONF, offsetIn(project, DEFAULT_CONF, '[shell_$0processes]'), (p) => relative(ROOT, p));
  assert.equal(
    hover?.markdown,
    [
      '**`shell_processes`** — default/macros.conf:8 (default/macros.conf)',
      '',
      'Command shells (default)',
      '',
      'Overridden by local/macros.conf:2 (local/macros.conf): searches use that definition.',
      '',
      'Definition:',
      '```spl',
      'Processes.process_name IN ("cmd.exe", "powershell.exe")',
      '```',
    ].join('\n'),
  );
});

test('references with the declaration use the bare name of a conf stanza', () => {
  const project = Project.load([ROOT]);
  const locations = macroReferences(project, TEMP_DETECTION, offsetIn(project, TEMP_DETECTION, '`process_in_$0folder('), true);
  assert.deepEqual(
    locations.map((l) => `${relative(ROOT, l.path)} ${spanText(project, l.path, l.span)}`),
    ['default/macros.conf process_in_folder', 'detections/custom/msiexec_from_temp_folder.yml process_in_folder'],
  );
});

test('signature help works while the call is still unclosed and follows named arguments', () => {
  const project = Project.load([ROOT]);
  const cases: [string, number][] = [
    ['| `security_content_ctime($0', 0],
    ['| `process_in_folder("msiexec.exe", $0', 1],
    ['| `process_in_folder("a, b", $0)`', 1],
    ['| `process_in_folder(folder=$0', 1],
    ['| `process_in_folder(x, (a, b$0', 1],
  ];
  for (const [search, active] of cases) {
    const { path, offset } = scratch(project, search);
    const signature = macroSignature(project, path, offset);
    assert.equal(signature?.activeParameter, active, search);
  }
  const { path, offset } = scratch(project, '| `process_in_folder(a, b)`$0 | stats count');
  assert.equal(macroSignature(project, path, offset), undefined, 'after the call');
  const inside = scratch(project, '| `process_in_folder(a, $0b)`');
  assert.deepEqual(macroSignature(project, inside.path, inside.offset), {
    label: 'process_in_folder(name, folder)',
    parameters: ['name', 'folder'],
    activeParameter: 1,
    documentation: 'A process by name, started from a folder',
  });
});

test('completion offers macro names (the detection filter included) and, in an argument list, argument names', () => {
  const project = Project.load([ROOT]);
  const names = scratch(project, '| `secur$0');
  const completion = macroCompletions(project, names.path, names.offset);
  assert.equal(spanText(project, names.path, completion!.replace), 'secur');
  const labels = completion!.items.map((i) => i.label);
  assert.ok(labels.includes('scratch_search_filter'), 'the filter contentctl generates for "Scratch Search"');
  assert.ok(labels.includes('process_in_folder(2)'));
  assert.equal(completion!.items.find((i) => i.label === 'process_in_folder(2)')?.snippet, 'process_in_folder(${1:name}, ${2:folder})');

  const argument = scratch(project, '| `process_in_folder("msiexec.exe", fo$0');
  const argumentCompletion = macroCompletions(project, argument.path, argument.offset);
  assert.equal(spanText(project, argument.path, argumentCompletion!.replace), 'fo');
  assert.deepEqual(
    argumentCompletion!.items.map((i) => [i.label, i.kind, i.detail, i.snippet]),
    [
      ['name=', 'argument', 'argument 1 of process_in_folder(2)', 'name=${1}'],
      ['folder=', 'argument', 'argument 2 of process_in_folder(2)', 'folder=${1}'],
    ],
  );
  const value = scratch(project, '| `process_in_folder("msiexec.exe$0');
  assert.equal(macroCompletions(project, value.path, value.offset), undefined, 'inside a quoted value');
});

test('a conf macro whose stanza declares no args still gets one parameter per argument', () => {
  const project = new Project();
  project.upsert('/ws/default/macros.conf', '[pair(2)]\ndefinition = $a$-$b$\n');
  const typing = "name: Pair User\nsearch: '| `pair(1, $0'\n";
  const path = '/ws/detections/pair_user.yml';
  project.upsert(path, typing.replace('$0', ''));
  assert.deepEqual(macroSignature(project, path, typing.indexOf('$0')), {
    label: 'pair(arg1, arg2)',
    parameters: ['arg1', 'arg2'],
    activeParameter: 1,
    documentation: undefined,
  });
  const naming = "name: Pair User\nsearch: '| `pa'\n";
  project.upsert(path, naming);
  const completion = macroCompletions(project, path, naming.indexOf("pa'") + 2);
  assert.equal(completion?.items.find((i) => i.label === 'pair(2)')?.snippet, 'pair(${1:arg1}, ${2:arg2})');
});
