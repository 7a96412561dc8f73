// Editing a real .evtx file's bytes for damage tests: the offsets of its parts, and checksums made
// right again after an edit (so that a test reaches the parser behind them instead of the check).
import { crc32 } from '../../server/src/engine/readers/evtx/crc32';
import { CHUNK_BYTES, CHUNK_HEADER_BYTES, FILE_HEADER_BYTES } from '../../server/src/engine/readers/evtx/limits';

export function chunkOffset(index: number): number {
  return FILE_HEADER_BYTES + index * CHUNK_BYTES;
}

/** File offsets of the records of chunk `index`, in order, with their identifiers. */
export function recordsOf(bytes: Buffer, index: number): { offset: number; record: number; size: number }[] {
  const start = chunkOffset(index);
  const free = bytes.readUInt32LE(start + 48);
  const records: { offset: number; record: number; size: number }[] = [];
  for (let at = start + CHUNK_HEADER_BYTES; at < start + free; ) {
    const size = bytes.readUInt32LE(at + 4);
    records.push({ offset: at, record: Number(bytes.readBigUInt64LE(at + 8)), size });
    at += size;
  }
  return records;
}

/** Recomputes the file header's and every whole chunk's checksums, in place. */
export function fixChecksums(bytes: Buffer): Buffer {
  bytes.writeUInt32LE(crc32(bytes.subarray(0, 120)), 124);
  for (let start = FILE_HEADER_BYTES; start + CHUNK_BYTES <= bytes.length; start += CHUNK_BYTES) {
    if (bytes.toString('latin1', start, start + 8) !== 'ElfChnk\0') continue;
    const free = bytes.readUInt32LE(start + 48);
    if (free >= CHUNK_HEADER_BYTES && free <= CHUNK_BYTES) bytes.writeUInt32LE(crc32(bytes.subarray(start + CHUNK_HEADER_BYTES, start + free)), start + 52);
    bytes.writeUInt32LE(crc32(bytes.subarray(start + 128, start + CHUNK_HEADER_BYTES), crc32(bytes.subarray(start, start + 120))), start + 124);
  }
  return bytes;
}
