// A chain of macros that double at every level (m0 = one term, m<i> = `m<i-1>` `m<i-1>`, 40 levels:
// 2^40 copies of the term, one detection calling m40). Every place that expands (check of the whole
// workspace, its macro files included; run; hover on the call and on a definition; the expanded
// search) measures a call before expanding it and answers MAC011 at once: nothing is expanded, and
// the CLI and the language server do it in a process held to a 256 MB heap.
import { hangGuarded } from '../support/hangGuard';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { DEFAULT_MAX_CALLS, expandSearch } from '../../server/src/macros/expand';
import { expandedSearchAt, HOVER_EXPANSION_LENGTH, macroHover } from '../../server/src/workspace/macroQueries';
import { runDetection } from '../../server/src/engine/eval/runDetection';
import { Project } from '../../server/src/workspace/project';
import { fileUri, LspSession, ROOT } from '../lsp/harness';

const GUARD = { timeout: 60_000 };
const LEVELS = 40;
const SMALL_HEAP = '--max-old-space-size=256';
let workspace: string;
let detection: string;
let topMacro: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-macro-bomb-'));
  mkdirSync(join(workspace, 'macros'));
  mkdirSync(join(workspace, 'detections'));
  writeFileSync(join(workspace, 'macros/m0.yml'), 'definition: process_name=msiexec.exe\ndescription: the term\nname: m0\n');
  for (let i = 1; i <= LEVELS; i++) {
    writeFileSync(join(workspace, `macros/m${i}.yml`), `definition: "\`m${i - 1}\` \`m${i - 1}\`"\ndescription: doubles\nname: m${i}\n`);
  }
  detection = join(workspace, 'detections/bomb.yml');
  topMacro = join(workspace, `macros/m${LEVELS}.yml`);
  writeFileSync(detection, `name: Bomb\nid: 5f1c8a52-3c0d-4e4b-9d51-000000000040\nsearch: '\`m${LEVELS}\` | table process_name'\n`);
  writeFileSync(join(workspace, 'sysmon.log'), '{"process_name":"msiexec.exe"}\n');
});

after(() => rmSync(workspace, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [SMALL_HEAP, join(ROOT, 'bin/spl-detect.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  diagnostics: { file: string; line: number; column: number; code: string; message: string }[];
}

hangGuarded('check of the whole workspace (macro files included) and run stop at MAC011 in a 256 MB heap', GUARD, () => {
  const check = cli('check', workspace, '--format', 'json');
  assert.equal(check.code, 1, check.stderr.slice(-2000));
  const report = JSON.parse(check.stdout) as JsonReport;
  const bounded = report.diagnostics.filter((d) => d.code === 'MAC011');
  const call = bounded.find((d) => d.file.endsWith('bomb.yml'));
  assert.ok(call, JSON.stringify(report.diagnostics.slice(0, 5)));
  assert.deepEqual([call.line, call.column], [3, 10], 'at the call of m40 in the search');
  assert.match(call.message, /^Macro expansion of `m40` would take more than \d+ (characters of substituted definitions|macro calls); expansion stopped$/);
  assert.ok(bounded.some((d) => d.file.endsWith(`m${LEVELS}.yml`)), 'the definition of m40 is checked too');
  assert.equal(bounded.filter((d) => d.file.endsWith('bomb.yml')).length, 1, 'one MAC011 per search');

  const run = cli('run', detection, '--log', join(workspace, 'sysmon.log'));
  assert.equal(run.code, 1, run.stderr.slice(-2000));
  assert.match(run.stdout + run.stderr, /MAC011/);
});

hangGuarded('expansion, hover on the call and on the definition, the expanded search and a run expand nothing past the bound', GUARD, async () => {
  const project = Project.load([workspace]);
  const expansion = expandSearch(`\`m${LEVELS}\``, project.macros);
  assert.deepEqual(expansion.diagnostics.map((d) => d.code), ['MAC011']);
  assert.equal(expansion.calls.length, 0, 'measured, not expanded');
  assert.equal(expansion.text, `\`m${LEVELS}\``);
  // The largest level that fits is expanded whole: 2^12 terms through 8,191 calls.
  const fits = expandSearch('`m12`', project.macros);
  assert.deepEqual(fits.diagnostics, []);
  assert.equal(fits.calls.length, 8191);
  assert.ok(fits.calls.length <= DEFAULT_MAX_CALLS);
  assert.equal(expandSearch('`m13`', project.macros).diagnostics[0]?.code, 'MAC011');

  const text = project.document(detection)!.text;
  const onCall = macroHover(project, detection, text.indexOf('`m40`') + 2, (f) => f);
  assert.ok(onCall, 'a hover on the call');
  assert.match(onCall.markdown, /MAC011/);
  assert.ok(onCall.markdown.length < 2_000, `hover of ${onCall.markdown.length} characters`);
  const definitionText = project.document(topMacro)!.text;
  const onDefinition = macroHover(project, topMacro, definitionText.indexOf('name: m40') + 7, (f) => f);
  assert.ok(onDefinition);
  assert.match(onDefinition.markdown, /MAC011/);
  assert.ok(onDefinition.markdown.length < 2_000);
  // Within the bounds, m12 expands to 4,096 terms (about 100 KB): the hover shows the first 10,000 characters.
  const m12 = join(workspace, 'macros/m12.yml');
  const onFitting = macroHover(project, m12, project.document(m12)!.text.indexOf('name: m12') + 7, (f) => f);
  assert.ok(onFitting && onFitting.markdown.length < HOVER_EXPANSION_LENGTH + 1_000, `hover of ${onFitting?.markdown.length} characters`);
  assert.match(onFitting.markdown, /\(\d+ more characters: Expand Macros shows the whole search\)/);
  const expanded = expandedSearchAt(project, detection);
  assert.deepEqual(expanded && { complete: expanded.complete, text: expanded.text.split('\n')[0] }, { complete: false, text: '`m40`' });

  const run = await runDetection({ project, path: detection, log: join(workspace, 'sysmon.log') });
  assert.equal(run.ok, false);
  assert.deepEqual(run.problems.map((p) => p.code), ['MAC011']);
});

hangGuarded('the language server in a 256 MB heap: MAC011 on the detection and on the macro file, and a hover that says so', GUARD, async () => {
  const session = await LspSession.start(workspace, {}, { nodeArgs: [SMALL_HEAP] });
  try {
    const hasBound = (params: PublishDiagnosticsParams) => params.diagnostics.some((d) => d.code === 'MAC011');
    const uri = await session.open(detection);
    await session.waitForDiagnostics(uri, hasBound);
    const macroUri = await session.open(topMacro);
    await session.waitForDiagnostics(macroUri, hasBound);
    const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri: fileUri(detection) }, position: { line: 2, character: 10 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /MAC011/);
    assert.ok(session.alive);
  } finally {
    await session.dispose();
  }
});
