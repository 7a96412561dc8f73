// Writes BinXml records into a real .evtx file's first chunk, for the parts of the format the six
// real files do not hold (CDATA, processing instructions, entity and character references, arrays,
// optional substitutions whose value is NULL ...). Names and the template definition are stored
// inline, as Windows stores them the first time a chunk uses them.
import { CHUNK_HEADER_BYTES, FILE_HEADER_BYTES } from '../../server/src/engine/readers/evtx/limits';
import { fixChecksums } from './evtxBytes';

/** A node of the template to write. */
export type Node =
  | { element: string; attributes?: [string, Part[]][]; children?: Node[] }
  | Part
  | { cdata: string }
  | { pi: string; data: string };

export type Part = { text: string } | { sub: number; optional?: boolean } | { entity: string } | { charRef: number };

/** A substitution value: its type and bytes. */
export interface Value {
  type: number;
  bytes: Buffer;
}

class Writer {
  readonly out: number[] = [];

  constructor(private readonly base: number) {}

  get at(): number {
    return this.base + this.out.length;
  }

  u8(value: number): void {
    this.out.push(value & 0xff);
  }

  u16(value: number): void {
    this.out.push(value & 0xff, (value >> 8) & 0xff);
  }

  u32(value: number): void {
    this.u16(value & 0xffff);
    this.u16(value >>> 16);
  }

  utf16(text: string): void {
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i));
  }

  /** A name stored inline: its offset points just past itself. */
  name(name: string): void {
    this.u32(this.at + 4);
    this.u32(0);
    this.u16(0);
    this.u16(name.length);
    this.utf16(name);
    this.u16(0);
  }

  part(part: Part): void {
    if ('text' in part) {
      this.u8(0x05);
      this.u8(0x01);
      this.u16(part.text.length);
      this.utf16(part.text);
    } else if ('sub' in part) {
      this.u8(part.optional ? 0x0e : 0x0d);
      this.u16(part.sub);
      this.u8(0x01);
    } else if ('entity' in part) {
      this.u8(0x09);
      this.name(part.entity);
    } else {
      this.u8(0x08);
      this.u16(part.charRef);
    }
  }

  node(node: Node): void {
    if ('element' in node) {
      const attributes = node.attributes ?? [];
      this.u8(attributes.length > 0 ? 0x41 : 0x01);
      this.u16(0xffff);
      this.u32(0); // data size: not read
      this.name(node.element);
      if (attributes.length > 0) {
        this.u32(0); // attribute list size: not read
        attributes.forEach(([name, parts], i) => {
          this.u8(i < attributes.length - 1 ? 0x46 : 0x06);
          this.name(name);
          for (const part of parts) this.part(part);
        });
      }
      if (node.children === undefined) {
        this.u8(0x03);
        return;
      }
      this.u8(0x02);
      for (const child of node.children) this.node(child);
      this.u8(0x04);
    } else if ('cdata' in node) {
      this.u8(0x07);
      this.u16(node.cdata.length);
      this.utf16(node.cdata);
    } else if ('pi' in node) {
      this.u8(0x0a);
      this.name(node.pi);
      this.u8(0x0b);
      this.u16(node.data.length);
      this.utf16(node.data);
    } else {
      this.part(node);
    }
  }
}

/** The BinXml of one record: a template instance with its definition inline, then its values. */
function recordBinXml(base: number, template: Node, values: Value[]): number[] {
  const w = new Writer(base);
  w.out.push(0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01);
  w.u32(0x1234);
  w.u32(w.at + 4);
  // Definition: next offset, GUID, size, then fragment header, element, end of file.
  const body = new Writer(w.at + 24 + 4);
  body.node(template);
  body.u8(0x00);
  w.u32(0);
  for (let i = 0; i < 16; i++) w.u8(i);
  w.u32(4 + body.out.length);
  w.out.push(0x0f, 0x01, 0x01, 0x00, ...body.out);
  w.u32(values.length);
  for (const value of values) {
    w.u16(value.bytes.length);
    w.u8(value.type);
    w.u8(0);
  }
  for (const value of values) w.out.push(...value.bytes);
  w.u8(0x00);
  return w.out;
}

/**
 * `real` (an .evtx file) with its first chunk's records replaced by one record per template, record
 * identifiers from 1, checksums made right. The rest of the file is cut off.
 */
export function withRecords(real: Buffer, records: { template: Node; values: Value[] }[]): Buffer {
  const bytes = Buffer.from(real.subarray(0, FILE_HEADER_BYTES + 65536));
  const chunk = FILE_HEADER_BYTES;
  let at = CHUNK_HEADER_BYTES;
  records.forEach((record, i) => {
    const binxml = recordBinXml(at + 24, record.template, record.values);
    const size = 24 + binxml.length + 4;
    bytes.writeUInt32LE(0x2a2a, chunk + at);
    bytes.writeUInt32LE(size, chunk + at + 4);
    bytes.writeBigUInt64LE(BigInt(i + 1), chunk + at + 8);
    bytes.writeBigUInt64LE(0n, chunk + at + 16);
    Buffer.from(binxml).copy(bytes, chunk + at + 24);
    bytes.writeUInt32LE(size, chunk + at + size - 4);
    at += size;
  });
  bytes.writeBigUInt64LE(1n, chunk + 8);
  bytes.writeBigUInt64LE(BigInt(records.length), chunk + 16);
  bytes.writeBigUInt64LE(1n, chunk + 24);
  bytes.writeBigUInt64LE(BigInt(records.length), chunk + 32);
  bytes.writeUInt32LE(at, chunk + 48);
  bytes.fill(0, chunk + at, chunk + 65536);
  bytes.writeUInt16LE(1, 42); // the header lists one chunk
  return fixChecksums(bytes);
}
