// Every certain fix the core attaches to a diagnostic (macro checks now, lint rules as they come)
// reaches the editor as a quick fix with the same edits, and every doc link as codeDescription:
// the published answers are compared with the core's own analysis of the same text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CodeAction, Diagnostic as LspDiagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { toLspDiagnostic } from '../../server/src/lsp/diagnostics';
import { spanToRange } from '../../server/src/lsp/positions';
import { LineIndex } from '../../server/src/text/lineIndex';
import { Project } from '../../server/src/workspace/project';
import { FIXTURES, LSP_TEST, LspSession } from './harness';

const MACRO_WORKSPACE = join(FIXTURES, 'macro_workspace');

let session: LspSession;
before(async () => {
  session = await LspSession.start(MACRO_WORKSPACE, { diagnosticsSettleMs: 0 });
});
after(() => session.dispose());

test('codeDescription carries the diagnostic doc link; diagnostics without one have none', () => {
  const lines = new LineIndex('abc\ndef\n');
  const entry = { path: '/ws/detections/a.yml', uri: 'file:///ws/detections/a.yml', lines };
  const base = { span: { start: 4, end: 7 }, severity: 'warning' as const, code: 'SPL101', message: 'm' };
  const linked = toLspDiagnostic({ ...base, docUrl: 'file:///docs/rules/SPL101.md' }, entry, () => undefined);
  assert.deepEqual(linked.codeDescription, { href: 'file:///docs/rules/SPL101.md' });
  assert.deepEqual(linked.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  assert.equal('codeDescription' in toLspDiagnostic(base, entry, () => undefined), false);
});

test('each fix and doc link of the core analysis is published and offered as a quick fix', LSP_TEST, async () => {
  const path = join(MACRO_WORKSPACE, 'detections/custom/fixes_scratch.yml');
  const text = [
    'name: Fixes Scratch',
    "search: '| tstats count from datamodel=Endpoint.Processes by Processes.process_name | `drop_dm_object_name(Processes)`" +
      " | where process_name=\"*powershell*\" | `some_other_detection_filter`'",
    '',
  ].join('\n');
  const project = Project.load([MACRO_WORKSPACE]);
  project.upsert(path, text);
  const core = project.analyze(path)!.diagnostics;
  const lines = new LineIndex(text);
  const withFix = core.filter((d) => d.fix);
  assert.ok(withFix.some((d) => d.code === 'MAC007'), `the scratch detection has a MAC007 fix: ${core.map((d) => d.code)}`);

  const uri = await session.open(path, text);
  const published = (await session.waitForVersion(uri, 1)).diagnostics;
  const key = (code: unknown, range: LspDiagnostic['range']) => `${code} ${JSON.stringify(range)}`;
  assert.deepEqual(
    published.map((d) => `${key(d.code, d.range)} ${d.codeDescription?.href}`).sort(),
    core.map((d) => `${key(d.code, spanToRange(lines, d.span))} ${d.docUrl}`).sort(),
  );

  const offered: string[] = [];
  for (const diagnostic of published) {
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    for (const action of actions) {
      assert.equal(action.kind, 'quickfix');
      assert.equal(action.isPreferred, true);
      const [change] = action.edit!.documentChanges as TextDocumentEdit[];
      assert.deepEqual(change.textDocument, { uri, version: 1 });
      offered.push(`${key(diagnostic.code, diagnostic.range)} ${action.title} ${JSON.stringify(change.edits)}`);
    }
  }
  await session.close(uri);
  const expected = withFix.map((d) => {
    const edits = d.fix!.edits.map((e) => ({ range: spanToRange(lines, e.span), newText: e.newText }));
    return `${key(d.code, spanToRange(lines, d.span))} ${d.fix!.title} ${JSON.stringify(edits)}`;
  });
  assert.deepEqual(offered.sort(), expected.sort());
});
