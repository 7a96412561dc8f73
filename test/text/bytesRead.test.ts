// How much of a file has been read, as the CLI's hunt progress and the editor's notification say it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesReadText } from '../../server/src/text/bytesRead';

test('a file under a megabyte is counted in KB (a sample log read no longer as "0 of 0 MB"), a larger one in MB', () => {
  assert.equal(bytesReadText(0, 1_500), '0 of 2 KB');
  assert.equal(bytesReadText(1_500, 1_500), '2 of 2 KB');
  assert.equal(bytesReadText(3 * 1024 * 1024 + 200_000, 100 * 1024 * 1024), '3.2 of 100 MB');
  assert.equal(bytesReadText(5 * 1024 * 1024, 0), '5.0 MB');
  assert.equal(bytesReadText(600 * 1024, 0), '600 KB');
});
