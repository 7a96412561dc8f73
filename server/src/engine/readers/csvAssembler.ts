// CSV with a header row, e.g. a Splunk search export. A quoted cell may span lines, so a record
// is complete when its double quotes balance. Columns: `_raw` is the event text (its own fields are
// extracted from it as for a log line of that format), `_time` the timestamp, `source`,
// `sourcetype`, `host`, `index` the event's metadata (over the caller's defaults); other columns
// starting with `_` are Splunk internals and skipped; every other non-empty cell is a field, a
// cell holding line breaks a multivalue field (Splunk exports multivalue cells that way).
import { addFieldValue, type EventMetadata, type FieldMap } from '../event';
import type { Assembler, ReadContext } from './context';
import { flattenJson } from './jsonFlatten';
import { extractKeyValues } from './kv';
import { parseTimestamp } from './timestamps';
import { extractWindowsXml, windowsXmlTime } from './winXml';

/** Cells of one complete CSV record (RFC 4180: `""` inside quotes is a quote). */
export function parseCsvRecord(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function countQuotes(text: string): number {
  let n = 0;
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) n++;
  return n;
}

const HEADER_CELL = /^[A-Za-z_][A-Za-z0-9_.:{}@ -]*$/;

/** True when `line` reads as a CSV header: two or more cells, each a plausible field name. */
export function looksLikeCsvHeader(line: string): boolean {
  if (line.indexOf(',') < 0) return false;
  const cells = parseCsvRecord(line).map((c) => c.trim());
  return cells.length >= 2 && cells.every((c) => HEADER_CELL.test(c));
}

/** Fields of an embedded `_raw`, extracted as the reader would for a line of that format. */
function fieldsOfRaw(raw: string): FieldMap {
  const first = raw.trimStart()[0];
  if (first === '<') return extractWindowsXml(raw);
  if (first === '{') {
    try {
      return flattenJson(raw);
    } catch {
      return new Map();
    }
  }
  return extractKeyValues(raw);
}

const METADATA = new Set(['source', 'sourcetype', 'host', 'index']);

interface Pending {
  parts: string[];
  line: number;
  byteStart: number;
  quotes: number;
  size: number;
}

export class CsvAssembler implements Assembler {
  private header: string[] | undefined;
  private pending: Pending | undefined;
  private readonly maxEventBytes: number;

  constructor(private readonly ctx: ReadContext) {
    this.maxEventBytes = ctx.options.maxEventBytes ?? 16 * 1024 * 1024;
  }

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    let pending = this.pending;
    if (!pending) {
      if (text.length === 0) return;
      pending = { parts: [], line, byteStart, quotes: 0, size: 0 };
    }
    pending.parts.push(text);
    pending.quotes += countQuotes(text);
    pending.size += text.length + 1;
    if (pending.quotes % 2 === 1) {
      if (pending.size > this.maxEventBytes) {
        this.ctx.unparsed(pending.line, `CSV record starting on line ${pending.line} exceeds ${this.maxEventBytes} bytes (unbalanced quote?); dropped`);
        this.pending = undefined;
      } else this.pending = pending;
      return;
    }
    this.pending = undefined;
    this.record(pending.parts.join('\n'), pending.line, line, pending.byteStart, byteEnd);
  }

  end(): void {
    if (this.pending) {
      this.ctx.unparsed(this.pending.line, `CSV record starting on line ${this.pending.line} has an unclosed quote`);
      this.pending = undefined;
    }
  }

  private record(text: string, line: number, endLine: number, byteStart: number, byteEnd: number): void {
    const cells = parseCsvRecord(text);
    if (!this.header) {
      this.header = cells.map((c) => c.trim());
      return;
    }
    const header = this.header;
    if (cells.length !== header.length) {
      this.ctx.unparsed(line, `CSV record has ${cells.length} cells, the header has ${header.length}`);
      return;
    }
    const rawIndex = header.indexOf('_raw');
    const raw = rawIndex >= 0 ? cells[rawIndex] : text;
    if (!this.ctx.accepts(raw)) return;
    const timeIndex = header.indexOf('_time');
    let time = timeIndex >= 0 ? parseTimestamp(cells[timeIndex]) : undefined;
    if (time === undefined && rawIndex >= 0) time = windowsXmlTime(raw);
    let metadata: Readonly<EventMetadata> = this.ctx.metadata;
    const columns: FieldMap = new Map();
    for (let i = 0; i < header.length; i++) {
      const name = header[i];
      const value = cells[i];
      if (value.length === 0 || name.startsWith('_')) continue;
      if (METADATA.has(name)) {
        if (metadata === this.ctx.metadata) metadata = { ...metadata };
        (metadata as EventMetadata)[name as keyof EventMetadata] = value;
        continue;
      }
      if (value.indexOf('\n') < 0) columns.set(name, value);
      else for (const part of value.split('\n')) addFieldValue(columns, name, part);
    }
    const fields = rawIndex >= 0 ? (r: string): FieldMap => {
      const extracted = fieldsOfRaw(r);
      for (const [name, value] of columns) extracted.set(name, value);
      return extracted;
    } : columns;
    this.ctx.emit(raw, time, line, endLine, byteStart, byteEnd, fields, metadata);
  }
}
