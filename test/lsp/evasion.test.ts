// The evasion check in the editor, over stdio on a copy of samples/: a run asked with `evasion: true`
// gives a CodeLens "⚠ 2 of 33 variants evade", an inlay hint after the clause that rejected them whose
// tooltip lists them, the same list on hover, and the quick fix that adds the missing option form;
// applied and run again, no variant evades.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CodeAction, CodeLens, Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { EVASION_REQUEST, RUN_DETECTION_REQUEST, type EvasionResult, type RunDetectionResult } from '../../server/src/lsp/protocol';
import { rangeOf } from './cursor';
import { LSP_TEST, LspSession, disposeWithWorkspace, startOnSamplesCopy } from './harness';

const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
let workspace: string;
let session: LspSession;
let detectionPath: string;
let text: string;

before(async () => {
  ({ workspace, session, detectionPath, text } = await startOnSamplesCopy('spl-lsp-evasion-', DETECTION));
});
after(() => disposeWithWorkspace(session, workspace));

const titles = async (uri: string) => (await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => l.command?.title ?? '');
const hints = (uri: string) =>
  session.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
const labelOf = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));

test('a run with evasion: CodeLens, inlay hint and hover on the rejecting clause, a quick fix that closes the hole', LSP_TEST, async () => {
  const uri = await session.open(detectionPath);
  const plain = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri });
  assert.equal(plain.results.length, 3);
  assert.equal(await session.request<EvasionResult | null>(EVASION_REQUEST, { uri }), null, 'a run without evasion: true checks nothing');
  assert.equal((await titles(uri)).length, 2);

  await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, evasion: true });
  const check = await session.request<EvasionResult>(EVASION_REQUEST, { uri });
  assert.deepEqual([check.hits, check.variants, check.evading.length, check.notes], [3, 33, 2, []]);
  const clause = rangeOf(text, '"*/y*"');
  assert.deepEqual(check.evading.map((v) => [v.technique, v.line, v.value, v.rejectedBy?.clause, v.rejectedBy?.range]), [
    ['character-substitution', 5, 'MSIEXEC.EXE /ʸ C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll', 'Processes.process="*/y*"', clause],
    ['character-substitution', 2, 'msiexec.exe  /ʸ C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll', 'Processes.process="*/y*"', clause],
  ]);
  const lensTitles = await titles(uri);
  assert.equal(lensTitles[2], '⚠ 2 of 33 variants evade');

  const atClause = (await hints(uri)).filter((h) => h.position.line === clause.end.line && h.position.character === clause.end.character);
  assert.deepEqual(atClause.map(labelOf), ['= 4', '⚠ 2 evade']);
  const tooltip = (atClause[1].tooltip as MarkupContent).value;
  assert.match(tooltip, /2 variants of the hits evade `Processes\.process="\*\/y\*"`/);
  assert.match(tooltip, /\*\*character-substitution\*\* \(log line 2\).*`CommandLine`: `msiexec\.exe {2}\/ʸ C:/s);

  const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: clause.start.line, character: clause.start.character + 2 } });
  assert.equal((hover.contents as MarkupContent).value, tooltip);
  assert.deepEqual(hover.range, clause);

  const actions = await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: clause, context: { diagnostics: [], only: ['quickfix'] } });
  const fix = actions.find((a) => a.title.startsWith('Add "*/ʸ*"'));
  assert.ok(fix, actions.map((a) => a.title).join(' | '));
  assert.deepEqual(fix.edit?.changes?.[uri], [{ range: { start: clause.end, end: clause.end }, newText: ', "*/ʸ*"' }]);

  const fixed = text.replace('"*/y*"', '"*/y*", "*/ʸ*"');
  await session.change(uri, fixed);
  assert.match((await titles(uri))[2], /^⚠ 2 of 33 variants evade \(stale: edited since the run\)$/);
  assert.deepEqual((await hints(uri)).filter((h) => labelOf(h).includes('evade')), [], 'no evasion hints once the run is stale');
  await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, evasion: true });
  const after = await session.request<EvasionResult>(EVASION_REQUEST, { uri });
  assert.deepEqual([after.variants, after.evading, after.fixes], [33, [], []]);
  assert.equal((await titles(uri))[2], '✓ 0 of 33 variants evade');
  await session.close(uri);
});
