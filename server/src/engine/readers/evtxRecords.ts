// The rendered text of records a run named, read again from their files: for the CLI's table (each
// result with its events) and the editor, which opens an event of an .evtx log as a read-only
// document (there is no text line to open). Each chunk is read and rendered once, whatever the
// number of its records asked for.
import { closeSync, openSync, readSync } from 'node:fs';
import { readChunk } from './evtx/chunk';
import { CHUNK_BYTES, DEFAULT_EVTX_LIMITS, FILE_HEADER_BYTES } from './evtx/limits';
import { describeRecord, type RecordPosition } from '../../text/logPosition';

/** The key of a record in `readRecordTexts`' answer. */
export function recordKey(position: RecordPosition): string {
  return `${position.file ?? ''}\0${position.offset}`;
}

/**
 * The XmlWinEventLog text of each record (by `recordKey`), rendered again from its chunk. A record
 * that is no longer there (the file changed since the run: another record at its offset, or none; the
 * file cannot be read) is left out.
 */
export function readRecordTexts(positions: readonly RecordPosition[]): Map<string, string> {
  const texts = new Map<string, string>();
  /** Per chunk to read: the record expected at each offset. */
  const chunks = new Map<string, { file: string; chunk: number; offsets: Map<number, number> }>();
  for (const position of positions) {
    if (position.file === undefined) continue;
    const key = `${position.file}\0${position.chunk}`;
    const entry = chunks.get(key) ?? chunks.set(key, { file: position.file, chunk: position.chunk, offsets: new Map() }).get(key)!;
    entry.offsets.set(position.offset, position.record);
  }
  const bytes = Buffer.alloc(CHUNK_BYTES);
  for (const { file, chunk, offsets } of chunks.values()) {
    const start = FILE_HEADER_BYTES + chunk * CHUNK_BYTES;
    let read: number;
    try {
      const fd = openSync(file, 'r');
      try {
        read = readSync(fd, bytes, 0, CHUNK_BYTES, start);
      } finally {
        closeSync(fd);
      }
    } catch {
      continue;
    }
    for (const item of readChunk(bytes.subarray(0, read), chunk, start, DEFAULT_EVTX_LIMITS, true)) {
      if (item.kind === 'event' && offsets.get(item.offset) === item.record) texts.set(recordKey({ file, record: item.record, chunk, offset: item.offset }), item.xml);
    }
  }
  return texts;
}

/**
 * A record as a document to read: where it is, then its XML one element a line (the event's `_raw`
 * is the same XML on one line). Undefined when the record cannot be read again.
 */
export function recordDocument(position: RecordPosition): string | undefined {
  const xml = readRecordTexts([position]).get(recordKey(position));
  if (xml === undefined) return undefined;
  const where = `${describeRecord(position)} at offset 0x${position.offset.toString(16)}`;
  return `<!-- ${where.replace(/--/g, '- -')}, indented to read: the event's _raw is this XML as rendered, without the indentation -->\n${indentXml(xml)}\n`;
}

/** Tags, comments, CDATA and processing instructions (a `>` inside a quoted attribute value does not end a tag). */
const MARKUP = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(?:[^>'"]|'[^']*'|"[^"]*")*>/g;

/** One element a line, indented by depth; an element holding only text stays on one line with it. */
export function indentXml(xml: string): string {
  const parts: Array<{ markup: boolean; text: string }> = [];
  let at = 0;
  for (const match of xml.matchAll(MARKUP)) {
    if (match.index > at) parts.push({ markup: false, text: xml.slice(at, match.index) });
    parts.push({ markup: true, text: match[0] });
    at = match.index + match[0].length;
  }
  if (at < xml.length) parts.push({ markup: false, text: xml.slice(at) });
  const lines: string[] = [];
  let depth = 0;
  const isStart = (text: string) => /^<[^/?!]/.test(text) && !text.endsWith('/>');
  for (let i = 0; i < parts.length; i++) {
    const { markup, text } = parts[i];
    const pad = '  '.repeat(depth);
    if (!markup) {
      if (text.trim() !== '') lines.push(pad + text.trim());
    } else if (text.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push('  '.repeat(depth) + text);
    } else if (isStart(text) && parts[i + 1]?.markup === false && parts[i + 2]?.text.startsWith('</')) {
      lines.push(pad + text + parts[i + 1].text + parts[i + 2].text);
      i += 2;
    } else if (isStart(text) && parts[i + 1]?.text.startsWith('</')) {
      lines.push(pad + text + parts[i + 1].text);
      i += 1;
    } else {
      lines.push(pad + text);
      if (isStart(text)) depth++;
    }
  }
  return lines.join('\n');
}
