// One 64 KiB chunk: its header and records checked, each event record rendered to XML or reported.
// A damaged record costs that record: the next one is found by its signature and matching size
// fields (libyal's "Recovery"); a damaged chunk header costs the chunk. Every item carries its file
// offset, chunk index and, when known, its record identifier.
import { BinXmlChunk } from './binxml';
import { crc32 } from './crc32';
import { EvtxError, hex } from './errors';
import { checkChunkHeader } from './fileHeader';
import { CHUNK_HEADER_BYTES, RECORD_OVERHEAD_BYTES, type EvtxLimits } from './limits';
import { ChunkRenderer } from './render';

/** Where an event or a problem is: "record 1234 (chunk 5)". */
export interface EvtxPosition {
  /** Event record identifier (the record's `EventRecordID`); undefined where no record could be read. */
  record: number | undefined;
  /** 0-based index of the chunk in the file; -1 for the file header. */
  chunk: number;
  /** Byte offset in the file. */
  offset: number;
}

export interface EvtxEvent extends EvtxPosition {
  kind: 'event';
  record: number;
  /** One `<Event xmlns='...'>...</Event>` as Splunk's XmlWinEventLog holds it. */
  xml: string;
}

export interface EvtxProblem extends EvtxPosition {
  kind: 'problem';
  reason: string;
  /**
   * What was left unread: `record` one record, `chunk` a whole chunk, `bytes` a stretch of a chunk
   * that held no readable record, `nothing` when everything was still read (a checksum mismatch
   * whose records all parsed, a file header that disagrees with its chunks).
   */
  skipped: 'nothing' | 'record' | 'chunk' | 'bytes';
  /** Records lost when known (a skipped chunk's header may say how many it held), else undefined. */
  recordsLost: number | undefined;
}

export type EvtxItem = EvtxEvent | EvtxProblem;

const RECORD_SIGNATURE = 0x00002a2a;
const RECORD_SIGNATURE_BYTES = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);

/** "record 12 (chunk 0) at offset 0x1200" / "chunk 3 at offset 0x31000" / "file header". */
export function describePosition(position: EvtxPosition): string {
  if (position.chunk < 0) return 'file header';
  const record = position.record === undefined ? `chunk ${position.chunk}` : `record ${position.record} (chunk ${position.chunk})`;
  return `${record} at offset ${hex(position.offset)}`;
}

/** The size of a plausible record at `at`: signature, size within `end`, and the copy of the size at its end agreeing. */
function recordSizeAt(bytes: Buffer, at: number, end: number): number | undefined {
  if (at + RECORD_OVERHEAD_BYTES > end || bytes.readUInt32LE(at) !== RECORD_SIGNATURE) return undefined;
  const size = bytes.readUInt32LE(at + 4);
  if (size < RECORD_OVERHEAD_BYTES || size > end - at || bytes.readUInt32LE(at + size - 4) !== size) return undefined;
  return size;
}

/** The next plausible record after `from`, or -1. */
function nextRecord(bytes: Buffer, from: number, end: number): number {
  for (let at = bytes.indexOf(RECORD_SIGNATURE_BYTES, from); at >= 0 && at < end; at = bytes.indexOf(RECORD_SIGNATURE_BYTES, at + 1)) {
    if (recordSizeAt(bytes, at, end) !== undefined) return at;
  }
  return -1;
}

/**
 * The message of what stopped a record. Anything but an EvtxError is a defect of this reader, not of
 * the file; it still costs only the record (a run goes on), and says so. The fuzz test fails on it.
 */
function reasonOf(error: unknown): string {
  if (error instanceof EvtxError) return error.message;
  if (error instanceof RangeError && /call stack/i.test(error.message)) return `BinXml nested too deeply to read (${error.message})`;
  return `${INTERNAL_ERROR}: ${error instanceof Error ? error.message : String(error)}`;
}

/** How a reader defect (not damage in the file) is reported; tests look for it. */
export const INTERNAL_ERROR = 'internal error of the EVTX reader';

function isZero(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Every event and problem of the chunk `bytes` (64 KiB; shorter only at the end of a damaged file)
 * that starts at `fileOffset`; `listed`: the file header counts it among its chunks. The buffer is
 * only read while the generator runs.
 */
export function* readChunk(bytes: Buffer, index: number, fileOffset: number, limits: EvtxLimits, listed: boolean): Generator<EvtxItem> {
  const check = checkChunkHeader(bytes);
  if (check.kind === 'unused') {
    // Zeros past the chunks a file header lists are space the log has not used yet; among them, a wiped chunk.
    if (listed) yield { kind: 'problem', record: undefined, chunk: index, offset: fileOffset, reason: 'the chunk is all zeros, though the file header lists it', skipped: 'chunk', recordsLost: undefined };
    return;
  }
  const chunkProblem = (reason: string, skipped: EvtxProblem['skipped'], at: number, recordsLost: number | undefined = undefined, record?: number): EvtxProblem => ({
    kind: 'problem',
    record,
    chunk: index,
    offset: fileOffset + at,
    reason,
    skipped,
    recordsLost,
  });
  if (check.kind === 'bad') {
    const claimed = check.claimedRecords ? `; its header, unverified, lists ${check.claimedRecords}` : '';
    const lost = /^records (\d+)-(\d+)$/.exec(check.claimedRecords);
    yield chunkProblem(`${check.reason}: chunk skipped${claimed}`, 'chunk', 0, lost ? Number(lost[2]) - Number(lost[1]) + 1 : undefined);
    return;
  }
  const header = check.header;
  const end = header.freeSpaceOffset;
  const computed = crc32(bytes.subarray(CHUNK_HEADER_BYTES, end));
  if (computed !== header.recordsChecksum) {
    yield chunkProblem(
      `event records checksum mismatch (stored ${hex(header.recordsChecksum)}, computed ${hex(computed)}): the records are read, but some may be damaged`,
      'nothing',
      CHUNK_HEADER_BYTES,
    );
  }
  const renderer = new ChunkRenderer(new BinXmlChunk(bytes, limits));
  let at = CHUNK_HEADER_BYTES;
  let previousId = header.firstRecordId - 1;
  while (at < end) {
    const size = recordSizeAt(bytes, at, end);
    if (size === undefined) {
      // Free space that points past zero-filled bytes (seen in archived logs) holds nothing, unless
      // the header lists records the zeros took the place of.
      if (isZero(bytes, at, end)) {
        const missing = header.lastRecordId - previousId;
        if (missing > 0 && missing <= (end - at) / RECORD_OVERHEAD_BYTES) {
          yield chunkProblem(`the rest of the chunk is zeros, though its header lists records up to ${header.lastRecordId}`, 'bytes', at, missing, previousId + 1);
        }
        return;
      }
      const next = nextRecord(bytes, at + 1, end);
      const stop = next < 0 ? end : next;
      const signed = at + 16 <= end && bytes.readUInt32LE(at) === RECORD_SIGNATURE;
      const reason = signed ? "record size and its copy at the record's end disagree" : 'no event record signature';
      const resumed = next < 0 ? 'the rest of the chunk skipped' : `${stop - at} bytes skipped to the next record at ${hex(fileOffset + stop)}`;
      // Identifiers run on from record to record: the gap between the last one read and the next one found (or the chunk's last) is what was lost.
      const following = next < 0 ? header.lastRecordId + 1 : Number(bytes.readBigUInt64LE(next + 8));
      const lost = following - (previousId + 1);
      const plausible = lost >= 0 && lost <= (stop - at) / RECORD_OVERHEAD_BYTES;
      yield chunkProblem(`${reason}: ${resumed}`, 'bytes', at, plausible ? lost : undefined, signed ? Number(bytes.readBigUInt64LE(at + 8)) : undefined);
      at = stop;
      continue;
    }
    const record = Number(bytes.readBigUInt64LE(at + 8));
    previousId = record;
    try {
      // Record header: signature (4), size (4), identifier (8), written time (8); then BinXml, then the size again.
      const xml = renderer.renderRecord(at + 24, at + size - 4);
      yield { kind: 'event', record, chunk: index, offset: fileOffset + at, xml };
    } catch (error) {
      yield chunkProblem(`${reasonOf(error)}; record skipped`, 'record', at, 1, record);
    }
    at += size;
  }
}
