import type { LogEvent } from '../event';
import { ReadContext, type Assembler } from './context';
import { CsvAssembler } from './csvAssembler';
import { detectFormat, EVTX_SIGNATURE_BYTES, FORMAT_SAMPLE_LINES, isEvtx } from './detect';
import { EvtxEvents, type EventNumbering } from './evtxEvents';
import { RecordPositions } from './evtxPositions';
import { JsonProblem, flattenJson } from './jsonFlatten';
import { KeyPositions, TopLevelNames, readJsonEvent, type JsonTopLevel } from './jsonTopLevel';
import { LineSplitter, type RawLineGate } from './lineSplitter';
import { TextAssembler } from './textAssembler';
import { textEncodingOf, Utf16Decoder } from './textEncoding';
import { parseEpoch, parseTimestamp } from './timestamps';
import { emptyStats, type ReaderStats, type ReadOptions, type TextLogFormat } from './types';
import { XmlAssembler } from './xmlAssembler';
import { firstValue, type FieldMap } from '../event';

/** JSON keys tried in order for `_time` (first present and parseable wins). */
export const JSON_TIME_FIELDS = [
  '_time', 'timestamp', '@timestamp', 'time', 'eventTime', 'eventTimestamp', 'CreationTime', 'createdDateTime',
  'requestReceivedTimestamp', 'published', 'EventTime', 'UtcTime', 'CreatedAt', 'job_time', 'id.time', 'unixTime', 'date',
];

const TIME_NAMES = new TopLevelNames(JSON_TIME_FIELDS);

const parseTime = (value: string): number | undefined => parseTimestamp(value) ?? parseEpoch(value);

/** The time of an event: the first value of the first time field (JSON_TIME_FIELDS order) that parses. */
function jsonTime(valueOf: (name: string) => string | undefined): number | undefined {
  for (const name of JSON_TIME_FIELDS) {
    const value = valueOf(name);
    if (value === undefined) continue;
    const time = parseTime(value);
    if (time !== undefined) return time;
  }
  return undefined;
}

class JsonAssembler implements Assembler {
  /** Member offsets of the line being checked, reused from line to line. */
  private readonly scratch: number[] = [];
  private readonly positions = new KeyPositions();

  constructor(private readonly ctx: ReadContext) {}

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    if (text.trim().length === 0 || !this.ctx.accepts(text)) return;
    if (this.ctx.options.eagerJson) return this.eager(text, line, byteStart, byteEnd);
    let event: JsonTopLevel;
    try {
      event = readJsonEvent(text, this.scratch, this.positions);
    } catch (error) {
      this.problem(line, error);
      return;
    }
    const time = event.firstParsed(text, TIME_NAMES, parseTime);
    if (time !== false) this.ctx.emit(text, time, line, line, byteStart, byteEnd, event);
    else this.eager(text, line, byteStart, byteEnd);
  }

  /** Flattens the event now (the line is known to be JSON, or is checked by flattening). */
  private eager(text: string, line: number, byteStart: number, byteEnd: number): void {
    let fields: FieldMap;
    try {
      fields = flattenJson(text);
    } catch (error) {
      this.problem(line, error);
      return;
    }
    this.ctx.emit(text, jsonTime((name) => firstValue(fields.get(name))), line, line, byteStart, byteEnd, fields);
  }

  private problem(line: number, error: unknown): void {
    const reason = error instanceof JsonProblem ? `${error.message} at column ${error.offset + 1}` : String(error);
    this.ctx.unparsed(line, `invalid JSON: ${reason}`);
  }

  /** A line starting with a printable non-space character is not blank: one event. */
  standsAlone(latin1: string): boolean {
    const first = latin1.charCodeAt(0);
    return first > 0x20 && first < 0x7f;
  }

  end(): void {}
}

function assemblerFor(format: TextLogFormat, ctx: ReadContext): Assembler {
  switch (format) {
    case 'xml':
      return new XmlAssembler(ctx);
    case 'json':
      return new JsonAssembler(ctx);
    case 'csv':
      return new CsvAssembler(ctx);
    case 'text':
      return new TextAssembler(ctx);
  }
}

/** The fast path on raw bytes, when the filter can scan them and the format tells events from bytes. */
function rawGate(assembler: Assembler, ctx: ReadContext): RawLineGate | undefined {
  const filter = ctx.options.lineFilter;
  if (!filter?.rawBytes || !assembler.standsAlone) return undefined;
  const standsAlone = assembler.standsAlone.bind(assembler);
  return (bytes, from, to) => {
    const latin1 = bytes.toString('latin1', from, to);
    if (filter(latin1) || !standsAlone(latin1)) return false;
    ctx.stats.eventsFiltered++;
    return true;
  };
}

/** Bytes held back at most to decide the format (FORMAT_SAMPLE_LINES lines, or what fits). */
const HEAD_LIMIT = 1024 * 1024;

/** The non-blank lines of the head found so far, with where the scan stopped (the head only grows). */
interface HeadSample {
  lines: Array<{ text: string; line: number }>;
  /** Byte offset of the next line's start, and its 1-based number. */
  at: number;
  line: number;
}

/** Lines before the CSV header are not records of the table: each is counted and reported. */
class AfterHeader implements Assembler {
  constructor(
    private readonly csv: Assembler,
    private readonly headerLine: number,
    private readonly ctx: ReadContext,
  ) {}

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    if (line >= this.headerLine) this.csv.line(text, line, byteStart, byteEnd);
    else if (text.trim().length > 0) this.ctx.unparsed(line, `text above the CSV header (line ${this.headerLine}): ${JSON.stringify(text.trim().slice(0, 60))}`);
  }

  end(): void {
    this.csv.end();
  }
}

/** What the pipelines reading one log share: a folder of .evtx files is read one pipeline per file. */
export interface PipelineShares {
  stats?: ReaderStats;
  /** The file read (named in the positions of an .evtx file's events and problems). */
  file?: string;
  /** Numbers the events of .evtx files on from file to file. */
  numbering?: EventNumbering;
  /** A folder's file: read only when it is an .evtx file (anything else is reported and skipped). */
  evtxOnly?: boolean;
}

/**
 * The synchronous core of every reader: bytes in (in any chunking), events out. Holds at most one
 * line, one pending multi-line event and the events of the current chunk (of an .evtx file: one
 * 64 KiB chunk).
 */
export class EventPipeline {
  readonly stats: ReaderStats;
  /** Where the events of an .evtx file are (unused for a text log). */
  readonly records: RecordPositions;
  private readonly ctx: ReadContext;
  private head: Buffer[] = [];
  private headBytes = 0;
  private splitter: LineSplitter | undefined;
  private assembler: Assembler | undefined;
  private evtx: EvtxEvents | undefined;
  /** Decodes UTF-16 text to UTF-8 before the lines are split. */
  private utf16: Utf16Decoder | undefined;
  /** Where the text starts in the (decoded) bytes, once the encoding is known: past a UTF-8 byte-order mark. */
  private textStart: number | undefined;
  private unsupported = false;
  private sample: HeadSample | undefined;

  constructor(
    options: ReadOptions = {},
    private readonly shares: PipelineShares = {},
  ) {
    this.stats = shares.stats ?? emptyStats();
    this.records = options.records ?? new RecordPositions();
    this.ctx = new ReadContext(options, this.stats);
  }

  push(chunk: Buffer): LogEvent[] {
    this.stats.bytesRead += chunk.length;
    if (this.unsupported) return [];
    if (this.evtx) this.evtx.push(chunk);
    else this.text(this.utf16 ? this.utf16.push(chunk) : chunk, false);
    return this.ctx.takeEvents();
  }

  end(): LogEvent[] {
    if (!this.unsupported && !this.evtx) {
      const rest = this.utf16?.end();
      if (this.splitter) {
        if (rest && rest.length > 0) this.splitter.push(rest);
      } else this.text(rest ?? Buffer.alloc(0), true);
    }
    this.evtx?.end();
    if (this.splitter) {
      this.splitter.end();
      this.stats.linesRead = this.splitter.linesSeen;
    }
    this.assembler?.end();
    return this.ctx.takeEvents();
  }

  /** A folder's entry that is not read at all (a link out of the folder, not a regular file): reported. */
  refuse(reason: string): void {
    this.unsupported = true;
    this.ctx.problem(0, reason, this.shares.file !== undefined ? { file: this.shares.file } : undefined);
  }

  private text(bytes: Buffer, atEnd: boolean): void {
    if (this.splitter) this.splitter.push(bytes);
    else {
      if (bytes.length > 0) {
        this.head.push(bytes);
        this.headBytes += bytes.length;
      }
      this.tryStart(atEnd);
    }
    if (this.splitter) this.stats.linesRead = this.splitter.linesSeen;
  }

  /**
   * Starts reading once the kind of log is known: an .evtx file by its signature; else text, in the
   * encoding its first bytes show, split into lines once the format is known: from the first
   * FORMAT_SAMPLE_LINES non-blank lines, or what HEAD_LIMIT bytes hold, or the whole input when it
   * is shorter.
   */
  private tryStart(atEnd: boolean): void {
    let head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head, this.headBytes);
    this.head = [head];
    if (this.textStart === undefined) {
      if (head.length < EVTX_SIGNATURE_BYTES && !atEnd) return;
      if (isEvtx(head)) return this.startEvtx(head);
      if (this.shares.evtxOnly) {
        this.head = [];
        return this.refuse('not an .evtx file (it does not start with the signature "ElfFile"): not read');
      }
      const { encoding, bom } = textEncodingOf(head, true)!;
      if (encoding === 'utf-8') this.textStart = bom;
      else {
        this.utf16 = new Utf16Decoder(encoding);
        const decoded = this.utf16.push(head.subarray(bom));
        head = atEnd ? Buffer.concat([decoded, this.utf16.end()]) : decoded;
        this.head = [head];
        this.headBytes = head.length;
        this.textStart = 0;
      }
    }
    const start = this.textStart;
    const sample = this.sampleHead(head, start, atEnd || this.headBytes >= HEAD_LIMIT);
    if (!sample) return;
    let format = this.ctx.options.format;
    let headerLine = 1;
    if (format === undefined) {
      const decision = detectFormat(sample.lines.map((l) => l.text));
      format = decision.format;
      headerLine = sample.lines[decision.header]?.line ?? 1;
    }
    this.stats.format = format;
    const assembler = headerLine > 1 ? new AfterHeader(assemblerFor(format, this.ctx), headerLine, this.ctx) : assemblerFor(format, this.ctx);
    this.assembler = assembler;
    const maxLineBytes = this.ctx.options.maxLineBytes ?? 64 * 1024 * 1024;
    this.splitter = new LineSplitter(
      (text, line, byteStart, byteEnd) => assembler.line(text, line, byteStart, byteEnd),
      maxLineBytes,
      (line, bytes) => this.ctx.unparsed(line, `line of ${bytes} bytes exceeds the ${maxLineBytes}-byte limit; skipped`),
      start,
      rawGate(assembler, this.ctx),
    );
    this.head = [];
    this.headBytes = 0;
    this.sample = undefined;
    this.splitter.push(start === 0 ? head : head.subarray(start));
  }

  private startEvtx(head: Buffer): void {
    this.stats.format = 'evtx';
    this.evtx = new EvtxEvents(this.ctx, this.shares.file, this.records, this.shares.numbering ?? { next: 1 });
    this.head = [];
    this.headBytes = 0;
    this.evtx.push(head);
  }

  /**
   * The head's first FORMAT_SAMPLE_LINES non-blank lines, scanning on from where the last call
   * stopped; undefined while more bytes may still complete the sample. When `final`, an unfinished
   * last line counts (cut at HEAD_LIMIT).
   */
  private sampleHead(head: Buffer, start: number, final: boolean): HeadSample | undefined {
    const sample = (this.sample ??= { lines: [], at: start, line: 1 });
    while (sample.lines.length < FORMAT_SAMPLE_LINES) {
      const lineEnd = head.indexOf(0x0a, sample.at);
      if (lineEnd < 0) {
        if (!final) return undefined;
        const text = head.toString('utf8', sample.at, Math.min(head.length, sample.at + HEAD_LIMIT));
        if (text.trim().length > 0) sample.lines.push({ text, line: sample.line });
        break;
      }
      const text = head.toString('utf8', sample.at, lineEnd);
      if (text.trim().length > 0) sample.lines.push({ text, line: sample.line });
      sample.at = lineEnd + 1;
      sample.line++;
    }
    return sample;
  }
}

/** Reads a whole in-memory log at once (tests, example logs, the editor's current buffer). */
export function parseLog(content: string | Buffer, options: ReadOptions = {}): { events: LogEvent[]; stats: ReaderStats } {
  const pipeline = new EventPipeline(options);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const events = pipeline.push(bytes);
  events.push(...pipeline.end());
  return { events, stats: pipeline.stats };
}
