/** Receives one physical line: its text without the line break, 1-based number, byte range. */
export type LineSink = (text: string, line: number, byteStart: number, byteEnd: number) => void;

/**
 * Decides from a line's bytes, before it is decoded, that it needs no decoding (the fast path rules
 * it out: readers/filters.ts LiteralLineFilter), and then counts it as handled: `bytes[from, to)`
 * is the line without its line break.
 */
export type RawLineGate = (bytes: Buffer, from: number, to: number) => boolean;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines without ever holding more than one line (plus one chunk) in
 * memory. Lines end at LF; a CR before the LF is dropped. A line longer than `maxLineBytes` is
 * skipped whole (its bytes are not kept) and reported through `onOverlong`.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skipping = false;
  private lineNumber = 0;
  /** File offset of the first byte not yet consumed into a finished line. */
  private lineStart: number;
  private offset: number;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes: number,
    private readonly onOverlong: (line: number, bytes: number) => void,
    startOffset = 0,
    private readonly gate?: RawLineGate,
  ) {
    this.offset = startOffset;
    this.lineStart = startOffset;
  }

  get linesSeen(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const lf = chunk.indexOf(LF, pos);
      if (lf < 0) {
        this.keep(chunk, pos, chunk.length);
        break;
      }
      this.finishLine(chunk, pos, lf);
      pos = lf + 1;
    }
    this.offset += chunk.length;
  }

  /** Flushes a last line that has no line break. */
  end(): void {
    if (this.carryBytes > 0 || this.skipping) {
      this.lineNumber++;
      if (this.skipping) this.onOverlong(this.lineNumber, this.offset - this.lineStart);
      else this.emit(this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry, this.carryBytes), this.offset);
    }
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (this.skipping || to === from) return;
    if (this.carryBytes + (to - from) > this.maxLineBytes) {
      this.skipping = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copy: the caller may reuse its chunk buffer.
    this.carry.push(Buffer.from(chunk.subarray(from, to)));
    this.carryBytes += to - from;
  }

  private finishLine(chunk: Buffer, from: number, lf: number): void {
    this.lineNumber++;
    const endOffset = this.offset + lf;
    if (this.skipping || this.carryBytes + (lf - from) > this.maxLineBytes) {
      this.onOverlong(this.lineNumber, endOffset - this.lineStart);
      this.skipping = false;
      this.carry = [];
      this.carryBytes = 0;
    } else if (this.carryBytes === 0) {
      if (this.gate === undefined || !this.gate(chunk, from, lf > from && chunk[lf - 1] === CR ? lf - 1 : lf)) this.emitRange(chunk, from, lf, endOffset);
    } else {
      this.carry.push(chunk.subarray(from, lf));
      this.carryBytes += lf - from;
      this.emit(Buffer.concat(this.carry, this.carryBytes), endOffset);
      this.carry = [];
      this.carryBytes = 0;
    }
    this.lineStart = endOffset + 1;
  }

  private emit(bytes: Buffer, endOffset: number): void {
    this.emitRange(bytes, 0, bytes.length, endOffset);
  }

  private emitRange(bytes: Buffer, from: number, to: number, endOffset: number): void {
    let end = to;
    let byteEnd = endOffset;
    if (end > from && bytes[end - 1] === CR) {
      end--;
      byteEnd--;
    }
    this.sink(bytes.toString('utf8', from, end), this.lineNumber, this.lineStart, byteEnd);
  }
}
