// The framing guard in front of the JSON-RPC reader, fed the same bytes in every chunking (one
// chunk, a split at every position, byte by byte): valid frames come out unchanged, and each
// malformed header is reported once and skipped up to the next message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramingGuard, MAX_HEADER_BYTES } from '../../server/src/lsp/framing';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const GOOD = [frame('{"jsonrpc":"2.0","id":1,"method":"a"}'), frame('{"x":"é😀"}'), frame('')];

/** What the guard passes on and reports when `input` arrives cut into `chunks`. */
function guard(chunks: Buffer[]): { output: string; reports: string[] } {
  const reports: string[] = [];
  const guarded = new FramingGuard((problem) => reports.push(problem));
  const out: Buffer[] = [];
  guarded.on('data', (data: Buffer) => out.push(data));
  for (const chunk of chunks) guarded.write(chunk);
  return { output: Buffer.concat(out).toString('utf8'), reports };
}

function chunkings(input: string): Buffer[][] {
  const bytes = Buffer.from(input, 'utf8');
  const ways: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  for (const at of [1, 7, 19, 20, 21, Math.floor(bytes.length / 2), bytes.length - 3]) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  return ways;
}

test('valid frames pass through unchanged however they are cut', () => {
  for (const chunks of chunkings(GOOD.join(''))) assert.deepEqual(guard(chunks), { output: GOOD.join(''), reports: [] });
});

for (const [what, bad, problem] of [
  ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"shutdown"}', 'Content-Length "-5" is not a byte count'],
  ['a Content-Length that is not a number', 'Content-Length: 12abc\r\nX: y\r\n\r\n{}', 'Content-Length "12abc" is not a byte count'],
  ['no Content-Length', 'Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","method":"exit"}', 'no Content-Length header'],
  ['a header that never ends', `X-Padding: ${'x'.repeat(MAX_HEADER_BYTES + 100)}`, `no blank line ends the header within ${MAX_HEADER_BYTES} bytes`],
  ['a 100-digit Content-Length', `Content-Length: ${'9'.repeat(100)}\r\n\r\n`, `Content-Length "${'9'.repeat(40)}..." is not a byte count`],
]) {
  test(`${what}: reported once (quoting at most 40 characters), skipped, and the frames after it pass`, () => {
    const input = bad + GOOD.join('');
    for (const chunks of chunkings(input)) {
      const { output, reports } = guard(chunks);
      assert.equal(output, GOOD.join(''), `cut into ${chunks.length} chunk(s)`);
      assert.deepEqual(reports, [`ignored a message with a malformed header: ${problem}; reading resumes at the next Content-Length header`]);
    }
  });
}
