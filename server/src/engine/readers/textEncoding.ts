// The encoding of a text log, from its first bytes: UTF-8 (with or without a byte-order mark), or
// UTF-16 as Windows PowerShell writes it (`Out-File`, `>`: little-endian with a BOM), big-endian with
// a BOM, or little-endian without one. UTF-16 is decoded to UTF-8 as it streams, so every text
// format reads it unchanged and its lines keep their numbers.
import { TextDecoder } from 'node:util';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface EncodingDecision {
  encoding: TextEncoding;
  /** Bytes of the byte-order mark at the start (not text). */
  bom: number;
}

/**
 * The encoding from the first bytes; undefined while fewer than four are in and more may come
 * (`final`: nothing more will). UTF-16LE without a BOM is recognised by its first two characters
 * being ASCII, each followed by a zero byte (`<\0E\0`, `{\0"\0`, `\r\0\n\0`): UTF-8 text never holds
 * a zero byte there.
 */
export function textEncodingOf(head: Buffer, final: boolean): EncodingDecision | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (head.length < 4 && !final) return undefined;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  const asciiThenZero = (at: number) => head[at] !== 0 && head[at] < 0x80 && head[at + 1] === 0;
  if (head.length >= 4 ? asciiThenZero(0) && asciiThenZero(2) : head.length === 2 && asciiThenZero(0)) return { encoding: 'utf-16le', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * UTF-16 bytes in any chunking to UTF-8 bytes: a code unit or a surrogate pair split between two
 * chunks is held until its other half comes. An unpaired surrogate or an odd last byte becomes
 * U+FFFD, as invalid UTF-8 does.
 */
export class Utf16Decoder {
  private readonly decoder: TextDecoder;

  constructor(encoding: 'utf-16le' | 'utf-16be') {
    this.decoder = new TextDecoder(encoding);
  }

  push(bytes: Buffer): Buffer {
    return Buffer.from(this.decoder.decode(bytes, { stream: true }), 'utf8');
  }

  end(): Buffer {
    return Buffer.from(this.decoder.decode(), 'utf8');
  }
}

/** A whole text log as a string, in the encoding its first bytes show (a UTF-8 file exactly as Node reads it). */
export function decodeText(bytes: Buffer): string {
  const { encoding, bom } = textEncodingOf(bytes, true)!;
  return encoding === 'utf-8' ? bytes.toString('utf8') : new TextDecoder(encoding).decode(bytes.subarray(bom));
}
