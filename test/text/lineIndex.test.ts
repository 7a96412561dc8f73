import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/text/lineIndex';

test('positions and offsets round-trip on LF and CRLF text', () => {
  const index = new LineIndex('ab\r\ncd\nef');
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(index.positionAt(3), { line: 0, character: 2 }, 'between \\r and \\n is the end of the line');
  assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(9), { line: 2, character: 2 });
  assert.equal(index.offsetAt({ line: 1, character: 1 }), 5);
  assert.equal(index.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the end of the line, before \\r\\n');
  assert.equal(index.offsetAt({ line: 9, character: 0 }), 9);
});

test('property: positionAt never points past its line and offsetAt inverts it', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', 'é', '😀') }), fc.nat(), (text, n) => {
      const index = new LineIndex(text);
      const offset = n % (text.length + 1);
      const position = index.positionAt(offset);
      const back = index.offsetAt(position);
      assert.ok(back <= offset, `${back} <= ${offset}`);
      assert.equal(index.positionAt(back).line, position.line);
      assert.equal(index.offsetAt(index.positionAt(back)), back);
    }),
  );
});
