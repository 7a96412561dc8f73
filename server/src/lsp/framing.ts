import { Transform, type TransformCallback } from 'node:stream';

/** A header block (`Name: value` lines up to a blank line) longer than this is not one. */
export const MAX_HEADER_BYTES = 8192;

const HEADER_END = '\r\n\r\n';
const LENGTH_HEADER = 'content-length:';

/**
 * Checks the framing of what the client sends before vscode-jsonrpc reads it. That reader takes
 * `Content-Length: -5` as a length and then waits for ever, alive but deaf to every later message
 * and with no log line; a missing or non-numeric length leaves it reading bodies as headers. Here a
 * header block without a byte count is reported and skipped, and reading resumes at the next
 * `Content-Length:` (the first place a message can start again). Valid frames pass through unchanged.
 */
export class FramingGuard extends Transform {
  /** Bytes read but not passed on yet: a header block in progress, or what follows a bad one. */
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to pass on. */
  private bodyLeft = 0;
  /** After a bad header: looking for the next `Content-Length:`. */
  private resyncing = false;

  constructor(private readonly report: (problem: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    while (this.pending.length > 0) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.bodyLeft -= take;
        this.pending = this.pending.subarray(take);
        continue;
      }
      if (this.resyncing && !this.resync()) return;
      const end = this.pending.indexOf(HEADER_END);
      // A blank line further on may end the next message's header, read in the same chunk.
      if (end < 0 ? this.pending.length > MAX_HEADER_BYTES : end > MAX_HEADER_BYTES) {
        this.reject(`no blank line ends the header within ${MAX_HEADER_BYTES} bytes`, 1);
        continue;
      }
      if (end < 0) return;
      const length = byteCount(this.pending.subarray(0, end).toString('latin1'));
      if (typeof length === 'string') {
        this.reject(length, end + HEADER_END.length);
      } else {
        this.push(this.pending.subarray(0, end + HEADER_END.length));
        this.pending = this.pending.subarray(end + HEADER_END.length);
        this.bodyLeft = length;
      }
    }
  }

  private reject(problem: string, skip: number): void {
    this.report(`ignored a message with a malformed header: ${problem}; reading resumes at the next Content-Length header`);
    this.pending = this.pending.subarray(skip);
    this.resyncing = true;
  }

  /** Drops bytes up to the next `Content-Length:`; false when it is not in what was read so far. */
  private resync(): boolean {
    const at = this.pending.toString('latin1').toLowerCase().indexOf(LENGTH_HEADER);
    if (at < 0) {
      // Keep a tail that may be the start of the header name.
      this.pending = this.pending.subarray(Math.max(0, this.pending.length - LENGTH_HEADER.length));
      return false;
    }
    this.pending = this.pending.subarray(at);
    this.resyncing = false;
    return true;
  }
}

/** The body's length from a header block, or what is wrong with it (quoting at most 40 characters). */
function byteCount(block: string): number | string {
  const line = block.split('\r\n').find((l) => l.toLowerCase().startsWith(LENGTH_HEADER));
  if (line === undefined) return 'no Content-Length header';
  const value = line.slice(LENGTH_HEADER.length).trim();
  if (/^\d{1,15}$/.test(value)) return Number(value);
  return `Content-Length ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)} is not a byte count`;
}
