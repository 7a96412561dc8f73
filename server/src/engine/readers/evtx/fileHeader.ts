// The EVTX file header and chunk headers (libyal's "Windows XML Event Log (EVTX)" format notes,
// sections "File header" and "Chunk"): fields, signatures and CRC-32 checks. Nothing here reads a
// record; chunk.ts does.
import { crc32 } from './crc32';
import { EvtxError, hex } from './errors';
import { CHUNK_BYTES, CHUNK_HEADER_BYTES, FILE_HEADER_BYTES } from './limits';

/** The first 8 bytes of every .evtx file: how a log is known to be one, whatever its name. */
export const FILE_SIGNATURE = 'ElfFile\0';
const CHUNK_SIGNATURE = 'ElfChnk\0';
/** The checksummed part of the file header: its first 120 bytes. */
const FILE_HEADER_CHECKED_BYTES = 120;

export interface EvtxFileHeader {
  /** Chunks the header lists; a dirty file may hold more, which are read too. */
  chunkCount: number;
  /** The identifier the next written record would get. */
  nextRecordId: number;
  majorVersion: number;
  minorVersion: number;
  /** The file was not closed cleanly (flag 0x1): its header may lag behind its chunks. */
  dirty: boolean;
  full: boolean;
  /** Why the header cannot be trusted (checksum, sizes), or undefined when it can. */
  problem: string | undefined;
}

/** The file header from the file's first bytes; throws EvtxError when they are not an EVTX file header. */
export function readFileHeader(bytes: Buffer): EvtxFileHeader {
  if (bytes.toString('latin1', 0, 8) !== FILE_SIGNATURE) {
    throw new EvtxError('not an EVTX file: it does not start with the signature "ElfFile"', 0);
  }
  if (bytes.length < FILE_HEADER_CHECKED_BYTES + 8) throw new EvtxError(`the file ends inside its EVTX file header, after ${bytes.length} bytes`, bytes.length);
  const stored = bytes.readUInt32LE(124);
  const computed = crc32(bytes.subarray(0, FILE_HEADER_CHECKED_BYTES));
  const flags = bytes.readUInt32LE(120);
  const headerBlock = bytes.readUInt16LE(40);
  let problem: string | undefined;
  if (stored !== computed) problem = `file header checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)})`;
  else if (headerBlock !== FILE_HEADER_BYTES) problem = `file header gives a header block of ${headerBlock} bytes instead of ${FILE_HEADER_BYTES}`;
  return {
    chunkCount: bytes.readUInt16LE(42),
    nextRecordId: Number(bytes.readBigUInt64LE(24)),
    minorVersion: bytes.readUInt16LE(36),
    majorVersion: bytes.readUInt16LE(38),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    problem,
  };
}

export interface ChunkHeader {
  firstRecordId: number;
  lastRecordId: number;
  /** Offset (in the chunk) where the records end and free space begins. */
  freeSpaceOffset: number;
  recordsChecksum: number;
}

export type ChunkHeaderCheck =
  | { kind: 'chunk'; header: ChunkHeader }
  /** All zeros: space the log has not used yet. */
  | { kind: 'unused' }
  | { kind: 'bad'; reason: string; claimedRecords: string };

function isAllZero(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The records a damaged header claims, for the message: "records 100-190", or "" when even that is implausible. */
function claimedRecords(chunk: Buffer): string {
  const first = Number(chunk.readBigUInt64LE(24));
  const last = Number(chunk.readBigUInt64LE(32));
  return first >= 1 && last >= first && last - first < CHUNK_BYTES ? `records ${first}-${last}` : '';
}

/** Checks a chunk's signature, header checksum and offsets. */
export function checkChunkHeader(chunk: Buffer): ChunkHeaderCheck {
  if (chunk.length < CHUNK_BYTES) {
    return isAllZero(chunk) ? { kind: 'unused' } : { kind: 'bad', reason: `the file ends ${chunk.length} bytes into the chunk`, claimedRecords: '' };
  }
  if (chunk.toString('latin1', 0, 8) !== CHUNK_SIGNATURE) {
    return isAllZero(chunk) ? { kind: 'unused' } : { kind: 'bad', reason: 'no chunk signature "ElfChnk"', claimedRecords: '' };
  }
  const stored = chunk.readUInt32LE(124);
  const computed = crc32(chunk.subarray(128, CHUNK_HEADER_BYTES), crc32(chunk.subarray(0, 120)));
  if (stored !== computed) {
    return { kind: 'bad', reason: `chunk header checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)})`, claimedRecords: claimedRecords(chunk) };
  }
  const freeSpaceOffset = chunk.readUInt32LE(48);
  if (freeSpaceOffset < CHUNK_HEADER_BYTES || freeSpaceOffset > CHUNK_BYTES) {
    return { kind: 'bad', reason: `chunk header gives free space at ${hex(freeSpaceOffset)}, outside the chunk`, claimedRecords: claimedRecords(chunk) };
  }
  return {
    kind: 'chunk',
    header: {
      firstRecordId: Number(chunk.readBigUInt64LE(24)),
      lastRecordId: Number(chunk.readBigUInt64LE(32)),
      freeSpaceOffset,
      recordsChecksum: chunk.readUInt32LE(52),
    },
  };
}
