// Reading a whole .evtx file: the file header, then chunk after chunk until the end of the file (a
// dirty file may hold more chunks than its header lists; a cut-off file fewer). A file is read 64 KiB
// at a time into one reused buffer, so memory does not grow with the file; an in-memory copy
// (tests, an editor's buffer) goes through the same steps.
import { open } from 'node:fs/promises';
import { readChunk, type EvtxItem, type EvtxProblem } from './chunk';
import { EvtxError } from './errors';
import { readFileHeader, type EvtxFileHeader } from './fileHeader';
import { CHUNK_BYTES, DEFAULT_EVTX_LIMITS, FILE_HEADER_BYTES, type EvtxLimits } from './limits';

export interface EvtxReadOptions {
  /** Stop reading: iteration ends after the item in hand, with `stats.cancelled` set (nothing is thrown). */
  signal?: AbortSignal;
  /** Bounds against crafted files (docs/limits.md); the defaults suit any real log. */
  limits?: Partial<EvtxLimits>;
}

export interface EvtxStats {
  /** The file header once read. */
  header: EvtxFileHeader | undefined;
  bytesRead: number;
  /** Chunks whose records were read (unused, all-zero chunks are not counted). */
  chunksRead: number;
  /** Chunks skipped whole (damaged header, cut off). */
  chunksSkipped: number;
  /** Events handed out. */
  events: number;
  /** Problems reported (each also handed out as an item). */
  problems: number;
  /** Records known to be lost: one per skipped record, a skipped chunk's records when its header says. */
  recordsLost: number;
  /** Problems that lost records whose number is unknown (a chunk whose header cannot be trusted, a skipped stretch). */
  unknownLosses: number;
  cancelled: boolean;
}

function emptyStats(): EvtxStats {
  return { header: undefined, bytesRead: 0, chunksRead: 0, chunksSkipped: 0, events: 0, problems: 0, recordsLost: 0, unknownLosses: 0, cancelled: false };
}

/** The steps every input goes through: header, chunks in order, end; counting as it goes. */
class EvtxDecoder {
  private chunksSeen = 0;

  constructor(
    private readonly stats: EvtxStats,
    private readonly limits: EvtxLimits,
  ) {}

  /** Throws EvtxError when `bytes` does not start with an EVTX file header. */
  header(bytes: Buffer): EvtxItem[] {
    const header = readFileHeader(bytes);
    this.stats.header = header;
    if (!header.problem) return [];
    return [this.count(problem(-1, 0, `${header.problem}; the chunks are read anyway`, 'nothing', 0))];
  }

  *chunk(bytes: Buffer, index: number): Generator<EvtxItem> {
    this.chunksSeen = index + 1;
    let read = false;
    const listed = index < (this.stats.header?.chunkCount ?? 0);
    for (const item of readChunk(bytes, index, FILE_HEADER_BYTES + index * CHUNK_BYTES, this.limits, listed)) {
      if (item.kind === 'event') read = true;
      else if (item.skipped === 'chunk') this.stats.chunksSkipped++;
      yield this.count(item);
    }
    if (read) this.stats.chunksRead++;
  }

  end(): EvtxItem[] {
    const listed = this.stats.header?.chunkCount ?? 0;
    if (this.chunksSeen >= listed) return [];
    const offset = FILE_HEADER_BYTES + this.chunksSeen * CHUNK_BYTES;
    this.stats.chunksSkipped += listed - this.chunksSeen;
    return [this.count(problem(this.chunksSeen, offset, `the file ends after ${this.chunksSeen} chunks, but its header lists ${listed}: the file is cut off`, 'chunk', undefined))];
  }

  private count(item: EvtxItem): EvtxItem {
    if (item.kind === 'event') {
      this.stats.events++;
      return item;
    }
    this.stats.problems++;
    if (item.recordsLost !== undefined) this.stats.recordsLost += item.recordsLost;
    else if (item.skipped !== 'nothing') this.stats.unknownLosses++;
    return item;
  }
}

function problem(chunk: number, offset: number, reason: string, skipped: EvtxProblem['skipped'], recordsLost: number | undefined): EvtxProblem {
  return { kind: 'problem', record: undefined, chunk, offset, reason, skipped, recordsLost };
}

function limitsOf(options: EvtxReadOptions): EvtxLimits {
  return { ...DEFAULT_EVTX_LIMITS, ...options.limits };
}

/**
 * Streams the events and problems of an .evtx file (a path) or of its bytes in memory, in file
 * order, one chunk at a time. `stats` is live and final once iteration ends. Throws EvtxError only
 * when the input is not an EVTX file (no file header); damage anywhere else becomes problems.
 *
 *   const reader = readEvtx('Security.evtx', { signal });
 *   for await (const item of reader) item.kind === 'event' ? use(item.xml, item.record, item.chunk) : report(item);
 */
export class EvtxReader implements AsyncIterable<EvtxItem> {
  readonly stats: EvtxStats = emptyStats();

  constructor(
    private readonly input: string | Buffer,
    private readonly options: EvtxReadOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<EvtxItem> {
    for await (const batch of this.batches()) {
      for (const item of batch) {
        if (this.isCancelled()) return;
        yield item;
      }
    }
  }

  /** The same items, one array per chunk (never empty): a synchronous consumer saves an await per event. */
  async *batches(): AsyncGenerator<EvtxItem[]> {
    if (typeof this.input !== 'string') {
      for (const batch of this.memoryBatches()) {
        if (this.isCancelled()) return;
        yield batch;
      }
      return;
    }
    const decoder = new EvtxDecoder(this.stats, limitsOf(this.options));
    const file = await open(this.input, 'r');
    try {
      const headerBytes = Buffer.alloc(FILE_HEADER_BYTES);
      const { bytesRead } = await file.read(headerBytes, 0, FILE_HEADER_BYTES, 0);
      this.stats.bytesRead += bytesRead;
      const first = decoder.header(headerBytes.subarray(0, bytesRead));
      if (first.length > 0) yield first;
      if (bytesRead < FILE_HEADER_BYTES) {
        const end = decoder.end();
        if (end.length > 0) yield end;
        return;
      }
      const chunk = Buffer.alloc(CHUNK_BYTES);
      for (let index = 0; ; index++) {
        if (this.isCancelled()) return;
        const read = await file.read(chunk, 0, CHUNK_BYTES, FILE_HEADER_BYTES + index * CHUNK_BYTES);
        if (read.bytesRead === 0) break;
        this.stats.bytesRead += read.bytesRead;
        const batch = [...decoder.chunk(read.bytesRead < CHUNK_BYTES ? chunk.subarray(0, read.bytesRead) : chunk, index)];
        if (batch.length > 0) yield batch;
      }
      if (this.isCancelled()) return;
      const end = decoder.end();
      if (end.length > 0) yield end;
    } finally {
      await file.close();
    }
  }

  /** The batches of an in-memory input, synchronously (the input must be a Buffer). */
  *memoryBatches(): Generator<EvtxItem[]> {
    const bytes = this.input;
    if (typeof bytes === 'string') throw new TypeError('memoryBatches reads a Buffer input; iterate a path asynchronously');
    const decoder = new EvtxDecoder(this.stats, limitsOf(this.options));
    const header = bytes.subarray(0, FILE_HEADER_BYTES);
    this.stats.bytesRead = bytes.length;
    const first = decoder.header(header);
    if (first.length > 0) yield first;
    for (let index = 0, at = FILE_HEADER_BYTES; at < bytes.length; index++, at += CHUNK_BYTES) {
      if (this.isCancelled()) return;
      const batch = [...decoder.chunk(bytes.subarray(at, at + CHUNK_BYTES), index)];
      if (batch.length > 0) yield batch;
    }
    const end = decoder.end();
    if (end.length > 0) yield end;
  }

  private isCancelled(): boolean {
    if (this.options.signal?.aborted) this.stats.cancelled = true;
    return this.stats.cancelled;
  }
}

/**
 * The same steps fed bytes in any chunking (a stream; the engine's log pipeline, which reads every
 * log the same way): the file header once its 4 KiB are in, then each chunk once its 64 KiB are. Holds
 * at most one chunk's bytes. `push` and `end` return the items completed, in file order.
 */
export class EvtxStreamDecoder {
  readonly stats: EvtxStats = emptyStats();
  private readonly decoder: EvtxDecoder;
  private readonly pending = Buffer.alloc(CHUNK_BYTES);
  private filled = 0;
  private headerRead = false;
  private index = 0;

  constructor(options: Pick<EvtxReadOptions, 'limits'> = {}) {
    this.decoder = new EvtxDecoder(this.stats, limitsOf(options));
  }

  push(bytes: Buffer): EvtxItem[] {
    this.stats.bytesRead += bytes.length;
    const items: EvtxItem[] = [];
    let at = 0;
    while (at < bytes.length) {
      const wanted = this.headerRead ? CHUNK_BYTES : FILE_HEADER_BYTES;
      // A whole chunk inside `bytes` is read in place; only one straddling two pushes is copied.
      if (this.filled === 0 && bytes.length - at >= wanted) {
        this.take(bytes.subarray(at, at + wanted), items);
        at += wanted;
        continue;
      }
      const copied = bytes.copy(this.pending, this.filled, at, Math.min(bytes.length, at + wanted - this.filled));
      this.filled += copied;
      at += copied;
      if (this.filled === wanted) {
        this.filled = 0;
        this.take(this.pending.subarray(0, wanted), items);
      }
    }
    return items;
  }

  /** The items of what is left: a file header or a last chunk cut short, and a chunk count the file falls short of. */
  end(): EvtxItem[] {
    const items: EvtxItem[] = [];
    const rest = this.pending.subarray(0, this.filled);
    this.filled = 0;
    if (!this.headerRead) {
      this.take(rest, items);
      if (!this.headerRead) return items;
    } else if (rest.length > 0) this.take(rest, items);
    items.push(...this.decoder.end());
    return items;
  }

  private take(bytes: Buffer, items: EvtxItem[]): void {
    if (this.headerRead) {
      for (const item of this.decoder.chunk(bytes, this.index++)) items.push(item);
      return;
    }
    try {
      items.push(...this.decoder.header(bytes));
      this.headerRead = true;
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error;
      // Only a header cut short gets here: the log pipeline reads a file as EVTX by its signature.
      this.stats.problems++;
      this.stats.unknownLosses++;
      items.push(problem(-1, error.offset, error.message, 'chunk', undefined));
    }
  }
}

export function readEvtx(input: string | Buffer, options: EvtxReadOptions = {}): EvtxReader {
  return new EvtxReader(input, options);
}

/** Every item of an .evtx file held in memory, synchronously (tests, small files). */
export function parseEvtx(bytes: Buffer, options: EvtxReadOptions = {}): { items: EvtxItem[]; stats: EvtxStats } {
  const reader = new EvtxReader(bytes, options);
  const items: EvtxItem[] = [];
  for (const batch of reader.memoryBatches()) items.push(...batch);
  return { items, stats: reader.stats };
}

// The reader's whole surface, for one import: `import { readEvtx, describePosition, ... } from '.../evtx/reader'`.
export { EvtxError };
export { describePosition } from './chunk';
export type { EvtxEvent, EvtxItem, EvtxPosition, EvtxProblem } from './chunk';
export { FILE_SIGNATURE, type EvtxFileHeader } from './fileHeader';
export { DEFAULT_EVTX_LIMITS, type EvtxLimits } from './limits';
