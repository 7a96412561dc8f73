// CRC-32 as RFC 1952 defines it (initial value 0), the checksum of the file header, of each chunk
// header and of each chunk's event records. Node's zlib.crc32 (20.15 and later) when present, else a
// table; both give the same values.
import * as zlib from 'node:zlib';

function makeTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const TABLE = makeTable();

/** CRC-32 of `bytes`, continuing from `previous` (the CRC of the bytes before them). */
export function crc32Table(bytes: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export const crc32: (bytes: Uint8Array, previous?: number) => number = native ? (bytes, previous = 0) => native(bytes, previous) : crc32Table;
