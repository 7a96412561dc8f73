// The server's line-based open documents answer exactly as the library's TextDocument: random
// texts (line breaks of every kind, surrogate pairs) under random edits (ranges past line ends,
// past the last line, reversed, full replacements) give the same text, line count, offsets and
// positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument } from '../../server/src/lsp/lineDocuments';

const piece = fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', 'é', '😀', ' ', '');
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 6 }), character: fc.integer({ min: -1, max: 8 }) });
const change = fc.oneof(
  { weight: 5, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

function assertSameAnswers(ours: LineDocument, reference: TextDocument): void {
  const content = reference.getText();
  assert.equal(ours.getText(), content);
  assert.equal(ours.lineCount, reference.lineCount);
  for (let offset = -1; offset <= content.length + 1; offset++) assert.deepEqual(ours.positionAt(offset), reference.positionAt(offset), `positionAt(${offset})`);
  for (let line = -1; line <= reference.lineCount; line++) {
    assert.deepEqual(ours.getLineRange(line), reference.getLineRange(line), `getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), reference.getEOLCharacters(line), `getEOLCharacters(${line})`);
    for (let character = -1; character <= 8; character++) {
      const at = { line, character };
      assert.equal(ours.offsetAt(at), reference.offsetAt(at), `offsetAt(${JSON.stringify(at)})`);
      assert.equal(ours.getText({ start: { line: 0, character: 1 }, end: at }), reference.getText({ start: { line: 0, character: 1 }, end: at }));
    }
  }
}

test('line documents and the library agree on text, lines, offsets and positions under random edits', () => {
  fc.assert(
    fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), (initial, edits) => {
      const ours = new LineDocument('file:///x.spl', 'spl', 1, initial);
      let reference = TextDocument.create('file:///x.spl', 'spl', 1, initial);
      assertSameAnswers(ours, reference);
      edits.forEach((changes, i) => {
        // Each change applies to the text the previous one left: the reference is rebuilt from text so
        // its line table never depends on its own incremental bookkeeping.
        for (const one of changes) reference = TextDocument.update(TextDocument.create(reference.uri, 'spl', i + 2, reference.getText()), [one], i + 2);
        ours.update(changes, i + 2);
        assert.equal(ours.version, i + 2);
        assertSameAnswers(ours, TextDocument.create(reference.uri, 'spl', i + 2, reference.getText()));
      });
    }),
    { numRuns: 1000 },
  );
});

test('5,000 edits of one line of a 2 MB document give the text and positions the edits make', () => {
  const line = `${'x'.repeat(99)}\n`;
  const ours = new LineDocument('file:///big.spl', 'spl', 1, line.repeat(20_000));
  for (let i = 0; i < 5_000; i++) ours.update([{ range: { start: { line: 7, character: 3 }, end: { line: 7, character: 3 } }, text: 'y' }], i + 2);
  const text = ours.getText();
  assert.equal(text.length, 20_000 * 100 + 5_000);
  assert.equal(ours.positionAt(text.indexOf('y')).line, 7);
  assert.equal(ours.getText({ start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }), `xxx${'y'.repeat(5_000)}${'x'.repeat(96)}\n`);
});
