// Hover, go to definition, find references and document links on macro calls, over stdio against
// test/fixtures/lsp/macro_workspace: security_content detections and macros, a default/macros.conf
// with a two-argument macro and a `\`-continued definition, and a local/macros.conf overriding it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentLink, Hover, Location, MarkupContent, Range } from 'vscode-languageserver-protocol';
import { cursorIn, rangeOf, textIn } from './cursor';
import { FIXTURES, LSP_TEST, LspSession } from './harness';

export const MACRO_WORKSPACE = join(FIXTURES, 'macro_workspace');
const HOVER_GOLDEN = join(FIXTURES, 'macro_golden/hovers.md');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const MSIEXEC = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const REGSVR32 = 'detections/endpoint/office_application_spawn_regsvr32_process.yml';
const TEMP_FOLDER = 'detections/custom/msiexec_from_temp_folder.yml';

let session: LspSession;
before(async () => {
  session = await LspSession.start(MACRO_WORKSPACE);
});
after(() => session.dispose());

const read = (file: string) => readFileSync(join(MACRO_WORKSPACE, file), 'utf8');
const relativeFile = (uri: string) => relative(MACRO_WORKSPACE, fileURLToPath(uri)).split('\\').join('/');
const brief = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Opens the file, sends the request at the `$0` of the snippet, closes the file again. */
async function requestAt<R>(method: string, file: string, snippet: string, extra: object = {}): Promise<R> {
  const text = read(file);
  const uri = await session.open(join(MACRO_WORKSPACE, file), text);
  try {
    return await session.request<R>(method, { textDocument: { uri }, position: cursorIn(text, snippet), ...extra });
  } finally {
    await session.close(uri);
  }
}

const hoverText = async (file: string, snippet: string) => {
  const hover = await requestAt<Hover | null>('textDocument/hover', file, snippet);
  return hover && { markdown: (hover.contents as MarkupContent).value, range: hover.range };
};

test('hover on a call of a built-in macro: origin, bound argument, expansion', LSP_TEST, async () => {
  const hover = await hoverText(TEMP_FOLDER, '`drop_dm_$0object_name("Processes")`');
  assert.equal(
    hover?.markdown,
    [
      '**`drop_dm_object_name(1)`** — built-in definition (Splunk CIM / ES app; not in this workspace)',
      '',
      'Removes the data model object prefix from field names (Splunk CIM app).',
      '',
      'Arguments: `object` = `Processes`',
      '',
      'Expands to:',
      '```spl',
      'rename Processes.* AS *',
      '```',
    ].join('\n'),
  );
  assert.deepEqual(hover?.range, rangeOf(read(TEMP_FOLDER), '`drop_dm_object_name("Processes")`'), 'the whole call, backticks included');
});

test('hover on a YAML macro gives its file:line relative to the workspace folder and the argument', LSP_TEST, async () => {
  const hover = await hoverText(MSIEXEC, '`drop_dm_object_name(Processes)` | `security_content_c$0time(firstTime)`');
  const lines = hover!.markdown.split('\n');
  assert.equal(lines[0], '**`security_content_ctime(1)`** — macros/security_content_ctime.yml:5 (macros YAML)');
  assert.ok(lines.includes('Arguments: `field` = `firstTime`'), hover!.markdown);
  assert.ok(hover!.markdown.includes('```spl\nconvert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)\n```'), hover!.markdown);
});

test('hover on a nested macro shows the one-level and the full expansion; local/ wins over default/', LSP_TEST, async () => {
  const summaries = await hoverText(MSIEXEC, '`security_content_summaries$0only`');
  assert.ok(
    summaries!.markdown.includes('Fully expanded:\n```spl\nsummariesonly=false allow_old_summaries=true fillnull_value=null\n```'),
    summaries!.markdown,
  );
  const shells = await hoverText(TEMP_FOLDER, '`shell_proc$0esses`');
  assert.match(shells!.markdown, /^\*\*`shell_processes`\*\* — local\/macros\.conf:2 \(local\/macros\.conf\)/);
  assert.ok(shells!.markdown.includes('"pwsh.exe"'), 'the local definition is the one expanded');
});

test('hover texts of calls and definitions (golden)', LSP_TEST, async () => {
  const cases: [string, string][] = [
    [TEMP_FOLDER, '`process_in_$0folder("msiexec.exe"'],
    [TEMP_FOLDER, '`msiexec_from_$0temp_filter`'],
    [TEMP_FOLDER, '`security_content_summaries$0only`'],
    ['default/macros.conf', '[process_in$0_folder(2)]'],
    ['default/macros.conf', '[shell_$0processes]'],
    ['macros/security_content_summariesonly.yml', 'name: security_$0content_summariesonly'],
  ];
  const sections: string[] = [];
  for (const [file, snippet] of cases) {
    const hover = await hoverText(file, snippet);
    sections.push(`## ${file} at ${snippet}\n\nrange ${hover?.range ? brief(hover.range) : '(none)'}\n\n${hover?.markdown ?? '(no hover)'}\n`);
  }
  const actual = `# Hover texts (UPDATE_GOLDEN=1 regenerates this file)\n\n${sections.join('\n')}`;
  if (UPDATE) writeFileSync(HOVER_GOLDEN, actual);
  assert.equal(actual, readFileSync(HOVER_GOLDEN, 'utf8'));
});

test('no hover outside macro calls', LSP_TEST, async () => {
  assert.equal(await requestAt('textDocument/hover', MSIEXEC, 'datamodel=Endpoint.Pro$0cesses'), null);
});

test('go to definition: the YAML name: value, the conf stanza name, the local/ override', LSP_TEST, async () => {
  const cases: [string, string, string, Range][] = [
    [MSIEXEC, 'where `process_$0msiexec`', 'macros/process_msiexec.yml', rangeOf(read('macros/process_msiexec.yml'), 'process_msiexec', 'name: process_msiexec')],
    [TEMP_FOLDER, '`process_in$0_folder(', 'default/macros.conf', rangeOf(read('default/macros.conf'), 'process_in_folder', '[process_in_folder(2)]')],
    [TEMP_FOLDER, '`shell_$0processes`', 'local/macros.conf', rangeOf(read('local/macros.conf'), 'shell_processes')],
    [REGSVR32, '`drop_dm_object_name("Processes")` | `security_content_ctime(first$0Time)`', 'macros/security_content_ctime.yml', rangeOf(read('macros/security_content_ctime.yml'), 'security_content_ctime')],
  ];
  for (const [file, snippet, target, range] of cases) {
    const location = await requestAt<Location | null>('textDocument/definition', file, snippet);
    assert.equal(location && relativeFile(location.uri), target, snippet);
    assert.deepEqual(location?.range, range, snippet);
  }
  assert.deepEqual(rangeOf(read('macros/process_msiexec.yml'), 'process_msiexec', 'name: process_msiexec'), {
    start: { line: 2, character: 6 },
    end: { line: 2, character: 21 },
  });
  assert.deepEqual(rangeOf(read('default/macros.conf'), 'process_in_folder', '[process_in_folder(2)]'), {
    start: { line: 1, character: 1 },
    end: { line: 1, character: 18 },
  });
});

test('no definition for built-in and implicit filter macros', LSP_TEST, async () => {
  assert.equal(await requestAt('textDocument/definition', TEMP_FOLDER, '`drop_dm_$0object_name('), null);
  assert.equal(await requestAt('textDocument/definition', MSIEXEC, '`windows_msiexec_$0dllregisterserver_filter`'), null);
});

test('references: every call of the macro with its argument count, across files, plus the declaration when asked', LSP_TEST, async () => {
  const calls = await requestAt<Location[]>('textDocument/references', TEMP_FOLDER, '`security_content_$0ctime(', { context: { includeDeclaration: false } });
  const perFile = new Map<string, number>();
  for (const location of calls) {
    assert.equal(textIn(read(relativeFile(location.uri)), location.range), 'security_content_ctime', `${location.uri} ${brief(location.range)}`);
    perFile.set(relativeFile(location.uri), (perFile.get(relativeFile(location.uri)) ?? 0) + 1);
  }
  // Each corpus detection calls it for firstTime and lastTime in its search and in a drilldown search.
  assert.deepEqual(Object.fromEntries(perFile), { [TEMP_FOLDER]: 1, [REGSVR32]: 4, [MSIEXEC]: 4 });

  const withDeclaration = await requestAt<Location[]>('textDocument/references', 'macros/security_content_ctime.yml', 'name: security_$0content_ctime', {
    context: { includeDeclaration: true },
  });
  assert.equal(withDeclaration.length, calls.length + 1);
  const declaration = withDeclaration.find((l) => relativeFile(l.uri) === 'macros/security_content_ctime.yml');
  assert.deepEqual(declaration?.range, rangeOf(read('macros/security_content_ctime.yml'), 'security_content_ctime'));
  const sorted = (list: Location[]) => list.map((l) => `${relativeFile(l.uri)} ${brief(l.range)}`).sort();
  assert.deepEqual(sorted(withDeclaration.filter((l) => l !== declaration)), sorted(calls));
});

test('references of a conf macro: its call and the stanza name without (2)', LSP_TEST, async () => {
  const found = await requestAt<Location[]>('textDocument/references', 'default/macros.conf', '[process_$0in_folder(2)]', { context: { includeDeclaration: true } });
  assert.deepEqual(
    found.map((l) => `${relativeFile(l.uri)} ${textIn(read(relativeFile(l.uri)), l.range)}`),
    ['default/macros.conf process_in_folder', `${TEMP_FOLDER} process_in_folder`],
  );
});

test('document links: each call of a macro defined in a file links to that file at the name', LSP_TEST, async () => {
  const text = read(TEMP_FOLDER);
  const uri = await session.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
  const links = await session.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  await session.close(uri);
  const view = links.map((link) => {
    const [file, fragment] = link.target!.split('#');
    return `${textIn(text, link.range)} -> ${relativeFile(file)}#${fragment}`;
  });
  // drop_dm_object_name is built in and the filter macro implicit: no file to link to.
  assert.deepEqual(view, [
    'security_content_summariesonly -> macros/security_content_summariesonly.yml#L3,7',
    'process_in_folder -> default/macros.conf#L2,2',
    'shell_processes -> local/macros.conf#L2,2',
    'security_content_ctime -> macros/security_content_ctime.yml#L5,7',
  ]);
  assert.equal(links[1].tooltip, 'Macro definition: default/macros.conf:2');
});
