// Substitution values (MS-EVEN6 2.2.12 "Value Types", libyal's "Value types") as the text Windows
// renders for them in an event's XML (EvtRender, what Splunk's XmlWinEventLog holds): decimal
// integers, `0x`-prefixed lower-case hex without padding for HexInt32/64 and size_t (`0x3e7`), upper-
// case hex for binary, `{XXXXXXXX-...}` GUIDs, `S-1-5-18` SIDs, and times as
// `2016-07-08T18:12:51.681640800Z` (100 ns FILETIME resolution written with nine digits, as Splunk's
// events and evtxexport show it; SYSTEMTIME to the millisecond). The text is
// returned unescaped; render.ts escapes it for where it goes. BinXml values (0x21) are rendered by
// render.ts, which owns recursion.
import { EvtxError, hex } from './errors';

export const enum ValueType {
  Null = 0x00,
  String = 0x01,
  AnsiString = 0x02,
  Int8 = 0x03,
  UInt8 = 0x04,
  Int16 = 0x05,
  UInt16 = 0x06,
  Int32 = 0x07,
  UInt32 = 0x08,
  Int64 = 0x09,
  UInt64 = 0x0a,
  Real32 = 0x0b,
  Real64 = 0x0c,
  Bool = 0x0d,
  Binary = 0x0e,
  Guid = 0x0f,
  SizeT = 0x10,
  FileTime = 0x11,
  SysTime = 0x12,
  Sid = 0x13,
  HexInt32 = 0x14,
  HexInt64 = 0x15,
  EvtHandle = 0x20,
  BinXml = 0x21,
  EvtXml = 0x23,
}

/** The array bit: type | 0x80 is an array of that type, rendered by repeating the enclosing element. */
export const ARRAY_FLAG = 0x80;

/** Bytes of one item of a fixed-size type (0 for variable-size types). */
function fixedWidth(type: number): number {
  switch (type) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1;
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2;
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4;
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
    case ValueType.EvtHandle:
      return 8;
    case ValueType.Guid:
    case ValueType.SysTime:
      return 16;
    default:
      return 0;
  }
}

const TWO_POW_32 = 4294967296;

function uint64Text(bytes: Buffer, at: number): string {
  const high = bytes.readUInt32LE(at + 4);
  // Below 2^53 a double is exact; past it, BigInt.
  return high < 0x200000 ? String(high * TWO_POW_32 + bytes.readUInt32LE(at)) : bytes.readBigUInt64LE(at).toString();
}

function int64Text(bytes: Buffer, at: number): string {
  const high = bytes.readInt32LE(at + 4);
  return high < 0x200000 && high >= -0x200000 ? String(high * TWO_POW_32 + bytes.readUInt32LE(at)) : bytes.readBigInt64LE(at).toString();
}

function hex32Text(bytes: Buffer, at: number): string {
  return `0x${bytes.readUInt32LE(at).toString(16)}`;
}

function hex64Text(bytes: Buffer, at: number): string {
  const high = bytes.readUInt32LE(at + 4);
  const low = bytes.readUInt32LE(at).toString(16);
  return high === 0 ? `0x${low}` : `0x${high.toString(16)}${low.padStart(8, '0')}`;
}

/** Upper-case hex of each byte value. */
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function guidText(bytes: Buffer, at: number): string {
  // Data1-3 are little-endian integers, data4 8 bytes in order: {33221100-5544-7766-8899-AABBCCDDEEFF}.
  const h = (i: number): string => HEX_BYTE[bytes[at + i]];
  return `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`;
}

/** FILETIME (100 ns ticks since 1601-01-01 UTC) as `YYYY-MM-DDThh:mm:ss.fffffff00Z`, exactly (no double rounding). */
export function fileTimeText(bytes: Buffer, at: number): string {
  const high = bytes.readUInt32LE(at + 4);
  const low = bytes.readUInt32LE(at);
  // ticks mod 10^7 from the two halves (2^32 mod 10^7 = 4967296): every product stays below 2^53.
  const ticks = ((high % 10_000_000) * 4_967_296 + low) % 10_000_000;
  const seconds = Math.round((high * TWO_POW_32 + low - ticks) / 10_000_000);
  return `${dateTimeText(seconds)}.${String(ticks).padStart(7, '0')}00Z`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * `YYYY-MM-DDThh:mm:ss` of a count of seconds since 1601-01-01 UTC, by arithmetic (the days-to-civil
 * conversion of the proleptic Gregorian calendar): cheaper than a Date per value, and exact for
 * every FILETIME (years up to 30828).
 */
function dateTimeText(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const secondOfDay = seconds - days * 86400;
  // Days since 0000-03-01, in 400-year eras of 146097 days (1601-01-01 is day 584694 of them).
  const z = days + 584694;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(secondOfDay % 60)}`;
}

/**
 * SYSTEMTIME (year, month, weekday, day, hour, minute, second, milliseconds: eight 16-bit fields),
 * to the millisecond it holds, as libevtx writes it (`2017-04-21T10:41:18.000Z`).
 */
function systemTimeText(bytes: Buffer, at: number): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const year = String(bytes.readUInt16LE(at)).padStart(4, '0');
  const date = `${year}-${two(bytes.readUInt16LE(at + 2))}-${two(bytes.readUInt16LE(at + 6))}`;
  const time = `${two(bytes.readUInt16LE(at + 8))}:${two(bytes.readUInt16LE(at + 10))}:${two(bytes.readUInt16LE(at + 12))}`;
  return `${date}T${time}.${String(bytes.readUInt16LE(at + 14)).padStart(3, '0')}Z`;
}

/** A SID's length from its header (revision, sub-authority count, 6-byte authority, 4 bytes per sub-authority). */
function sidLength(bytes: Buffer, at: number): number {
  return 8 + bytes[at + 1] * 4;
}

function sidText(bytes: Buffer, at: number): string {
  const count = bytes[at + 1];
  // The identifier authority is 48-bit big-endian; SDDL writes it in hex when it does not fit 32 bits.
  const authority = bytes.readUIntBE(at + 2, 6);
  let text = `S-${bytes[at]}-${authority < TWO_POW_32 ? authority : `0x${authority.toString(16).toUpperCase().padStart(12, '0')}`}`;
  for (let i = 0; i < count; i++) text += `-${bytes.readUInt32LE(at + 8 + i * 4)}`;
  return text;
}

function realText(value: number): string {
  // Windows writes infinities and NaN the C runtime's way.
  if (Number.isNaN(value)) return '-1.#IND';
  if (value === Infinity) return '1.#INF';
  if (value === -Infinity) return '-1.#INF';
  return String(value);
}

// Windows-1252 for 0x80-0x9F (where it differs from Latin-1): ANSI strings' usual code page.
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function ansiText(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString('latin1', start, end);
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : text;
}

/** A string value ends at its first NUL when it has one (writers often store the terminator). */
function untilNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/** The text of one value of a scalar type (not BinXml, not an array) stored in `size` bytes at `at`. */
export function scalarText(bytes: Buffer, type: number, at: number, size: number): string {
  const width = fixedWidth(type);
  if (width > 0 && size !== width && !(type === ValueType.Bool && (size === 1 || size === 2)) && !(type === ValueType.EvtHandle && size === 4)) {
    throw new EvtxError(`value of type ${hex(type)} is ${size} bytes instead of ${width}`, at);
  }
  switch (type) {
    case ValueType.Null:
      return '';
    case ValueType.String:
    case ValueType.EvtXml:
      return untilNul(bytes.toString('utf16le', at, at + size));
    case ValueType.AnsiString:
      return untilNul(ansiText(bytes, at, at + size));
    case ValueType.Int8:
      return String(bytes.readInt8(at));
    case ValueType.UInt8:
      return String(bytes[at]);
    case ValueType.Int16:
      return String(bytes.readInt16LE(at));
    case ValueType.UInt16:
      return String(bytes.readUInt16LE(at));
    case ValueType.Int32:
      return String(bytes.readInt32LE(at));
    case ValueType.UInt32:
      return String(bytes.readUInt32LE(at));
    case ValueType.Int64:
      return int64Text(bytes, at);
    case ValueType.UInt64:
      return uint64Text(bytes, at);
    case ValueType.Real32:
      return realText(bytes.readFloatLE(at));
    case ValueType.Real64:
      return realText(bytes.readDoubleLE(at));
    case ValueType.Bool:
      return bytes.readUIntLE(at, size) !== 0 ? 'true' : 'false';
    case ValueType.Binary:
      return bytes.toString('hex', at, at + size).toUpperCase();
    case ValueType.Guid:
      return guidText(bytes, at);
    case ValueType.SizeT:
      if (size === 4) return hex32Text(bytes, at);
      if (size === 8) return hex64Text(bytes, at);
      throw new EvtxError(`size_t value of ${size} bytes instead of 4 or 8`, at);
    case ValueType.FileTime:
      return fileTimeText(bytes, at);
    case ValueType.SysTime:
      return systemTimeText(bytes, at);
    case ValueType.Sid:
      if (size < 8 || sidLength(bytes, at) > size) throw new EvtxError(`SID of ${size} bytes is shorter than its ${size < 8 ? 8 : sidLength(bytes, at)}-byte header says`, at);
      return sidText(bytes, at);
    case ValueType.HexInt32:
      return hex32Text(bytes, at);
    case ValueType.HexInt64:
      return hex64Text(bytes, at);
    case ValueType.EvtHandle:
      // A handle only has meaning in the process that logged it; written as an unsigned integer.
      return size === 4 ? String(bytes.readUInt32LE(at)) : uint64Text(bytes, at);
    default:
      throw new EvtxError(`unknown value type ${hex(type)}`, at);
  }
}

/** Splits NUL-terminated strings; the final terminator ends the last item rather than starting an empty one. */
function splitStrings(text: string): string[] {
  const items = text.split('\0');
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  return items;
}

/**
 * The items of an array value (`type` without the array bit), each as its scalar text. String
 * arrays are NUL-separated; SIDs follow one another; other types have a fixed width. Binary arrays
 * have no item boundaries in the format, so the whole value is one item.
 */
export function arrayItems(bytes: Buffer, type: number, at: number, size: number): string[] {
  switch (type) {
    case ValueType.String:
    case ValueType.EvtXml:
      return splitStrings(bytes.toString('utf16le', at, at + size));
    case ValueType.AnsiString:
      return splitStrings(ansiText(bytes, at, at + size));
    case ValueType.Binary:
      return [scalarText(bytes, type, at, size)];
    case ValueType.Sid: {
      const items: string[] = [];
      for (let pos = at; pos < at + size; ) {
        if (pos + 8 > at + size || pos + sidLength(bytes, pos) > at + size) throw new EvtxError(`SID array item runs past its ${size}-byte value`, pos);
        items.push(sidText(bytes, pos));
        pos += sidLength(bytes, pos);
      }
      return items;
    }
    case ValueType.SizeT: {
      // size_t arrays come from 64-bit writers in practice; a size that 8 does not divide is 32-bit.
      const width = size % 8 === 0 ? 8 : 4;
      return fixedItems(bytes, width === 8 ? ValueType.HexInt64 : ValueType.HexInt32, width, at, size);
    }
    default: {
      const width = fixedWidth(type);
      if (width === 0) throw new EvtxError(`arrays of value type ${hex(type)} are not defined`, at);
      return fixedItems(bytes, type, width, at, size);
    }
  }
}

function fixedItems(bytes: Buffer, type: number, width: number, at: number, size: number): string[] {
  if (size % width !== 0) throw new EvtxError(`array of ${size} bytes is not a whole number of ${width}-byte items`, at);
  const items = new Array<string>(size / width);
  for (let i = 0; i < items.length; i++) items[i] = scalarText(bytes, type, at + i * width, width);
  return items;
}

const CONTENT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>'"]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };

/** Element text as EvtRender writes it: `&`, `<`, `>` escaped, quotes as they are. */
export function escapeContent(text: string): string {
  return CONTENT_SPECIAL.test(text) ? text.replace(/[&<>]/g, (c) => ESCAPES[c]) : text;
}

/** An attribute value inside single quotes: quotes escaped too. */
export function escapeAttribute(text: string): string {
  return ATTRIBUTE_SPECIAL.test(text) ? text.replace(/[&<>'"]/g, (c) => ESCAPES[c]) : text;
}
